/*
 * printf-style formatting for the kernel, without floating point.
 *
 * Conversions: d i u x X o c s p %. Length modifiers: hh h l ll z t j.
 * Flags: - 0 + space #. Width and precision, including '*'.
 * Output matches glibc's snprintf for all of these, including its choices
 * where C leaves things open: "(null)" for a NULL %s (empty when the
 * precision is below 6), "(nil)" for a NULL %p, and sign flags on %p.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_emit_fn)(char c, void *arg);

/* Formats into emit; returns the number of characters produced. */
int fmt_vformat(fmt_emit_fn emit, void *arg, const char *fmt, va_list ap);
/* C99 snprintf semantics: always NUL-terminates when size>0, returns the length that would have been written */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* LIB_FMT_H */
