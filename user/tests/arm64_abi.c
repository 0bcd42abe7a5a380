/*
 * What arm64 Linux adds to the memory ABI: pointers may carry a tag in
 * their top byte (TBI), which the MMU ignores on loads and stores and which
 * munmap, mprotect, madvise, mincore and msync strip, while plain system
 * calls given a tagged buffer fail with EFAULT (the tagged-address ABI is
 * off unless a program asks); a fault's si_addr comes without the tag; the
 * signal frame carries the fault's ESR_EL1; PROT_BTI is accepted where the
 * CPU has BTI.  On x86-64 the program says so and stops: there is nothing
 * of this to compare.
 */
#include "common.h"
#include <setjmp.h>
#include <ucontext.h>

#if defined(__aarch64__)
#define TAG(p, t) ((void *)((uintptr_t)(p) | ((uintptr_t)(t) << 56)))

static sigjmp_buf jb;
static volatile int got_sig, got_code, got_esr_record;
static void *volatile got_addr;

/* Walk the sigcontext's records for the ESR one (magic 0x45535201). */
static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	unsigned char *r = (unsigned char *)uc->uc_mcontext.__reserved;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	got_esr_record = 0;
	for (size_t off = 0; off + 8 <= sizeof(uc->uc_mcontext.__reserved);) {
		uint32_t magic, size;
		memcpy(&magic, r + off, 4);
		memcpy(&size, r + off + 4, 4);
		if (!magic || size < 8)
			break;
		if (magic == 0x45535201)
			got_esr_record = 1;
		off += size;
	}
	siglongjmp(jb, 1);
}

int main(void)
{
	size_t P = page_size();
	unsigned char *p = map_anon(4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };
	sigaction(SIGSEGV, &sa, NULL);

	p[0] = 42;
	printf("load through a pointer tagged 0x5a: %d\n", *(volatile unsigned char *)TAG(p, 0x5a));
	*(volatile unsigned char *)TAG(p, 0x7f) = 43;
	printf("store through a tagged pointer, read back untagged: %d\n", p[0]);
	SHOW("write() from a tagged buffer", write(1, TAG(p, 0x5a), 1));
	SHOW("mprotect with a tagged address", mprotect(TAG(p + P, 0x11), P, PROT_READ));
	SHOW("madvise with a tagged address", madvise(TAG(p + 2 * P, 0x22), P, MADV_DONTNEED));
	unsigned char vec[1];
	SHOW("mincore with a tagged address", mincore(TAG(p, 0x33), P, vec));
	SHOW("msync with a tagged address", msync(TAG(p, 0x44), P, MS_ASYNC));
	SHOW("munmap with a tagged address", munmap(TAG(p + 3 * P, 0x55), P));
	SHOW_MAP("mmap MAP_FIXED at a tagged address",
		 mmap(TAG(p + 3 * P, 0x66), P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	if (sigsetjmp(jb, 1) == 0)
		*(volatile unsigned char *)TAG(p + P, 0x3c) = 1;	/* read-only now */
	printf("write to a read-only page through a tagged pointer: %s %s, si_addr %s, esr record %s\n",
	       signal_name(got_sig), got_code == SEGV_ACCERR ? "SEGV_ACCERR" : got_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other",
	       got_addr == (void *)(p + P) ? "untagged" : got_addr == TAG(p + P, 0x3c) ? "tagged" : "elsewhere",
	       got_esr_record ? "present" : "absent");
	SHOW("mprotect PROT_READ|PROT_BTI (0x10)", mprotect(p, P, PROT_READ | 0x10));
	SHOW("mprotect with bit 0x20 (PROT_MTE)", mprotect(p, P, PROT_READ | 0x20));
	SHOW("mprotect with bit 0x40", mprotect(p, P, PROT_READ | 0x40));
	return 0;
}
#else
int main(void)
{
	printf("not arm64: nothing to check\n");
	return 0;
}
#endif
