/*
 * The x86-64 Linux signal frame, built on the user stack:
 *
 *   sp ->  pretcode (the sa_restorer the handler returns into)
 *          struct ucontext  (uc_flags, uc_link, uc_stack, sigcontext, sigmask)
 *          struct siginfo
 *          ...
 *          FPU state (XSAVE format, 64-byte aligned) + FP_XSTATE_MAGIC2
 *
 * The handler is entered with rdi = signal, rsi = &info, rdx = &uc, rax = 0,
 * as Linux does; rt_sigreturn reads the frame back at the handler's sp.
 */
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"
#include "kern/proc.h"
#include "kern/signal.h"
#include "kern/uaccess.h"
#include "lib/compiler.h"
#include "lib/string.h"

struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate, reserved1[8];
};
_Static_assert(sizeof(struct sigcontext64) == 256, "sigcontext is 256 bytes");

struct ucontext64 {
	uint64_t uc_flags, uc_link;
	struct ksigaltstack uc_stack;
	struct sigcontext64 uc_mcontext;
	uint64_t uc_sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext64 uc;
	struct ksiginfo info;
};

#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4
#define FP_XSTATE_MAGIC1	0x46505853u
#define FP_XSTATE_MAGIC2	0x46505845u
/* The flags a signal handler may change (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS		0x50dd5ull

/* One frame is built at a time (one CPU, no preemption in the kernel). */
static uint8_t fpu_buf[FPU_AREA_MAX] __attribute__((aligned(64)));

uint64_t arch_user_sp(const struct trapframe *tf) { return tf->rsp; }

/* glibc and musl always pass SA_RESTORER on x86-64 (Linux requires it). */
const void *arch_sigtramp(size_t *len)
{
	*len = 0;
	return NULL;
}

int arch_signal_frame_push(struct proc *p, struct trapframe *tf, uint64_t sp, int sig,
			   const struct k_sigaction *act, const struct ksiginfo *info, uint64_t saved_mask)
{
	struct rt_sigframe frame;
	uint64_t fp, fsp;
	uint32_t magic2 = FP_XSTATE_MAGIC2;

	if (!(act->flags & SA_RESTORER))
		return -EFAULT;		/* x86-64 Linux requires a restorer */
	if (!signal_on_altstack(p, sp))
		sp -= 128;		/* the System V red zone */
	fp = ALIGN_DOWN(sp - fpu_size - 4, 64);
	fsp = ((fp - sizeof(frame) + 8) & ~15ull) - 8;	/* as after a call: (sp + 8) 16-aligned */

	fpu_save(fpu_buf);
	if (fpu_have_xsave) {		/* the software-reserved bytes tell user space the format */
		uint32_t sw[4] = { FP_XSTATE_MAGIC1, fpu_size + 4, (uint32_t)fpu_mask, fpu_size };
		uint64_t features = fpu_mask;
		memcpy(fpu_buf + 464, sw, 8);
		memcpy(fpu_buf + 472, &features, 8);
		memcpy(fpu_buf + 480, &sw[3], 4);
	}

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = act->restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fpu_have_xsave ? UC_FP_XSTATE : 0);
	frame.uc.uc_stack = p->altstack.size ? p->altstack : (struct ksigaltstack){ .flags = SS_DISABLE };
	if (p->altstack.size)
		frame.uc.uc_stack.flags = signal_on_altstack(p, tf->rsp) ? SS_ONSTACK : 0;
	struct sigcontext64 *sc = &frame.uc.uc_mcontext;
	*sc = (struct sigcontext64){
		.r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11, .r12 = tf->r12, .r13 = tf->r13,
		.r14 = tf->r14, .r15 = tf->r15, .rdi = tf->rdi, .rsi = tf->rsi, .rbp = tf->rbp, .rbx = tf->rbx,
		.rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx, .rsp = tf->rsp, .rip = tf->rip,
		.eflags = tf->rflags, .cs = (uint16_t)tf->cs, .ss = (uint16_t)tf->ss,
		.err = p->md.err, .trapno = p->md.trapno, .oldmask = saved_mask, .cr2 = p->md.cr2, .fpstate = fp,
	};
	frame.uc.uc_sigmask = saved_mask;
	frame.info = *info;

	if (copyout(fp, fpu_buf, fpu_size) || (fpu_have_xsave && copyout(fp + fpu_size, &magic2, 4)) ||
	    copyout(fsp, &frame, sizeof(frame)))
		return -EFAULT;

	tf->rsp = fsp;
	tf->rip = act->handler;
	tf->rdi = (uint64_t)sig;
	tf->rsi = fsp + offsetof(struct rt_sigframe, info);
	tf->rdx = fsp + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rflags &= ~(1ull << 8 | 1ull << 10 | 1ull << 18);	/* TF, DF, AC: a clean start */
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	return 0;
}

int arch_signal_frame_pop(struct proc *p, struct trapframe *tf, uint64_t *mask, struct ksigaltstack *ss)
{
	struct rt_sigframe frame;
	const struct sigcontext64 *sc = &frame.uc.uc_mcontext;
	uint64_t fsp = tf->rsp - 8;		/* the handler's ret popped pretcode */

	(void)p;
	if (copyin(&frame, fsp, sizeof(frame)))
		return -EFAULT;
	/* Returning to a non-canonical rip would fault on iretq in the kernel. */
	if ((uint64_t)((int64_t)(sc->rip << 16) >> 16) != sc->rip)
		return -EFAULT;
	if (sc->fpstate) {
		if (copyin(fpu_buf, sc->fpstate, fpu_size))
			return -EFAULT;
	} else {
		fpu_init_state(fpu_buf);	/* no state saved: the initial state */
	}
	tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
	tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
	tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
	tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx; tf->rsp = sc->rsp; tf->rip = sc->rip;
	tf->rflags = (tf->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS) | (1ull << 9);
	tf->cs = SEL_UCODE;		/* only 64-bit user segments exist here */
	tf->ss = SEL_UDATA;
	fpu_sanitize(fpu_buf);
	fpu_restore(fpu_buf);
	*mask = frame.uc.uc_sigmask;
	*ss = frame.uc.uc_stack;
	return 0;
}
