/*
 * Open files and descriptor tables.  A struct file is an open file
 * description (shared by dup and fork: one offset, one set of status
 * flags); each process has a table of descriptors pointing at them.
 * Kinds of file: the console streams, pipes, and the initramfs's read-only
 * files, directories and /dev/null.
 */
#ifndef KERN_FILE_H
#define KERN_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <machine/stat.h>

struct file;
struct proc;

/* A walk over user buffers (one for write, several for writev). */
struct iovec64;
struct uiter {
	const struct iovec64 *iov;
	uint64_t cnt, idx, off, remaining;
};
/* Copy up to n bytes from the walk into dst; fewer at a bad user address. */
size_t uiter_copy(struct uiter *it, char *dst, size_t n);

struct file_ops {
	long (*read)(struct file *f, uintptr_t ubuf, size_t n);		/* may sleep */
	long (*write)(struct file *f, struct uiter *it);		/* may sleep */
	void (*stat)(struct file *f, struct kstat *st);
	long (*ioctl)(struct file *f, uint64_t req, uintptr_t arg);	/* NULL: ENOTTY */
	long (*getdents)(struct file *f, uintptr_t ubuf, size_t n);	/* directories */
	void (*release)(struct file *f);				/* last reference gone */
	bool seekable;
};

#define O_ACCMODE	0003
#define O_RDONLY	00
#define O_WRONLY	01
#define O_RDWR		02
#define O_CREAT		0100
#define O_EXCL		0200
#define O_NOCTTY	0400
#define O_TRUNC		01000
#define O_APPEND	02000
#define O_NONBLOCK	04000
#define O_DIRECTORY	0200000
#define O_NOFOLLOW	0400000
#define O_CLOEXEC	02000000
#define O_PATH		010000000

struct file {
	const struct file_ops *ops;
	unsigned refs;
	unsigned flags;			/* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
	uint64_t pos;
	void *priv;
};

struct file *file_new(const struct file_ops *ops, unsigned flags, void *priv);	/* NULL: no memory */
static inline struct file *file_get(struct file *f) { f->refs++; return f; }
void file_put(struct file *f);
static inline bool file_readable(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static inline bool file_writable(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

#define NOFILE 256
struct fdtable {
	struct file *fd[NOFILE];
	uint64_t cloexec[NOFILE / 64];
};

int fd_install(struct proc *p, struct file *f, int min_fd, bool cloexec);	/* fd or -EMFILE */
struct file *fd_file(struct proc *p, uint64_t fd);				/* NULL if not open */
int fdtable_fork(struct proc *child, const struct proc *parent);		/* 0 or -ENOMEM */
void fdtable_exec(struct proc *p);						/* close O_CLOEXEC ones */
void fdtable_exit(struct proc *p);

/* Files of each kind. */
struct file *console_open(int fd);		/* the first process's stdin/stdout/stderr */
int pipe_create(struct file **rd, struct file **wr, unsigned flags);
struct file *ramfs_open(const char *path, unsigned flags, long *err);

#endif
