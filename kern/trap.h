#ifndef KERN_TRAP_H
#define KERN_TRAP_H

#include <stdbool.h>
#include <stdint.h>

struct fault_info;

/* A page fault on a user address, decoded by the arch.  True: retry the
 * access.  False: a kernel access to user memory failed (take the fixup).
 * A user access that cannot be satisfied ends the process here. */
bool kern_page_fault(const struct fault_info *fi);

/* A user-mode exception other than a page fault (ud2, divide by zero, ...):
 * the signal is delivered on the way back to user mode. */
void kern_user_exception(int sig, int code, uintptr_t addr, const char *what);

/* The last thing before any return to user mode: pending signals. */
#include <machine/frame.h>
void kern_return_to_user(struct trapframe *tf);
/* A new process's first return to user mode (from arch/proc_first_run). */
void kern_first_return(struct trapframe *tf);

#endif
