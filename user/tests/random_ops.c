// diff-pagesize: 4096
// diff-cases: 1 2 3 4 5 6 7 8 29,2000
/*
 * random_ops SEED [COUNT] - a seeded random sequence of COUNT (default 1000)
 * operations on anonymous memory, one output line each, so that Linux and
 * Faultline can be compared line by line.
 *
 * Everything happens in a window of NPAGES pages between two PROT_NONE
 * shared guard regions (so nothing of ours merges with them, and the
 * kernel's top-down search sees the window's holes first), 2 MiB-aligned
 * (so Linux's fault-around blocks fall the same way every run), plus the brk
 * area (raw SYS_brk, NBRK pages above the page-aligned initial break).
 * Addresses are printed as window pages ("p12"), brk pages ("b3") or
 * "outside", never as numbers.
 *
 * The operations: mmap (private/shared, FIXED, FIXED_NOREPLACE, hints,
 * NULL, POPULATE, every PROT, bad arguments), munmap, mprotect, mremap
 * (shrink, grow, MAYMOVE, FIXED, DONTUNMAP, shared duplicate), madvise,
 * mincore, msync, brk, and read/write/execute probes under a SA_SIGINFO
 * handler on an alternate stack that reports signal, si_code and whether
 * si_addr is the probed address.  Read and write probes also print the
 * ru_minflt delta.
 *
 * A model of the window (page -> unmapped / private value / shared object
 * page, and its protection) follows Linux's semantics; probes compare their
 * outcome and the value read with it and print "MISMATCH(...)" where they
 * differ.  Natively there must be none (the exit status is 1 otherwise): a
 * mismatch on Linux is a bug in the model, not in Linux.
 */
#include "common.h"

#include <setjmp.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MADV_FREE
#define MADV_FREE 8
#endif
#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN 0x01000000
#endif
#ifndef PROT_GROWSUP
#define PROT_GROWSUP 0x02000000
#endif
#ifndef SEGV_PKUERR
#define SEGV_PKUERR 4
#endif

/* The byte that fills a page the exec probe may run (see probe_exec), and
 * the alignment of instructions. */
#if defined(__aarch64__)
#define RET_BYTE 0x00
#define EXEC_ALIGN 4u
#else
#define RET_BYTE 0xc3
#define EXEC_ALIGN 1u
#endif

#define NPAGES 256		/* the window */
#define GUARD 16		/* PROT_NONE guard pages on each side */
#define NBRK 48			/* brk pages used above the initial break */
#define NOBJ (NPAGES + 8)	/* shared objects alive at once, at most */

static size_t P;
static unsigned char *win;	/* window page 0 */
static uintptr_t brk_base;	/* page-aligned initial break */
static uintptr_t brk_cur;	/* the break as the kernel last reported it */

/* ------------------------------------------------------------------ model */

enum { UNMAPPED, PRIVATE, SHARED };

struct mpage {
	unsigned char kind;	/* UNMAPPED, PRIVATE, SHARED */
	unsigned char prot;	/* PROT_READ | PROT_WRITE | PROT_EXEC */
	unsigned char val;	/* private: every byte of the page */
	unsigned char unknown;	/* private: val cannot be known (see op_madvise) */
	unsigned char locked;	/* mlock'ed, as far as the model can tell (a superset) */
	short obj;		/* shared: object and page index in it */
	int idx;
};

struct mobj {
	int refs;		/* model pages referring to it; 0 = free */
	int size;		/* pages; beyond it accesses get SIGBUS */
	unsigned char val[NPAGES];
};

static struct mpage W[NPAGES];	/* the window */
static struct mpage B[NBRK];	/* the brk pages */
static struct mobj OBJ[NOBJ];

static void page_drop(struct mpage *m)
{
	if (m->kind == SHARED)
		OBJ[m->obj].refs--;
	memset(m, 0, sizeof(*m));
}

static void page_set(struct mpage *m, const struct mpage *v)
{
	struct mpage copy = *v;

	if (copy.kind == SHARED)
		OBJ[copy.obj].refs++;
	page_drop(m);
	*m = copy;
}

static int obj_new(int size)
{
	for (int i = 0; i < NOBJ; i++) {
		if (OBJ[i].refs == 0) {
			memset(&OBJ[i], 0, sizeof(OBJ[i]));
			OBJ[i].size = size;
			return i;
		}
	}
	fflush(stdout);
	say(2, "random_ops: out of model objects\n");
	exit(2);
}

/* The value a page's bytes hold; -1 when an access gets SIGBUS. */
static int page_val(const struct mpage *m)
{
	if (m->kind == PRIVATE)
		return m->val;
	if (m->kind == SHARED)
		return m->idx < OBJ[m->obj].size ? OBJ[m->obj].val[m->idx] : -1;
	return 0;
}

static void page_store(struct mpage *m, unsigned char v)
{
	if (m->kind == PRIVATE)
		m->val = v, m->unknown = 0;
	else if (m->kind == SHARED && m->idx < OBJ[m->obj].size)
		OBJ[m->obj].val[m->idx] = v;
}

/* What the window looks like to a fresh mapping of n pages at page at. */
static void model_map(int at, int n, int shared, int prot)
{
	int o = shared ? obj_new(n) : -1;

	for (int i = 0; i < n; i++) {
		struct mpage v = { .kind = shared ? SHARED : PRIVATE, .prot = (unsigned char)(prot & 7) };
		if (shared) {
			v.obj = (short)o;
			v.idx = i;
		}
		page_set(&W[at + i], &v);
	}
}

static void model_unmap(int at, int n)
{
	for (int i = 0; i < n; i++)
		page_drop(&W[at + i]);
}

/* The page that grows a mapping whose last page is last, by k pages. */
static struct mpage grown(const struct mpage *last, int k)
{
	struct mpage v = *last;

	if (v.kind == PRIVATE)
		v.val = 0;
	else
		v.idx += k;
	return v;
}

/* Expected outcome of an access, as a signal and si_code (0, 0 if none). */
enum { ACC_READ, ACC_WRITE, ACC_EXEC };

