/*
 * Freestanding string and memory functions.
 *
 * The kernel gets the standard names, which it needs anyway because the
 * compiler emits calls to memcpy/memset/memmove/memcmp on its own (struct
 * copies, large initialisers). The host unit tests define LIB_HOST_TEST so
 * the same code is built as lib_memcpy etc. and can be compared against
 * the C library without the two clashing.
 *
 * strcpy and strcat are deliberately absent: use strlcpy.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

#ifdef LIB_HOST_TEST
#define LIBSTR(name) lib_##name
#else
#define LIBSTR(name) name
#endif

void *LIBSTR(memcpy)(void *restrict dst, const void *restrict src, size_t n);
void *LIBSTR(memmove)(void *dst, const void *src, size_t n);
void *LIBSTR(memset)(void *dst, int c, size_t n);
int LIBSTR(memcmp)(const void *a, const void *b, size_t n);

size_t LIBSTR(strlen)(const char *s);
size_t LIBSTR(strnlen)(const char *s, size_t max);
int LIBSTR(strcmp)(const char *a, const char *b);
int LIBSTR(strncmp)(const char *a, const char *b, size_t n);
char *LIBSTR(strchr)(const char *s, int c);
char *LIBSTR(strrchr)(const char *s, int c);

/*
 * Copy src into dst (of size bytes) truncating if needed; dst is always
 * NUL-terminated when size > 0. Returns strlen(src), so truncation happened
 * iff the result is >= size.
 */
size_t LIBSTR(strlcpy)(char *dst, const char *src, size_t size);

#endif /* LIB_STRING_H */
