/*
 * The legacy 8259 PICs.  The BIOS leaves them delivering the PIT's IRQ 0 as
 * vector 8, which is also the double-fault vector; move them to 0x20-0x2f
 * and mask every line.  (The timer for preemption comes with the scheduler.)
 */
#include <machine/cpufunc.h>
#include "arch/x86_64/x86.h"

void pic_disable(void)
{
	outb(0x20, 0x11);	/* ICW1: init, expect ICW4 */
	outb(0xa0, 0x11);
	outb(0x21, 0x20);	/* ICW2: vector bases */
	outb(0xa1, 0x28);
	outb(0x21, 0x04);	/* ICW3: slave on IRQ 2 */
	outb(0xa1, 0x02);
	outb(0x21, 0x01);	/* ICW4: 8086 mode */
	outb(0xa1, 0x01);
	outb(0x21, 0xff);	/* mask all */
	outb(0xa1, 0xff);
}
