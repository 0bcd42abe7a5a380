/*
 * The arm64 Linux signal frame, built on the user stack (as Linux's
 * arch/arm64/kernel/signal.c lays it out):
 *
 *   sp ->  struct rt_sigframe
 *            siginfo (128 bytes)
 *            ucontext: uc_flags, uc_link, uc_stack, uc_sigmask, padding to
 *              1024 bits of mask, then the 16-aligned sigcontext:
 *              fault_address, x0-x30, sp, pc, pstate, and 4096 bytes of
 *              records: fpsimd_context, esr_context (after a fault), a
 *              terminating null record
 *          struct frame_record { fp, lr }   (x29 points here in the handler)
 *
 * The handler starts with x0 = signal, x1 = &info, x2 = &uc, x29 = the
 * frame record, lr = sa_restorer or the trampoline page (kern/sigtramp.h),
 * as Linux does; rt_sigreturn reads the frame back at the handler's sp.
 * Not written: the SVE and SME records Linux adds on CPUs that have them
 * (Faultline does not offer SVE to programs: AT_HWCAP says FP and ASIMD).
 */
#include <stddef.h>
#include <machine/cpufunc.h>
#include "arch/arm64/arm64.h"
#include "kern/arch.h"
#include "kern/proc.h"
#include "kern/signal.h"
#include "kern/uaccess.h"
#include "vm/map.h"
#include "lib/compiler.h"
#include "lib/string.h"

#define FPSIMD_MAGIC	0x46508001u
#define ESR_MAGIC	0x45535201u

struct ctx_head { uint32_t magic, size; };

struct fpsimd_context {
	struct ctx_head head;
	uint32_t fpsr, fpcr;
	__uint128_t vregs[32];
};
_Static_assert(sizeof(struct fpsimd_context) == 528, "fpsimd_context is 528 bytes");

struct esr_context {
	struct ctx_head head;
	uint64_t esr;
};

struct sigcontext64 {
	uint64_t fault_address;
	uint64_t regs[31];
	uint64_t sp, pc, pstate;
	uint8_t reserved[4096] __attribute__((aligned(16)));
};

struct ucontext64 {
	uint64_t uc_flags, uc_link;
	struct ksigaltstack uc_stack;
	uint64_t uc_sigmask;
	uint8_t unused[1024 / 8 - 8];
	struct sigcontext64 uc_mcontext;
};
_Static_assert(offsetof(struct ucontext64, uc_mcontext) == 176, "uc_mcontext at 176");

struct rt_sigframe {
	struct ksiginfo info;
	struct ucontext64 uc;
};
_Static_assert(sizeof(struct rt_sigframe) == 4688, "arm64 rt_sigframe is 4688 bytes");

struct frame_record { uint64_t fp, lr; };

/* The PSTATE bits user mode may hand back: the flags (N, Z, C, V). */
#define PSR_NZCV	0xf0000000ull
#define PSR_BTYPE_MASK	(3ull << 10)
#define PSR_BTYPE_C	(2ull << 10)
/* Mode (EL0t, AArch64) and the interrupt masks must be zero in user mode. */
#define PSR_MODE_DAIF	0x3dfull

/* One frame is built at a time (one CPU, no preemption in the kernel). */
static struct rt_sigframe frame_buf;
static struct fpsimd_state fp_buf;

uint64_t arch_user_sp(const struct trapframe *tf) { return tf->sp; }

/* mov x8, #139 (rt_sigreturn); svc #0 */
static const uint32_t sigreturn_code[] = { 0xd2801168, 0xd4000001 };

const void *arch_sigtramp(size_t *len)
{
	*len = sizeof(sigreturn_code);
	return sigreturn_code;
}

