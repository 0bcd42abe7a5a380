/* Open files, descriptor tables, and the system calls on descriptors. */
#include "kern/abi.h"
#include "kern/file.h"
#include "kern/proc.h"
#include "kern/syscall.h"
#include "kern/uaccess.h"
#include "vm/kmem.h"
#include "lib/compiler.h"
#include "lib/string.h"

struct file *file_new(const struct file_ops *ops, unsigned flags, void *priv)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->refs = 1;
	f->flags = flags;
	f->priv = priv;
	return f;
}

void file_put(struct file *f)
{
	if (--f->refs == 0) {
		if (f->ops->release)
			f->ops->release(f);
		kfree(f);
	}
}

size_t uiter_copy(struct uiter *it, char *dst, size_t n)
{
	size_t done = 0;

	while (done < n && it->idx < it->cnt) {
		const struct iovec64 *v = &it->iov[it->idx];
		size_t take = MIN(n - done, v->len - it->off);
		size_t left = take && user_range_ok(v->base + it->off, take) ?
			      copy_from_user(dst + done, (const void *)(v->base + it->off), take) : take;
		done += take - left;
		it->off += take - left;
		it->remaining -= take - left;
		if (left)
			break;
		if (it->off == v->len) {
			it->idx++;
			it->off = 0;
		}
	}
	return done;
}

/* ---- descriptor tables */

static bool cloexec_test(const struct fdtable *t, int fd) { return t->cloexec[fd / 64] >> (fd % 64) & 1; }

static void cloexec_set(struct fdtable *t, int fd, bool on)
{
	if (on)
		t->cloexec[fd / 64] |= 1ull << (fd % 64);
	else
		t->cloexec[fd / 64] &= ~(1ull << (fd % 64));
}

int fd_install(struct proc *p, struct file *f, int min_fd, bool cloexec)
{
	int limit = (int)MIN(p->rlim[RLIMIT_NOFILE].cur, (uint64_t)NOFILE);

	for (int fd = min_fd; fd < limit; fd++) {
		if (!p->fdt->fd[fd]) {
			p->fdt->fd[fd] = f;
			cloexec_set(p->fdt, fd, cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

struct file *fd_file(struct proc *p, uint64_t fd)
{
	return fd < NOFILE && p->fdt ? p->fdt->fd[fd] : NULL;
}

int fdtable_fork(struct proc *child, const struct proc *parent)
{
	child->fdt = kmalloc(sizeof(*child->fdt));
	if (!child->fdt)
		return -ENOMEM;
	*child->fdt = *parent->fdt;
	for (int fd = 0; fd < NOFILE; fd++)
		if (child->fdt->fd[fd])
			file_get(child->fdt->fd[fd]);
	return 0;
}

static void fd_close(struct proc *p, int fd)
{
	struct file *f = p->fdt->fd[fd];

	p->fdt->fd[fd] = NULL;
	cloexec_set(p->fdt, fd, false);
	file_put(f);
}

void fdtable_exec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->fdt->fd[fd] && cloexec_test(p->fdt, fd))
			fd_close(p, fd);
}

void fdtable_exit(struct proc *p)
{
	if (!p->fdt)
		return;
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->fdt->fd[fd])
			fd_close(p, fd);
	kfree(p->fdt);
	p->fdt = NULL;
}

/* ---- system calls */

long sys_read(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);

	UNUSED_ARGS(a3, a4, a5);
	if (!f || !file_readable(f))
		return -EBADF;
	if (!f->ops->read)
		return -EINVAL;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	return f->ops->read(f, a1, MIN(a2, (u64)0x7ffff000));
}

long sys_pread64(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);
	uint64_t saved;
	long r;

	UNUSED_ARGS(a4, a5);
	if (!f || !file_readable(f))
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	if ((int64_t)a3 < 0)
		return -EINVAL;
	saved = f->pos;
	f->pos = a3;
	r = sys_read(a0, a1, a2, 0, 0, 0);
	f->pos = saved;
	return r;
}

long sys_write(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);
	struct iovec64 one = { a1, a2 };
	struct uiter it = { &one, 1, 0, 0, a2 };

	UNUSED_ARGS(a3, a4, a5);
	if (!f || !file_writable(f))
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	if (!a2)
		return 0;
	return f->ops->write(f, &it);
}

/* Read the iovec array; Linux checks every entry before moving any data. */
static long iov_import(uintptr_t uiov, uint64_t cnt, struct iovec64 *iov, uint64_t *total)
{
	*total = 0;
	if (cnt > 1024)
		return -EINVAL;
	if (cnt && copyin(iov, uiov, cnt * sizeof(*iov)))
		return -EFAULT;
	for (uint64_t i = 0; i < cnt; i++) {
		if ((int64_t)iov[i].len < 0)
			return -EINVAL;
		if (!user_range_ok(iov[i].base, iov[i].len))
			return -EFAULT;
		if (iov[i].len > 0x7ffff000 - *total)	/* MAX_RW_COUNT: later entries are cut */
			iov[i].len = 0x7ffff000 - *total;
		*total += iov[i].len;
	}
	return 0;
}

static struct iovec64 iov_buf[1024];	/* one CPU; the kernel is not preempted while using it */

long sys_writev(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);
	struct uiter it = { iov_buf, a2, 0, 0, 0 };
	long r;

	UNUSED_ARGS(a3, a4, a5);
	if (!f || !file_writable(f))
		return -EBADF;
	if ((r = iov_import(a1, a2, iov_buf, &it.remaining)))
		return r;
	if (!it.remaining)
		return 0;
	return f->ops->write ? f->ops->write(f, &it) : -EINVAL;
}

