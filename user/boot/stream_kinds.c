/*
 * stream_kinds - what the standard streams look like to the program: the
 * file type fstat() reports, the size of a regular file, and isatty().
 * The runner tells the kernel what the host's streams are, so the answers
 * must match a native run with the same redirections (stdio buffers by
 * them: line-buffered on a terminal, fully buffered otherwise).
 */
#include "common.h"

#include <sys/stat.h>

int main(void)
{
	for (int fd = 0; fd < 3; fd++) {
		struct stat st;
		const char *type;

		if (fstat(fd, &st) != 0) {
			printf("fd %d: fstat fails with %s\n", fd, errno_name(errno));
			continue;
		}
		switch (st.st_mode & S_IFMT) {
		case S_IFREG: type = "regular file"; break;
		case S_IFIFO: type = "pipe"; break;
		case S_IFCHR: type = "character device"; break;
		case S_IFSOCK: type = "socket"; break;
		default: type = "something else"; break;
		}
		printf("fd %d: %s", fd, type);
		if (S_ISREG(st.st_mode))
			printf(" of %lld bytes", (long long)st.st_size);
		printf(", %s\n", isatty(fd) ? "a terminal" : "not a terminal");
	}
	return 0;
}
