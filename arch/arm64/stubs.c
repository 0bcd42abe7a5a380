/*
 * What kern/ needs from the arch that this first arm64 increment does not
 * do yet: user memory access, processes' thread state, context switch,
 * signal frames.  Each stops the machine with a message naming itself, so a
 * boot that reaches one says exactly where the port ends.
 */
#include "arch/arm64/arm64.h"
#include "kern/arch.h"
#include "kern/printk.h"
#include "lib/assert.h"
#include "kern/proc.h"
#include "kern/signal.h"
#include "kern/syscall.h"
#include "lib/string.h"

#define NOT_YET(what) panic("arm64: %s is not implemented yet", what)

size_t copy_user(void *dst, const void *src, size_t n) { NOT_YET("copy_user"); }
size_t clear_user(void *dst, size_t n) { NOT_YET("clear_user"); }
long strncpy_user(char *dst, const char *src, size_t n) { NOT_YET("strncpy_user"); }

void arch_frame_init_user(struct trapframe *tf, uintptr_t entry, uintptr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->pc = entry;
	tf->sp = sp;
	tf->pstate = 0;			/* EL0t, interrupts unmasked */
}

void arch_enter_user(struct trapframe *tf) { NOT_YET("arch_enter_user"); }
void arch_proc_activate(struct proc *p) { NOT_YET("arch_proc_activate"); }
int arch_proc_init(struct proc *p, const struct proc *parent) { NOT_YET("arch_proc_init"); }
void arch_proc_free(struct proc *p) { NOT_YET("arch_proc_free"); }
void arch_proc_exec_reset(struct proc *p) { NOT_YET("arch_proc_exec_reset"); }
void arch_switch(struct proc *from, struct proc *to) { NOT_YET("arch_switch"); }
void arch_set_user_sp(struct trapframe *tf, uintptr_t sp) { tf->sp = sp; }
uint64_t arch_user_sp(const struct trapframe *tf) { return tf->sp; }

int arch_signal_frame_push(struct proc *p, struct trapframe *tf, uint64_t sp, int sig,
			   const struct k_sigaction *act, const struct ksiginfo *info, uint64_t saved_mask)
{
	NOT_YET("arch_signal_frame_push");
}

int arch_signal_frame_pop(struct proc *p, struct trapframe *tf, uint64_t *mask, struct ksigaltstack *ss)
{
	NOT_YET("arch_signal_frame_pop");
}
