/*
 * The ELF loader for static executables (ET_EXEC, and static PIE as ET_DYN
 * without an interpreter), laying out the initial stack as Linux does.
 *
 * The image comes from the initramfs, already in memory, so segments are
 * copied into private pages now rather than faulted in from a page cache
 * (file-backed memory is on the roadmap).  bss and everything past the file
 * data is demand-zero like any anonymous memory.
 */
#include <machine/param.h>
#include "kern/arch.h"
#include "kern/elf.h"
#include "kern/exec.h"
#include "kern/sigtramp.h"
#include "kern/file.h"
#include "kern/initramfs.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/sched.h"
#include "kern/syscall.h"
#include "kern/uaccess.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/fault.h"
#include "vm/map.h"
#include "vm/prot.h"
#include "lib/compiler.h"
#include "lib/errno.h"
#include "lib/string.h"

static int elf_check(const struct initramfs_file *f, const char **why)
{
	const Elf64_Ehdr *eh = f->data;

	if (f->size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) != 0) {
		*why = "not an ELF file";
		return -ENOEXEC;
	}
	if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1 || eh->e_ident[6] != 1) {
		*why = "not a 64-bit little-endian ELF file";
		return -ENOEXEC;
	}
	if (eh->e_machine != ARCH_ELF_MACHINE) {
		*why = "ELF file for another machine";
		return -ENOEXEC;
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		*why = "ELF file is not an executable";
		return -ENOEXEC;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 256 ||
	    eh->e_phoff > f->size || f->size - eh->e_phoff < (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)) {
		*why = "program headers are missing or truncated";
		return -ENOEXEC;
	}
	return 0;
}

static unsigned segment_prot(const Elf64_Phdr *ph)
{
	return (ph->p_flags & PF_R ? RPROT_READ : 0) | (ph->p_flags & PF_W ? RPROT_WRITE : 0) |
	       (ph->p_flags & PF_X ? RPROT_EXEC : 0);
}

/* Check every PT_LOAD and find the span they cover. */
static int segments_check(const struct initramfs_file *f, uintptr_t *lo, uintptr_t *hi, const char **why)
{
	const Elf64_Ehdr *eh = f->data;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)f->data + eh->e_phoff);
	int nload = 0;

	*lo = UINTPTR_MAX;
	*hi = 0;
	for (int i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type == PT_INTERP) {
			*why = "dynamically linked (has an interpreter); build it with -static";
			return -ENOEXEC;
		}
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > f->size || f->size - ph->p_offset < ph->p_filesz ||
		    ph->p_vaddr >= USER_TOP || USER_TOP - ph->p_vaddr < ph->p_memsz ||
		    (ph->p_vaddr & ~PAGE_MASK) != (ph->p_offset & ~PAGE_MASK)) {
			*why = "a loadable segment is malformed";
			return -ENOEXEC;
		}
		*lo = MIN(*lo, ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE));
		*hi = MAX(*hi, ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE));
		nload++;
	}
	if (!nload) {
		*why = "no loadable segments";
		return -ENOEXEC;
	}
	return 0;
}

/* Map one PT_LOAD at bias and copy its file bytes in.  Like Linux's MAP_FIXED
 * file mapping, the whole first and last file pages appear, except that the
 * part of the last page past the file data is zero when bss follows. */
