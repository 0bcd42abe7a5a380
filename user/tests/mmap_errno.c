/*
 * mmap_errno - the kernel's answers to bad mmap, munmap and mprotect
 * arguments.  Raw system calls throughout: libc wrappers may check or round
 * arguments themselves (musl's mprotect rounds the address down, glibc's
 * passes it through).
 */
#include "common.h"

int main(void)
{
	size_t ps = page_size();
	long rw = PROT_READ | PROT_WRITE;
	long anon = MAP_PRIVATE | MAP_ANONYMOUS;
	unsigned char *p = map_anon(4 * ps, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE);

	/* mmap */
	SHOW("mmap(length 0)", raw_mmap(NULL, 0, rw, anon, -1, 0));
	SHOW("mmap(MAP_FIXED, unaligned address)",
	     raw_mmap(p + 1, ps, rw, anon | MAP_FIXED, -1, 0));
	SHOW("mmap(neither MAP_PRIVATE nor MAP_SHARED)",
	     raw_mmap(NULL, ps, rw, MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(anonymous, unaligned offset)",
	     raw_mmap(NULL, ps, rw, anon, -1, 1));
	SHOW("mmap(not anonymous, fd -1)",
	     raw_mmap(NULL, ps, rw, MAP_PRIVATE, -1, 0));
	SHOW("mmap(length SIZE_MAX)", raw_mmap(NULL, SIZE_MAX, rw, anon, -1, 0));
	SHOW("mmap(length 2^48)", raw_mmap(NULL, 1UL << 48, rw, anon, -1, 0));
	SHOW("mmap(MAP_FIXED above user space)",
	     raw_mmap((void *)(1UL << 63), ps, rw, anon | MAP_FIXED, -1, 0));

	/* munmap */
	SHOW("munmap(unaligned address)", raw_munmap(p + 1, ps));
	SHOW("munmap(length 0)", raw_munmap(p, 0));
	SHOW("munmap(above user space)", raw_munmap((void *)(1UL << 63), ps));
	SHOW("munmap(page 3)", raw_munmap(p + 3 * ps, ps));
	SHOW("munmap(page 3, already unmapped)", raw_munmap(p + 3 * ps, ps));

	/* mprotect */
	SHOW("mprotect(unaligned address)", raw_mprotect(p + 1, ps, PROT_READ));
	SHOW("mprotect(length 0)", raw_mprotect(p, 0, PROT_READ));
	SHOW("mprotect(unknown prot bit)", raw_mprotect(p, ps, 0x100));
	SHOW("mprotect(unmapped page)",
	     raw_mprotect(p + 3 * ps, ps, PROT_READ));
	SHOW("mprotect(range ending in a hole)",
	     raw_mprotect(p + 2 * ps, 2 * ps, PROT_READ));
	SHOW("mprotect(unaligned length)", raw_mprotect(p, ps + 1, PROT_READ));
	SHOW("mprotect(pages 0-2, PROT_READ|PROT_WRITE)",
	     raw_mprotect(p, 3 * ps, PROT_READ | PROT_WRITE));

	/* The mapping survived all of it. */
	p[0] = 1;
	p[2 * ps] = 2;
	printf("p[0] = %d, p[2 pages] = %d\n", p[0], p[2 * ps]);
	SHOW("munmap(pages 0-2)", raw_munmap(p, 3 * ps));
	return 0;
}