static void predict(const struct mpage *m, int acc, int *sig, int *code)
{
	int prot = m->prot;
	*sig = 0;
	*code = 0;
	if (m->kind == UNMAPPED) {
		*sig = SIGSEGV;
		*code = SEGV_MAPERR;
		return;
	}
	/* without protection keys (x86) or execute-only (arm64): write and exec imply read */
	int ok = acc == ACC_READ ? prot != 0 : acc == ACC_WRITE ? (prot & PROT_WRITE) != 0 : (prot & PROT_EXEC) != 0;
	/* Linux handles an instruction fetch from a non-present page of an
	 * accessible region as a read fault first: beyond a shared object's
	 * end that is SIGBUS, not SEGV_ACCERR. */
#if defined(__x86_64__)
	if (!ok && !(acc == ACC_EXEC && prot != 0 && page_val(m) < 0)) {
#else	/* arm64 Linux checks an instruction fetch against VM_EXEC at once */
	if (!ok) {
#endif
		*sig = SIGSEGV;
		*code = SEGV_ACCERR;
		return;
	}
	if (page_val(m) < 0) {
		*sig = SIGBUS;
		*code = BUS_ADRERR;
	}
}

/* ------------------------------------------------------------------ output */

static long mismatches;
static char outbuf[1 << 16];

static const char *prot_str(long prot)
{
	static char s[4][24];
	static int k;
	char *p = s[k++ & 3];

	p[0] = prot & PROT_READ ? 'R' : '-';
	p[1] = prot & PROT_WRITE ? 'W' : '-';
	p[2] = prot & PROT_EXEC ? 'X' : '-';
	p[3] = 0;
	if (prot & ~7L)
		snprintf(p + 3, 21, "|%#lx", (unsigned long)(prot & ~7L));
	return p;
}

static const char *code_name(int sig, int code)
{
	static char buf[24];

	if (code == 0x80)
		return "SI_KERNEL";
	if (sig == SIGSEGV) {
		switch (code) {
		case SEGV_MAPERR: return "SEGV_MAPERR";
		case SEGV_ACCERR: return "SEGV_ACCERR";
		case SEGV_PKUERR: return "SEGV_PKUERR";
		}
	} else if (sig == SIGBUS) {
		switch (code) {
		case BUS_ADRALN: return "BUS_ADRALN";
		case BUS_ADRERR: return "BUS_ADRERR";
		case BUS_OBJERR: return "BUS_OBJERR";
		}
	}
	snprintf(buf, sizeof(buf), "code %d", code);
	return buf;
}

/* Where an address returned by the kernel lies: "p12", "b3" or "outside". */
static const char *where(uintptr_t a)
{
	static char buf[2][32];
	static int k;
	char *p = buf[k++ & 1];
	uintptr_t w = (uintptr_t)win;

	if (a >= w && a < w + NPAGES * P)
		snprintf(p, 32, "p%lu%s", (unsigned long)((a - w) / P), (a - w) % P ? "+unaligned" : "");
	else
		snprintf(p, 32, "outside");
	return p;
}

/* A break relative to brk_base: "+3p", "+3p+100", "-2p+4000". */
static const char *brk_str(uintptr_t b)
{
	static char buf[2][48];
	static int k;
	char *p = buf[k++ & 1];
	long d = (long)(b - brk_base);
	long pages = d >= 0 ? d / (long)P : -((-d + (long)P - 1) / (long)P);
	long rest = d - pages * (long)P;

	if (d > (long)(1024 * P) || d < -(long)(1024 * P))
		snprintf(p, 48, "far");
	else if (rest)
		snprintf(p, 48, "%+ldp+%ld", pages, rest);
	else
		snprintf(p, 48, "%+ldp", pages);
	return p;
}

static void result(long r, int err)
{
	if (r == -1)
		printf(" -> %s", errno_name(err));
	else
		printf(" -> ok");
}

/* ----------------------------------------------------------- random numbers */

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	return n ? (unsigned)(xorshift64(&rng) % n) : 0;
}

static int chance(unsigned percent)
{
	return rnd(100) < percent;
}

/* A length in pages: mostly small, sometimes large. */
static int rlen(void)
{
	unsigned r = rnd(100);
	if (r < 50)
		return 1 + (int)rnd(4);
	if (r < 85)
		return 5 + (int)rnd(12);
	return 17 + (int)rnd(48);
}

/* A range [*s, *s + *n) inside the window. */
static void rrange(int *s, int *n)
{
	*n = rlen();
	if (*n > NPAGES)
		*n = NPAGES;
	*s = (int)rnd((unsigned)(NPAGES - *n + 1));
}

/* A mapped window page, or a random one when none is (or by chance). */
static int rmapped(void)
{
	int mapped = 0;
	for (int i = 0; i < NPAGES; i++)
		mapped += W[i].kind != UNMAPPED;
	if (mapped == 0 || chance(25))
		return (int)rnd(NPAGES);
	int k = (int)rnd((unsigned)mapped);
	for (int i = 0; i < NPAGES; i++)
		if (W[i].kind != UNMAPPED && k-- == 0)
			return i;
	return 0;
}

static unsigned char *pg(int i)
{
	return win + (size_t)i * P;
}

/* ------------------------------------------------------------------ probes */

static sigjmp_buf probe_jb;
static volatile sig_atomic_t in_probe;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static char altstack[1 << 16];

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (!in_probe) {
		say(2, "random_ops: ");
		say(2, signal_name(sig));
		say(2, " outside a probe\n");
		_exit(3);
	}
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	in_probe = 0;
	siglongjmp(probe_jb, 1);
}

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Each probe returns 0, or -1 with got_sig/got_code/got_addr set. */
static volatile unsigned char probe_val;
static volatile int probe_uniform;

static __attribute__((noinline)) int probe_read(volatile unsigned char *p)
{
	got_sig = 0;
	if (sigsetjmp(probe_jb, 1))
		return -1;
	in_probe = 1;
	unsigned char v = *p;
	/* the rest of the page must hold the same value */
	const volatile uint64_t *q = (const volatile uint64_t *)((uintptr_t)p & ~(uintptr_t)(P - 1));
	uint64_t want = 0x0101010101010101ULL * v;
	int uniform = 1;
	for (size_t i = 0; i < P / 8; i++)
		if (q[i] != want)
			uniform = 0;
	in_probe = 0;
	probe_val = v;
	probe_uniform = uniform;
	return 0;
}