static int load_segment(struct vm_map *map, const struct initramfs_file *f, const Elf64_Phdr *ph, uintptr_t bias)
{
	uintptr_t start = ALIGN_DOWN(bias + ph->p_vaddr, PAGE_SIZE);
	uintptr_t end = ALIGN_UP(bias + ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	uint64_t foff = ALIGN_DOWN(ph->p_offset, PAGE_SIZE);
	uint64_t flen = (ph->p_offset - foff) + ph->p_filesz;
	int err;

	if (ph->p_memsz == 0)
		return 0;
	if (ph->p_memsz == ph->p_filesz)
		flen = MIN(ALIGN_UP(foff + flen, PAGE_SIZE), f->size) - foff;
	lock_acquire(&map->lock);
	err = vm_map_remove(map, start, end);
	if (!err)
		err = vm_map_insert(map, start, end, segment_prot(ph), ph->p_flags & PF_W ? VR_ACCOUNT : 0, NULL, 0);
	lock_release(&map->lock);
	if (!err && ph->p_filesz)
		err = vm_map_write(map, start, (const char *)f->data + foff, flen);
	return err;
}

/* Writes downward from the top of the new stack. */
struct stack_writer { struct vm_map *map; uintptr_t sp; int err; };

static uintptr_t push_bytes(struct stack_writer *w, const void *src, size_t len)
{
	w->sp -= len;
	if (!w->err)
		w->err = vm_map_write(w->map, w->sp, src, len);
	return w->sp;
}

static void put_word(struct stack_writer *w, uintptr_t at, uint64_t v)
{
	if (!w->err)
		w->err = vm_map_write(w->map, at, &v, sizeof(v));
}

static size_t strings_size(const struct exec_args *a)
{
	size_t total = 0;

	for (int i = 0; i < a->argc; i++)
		total += strlen(a->argv[i]) + 1;
	for (int i = 0; i < a->envc; i++)
		total += strlen(a->envp[i]) + 1;
	return total;
}

/* Write the pointer vector for strs[0..n) stored consecutively from *str, then NULL. */
static uintptr_t put_vector(struct stack_writer *w, uintptr_t at, const char *const *strs, int n, uintptr_t *str)
{
	for (int i = 0; i < n; i++, at += 8) {
		put_word(w, at, *str);
		*str += strlen(strs[i]) + 1;
	}
	put_word(w, at, 0);
	return at + 8;
}

/*
 * The initial stack, from the top down as Linux builds it:
 *   8 zero bytes, the program's path (AT_EXECFN), argv and envp strings,
 *   the platform string, 16 random bytes (AT_RANDOM), then 16-aligned:
 *   argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL   <- sp
 */
static int build_stack(struct vm_map *map, const struct exec_args *a, const char *path, const Elf64_Ehdr *eh,
		       uintptr_t phdr, uintptr_t entry, uintptr_t *sp_out)
{
	struct stack_writer w = { map, STACK_TOP, 0 };
	uint64_t zero = 0, rnd[2];
	uintptr_t execfn, platform, random, strings, at, str;
	int i;

	push_bytes(&w, &zero, sizeof(zero));
	execfn = push_bytes(&w, path, strlen(path) + 1);
	strings = w.sp - strings_size(a);
	at = strings;
	for (i = 0; i < a->argc + a->envc; i++) {
		const char *s = i < a->argc ? a->argv[i] : a->envp[i - a->argc];
		size_t n = strlen(s) + 1;
		if (!w.err)
			w.err = vm_map_write(map, at, s, n);
		at += n;
	}
	w.sp = strings;
	platform = push_bytes(&w, ARCH_UNAME_MACHINE, sizeof(ARCH_UNAME_MACHINE));
	for (i = 0; i < 2; i++)
		if (!arch_random(&rnd[i]))
			rnd[i] = arch_cycles() * 0x9e3779b97f4a7c15ull ^ (uint64_t)i;
	random = push_bytes(&w, rnd, sizeof(rnd));
	w.sp &= ~15ul;

	const uint64_t auxv[][2] = {
		{ AT_HWCAP, arch_hwcap() }, { AT_PAGESZ, PAGE_SIZE }, { AT_CLKTCK, 100 },
		{ AT_PHDR, phdr }, { AT_PHENT, sizeof(Elf64_Phdr) }, { AT_PHNUM, eh->e_phnum },
		{ AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 }, { AT_SECURE, 0 },
		{ AT_RANDOM, random }, { AT_HWCAP2, 0 }, { AT_EXECFN, execfn },
		{ AT_PLATFORM, platform }, { AT_NULL, 0 },
	};
	size_t words = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + ARRAY_SIZE(auxv) * 2;
	w.sp = (w.sp - words * 8) & ~15ul;	/* the ABI wants sp 16-aligned at entry */
	at = w.sp;
	put_word(&w, at, (uint64_t)a->argc);
	str = strings;
	at = put_vector(&w, at + 8, a->argv, a->argc, &str);
	at = put_vector(&w, at, a->envp, a->envc, &str);
	for (size_t k = 0; k < ARRAY_SIZE(auxv); k++, at += 16) {
		put_word(&w, at, auxv[k][0]);
		put_word(&w, at + 8, auxv[k][1]);
	}
	*sp_out = w.sp;
	return w.err;
}

/* Where the program headers are in the new image: PT_PHDR, or inside the
 * PT_LOAD that holds file offset e_phoff. */
static uintptr_t phdr_address(const struct initramfs_file *f, uintptr_t bias)
{
	const Elf64_Ehdr *eh = f->data;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)f->data + eh->e_phoff);

	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return bias + ph[i].p_vaddr;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
			return bias + ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
	return 0;
}

