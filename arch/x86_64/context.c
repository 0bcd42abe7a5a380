/*
 * Process contexts on x86-64: the kernel stack a new process starts on, the
 * switch between processes (callee-saved registers, FPU state, TLS bases,
 * the kernel stack for traps, the address space), and interrupt control.
 */
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"
#include "kern/arch.h"
#include "kern/proc.h"
#include "vm/kmem.h"
#include "vm/map.h"
#include "vm/pmap.h"
#include "lib/assert.h"
#include "lib/errno.h"

extern void swtch(uint64_t *save_rsp, uint64_t load_rsp);
extern void proc_first_run(void);

_Static_assert(FPU_AREA_MAX <= KMEM_MAX, "FPU areas come from kmalloc");

int arch_proc_init(struct proc *p, const struct proc *parent)
{
	uint64_t *sp;

	/* kmalloc's power-of-two classes keep the area 64-byte aligned for XSAVE. */
	p->md.fpu = kmalloc(fpu_size < 1024 ? 1024 : FPU_AREA_MAX);
	if (!p->md.fpu)
		return -ENOMEM;
	if (parent) {
		p->md.fs_base = parent->md.fs_base;
		p->md.gs_base = parent->md.gs_base;
		fpu_save(p->md.fpu);		/* the parent's live registers */
	} else {
		fpu_init_state(p->md.fpu);
	}
	/* swtch() into a new process pops six registers and returns to
	 * proc_first_run, which leaves for user mode through the trap frame. */
	sp = (uint64_t *)p->tf;
	*--sp = (uint64_t)proc_first_run;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	p->md.ksp = (uint64_t)sp;
	return 0;
}

void arch_proc_free(struct proc *p)
{
	kfree(p->md.fpu);
	p->md.fpu = NULL;
}

void arch_proc_exec_reset(struct proc *p)
{
	p->md.fs_base = 0;
	p->md.gs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	fpu_init_state(p->md.fpu);
	fpu_restore(p->md.fpu);
}

void arch_switch(struct proc *from, struct proc *to)
{
	ASSERT(!arch_irq_save());
	fpu_save(from->md.fpu);
	fpu_restore(to->md.fpu);
	tss_set_kstack((uint64_t)(to->tf + 1));
	wrmsr(MSR_FS_BASE, to->md.fs_base);
	wrmsr(MSR_KERNEL_GS_BASE, to->md.gs_base);
	pmap_activate(to->map ? to->map->pmap : NULL);
	swtch(&from->md.ksp, to->md.ksp);
}

bool arch_irq_save(void)
{
	uint64_t flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
	return flags & (1u << 9);
}

void arch_irq_restore(bool enabled)
{
	if (enabled)
		__asm__ volatile("sti" ::: "memory");
}

void arch_idle(void)
{
	/* sti takes effect after the next instruction, so no interrupt slips
	 * in between it and hlt. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void arch_set_user_sp(struct trapframe *tf, uintptr_t sp) { tf->rsp = sp; }
