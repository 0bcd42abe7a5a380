/*
 * clock_monotonic - CLOCK_MONOTONIC never goes backwards across 1000
 * calls, nanoseconds stay below one second, CLOCK_REALTIME works, and an
 * unknown clock id is EINVAL.  No time value is ever printed.
 */
#include "common.h"

#include <time.h>

int main(void)
{
	struct timespec prev, now;
	int backwards = 0, bad_nsec = 0, failed = 0;

	if (clock_gettime(CLOCK_MONOTONIC, &prev) != 0)
		die("clock_gettime");
	for (int i = 0; i < 1000; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
			failed++;
			continue;
		}
		if (now.tv_nsec < 0 || now.tv_nsec >= 1000000000L)
			bad_nsec++;
		if (now.tv_sec < prev.tv_sec ||
		    (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
			backwards++;
		prev = now;
	}
	printf("failed calls: %d\n", failed);
	printf("times it went backwards: %d\n", backwards);
	printf("out-of-range tv_nsec: %d\n", bad_nsec);

	/* The raw system call, bypassing the vDSO. */
	struct timespec a, b;
	SHOW("syscall clock_gettime(CLOCK_MONOTONIC)",
	     syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, (long)&a));
	SHOW("syscall clock_gettime(CLOCK_MONOTONIC) again",
	     syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, (long)&b));
	check("raw calls non-decreasing",
	      b.tv_sec > a.tv_sec ||
	      (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));

	struct timespec rt;
	SHOW("clock_gettime(CLOCK_REALTIME)",
	     clock_gettime(CLOCK_REALTIME, &rt));
	check("CLOCK_REALTIME after 2020", rt.tv_sec > 1577836800L);
	SHOW("syscall clock_gettime(unknown clock 1000)",
	     syscall(SYS_clock_gettime, 1000L, (long)&rt));
	return 0;
}
