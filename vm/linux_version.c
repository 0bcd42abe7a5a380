#include "vm/linux_version.h"

unsigned linux_version = LINUX_CURRENT;

bool linux_version_set(const char *text)
{
	unsigned major = 0, minor = 0;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		major = major * 10 + (unsigned)(*p++ - '0');
	if (*p++ != '.' || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		minor = minor * 10 + (unsigned)(*p++ - '0');
	if (major > 99 || minor > 99)
		return false;
	linux_version = major * 100 + minor >= 617 ? LINUX_CURRENT : LINUX_6_1;
	return true;
}
