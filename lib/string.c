/*
 * Freestanding string and memory functions: plain byte loops, correct for
 * any alignment and overlap. An architecture may replace the memory ones
 * with tuned versions later.
 *
 * Build this with -fno-builtin and -fno-tree-loop-distribute-patterns. At
 * -O2 GCC recognises a loop like the one in memset and replaces it with a
 * call to memset, which here would call itself forever; -ffreestanding and
 * -fno-builtin alone do not stop that transformation. The attribute below
 * turns it off in the source too, so a build that forgets the flag is still
 * safe with GCC (clang does not know the attribute, nor need it as much).
 */
#include "string.h"

#if defined(__GNUC__) && !defined(__clang__)
#define NO_LIBCALL_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LIBCALL_LOOPS
#endif

NO_LIBCALL_LOOPS
/* Weak: an architecture may supply faster ones (arch/x86_64/string.S). */
__attribute__((weak)) void *LIBSTR(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALL_LOOPS
void *LIBSTR(memmove)(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Copying forwards is safe unless dst starts inside src; then go
	 * backwards so every byte is read before it is overwritten. The
	 * pointer comparison is between unrelated objects in general, which
	 * C leaves unspecified but every flat-address-space compiler does
	 * as unsigned integers.
	 */
	if (d <= s || d >= s + n) {
		while (n--)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

NO_LIBCALL_LOOPS
__attribute__((weak)) void *LIBSTR(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int LIBSTR(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

size_t LIBSTR(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t LIBSTR(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	/* Never look at s[max]: the buffer may end right there. */
	while (n < max && s[n])
		n++;
	return n;
}

/* C compares string bytes as unsigned char, whatever the signedness of char. */
int LIBSTR(strcmp)(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int LIBSTR(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			break;
	}
	return 0;
}

/* c is converted to char, and the terminator itself can be found. */
char *LIBSTR(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *LIBSTR(strrchr)(const char *s, int c)
{
	const char *found = NULL;

	for (;; s++) {
		if (*s == (char)c)
			found = s;
		if (!*s)
			return (char *)found;
	}
}

size_t LIBSTR(strlcpy)(char *dst, const char *src, size_t size)
{
	size_t len = LIBSTR(strlen)(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		LIBSTR(memcpy)(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