long sys_readv(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);
	struct iovec64 iov[64];
	uint64_t total;
	long done = 0, r;

	UNUSED_ARGS(a3, a4, a5);
	if (!f || !file_readable(f))
		return -EBADF;
	if (a2 > ARRAY_SIZE(iov))
		return a2 > 1024 ? -EINVAL : -ENOSYS;
	if ((r = iov_import(a1, a2, iov, &total)))
		return r;
	for (uint64_t i = 0; i < a2; i++) {
		if (!iov[i].len)
			continue;
		r = f->ops->read(f, iov[i].base, iov[i].len);
		if (r < 0)
			return done ? done : r;
		done += r;
		if ((uint64_t)r < iov[i].len)
			break;
	}
	return done;
}

long sys_close(SYSCALL_ARGS)
{
	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if (!fd_file(curproc, a0))
		return -EBADF;
	fd_close(curproc, (int)a0);
	return 0;
}

long sys_dup(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);
	int fd;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if (!f)
		return -EBADF;
	fd = fd_install(curproc, f, 0, false);
	if (fd >= 0)
		file_get(f);
	return fd;
}

long sys_dup3(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct file *f = fd_file(p, a0);

	UNUSED_ARGS(a3, a4, a5);
	if (a2 & ~(u64)O_CLOEXEC)
		return -EINVAL;
	if (a0 == a1)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (a1 >= MIN(p->rlim[RLIMIT_NOFILE].cur, (u64)NOFILE))
		return -EBADF;
	file_get(f);
	if (p->fdt->fd[a1])
		fd_close(p, (int)a1);
	p->fdt->fd[a1] = f;
	cloexec_set(p->fdt, (int)a1, a2 & O_CLOEXEC);
	return (long)a1;
}

long sys_dup2(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	if (a0 == a1)
		return fd_file(curproc, a0) ? (long)a1 : -EBADF;
	return sys_dup3(a0, a1, 0, 0, 0, 0);
}

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

long sys_fcntl(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct file *f = fd_file(p, a0);
	int fd;

	UNUSED_ARGS(a3, a4, a5);
	if (!f)
		return -EBADF;
	switch (a1) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (a2 >= MIN(p->rlim[RLIMIT_NOFILE].cur, (u64)NOFILE))
			return -EINVAL;
		fd = fd_install(p, f, (int)a2, a1 == F_DUPFD_CLOEXEC);
		if (fd >= 0)
			file_get(f);
		return fd;
	case F_GETFD:
		return cloexec_test(p->fdt, (int)a0) ? FD_CLOEXEC : 0;
	case F_SETFD:
		cloexec_set(p->fdt, (int)a0, a2 & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags & ~(unsigned)O_CLOEXEC;
	case F_SETFL:
		f->flags = (f->flags & ~(unsigned)(O_APPEND | O_NONBLOCK)) | (unsigned)(a2 & (O_APPEND | O_NONBLOCK));
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_lseek(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);
	struct kstat st;
	int64_t base, off = (int64_t)a1;

	UNUSED_ARGS(a3, a4, a5);
	if (!f)
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	switch (a2) {
	case 0: base = 0; break;
	case 1: base = (int64_t)f->pos; break;
	case 2: f->ops->stat(f, &st); base = (int64_t)st.size; break;
	default: return -EINVAL;
	}
	if (base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (long)f->pos;
}

long file_stat_out(struct file *f, uintptr_t ubuf)
{
	struct kstat k = { .nlink = 1, .blksize = 4096 };
	struct linux_stat st;

	f->ops->stat(f, &k);
	stat_to_linux(&k, &st);
	return copyout(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstat(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);

	UNUSED_ARGS(a2, a3, a4, a5);
	return f ? file_stat_out(f, a1) : -EBADF;
}

long sys_ioctl(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);

	UNUSED_ARGS(a3, a4, a5);
	if (!f)
		return -EBADF;
	return f->ops->ioctl ? f->ops->ioctl(f, a1, a2) : -ENOTTY;
}

long sys_getdents64(SYSCALL_ARGS)
{
	struct file *f = fd_file(curproc, a0);

	UNUSED_ARGS(a3, a4, a5);
	if (!f)
		return -EBADF;
	return f->ops->getdents ? f->ops->getdents(f, a1, a2) : -ENOTDIR;
}

long sys_pipe2(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct file *rd, *wr;
	int fds[2], err;

	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 & ~(u64)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if ((err = pipe_create(&rd, &wr, (unsigned)a1 & O_NONBLOCK)))
		return err;
	fds[0] = fd_install(p, rd, 0, a1 & O_CLOEXEC);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_install(p, wr, 0, a1 & O_CLOEXEC);
	if (fds[1] < 0 || copyout(a0, fds, sizeof(fds))) {
		if (fds[0] >= 0)
			p->fdt->fd[fds[0]] = NULL;
		if (fds[1] >= 0)
			p->fdt->fd[fds[1]] = NULL;
		file_put(rd);
		file_put(wr);
		return fds[1] < 0 ? -EMFILE : -EFAULT;
	}
	return 0;
}

long sys_pipe(SYSCALL_ARGS)
{
	UNUSED_ARGS(a1, a2, a3, a4, a5);
	return sys_pipe2(a0, 0, 0, 0, 0, 0);
}
