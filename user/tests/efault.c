/*
 * efault - system calls given bad user pointers return EFAULT instead of
 * crashing: NULL, a kernel address, a page that was unmapped, a bad iovec,
 * bad result pointers.  Raw system calls where libc would not pass the
 * pointer through (clock_gettime goes through the vDSO, which would fault
 * in user space instead).
 */
#include "common.h"

#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>

int main(void)
{
	size_t ps = page_size();
	void *null = hide(NULL);
	void *kernel = hide((void *)-4096L);
	unsigned char *gone = map_anon(ps, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	memset(gone, 'x', ps);
	if (munmap(gone, ps) != 0)
		die("munmap");

	/* write(2) from bad buffers: nothing may reach stdout. */
	SHOW("write(1, NULL, 5)", write(1, null, 5));
	SHOW("write(1, kernel address, 5)", write(1, kernel, 5));
	SHOW("write(1, unmapped page, 5)", write(1, gone, 5));
	SHOW("write(2, NULL, 5)", write(2, null, 5));
	SHOW("write(1, NULL, 0)", write(1, null, 0));

	/* writev(2): a bad buffer in an iovec, and a bad iovec array. */
	struct iovec one_bad[1] = { { .iov_base = gone, .iov_len = 5 } };
	struct iovec empty_then_bad[2] = {
		{ .iov_base = "", .iov_len = 0 },
		{ .iov_base = NULL, .iov_len = 5 },
	};
	struct iovec null_empty[1] = { { .iov_base = NULL, .iov_len = 0 } };
	SHOW("writev(1, {unmapped page, 5}, 1)", writev(1, one_bad, 1));
	SHOW("writev(1, {\"\", 0}, {NULL, 5}, 2)", writev(1, empty_then_bad, 2));
	SHOW("writev(1, {NULL, 0}, 1)", writev(1, null_empty, 1));
	SHOW("writev(1, NULL iovec array, 1)",
	     syscall(SYS_writev, 1L, 0L, 1L));
	SHOW("writev(1, unmapped iovec array, 1)",
	     syscall(SYS_writev, 1L, (long)gone, 1L));

	/* Results written to bad pointers. */
	SHOW("clock_gettime(CLOCK_MONOTONIC, NULL)",
	     syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, 0L));
	SHOW("clock_gettime(CLOCK_REALTIME, kernel address)",
	     syscall(SYS_clock_gettime, (long)CLOCK_REALTIME, (long)kernel));
	SHOW("clock_gettime(CLOCK_MONOTONIC, unmapped page)",
	     syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, (long)gone));
	SHOW("uname(NULL)", syscall(SYS_uname, 0L));
	SHOW("uname(kernel address)", syscall(SYS_uname, (long)kernel));
	SHOW("uname(unmapped page)", syscall(SYS_uname, (long)gone));
	SHOW("getrandom(NULL, 16, 0)", syscall(SYS_getrandom, 0L, 16L, 0L));
	SHOW("getrandom(NULL, 0, 0)", syscall(SYS_getrandom, 0L, 0L, 0L));
	SHOW("prlimit64(0, RLIMIT_STACK, NULL, kernel address)",
	     syscall(SYS_prlimit64, 0L, (long)RLIMIT_STACK, 0L, (long)kernel));
	SHOW("fstat(1, NULL)", syscall(SYS_fstat, 1L, 0L));

	/* Results written to a read-only page: the kernel may not write
	 * there either. */
	unsigned char *ro = map_anon(ps, PROT_READ, MAP_PRIVATE);
	SHOW("clock_gettime(CLOCK_MONOTONIC, read-only page)",
	     syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, (long)ro));
	SHOW("uname(read-only page)", syscall(SYS_uname, (long)ro));
	check("read-only page still zero", all_zero(ro, ps));

	/* A buffer that starts mapped and runs into the unmapped page:
	 * the page after 'ro' is not ours, so unmap a page right after a
	 * fresh two-page mapping's first page. */
	unsigned char *two = map_anon(2 * ps, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE);
	if (munmap(two + ps, ps) != 0)
		die("munmap");
	SHOW("uname(buffer running into an unmapped page)",
	     syscall(SYS_uname, (long)(two + ps - 10)));

	printf("still alive\n");
	return 0;
}
