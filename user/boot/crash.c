/*
 * crash MODE - die in a chosen way, after printing (with write(2), since
 * stdio buffers die with the process) "fault at 0xADDR" with the address
 * the kernel is expected to report, when there is one.
 *
 *   null-write    store to address 0                 SIGSEGV SEGV_MAPERR
 *   ro-write      store to a PROT_READ mapping       SIGSEGV SEGV_ACCERR
 *   rodata-write  store to a string literal          SIGSEGV SEGV_ACCERR
 *   kernel-write  store to the kernel's direct map   SIGSEGV
 *   kernel-read   load from the kernel's text        SIGSEGV
 *   kernel-exec   jump into the kernel's text        SIGSEGV
 *   abort         abort()                            SIGABRT
 *   spin          loop forever
 * x86-64 only:
 *   noncanonical  load from a non-canonical address  SIGSEGV (#GP)
 *   ud2           an invalid opcode                  SIGILL
 *   int3          a breakpoint                       SIGTRAP (at 0: SI_KERNEL)
 *   div0          integer divide by zero             SIGFPE
 * AArch64 only (its integer division does not trap, and every address is
 * canonical once the top byte is ignored):
 *   tagged-null   load from NULL with 0x80 in the top byte   SIGSEGV at 0
 *                 (TBI: the tag is ignored, and reported untagged)
 *   udf           a permanently undefined instruction        SIGILL
 *   brk           a breakpoint instruction                   SIGTRAP (at its pc)
 *   pc-align      a branch to a misaligned address           SIGBUS BUS_ADRALN
 *
 * The kernel addresses are Faultline's own: its direct map and its text.
 */
#include "common.h"

#if defined(__x86_64__)
#define KERNEL_DMAP 0xffff800000000000UL
#define KERNEL_TEXT 0xffffffff80100000UL
#define NONCANONICAL 0x8000000000000000UL

extern const char fl_ud2_here[], fl_div_here[];
#elif defined(__aarch64__)
#define KERNEL_DMAP 0xffffff8000000000UL
#define KERNEL_TEXT 0xffffffffc0200000UL
#define TAGGED_NULL 0x8000000000000000UL

extern const char fl_udf_here[], fl_brk_here[];

/* Two instructions' worth of code, entered 2 bytes in by pc-align. */
__asm__(".text\n.balign 4\n.globl fl_misaligned\nfl_misaligned:\n\tnop\n\tnop\n");
extern const char fl_misaligned[];
#else
#error "crash.c knows x86-64 and AArch64"
#endif

static void say_addr(const void *addr)
{
	char line[64];

	snprintf(line, sizeof(line), "fault at %#lx\n", (unsigned long)addr);
	say(1, line);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "null-write") == 0) {
		say_addr(NULL);
		*(volatile int *)hide(NULL) = 1;
	} else if (strcmp(mode, "ro-write") == 0) {
		volatile char *p = (volatile char *)map_anon(page_size(), PROT_READ, MAP_PRIVATE) + 8;
		say_addr((const void *)p);
		*p = 1;
	} else if (strcmp(mode, "rodata-write") == 0) {
		static const char text[] = "read-only";
		volatile char *p = hide((void *)(text + 2));
		say_addr((const void *)p);
		*p = 'X';
	} else if (strcmp(mode, "kernel-write") == 0) {
		say_addr((void *)KERNEL_DMAP);
		*(volatile long *)hide((void *)KERNEL_DMAP) = 1;
	} else if (strcmp(mode, "kernel-read") == 0) {
		say_addr((void *)KERNEL_TEXT);
		printf("read %ld\n", *(volatile long *)hide((void *)KERNEL_TEXT));
	} else if (strcmp(mode, "kernel-exec") == 0) {
		void (*fn)(void) = (void (*)(void))hide((void *)KERNEL_TEXT);
		say_addr((void *)KERNEL_TEXT);
		fn();
#if defined(__x86_64__)
	} else if (strcmp(mode, "noncanonical") == 0) {
		/* A #GP reports no address: the kernel logs 0, as Linux's si_addr. */
		say_addr(NULL);
		printf("read %ld\n", *(volatile long *)hide((void *)NONCANONICAL));
	} else if (strcmp(mode, "ud2") == 0) {
		say_addr(fl_ud2_here);
		__asm__ volatile(".globl fl_ud2_here\nfl_ud2_here:\n\tud2");
	} else if (strcmp(mode, "int3") == 0) {
		/* Linux reports a breakpoint with SI_KERNEL and no address. */
		say_addr(NULL);
		__asm__ volatile("int3");
	} else if (strcmp(mode, "div0") == 0) {
		say_addr(fl_div_here);
		__asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\txorl %%edx, %%edx\n"
				 ".globl fl_div_here\nfl_div_here:\n\tdivl %%ecx"
				 ::: "eax", "ecx", "edx");
#elif defined(__aarch64__)
	} else if (strcmp(mode, "tagged-null") == 0) {
		/* Linux reports a fault address without its tag (no SA_EXPOSE_TAGBITS). */
		say_addr(NULL);
		printf("read %ld\n", *(volatile long *)hide((void *)TAGGED_NULL));
	} else if (strcmp(mode, "udf") == 0) {
		say_addr(fl_udf_here);
		__asm__ volatile(".globl fl_udf_here\nfl_udf_here:\n\tudf #0");
	} else if (strcmp(mode, "brk") == 0) {
		/* Linux reports a brk with TRAP_BRKPT at the instruction. */
		say_addr(fl_brk_here);
		__asm__ volatile(".globl fl_brk_here\nfl_brk_here:\n\tbrk #0");
	} else if (strcmp(mode, "pc-align") == 0) {
		void (*fn)(void) = (void (*)(void))hide((void *)(fl_misaligned + 2));
		say_addr((const void *)fn);
		fn();
#endif
	} else if (strcmp(mode, "abort") == 0) {
		abort();
	} else if (strcmp(mode, "spin") == 0) {
		for (volatile unsigned long i = 0;; i++)
			;
	} else {
		fprintf(stderr, "crash: unknown mode '%s'\n", mode);
		return 2;
	}
	say(1, "still alive\n");
	return 1;
}
