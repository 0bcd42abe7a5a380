/*
 * A small compatibility layer for XNU's Mach virtual-memory calls, over the
 * Linux system calls, so that a program written for macOS (seed 000's
 * mach_vm_allocate example) builds unmodified against it and runs on Linux
 * and on Faultline:  cc -static -I user/compat prog.c
 *
 * Only what such programs use: task ports are a token (there is one task,
 * the caller), memory comes from anonymous private mmap, zero-filled and
 * readable and writable as mach_vm_allocate's is, rounded to whole pages.
 * The return codes are Mach's (mach/kern_return.h).
 */
#ifndef FAULTLINE_COMPAT_MACH_H
#define FAULTLINE_COMPAT_MACH_H

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int kern_return_t;
typedef unsigned int mach_port_t;
typedef mach_port_t vm_map_t;
typedef mach_port_t task_t;
typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_size_t;
typedef uint64_t mach_vm_offset_t;
typedef uintptr_t vm_size_t;

#define KERN_SUCCESS		0
#define KERN_INVALID_ADDRESS	1
#define KERN_PROTECTION_FAILURE	2
#define KERN_NO_SPACE		3
#define KERN_INVALID_ARGUMENT	4
#define KERN_RESOURCE_SHORTAGE	6

#define VM_FLAGS_FIXED		0x0000
#define VM_FLAGS_ANYWHERE	0x0001
#define VM_FLAGS_OVERWRITE	0x4000

/* The caller's own task: the only one there is here. */
#define FAULTLINE_MACH_TASK_SELF	((mach_port_t)0x103)
static inline mach_port_t mach_task_self(void) { return FAULTLINE_MACH_TASK_SELF; }
#define mach_task_self_ (mach_task_self())

/* vm_page_size, as a value (XNU exports a variable). */
#define vm_page_size ((vm_size_t)sysconf(_SC_PAGESIZE))

static inline mach_vm_size_t faultline_mach_round(mach_vm_size_t size)
{
	mach_vm_size_t page = (mach_vm_size_t)sysconf(_SC_PAGESIZE);
	return (size + page - 1) & ~(page - 1);
}

/* Zero-filled memory: anywhere (VM_FLAGS_ANYWHERE), or at *address
 * (VM_FLAGS_FIXED: KERN_NO_SPACE if anything is there; with
 * VM_FLAGS_OVERWRITE it replaces what is there). */
static inline kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address,
					     mach_vm_size_t size, int flags)
{
	mach_vm_size_t len = faultline_mach_round(size);
	int mflags = MAP_PRIVATE | MAP_ANONYMOUS;
	void *want = NULL, *p;

	if (target != FAULTLINE_MACH_TASK_SELF || !address || flags & ~(VM_FLAGS_ANYWHERE | VM_FLAGS_OVERWRITE))
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		if (flags & VM_FLAGS_ANYWHERE)
			*address = 0;
		return KERN_SUCCESS;
	}
	if (len < size)
		return KERN_NO_SPACE;
	if (!(flags & VM_FLAGS_ANYWHERE)) {
		if (*address % (mach_vm_size_t)sysconf(_SC_PAGESIZE))
			return KERN_INVALID_ADDRESS;
		want = (void *)(uintptr_t)*address;
		mflags |= (flags & VM_FLAGS_OVERWRITE) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	}
	p = mmap(want, (size_t)len, PROT_READ | PROT_WRITE, mflags, -1, 0);
	if (p == MAP_FAILED)
		return KERN_NO_SPACE;
	*address = (mach_vm_address_t)(uintptr_t)p;
	return KERN_SUCCESS;
}

static inline kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address,
					       mach_vm_size_t size)
{
	mach_vm_size_t page = (mach_vm_size_t)sysconf(_SC_PAGESIZE);
	mach_vm_address_t start = address & ~(page - 1);

	if (target != FAULTLINE_MACH_TASK_SELF)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (address + size < address)
		return KERN_INVALID_ARGUMENT;
	return munmap((void *)(uintptr_t)start, (size_t)faultline_mach_round(address + size - start)) == 0
		? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

#endif
