/*
 * hello_printf - stdio on top of write(2): printf, puts, fputs to stderr,
 * and number formatting.  stdout is a pipe in the tests, so stdio buffers
 * it fully and writes it out at exit().
 */
#include "common.h"

int main(void)
{
	printf("hello, world\n");
	puts("puts adds a newline");
	printf("%d %u %x %o %ld %s %c %.3f %e\n", -42, 42u, 0xbeefu, 8u,
	       -1234567890123L, "str", 'c', 3.14159, 1e-10);
	printf("%5d|%-5d|%05d|%+d\n", 7, 7, 7, 7);
	fputs("hello, stderr\n", stderr);
	return 0;
}
