/*
 * After the arch has set up the CPU and memory: check the initramfs, load
 * the first program, and enter it.
 */
#include <machine/param.h>
#include "kern/arch.h"
#include "kern/cmdline.h"
#include "kern/exec.h"
#include "kern/file.h"
#include "kern/initramfs.h"
#include "vm/linux_version.h"
#include "kern/main.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/stdio.h"
#include "kern/trace.h"
#include "vm/kmem.h"
#include "vm/map.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "lib/string.h"

#define MAX_STRINGS 4096

static const char *argv_store[MAX_STRINGS], *envp_store[MAX_STRINGS];
static const char *default_envp[] = { "HOME=/", "TERM=linux" };

/* A list of NUL-terminated strings from an initramfs file; -1 if malformed. */
static int split_strings(const char *path, const char **out, int *count)
{
	struct initramfs_file f;
	const char *s, *end;

	if (initramfs_lookup(path, &f) != 0)
		return 0;
	s = f.data;
	end = s + f.size;
	if (f.size && end[-1] != 0)
		return -1;
	for (*count = 0; s < end; s += strlen(s) + 1) {
		if (*count == MAX_STRINGS)
			return -1;
		out[(*count)++] = s;
	}
	return 1;
}

/*
 * fl.selftest=kernel-fault makes the kernel fault on purpose, so that the
 * tests can check the report (registers, address, backtrace) and the
 * failure status of an unexpected kernel-mode fault.
 */
__attribute__((noinline)) static void selftest(const char *cmdline)
{
	char what[32];

	if (cmdline_get(cmdline, "fl.selftest", what, sizeof(what)) && !strcmp(what, "kernel-fault")) {
		kprintf("faultline: selftest: touching a user address outside uaccess\n");
		*(volatile int *)0x1000 = 1;
	}
}

void kern_main(const char *cmdline, const void *initrd, size_t initrd_len)
{
	struct exec_args args = { .argv = argv_store, .envp = default_envp, .envc = 2 };
	struct initramfs_file f, in;
	char path[128];
	const char *why = NULL;
	uintptr_t entry, sp;
	struct proc *p;
	int have;

	selftest(cmdline);
	trace_init(cmdline);
	if (cmdline_get(cmdline, "fl.linux", path, sizeof(path)) && !linux_version_set(path))
		kprintf("faultline: fl.linux=%s is not a version (MAJOR.MINOR): following Linux %u.%u\n", path,
			linux_version / 100, linux_version % 100);
	if (initramfs_init(initrd, initrd_len) != 0)
		arch_poweroff(OFF_BAD_INITRAMFS);
	if (!cmdline_get(cmdline, "init", path, sizeof(path)))
		strlcpy(path, "/init", sizeof(path));
	if (path[0] != '/') {
		memmove(path + 1, path, sizeof(path) - 1);
		path[0] = '/';
		path[sizeof(path) - 1] = 0;
	}
	stdio_configure(cmdline, initramfs_lookup(".faultline/stdin", &in) == 0 ? in.data : NULL,
			initramfs_lookup(".faultline/stdin", &in) == 0 ? in.size : 0);

	have = split_strings(".faultline/argv", argv_store, &args.argc);
	if (have <= 0 || args.argc == 0) {
		argv_store[0] = path;
		args.argc = 1;
	}
	if (split_strings(".faultline/envp", envp_store, &args.envc) > 0)
		args.envp = envp_store;
	if (have < 0) {
		kprintf("faultline: the argument list in the initramfs is malformed\n");
		arch_poweroff(OFF_BAD_INITRAMFS);
	}

	if (initramfs_lookup(path, &f) != 0) {
		kprintf("faultline: %s: not found in the initramfs\n", path);
		arch_poweroff(OFF_NO_INIT);
	}
	p = proc_alloc();
	if (!p || !(p->fdt = kzalloc(sizeof(*p->fdt))))
		panic("no memory for the first process");
	for (int fd = 0; fd < 3; fd++)
		if (!(p->fdt->fd[fd] = console_open(fd)))
			panic("no memory for the standard streams");
	proc_set_exe(p, path);
	/* Name it after the program the user ran, not its place in the initramfs. */
	if (args.argc > 0 && args.argv[0][0]) {
		const char *base = strrchr(args.argv[0], '/');
		strlcpy(p->comm, base ? base + 1 : args.argv[0], sizeof(p->comm));
	}
	if (exec_load(p, &f, path, &args, &entry, &sp, &why) != 0) {
		kprintf("faultline: cannot run %s: %s\n", path, why);
		arch_poweroff(OFF_BAD_EXEC);
	}
	kprintf("faultline: starting %s (pid %d), entry %#lx, %u regions\n", path, p->pid, entry,
		p->map->nregions);
	curproc = p;
	p->state = P_RUNNING;
	arch_proc_activate(p);
	pmap_activate(p->map->pmap);
	arch_frame_init_user(p->tf, entry, sp);
	arch_enter_user(p->tf);
}