static __attribute__((noinline)) int probe_write(volatile unsigned char *p, unsigned char v)
{
	got_sig = 0;
	if (sigsetjmp(probe_jb, 1))
		return -1;
	in_probe = 1;
	*p = v;				/* the probed byte first: si_addr is p */
	volatile uint64_t *q = (volatile uint64_t *)((uintptr_t)p & ~(uintptr_t)(P - 1));
	uint64_t fill = 0x0101010101010101ULL * v;
	for (size_t i = 0; i < P / 8; i++)
		q[i] = fill;
	in_probe = 0;
	return 0;
}

#if defined(__x86_64__)
/* Call p, where a ret (0xc3) should be.  %rax is 0 at the call, so that if
 * a kernel wrongly lets zeros run, their "add %al,(%rax)" faults at once on
 * page 0 instead of scribbling over the page; the red zone is stepped over. */
static __attribute__((noinline)) int probe_exec(volatile unsigned char *p)
{
	got_sig = 0;
	if (sigsetjmp(probe_jb, 1))
		return -1;
	in_probe = 1;
	__asm__ volatile("sub $128, %%rsp\n\t"
			 "xor %%eax, %%eax\n\t"
			 "call *%0\n\t"
			 "add $128, %%rsp"
			 :
			 : "r"(p)
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
	in_probe = 0;
	return 0;
}
#elif defined(__aarch64__)
/* Branch to p, where the word 0x00000000 should be: UDF #0, which raises
 * SIGILL (ILL_ILLOPC at p) once the instruction has been fetched, so a
 * fetch that was allowed ends in SIGILL and one that was not in SIGSEGV.
 * No byte-uniform word is a return on arm64, hence the undefined one. */
static __attribute__((noinline)) int probe_exec(volatile unsigned char *p)
{
	got_sig = 0;
	if (sigsetjmp(probe_jb, 1))
		return got_sig == SIGILL && got_code == ILL_ILLOPC && got_addr == (void *)p ? 0 : -1;
	in_probe = 1;
	__asm__ volatile("blr %0" :: "r"(p) : "x30", "memory");
	in_probe = 0;
	return -1;			/* came back: something ran that should not */
}
#else
#error "random_ops: no exec probe for this architecture"
#endif

static void print_sig(uintptr_t addr)
{
	printf(" -> %s %s addr=%s", signal_name(got_sig), code_name(got_sig, got_code),
	       yesno((uintptr_t)got_addr == addr));
}

/* A probe target: a window page, a brk page or a special address. */
struct target {
	char name[40];
	uintptr_t addr;
	struct mpage *m;	/* NULL: no model (special addresses) */
	int esig, ecode;	/* expected for specials */
};

static struct mpage unmapped_page;	/* all zero: UNMAPPED */
static struct mpage guard_page = { .kind = PRIVATE, .prot = 0 };

static void rtarget(struct target *t, int acc)
{
	unsigned r = rnd(100);
	unsigned off = rnd((unsigned)P);

	if (acc == ACC_EXEC)
		off &= ~(EXEC_ALIGN - 1);
	t->m = NULL;
	t->esig = SIGSEGV;
	if (r < 86) {
		int i = rmapped();
		snprintf(t->name, sizeof(t->name), "p%d+%#x", i, off);
		t->addr = (uintptr_t)pg(i) + off;
		t->m = &W[i];
	} else if (r < 95) {
		int i = (int)rnd(NBRK);
		if (chance(60)) {	/* prefer the mapped part */
			long n = (long)((brk_cur > brk_base ? brk_cur - brk_base + P - 1 : 0) / P);
			if (n > 0)
				i = (int)rnd((unsigned)n);
		}
		snprintf(t->name, sizeof(t->name), "b%d+%#x", i, off);
		t->addr = brk_base + (uintptr_t)i * P + off;
		t->m = &B[i];
	} else {
		switch (rnd(4)) {
		case 0:
			snprintf(t->name, sizeof(t->name), "null+%#x", off);
			t->addr = off;
			t->m = &unmapped_page;
			break;
		case 1:
			snprintf(t->name, sizeof(t->name), "kernel+%#x", off);
			t->addr = 0xffffffff80000000UL + off;
			t->m = &unmapped_page;	/* Linux: SEGV_MAPERR */
			break;
		case 2:
			snprintf(t->name, sizeof(t->name), "noncanonical+%#x", off);
			t->addr = 0x8000000000000000UL + off;
#if defined(__aarch64__)
			t->m = &unmapped_page;	/* the top byte is a tag (TBI): page 0, SEGV_MAPERR */
#else
			t->ecode = 0x80;	/* #GP: SI_KERNEL, no address */
#endif
			break;
		default:
			snprintf(t->name, sizeof(t->name), "guard+%#x", off);
			t->addr = (uintptr_t)win - P + off;
			t->m = &guard_page;
			break;
		}
	}
}

static void expect(const struct target *t, int acc, int *sig, int *code)
{
	if (t->m) {
		predict(t->m, acc, sig, code);
	} else {
		*sig = t->esig;
		*code = t->ecode;
	}
}

/* Compare the outcome with the model; print a mismatch if any. */
static void check_outcome(int r, int esig, int ecode)
{
	int sig = r ? got_sig : 0, code = r ? got_code : 0;

	if (sig == esig && code == ecode)
		return;
	mismatches++;
	if (esig)
		printf(" MISMATCH(model %s %s)", signal_name(esig), code_name(esig, ecode));
	else
		printf(" MISMATCH(model ok)");
}

static void op_read(void)
{
	struct target t;
	int esig, ecode;

	rtarget(&t, ACC_READ);
	expect(&t, ACC_READ, &esig, &ecode);
	printf("read %s", t.name);
	fflush(stdout);
	long before = minflt();
	int r = probe_read((volatile unsigned char *)t.addr);
	long faults = minflt() - before;
	if (r == 0)
		printf(" -> 0x%02x%s", probe_val, probe_uniform ? "" : " nonuniform");
	else
		print_sig(t.addr);
	printf(" faults %ld", faults);
	check_outcome(r, esig, ecode);
	if (r == 0 && !esig && t.m && !t.m->unknown && page_val(t.m) != probe_val) {
		mismatches++;
		printf(" MISMATCH(model 0x%02x)", page_val(t.m));
	}
}

static unsigned char rvalue(void)
{
	return chance(25) ? RET_BYTE : (unsigned char)(1 + rnd(255));
}

static void op_write(void)
{
	struct target t;
	int esig, ecode;
	unsigned char v = rvalue();

	rtarget(&t, ACC_WRITE);
	expect(&t, ACC_WRITE, &esig, &ecode);
	printf("write %s =0x%02x", t.name, v);
	fflush(stdout);
	long before = minflt();
	int r = probe_write((volatile unsigned char *)t.addr, v);
	long faults = minflt() - before;
	if (r == 0)
		printf(" -> ok");
	else
		print_sig(t.addr);
	printf(" faults %ld", faults);
	check_outcome(r, esig, ecode);
	if (r == 0 && t.m)
		page_store(t.m, v);
}

static void op_exec(void)
{
	struct target t;
	int esig, ecode;

	rtarget(&t, ACC_EXEC);
	expect(&t, ACC_EXEC, &esig, &ecode);
	printf("exec %s", t.name);
	if (!esig && t.m && (page_val(t.m) != RET_BYTE || t.m->unknown)) {
		/* executable but not a ret: make it one if we can */
		if (!(t.m->prot & PROT_WRITE)) {
			printf(" -> skipped (no ret there)");
			return;
		}
		fflush(stdout);
		if (probe_write((volatile unsigned char *)t.addr, RET_BYTE) != 0) {
			printf(" fill");
			print_sig(t.addr);
			check_outcome(-1, 0, 0);
			return;
		}
		page_store(t.m, RET_BYTE);
		printf(" (filled)");
	}
	if (!esig) {
		/* never run anything but a ret */
		if (probe_read((volatile unsigned char *)t.addr) != 0) {
			printf(" check");
			print_sig(t.addr);
			check_outcome(-1, 0, 0);
			return;
		}
		if (probe_val != RET_BYTE) {
			printf(" -> not run (byte 0x%02x)", probe_val);
			mismatches++;
			printf(" MISMATCH(model 0x%02x)", RET_BYTE);
			return;
		}
	}
	fflush(stdout);
	int r = probe_exec((volatile unsigned char *)t.addr);
	if (r == 0)
		printf(" -> ok");
	else
		print_sig(t.addr);
	check_outcome(r, esig, ecode);
}

/* ---------------------------------------------------------- system calls */

static long last_err;

/* Every operation flushes its description before it acts, so that if the
 * kernel under test dies, the output ends with the operation that killed it. */
#define CALL(expr) (fflush(stdout), errno = 0, last_err = 0, __extension__({ long r_ = (long)(expr); last_err = errno; r_; }))

/* Record a fresh mapping the kernel returned at a; unmap it if outside. */
static void took(long r, size_t len, int shared, int prot)
{
	if (r == -1)
		return;
	uintptr_t a = (uintptr_t)r, w = (uintptr_t)win;
	int n = (int)((len + P - 1) / P);
	if (a >= w && a + (size_t)n * P <= w + NPAGES * P && (a - w) % P == 0) {
		model_map((int)((a - w) / P), n, shared, prot);
	} else {
		printf(" (unmapped again)");
		if (raw_munmap((void *)a, (size_t)n * P) != 0)
			printf(" munmap failed %s", errno_name(errno));
	}
}

static void op_mmap(void)
{
	int s, n;
	long prot = (long)rnd(8);
	long flags = MAP_ANONYMOUS | (chance(70) ? MAP_PRIVATE : MAP_SHARED);
	long fd = -1, off = 0;
	uintptr_t addr = 0;
	size_t len;
	const char *mode;
	int bad = chance(10) ? (int)rnd(11) : -1;

	rrange(&s, &n);
	len = (size_t)n * P;
	unsigned m = rnd(100);
	if (m < 45) {
		mode = "fixed";
		flags |= MAP_FIXED;
		addr = (uintptr_t)pg(s);
	} else if (m < 60) {
		mode = "noreplace";
		flags |= MAP_FIXED_NOREPLACE;
		addr = (uintptr_t)pg(s);
	} else if (m < 85) {
		mode = "hint";
		addr = (uintptr_t)pg(s);
		if (chance(10)) {
			addr += 1 + rnd((unsigned)P - 1);
			mode = "hint-unaligned";
		}
	} else {
		mode = "null";
	}
	if (chance(15))
		flags |= MAP_POPULATE;
	if (chance(5))
		flags |= chance(50) ? 0x200000 : 0x800000;	/* unknown: ignored */
	if (chance(4))
		flags |= MAP_NORESERVE;
	if (chance(4))
		prot |= chance(50) ? 0x8 /* PROT_SEM */ : 0x10;	/* ignored by mmap */
	if (chance(5))
		len -= rnd((unsigned)P - 1);	/* rounded up */

	switch (bad) {
	case 0: len = 0; mode = "len0"; break;
	case 1: flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED; addr = (uintptr_t)pg(s) + 8; mode = "fixed-unaligned"; break;
	case 2: flags &= ~(long)MAP_TYPE; mode = "no-type"; break;
	case 3: flags |= MAP_TYPE & 3; mode = "private|shared"; break;
	case 4: flags &= ~(long)MAP_ANONYMOUS; mode = "fd-1"; break;
	case 5: off = 100; mode = "offset-unaligned"; break;
	case 6: len = (size_t)-2 * P; flags &= ~(long)(MAP_FIXED | MAP_FIXED_NOREPLACE); mode = "len-huge"; break;
	case 7: flags |= MAP_FIXED; addr = 0xffffffff80000000UL; mode = "fixed-kernel"; break;
	case 8: flags |= MAP_FIXED; addr = (uintptr_t)pg(s); len = (size_t)-1 - addr + 1 + P; mode = "fixed-overflow"; break;
	case 9: flags = (flags & ~(long)MAP_FIXED) | MAP_FIXED_NOREPLACE; addr = (uintptr_t)pg(s) + 100; mode = "noreplace-unaligned"; break;
	case 10: flags = (flags & ~(long)MAP_TYPE) | MAP_SHARED | MAP_GROWSDOWN | MAP_FIXED; addr = (uintptr_t)pg(s); mode = "shared-growsdown"; break;
	}

	int shared = (flags & MAP_TYPE) == MAP_SHARED;
	printf("mmap %s p%d+%d %s %s", mode, s, n, prot_str(prot), shared ? "shared" : (flags & MAP_TYPE) == MAP_PRIVATE ? "private" : "badtype");
	if (flags & MAP_POPULATE)
		printf(" populate");
	if (flags & MAP_NORESERVE)
		printf(" noreserve");
	if (flags & 0xa00000)
		printf(" unknown-flag");
	if (len != (size_t)n * P && bad < 0)
		printf(" len-unaligned");

	fflush(stdout);
	long before = minflt();
	long r = CALL(raw_mmap((void *)addr, len, prot, flags, fd, off));
	long faults = minflt() - before;
	if (r == -1) {
		printf(" -> %s", errno_name((int)last_err));
	} else {
		printf(" -> ok %s", where((uintptr_t)r));
		if (flags & MAP_POPULATE)
			printf(" faults %ld", faults);
		took(r, len, shared, (int)prot);
	}
}

static void op_munmap(void)
{
	int s, n;
	uintptr_t addr;
	size_t len;
	const char *what = "";

	rrange(&s, &n);
	addr = (uintptr_t)pg(s);
	len = (size_t)n * P;
	if (chance(10)) {
		switch (rnd(5)) {
		case 0: addr += 16; what = " unaligned"; break;
		case 1: len = 0; what = " len0"; break;
		case 2: addr = 0xffffffff80000000UL; what = " kernel"; break;
		case 3: len = (size_t)-P; what = " len-huge"; break;
		case 4: len -= rnd((unsigned)P - 1); what = " len-unaligned"; break;
		}
	}
	printf("munmap p%d+%d%s", s, n, what);
	long r = CALL(raw_munmap((void *)addr, len));
	result(r, (int)last_err);
	if (r == 0 && addr == (uintptr_t)pg(s))
		model_unmap(s, (int)((len + P - 1) / P));
}

static void op_mprotect(void)
{
	int s, n;
	long prot = (long)rnd(8);
	uintptr_t addr;
	size_t len;
	const char *what = "";

	rrange(&s, &n);
	addr = (uintptr_t)pg(s);
	len = (size_t)n * P;
	if (chance(4))
		prot |= 0x8;	/* PROT_SEM: accepted */
	if (chance(12)) {
		switch (rnd(8)) {
		case 0: prot |= 0x10; what = " unknown-bit"; break;
		case 1: prot |= 0x100; what = " unknown-bit"; break;
		case 2: prot |= PROT_GROWSDOWN; what = " growsdown"; break;
		case 3: prot |= PROT_GROWSUP; what = " growsup"; break;
		case 4: addr += 1; what = " unaligned"; break;
		case 5: len = 0; what = " len0"; break;
		case 6: addr = 0xffffffff80000000UL; what = " kernel"; break;
		case 7: len = (size_t)-P; what = " len-huge"; break;
		}
	} else if (chance(5)) {
		len -= rnd((unsigned)P - 1);
		what = " len-unaligned";
	}
	printf("mprotect p%d+%d %s%s", s, n, prot_str(prot & 0xff), what);
	long r = CALL(raw_mprotect((void *)addr, len, prot));
	result(r, (int)last_err);
	/* Linux changes the mapped pages from the start up to the first hole,
	 * even when it then fails with ENOMEM. */
	if ((r == 0 || last_err == ENOMEM) && addr == (uintptr_t)pg(s) && len && len <= (size_t)(NPAGES - s) * P &&
	    !(prot & ~0xfL)) {
		int e = s + (int)((len + P - 1) / P);
		for (int i = s; i < e && W[i].kind != UNMAPPED; i++)
			W[i].prot = (unsigned char)(prot & 7);
	}
}

/* Move the model's pages [s, s + n) to [d, d + n) (d may be -1: outside).
 * keep: the old range stays mapped (DONTUNMAP: private pages read zero). */
static void model_move(int s, int n, int d, int keep)
{
	static struct mpage tmp[NPAGES];

	for (int i = 0; i < n; i++) {
		tmp[i] = W[s + i];
		if (tmp[i].kind == SHARED)
			OBJ[tmp[i].obj].refs++;		/* held by tmp */
	}
	for (int i = 0; i < n; i++) {
		if (keep) {	/* DONTUNMAP: left empty and unlocked */
			if (W[s + i].kind == PRIVATE)
				W[s + i].val = 0, W[s + i].unknown = 0;
			W[s + i].locked = 0;
		} else {
			page_drop(&W[s + i]);
		}
	}
	for (int i = 0; i < n; i++) {
		if (d >= 0 && tmp[i].kind != UNMAPPED)
			page_set(&W[d + i], &tmp[i]);
		if (tmp[i].kind == SHARED)
			OBJ[tmp[i].obj].refs--;
	}
}

/* Check the pages [d, d + m) that the model says hold written data (a
 * nonzero value, readable, not beyond a shared object's end): after a
 * mremap they must have come along.  Pages holding zero are not read, so
 * as not to map pages that nothing else would have. */
static void verify(int d, int m)
{
	int checked = 0, bad = 0;

	for (int i = 0; i < m && d + i < NPAGES; i++) {
		struct mpage *w = &W[d + i];
		int v = page_val(w);
		if (w->kind == UNMAPPED || !w->prot || v <= 0 || w->unknown)
			continue;
		checked++;
		int r = probe_read(pg(d + i));
		if (r == 0 && probe_val == v && probe_uniform)
			continue;
		bad++;
		mismatches++;
		if (r)
			printf(" MISMATCH(p%d %s, model 0x%02x)", d + i, signal_name(got_sig), v);
		else
			printf(" MISMATCH(p%d 0x%02x%s, model 0x%02x)", d + i, probe_val,
			       probe_uniform ? "" : " nonuniform", v);
	}
	if (checked && !bad)
		printf(" verified %d", checked);
}

/*
 * The model follows current Linux; where Linux 6.1 did otherwise (the arm64
 * oracle is Debian 12's 6.1), it follows 6.1 when uname says so, as a
 * kernel that imitates 6.1 must say too.
 */
static int linux_before_6_17;

static void read_linux_version(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (uname(&u) == 0 && sscanf(u.release, "%u.%u", &major, &minor) == 2)
		linux_before_6_17 = major < 6 || (major == 6 && minor < 17);
}

static void op_mremap(void)
{
	int s, n, m, t = -1;
	long flags = 0;
	uintptr_t addr, new_addr = 0;
	size_t old_len, new_len;
	const char *kind;
	unsigned r = rnd(100);

	s = rmapped();
	n = rlen();
	if (n > NPAGES - s)
		n = NPAGES - s;
	/* mostly stay within the model's contiguous run of same-kind pages */
	if (chance(75) && W[s].kind != UNMAPPED) {
		int e = s;
		while (e < NPAGES && W[e].kind == W[s].kind && W[e].prot == W[s].prot &&
		       (W[e].kind != SHARED || (W[e].obj == W[s].obj && W[e].idx == W[s].idx + (e - s))))
			e++;
		if (n > e - s)
			n = 1 + (int)rnd((unsigned)(e - s));
	}
	m = n;
	if (r < 18) {
		kind = "shrink";
		m = n > 1 ? 1 + (int)rnd((unsigned)n - 1) : 1;
		flags = chance(30) ? MREMAP_MAYMOVE : 0;
	} else if (r < 45) {
		kind = "grow";
		m = n + 1 + (int)rnd(8);
		flags = chance(70) ? MREMAP_MAYMOVE : 0;
	} else if (r < 70) {
		kind = "fixed";
		m = chance(50) ? n : chance(50) ? n + 1 + (int)rnd(4) : 1 + (int)rnd((unsigned)n);
		flags = MREMAP_MAYMOVE | MREMAP_FIXED;
		if (m == n && chance(30))
			flags |= MREMAP_DONTUNMAP;
	} else if (r < 82) {
		kind = "dontunmap";
		flags = MREMAP_MAYMOVE | MREMAP_DONTUNMAP;
	} else if (r < 87) {
		kind = "same";
		flags = chance(50) ? MREMAP_MAYMOVE : 0;
	} else if (r < 92) {
		kind = "dup";
		n = 0;
		m = 1 + (int)rnd(8);
		flags = MREMAP_MAYMOVE;
		if (chance(40)) {
			flags |= MREMAP_FIXED;
			kind = "dup-fixed";
		}
	} else {
		kind = "bad";
	}
	if (m > NPAGES)
		m = NPAGES;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		t = (int)rnd((unsigned)(NPAGES - m + 1));
		new_addr = (uintptr_t)pg(t);
	}
	addr = (uintptr_t)pg(s);
	old_len = (size_t)n * P;
	new_len = (size_t)m * P;

	if (r >= 92) {
		switch (rnd(8)) {
		case 0: flags = 8; kind = "unknown-flag"; break;
		case 1: addr += 8; kind = "unaligned"; break;
		case 2: new_len = 0; kind = "new-len0"; break;
		case 3: flags = MREMAP_FIXED; t = (int)rnd(NPAGES); new_addr = (uintptr_t)pg(t); kind = "fixed-no-maymove"; break;
		case 4: flags = MREMAP_DONTUNMAP; kind = "dontunmap-no-maymove"; break;
		case 5: flags = MREMAP_MAYMOVE | MREMAP_DONTUNMAP; new_len += P; m++; kind = "dontunmap-resize"; break;
		case 6:	/* overlapping source and target: EINVAL */
			flags = MREMAP_MAYMOVE | MREMAP_FIXED;
			t = s + 1 + m <= NPAGES ? s + 1 : s;
			new_addr = (uintptr_t)pg(t);
			kind = "fixed-overlap";
			break;
		case 7: flags = MREMAP_MAYMOVE | MREMAP_FIXED; new_addr = (uintptr_t)pg(1) + 1; t = 1; kind = "fixed-unaligned"; break;
		}
	}
	printf("mremap %s p%d+%d -> %d", kind, s, n, m);
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		if (new_addr)
			printf(" at %s", where(new_addr));
		else
			printf(" at 0");
	}
	printf(" %s%s%s", flags & MREMAP_MAYMOVE ? "M" : "-", flags & MREMAP_FIXED ? "F" : "-",
	       flags & MREMAP_DONTUNMAP ? "D" : "-");

	long ret = CALL(syscall(SYS_mremap, (long)addr, (long)old_len, (long)new_len, flags, (long)new_addr));
	if (ret == -1) {
		printf(" -> %s", errno_name((int)last_err));
		/* A shared duplicate onto a target that covers its own source:
		 * the target is unmapped first, then the source is missing. */
		if (n == 0 && (flags == (MREMAP_MAYMOVE | MREMAP_FIXED)) && last_err == EFAULT &&
		    W[s].kind == SHARED && t <= s && s < t + m)
			model_unmap(t, m);
		/* Linux 6.1 checks the source after unmapping a MREMAP_FIXED
		 * target and cutting a shrinking source's tail, so a move that
		 * fails there (a range across regions, a private duplicate) has
		 * changed both.  It fails before that only for bad arguments,
		 * overlapping ranges and a source with nothing mapped at its start. */
		else if (linux_before_6_17 && r < 92 && (flags & MREMAP_FIXED) && W[s].kind != UNMAPPED &&
			 !(addr + old_len > new_addr && new_addr + new_len > addr)) {
			model_unmap(t, m);
			if (n > m)
				model_unmap(s + m, n - m);
		}
		return;
	}
	uintptr_t w = (uintptr_t)win, a = (uintptr_t)ret;
	int d = a >= w && a + new_len <= w + NPAGES * P ? (int)((a - w) / P) : -1;
	printf(" -> ok %s", ret == (long)addr ? "same" : where(a));
	if (addr != (uintptr_t)pg(s) || (flags & ~7L) || !new_len)
		return;		/* cannot have succeeded */

	struct mpage last = n > 0 ? W[s + n - 1] : W[s];
	int base_idx = W[s].idx;
	if (n == 0) {
		/* shared duplicate: the object's pages from s's on */
		for (int i = 0; i < m && d >= 0; i++) {
			struct mpage v = W[s];
			v.idx = base_idx + i;
			page_set(&W[d + i], &v);
		}
	} else if ((flags & MREMAP_FIXED) && m == n) {
		/* Linux 6.17+: a move of the same size may span several
		 * regions and holes; each mapped piece goes to the same offset
		 * from new_addr, only its own target is unmapped first. */
		for (int i = 0; i < n; i++) {
			if (W[s + i].kind == UNMAPPED)
				continue;
			model_move(s + i, 1, d >= 0 ? d + i : -1, (flags & MREMAP_DONTUNMAP) != 0);
		}
	} else if (flags & MREMAP_FIXED) {
		if (d >= 0)
			model_unmap(d, m);
		if (n > m) {
			model_unmap(s + m, n - m);
			n = m;
		}
		model_move(s, n, d, 0);
		for (int i = n; i < m && d >= 0; i++) {
			struct mpage v = grown(&last, i - n + 1);
			page_set(&W[d + i], &v);
		}
	} else if (m <= n) {
		model_unmap(s + m, n - m);
		if (a != addr)	/* DONTUNMAP, same size: moved */
			model_move(s, n, d, (flags & MREMAP_DONTUNMAP) != 0);
	} else if (a == addr) {
		for (int i = n; i < m; i++) {
			struct mpage v = grown(&last, i - n + 1);
			page_set(&W[s + i], &v);
		}
	} else {
		model_move(s, n, d, 0);
		for (int i = n; i < m && d >= 0; i++) {
			struct mpage v = grown(&last, i - n + 1);
			page_set(&W[d + i], &v);
		}
	}
	if (d >= 0)
		verify(d, m);
	if (d < 0) {
		printf(" (unmapped again)");
		if (raw_munmap((void *)a, new_len) != 0)
			printf(" munmap failed %s", errno_name(errno));
	}
}

