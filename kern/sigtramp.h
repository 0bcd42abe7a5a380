/*
 * The signal-return trampoline page.  Where the C library does not pass a
 * restorer with each handler (glibc on arm64 relies on the vDSO's
 * __kernel_rt_sigreturn), the kernel must give the handler a return address
 * that calls rt_sigreturn.  Each new program gets one read-only, executable
 * page holding the arch's code (arch_sigtramp()), shared by every process
 * like Linux's vDSO text, and placed as the vDSO is: in the mmap area after
 * the program's segments.  map->sigtramp records its address.
 */
#ifndef KERN_SIGTRAMP_H
#define KERN_SIGTRAMP_H

struct vm_map;

/* Map the trampoline into a new program's map (a no-op where the arch needs
 * none).  0 or -ENOMEM. */
int sigtramp_map(struct vm_map *map);
/* Drop the kernel's own reference (at power-off, before counting pages). */
void sigtramp_exit(void);

#endif
