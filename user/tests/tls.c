/*
 * tls - thread-local storage of the main thread, which libc sets up with
 * arch_prctl(ARCH_SET_FS) on x86-64: initialized (.tdata) and zeroed
 * (.tbss) variables, an over-aligned one, and the thread pointer that
 * ARCH_GET_FS reports matches the one the CPU uses.
 */
#include "common.h"

#ifndef ARCH_GET_FS
#define ARCH_GET_FS 0x1003   /* <asm/prctl.h>, which musl-gcc lacks */
#endif

static __thread int counter = 42;
static __thread char name[16] = "main thread";
static __thread unsigned char zeroed[8192];
static __thread _Alignas(64) unsigned char aligned64[64];

int main(void)
{
	printf("counter = %d\n", counter);
	printf("name = %s\n", name);
	check("tbss reads as zero", all_zero(zeroed, sizeof(zeroed)));
	check("64-byte alignment honoured",
	      ((uintptr_t)aligned64 & 63) == 0);

	counter += 100;
	zeroed[sizeof(zeroed) - 1] = 7;
	memcpy(name, "changed", 8);
	printf("counter = %d, last zeroed byte = %d, name = %s\n", counter,
	       zeroed[sizeof(zeroed) - 1], name);

	/* errno is thread-local too (directly or via the thread block). */
	errno = 0;
	if (write(99, "x", 1) != -1)
		printf("write(99) succeeded?\n");
	printf("errno after write(99, ...) = %s\n", errno_name(errno));

#if defined(__x86_64__)
	unsigned long fs = 0, self;
	SHOW("arch_prctl(ARCH_GET_FS)",
	     syscall(SYS_arch_prctl, (long)ARCH_GET_FS, (long)&fs));
	/* Both glibc and musl keep a pointer to the thread control block
	 * in its first word: %fs:0 == the %fs base. */
	__asm__ volatile("mov %%fs:0, %0" : "=r"(self));
	check("ARCH_GET_FS == %fs:0", fs == self);
	check("&counter lies below the thread pointer",
	      (uintptr_t)&counter < fs);
	SHOW("arch_prctl(bad code 0x9999)",
	     syscall(SYS_arch_prctl, 0x9999L, (long)&fs));
#endif
	return 0;
}
