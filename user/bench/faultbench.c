/*
 * faultbench: the cost of page faults and of the memory system calls around
 * them, measured from user space with the CPU's own clock.  One static
 * binary runs unchanged as /init on Linux and as the first process of
 * Faultline; the same source builds for x86-64 (gcc -static -O2) and for
 * AArch64 (aarch64-linux-gnu-gcc -static -O2).  tools/bench/run boots both
 * kernels under `qemu-system-x86_64 -icount shift=0,sleep=off`, or
 * `qemu-system-aarch64 -M virt -cpu max -icount shift=0,sleep=off`, where
 * each guest instruction advances the guest clock by exactly 1 ns, so every
 * number below is a count of guest instructions.
 *
 *   faultbench [-n PAGES] [-s SIZE] [-r ROUNDS] [-k OPS] [--only NAME,...]
 *              [--sweep SIZE,SIZE,...] [--sweep-rounds N]
 *
 *   -n PAGES   pages in the region of the fault benchmarks (default 65536)
 *   -s SIZE    the same as a size: 4096, 64K, 256M, 1G (rounded down to pages)
 *   -r ROUNDS  repetitions of each benchmark (default 3)
 *   -k OPS     operations per round for the per-call benchmarks (mmap,
 *              getppid, memset...; default 8192)
 *   --only     run only the named benchmarks (comma-separated)
 *   --sweep    also (first) the write and read faults over regions of each
 *              SIZE, one line each prefixed "sweep" (--only applies too;
 *              --only none runs nothing else)
 *   --sweep-rounds N  rounds of each sweep point (default 1)
 *
 * The clock.  x86-64: the time-stamp counter, which under icount advances
 * by one per guest instruction.  AArch64: the generic timer's virtual
 * counter CNTVCT_EL0, which QEMU virt runs at 62.5 MHz, so that under icount
 * it ticks once every 16 guest instructions: one read has a resolution of
 * 16 instructions.  faultbench therefore reads it 16 times back to back
 * (ISB; 16 x MRS; ISB) and sums the reads: when the first read executes at
 * guest instruction 16q + r (0 <= r < 16), reads 0 .. 15-r return q and the
 * other r return q + 1, so the sum is 16q + r, exactly the instruction
 * count at the first read (each MRS is one instruction).  A timestamp is
 * that sum times 10^9 / (16 x CNTFRQ_EL0), i.e. nanoseconds (the factor is
 * 1 at 62.5 MHz): exact guest instructions under icount, the counter's
 * nanoseconds (with 1/16-tick steps) without it.  So every arm64 benchmark
 * is timed per operation at a resolution of one instruction, the cheap
 * ones (getppid, munmap per page) included, with the same method as x86.
 *
 * Method.  Each fault is timed on its own: lfence; rdtsc; lfence; the access;
 * rdtscp; lfence (rdtsc + lfence when the CPU lacks rdtscp), or the 16 reads
 * above before and after the access on AArch64.  The same timed
 * function run on a page that is already mapped gives the cost of the timing
 * and of the access itself (a handful of instructions); that baseline is
 * subtracted, so per_op is the fault alone: from the faulting instruction
 * trapping to it completing after the kernel returns.  A round maps a fresh
 * region and touches each of its pages once.  Per round we keep the median
 * of the samples (the typical fault) and their mean (which also carries the
 * rare expensive ones: a page-table page every 512 faults, a timer
 * interrupt).  The line reports the median over rounds of the round medians
 * (per_op), the smallest and largest round median (min, max) and the median
 * of the round means (mean).  munmap is timed as one call over a whole
 * region of resident pages and divided by the pages; fork + exit + wait is
 * timed per fork.
 *
 * Output: one line per result, "bench NAME key=value ...", or
 * "bench NAME ... n/a reason=ERRNO" when the kernel lacks what the
 * benchmark needs (fork on Faultline before it had fork).  The fl_* rows time
 * Faultline's own memset/memcpy: tools/bench/run copies their machine code
 * out of the kernel ELF and links it in as fl_kmemset/fl_kmemcpy (built with
 * -DWITH_FAULTLINE_STRING), so they are exactly the instructions the
 * kernel executes to clear or copy a page.  x86-64: rep_stosb_4k and
 * rep_movsq_4k are Linux's clear_page_erms and copy_page (REP_GOOD) bodies.
 * AArch64: clear_page_4k and copy_page_4k are Linux 6.1's arm64 clear_page
 * (DC ZVA) and copy_page (ldp/stnp), instruction for instruction as in
 * Debian's arm64 Image, called as the kernel calls them;
 * clear_page_stnp_4k is clear_page's loop for when DC ZVA is prohibited.
 * The timer_overhead line says which clock was used.
 *
 * As PID 1 on Linux it opens /dev/console if it has no stdout, and powers the
 * machine off at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <cpuid.h>
#elif defined(__aarch64__)
#include <sys/auxv.h>
#else
#error "faultbench is for x86-64 and AArch64"
#endif

#define PAGE 4096UL

#ifdef WITH_FAULTLINE_STRING
void *fl_kmemset(void *dst, int c, size_t n);
void *fl_kmemcpy(void *restrict dst, const void *restrict src, size_t n);
#endif

#if defined(__x86_64__)
static int have_rdtscp;
#endif
static long npages = 65536, rounds = 3, kops = 8192, sweep_rounds = 1;
static const char *only;

/* ---- the clock ---- */