static void op_madvise(void)
{
	static const struct { int advice; const char *name; unsigned weight; } advices[] = {
		{ MADV_DONTNEED, "DONTNEED", 35 }, { MADV_FREE, "FREE", 20 },
		{ MADV_WILLNEED, "WILLNEED", 10 }, { MADV_NORMAL, "NORMAL", 10 },
		{ MADV_RANDOM, "RANDOM", 5 }, { MADV_SEQUENTIAL, "SEQUENTIAL", 5 },
		{ 7, "unknown(7)", 5 }, { 77, "unknown(77)", 5 }, { 1000, "unknown(1000)", 5 },
	};
	int s, n;
	unsigned r = rnd(100), k = 0;
	uintptr_t addr;
	size_t len;
	const char *what = "";

	while (r >= advices[k].weight) {
		r -= advices[k].weight;
		k++;
	}
	rrange(&s, &n);
	addr = (uintptr_t)pg(s);
	len = (size_t)n * P;
	if (chance(8)) {
		switch (rnd(4)) {
		case 0: addr += 1; what = " unaligned"; break;
		case 1: len = 0; what = " len0"; break;
		case 2: addr = 0xffffffff80000000UL; what = " kernel"; break;
		case 3: len = (size_t)-P + 1; what = " len-huge"; break;
		}
	} else if (chance(5)) {
		len -= rnd((unsigned)P - 1);
		what = " len-unaligned";
	}
	printf("madvise p%d+%d %s%s", s, n, advices[k].name, what);
	long ret = CALL(madvise((void *)addr, len, advices[k].advice));
	result(ret, (int)last_err);
	/* DONTNEED zaps every mapped page of the range, holes or not... */
	if (advices[k].advice == MADV_DONTNEED && (ret == 0 || last_err == ENOMEM) && addr == (uintptr_t)pg(s) &&
	    len <= (size_t)(NPAGES - s) * P) {
		int e = s + (int)((len + P - 1) / P);
		for (int i = s; i < e && i < NPAGES; i++)
			if (W[i].kind == PRIVATE)
				W[i].val = 0, W[i].unknown = 0;
	}
	/* ...but stops with EINVAL at locked memory, after zapping what came
	 * before it.  The model's lock marks may cover more than the kernel's
	 * (current Linux unlocks a whole region when MREMAP_DONTUNMAP moves
	 * part of it), so from its first locked page on the values are unknown. */
	if (advices[k].advice == MADV_DONTNEED && ret == -1 && last_err == EINVAL &&
	    (!*what || !strcmp(what, " len-unaligned"))) {	/* a valid range: the lock said no */
		int e = s + n, i = s;
		for (; i < e && i < NPAGES && !W[i].locked; i++)
			if (W[i].kind == PRIVATE)
				W[i].val = 0, W[i].unknown = 0;
		for (; i < e && i < NPAGES; i++)
			if (W[i].kind == PRIVATE)
				W[i].unknown = 1;
	}
}

