/*
 * mprotect - changing protections keeps the contents: read-write to
 * read-only (reads still work), to PROT_NONE and back, on part of a mapping
 * (which splits it), and to read+exec so that code written into the page
 * can run.  Faults against the protection are the segv_* programs' job.
 */
#include "common.h"

/* "return 42" in machine code. */
#if defined(__x86_64__)
static const unsigned char ret42[] = {
	0xb8, 0x2a, 0x00, 0x00, 0x00,   /* mov $42, %eax */
	0xc3,                           /* ret */
};
#elif defined(__aarch64__)
static const unsigned char ret42[] = {
	0x40, 0x05, 0x80, 0x52,         /* mov w0, #42 */
	0xc0, 0x03, 0x5f, 0xd6,         /* ret */
};
#else
#error "add the bytes of 'return 42' for this architecture"
#endif

int main(void)
{
	size_t ps = page_size();
	volatile unsigned char *p = map_anon(3 * ps, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);

	for (int pg = 0; pg < 3; pg++)
		memset((void *)(p + pg * ps), '0' + pg, ps);

	SHOW("mprotect(all, PROT_READ)", mprotect((void *)p, 3 * ps,
						  PROT_READ));
	printf("read-only reads: '%c' '%c' '%c'\n", p[0], p[ps + 1],
	       p[3 * ps - 1]);
	check("contents intact after PROT_READ",
	      all_equal(p, ps, '0') && all_equal(p + ps, ps, '1') &&
	      all_equal(p + 2 * ps, ps, '2'));

	SHOW("mprotect(all, PROT_NONE)", mprotect((void *)p, 3 * ps,
						  PROT_NONE));
	SHOW("mprotect(all, PROT_READ|PROT_WRITE)",
	     mprotect((void *)p, 3 * ps, PROT_READ | PROT_WRITE));
	check("contents intact after PROT_NONE and back",
	      all_equal(p, ps, '0') && all_equal(p + ps, ps, '1') &&
	      all_equal(p + 2 * ps, ps, '2'));

	/* Only the middle page becomes read-only; the others stay writable. */
	SHOW("mprotect(middle, PROT_READ)",
	     mprotect((void *)(p + ps), ps, PROT_READ));
	p[0] = 'a';
	p[2 * ps] = 'c';
	printf("outer pages after writes: '%c' '%c', middle '%c'\n", p[0],
	       p[2 * ps], p[ps]);
	SHOW("mprotect(middle, PROT_READ|PROT_WRITE)",
	     mprotect((void *)(p + ps), ps, PROT_READ | PROT_WRITE));
	p[ps] = 'b';
	printf("middle after write: '%c'\n", p[ps]);

	/* A fresh page made read-only before it was ever touched reads as
	 * zero. */
	volatile unsigned char *z = map_anon(ps, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);
	SHOW("mprotect(fresh, PROT_READ)", mprotect((void *)z, ps, PROT_READ));
	check("fresh read-only page reads as zero", all_zero(z, ps));

	/* Write code, then make the page executable and call it. */
	unsigned char *code = map_anon(ps, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE);
	memcpy(code, ret42, sizeof(ret42));
	__builtin___clear_cache((char *)code, (char *)code + sizeof(ret42));
	SHOW("mprotect(code, PROT_READ|PROT_EXEC)",
	     mprotect(code, ps, PROT_READ | PROT_EXEC));
	int (*fn)(void);
	memcpy(&fn, &code, sizeof(fn));
	printf("calling code in the page returns %d\n", fn());

	SHOW("munmap(p)", munmap((void *)p, 3 * ps));
	SHOW("munmap(z)", munmap((void *)z, ps));
	SHOW("munmap(code)", munmap(code, ps));
	return 0;
}
