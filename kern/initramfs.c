/*
 * cpio "newc": each entry is a 110-byte ASCII header ("070701" and thirteen
 * 8-digit hex fields), the NUL-terminated name padded to 4 bytes, then the
 * data padded to 4 bytes.  The entry named "TRAILER!!!" ends the archive.
 */
#include "kern/initramfs.h"
#include "kern/printk.h"
#include "lib/string.h"

#define HDR_LEN 110
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJ, F_DEVMIN,
       F_RDEVMAJ, F_RDEVMIN, F_NAMESIZE, F_CHECK };

static const uint8_t *archive;
static size_t archive_len;

static int hex_field(const uint8_t *h, int field, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = h[6 + field * 8 + i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t x) { return (x + 3) & ~(size_t)3; }

/* Parse the entry at *off; 1 for a file, 0 at the trailer, -1 if malformed. */
static int next_entry(size_t *off, struct initramfs_file *f, const char **why)
{
	const uint8_t *h = archive + *off;
	uint32_t namesize, filesize, mode;
	size_t name_end, data_end;

	if (archive_len - *off < HDR_LEN) {
		*why = "truncated header";
		return -1;
	}
	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0) {
		*why = "bad magic (not a cpio newc archive)";
		return -1;
	}
	if (hex_field(h, F_NAMESIZE, &namesize) || hex_field(h, F_FILESIZE, &filesize) ||
	    hex_field(h, F_MODE, &mode)) {
		*why = "bad header field";
		return -1;
	}
	name_end = *off + HDR_LEN + namesize;
	if (namesize == 0 || name_end > archive_len || h[HDR_LEN + namesize - 1] != 0) {
		*why = "bad name";
		return -1;
	}
	data_end = pad4(name_end) + filesize;
	if (pad4(name_end) > archive_len || data_end > archive_len) {
		*why = "file data runs past the end";
		return -1;
	}
	f->name = (const char *)h + HDR_LEN;
	f->namelen = namesize - 1;
	f->data = archive + pad4(name_end);
	f->size = filesize;
	f->mode = mode;
	*off = pad4(data_end);
	if (f->namelen == 10 && memcmp(f->name, "TRAILER!!!", 10) == 0)
		return 0;
	while (f->namelen && (f->name[0] == '/' || (f->name[0] == '.' && f->namelen > 1 && f->name[1] == '/'))) {
		size_t skip = f->name[0] == '/' ? 1 : 2;
		f->name += skip;
		f->namelen -= skip;
	}
	return 1;
}

int initramfs_init(const void *base, size_t len)
{
	struct initramfs_file f;
	const char *why = NULL;
	size_t off = 0;
	int r, files = 0;

	archive = base;
	archive_len = len;
	if (!base || len == 0) {
		kprintf("faultline: no initramfs was given to the kernel\n");
		return -1;
	}
	while ((r = next_entry(&off, &f, &why)) > 0)
		files++;
	if (r < 0) {
		kprintf("faultline: initramfs is malformed at byte %zu: %s\n", off, why);
		archive_len = 0;
		return -1;
	}
	kprintf("faultline: initramfs: %d entries, %zu bytes\n", files, len);
	return 0;
}

int initramfs_lookup(const char *path, struct initramfs_file *out)
{
	size_t off = 0, plen;
	const char *why;

	while (*path == '/')
		path++;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	plen = strlen(path);
	while (off < archive_len && next_entry(&off, out, &why) > 0) {
		if (out->namelen == plen && memcmp(out->name, path, plen) == 0)
			return 0;
	}
	return -1;
}

int initramfs_next(size_t *off, struct initramfs_file *out)
{
	const char *why;

	return *off < archive_len && next_entry(off, out, &why) > 0;
}
