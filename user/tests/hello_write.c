/*
 * hello_write - write(2) and writev(2) directly, without stdio: the return
 * values are the byte counts, and a zero-length write returns 0.
 */
#include "common.h"

#include <sys/uio.h>

int main(void)
{
	static const char msg[] = "hello, world\n";
	char line[64];
	ssize_t n, m, z;
	int len;

	n = write(1, msg, sizeof(msg) - 1);
	z = write(1, msg, 0);

	struct iovec iov[3] = {
		{ .iov_base = "hello, ", .iov_len = 7 },
		{ .iov_base = "", .iov_len = 0 },
		{ .iov_base = "writev\n", .iov_len = 7 },
	};
	m = writev(1, iov, 3);

	say(2, "hello, stderr\n");

	len = snprintf(line, sizeof(line), "write = %zd, empty write = %zd, "
		       "writev = %zd\n", n, z, m);
	if (write(1, line, (size_t)len) != len)
		return 1;
	return 0;
}
