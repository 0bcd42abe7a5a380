// diff-exit: 139
/*
 * segv_munmapped - after munmap of the middle page of three, the outer
 * pages still work but touching the hole is a fault outside any region:
 * SIGSEGV.
 */
#include "common.h"

int main(void)
{
	size_t ps = page_size();
	volatile unsigned char *p = map_anon(3 * ps, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);

	p[0] = 'a';
	p[ps] = 'b';
	p[2 * ps] = 'c';
	if (munmap((void *)(p + ps), ps) != 0)
		die("munmap");
	char msg[64];
	snprintf(msg, sizeof(msg), "neighbours: '%c' '%c'\n", p[0], p[2 * ps]);
	say(2, msg);
	say(2, "about to read the unmapped middle page\n");
	msg[0] = p[ps];
	say(2, "survived the read\n");
	return 0;
}
