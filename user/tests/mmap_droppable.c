/*
 * MAP_DROPPABLE (Linux 6.11): private anonymous memory whose pages the
 * kernel may drop under memory pressure.  What a program sees, on a kernel
 * with no pressure: it reads zero until written, keeps what is written, is
 * not inherited by fork (the child finds it empty), refuses MAP_LOCKED and
 * MAP_GROWSDOWN, and needs MAP_ANONYMOUS.  Linux 6.1 does not know the type
 * (EINVAL): the output depends on the kernel, and Faultline follows the
 * oracle's version.
 */
#include "common.h"
#include <sys/resource.h>
#include <sys/wait.h>

#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(void)
{
	size_t P = page_size();
	int rw = PROT_READ | PROT_WRITE;

	SHOW_MAP("MAP_DROPPABLE without MAP_ANONYMOUS", mmap(NULL, P, rw, MAP_DROPPABLE, -1, 0));
	SHOW_MAP("MAP_DROPPABLE|MAP_LOCKED", mmap(NULL, P, rw, MAP_DROPPABLE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0));
	SHOW_MAP("MAP_DROPPABLE|MAP_GROWSDOWN",
		 mmap(NULL, P, rw, MAP_DROPPABLE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
	unsigned char *p = mmap(NULL, 4 * P, rw, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("MAP_DROPPABLE|MAP_ANONYMOUS = MAP_FAILED %s\n", errno_name(errno));
		return 0;
	}
	printf("MAP_DROPPABLE|MAP_ANONYMOUS = ok\n");
	long a = minflt();
	volatile unsigned char v = p[0];
	long b = minflt();
	p[P] = 7;
	long c = minflt();
	printf("read of an untouched page: %d, %ld fault(s); first write: %ld fault(s)\n", v, b - a, c - b);
	p[0] = 5;
	SHOW("mlock", mlock(p, 4 * P));
	SHOW("mprotect read-only", mprotect(p, P, PROT_READ));
	printf("values kept: %s\n", p[0] == 5 && p[P] == 7 ? "yes" : "no");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("child reads %d and %d (wiped on fork)\n", p[0], p[P]);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("parent still reads %d and %d\n", p[0], p[P]);
	SHOW("munmap", munmap(p, 4 * P));
	return 0;
}
