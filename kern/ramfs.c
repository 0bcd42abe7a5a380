/*
 * The file system: the initramfs, read-only, plus /dev/null and /dev/zero.
 * The working directory is always "/".  Paths are resolved to the
 * archive's names ("bin/sh", "" for the root); a directory is an entry of
 * directory type or any prefix of an entry's name.
 */
#include "kern/abi.h"
#include "kern/file.h"
#include "kern/initramfs.h"
#include "kern/proc.h"
#include "kern/syscall.h"
#include "kern/uaccess.h"
#include "vm/kmem.h"
#include "vm/map.h"
#include "vm/page.h"
#include "vm/prot.h"
#include "lib/fmt.h"
#include "lib/compiler.h"
#include "lib/string.h"

#define PATH_MAX_LEN 256

struct node {
	char path[PATH_MAX_LEN];		/* resolved, no leading "/" */
	struct initramfs_file f;		/* regular files */
	uint64_t ino;
};

/* Resolve path (relative to base, a resolved directory) into out: ".",
 * ".." and repeated slashes folded.  -ENAMETOOLONG or 0. */
static int resolve(const char *base, const char *path, char out[PATH_MAX_LEN])
{
	size_t n = 0;

	out[0] = 0;
	if (path[0] != '/' && base[0]) {
		if (strlen(base) >= PATH_MAX_LEN)
			return -ENAMETOOLONG;
		strlcpy(out, base, PATH_MAX_LEN);
		n = strlen(out);
	}
	while (*path) {
		const char *c = path;
		size_t len;
		while (*c == '/')
			c++;
		len = 0;
		while (c[len] && c[len] != '/')
			len++;
		path = c + len;
		if (len == 0 || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			out[n] = 0;
			continue;
		}
		if (n + (n ? 1 : 0) + len >= PATH_MAX_LEN)
			return -ENAMETOOLONG;
		if (n)
			out[n++] = '/';
		memcpy(out + n, c, len);
		n += len;
		out[n] = 0;
	}
	return 0;
}

enum kind { K_NONE, K_FILE, K_DIR, K_NULL, K_ZERO, K_MAPS };

static enum kind lookup(const char *path, struct initramfs_file *f, uint64_t *ino)
{
	size_t off = 0, plen = strlen(path);
	struct initramfs_file e;

	*ino = 1;
	if (plen == 0)
		return K_DIR;
	if (!strcmp(path, "dev/null"))
		return K_NULL;
	if (!strcmp(path, "dev/zero"))
		return K_ZERO;
	if (!strcmp(path, "dev") || !strcmp(path, "proc") || !strcmp(path, "proc/self"))
		return K_DIR;
	if (!strcmp(path, "proc/self/maps"))
		return K_MAPS;
	while (initramfs_next(&off, &e)) {
		if (e.namelen == plen && !memcmp(e.name, path, plen)) {
			*ino = off;
			if ((e.mode & S_IFMT) == S_IFDIR)
				return K_DIR;
			*f = e;
			return K_FILE;
		}
		if (e.namelen > plen && !memcmp(e.name, path, plen) && e.name[plen] == '/')
			return K_DIR;
	}
	return K_NONE;
}

/* ---- regular files */

static long rfile_read(struct file *fl, uintptr_t ubuf, size_t n)
{
	struct node *nd = fl->priv;
	size_t avail = nd->f.size > fl->pos ? nd->f.size - fl->pos : 0;

	n = MIN(n, avail);
	if (n && copyout(ubuf, (const char *)nd->f.data + fl->pos, n))
		return -EFAULT;
	fl->pos += n;
	return (long)n;
}

static void rfile_stat(struct file *fl, struct kstat *st)
{
	struct node *nd = fl->priv;

	st->mode = S_IFREG | (nd->f.mode & 07777);
	st->size = nd->f.size;
	st->blocks = (nd->f.size + 511) / 512;
	st->ino = nd->ino;
}

static void node_release(struct file *fl) { kfree(fl->priv); }

static const struct file_ops rfile_ops = {
	.read = rfile_read, .stat = rfile_stat, .release = node_release, .seekable = true,
};

/* ---- directories */

static void dir_stat(struct file *fl, struct kstat *st)
{
	struct node *nd = fl->priv;

	st->mode = S_IFDIR | 0755;
	st->nlink = 2;
	st->ino = nd->ino;
	st->size = 4096;
}

/* If entry e lies below dir, the name of dir's child it is in (not
 * NUL-terminated) and whether that child is a directory. */
