#ifndef KERN_TRAP_H
#define KERN_TRAP_H

#include <stdbool.h>
#include <stdint.h>

struct fault_info;

/* A page fault on a user address, decoded by the arch.  True: retry the
 * access.  False: a kernel access to user memory failed (take the fixup).
 * A user access that cannot be satisfied ends the process here. */
bool kern_page_fault(const struct fault_info *fi);

/* A user-mode exception other than a page fault (ud2, divide by zero, ...). */
__attribute__((noreturn)) void kern_user_exception(int sig, int code, uintptr_t addr, const char *what);

#endif