static unsigned char vec[NPAGES + 8];

static void op_mincore(void)
{
	int s, n;
	uintptr_t addr;
	size_t len;
	void *v = vec;
	const char *what = "";

	rrange(&s, &n);
	addr = (uintptr_t)pg(s);
	len = (size_t)n * P;
	if (chance(8)) {
		switch (rnd(5)) {
		case 0: addr += 1; what = " unaligned"; break;
		case 1: len = 0; what = " len0"; break;
		case 2: addr = 0xffffffff80000000UL; what = " kernel"; break;
		case 3: v = (void *)0xffffffff80000000UL; what = " vec-kernel"; break;
		case 4: v = (void *)8; what = " vec-null"; break;
		}
	} else if (chance(10)) {
		len -= rnd((unsigned)P - 1);
		what = " len-unaligned";
	}
	memset(vec, 0xff, sizeof(vec));
	printf("mincore p%d+%d%s", s, n, what);
	long ret = CALL(mincore((void *)addr, len, hide(v)));
	result(ret, (int)last_err);
	if (v == vec) {
		printf(" ");
		for (int i = 0; i < n; i++)
			putchar(vec[i] == 0xff ? '.' : vec[i] == 0 ? '0' : vec[i] == 1 ? '1' : '?');
	}
}

static void op_msync(void)
{
	static const struct { int flags; const char *name; } kinds[] = {
		{ MS_ASYNC, "ASYNC" }, { MS_SYNC, "SYNC" }, { MS_INVALIDATE, "INVALIDATE" },
		{ MS_ASYNC | MS_INVALIDATE, "ASYNC|INVALIDATE" }, { MS_SYNC | MS_INVALIDATE, "SYNC|INVALIDATE" },
		{ 0, "0" }, { MS_ASYNC | MS_SYNC, "ASYNC|SYNC" }, { 8, "unknown(8)" },
	};
	int s, n, k = (int)rnd(ARRAY_SIZE(kinds));
	uintptr_t addr;
	size_t len;
	const char *what = "";

	rrange(&s, &n);
	addr = (uintptr_t)pg(s);
	len = (size_t)n * P;
	if (chance(8)) {
		switch (rnd(3)) {
		case 0: addr += 1; what = " unaligned"; break;
		case 1: len = 0; what = " len0"; break;
		case 2: addr = 0xffffffff80000000UL; what = " kernel"; break;
		}
	}
	printf("msync p%d+%d %s%s", s, n, kinds[k].name, what);
	long ret = CALL(syscall(SYS_msync, (long)addr, (long)len, (long)kinds[k].flags));
	result(ret, (int)last_err);
}

