/*
 * ids - process and user ids are consistent with each other; their values
 * are never printed.  set_tid_address returns the thread id, which in a
 * single-threaded process is the pid.
 */
#include "common.h"

int main(void)
{
	pid_t pid = getpid();
	static int tid_word;   /* outlives main: the kernel keeps the pointer */

	check("getpid() > 0", pid > 0);
	check("getpid() == getpid()", pid == getpid());
	check("getuid() == geteuid()", getuid() == geteuid());
	check("getgid() == getegid()", getgid() == getegid());
	check("set_tid_address returns the pid",
	      syscall(SYS_set_tid_address, (long)&tid_word) == pid);
	check("getpid() unchanged", getpid() == pid);
	return 0;
}
