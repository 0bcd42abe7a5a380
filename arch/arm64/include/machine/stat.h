/* struct stat as arm64 Linux lays it out (asm-generic/stat.h). */
#ifndef MACHINE_STAT_H
#define MACHINE_STAT_H

#include <stdint.h>

struct kstat {
	uint64_t dev, ino, rdev, size, blocks;
	uint32_t mode, nlink, uid, gid, blksize;
};

struct linux_stat {
	uint64_t st_dev, st_ino;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	uint64_t st_rdev, pad1;
	int64_t st_size;
	int32_t st_blksize, pad2;
	int64_t st_blocks;
	int64_t st_atime;
	uint64_t st_atime_nsec;
	int64_t st_mtime;
	uint64_t st_mtime_nsec;
	int64_t st_ctime;
	uint64_t st_ctime_nsec;
	uint32_t unused4, unused5;
};
_Static_assert(sizeof(struct linux_stat) == 128, "arm64 struct stat is 128 bytes");

static inline void stat_to_linux(const struct kstat *k, struct linux_stat *st)
{
	*st = (struct linux_stat){
		.st_dev = k->dev, .st_ino = k->ino, .st_nlink = k->nlink, .st_mode = k->mode,
		.st_uid = k->uid, .st_gid = k->gid, .st_rdev = k->rdev, .st_size = (int64_t)k->size,
		.st_blksize = (int32_t)k->blksize, .st_blocks = (int64_t)k->blocks,
	};
}

#endif