int exec_load(struct proc *p, const struct initramfs_file *f, const char *path,
	      const struct exec_args *args, uintptr_t *entry, uintptr_t *sp, const char **why)
{
	const Elf64_Ehdr *eh = f->data;
	const Elf64_Phdr *ph;
	uintptr_t lo, hi, bias = 0, stack_size;
	struct vm_map *map;
	int err;

	if ((err = elf_check(f, why)) || (err = segments_check(f, &lo, &hi, why)))
		return err;
	if (strings_size(args) > ARG_MAX_BYTES) {
		*why = "argument list too long";
		return -E2BIG;
	}
	map = vm_map_create();
	if (!map) {
		*why = "out of memory";
		return -ENOMEM;
	}
	map->mmap_base = STACK_TOP - MMAP_GAP;
	map->stack_limit = p->rlim[RLIMIT_STACK].cur;
	lock_acquire(&map->lock);
	if (eh->e_type == ET_DYN) {		/* static PIE: place it like an mmap */
		uintptr_t base = vm_map_find_space(map, hi - lo, 0);
		bias = base - lo;
	}
	stack_size = ALIGN_UP(strings_size(args) + strlen(path) + 4096, PAGE_SIZE) + STACK_INITIAL;
	err = vm_map_insert(map, STACK_TOP - stack_size, STACK_TOP, RPROT_READ | RPROT_WRITE,
			    VR_GROWSDOWN | VR_STACK | VR_ACCOUNT, NULL, 0);
	lock_release(&map->lock);

	ph = (const Elf64_Phdr *)((const char *)f->data + eh->e_phoff);
	for (int i = 0; !err && i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD)
			err = load_segment(map, f, &ph[i], bias);
	map->start_brk = map->brk = bias + hi;
	*entry = bias + eh->e_entry;
	if (!err)
		err = sigtramp_map(map);
	if (!err)
		err = build_stack(map, args, path, eh, phdr_address(f, bias), *entry, sp);
	if (err) {
		vm_map_destroy(map);
		*why = err == -ENOMEM ? "out of memory" : "the image does not fit in the address space";
		return err;
	}
	if (p->map)
		vm_map_release(p->map);	/* a vfork child gives its parent's back */
	p->map = map;
	return 0;
}

#define EXEC_BUF_PAGES 40		/* ARG_MAX_BYTES of strings + the pointer vectors */

/* Copy a user NULL-terminated vector of strings into the exec buffer. */
static long copy_vector(uintptr_t uvec, const char **out, int max, int *count, char **space, char *end)
{
	*count = 0;
	if (!uvec)
		return 0;
	for (;;) {
		uint64_t ptr;
		long n;

		if (copyin(&ptr, uvec + (uint64_t)*count * 8, sizeof(ptr)))
			return -EFAULT;
		if (!ptr)
			return 0;
		if (*count == max || *space >= end)
			return -E2BIG;
		n = copyinstr(*space, ptr, (size_t)(end - *space));
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return n;
		out[(*count)++] = *space;
		*space += n + 1;
	}
}

long sys_execve(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct page *buf = page_alloc_contig(EXEC_BUF_PAGES, PG_KMEM);
	struct exec_args args = { 0 };
	struct initramfs_file f;
	char *space, *end, path[128];
	const char **vec, *why = NULL;
	uintptr_t entry, sp;
	int max;
	long err;

	UNUSED_ARGS(a3, a4, a5);
	if (!buf)
		return -ENOMEM;
	space = page_kva(buf);
	end = space + ARG_MAX_BYTES;
	vec = (const char **)end;
	max = (int)((EXEC_BUF_PAGES * PAGE_SIZE - ARG_MAX_BYTES) / sizeof(char *) / 2);
	err = copyinstr(path, a0, sizeof(path));
	if (err >= 0)
		err = copy_vector(a1, vec, max, &args.argc, &space, end);
	if (err >= 0)
		err = copy_vector(a2, vec + max, max, &args.envc, &space, end);
	if (err < 0)
		goto out;
	if (args.argc == 0) {		/* Linux gives argv[0] = "" rather than none */
		vec[0] = "";
		args.argc = 1;
	}
	args.argv = vec;
	args.envp = vec + max;
	if (initramfs_lookup(path, &f) != 0) {
		err = -ENOENT;
		goto out;
	}
	err = exec_load(p, &f, path, &args, &entry, &sp, &why);
	if (err) {
		if (err != -ENOEXEC)
			kprintf("faultline: %s[%d]: execve %s: %s\n", p->comm, p->pid, path, why);
		goto out;
	}
	/* The new program: caught signals back to default, no alternate stack,
	 * no rseq, fresh thread state. */
	for (int i = 0; i < NSIG; i++)
		if (p->sigaction[i].handler != SIG_IGN)
			p->sigaction[i] = (struct k_sigaction){ 0 };
	p->altstack = (struct ksigaltstack){ 0 };
	p->rseq = 0;
	p->clear_child_tid = 0;
	fdtable_exec(p);
	proc_set_exe(p, path);
	pmap_activate(p->map->pmap);
	arch_proc_exec_reset(p);
	arch_frame_init_user(p->tf, entry, sp);
	p->vfork_done = true;
	sched_wakeup(p);
out:
	page_free_contig(buf, EXEC_BUF_PAGES);
	return err;
}
