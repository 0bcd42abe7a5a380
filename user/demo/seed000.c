// diff-pagesize: 4096
/*
 * seed000 - seed 000's question on XNU, asked of Faultline: a Mach program
 * allocates 0x4000 bytes anywhere in its address space (one 16 KiB page on
 * Apple's arm64), stores a 64-bit zero at the start, and gives the memory
 * back.  The store is the first touch: the page fault that makes the kernel
 * find the region, take a page, zero it and enter it in the page table.
 *
 * Built against the project's Mach compatibility header (user/compat:
 * cc -static -I user/compat), so the Mach calls work as on macOS.  With the
 * 16 KiB build (make ARCH=arm64 GRANULE=16k) 0x4000 is exactly one page.
 */
#define _GNU_SOURCE
#include <mach/mach.h>
#include <mach/mach_vm.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Faultline's trace marker (./faultline run --trace=marked records only the
 * faults between on and off); on Linux the call fails and changes nothing. */
#define FAULTLINE_TRACE 0x46540001

static void first_touch(void)
{
	mach_vm_address_t addr = 0;
	mach_vm_size_t size = 0x4000;
	kern_return_t kr = mach_vm_allocate(mach_task_self(), &addr, size, VM_FLAGS_ANYWHERE);

	if (kr != KERN_SUCCESS) {
		printf("mach_vm_allocate failed: %d\n", kr);
		return;
	}
	prctl(FAULTLINE_TRACE, 1, 0, 0, 0);
	*(volatile uint64_t *)addr = 0;			/* the line the article asks about */
	prctl(FAULTLINE_TRACE, 0, 0, 0, 0);
	printf("mach_vm_allocate(0x%llx bytes) = KERN_SUCCESS, page-aligned: %s; "
	       "the page size is 0x%lx, so that is %llu page(s); stored a 64-bit zero\n",
	       (unsigned long long)size, addr % (mach_vm_size_t)getpagesize() == 0 ? "yes" : "no",
	       (unsigned long)getpagesize(), (unsigned long long)(size / (mach_vm_size_t)getpagesize()));
	kr = mach_vm_deallocate(mach_task_self(), addr, size);
	printf("mach_vm_deallocate = %s\n", kr == KERN_SUCCESS ? "KERN_SUCCESS" : "an error");
}

int main(void)
{
	first_touch();
	return 0;
}
