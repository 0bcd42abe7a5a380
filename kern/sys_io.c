/* I/O system calls on the standard streams, and the few path calls that
 * programs make at start-up. */
#include "kern/abi.h"
#include "kern/arch.h"
#include "kern/cmdline.h"
#include "kern/proc.h"
#include "kern/stdio.h"
#include "kern/syscall.h"
#include "kern/uaccess.h"
#include <machine/stat.h>
#include "lib/compiler.h"
#include "lib/string.h"

struct stdstream {
	bool open;
	enum stdio_kind kind;
	bool readable, writable;
};

static struct stdstream streams[3] = {
	{ true, SK_NULL, true, false },
	{ true, SK_PIPE, false, true },
	{ true, SK_PIPE, false, true },
};
static const char *stdin_data;
static size_t stdin_len, stdin_pos;

static enum stdio_kind kind_from(const char *v, enum stdio_kind dflt)
{
	if (!v)
		return dflt;
	if (!strcmp(v, "tty"))
		return SK_TTY;
	if (!strcmp(v, "null"))
		return SK_NULL;
	if (!strcmp(v, "file"))
		return SK_FILE;
	return SK_PIPE;
}

void stdio_configure(const char *cmdline, const void *data, size_t len)
{
	char v[16];

	streams[0].kind = kind_from(cmdline_get(cmdline, "fl.stdin", v, sizeof(v)), data ? SK_FILE : SK_NULL);
	streams[1].kind = kind_from(cmdline_get(cmdline, "fl.stdout", v, sizeof(v)), SK_TTY);
	streams[2].kind = kind_from(cmdline_get(cmdline, "fl.stderr", v, sizeof(v)), SK_TTY);
	stdin_data = data;
	stdin_len = data ? len : 0;
}

static struct stdstream *stream(uint64_t fd)
{
	return fd < 3 && streams[fd].open ? &streams[fd] : NULL;
}

long sys_read(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);
	size_t n;

	UNUSED_ARGS(a3, a4, a5);
	if (!s || !s->readable)
		return -EBADF;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	n = MIN(a2, stdin_len - stdin_pos);
	if (n && copyout(a1, stdin_data + stdin_pos, n))
		return -EFAULT;
	stdin_pos += n;
	return (long)n;
}

/* A walk over user buffers (one for write, several for writev). */
struct uiter {
	const struct iovec64 *iov;
	uint64_t cnt, idx, off, remaining;
};

