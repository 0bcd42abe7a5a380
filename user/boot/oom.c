/*
 * Memory exhaustion: several children each touch memory until there is no
 * more.  The kernel must kill the faulting ones (SIGKILL) or refuse their
 * mmap (ENOMEM), never panic; then everything comes back and the parent can
 * use the memory again.  Faultline only: natively this would exhaust the host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 6
#define CHUNK (16ul << 20)

static unsigned long free_mib(void)
{
	struct sysinfo si;
	sysinfo(&si);
	return si.freeram * si.mem_unit >> 20;
}

static void hog(void)
{
	for (;;) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);	/* refused: also acceptable */
		for (size_t off = 0; off < CHUNK; off += 4096)
			p[off] = 1;
	}
}

int main(void)
{
	int killed = 0, refused = 0, other = 0, status;
	unsigned long before = free_mib(), after;

	for (int i = 0; i < CHILDREN; i++) {
		pid_t pid = fork();
		if (pid == 0)
			hog();
		if (pid < 0) {
			printf("fork failed\n");
			return 1;
		}
	}
	for (int i = 0; i < CHILDREN; i++) {
		if (wait(&status) < 0)
			break;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			killed++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
			refused++;
		else
			other++;
	}
	after = free_mib();
	printf("children: %d killed by SIGKILL, %d refused by mmap, %d other\n", killed, refused, other);
	printf("free memory back: %s\n", after + 2 >= before ? "yes" : "no");
	/* and the memory is usable again */
	size_t n = (size_t)(before / 2) << 20;
	char *p = malloc(n);
	if (!p)
		return 1;
	memset(p, 7, n);
	printf("parent touched %s of memory afterwards: %s\n", "half", p[n - 1] == 7 ? "ok" : "bad");
	printf("survived: %s\n", killed + refused == CHILDREN && other == 0 ? "yes" : "no");
	return 0;
}
