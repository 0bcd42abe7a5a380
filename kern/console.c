/*
 * The console streams: the first process's stdin, stdout and stderr.  Each
 * reports the kind of file the host has there (terminal, /dev/null, pipe or
 * regular file), so that buffering, fstat() and partial writes agree with
 * running the program natively.  stdin reads the runner's stdin file from
 * the initramfs, or nothing.
 */
#include "kern/abi.h"
#include "kern/arch.h"
#include "kern/cmdline.h"
#include "kern/file.h"
#include "kern/proc.h"
#include "kern/stdio.h"
#include "kern/uaccess.h"
#include "lib/compiler.h"
#include "lib/string.h"

struct stream {
	enum stdio_kind kind;
	enum console_channel channel;
};

static struct stream streams[3] = {
	{ SK_NULL, CON_LOG }, { SK_TTY, CON_STDOUT }, { SK_TTY, CON_STDERR },
};
static const char *stdin_data;
static size_t stdin_len;

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

static long console_read(struct file *f, uintptr_t ubuf, size_t n)
{
	if (f->priv != &streams[0])
		return 0;		/* only stdin has anything to read */
	n = MIN(n, stdin_len - MIN(f->pos, stdin_len));
	if (n && copyout(ubuf, stdin_data + f->pos, n))
		return -EFAULT;
	f->pos += n;
	return (long)n;
}

/*
 * Write with the commit rule of the kind of file the host has there, since
 * that decides what a bad buffer leaves behind: a pipe takes data a page at
 * a time and drops a page it could not fill, a terminal copies 2 KiB chunks
 * whole or not at all, a regular file keeps every byte copied before the fault.
 */
static long console_write(struct file *f, struct uiter *it)
{
	const struct stream *s = f->priv;
	size_t chunk = s->kind == SK_TTY ? 2048 : 4096;
	bool all_or_nothing = s->kind == SK_PIPE || s->kind == SK_TTY;
	char buf[4096];
	long total = 0;

	while (it->remaining) {
		size_t want = MIN(it->remaining, chunk);
		size_t got = uiter_copy(it, buf, want);
		if (got < want && all_or_nothing)
			got = 0;
		if (s->kind != SK_NULL && s->channel != CON_LOG)
			arch_console_write(s->channel, buf, got);
		total += (long)got;
		if (got < want)
			return total ? total : -EFAULT;
	}
	return total;
}

static void console_stat(struct file *f, struct kstat *st)
{
	static const uint32_t mode[] = { [SK_TTY] = S_IFCHR | 0620, [SK_NULL] = S_IFCHR | 0666,
					 [SK_PIPE] = S_IFIFO | 0600, [SK_FILE] = S_IFREG | 0644 };
	const struct stream *s = f->priv;

	st->mode = mode[s->kind];
	if (s == &streams[0] && s->kind == SK_FILE)
		st->size = stdin_len;
}

static long console_ioctl(struct file *f, uint64_t req, uintptr_t arg)
{
	const struct stream *s = f->priv;

	if (s->kind != SK_TTY)
		return -ENOTTY;
	switch (req) {
	case TCGETS: {
		/* A plain cooked terminal: what `stty sane` gives. */
		uint32_t t[15] = { 0x500 /* ICRNL|IXON */, 0x5 /* OPOST|ONLCR */, 0xbf /* CS8|CREAD|B38400 */,
				   0x8a3b /* ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN */ };
		return copyout(arg, t, 36) ? -EFAULT : 0;
	}
	case TIOCGWINSZ: {
		uint16_t ws[4] = { 24, 80, 0, 0 };
		return copyout(arg, ws, sizeof(ws)) ? -EFAULT : 0;
	}
	case TIOCGPGRP: {
		int32_t pgrp = 1;
		return copyout(arg, &pgrp, sizeof(pgrp)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static const struct file_ops console_ops = {
	.read = console_read, .write = console_write, .stat = console_stat, .ioctl = console_ioctl,
};

static const struct file_ops console_file_ops = {	/* a regular file or /dev/null can seek */
	.read = console_read, .write = console_write, .stat = console_stat, .ioctl = console_ioctl,
	.seekable = true,
};

struct file *console_open(int fd)
{
	struct stream *s = &streams[fd];
	bool seekable = s->kind == SK_FILE || s->kind == SK_NULL;

	return file_new(seekable ? &console_file_ops : &console_ops, fd == 0 ? O_RDONLY : O_WRONLY, s);
}
