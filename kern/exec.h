#ifndef KERN_EXEC_H
#define KERN_EXEC_H

#include <stdint.h>

struct proc;
struct initramfs_file;

/* Where Linux puts the stack top and how far below it mmap starts
 * (no address-space randomisation). */
#define STACK_TOP	USER_TOP
#define MMAP_GAP	(128ul << 20)
#define STACK_INITIAL	(128ul << 10)
#define ARG_MAX_BYTES	(128ul << 10)	/* argv + envp strings */

struct exec_args {
	int argc, envc;
	const char *const *argv;
	const char *const *envp;
};

/* Build a fresh address space for the ELF image in f and point p at it.
 * On failure returns a negative errno and sets *why. */
int exec_load(struct proc *p, const struct initramfs_file *f, const char *path,
	      const struct exec_args *args, uintptr_t *entry, uintptr_t *sp, const char **why);

#endif
