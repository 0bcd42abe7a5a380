/* The initramfs: a cpio archive in the "newc" format, read in place. */
#ifndef KERN_INITRAMFS_H
#define KERN_INITRAMFS_H

#include <stddef.h>
#include <stdint.h>

struct initramfs_file {
	const char *name;	/* without a leading "/" or "./"; not NUL-terminated */
	size_t namelen;
	const void *data;
	size_t size;
	uint32_t mode;
};

/* Check the whole archive; 0, or -1 after logging what is wrong. */
int initramfs_init(const void *base, size_t len);
/* Walk the entries: start with *off = 0; 1 while there is one, then 0. */
int initramfs_next(size_t *off, struct initramfs_file *out);
/* Find a file by path ("/init", "init" and "./init" are the same). */
int initramfs_lookup(const char *path, struct initramfs_file *out);

#endif
