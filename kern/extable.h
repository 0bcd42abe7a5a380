/*
 * The exception table: kernel instructions that may fault on purpose (the
 * user-memory accesses of each arch's uaccess.S, which record themselves in
 * the __ex_table section) and where each resumes when its fault cannot be
 * satisfied.
 */
#ifndef KERN_EXTABLE_H
#define KERN_EXTABLE_H

#include <stdint.h>

/* The fixup for a faulting kernel pc, or 0 if that pc may not fault. */
uint64_t extable_fixup(uint64_t pc);

#endif