/* Copy up to n bytes from the walk into dst; fewer at a bad user address. */
static size_t uiter_copy(struct uiter *it, char *dst, size_t n)
{
	size_t done = 0;

	while (done < n && it->idx < it->cnt) {
		const struct iovec64 *v = &it->iov[it->idx];
		size_t take = MIN(n - done, v->len - it->off);
		size_t left = take && user_range_ok(v->base + it->off, take) ?
			      copy_user(dst + done, (const void *)(v->base + it->off), take) : take;
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

/*
 * Write to a console stream with the commit rule of the kind of file the
 * host has there, since that decides what a bad buffer leaves behind: a pipe
 * takes data a page at a time and drops a page it could not fill, a terminal
 * copies 2 KiB chunks whole or not at all, a regular file keeps every byte
 * copied before the fault.
 */
static long write_stream(uint64_t fd, struct uiter *it)
{
	const struct stdstream *s = &streams[fd];
	size_t chunk = s->kind == SK_TTY ? 2048 : 4096;
	bool all_or_nothing = s->kind == SK_PIPE || s->kind == SK_TTY;
	char buf[4096];
	long total = 0;

	while (it->remaining) {
		size_t want = MIN(it->remaining, chunk);
		size_t got = uiter_copy(it, buf, want);
		if (got < want && all_or_nothing)
			got = 0;
		if (s->kind != SK_NULL)
			arch_console_write(fd == 1 ? CON_STDOUT : CON_STDERR, buf, got);
		total += (long)got;
		if (got < want)
			return total ? total : -EFAULT;
	}
	return total;
}

long sys_write(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);
	struct iovec64 one = { a1, a2 };
	struct uiter it = { &one, 1, 0, 0, a2 };

	UNUSED_ARGS(a3, a4, a5);
	if (!s || !s->writable)
		return -EBADF;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	return write_stream(a0, &it);
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

long sys_writev(SYSCALL_ARGS)
{
	static struct iovec64 iov[1024];	/* one CPU, no preemption in the kernel */
	struct stdstream *s = stream(a0);
	struct uiter it = { iov, a2, 0, 0, 0 };
	long r;

	UNUSED_ARGS(a3, a4, a5);
	if (!s || !s->writable)
		return -EBADF;
	if ((r = iov_import(a1, a2, iov, &it.remaining)))
		return r;
	return write_stream(a0, &it);
}

long sys_readv(SYSCALL_ARGS)
{
	static struct iovec64 iov[1024];
	long total = 0, r;

	UNUSED_ARGS(a3, a4, a5);
	if (!stream(a0) || !stream(a0)->readable)
		return -EBADF;
	uint64_t total_len;
	if ((r = iov_import(a1, a2, iov, &total_len)))
		return r;
	for (uint64_t i = 0; i < a2; i++) {
		r = sys_read(a0, iov[i].base, iov[i].len, 0, 0, 0);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((uint64_t)r < iov[i].len)
			break;
	}
	return total;
}

long sys_close(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if (!s)
		return -EBADF;
	s->open = false;
	return 0;
}

long sys_lseek(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if (!s)
		return -EBADF;
	return s->kind == SK_PIPE || s->kind == SK_TTY ? -ESPIPE : 0;
}

long sys_fcntl(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);

	UNUSED_ARGS(a2, a3, a4, a5);
	if (!s)
		return -EBADF;
	switch (a1) {
	case 1: /* F_GETFD */
	case 2: /* F_SETFD */
		return 0;
	case 3: /* F_GETFL */
		return s->readable && s->writable ? 2 : s->writable ? 1 : 0;
	default:
		return -EINVAL;
	}
}

long sys_ioctl(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);

	UNUSED_ARGS(a3, a4, a5);
	if (!s)
		return -EBADF;
	if (s->kind != SK_TTY)
		return -ENOTTY;
	switch (a1) {
	case TCGETS: {
		/* A plain cooked terminal: what `stty sane` gives. */
		uint32_t t[15] = { 0x500 /* ICRNL|IXON */, 0x5 /* OPOST|ONLCR */, 0xbf /* CS8|CREAD|B38400 */,
				   0x8a3b /* ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN */ };
		return copyout(a2, t, 36) ? -EFAULT : 0;
	}
	case TIOCGWINSZ: {
		uint16_t ws[4] = { 24, 80, 0, 0 };
		return copyout(a2, ws, sizeof(ws)) ? -EFAULT : 0;
	}
	case TIOCGPGRP: {
		int32_t pgrp = curproc->pid;
		return copyout(a2, &pgrp, sizeof(pgrp)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static long stat_stream(struct stdstream *s, uintptr_t ubuf)
{
	static const uint32_t mode[] = { [SK_TTY] = S_IFCHR | 0620, [SK_NULL] = S_IFCHR | 0666,
					 [SK_PIPE] = S_IFIFO | 0600, [SK_FILE] = S_IFREG | 0644 };
	struct kstat k = { .mode = mode[s->kind], .nlink = 1, .blksize = 4096 };
	struct linux_stat st;

	if (s == &streams[0] && s->kind == SK_FILE)
		k.size = stdin_len;
	stat_to_linux(&k, &st);
	return copyout(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstat(SYSCALL_ARGS)
{
	struct stdstream *s = stream(a0);

	UNUSED_ARGS(a2, a3, a4, a5);
	return s ? stat_stream(s, a1) : -EBADF;
}

long sys_newfstatat(SYSCALL_ARGS)
{
	char path[256];
	long n;

	UNUSED_ARGS(a4, a5);
	n = copyinstr(path, a1, sizeof(path));
	if (n < 0)
		return n;
	if (n == 0 && (a3 & AT_EMPTY_PATH)) {
		struct stdstream *s = stream(a0);
		return s ? stat_stream(s, a2) : -EBADF;
	}
	return -ENOENT;		/* no file system yet */
}

static long readlink_common(uintptr_t upath, uintptr_t ubuf, uint64_t size)
{
	char path[256];
	long n = copyinstr(path, upath, sizeof(path));
	size_t len;

	if (n < 0)
		return n;
	if ((int64_t)size <= 0)
		return -EINVAL;
	if (strcmp(path, "/proc/self/exe") != 0)
		return -ENOENT;
	len = MIN(strlen(curproc->exe), size);
	return copyout(ubuf, curproc->exe, len) ? -EFAULT : (long)len;
}

long sys_readlinkat(SYSCALL_ARGS)
{
	UNUSED_ARGS(a0, a4, a5);
	return readlink_common(a1, a2, a3);
}

long sys_readlink(SYSCALL_ARGS)
{
	UNUSED_ARGS(a3, a4, a5);
	return readlink_common(a0, a1, a2);
}

long sys_openat(SYSCALL_ARGS)
{
	char path[256];
	long n = copyinstr(path, a1, sizeof(path));

	UNUSED_ARGS(a0, a2, a3, a4, a5);
	return n < 0 ? n : -ENOENT;		/* no file system yet */
}

long sys_open(SYSCALL_ARGS)
{
	return sys_openat((u64)AT_FDCWD, a0, a1, a2, a3, a4);
}

long sys_access(SYSCALL_ARGS)
{
	char path[256];
	long n = copyinstr(path, a0, sizeof(path));

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	return n < 0 ? n : -ENOENT;
}

long sys_getcwd(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 < 2)
		return -ERANGE;
	return copyout(a0, "/", 2) ? -EFAULT : 2;
}