/* mlock, munlock, mlock2(MLOCK_ONFAULT): locked pages are faulted in (and
 * counted), and locked memory refuses MADV_DONTNEED and MADV_FREE. */
static void op_mlock(void)
{
	static const char *const names[] = { "mlock", "munlock", "mlock2-onfault" };
	int s, n, k = (int)rnd(3);
	uintptr_t addr;
	size_t len;
	long ret;

	rrange(&s, &n);
	addr = (uintptr_t)pg(s);
	len = (size_t)n * P;
	printf("%s p%d+%d", names[k], s, n);
	if (k == 0)
		ret = CALL(syscall(SYS_mlock, (long)addr, (long)len));
	else if (k == 1)
		ret = CALL(syscall(SYS_munlock, (long)addr, (long)len));
	else
		ret = CALL(syscall(SYS_mlock2, (long)addr, (long)len, 1L));
	result(ret, (int)last_err);
	/* The regions up to the first hole change, even when ENOMEM follows. */
	if (ret == 0 || last_err == ENOMEM)
		for (int i = s; i < s + n && i < NPAGES && W[i].kind != UNMAPPED; i++)
			W[i].locked = k != 1;
}

static void model_brk(uintptr_t newbrk)
{
	long old_pages = brk_cur > brk_base ? (long)((brk_cur - brk_base + P - 1) / P) : 0;
	long new_pages = newbrk > brk_base ? (long)((newbrk - brk_base + P - 1) / P) : 0;

	for (long i = 0; i < NBRK; i++) {
		if (i >= new_pages) {
			memset(&B[i], 0, sizeof(B[i]));
		} else if (i >= old_pages) {
			B[i].kind = PRIVATE;
			B[i].prot = PROT_READ | PROT_WRITE;
			B[i].val = 0;
		}
	}
	brk_cur = newbrk;
}

