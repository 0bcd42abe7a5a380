/*
 * What every architecture provides to kern/.  (vm/ has its own contract,
 * vm/pmap.h.)
 */
#ifndef KERN_ARCH_H
#define KERN_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <machine/frame.h>

/* Output streams.  The runner gives each its own host file; a plain boot
 * sends them all to the serial console. */
enum console_channel { CON_LOG, CON_STDOUT, CON_STDERR, CON_TRACE };
void arch_console_write(enum console_channel ch, const char *buf, size_t len);

/* How the machine stops; the runner maps these to its exit statuses. */
enum poweroff_reason {
	OFF_NORMAL = 1,		/* the first process ended; its status was logged */
	OFF_PANIC = 2,		/* kernel failure */
	OFF_BAD_EXEC = 3,	/* the program is not a runnable ELF */
	OFF_NO_INIT = 4,	/* the program is not in the initramfs */
	OFF_BAD_INITRAMFS = 5,	/* no initramfs, or a malformed one */
};
__attribute__((noreturn)) void arch_poweroff(enum poweroff_reason why);

uint64_t arch_time_ns(void);		/* monotonic, since boot */
uint64_t arch_realtime_boot_ns(void);	/* wall clock at boot, ns since the epoch */
uint64_t arch_cycles(void);		/* a cheap cycle/instruction counter for traces */
bool arch_random(uint64_t *v);		/* a hardware random word, if there is a source */
uint64_t arch_hwcap(void);		/* AT_HWCAP */

/* User memory access; the range has been checked with user_range_ok(). */
size_t copy_from_user(void *dst, const void *usrc, size_t n);	/* bytes not copied */
size_t copy_to_user(void *udst, const void *src, size_t n);	/* bytes not copied */
size_t clear_user(void *dst, size_t n);			/* bytes not cleared */
long strncpy_user(char *dst, const char *src, size_t n);	/* -1 on fault */

/* A fresh user-mode frame at entry with stack pointer sp. */
void arch_frame_init_user(struct trapframe *tf, uintptr_t entry, uintptr_t sp);
__attribute__((noreturn)) void arch_enter_user(struct trapframe *tf);
/* Switch the CPU to p's kernel stack and thread state (fs/gs bases). */
struct proc;
void arch_proc_activate(struct proc *p);
/* Thread state of a new process: a copy of parent's, or fresh if parent is
 * NULL; its kernel stack is set to start in user mode from p->tf.  0 or -ENOMEM. */
int arch_proc_init(struct proc *p, const struct proc *parent);
void arch_proc_free(struct proc *p);
/* exec: the thread state a new program starts with (TLS bases, FPU). */
void arch_proc_exec_reset(struct proc *p);
/* Leave `from` and continue `to` on its kernel stack (interrupts off). */
void arch_switch(struct proc *from, struct proc *to);
/* Interrupt control for the scheduler (one CPU: this is its lock). */
bool arch_irq_save(void);		/* disable; were they enabled? */
void arch_irq_restore(bool enabled);
void arch_idle(void);			/* wait for an interrupt */
void arch_set_user_sp(struct trapframe *tf, uintptr_t sp);
/* Protection bits beyond PROT_READ/WRITE/EXEC that mmap and mprotect
 * accept here (RPROT_ARCH), 0 if none: arm64's PROT_BTI when the CPU has BTI. */
unsigned arch_prot_bits(void);
/* Code for the signal-return trampoline page (kern/sigtramp.h), or NULL
 * where the C libraries always pass their own restorer. */
const void *arch_sigtramp(size_t *len);

/* System-call numbers and frame accessors: tf_sysno(), tf_arg(), tf_set_ret(). */
#include <machine/syscall_abi.h>

#endif
