/*
 * getrandom - the return value is the number of bytes requested (up to 256
 * bytes never come back short), and the bytes are not all zero.  The bytes
 * themselves are never printed.
 */
#include "common.h"

#include <sys/random.h>

int main(void)
{
	static unsigned char buf[4096];
	static const size_t sizes[] = { 0, 1, 16, 33, 256 };
	char what[64];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(what, sizeof(what), "getrandom(buf, %zu, 0)", sizes[i]);
		SHOW(what, getrandom(buf, sizes[i], 0));
	}
	SHOW("getrandom(buf, 64, GRND_NONBLOCK)",
	     getrandom(buf, 64, GRND_NONBLOCK));
	SHOW("getrandom(buf, 16, bad flags)", getrandom(buf, 16, 0x100));

	memset(buf, 0, sizeof(buf));
	if (getrandom(buf, 256, 0) != 256)
		die("getrandom");
	check("256 random bytes not all zero", !all_zero(buf, 256));
	check("bytes past the request untouched", all_zero(buf + 256, 256));

	/* Two draws differ. */
	unsigned char a[32], b[32];
	if (getrandom(a, sizeof(a), 0) != sizeof(a) ||
	    getrandom(b, sizeof(b), 0) != sizeof(b))
		die("getrandom");
	check("two 32-byte draws differ", memcmp(a, b, sizeof(a)) != 0);

	/* Into a fresh page, which the kernel must fault in for writing. */
	unsigned char *p = map_anon(page_size(), PROT_READ | PROT_WRITE,
				    MAP_PRIVATE);
	SHOW("getrandom(fresh page, 128, 0)", getrandom(p, 128, 0));
	check("fresh page got random bytes", !all_zero(p, 128));
	return 0;
}