static bool child_of(const char *dir, size_t dlen, const struct initramfs_file *e, const char **name,
		     size_t *len, bool *is_dir)
{
	const char *rest = e->name;
	size_t rlen = e->namelen;

	if (dlen) {
		if (e->namelen <= dlen + 1 || memcmp(e->name, dir, dlen) || e->name[dlen] != '/')
			return false;
		rest += dlen + 1;
		rlen -= dlen + 1;
	}
	*len = 0;
	while (*len < rlen && rest[*len] != '/')
		(*len)++;
	*name = rest;
	*is_dir = *len < rlen || (e->mode & S_IFMT) == S_IFDIR;
	return *len > 0;
}

/* The pos-th distinct child of dir (after "." and ".."): its name length, or 0. */
static size_t child(const char *dir, uint64_t pos, char *name, size_t cap, bool *is_dir)
{
	size_t off = 0, dlen = strlen(dir), len;
	struct initramfs_file e;
	const char *cname;
	uint64_t seen = 0;

	for (size_t start = 0; initramfs_next(&off, &e); start = off) {
		if (!child_of(dir, dlen, &e, &cname, &len, is_dir) || len >= cap)
			continue;
		/* Only its first appearance counts: "bin/a" and "bin/b" are one "bin". */
		bool dup = false;
		size_t off2 = 0, len2;
		struct initramfs_file e2;
		const char *cname2;
		bool d2;
		while (!dup && off2 < start && initramfs_next(&off2, &e2))
			dup = child_of(dir, dlen, &e2, &cname2, &len2, &d2) && len2 == len && !memcmp(cname, cname2, len);
		if (dup || seen++ != pos)
			continue;
		memcpy(name, cname, len);
		name[len] = 0;
		return len;
	}
	return 0;
}

static long dir_getdents(struct file *fl, uintptr_t ubuf, size_t n)
{
	struct node *nd = fl->priv;
	size_t done = 0;
	char name[PATH_MAX_LEN];

	for (;;) {
		bool is_dir = true;
		size_t len;
		if (fl->pos < 2) {
			strlcpy(name, fl->pos == 0 ? "." : "..", sizeof(name));
			len = strlen(name);
		} else if (!(len = child(nd->path, fl->pos - 2, name, sizeof(name), &is_dir))) {
			return (long)done;
		}
		size_t reclen = ALIGN_UP(19 + len + 1, 8);
		uint8_t rec[PATH_MAX_LEN + 32];
		if (done + reclen > n)
			return done ? (long)done : -EINVAL;
		memset(rec, 0, reclen);
		uint64_t ino = fl->pos + 2, next = fl->pos + 1;
		uint16_t rl = (uint16_t)reclen;
		memcpy(rec, &ino, 8);
		memcpy(rec + 8, &next, 8);
		memcpy(rec + 16, &rl, 2);
		rec[18] = is_dir ? 4 /* DT_DIR */ : 8 /* DT_REG */;
		memcpy(rec + 19, name, len);
		if (copyout(ubuf + done, rec, reclen))
			return done ? (long)done : -EFAULT;
		done += reclen;
		fl->pos++;
	}
}

static const struct file_ops dir_ops = {
	.stat = dir_stat, .getdents = dir_getdents, .release = node_release, .seekable = true,
};

/* ---- /dev/null and /dev/zero */

static long null_read(struct file *fl, uintptr_t ubuf, size_t n) { (void)fl; (void)ubuf; (void)n; return 0; }

static long zero_read(struct file *fl, uintptr_t ubuf, size_t n)
{
	(void)fl;
	return clear_user((void *)ubuf, n) ? -EFAULT : (long)n;
}

static long sink_write(struct file *fl, struct uiter *it)
{
	long n = (long)it->remaining;
	(void)fl;
	it->remaining = 0;
	return n;
}

static void chr_stat(struct file *fl, struct kstat *st)
{
	st->mode = S_IFCHR | 0666;
	st->rdev = fl->ops->read == zero_read ? (1u << 8 | 5) : (1u << 8 | 3);
}

static const struct file_ops null_ops = { .read = null_read, .write = sink_write, .stat = chr_stat, .seekable = true };
static const struct file_ops zero_ops = { .read = zero_read, .write = sink_write, .stat = chr_stat, .seekable = true };

/* ---- /proc/self/maps: a snapshot of the regions, taken at open */

#define MAPS_PAGES 16

struct maps_snap { struct page *pages; size_t len; };

