/*
 * writev_partial - writev with a good iovec followed by a bad one.  Linux
 * decides per file type: into a pipe (stdout in the tests) nothing is
 * written and the answer is EFAULT; a regular file or a terminal would
 * take the good part.  Left for later: the kernel must copy the whole
 * request before it writes anything to a pipe.
 */
#include "common.h"

#include <sys/uio.h>

int main(void)
{
	struct iovec iov[2] = {
		{ .iov_base = "good part\n", .iov_len = 10 },
		{ .iov_base = hide(NULL), .iov_len = 5 },
	};

	SHOW("writev(1, {good, 10}, {NULL, 5}, 2)", writev(1, iov, 2));
	return 0;
}
