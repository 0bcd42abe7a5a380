// diff-pagesize: 4096
/*
 * brk - the program break through the raw system call (musl's brk() and
 * sbrk(n) always fail by design, glibc's cache the break).  Grow, write,
 * shrink, regrow: the regrown pages read as zero.  Offsets are printed
 * relative to the initial break, never the break itself.
 *
 * malloc may use brk too and caches the break, so nothing in between the
 * first and the last brk call may allocate: results are recorded and only
 * printed after the break is back where it started.
 */
#include "common.h"

static uintptr_t sys_brk(uintptr_t addr)
{
	/* The brk system call never fails: it returns the new break, or the
	 * unchanged old one if the request could not be satisfied. */
	return (uintptr_t)syscall(SYS_brk, addr);
}

int main(void)
{
	size_t ps = page_size();
	size_t grow = 3 * ps + 123;

	/* Let stdio allocate its buffer now, not while the break is moved. */
	printf("page size = %zu, growing by %zu bytes\n", ps, grow);
	fflush(stdout);

	uintptr_t base = sys_brk(0);
	uintptr_t aligned = (base + ps - 1) & ~(uintptr_t)(ps - 1);
	uintptr_t end = base + grow;
	volatile unsigned char *mem = (volatile unsigned char *)aligned;
	size_t len = end - aligned;   /* whole new pages, plus a tail */

	uintptr_t query = sys_brk(0);
	uintptr_t grown = sys_brk(end);
	int fresh_zero = all_zero(mem, len);
	for (size_t i = 0; i < len; i++)
		mem[i] = (unsigned char)(i % 251 + 1);
	int readback = 1;
	for (size_t i = 0; i < len; i++)
		if (mem[i] != (unsigned char)(i % 251 + 1))
			readback = 0;
	mem[len - 1] = 0x5a;     /* the last byte below the new break */

	uintptr_t shrunk = sys_brk(base);
	uintptr_t regrown = sys_brk(end);
	int regrown_zero = all_zero(mem, len);
	mem[0] = 1;

	uintptr_t odd = sys_brk(base + 1);         /* not page aligned */
	uintptr_t too_low = sys_brk(4096);         /* below the data segment */
	uintptr_t after_low = sys_brk(0);
	uintptr_t big = sys_brk(base + 64 * ps);   /* 64 more pages */
	volatile unsigned char *last = (volatile unsigned char *)
		(base + 64 * ps - 1);
	*last = 7;
	int big_ok = *last == 7;
	uintptr_t restored = sys_brk(base);

	printf("brk(0) twice gives the same break: %s\n", yesno(query == base));
	printf("brk(base + %zu) = base + %ld\n", grow, (long)(grown - base));
	check("fresh brk pages read as zero", fresh_zero);
	check("written brk memory reads back", readback);
	printf("brk(base) = base + %ld\n", (long)(shrunk - base));
	printf("brk(base + %zu) again = base + %ld\n", grow,
	       (long)(regrown - base));
	check("regrown brk pages read as zero", regrown_zero);
	printf("brk(base + 1) = base + %ld\n", (long)(odd - base));
	check("brk(4096) fails, returning the current break",
	      too_low == base + 1);
	check("break unchanged after the failed brk", after_low == base + 1);
	printf("brk(base + 64 pages) = base + %ld pages\n",
	       (long)((big - base) / ps));
	check("last byte below a 64-page break is writable", big_ok);
	printf("brk(base) at the end = base + %ld\n", (long)(restored - base));

	/* malloc still works after all this. */
	char *p = malloc(100);
	check("malloc after brk games", p != NULL);
	free(p);
	return 0;
}