int arch_signal_frame_push(struct proc *p, struct trapframe *tf, uint64_t sp, int sig,
			   const struct k_sigaction *act, const struct ksiginfo *info, uint64_t saved_mask)
{
	struct rt_sigframe *f = &frame_buf;
	struct sigcontext64 *sc = &f->uc.uc_mcontext;
	struct fpsimd_context fpc;
	struct frame_record rec = { tf->x[29], tf->x[30] };
	uint64_t rec_at, frame_at, lr;
	size_t off = 0;

	lr = (act->flags & SA_RESTORER) ? act->restorer : (p->map ? p->map->sigtramp : 0);
	if (!lr)
		return -EFAULT;
	rec_at = ALIGN_DOWN(sp - sizeof(rec), 16);
	frame_at = rec_at - sizeof(*f);

	memset(f, 0, sizeof(*f));
	f->info = *info;
	f->uc.uc_stack = p->altstack.size ? p->altstack : (struct ksigaltstack){ .flags = SS_DISABLE };
	if (p->altstack.size)
		f->uc.uc_stack.flags = signal_on_altstack(p, tf->sp) ? SS_ONSTACK : 0;
	f->uc.uc_sigmask = saved_mask;
	sc->fault_address = p->md.far;
	memcpy(sc->regs, tf->x, sizeof(sc->regs));
	sc->sp = tf->sp;
	sc->pc = tf->pc;
	sc->pstate = tf->pstate;

	fpsimd_save(&fp_buf);
	fpc.head = (struct ctx_head){ FPSIMD_MAGIC, sizeof(fpc) };
	fpc.fpsr = fp_buf.fpsr;
	fpc.fpcr = fp_buf.fpcr;
	memcpy(fpc.vregs, fp_buf.v, sizeof(fpc.vregs));
	memcpy(sc->reserved + off, &fpc, sizeof(fpc));
	off += sizeof(fpc);
	if (p->md.esr) {		/* the signal comes from a fault: say which */
		struct esr_context ec = { { ESR_MAGIC, sizeof(ec) }, p->md.esr };
		memcpy(sc->reserved + off, &ec, sizeof(ec));
		off += sizeof(ec);
		p->md.esr = 0;
	}
	/* the terminator: the zeroed record that follows */

	if (copyout(frame_at, f, sizeof(*f)) || copyout(rec_at, &rec, sizeof(rec)))
		return -EFAULT;

	tf->x[0] = (uint64_t)sig;
	tf->x[1] = frame_at + offsetof(struct rt_sigframe, info);
	tf->x[2] = frame_at + offsetof(struct rt_sigframe, uc);
	tf->x[29] = rec_at;
	tf->x[30] = lr;
	tf->sp = frame_at;
	tf->pc = act->handler;
	/* With BTI the handler is entered as after a BLR (BTYPE = c), so that in
	 * a guarded page it must start with a BTI c, as on Linux. */
	if (arch_prot_bits())
		tf->pstate = (tf->pstate & ~PSR_BTYPE_MASK) | PSR_BTYPE_C;
	return 0;
}

/* Find the FP/SIMD record among the frame's records, as Linux requires one. */
static const struct fpsimd_context *find_fpsimd(const struct sigcontext64 *sc)
{
	size_t off = 0;

	while (off + sizeof(struct ctx_head) <= sizeof(sc->reserved)) {
		struct ctx_head h;
		memcpy(&h, sc->reserved + off, sizeof(h));
		if (h.magic == 0)
			return NULL;
		if (h.size < sizeof(h) || (h.size & 15) || h.size > sizeof(sc->reserved) - off)
			return NULL;
		if (h.magic == FPSIMD_MAGIC)
			return h.size == sizeof(struct fpsimd_context) ? (const void *)(sc->reserved + off) : NULL;
		off += h.size;
	}
	return NULL;
}

int arch_signal_frame_pop(struct proc *p, struct trapframe *tf, uint64_t *mask, struct ksigaltstack *ss)
{
	struct rt_sigframe *f = &frame_buf;
	const struct sigcontext64 *sc = &f->uc.uc_mcontext;
	const struct fpsimd_context *fpc;

	(void)p;
	if ((tf->sp & 15) || copyin(f, tf->sp, sizeof(*f)))
		return -EFAULT;
	if (!(fpc = find_fpsimd(sc)))
		return -EFAULT;
	memcpy(tf->x, sc->regs, sizeof(sc->regs));
	tf->sp = sc->sp;
	tf->pc = sc->pc;
	/* anything but a plain EL0t AArch64 state is reduced to the flags */
	tf->pstate = (sc->pstate & PSR_MODE_DAIF) ? (sc->pstate & PSR_NZCV) : sc->pstate;
	memcpy(fp_buf.v, fpc->vregs, sizeof(fp_buf.v));
	fp_buf.fpsr = fpc->fpsr;
	fp_buf.fpcr = fpc->fpcr;
	fpsimd_restore(&fp_buf);
	*mask = f->uc.uc_sigmask;
	*ss = f->uc.uc_stack;
	return 0;
}
