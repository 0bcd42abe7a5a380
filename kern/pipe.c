/*
 * Pipes: a 64 KiB ring, as Linux's default capacity.  Readers sleep while it
 * is empty and there are writers; writers sleep while it is full, and a write
 * of at most PIPE_BUF bytes goes in whole.  No readers left: SIGPIPE and EPIPE.
 */
#include "kern/abi.h"
#include "kern/file.h"
#include "kern/proc.h"
#include "kern/sched.h"
#include "kern/signal.h"
#include "kern/uaccess.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "lib/compiler.h"

#define PIPE_PAGES	16
#define PIPE_SIZE	(PIPE_PAGES * PAGE_SIZE)
#define PIPE_BUF	4096

struct pipe {
	char *buf;
	struct page *pages;
	uint64_t rd, wr;		/* bytes ever read / written: wr - rd are in the ring */
	unsigned readers, writers;
};

static long pipe_read(struct file *f, uintptr_t ubuf, size_t n)
{
	struct pipe *pp = f->priv;
	size_t done = 0;

	while (pp->wr == pp->rd) {
		if (!pp->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (!sched_sleep(pp, 0))
			return -ERESTARTSYS;
	}
	while (done < n && pp->rd != pp->wr) {
		size_t off = pp->rd % PIPE_SIZE;
		size_t take = MIN(MIN(n - done, pp->wr - pp->rd), PIPE_SIZE - off);
		if (copyout(ubuf + done, pp->buf + off, take))
			return done ? (long)done : -EFAULT;
		pp->rd += take;
		done += take;
	}
	sched_wakeup(pp);		/* room for writers */
	return (long)done;
}

static long pipe_write(struct file *f, struct uiter *it)
{
	struct pipe *pp = f->priv;
	size_t atomic = it->remaining <= PIPE_BUF ? it->remaining : 1;
	long done = 0;

	while (it->remaining) {
		if (!pp->readers) {
			signal_send(curproc, SIGPIPE, SI_USER, curproc->pid);
			return done ? done : -EPIPE;
		}
		size_t space = PIPE_SIZE - (pp->wr - pp->rd);
		if (space < atomic) {
			if (f->flags & O_NONBLOCK)
				return done ? done : -EAGAIN;
			if (!sched_sleep(pp, 0))
				return done ? done : -ERESTARTSYS;
			continue;
		}
		size_t off = pp->wr % PIPE_SIZE;
		size_t want = MIN(MIN(space, it->remaining), PIPE_SIZE - off);
		size_t got = uiter_copy(it, pp->buf + off, want);
		pp->wr += got;
		done += (long)got;
		sched_wakeup(pp);	/* data for readers */
		if (got < want)
			return done ? done : -EFAULT;
	}
	return done;
}

static void pipe_stat(struct file *f, struct kstat *st)
{
	(void)f;
	st->mode = S_IFIFO | 0600;
}

static void pipe_release(struct file *f)
{
	struct pipe *pp = f->priv;

	if (file_readable(f))
		pp->readers--;
	else
		pp->writers--;
	sched_wakeup(pp);
	if (!pp->readers && !pp->writers) {
		page_free_contig(pp->pages, PIPE_PAGES);
		kfree(pp);
	}
}

static const struct file_ops pipe_ops = {
	.read = pipe_read, .write = pipe_write, .stat = pipe_stat, .release = pipe_release,
};

int pipe_create(struct file **rd, struct file **wr, unsigned flags)
{
	struct pipe *pp = kzalloc(sizeof(*pp));

	if (!pp)
		return -ENOMEM;
	pp->pages = page_alloc_contig(PIPE_PAGES, PG_KMEM);
	if (!pp->pages) {
		kfree(pp);
		return -ENOMEM;
	}
	pp->buf = page_kva(pp->pages);
	*rd = file_new(&pipe_ops, O_RDONLY | flags, pp);
	*wr = file_new(&pipe_ops, O_WRONLY | flags, pp);
	if (!*rd || !*wr) {
		kfree(*rd);
		kfree(*wr);
		page_free_contig(pp->pages, PIPE_PAGES);
		kfree(pp);
		return -ENOMEM;
	}
	pp->readers = pp->writers = 1;
	return 0;
}
