/* Checked access to user memory: a bad pointer gives -EFAULT, never a crash. */
#ifndef KERN_UACCESS_H
#define KERN_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <machine/param.h>
#include "kern/arch.h"
#include "lib/errno.h"

static inline bool user_range_ok(uintptr_t p, size_t n) { return p <= USER_TOP && n <= USER_TOP - p; }

static inline int copyin(void *dst, uintptr_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return copy_from_user(dst, (const void *)usrc, n) ? -EFAULT : 0;
}

static inline int copyout(uintptr_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return copy_to_user((void *)udst, src, n) ? -EFAULT : 0;
}

/* A NUL-terminated user string into dst[max]: its length, -EFAULT, or -ENAMETOOLONG. */
static inline long copyinstr(char *dst, uintptr_t usrc, size_t max)
{
	size_t n = max;
	long len;

	if (usrc >= USER_TOP)
		return -EFAULT;
	if (n > USER_TOP - usrc)
		n = USER_TOP - usrc;
	len = strncpy_user(dst, (const char *)usrc, n);
	if (len < 0)
		return -EFAULT;
	if ((size_t)len == max)
		return -ENAMETOOLONG;
	if ((size_t)len == n)
		return -EFAULT;		/* ran into the end of user space */
	return len;
}

#endif
