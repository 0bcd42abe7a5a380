#ifndef KERN_MAIN_H
#define KERN_MAIN_H
#include <stddef.h>
/* Entered by the arch once memory and the CPU are ready. */
__attribute__((noreturn)) void kern_main(const char *cmdline, const void *initrd, size_t initrd_len);
#endif
