/*
 * copy_stdin - copy stdin to stdout with read(2)/write(2) until EOF.
 * With -n, print only how many bytes were read before EOF.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int count_only = argc > 1 && strcmp(argv[1], "-n") == 0;
	unsigned long total = 0;
	char buf[4096];
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		total += (unsigned long)n;
		for (ssize_t done = 0; !count_only && done < n;) {
			ssize_t w = write(1, buf + done, (size_t)(n - done));
			if (w <= 0)
				return 2;
			done += w;
		}
	}
	if (n < 0)
		return 3;
	if (count_only)
		printf("%lu bytes, then EOF\n", total);
	return 0;
}
