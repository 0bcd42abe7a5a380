/*
 * rlimit_stack - RLIMIT_STACK through getrlimit and the raw prlimit64: the
 * two agree, the soft limit is RLIM_INFINITY or page aligned, and the hard
 * limit is not below it.  The numbers themselves depend on the host and
 * are not printed.
 */
#include "common.h"

#include <sys/resource.h>

static const char *kind(rlim_t v, size_t ps)
{
	if (v == RLIM_INFINITY)
		return "RLIM_INFINITY";
	return v % ps == 0 ? "page aligned" : "not page aligned";
}

int main(void)
{
	size_t ps = page_size();
	struct rlimit rl;
	struct { uint64_t cur, max; } raw;

	SHOW("getrlimit(RLIMIT_STACK)", getrlimit(RLIMIT_STACK, &rl));
	printf("soft limit: %s\n", kind(rl.rlim_cur, ps));
	printf("hard limit: %s\n", kind(rl.rlim_max, ps));
	check("hard >= soft", rl.rlim_max == RLIM_INFINITY ||
	      (rl.rlim_cur != RLIM_INFINITY && rl.rlim_max >= rl.rlim_cur));

	SHOW("prlimit64(0, RLIMIT_STACK, NULL, &old)",
	     syscall(SYS_prlimit64, 0L, (long)RLIMIT_STACK, 0L, (long)&raw));
	check("prlimit64 agrees with getrlimit",
	      raw.cur == (uint64_t)rl.rlim_cur &&
	      raw.max == (uint64_t)rl.rlim_max);
	SHOW("prlimit64(0, resource 1000, NULL, &old)",
	     syscall(SYS_prlimit64, 0L, 1000L, 0L, (long)&raw));
	return 0;
}
