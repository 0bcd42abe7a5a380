/*
 * Region merging after mprotect, as /proc/self/maps shows it: Linux keeps
 * regions apart when their commit charge (VM_ACCOUNT) differs, and gives
 * the charge back on becoming read-only only while a region has never had
 * a page of its own.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <fcntl.h>
static char *w;
static int regions(void) {
	char buf[65536]; int fd = open("/proc/self/maps", O_RDONLY); long n = read(fd, buf, sizeof buf - 1); close(fd); buf[n] = 0;
	int c = 0; for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) { unsigned long a, b; sscanf(l, "%lx-%lx", &a, &b); if (b > (unsigned long)w && a < (unsigned long)w + 16*4096) c++; }
	return c;
}
/* A = pages 0-3 created p1, B = 4-7 created p2; then mprotect the range [s, e) to newp */
static void t(const char *what, int p1, int p2, int s, int e, int newp, int touch) {
	munmap(w, 16*4096);
	mmap(w, 4*4096, p1, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0);
	mmap(w+4*4096, 4*4096, p2, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0);
	if (touch & 1) { mprotect(w, 4*4096, PROT_READ|PROT_WRITE); w[0] = 1; mprotect(w, 4*4096, p1); }
	if (touch & 2) { mprotect(w+4*4096, 4*4096, PROT_READ|PROT_WRITE); w[4*4096] = 1; mprotect(w+4*4096, 4*4096, p2); }
	int before = regions();
	mprotect(w + s*4096, (e-s)*4096, newp);
	printf("%-46s regions before %d, after %d\n", what, before, regions());
}
int main(void) {
	w = mmap(0, 16*4096, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	t("A RW, B R; A -> R only", PROT_READ|PROT_WRITE, PROT_READ, 0, 4, PROT_READ, 0);
	t("A RW, B NONE; A -> NONE only", PROT_READ|PROT_WRITE, PROT_NONE, 0, 4, PROT_NONE, 0);
	t("A R, B R, A written via RW; A->R", PROT_READ, PROT_READ, 0, 4, PROT_READ, 1);
	t("A RW written, B R; A -> R", PROT_READ|PROT_WRITE, PROT_READ, 0, 4, PROT_READ, 1);
	t("A NONE, B RW; both -> NONE", PROT_NONE, PROT_READ|PROT_WRITE, 0, 8, PROT_NONE, 0);
	t("A NONE, B RW written; both -> NONE", PROT_NONE, PROT_READ|PROT_WRITE, 0, 8, PROT_NONE, 2);
	t("A RW, B RW -> NONE", PROT_READ|PROT_WRITE, PROT_READ|PROT_WRITE, 0, 8, PROT_NONE, 0);
	return 0;
}