static void maps_line(struct maps_snap *m, char *buf, const struct vm_region *r, const struct vm_map *map)
{
	size_t cap = MAPS_PAGES * PAGE_SIZE;
	const char *name = r->flags & VR_SHARED ? "/dev/zero (deleted)" :
			   r->flags & VR_STACK ? "[stack]" :
			   (r->start < map->brk && r->end > map->start_brk) ? "[heap]" : "";
	int n = fmt_snprintf(buf + m->len, cap - m->len, "%08lx-%08lx %c%c%c%c %08lx 00:%02x %-10d", r->start, r->end,
			     r->prot & RPROT_READ ? 'r' : '-', r->prot & RPROT_WRITE ? 'w' : '-',
			     r->prot & RPROT_EXEC ? 'x' : '-', r->flags & VR_SHARED ? 's' : 'p',
			     r->obj ? r->pgoff << PAGE_SHIFT : 0, r->obj ? 1 : 0, r->obj ? 1 : 0);
	if (n < 0 || (size_t)n >= cap - m->len)
		return;
	m->len += (size_t)n;
	n = fmt_snprintf(buf + m->len, cap - m->len, "%*s%s\n", *name ? 16 : 0, "", name);
	if (n > 0 && (size_t)n < cap - m->len)
		m->len += (size_t)n;
}

static long maps_read(struct file *fl, uintptr_t ubuf, size_t n)
{
	struct maps_snap *m = fl->priv;
	size_t avail = m->len > fl->pos ? m->len - fl->pos : 0;

	n = MIN(n, avail);
	if (n && copyout(ubuf, (char *)page_kva(m->pages) + fl->pos, n))
		return -EFAULT;
	fl->pos += n;
	return (long)n;
}

static void maps_stat(struct file *fl, struct kstat *st) { (void)fl; st->mode = S_IFREG | 0444; }

static void maps_release(struct file *fl)
{
	struct maps_snap *m = fl->priv;
	page_free_contig(m->pages, MAPS_PAGES);
	kfree(m);
}

static const struct file_ops maps_ops = { .read = maps_read, .stat = maps_stat, .release = maps_release, .seekable = true };

static struct file *maps_open(unsigned flags, long *err)
{
	struct vm_map *map = curproc->map;
	struct maps_snap *m = kzalloc(sizeof(*m));
	struct file *fl;

	*err = -ENOMEM;
	if (!m || !(m->pages = page_alloc_contig(MAPS_PAGES, PG_KMEM))) {
		kfree(m);
		return NULL;
	}
	lock_acquire(&map->lock);
	for (struct vm_region *r = vm_map_first_above(map, 0); r; r = vm_region_next(r))
		maps_line(m, page_kva(m->pages), r, map);
	lock_release(&map->lock);
	fl = file_new(&maps_ops, flags & ~(unsigned)O_CLOEXEC, m);
	if (!fl)
		maps_release(&(struct file){ .priv = m });
	*err = fl ? 0 : -ENOMEM;
	return fl;
}

/* ---- opening */

static struct file *open_resolved(const char *path, unsigned flags, long *err)
{
	struct initramfs_file f;
	uint64_t ino;
	enum kind k = lookup(path, &f, &ino);
	struct node *nd;
	struct file *fl;

	if (k == K_NONE) {
		*err = (flags & O_CREAT) ? -EROFS : -ENOENT;
		return NULL;
	}
	if (k == K_MAPS) {
		if ((flags & O_ACCMODE) != O_RDONLY) {
			*err = -EACCES;
			return NULL;
		}
		return maps_open(flags, err);
	}
	if (k == K_NULL || k == K_ZERO) {
		fl = file_new(k == K_NULL ? &null_ops : &zero_ops, flags & ~(unsigned)O_CLOEXEC, NULL);
		*err = fl ? 0 : -ENOMEM;
		return fl;
	}
	if ((flags & O_DIRECTORY) && k != K_DIR) {
		*err = -ENOTDIR;
		return NULL;
	}
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)) {
		*err = k == K_DIR ? -EISDIR : -EROFS;
		return NULL;
	}
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		*err = -EEXIST;
		return NULL;
	}
	nd = kzalloc(sizeof(*nd));
	if (!nd) {
		*err = -ENOMEM;
		return NULL;
	}
	strlcpy(nd->path, path, sizeof(nd->path));
	nd->f = f;
	nd->ino = ino;
	fl = file_new(k == K_DIR ? &dir_ops : &rfile_ops, flags & ~(unsigned)O_CLOEXEC, nd);
	if (!fl)
		kfree(nd);
	*err = fl ? 0 : -ENOMEM;
	return fl;
}

struct file *ramfs_open(const char *path, unsigned flags, long *err)
{
	char resolved[PATH_MAX_LEN];

