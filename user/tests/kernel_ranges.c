// diff-pagesize: 4096
/*
 * Memory calls given addresses in the kernel half, or ranges that run past
 * the end of user space or wrap around: each gives Linux's errno, and the
 * kernel's own mappings are never touched (a program once crashed Faultline
 * with madvise(MADV_DONTNEED) over the kernel half).
 */
#include "common.h"

#define KERNEL_HALF ((void *)0xffff800000000000ul)
#define TOP_PAGE ((void *)0x7ffffffff000ul)

int main(void)
{
	unsigned char v[4];
	size_t huge = 1ul << 40;

	SHOW("madvise DONTNEED, kernel half", syscall(SYS_madvise, KERNEL_HALF, huge, MADV_DONTNEED));
	SHOW("madvise DONTNEED, wrapping", syscall(SYS_madvise, TOP_PAGE, (size_t)-4096, MADV_DONTNEED));
	SHOW("madvise NORMAL, kernel half", syscall(SYS_madvise, KERNEL_HALF, 4096, MADV_NORMAL));
	SHOW("mprotect, kernel half", raw_mprotect(KERNEL_HALF, 4096, PROT_READ));
	SHOW("mprotect, past the top", raw_mprotect(TOP_PAGE, 2 * 4096, PROT_READ));
	SHOW("munmap, kernel half", raw_munmap(KERNEL_HALF, 4096));
	SHOW("munmap, past the top", raw_munmap(TOP_PAGE, 2 * 4096));
	SHOW("msync, kernel half", syscall(SYS_msync, KERNEL_HALF, 4096, MS_SYNC));
	SHOW("mincore, kernel half", syscall(SYS_mincore, KERNEL_HALF, 4096, v));
	SHOW("mincore, past the top", syscall(SYS_mincore, TOP_PAGE, 2 * 4096, v));
	SHOW("mremap, kernel half", syscall(SYS_mremap, KERNEL_HALF, 4096, 8192, MREMAP_MAYMOVE, 0));
	SHOW("mremap FIXED to the kernel half", syscall(SYS_mremap, TOP_PAGE, 4096, 4096,
							 MREMAP_MAYMOVE | MREMAP_FIXED, KERNEL_HALF));
	SHOW_MAP("mmap FIXED in the kernel half", raw_mmap(KERNEL_HALF, 4096, PROT_READ,
							 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	SHOW_MAP("mmap FIXED over the top", raw_mmap(TOP_PAGE, 2 * 4096, PROT_READ,
						    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	SHOW("brk into the kernel half", syscall(SYS_brk, KERNEL_HALF) == (long)KERNEL_HALF);
	printf("still running\n");
	return 0;
}
