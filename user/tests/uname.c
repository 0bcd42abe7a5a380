/*
 * uname - only the fields Linux fixes for an architecture: sysname and
 * machine.  (release, version and nodename describe the host.)
 */
#include "common.h"

#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	memset(&u, 0xff, sizeof(u));
	SHOW("uname", uname(&u));
	printf("sysname = %s\n", u.sysname);
	printf("machine = %s\n", u.machine);
	check("nodename is a terminated string",
	      memchr(u.nodename, 0, sizeof(u.nodename)) != NULL);
	check("release is a terminated string",
	      memchr(u.release, 0, sizeof(u.release)) != NULL);
	check("version is a terminated string",
	      memchr(u.version, 0, sizeof(u.version)) != NULL);
	return 0;
}
