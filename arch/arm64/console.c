/*
 * Output: the PL011 UART of QEMU virt (0x09000000), which transmits without
 * initialisation.  QEMU virt has only this one UART, so when the runner
 * boots us with fl.console=split, the four channels (kernel log, the
 * program's stdout and stderr, the fault trace) share it in frames that the
 * runner's demultiplexer (tools/console-demux) takes apart:
 *
 *   0xff 0xf1 CHANNEL LEN_LO LEN_HI  then LEN bytes, unaltered
 *
 * Text outside frames (anything printed before the command line is read)
 * counts as kernel log.  Without split, everything is plain text.
 */
#include "arch/arm64/arm64.h"
#include "kern/arch.h"

#define UART0_PHYS	0x09000000ul
#define UART_DR		0x00
#define UART_FR		0x18
#define FR_TXFF		(1u << 5)

#define FRAME_MAGIC0	0xff
#define FRAME_MAGIC1	0xf1
#define FRAME_MAX	0xffff

static bool split;

static volatile uint32_t *uart_reg(unsigned off)
{
	return (volatile uint32_t *)((char *)PHYS_TO_KVA(UART0_PHYS) + off);
}

void pl011_init(void)
{
	/* QEMU's PL011 needs nothing; real hardware would want baud, 8N1, enable. */
}

void console_set_split(bool on) { split = on; }

static void uart_putc(uint8_t c)
{
	for (int spin = 0; spin < 100000 && (*uart_reg(UART_FR) & FR_TXFF); spin++)
		;
	*uart_reg(UART_DR) = c;
}

void arch_console_write(enum console_channel ch, const char *buf, size_t len)
{
	if (split) {
		while (len) {
			size_t n = len < FRAME_MAX ? len : FRAME_MAX;
			uart_putc(FRAME_MAGIC0);
			uart_putc(FRAME_MAGIC1);
			uart_putc((uint8_t)ch);
			uart_putc((uint8_t)n);
			uart_putc((uint8_t)(n >> 8));
			for (size_t i = 0; i < n; i++)
				uart_putc((uint8_t)buf[i]);
			buf += n;
			len -= n;
		}
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc((uint8_t)buf[i]);
	}
}
