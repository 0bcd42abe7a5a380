/* x86-64-only system calls. */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include "kern/proc.h"
#include "kern/syscall.h"
#include "kern/uaccess.h"

/* No protection bits beyond read, write and exec (no protection keys). */
unsigned arch_prot_bits(void) { return 0; }

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

long sys_arch_prctl(SYSCALL_ARGS)
{
	struct proc *p = curproc;

	UNUSED_ARGS(a2, a3, a4, a5);
	switch (a0) {
	case ARCH_SET_FS:
		if (a1 >= USER_TOP)
			return -EPERM;
		p->md.fs_base = a1;
		wrmsr(MSR_FS_BASE, a1);
		return 0;
	case ARCH_SET_GS:
		if (a1 >= USER_TOP)
			return -EPERM;
		p->md.gs_base = a1;
		wrmsr(MSR_KERNEL_GS_BASE, a1);	/* the user's base while the kernel runs */
		return 0;
	case ARCH_GET_FS:
		return copyout(a1, &p->md.fs_base, 8) ? -EFAULT : 0;
	case ARCH_GET_GS:
		return copyout(a1, &p->md.gs_base, 8) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