	if ((*err = resolve("", path, resolved)))
		return NULL;
	return open_resolved(resolved, flags, err);
}

/* The directory a *at() call starts from. */
static long at_base(uint64_t dirfd, const char *path, char base[PATH_MAX_LEN])
{
	struct file *d;

	base[0] = 0;
	if (path[0] == '/' || (int)dirfd == AT_FDCWD)
		return 0;
	d = fd_file(curproc, dirfd);
	if (!d)
		return -EBADF;
	if (d->ops != &dir_ops)
		return -ENOTDIR;
	strlcpy(base, ((struct node *)d->priv)->path, PATH_MAX_LEN);
	return 0;
}

static long path_from_user(uintptr_t upath, char path[PATH_MAX_LEN])
{
	long n = copyinstr(path, upath, PATH_MAX_LEN);
	if (n == 0)
		return -ENOENT;
	return n < 0 ? n : 0;
}

long sys_openat(SYSCALL_ARGS)
{
	char path[PATH_MAX_LEN], base[PATH_MAX_LEN], resolved[PATH_MAX_LEN];
	struct file *f;
	long err;
	int fd;

	UNUSED_ARGS(a3, a4, a5);
	if ((err = path_from_user(a1, path)) || (err = at_base(a0, path, base)) ||
	    (err = resolve(base, path, resolved)))
		return err;
	f = open_resolved(resolved, (unsigned)a2, &err);
	if (!f)
		return err;
	fd = fd_install(curproc, f, 0, a2 & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_open(SYSCALL_ARGS)
{
	UNUSED_ARGS(a3, a4, a5);
	return sys_openat((u64)AT_FDCWD, a0, a1, a2, 0, 0);
}

long file_stat_out(struct file *f, uintptr_t ubuf);

long sys_newfstatat(SYSCALL_ARGS)
{
	char path[PATH_MAX_LEN], base[PATH_MAX_LEN], resolved[PATH_MAX_LEN];
	struct file *f;
	long n, err;

	UNUSED_ARGS(a4, a5);
	n = copyinstr(path, a1, sizeof(path));
	if (n < 0)
		return n;
	if (n == 0) {
		if (!(a3 & AT_EMPTY_PATH))
			return -ENOENT;
		f = fd_file(curproc, a0);
		return f ? file_stat_out(f, a2) : -EBADF;
	}
	if ((err = at_base(a0, path, base)) || (err = resolve(base, path, resolved)))
		return err;
	f = open_resolved(resolved, O_RDONLY, &err);
	if (!f)
		return err;
	err = file_stat_out(f, a2);
	file_put(f);
	return err;
}

long sys_stat(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	return sys_newfstatat((u64)AT_FDCWD, a0, a1, 0, 0, 0);
}

long sys_faccessat(SYSCALL_ARGS)
{
	char path[PATH_MAX_LEN], base[PATH_MAX_LEN], resolved[PATH_MAX_LEN];
	struct initramfs_file f;
	uint64_t ino;
	long err;
	enum kind k;

	UNUSED_ARGS(a3, a4, a5);
	if (a2 & ~7ull)
		return -EINVAL;
	if ((err = path_from_user(a1, path)) || (err = at_base(a0, path, base)) ||
	    (err = resolve(base, path, resolved)))
		return err;
	k = lookup(resolved, &f, &ino);
	if (k == K_NONE)
		return -ENOENT;
	if ((a2 & 2) && (k == K_FILE || k == K_DIR))
		return -EROFS;		/* W_OK on a read-only file system */
	return 0;			/* root may read and execute everything */
}

long sys_access(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	return sys_faccessat((u64)AT_FDCWD, a0, a1, 0, 0, 0);
}

static long readlink_common(uintptr_t upath, uintptr_t ubuf, uint64_t size)
{
	char path[PATH_MAX_LEN];
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

long sys_getcwd(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 < 2)
		return -ERANGE;
	return copyout(a0, "/", 2) ? -EFAULT : 2;
}

long sys_chdir(SYSCALL_ARGS)
{
	char path[PATH_MAX_LEN], resolved[PATH_MAX_LEN];
	struct initramfs_file f;
	uint64_t ino;
	long err;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if ((err = path_from_user(a0, path)) || (err = resolve("", path, resolved)))
		return err;
	switch (lookup(resolved, &f, &ino)) {
	case K_NONE: return -ENOENT;
	case K_DIR: break;
	default: return -ENOTDIR;
	}
	/* The working directory stays "/": only the root may be entered. */
	return resolved[0] ? -EACCES : 0;
}
