/*
 * The legacy 8259 PICs and the PIT.  The BIOS leaves the PICs delivering
 * the PIT's IRQ 0 as vector 8, which is also the double-fault vector; move
 * them to 0x20-0x2f and mask every line, then let only the timer through:
 * PIT channel 0 at HZ, IRQ 0, vector 32, for preemption.
 */
#include <machine/cpufunc.h>
#include "arch/x86_64/x86.h"
#include "kern/sched.h"

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

/*
 * In QEMU as on hardware, the PIC reaches the CPU through the local APIC's
 * LINT0 input, which must be in ExtINT mode (virtual wire).  SeaBIOS sets
 * that up; qboot does not, and then no timer interrupt ever arrives.  So set
 * it here.  (The SMP work will bring a full APIC driver.)
 */
#define LAPIC_PHYS	0xfee00000ul
#define LAPIC_TPR	0x080
#define LAPIC_SVR	0x0f0
#define LAPIC_LINT0	0x350
#define LAPIC_LINT1	0x360
#define SPURIOUS_VECTOR	47

/* Map the local APIC's registers; early, while page tables come from the boot allocator. */
void lapic_map(void)
{
	pmap_map_device(LAPIC_PHYS);
}

static void lapic_write(volatile uint32_t *lapic, unsigned reg, uint32_t v) { lapic[reg / 4] = v; }

static void lapic_virtual_wire(void)
{
	volatile uint32_t *lapic = PHYS_TO_KVA(LAPIC_PHYS);	/* mapped by lapic_map() */

	lapic_write(lapic, LAPIC_TPR, 0);
	lapic_write(lapic, LAPIC_SVR, 0x100 | SPURIOUS_VECTOR);	/* software enable */
	lapic_write(lapic, LAPIC_LINT0, 0x700);			/* ExtINT, unmasked */
	lapic_write(lapic, LAPIC_LINT1, 0x400);			/* NMI */
}

void timer_start(void)
{
	const uint16_t divisor = 1193182 / HZ;

	outb(0x43, 0x34);		/* channel 0, lobyte/hibyte, rate generator */
	outb(0x40, divisor & 0xff);
	outb(0x40, divisor >> 8);
	lapic_virtual_wire();
	outb(0x21, 0xfe);		/* unmask IRQ 0 only */
}

void timer_eoi(void)
{
	outb(0x20, 0x20);
}
