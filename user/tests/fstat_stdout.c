/*
 * fstat_stdout - stdout is a pipe in the tests: fstat and fstatat with
 * AT_EMPTY_PATH report a FIFO, and terminal ioctls on stdout and stderr
 * fail with ENOTTY.
 */
#include "common.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

int main(void)
{
	struct stat st;
	struct termios tio;
	struct winsize ws;

	SHOW("fstat(1)", fstat(1, &st));
	check("S_ISFIFO(stdout)", S_ISFIFO(st.st_mode));
	check("S_ISCHR(stdout)", S_ISCHR(st.st_mode));

	SHOW("fstatat(1, \"\", AT_EMPTY_PATH)",
	     fstatat(1, "", &st, AT_EMPTY_PATH));
	check("S_ISFIFO(stdout) via fstatat", S_ISFIFO(st.st_mode));

	SHOW("ioctl(1, TCGETS)", ioctl(1, TCGETS, &tio));
	SHOW("ioctl(1, TIOCGWINSZ)", ioctl(1, TIOCGWINSZ, &ws));
	SHOW("ioctl(2, TCGETS)", ioctl(2, TCGETS, &tio));
	SHOW("ioctl(2, TIOCGWINSZ)", ioctl(2, TIOCGWINSZ, &ws));
	errno = 0;
	int tty = isatty(1);
	printf("isatty(1) = %d %s\n", tty, errno_name(errno));
	SHOW("fstat(bad fd 99)", fstat(99, &st));
	return 0;
}
