/* Assertions and panic.  panic() is provided by the kernel (kern/printk.c)
 * or, in host unit tests, by the test harness. */
#ifndef LIB_ASSERT_H
#define LIB_ASSERT_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define ASSERT(c) do { if (!(c)) panic("assertion failed: %s (%s:%d)", #c, __FILE__, __LINE__); } while (0)

#endif
