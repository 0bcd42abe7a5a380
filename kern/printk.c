#include <stdarg.h>
#include "kern/printk.h"
#include "lib/assert.h"
#include "lib/fmt.h"

/* Collect a line's bytes so a channel receives whole writes, not bytes. */
struct linebuf { enum console_channel ch; size_t n; char buf[256]; };

static void flush(struct linebuf *lb)
{
	arch_console_write(lb->ch, lb->buf, lb->n);
	lb->n = 0;
}

static void emit(char c, void *arg)
{
	struct linebuf *lb = arg;

	lb->buf[lb->n++] = c;
	if (lb->n == sizeof(lb->buf) || c == '\n')
		flush(lb);
}

static void vcprintf(enum console_channel ch, const char *fmt, va_list ap)
{
	struct linebuf lb = { .ch = ch };

	fmt_vformat(emit, &lb, fmt, ap);
	if (lb.n)
		flush(&lb);
}

void cprintf(enum console_channel ch, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcprintf(ch, fmt, ap);
	va_end(ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcprintf(CON_LOG, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	static int panicking;
	va_list ap;

	if (panicking++)
		arch_poweroff(OFF_PANIC);
	kprintf("faultline: panic: ");
	va_start(ap, fmt);
	vcprintf(CON_LOG, fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_poweroff(OFF_PANIC);
}