#if defined(__x86_64__)
static inline uint64_t tstart(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t tstop(void)
{
	uint32_t lo, hi;
	if (have_rdtscp)
		__asm__ volatile("rdtscp; lfence" : "=a"(lo), "=d"(hi) : : "rcx", "memory");
	else
		__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}
#elif defined(__aarch64__)
/* The sum of 16 back-to-back reads of CNTVCT_EL0 in units of 1/16 tick,
 * scaled to nanoseconds by clk_num / clk_den = 10^9 / (16 x CNTFRQ_EL0),
 * reduced (1 / 1 at QEMU's 62.5 MHz); see "The clock" above.  Everything
 * after the first read is one asm block, so the instructions it adds to a
 * timed interval are always the same ones (16 MRS, ISB, 15 ADD, MUL, UDIV)
 * and the baseline removes them. */
static uint64_t clk_num = 1, clk_den = 1, clk_frq;

#define CNTVCT_MRS(n) "mrs %" #n ", cntvct_el0\n\t"
#define CNTVCT_ADD(n) "add %0, %0, %" #n "\n\t"

static inline uint64_t clk_read16(void)
{
	uint64_t v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;
	__asm__ volatile("isb\n\t"
			 CNTVCT_MRS(0) CNTVCT_MRS(1) CNTVCT_MRS(2) CNTVCT_MRS(3)
			 CNTVCT_MRS(4) CNTVCT_MRS(5) CNTVCT_MRS(6) CNTVCT_MRS(7)
			 CNTVCT_MRS(8) CNTVCT_MRS(9) CNTVCT_MRS(10) CNTVCT_MRS(11)
			 CNTVCT_MRS(12) CNTVCT_MRS(13) CNTVCT_MRS(14) CNTVCT_MRS(15)
			 "isb\n\t"
			 CNTVCT_ADD(1) CNTVCT_ADD(2) CNTVCT_ADD(3) CNTVCT_ADD(4)
			 CNTVCT_ADD(5) CNTVCT_ADD(6) CNTVCT_ADD(7) CNTVCT_ADD(8)
			 CNTVCT_ADD(9) CNTVCT_ADD(10) CNTVCT_ADD(11) CNTVCT_ADD(12)
			 CNTVCT_ADD(13) CNTVCT_ADD(14) CNTVCT_ADD(15)
			 "mul %0, %0, %16\n\t"
			 "udiv %0, %0, %17"
			 : "=&r"(v0), "=&r"(v1), "=&r"(v2), "=&r"(v3), "=&r"(v4), "=&r"(v5),
			   "=&r"(v6), "=&r"(v7), "=&r"(v8), "=&r"(v9), "=&r"(v10), "=&r"(v11),
			   "=&r"(v12), "=&r"(v13), "=&r"(v14), "=&r"(v15)
			 : "r"(clk_num), "r"(clk_den)
			 : "memory");
	(void)v1; (void)v2; (void)v3; (void)v4; (void)v5; (void)v6; (void)v7; (void)v8;
	(void)v9; (void)v10; (void)v11; (void)v12; (void)v13; (void)v14; (void)v15;
	return v0;
}

static inline uint64_t tstart(void) { return clk_read16(); }
static inline uint64_t tstop(void) { return clk_read16(); }

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Read the counter's frequency and set the scale (before any timing). */
static void clk_init(void)
{
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(clk_frq));
	if (clk_frq) {
		uint64_t g = gcd_u64(1000000000u, 16 * clk_frq);
		clk_num = 1000000000u / g;
		clk_den = 16 * clk_frq / g;
	}
}
#endif

/* The timed operations: each a function of its own so that the code between
 * the two clock reads is the same whether the page is mapped or not. */
