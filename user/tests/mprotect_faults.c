// diff-pagesize: 4096
/* Fault counts around mprotect: Linux makes an already-written private page
 * writable again at mprotect(PROT_READ|PROT_WRITE), so writing it costs no
 * fault, while the zero page still does. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
static long minflt(void) { struct rusage ru; getrusage(RUSAGE_SELF, &ru); return ru.ru_minflt; }
int main(void) {
	char *p = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1; volatile char c = p[4096]; (void)c;
	mprotect(p, 4 * 4096, PROT_READ);
	long a = minflt();
	c = p[0];
	long b = minflt();
	mprotect(p, 4 * 4096, PROT_READ | PROT_WRITE);
	p[0] = 2;
	long d = minflt();
	p[4096] = 2;
	long e = minflt();
	mprotect(p, 4 * 4096, PROT_NONE);
	mprotect(p, 4 * 4096, PROT_READ | PROT_WRITE);
	p[0] = 3;
	long f = minflt();
	printf("read after ro %ld, write after rw %ld, write zero-page %ld, write after none->rw %ld, val %d\n", b - a, d - b, e - d, f - e, p[0]);
	return 0;
}
