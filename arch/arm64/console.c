/*
 * Output: the PL011 UART of QEMU virt (0x09000000), which transmits without
 * initialisation.  Every channel goes to it for now; the runner's split
 * streams (x86 uses isa-debugcon ports) need a second UART or semihosting
 * writes on arm64: not done yet.
 */
#include "arch/arm64/arm64.h"
#include "kern/arch.h"

#define UART0_PHYS	0x09000000ul
#define UART_DR		0x00
#define UART_FR		0x18
#define FR_TXFF		(1u << 5)

static volatile uint32_t *uart_reg(unsigned off)
{
	return (volatile uint32_t *)((char *)PHYS_TO_KVA(UART0_PHYS) + off);
}

void pl011_init(void)
{
	/* QEMU's PL011 needs nothing; real hardware would want baud, 8N1, enable. */
}

static void uart_putc(char c)
{
	for (int spin = 0; spin < 100000 && (*uart_reg(UART_FR) & FR_TXFF); spin++)
		;
	*uart_reg(UART_DR) = (uint8_t)c;
}

void arch_console_write(enum console_channel ch, const char *buf, size_t len)
{
	(void)ch;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
}
