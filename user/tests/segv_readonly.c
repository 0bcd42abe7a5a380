// diff-exit: 139
/*
 * segv_readonly - reading a PROT_READ mapping works, writing it is a
 * protection fault and kills the process with SIGSEGV.
 */
#include "common.h"

int main(void)
{
	size_t ps = page_size();
	volatile unsigned char *p = map_anon(ps, PROT_READ, MAP_PRIVATE);
	char msg[64];

	snprintf(msg, sizeof(msg), "read-only page reads %u\n", p[0]);
	say(2, msg);
	say(2, "about to write to the read-only page\n");
	p[0] = 1;
	say(2, "survived the write\n");
	return 0;
}
