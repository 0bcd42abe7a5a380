/* struct stat as x86-64 Linux lays it out. */
#ifndef MACHINE_STAT_H
#define MACHINE_STAT_H

#include <stdint.h>

struct kstat {
	uint64_t dev, ino, rdev, size, blocks;
	uint32_t mode, nlink, uid, gid, blksize;
};

struct linux_stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	uint64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "x86-64 struct stat is 144 bytes");

static inline void stat_to_linux(const struct kstat *k, struct linux_stat *st)
{
	*st = (struct linux_stat){
		.st_dev = k->dev, .st_ino = k->ino, .st_nlink = k->nlink, .st_mode = k->mode,
		.st_uid = k->uid, .st_gid = k->gid, .st_rdev = k->rdev, .st_size = (int64_t)k->size,
		.st_blksize = k->blksize, .st_blocks = (int64_t)k->blocks,
	};
}

#endif