static void op_brk(void)
{
	uintptr_t want;
	const char *what;
	unsigned r = rnd(100);

	if (r < 75) {
		want = brk_base + rnd(NBRK + 1) * P;
		what = "";
		if (chance(15)) {
			want -= P - 1 - rnd((unsigned)P - 1);	/* unaligned */
			if (want < brk_base)
				want = brk_base;
		}
	} else if (r < 82) {
		want = 0;
		what = " query";
	} else if (r < 88) {
		want = brk_base - 64 * P;
		what = " below-start";
	} else if (r < 94) {
		want = 0xffffffff80000000UL;
		what = " kernel";
	} else {
		want = (uintptr_t)win;	/* collides with mappings on the way */
		what = " onto-window";
	}
	printf("brk%s %s", what, want ? brk_str(want) : "0");
	long ret = CALL(syscall(SYS_brk, (long)want));
	printf(" -> %s", brk_str((uintptr_t)ret));
	if ((uintptr_t)ret <= brk_base + NBRK * P)
		model_brk((uintptr_t)ret);
	else
		printf(" (out of the model)");
}

/* --------------------------------------------------------------- main */

static void warm_up(void)
{
	/* Run every probe path once, so that the first counted probe does not
	 * also pay for our own code, data or stack pages. */
	unsigned char *p = pg(0);
	if (raw_mmap(p, P, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == -1)
		die("mmap warm-up");
	for (int i = 0; i < 3; i++) {
		minflt();
		probe_write(p + 7, RET_BYTE);
		probe_read(p + 9);
		probe_exec(p + (11 & ~(EXEC_ALIGN - 1)));
		probe_read(pg(1));
		probe_write(pg(1), 1);
		probe_exec(pg(1));
	}
	if (raw_munmap(p, P) != 0)
		die("munmap warm-up");
	memset(vec, 0, sizeof(vec));
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: random_ops SEED [COUNT]\n");
		return 2;
	}
	unsigned long seed = strtoul(argv[1], NULL, 0);
	long count = argc > 2 ? strtol(argv[2], NULL, 0) : 1000;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	P = page_size();
	read_linux_version();
	rng = seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
	for (int i = 0; i < 8; i++)
		xorshift64(&rng);

	/* The window: NPAGES free pages between two PROT_NONE guards of at
	 * least GUARD pages, starting on a 2 MiB boundary: Linux's fault-around
	 * maps the cached neighbours of a shared page within an aligned block
	 * (64 KiB) of one page table, so the window must sit the same way on
	 * the page tables from run to run, whatever ASLR picks. */
	const size_t align = 2u << 20;
	unsigned char *res = mmap(NULL, (NPAGES + 2 * GUARD) * P + align, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS,
				  -1, 0);
	if (res == MAP_FAILED)
		die("reserve");
	win = (unsigned char *)(((uintptr_t)res + GUARD * P + align - 1) & ~(uintptr_t)(align - 1));
	if (munmap(win, NPAGES * P) != 0)
		die("munmap window");

	/* The break: ours starts at the next page boundary. */
	brk_cur = (uintptr_t)syscall(SYS_brk, 0L);
	brk_base = (brk_cur + P - 1) & ~(uintptr_t)(P - 1);

	memset(altstack, 0, sizeof(altstack));
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	if (sigaltstack(&ss, NULL) != 0)
		die("sigaltstack");
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			die("sigaction");

	warm_up();

	printf("random_ops seed %lu count %ld\n", seed, count);
	fflush(stdout);

	static const struct { void (*fn)(void); unsigned weight; } ops[] = {
		{ op_read, 20 }, { op_write, 17 }, { op_exec, 6 }, { op_mmap, 14 }, { op_munmap, 6 },
		{ op_mprotect, 10 }, { op_mremap, 9 }, { op_madvise, 7 }, { op_mincore, 5 },
		{ op_msync, 2 }, { op_brk, 4 }, { op_mlock, 3 },
	};
	unsigned total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		total += ops[i].weight;

	for (long i = 0; i < count; i++) {
		unsigned r = rnd(total);
		size_t k = 0;
		while (r >= ops[k].weight) {
			r -= ops[k].weight;
			k++;
		}
		printf("%ld ", i);
		ops[k].fn();
		printf("\n");
		fflush(stdout);
	}
	printf("done: %ld operations, %ld mismatches with the model\n", count, mismatches);
	/* The model knows only part of Linux 6.1's differences (see
	 * linux_before_6_17): there its mismatches are printed, and so still
	 * compared between kernels, but do not fail the run. */
	return mismatches && !linux_before_6_17 ? 1 : 0;
}
