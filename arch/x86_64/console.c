/*
 * Output.  COM1 (a 16550 UART) is the console.  When the runner boots us
 * with fl.console=split, the program's stdout, stderr and the fault trace go
 * to separate isa-debugcon ports so that each reaches its own host file.
 */
#include <machine/cpufunc.h>
#include "arch/x86_64/x86.h"
#include "kern/arch.h"

#define COM1		0x3f8
#define PORT_STDOUT	0xe9
#define PORT_STDERR	0xea
#define PORT_TRACE	0xeb

static bool split;

void serial_init(void)
{
	outb(COM1 + 1, 0x00);		/* no interrupts */
	outb(COM1 + 3, 0x80);		/* divisor latch */
	outb(COM1 + 0, 0x01);		/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);		/* 8N1 */
	outb(COM1 + 2, 0xc7);		/* FIFO on */
}

void console_set_split(bool on) { split = on; }

static void serial_putc(char c)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, (uint8_t)c);
}

void arch_console_write(enum console_channel ch, const char *buf, size_t len)
{
	static const uint16_t ports[] = { [CON_STDOUT] = PORT_STDOUT, [CON_STDERR] = PORT_STDERR,
					  [CON_TRACE] = PORT_TRACE };

	if (split && ch != CON_LOG) {
		__asm__ volatile("rep outsb" : "+S"(buf), "+c"(len) : "d"(ports[ch]) : "memory");
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');
		serial_putc(buf[i]);
	}
}