__attribute__((noinline)) static uint64_t t_empty(void)
{
	uint64_t a = tstart();
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_write(volatile char *p)
{
	uint64_t a = tstart();
	*p = 1;
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_read(volatile char *p)
{
	uint64_t a = tstart();
	(void)*p;
	return tstop() - a;
}

#if defined(__x86_64__)
__attribute__((noinline)) static uint64_t t_getppid(void)
{
	long ret;
	uint64_t a = tstart();
	__asm__ volatile("syscall" : "=a"(ret) : "a"(110L) : "rcx", "r11", "memory");
	uint64_t d = tstop() - a;
	(void)ret;
	return d;
}
#elif defined(__aarch64__)
__attribute__((noinline)) static uint64_t t_getppid(void)
{
	register long x0 __asm__("x0");
	register long x8 __asm__("x8") = 173;	/* __NR_getppid */
	uint64_t a = tstart();
	__asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
	uint64_t d = tstop() - a;
	(void)x0;
	return d;
}
#endif

static void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

__attribute__((noinline)) static uint64_t t_mmap_munmap(void)
{
	uint64_t a = tstart();
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, PAGE);
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_mmap_touch_munmap(void)
{
	uint64_t a = tstart();
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		*(volatile char *)p = 1;
	munmap(p, PAGE);
	return tstop() - a;
}

static char *page_a, *page_b;	/* two resident pages for the floors */

__attribute__((noinline)) static uint64_t t_memset(void)
{
	uint64_t a = tstart();
	memset(page_a, 0, PAGE);
	__asm__ volatile("" : : "r"(page_a) : "memory");
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_memcpy(void)
{
	uint64_t a = tstart();
	memcpy(page_a, page_b, PAGE);
	__asm__ volatile("" : : "r"(page_a) : "memory");
	return tstop() - a;
}

#if defined(__x86_64__)
__attribute__((noinline)) static uint64_t t_rep_stosb(void)
{
	void *d = page_a;
	size_t n = PAGE;
	uint64_t a = tstart();
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(0) : "memory");
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_rep_movsq(void)
{
	void *d = page_a, *s = page_b;
	size_t n = PAGE / 8;
	uint64_t a = tstart();
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_rep_stosq(void)
{
	void *d = page_a;
	size_t n = PAGE / 8;
	uint64_t a = tstart();
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(0L) : "memory");
	return tstop() - a;
}

/* The shape of Linux 6.1's copy_page_regs (arch/x86/lib/copy_page_64.S),
 * which copy_page runs on CPUs without X86_FEATURE_REP_GOOD: 59 rounds of
 * eight loads, a prefetch and eight stores, then 5 rounds without the
 * prefetch.  Same instruction count per page, which is what icount sees. */
__attribute__((noinline)) static uint64_t t_copy_page_regs(void)
{
	void *d = page_a, *s = page_b;
	uint64_t a = tstart();
	__asm__ volatile(
		"subq $16, %%rsp\n\t"
		"movq %%rbx, (%%rsp)\n\t"
		"movq %%r12, 8(%%rsp)\n\t"
		"movl $(4096/64)-5, %%ecx\n\t"
		"1: dec %%rcx\n\t"
		"movq 0x00(%%rsi), %%rax\n\t"
		"movq 0x08(%%rsi), %%rbx\n\t"
		"movq 0x10(%%rsi), %%rdx\n\t"
		"movq 0x18(%%rsi), %%r8\n\t"
		"movq 0x20(%%rsi), %%r9\n\t"
		"movq 0x28(%%rsi), %%r10\n\t"
		"movq 0x30(%%rsi), %%r11\n\t"
		"movq 0x38(%%rsi), %%r12\n\t"
		"prefetcht0 5*64(%%rsi)\n\t"
		"movq %%rax, 0x00(%%rdi)\n\t"
		"movq %%rbx, 0x08(%%rdi)\n\t"
		"movq %%rdx, 0x10(%%rdi)\n\t"
		"movq %%r8,  0x18(%%rdi)\n\t"
		"movq %%r9,  0x20(%%rdi)\n\t"
		"movq %%r10, 0x28(%%rdi)\n\t"
		"movq %%r11, 0x30(%%rdi)\n\t"
		"movq %%r12, 0x38(%%rdi)\n\t"
		"leaq 64(%%rsi), %%rsi\n\t"
		"leaq 64(%%rdi), %%rdi\n\t"
		"jnz 1b\n\t"
		"movl $5, %%ecx\n\t"
		"2: decl %%ecx\n\t"
		"movq 0x00(%%rsi), %%rax\n\t"
		"movq 0x08(%%rsi), %%rbx\n\t"
		"movq 0x10(%%rsi), %%rdx\n\t"
		"movq 0x18(%%rsi), %%r8\n\t"
		"movq 0x20(%%rsi), %%r9\n\t"
		"movq 0x28(%%rsi), %%r10\n\t"
		"movq 0x30(%%rsi), %%r11\n\t"
		"movq 0x38(%%rsi), %%r12\n\t"
		"movq %%rax, 0x00(%%rdi)\n\t"
		"movq %%rbx, 0x08(%%rdi)\n\t"
		"movq %%rdx, 0x10(%%rdi)\n\t"
		"movq %%r8,  0x18(%%rdi)\n\t"
		"movq %%r9,  0x20(%%rdi)\n\t"
		"movq %%r10, 0x28(%%rdi)\n\t"
		"movq %%r11, 0x30(%%rdi)\n\t"
		"movq %%r12, 0x38(%%rdi)\n\t"
		"leaq 64(%%rdi), %%rdi\n\t"
		"leaq 64(%%rsi), %%rsi\n\t"
		"jnz 2b\n\t"
		"movq (%%rsp), %%rbx\n\t"
		"movq 8(%%rsp), %%r12\n\t"
		"addq $16, %%rsp"
		: "+D"(d), "+S"(s)
		:
		: "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");
	return tstop() - a;
}

#elif defined(__aarch64__)
/*
 * Linux 6.1's arm64 page primitives, instruction for instruction as they are
 * in Debian's arm64 Image (linux-image-6.1.0-*-arm64; arch/arm64/lib/
 * clear_page.S and copy_page.S, alternatives applied for a CPU with
 * hardware prefetch, as QEMU's -cpu max), and called the way the kernel
 * calls them (BL ... RET), as fl_kmemset/fl_kmemcpy are.
 *
 * clear_page zeroes a page with DC ZVA, one instruction per block of
 * 4 << DCZID_EL0.BS bytes (64 bytes on QEMU's -cpu max: 64 DC ZVA a page).
 * Under icount that is about 6 + 64 x 4 instructions for 4 KiB, much less
 * than the work: compare fault paths with the clear counted separately
 * (FACTS.md).  It falls back to a loop of STNP XZR (clear_page_stnp_4k,
 * timed here on its own: the loop and its RET) when DCZID_EL0.DZP says
 * DC ZVA is prohibited.  copy_page moves 128 bytes a round with eight
 * LDP and eight STNP (non-temporal stores); the NOPs are where the
 * prefetches for CPUs without hardware prefetch (ThunderX) would be
 * patched in, and count as instructions as they do in the kernel.
 * HINT #34 is BTI C, the landing pad Debian's kernel (CONFIG_ARM64_BTI)
 * starts every function with.
 */
void linux_clear_page(void *dst);
void linux_clear_page_stnp(void *dst);
void linux_copy_page(void *dst, const void *src);
__asm__(".text\n"
	".p2align 4\n"
	".type linux_clear_page, %function\n"
	"linux_clear_page:\n"
	"	hint #34\n"
	"	mrs x1, dczid_el0\n"
	"	tbnz w1, #4, 2f\n"
	"	and w1, w1, #0xf\n"
	"	mov x2, #4\n"
	"	lsl x1, x2, x1\n"
	"1:	dc zva, x0\n"
	"	add x0, x0, x1\n"
	"	tst x0, #0xfff\n"
	"	b.ne 1b\n"
	"	ret\n"
	"2:	stnp xzr, xzr, [x0]\n"
	"	stnp xzr, xzr, [x0, #16]\n"
	"	stnp xzr, xzr, [x0, #32]\n"
	"	stnp xzr, xzr, [x0, #48]\n"
	"	add x0, x0, #0x40\n"
	"	tst x0, #0xfff\n"
	"	b.ne 2b\n"
	"	ret\n"
	".size linux_clear_page, . - linux_clear_page\n"
	".p2align 4\n"
	".type linux_clear_page_stnp, %function\n"
	"linux_clear_page_stnp:\n"
	"1:	stnp xzr, xzr, [x0]\n"
	"	stnp xzr, xzr, [x0, #16]\n"
	"	stnp xzr, xzr, [x0, #32]\n"
	"	stnp xzr, xzr, [x0, #48]\n"
	"	add x0, x0, #0x40\n"
	"	tst x0, #0xfff\n"
	"	b.ne 1b\n"
	"	ret\n"
	".size linux_clear_page_stnp, . - linux_clear_page_stnp\n"
	".p2align 4\n"
	".type linux_copy_page, %function\n"
	"linux_copy_page:\n"
	"	hint #34\n"
	"	nop\n"
	"	nop\n"
	"	nop\n"
	"	ldp x2, x3, [x1]\n"
	"	ldp x4, x5, [x1, #16]\n"
	"	ldp x6, x7, [x1, #32]\n"
	"	ldp x8, x9, [x1, #48]\n"
	"	ldp x10, x11, [x1, #64]\n"
	"	ldp x12, x13, [x1, #80]\n"
	"	ldp x14, x15, [x1, #96]\n"
	"	ldp x16, x17, [x1, #112]\n"
	"	add x0, x0, #0x100\n"
	"	add x1, x1, #0x80\n"
	"1:	tst x0, #0xfff\n"
	"	nop\n"
	"	stnp x2, x3, [x0, #-256]\n"
	"	ldp x2, x3, [x1]\n"
	"	stnp x4, x5, [x0, #-240]\n"
	"	ldp x4, x5, [x1, #16]\n"
	"	stnp x6, x7, [x0, #-224]\n"
	"	ldp x6, x7, [x1, #32]\n"
	"	stnp x8, x9, [x0, #-208]\n"
	"	ldp x8, x9, [x1, #48]\n"
	"	stnp x10, x11, [x0, #-192]\n"
	"	ldp x10, x11, [x1, #64]\n"
	"	stnp x12, x13, [x0, #-176]\n"
	"	ldp x12, x13, [x1, #80]\n"
	"	stnp x14, x15, [x0, #-160]\n"
	"	ldp x14, x15, [x1, #96]\n"
	"	stnp x16, x17, [x0, #-144]\n"
	"	ldp x16, x17, [x1, #112]\n"
	"	add x0, x0, #0x80\n"
	"	add x1, x1, #0x80\n"
	"	b.ne 1b\n"
	"	stnp x2, x3, [x0, #-256]\n"
	"	stnp x4, x5, [x0, #-240]\n"
	"	stnp x6, x7, [x0, #-224]\n"
	"	stnp x8, x9, [x0, #-208]\n"
	"	stnp x10, x11, [x0, #-192]\n"
	"	stnp x12, x13, [x0, #-176]\n"
	"	stnp x14, x15, [x0, #-160]\n"
	"	stnp x16, x17, [x0, #-144]\n"
	"	ret\n"
	".size linux_copy_page, . - linux_copy_page\n");

__attribute__((noinline)) static uint64_t t_clear_page(void)
{
	uint64_t a = tstart();
	linux_clear_page(page_a);
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_clear_page_stnp(void)
{
	uint64_t a = tstart();
	linux_clear_page_stnp(page_a);
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_copy_page(void)
{
	uint64_t a = tstart();
	linux_copy_page(page_a, page_b);
	return tstop() - a;
}
#endif

#ifdef WITH_FAULTLINE_STRING
__attribute__((noinline)) static uint64_t t_fl_memset(void)
{
	uint64_t a = tstart();
	fl_kmemset(page_a, 0, PAGE);
	return tstop() - a;
}

__attribute__((noinline)) static uint64_t t_fl_memcpy(void)
{
	uint64_t a = tstart();
	fl_kmemcpy(page_a, page_b, PAGE);
	return tstop() - a;
}
#endif

/* ---- statistics ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Median of n samples (sorts them); the mean goes to *mean. */
static uint32_t median_u32(uint32_t *s, long n, double *mean)
{
	double sum = 0;
	for (long i = 0; i < n; i++)
		sum += s[i];
	if (mean)
		*mean = n ? sum / n : 0;
	qsort(s, n, sizeof(*s), cmp_u32);
	return n ? s[n / 2] : 0;
}

static int64_t median_i64(int64_t *v, int n)
{
	int64_t tmp[64];
	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_i64);
	return tmp[n / 2];
}

/* Results of one benchmark over its rounds. */
struct result {
	int n;
	int64_t med[64];	/* per-round median, baseline subtracted */
	double mean[64];	/* per-round mean, baseline subtracted */
};

static void add_round(struct result *r, int64_t med, double mean)
{
	if (r->n < 64) {
		r->med[r->n] = med;
		r->mean[r->n] = mean;
		r->n++;
	}
}

static void print_result(const char *prefix, const char *name, const char *params,
			 const struct result *r)
{
	int64_t lo = r->med[0], hi = r->med[0];
	int64_t means[64];
	for (int i = 0; i < r->n; i++) {
		if (r->med[i] < lo)
			lo = r->med[i];
		if (r->med[i] > hi)
			hi = r->med[i];
		means[i] = (int64_t)(r->mean[i] + 0.5);
	}
	printf("%s %s %s per_op=%lld min=%lld max=%lld mean=%lld rounds=%d\n", prefix, name, params,
	       (long long)median_i64((int64_t *)r->med, r->n), (long long)lo, (long long)hi,
	       (long long)median_i64(means, r->n), r->n);
	fflush(stdout);
}

static void print_na(const char *name, const char *params, int err)
{
	printf("bench %s %s n/a reason=%s\n", name, params,
	       err == ENOSYS ? "ENOSYS" : err == ENOMEM ? "ENOMEM" : err == EAGAIN ? "EAGAIN" : "error");
	fflush(stdout);
}

static int wanted(const char *name)
{
	if (!only)
		return 1;
	size_t len = strlen(name);
	for (const char *p = only; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == len && !strncmp(p, name, len))
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

/* ---- benchmarks ---- */

static uint32_t *samples;	/* resident before any measurement */
static long nsamples;
static uint32_t base_empty, base_write, base_read;

static void die(const char *what)
{
	printf("faultbench: %s failed: errno %d\n", what, errno);
	fflush(stdout);
	exit(1);
}

static uint32_t clip(uint64_t d) { return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d; }

/* Median of the timed function over k calls, baseline not subtracted. */
static uint32_t median_of(uint64_t (*fn)(void), long k, double *mean)
{
	if (k > nsamples)
		k = nsamples;
	for (long i = 0; i < k; i++)
		samples[i] = clip(fn());
	return median_u32(samples, k, mean);
}

static void calibrate(void)
{
	char *p = map_anon(PAGE);
	if (!p)
		die("mmap");
	*(volatile char *)p = 1;
	for (int i = 0; i < 64; i++) {	/* warm up */
		t_empty();
		t_write(p);
		t_read(p);
	}
	long k = kops < 1024 ? kops : 1024;
	base_empty = median_of(t_empty, k, NULL);
	for (long i = 0; i < k; i++)
		samples[i] = clip(t_write(p));
	base_write = median_u32(samples, k, NULL);
	for (long i = 0; i < k; i++)
		samples[i] = clip(t_read(p));
	base_read = median_u32(samples, k, NULL);
	munmap(p, PAGE);
#if defined(__x86_64__)
	printf("bench timer_overhead ops=%ld per_op=%u write_resident=%u read_resident=%u rdtscp=%d\n",
	       k, base_empty, base_write, base_read, have_rdtscp);
#elif defined(__aarch64__)
	/* timer: CNTVCT_EL0 read 16 times and summed, in ns (see the top) */
	printf("bench timer_overhead ops=%ld per_op=%u write_resident=%u read_resident=%u "
	       "timer=cntvct_el0 reads=16 cntfrq=%llu scale=%llu/%llu\n",
	       k, base_empty, base_write, base_read, (unsigned long long)clk_frq,
	       (unsigned long long)clk_num, (unsigned long long)clk_den);
#endif
	fflush(stdout);
}

/* Touch each of n pages at base with fn, timing each; median and mean less bl. */
static void touch_pages(char *base, long n, uint64_t (*fn)(volatile char *), uint32_t bl,
			int64_t *med, double *mean)
{
	for (long i = 0; i < n; i++)
		samples[i] = clip(fn(base + i * PAGE));
	double m;
	*med = (int64_t)median_u32(samples, n, &m) - bl;
	*mean = m - bl;
}

static void bench_faults(const char *prefix, long n, int nrounds, int with_extras)
{
	char params[64];
	struct result wf = { 0 }, rf = { 0 }, war = { 0 }, un = { 0 };
	size_t len = n * PAGE;

	snprintf(params, sizeof(params), "pages=%ld bytes=%zu", n, len);
	for (int r = 0; r < nrounds; r++) {
		int64_t med;
		double mean;
		if (wanted("write_fault") || wanted("munmap_resident")) {
			char *a = map_anon(len);
			if (!a)
				die("mmap of the region");
			touch_pages(a, n, t_write, base_write, &med, &mean);
			add_round(&wf, med, mean);
			uint64_t t = tstart();
			munmap(a, len);
			uint64_t d = tstop() - t - base_empty;
			add_round(&un, (int64_t)(d / n), (double)d / n);
		}
		if (wanted("read_fault") || wanted("write_after_read")) {
			char *b = map_anon(len);
			if (!b)
				die("mmap of the region");
			touch_pages(b, n, t_read, base_read, &med, &mean);
			add_round(&rf, med, mean);
			if (with_extras) {
				touch_pages(b, n, t_write, base_write, &med, &mean);
				add_round(&war, med, mean);
			}
			munmap(b, len);
		}
	}
	if (wf.n && wanted("write_fault"))
		print_result(prefix, "write_fault", params, &wf);
	if (rf.n && wanted("read_fault"))
		print_result(prefix, "read_fault", params, &rf);
	if (war.n && wanted("write_after_read"))
		print_result(prefix, "write_after_read", params, &war);
	if (un.n && with_extras && wanted("munmap_resident"))
		print_result(prefix, "munmap_resident", params, &un);
}

/* One call benchmark: rounds of k calls, medians less the empty timing. */
static void bench_calls(const char *name, uint64_t (*fn)(void))
{
	if (!wanted(name))
		return;
	struct result res = { 0 };
	char params[32];
	long k = kops < nsamples ? kops : nsamples;
	for (int i = 0; i < 16; i++)
		fn();
	for (int r = 0; r < rounds; r++) {
		double mean;
		uint32_t m = median_of(fn, k, &mean);
		add_round(&res, (int64_t)m - base_empty, mean - base_empty);
	}
	snprintf(params, sizeof(params), "ops=%ld", k);
	print_result("bench", name, params, &res);
}

/* Copy-on-write: the child writes each page the parent still maps. */
struct cow_shared { int64_t med; double mean; int ok; };

static void bench_cow(void)
{
	if (!wanted("cow_fault"))
		return;
	char params[64];
	size_t len = npages * PAGE;
	struct result res = { 0 };
	struct cow_shared *sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	snprintf(params, sizeof(params), "pages=%ld bytes=%zu", npages, len);
	if (sh == MAP_FAILED)
		die("mmap MAP_SHARED");
	for (int r = 0; r < rounds; r++) {
		char *a = map_anon(len);
		if (!a)
			die("mmap of the region");
		for (long i = 0; i < npages; i++)
			a[i * PAGE] = 2;
		sh->ok = 0;
		pid_t pid = fork();
		if (pid < 0) {
			int e = errno;
			munmap(a, len);
			munmap(sh, PAGE);
			print_na("cow_fault", params, e);
			return;
		}
		if (pid == 0) {
			/* The sample buffer is private memory the parent wrote: write
			 * each of its pages first so that its own copy-on-write faults
			 * happen before the measurement. */
			for (long i = 0; i < nsamples; i += PAGE / sizeof(*samples))
				samples[i] = 0;
			touch_pages(a, npages, t_write, base_write, &sh->med, &sh->mean);
			sh->ok = 1;
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		if (sh->ok)
			add_round(&res, sh->med, sh->mean);
		munmap(a, len);
	}
	munmap(sh, PAGE);
	if (res.n)
		print_result("bench", "cow_fault", params, &res);
}

/* fork + _exit + waitpid with `mib` MiB of private memory resident. */
static void bench_fork(long mib)
{
	if (!wanted("fork_exit_wait"))
		return;
	char params[64];
	size_t len = (size_t)mib << 20;
	char *a = NULL;
	struct result res = { 0 };
	int reps = rounds < 5 ? 5 : rounds;

	snprintf(params, sizeof(params), "resident_mib=%ld", mib);
	if (len) {
		a = map_anon(len);
		if (!a)
			die("mmap of the region");
		for (size_t i = 0; i < len; i += PAGE)
			a[i] = 3;
	}
	for (int r = 0; r < reps; r++) {
		uint64_t t = tstart();
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			print_na("fork_exit_wait", params, errno);
			break;
		}
		int st;
		waitpid(pid, &st, 0);
		int64_t d = (int64_t)(tstop() - t) - base_empty;
		add_round(&res, d, (double)d);
	}
	if (a)
		munmap(a, len);
	if (res.n)
		print_result("bench", "fork_exit_wait", params, &res);
}

static long parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	switch (*end) {
	case 'k': case 'K': v *= 1024; break;
	case 'm': case 'M': v *= 1024 * 1024; break;
	case 'g': case 'G': v *= 1024.0 * 1024 * 1024; break;
	case 0: break;
	default: return -1;
	}
	return (long)(v / PAGE);
}

#if defined(__x86_64__)
/* Linux's own view of the CPU: does /proc/cpuinfo list FLAG?  -1 if unknown. */
static int cpuinfo_has(const char *flag)
{
	static char buf[16384];
	static int loaded;
	if (!loaded) {
		loaded = -1;
		FILE *f = fopen("/proc/cpuinfo", "r");
		if (f) {
			char line[8192];
			while (fgets(line, sizeof(line), f)) {
				if (!strncmp(line, "flags", 5)) {
					snprintf(buf, sizeof(buf), " %s", strchr(line, ':') ? strchr(line, ':') + 1 : line);
					buf[strcspn(buf, "\n")] = ' ';
					loaded = 1;
					break;
				}
			}
			fclose(f);
		}
	}
	if (loaded < 0)
		return -1;
	char tok[64];
	snprintf(tok, sizeof(tok), " %s ", flag);
	return strstr(buf, tok) != NULL;
}
#endif

static void usage(void)
{
	printf("usage: faultbench [-n PAGES] [-s SIZE] [-r ROUNDS] [-k OPS] [--only NAME,...] "
	       "[--sweep SIZE,...] [--sweep-rounds N]\n");
	fflush(stdout);
}

static void finish(int status)
{
	fflush(stdout);
	fflush(stderr);
	if (getpid() == 1) {
		/* Linux's /init: power off (on Faultline this fails, exit does it). */
		reboot(RB_POWER_OFF);
	}
	exit(status);
}

int main(int argc, char **argv)
{
	const char *sweep = NULL;
#if defined(__x86_64__)
	unsigned a, b, c, d;
#endif
	int status = 0;

	/* Linux's /init may start without descriptors when the initramfs has
	 * no /dev/console (the kernel's built-in one usually provides it). */
	if (getpid() == 1 && fcntl(1, F_GETFD) < 0) {
		mkdir("/dev", 0755);
		mknod("/dev/console", S_IFCHR | 0600, makedev(5, 1));
		int fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
#if defined(__x86_64__)
	{
		uint32_t lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		printf("faultbench start tsc=%llu\n", (unsigned long long)hi << 32 | lo);
		fflush(stdout);
	}
#elif defined(__aarch64__)
	/* "tsc" here is the guest clock in ns, as rdtsc is on x86-64 under
	 * icount: CNTVCT_EL0 x 10^9 / CNTFRQ_EL0 (16 ns steps at 62.5 MHz). */
	clk_init();
	{
		uint64_t v;
		__asm__ volatile("isb; mrs %0, cntvct_el0; isb" : "=r"(v) : : "memory");
		printf("faultbench start tsc=%llu\n",
		       clk_frq ? (unsigned long long)((unsigned __int128)v * 1000000000u / clk_frq) : 0ULL);
		fflush(stdout);
	}
#endif

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(arg, "-n") && val) {
			npages = strtol(val, NULL, 0);
			i++;
		} else if (!strcmp(arg, "-s") && val) {
			npages = parse_size(val);
			i++;
		} else if (!strcmp(arg, "-r") && val) {
			rounds = strtol(val, NULL, 0);
			i++;
		} else if (!strcmp(arg, "-k") && val) {
			kops = strtol(val, NULL, 0);
			i++;
		} else if (!strcmp(arg, "--only") && val) {
			only = val;
			i++;
		} else if (!strcmp(arg, "--sweep-rounds") && val) {
			sweep_rounds = strtol(val, NULL, 0);
			i++;
		} else if (!strcmp(arg, "--sweep") && val) {
			sweep = val;
			i++;
		} else {
			usage();
			finish(2);
		}
	}
	if (npages < 1 || rounds < 1 || rounds > 64 || kops < 1 || sweep_rounds < 1 || sweep_rounds > 64) {
		usage();
		finish(2);
	}

#if defined(__x86_64__)
	if (__get_cpuid(0x80000001, &a, &b, &c, &d))
		have_rdtscp = !!(d & (1u << 27));
	int erms = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 9));
	int thp = prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	char vendor[13] = { 0 };
	unsigned family = 0, model = 0;
	if (__get_cpuid(0, &a, &b, &c, &d)) {
		memcpy(vendor, &b, 4);
		memcpy(vendor + 4, &d, 4);
		memcpy(vendor + 8, &c, 4);
	}
	if (__get_cpuid(1, &a, &b, &c, &d)) {
		family = (a >> 8) & 0xf;
		model = (a >> 4) & 0xf;
		if (family == 0xf)
			family += (a >> 20) & 0xff;
		if (family >= 6)
			model |= ((a >> 16) & 0xf) << 4;
	}
	/* Which page clear (clear_page_erms / _rep / _orig) and copy (rep movsq
	 * or copy_page_regs) Linux patches in depends on X86_FEATURE_ERMS and
	 * X86_FEATURE_REP_GOOD.  As Linux's /init we read them from
	 * /proc/cpuinfo; otherwise guess as Linux 6.1 x86-64 decides REP_GOOD
	 * (cpu/intel.c: family 6; cpu/amd.c: K8 from stepping C, family 0x10 on;
	 * Hygon). */
	struct utsname un;
	int on_linux = uname(&un) == 0 && !strstr(un.release, "faultline");
	const char *source = "cpuid";
	int rep_good = (!strcmp(vendor, "GenuineIntel") && family == 6) ||
		       (!strcmp(vendor, "AuthenticAMD") && family >= 0x10) ||
		       !strcmp(vendor, "HygonGenuine");
	if (!strcmp(vendor, "AuthenticAMD") && family == 0xf && __get_cpuid(1, &a, &b, &c, &d))
		rep_good = (a >= 0x0f48 && a < 0x0f50) || a >= 0x0f58;
	if (on_linux && getpid() == 1) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	if (on_linux && cpuinfo_has("fpu") == 1) {
		source = "cpuinfo";
		rep_good = cpuinfo_has("rep_good");
		erms = cpuinfo_has("erms");
	}
	printf("faultbench pages=%ld rounds=%ld ops=%ld thp_disable=%s kernel=%s cpu=%s family=%#x "
	       "model=%#x erms=%d rep_good=%d flags_from=%s linux_clear=%s linux_copy=%s\n",
	       npages, rounds, kops, thp == 0 ? "ok" : "failed", uname(&un) == 0 ? un.release : "?",
	       vendor, family, model, erms, rep_good, source,
	       erms ? "rep_stosb_4k" : rep_good ? "rep_stosq_4k" : "unknown",
	       rep_good ? "rep_movsq_4k" : "copy_page_regs_4k");
#elif defined(__aarch64__)
	int thp = prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	struct utsname un;
	/* Which page clear Linux 6.1 arm64 runs: clear_page uses DC ZVA unless
	 * DCZID_EL0.DZP prohibits it (the kernel sees DZP = 0 unless a
	 * hypervisor traps DC ZVA; user space sees DZP = 1 when the kernel
	 * leaves SCTLR_EL1.DZE clear, so this is the best guess from here).
	 * There is one copy_page. */
	uint64_t dczid;
	__asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
	printf("faultbench pages=%ld rounds=%ld ops=%ld thp_disable=%s kernel=%s cpu=aarch64 "
	       "hwcap=%#lx hwcap2=%#lx dczid=%#llx zva_bytes=%u timer=cntvct_el0x16 cntfrq=%llu "
	       "linux_clear=%s linux_copy=%s\n",
	       npages, rounds, kops, thp == 0 ? "ok" : "failed", uname(&un) == 0 ? un.release : "?",
	       getauxval(AT_HWCAP), getauxval(AT_HWCAP2), (unsigned long long)dczid,
	       4u << (dczid & 0xf), (unsigned long long)clk_frq,
	       dczid & 0x10 ? "clear_page_stnp_4k" : "clear_page_4k", "copy_page_4k");
#endif

	/* The sample buffer: one slot per page of the largest region, mapped and
	 * written before any measurement so that storing a sample never faults. */
	long maxpages = npages;
	if (sweep) {
		for (const char *p = sweep; *p;) {
			long pg = parse_size(p);
			if (pg > maxpages)
				maxpages = pg;
			p = strchr(p, ',');
			if (!p)
				break;
			p++;
		}
	}
	nsamples = maxpages > kops ? maxpages : kops;
	if (nsamples < 1024)
		nsamples = 1024;
	samples = map_anon(nsamples * sizeof(*samples));
	page_a = map_anon(2 * PAGE);
	if (!samples || !page_a)
		die("mmap of the sample buffer");
	page_b = page_a + PAGE;
	memset(samples, 0, nsamples * sizeof(*samples));
	memset(page_a, 1, 2 * PAGE);

	calibrate();

	/* The sweep first: its largest region needs the most free memory. */
	if (sweep) {
		char *list = strdup(sweep);
		for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
			long pg = parse_size(tok);
			if (pg < 1) {
				usage();
				finish(2);
			}
			bench_faults("sweep", pg, (int)sweep_rounds, 0);
		}
		free(list);
		/* Back to a buffer sized for the rest, so that what is resident
		 * during the fork benchmarks does not depend on the sweep. */
		long want = npages > kops ? npages : kops;
		if (want < 1024)
			want = 1024;
		if (want < nsamples) {
			munmap(samples, nsamples * sizeof(*samples));
			nsamples = want;
			samples = map_anon(nsamples * sizeof(*samples));
			if (!samples)
				die("mmap of the sample buffer");
			memset(samples, 0, nsamples * sizeof(*samples));
		}
	}

	bench_faults("bench", npages, (int)rounds, 1);
	bench_cow();
	bench_calls("getppid", t_getppid);
	bench_calls("mmap_munmap", t_mmap_munmap);
	bench_calls("mmap_touch_munmap", t_mmap_touch_munmap);
	bench_calls("memset_4k", t_memset);
	bench_calls("memcpy_4k", t_memcpy);
#if defined(__x86_64__)
	bench_calls("rep_stosb_4k", t_rep_stosb);
	bench_calls("rep_stosq_4k", t_rep_stosq);
	bench_calls("rep_movsq_4k", t_rep_movsq);
	bench_calls("copy_page_regs_4k", t_copy_page_regs);
#elif defined(__aarch64__)
	bench_calls("clear_page_4k", t_clear_page);
	bench_calls("clear_page_stnp_4k", t_clear_page_stnp);
	bench_calls("copy_page_4k", t_copy_page);
#endif
#ifdef WITH_FAULTLINE_STRING
	bench_calls("fl_memset_4k", t_fl_memset);
	bench_calls("fl_memcpy_4k", t_fl_memcpy);
#endif
	bench_fork(0);
	bench_fork(64);
	bench_fork(256);
	printf("faultbench done\n");
	finish(status);
}
