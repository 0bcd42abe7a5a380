/*
 * Process contexts on arm64: the kernel stack a new process starts on, the
 * switch between processes (callee-saved registers, FP/SIMD state, the TLS
 * register, the address space), and the first entry to user mode.
 *
 * Nothing per process needs loading for traps: SP_EL1 is the process's own
 * kernel stack, left there by its last return to user mode (the trap frame
 * sits at the top of that stack), so the next exception from EL0 lands on it.
 */
#include <machine/cpufunc.h>
#include "arch/arm64/arm64.h"
#include "kern/arch.h"
#include "kern/proc.h"
#include "vm/kmem.h"
#include "vm/map.h"
#include "vm/pmap.h"
#include "lib/assert.h"
#include "lib/errno.h"
#include "lib/string.h"

extern void swtch(uint64_t *save_sp, uint64_t load_sp);
extern void proc_first_run(void);

/* swtch's saved block: x19..x28, x29, x30 (the return address). */
#define SWTCH_FRAME_WORDS	12
#define SWTCH_FRAME_LR		11

int arch_proc_init(struct proc *p, const struct proc *parent)
{
	uint64_t *sp;

	p->md.fpu = kzalloc(sizeof(struct fpsimd_state));
	if (!p->md.fpu)
		return -ENOMEM;
	if (parent) {			/* the parent is running: its registers are live */
		fpsimd_save(p->md.fpu);
		p->md.tpidr_el0 = READ_SYSREG(tpidr_el0);
	} else {
		p->md.tpidr_el0 = 0;
	}
	/* swtch() into a new process pops its block and returns to
	 * proc_first_run, which leaves for user mode through the trap frame. */
	sp = (uint64_t *)p->tf - SWTCH_FRAME_WORDS;
	memset(sp, 0, SWTCH_FRAME_WORDS * sizeof(*sp));
	sp[SWTCH_FRAME_LR] = (uint64_t)proc_first_run;
	p->md.ksp = (uint64_t)sp;
	return 0;
}

void arch_proc_free(struct proc *p)
{
	kfree(p->md.fpu);
	p->md.fpu = NULL;
}

/* exec: zeroed FP/SIMD registers (FPCR 0: round to nearest, no traps) and TLS. */
void arch_proc_exec_reset(struct proc *p)
{
	p->md.tpidr_el0 = 0;
	WRITE_SYSREG(tpidr_el0, 0);
	memset(p->md.fpu, 0, sizeof(struct fpsimd_state));
	fpsimd_restore(p->md.fpu);
}

void arch_switch(struct proc *from, struct proc *to)
{
	ASSERT(!arch_irq_save());
	fpsimd_save(from->md.fpu);
	fpsimd_restore(to->md.fpu);
	from->md.tpidr_el0 = READ_SYSREG(tpidr_el0);
	WRITE_SYSREG(tpidr_el0, to->md.tpidr_el0);
	pmap_activate(to->map ? to->map->pmap : NULL);
	swtch(&from->md.ksp, to->md.ksp);
}

void arch_proc_activate(struct proc *p)
{
	WRITE_SYSREG(tpidr_el0, p->md.tpidr_el0);
	fpsimd_restore(p->md.fpu);
}

void arch_frame_init_user(struct trapframe *tf, uintptr_t entry, uintptr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->pc = entry;
	tf->sp = sp;
	tf->pstate = 0;			/* EL0t, interrupts unmasked */
}

void arch_enter_user(struct trapframe *tf)
{
	enter_user(tf);
}

void arch_set_user_sp(struct trapframe *tf, uintptr_t sp) { tf->sp = sp; }
