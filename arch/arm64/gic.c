/*
 * Interrupts on QEMU virt: a GICv2 (distributor at 0x08000000, CPU
 * interface at 0x08010000, both in the direct map's device GiB) and the
 * EL1 virtual timer, private interrupt 27, which drives the scheduler at
 * 100 Hz as the PIT does on x86.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include "arch/arm64/arm64.h"
#include "kern/printk.h"
#include "kern/sched.h"

#define GICD_PHYS	0x08000000ul
#define GICC_PHYS	0x08010000ul
#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_IPRIORITYR	0x400
#define GICC_CTLR	0x000
#define GICC_PMR	0x004
#define GICC_IAR	0x00c
#define GICC_EOIR	0x010

#define IRQ_VTIMER	27
#define IRQ_SPURIOUS	1023
#define TIMER_HZ	100

static volatile uint32_t *gicd(unsigned off) { return (volatile uint32_t *)((char *)PHYS_TO_KVA(GICD_PHYS) + off); }
static volatile uint32_t *gicc(unsigned off) { return (volatile uint32_t *)((char *)PHYS_TO_KVA(GICC_PHYS) + off); }

void gic_init(void)
{
	*gicd(GICD_CTLR) = 1;					/* forward group 0 */
	((volatile uint8_t *)gicd(GICD_IPRIORITYR))[IRQ_VTIMER] = 0xa0;
	*gicd(GICD_ISENABLER + 4 * (IRQ_VTIMER / 32)) = 1u << (IRQ_VTIMER % 32);
	*gicc(GICC_PMR) = 0xf0;					/* let priority 0xa0 through */
	*gicc(GICC_CTLR) = 1;
}

static void timer_rearm(void)
{
	WRITE_SYSREG(cntv_tval_el0, READ_SYSREG(cntfrq_el0) / TIMER_HZ);
}

void timer_start(void)
{
	timer_rearm();
	WRITE_SYSREG(cntv_ctl_el0, 1);				/* enabled, not masked */
	isb();
}

/* An IRQ exception, from user mode or from the kernel. */
void arm64_irq(bool from_user)
{
	uint32_t iar = *gicc(GICC_IAR), irq = iar & 0x3ff;

	if (irq == IRQ_SPURIOUS)
		return;
	*gicc(GICC_EOIR) = iar;
	if (irq == IRQ_VTIMER) {
		timer_rearm();
		sched_timer_tick(from_user);
	} else {
		kprintf("faultline: unexpected interrupt %u\n", irq);
	}
}
