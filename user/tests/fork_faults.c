/*
 * Copy-on-write as the page-fault counters see it: in the child, reading an
 * inherited page costs nothing and writing it one fault; the zero page stays
 * the zero page until written; the parent copies too; brk memory and shared
 * memory behave as on Linux.
 */
#include "common.h"
#include <sys/resource.h>
#include <sys/wait.h>

/*
 * After a fork every stack page is write-protected, so the first write to
 * each costs a fault of its own: getrusage's result, a spilled local, a
 * return address.  Which pages those writes touch depends on where the
 * stack starts, which Linux randomises; so each measurement runs in a
 * function of its own (never inlined, called from main), right after
 * prefault_stack() has written the stack those calls will use.
 */
static __attribute__((noinline)) long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/*
 * glibc registers an rseq area in its thread block, and Linux writes the
 * current CPU into it on the way back to user mode after a migration or a
 * preemption: after a fork that write is a copy-on-write fault of its own,
 * at a moment nobody chose.  Writing the area's rseq_cs (0: no critical
 * section, which it already is) right after the fork takes that fault
 * first.  musl has no rseq (and no __rseq_size).
 */
extern const unsigned int __rseq_size __attribute__((weak));
extern const long __rseq_offset __attribute__((weak));

static void own_rseq_area(void)
{
	if (&__rseq_size && __rseq_size)
		*(volatile unsigned long long *)((char *)__builtin_thread_pointer() + __rseq_offset + 8) = 0;
}

static __attribute__((noinline)) void prefault_stack(void)
{
	volatile char buf[16384];

	own_rseq_area();
	for (size_t i = 0; i < sizeof(buf); i += 256)
		buf[i] = 0;
}

/* Read a byte and keep nothing (a store to a local would be a stack write). */
static inline void read_byte(const unsigned char *p)
{
	unsigned char v = *(const volatile unsigned char *)p;
	__asm__ volatile("" :: "r"(v));
}

/* The faults one write costs. */
static __attribute__((noinline)) long write_faults(unsigned char *p, unsigned char v)
{
	long a = minflt();
	*(volatile unsigned char *)p = v;
	return minflt() - a;
}

/* The child's side of the first fork: the faults of each access in turn. */
static __attribute__((noinline)) void child_accesses(unsigned char *priv, unsigned char *zero, size_t P,
						     volatile long *report)
{
	long a = minflt();
	read_byte(&priv[0]);
	long b = minflt();
	priv[0] = 10;
	long c = minflt();
	priv[0] = 11;
	long d = minflt();
	zero[5] = 3;
	long e = minflt();
	read_byte(&priv[2 * P]);	/* never touched before the fork */
	long f = minflt();
	report[0] = b - a;
	report[1] = c - b;
	report[2] = d - c;
	report[3] = e - d;
	report[4] = f - e;
	report[5] = priv[0] == 11 && zero[5] == 3;
}

int main(void)
{
	size_t P = page_size();
	unsigned char *priv = map_anon(4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	unsigned char *zero = map_anon(2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	volatile long *report = (volatile long *)map_anon(P, PROT_READ | PROT_WRITE, MAP_SHARED);
	int status;

	priv[0] = 1;
	priv[P] = 2;
	read_byte(&zero[0]);			/* maps the zero page */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		prefault_stack();
		child_accesses(priv, zero, P, report);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("child: read inherited page %ld fault(s)\n", report[0]);
	printf("child: first write to it %ld, second write %ld\n", report[1], report[2]);
	printf("child: write to the inherited zero page %ld\n", report[3]);
	printf("child: read of a page untouched before fork %ld\n", report[4]);
	check("child saw its own writes", report[5]);
	check("parent still sees its values", priv[0] == 1 && priv[P] == 2 && zero[5] == 0);
	prefault_stack();
	/* the child is gone: its copy was freed, the page is the parent's alone */
	printf("parent: write after the child exited %ld fault(s)\n", write_faults(&priv[P], 20));

	/* both alive: the parent's write copies */
	report[6] = 0;
	pid = fork();
	if (pid == 0) {
		while (!report[6])
			;
		report[7] = priv[P];
		_exit(0);
	}
	prefault_stack();
	long n = write_faults(&priv[P], 30);
	report[6] = 1;
	waitpid(pid, &status, 0);
	printf("parent: write while the child lives %ld fault(s); child still reads %ld\n", n, report[7]);
	return 0;
}
