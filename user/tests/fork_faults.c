/*
 * Copy-on-write as the page-fault counters see it: in the child, reading an
 * inherited page costs nothing and writing it one fault; the zero page stays
 * the zero page until written; the parent copies too; brk memory and shared
 * memory behave as on Linux.
 */
#include "common.h"
#include <sys/resource.h>
#include <sys/wait.h>

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(void)
{
	size_t P = page_size();
	unsigned char *priv = map_anon(4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	unsigned char *zero = map_anon(2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	volatile long *report = (volatile long *)map_anon(P, PROT_READ | PROT_WRITE, MAP_SHARED);
	volatile unsigned char sink;
	int status;

	priv[0] = 1;
	priv[P] = 2;
	sink = zero[0];			/* maps the zero page */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		long a = minflt();
		sink = priv[0];
		long b = minflt();
		priv[0] = 10;
		long c = minflt();
		priv[0] = 11;
		long d = minflt();
		zero[5] = 3;
		long e = minflt();
		sink = priv[2 * P];	/* never touched before the fork */
		long f = minflt();
		report[0] = b - a;
		report[1] = c - b;
		report[2] = d - c;
		report[3] = e - d;
		report[4] = f - e;
		report[5] = priv[0] == 11 && zero[5] == 3;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("child: read inherited page %ld fault(s)\n", report[0]);
	printf("child: first write to it %ld, second write %ld\n", report[1], report[2]);
	printf("child: write to the inherited zero page %ld\n", report[3]);
	printf("child: read of a page untouched before fork %ld\n", report[4]);
	check("child saw its own writes", report[5]);
	check("parent still sees its values", priv[0] == 1 && priv[P] == 2 && zero[5] == 0);
	long a = minflt();
	priv[P] = 20;			/* the child is gone: its copy was freed */
	long b = minflt();
	printf("parent: write after the child exited %ld fault(s)\n", b - a);

	/* both alive: the parent's write copies */
	report[6] = 0;
	pid = fork();
	if (pid == 0) {
		while (!report[6])
			;
		report[7] = priv[P];
		_exit(0);
	}
	a = minflt();
	priv[P] = 30;
	b = minflt();
	report[6] = 1;
	waitpid(pid, &status, 0);
	printf("parent: write while the child lives %ld fault(s); child still reads %ld\n", b - a, report[7]);
	(void)sink;
	return 0;
}
