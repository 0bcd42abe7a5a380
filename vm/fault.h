/*
 * THE fault handler.  The arch trap code decodes the hardware's report into
 * a struct fault_info and calls vm_fault(); vm_fault decides, maps, and
 * says what happened.  Signals for the failures are chosen in one table in
 * kern/ (fault_signal()).
 */
#ifndef VM_FAULT_H
#define VM_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm_map;

enum fault_access { FA_READ, FA_WRITE, FA_EXEC };

struct fault_info {
	uintptr_t addr;			/* the faulting address */
	enum fault_access access;
	bool user;			/* raised by user mode (else: the kernel touching user memory) */
	bool present;			/* a valid entry was there: a protection fault */
	uint64_t syndrome;		/* the hardware's own word (x86 error code, arm64 ESR) */
	bool force;			/* the kernel writing a program into place (exec): ignore the region's rights */
	bool traced;			/* fill the outcome's trace fields */
	uint64_t t_entry;		/* tracing: the clock at the trap entry */
};

enum fault_res {
	FR_CONT,	/* internal: keep going */
	FR_DONE,	/* mapped (or already was): retry the access */
	FR_MAPERR,	/* no region: SIGSEGV / SEGV_MAPERR */
	FR_ACCERR,	/* the region forbids the access: SIGSEGV / SEGV_ACCERR */
	FR_OOM,		/* no memory for a page or table */
	FR_BUSERR,	/* past the end of the object behind the region: SIGBUS / BUS_ADRERR */
};

enum fault_decision {
	FD_NONE,
	FD_ZERO_PAGE,	/* read of untouched private memory: the shared zero page */
	FD_NEW_PAGE,	/* write to untouched (or zero-page) private memory: a zeroed page */
	FD_COW_COPY,	/* write to a private page shared with others: copy it */
	FD_COW_REUSE,	/* write to a private page no one else maps: make it writable */
	FD_SHARED_PAGE,	/* a page of a shared object */
	FD_REPROTECT,	/* the page was there with rights older than the region's */
	FD_SPURIOUS,	/* the entry already allows the access */
};

/* Stages of vm_fault, for the trace's clock readings. */
enum fault_stage { FS_START, FS_FIND, FS_CHECK, FS_GET_PAGE, FS_MAP, FS_NSTAGES };

struct fault_outcome {
	enum fault_decision decision;
	bool stack_grown;
	/* Filled only for a traced fault (fault_info.traced): */
	bool timed;
	uint64_t t[FS_NSTAGES];		/* clock at the start and after each stage */
	bool region_found;
	uintptr_t region_start, region_end;
	unsigned region_prot, region_flags;
	struct page *page;		/* the page mapped, if any */
};

/* The clock the trace reads (the arch's cycle counter); set by the kernel. */
extern uint64_t (*vm_trace_clock)(void);

enum fault_res vm_fault(struct vm_map *map, const struct fault_info *fi, struct fault_outcome *out);

/* Write len bytes into map at va, faulting pages in as needed, whether or not
 * map is the active address space (exec uses it to build the new image).
 * 0 or -EFAULT. */
int vm_map_write(struct vm_map *map, uintptr_t va, const void *src, size_t len);

const char *fault_access_name(enum fault_access a);
const char *fault_decision_name(enum fault_decision d);

#endif
