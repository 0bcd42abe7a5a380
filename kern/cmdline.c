#include "kern/cmdline.h"
#include "lib/string.h"

const char *cmdline_get(const char *cmdline, const char *name, char *buf, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = cmdline;

	while (p && *p) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
			size_t vlen = (size_t)(end - p) - nlen - 1;
			if (vlen >= size)
				vlen = size - 1;
			memcpy(buf, p + nlen + 1, vlen);
			buf[vlen] = 0;
			return buf;
		}
		p = end;
	}
	return NULL;
}
