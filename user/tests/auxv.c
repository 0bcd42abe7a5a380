// diff-pagesize: 4096
/*
 * auxv - the auxiliary vector the kernel puts above envp: page size, the 16
 * random bytes, the program headers and the entry point, checked against
 * what the program knows about itself.  Only values Linux defines and
 * yes/no answers are printed, never the addresses themselves.
 */
#include "common.h"

#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

extern char _start[];                  /* the entry point, from crt1.o */
extern const ElfW(Ehdr) __ehdr_start;  /* the ELF header, from the linker */

struct phdr_search {
	const ElfW(Phdr) *want;   /* AT_PHDR */
	int index;                /* the callback it was seen in, or -1 */
	int phnum;
	int calls;
};

static void summarize(const ElfW(Phdr) *ph, int n, int *loads, int *tls,
		      int *stack, int *stack_exec)
{
	*loads = *tls = *stack = *stack_exec = 0;
	for (int i = 0; i < n; i++) {
		if (ph[i].p_type == PT_LOAD)
			(*loads)++;
		else if (ph[i].p_type == PT_TLS)
			(*tls)++;
		else if (ph[i].p_type == PT_GNU_STACK) {
			(*stack)++;
			*stack_exec = (ph[i].p_flags & PF_X) != 0;
		}
	}
}

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct phdr_search *s = data;

	(void)size;
	if (info->dlpi_phdr == s->want && s->index < 0) {
		s->index = s->calls;
		s->phnum = info->dlpi_phnum;
	}
	s->calls++;
	return 0;
}

int main(void)
{
	unsigned long pagesz = getauxval(AT_PAGESZ);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const ElfW(Phdr) *phdr = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);
	unsigned long phent = getauxval(AT_PHENT);
	unsigned long entry = getauxval(AT_ENTRY);
	int loads, tls, stack, stack_exec;

	printf("AT_PAGESZ = %lu\n", pagesz);
	check("AT_PAGESZ == sysconf(_SC_PAGESIZE)", pagesz == page_size());

	/* AT_RANDOM: 16 readable bytes.  Their values are random, so only
	 * print that reading them worked and that they are not all zero. */
	check("AT_RANDOM non-null", rnd != NULL);
	if (rnd != NULL) {
		unsigned char copy[16];
		memcpy(copy, rnd, sizeof(copy));
		check("AT_RANDOM 16 bytes readable, not all zero",
		      !all_zero(copy, sizeof(copy)));
	}

	/* AT_PHDR/AT_PHNUM/AT_PHENT describe this very executable. */
	const ElfW(Phdr) *own = (const ElfW(Phdr) *)
		((const char *)&__ehdr_start + __ehdr_start.e_phoff);
	printf("AT_PHENT = %lu\n", phent);
	check("AT_PHENT == sizeof(ElfW(Phdr))", phent == sizeof(ElfW(Phdr)));
	check("AT_PHNUM == e_phnum", phnum == __ehdr_start.e_phnum);
	check("AT_PHDR == ELF header + e_phoff", phdr == own);
	if (phdr != NULL) {
		summarize(phdr, (int)phnum, &loads, &tls, &stack, &stack_exec);
		printf("PT_LOAD count = %d\n", loads);
		printf("PT_TLS present: %s\n", yesno(tls > 0));
		printf("PT_GNU_STACK present: %s, executable: %s\n",
		       yesno(stack > 0), yesno(stack_exec));
	}

	/* dl_iterate_phdr in a static binary reports the same headers as
	 * its first object.  (glibc also reports the vDSO if the kernel
	 * provides one, so the number of objects is not printed.) */
	struct phdr_search s = { .want = phdr, .index = -1 };
	dl_iterate_phdr(phdr_cb, &s);
	check("dl_iterate_phdr: first object has AT_PHDR and AT_PHNUM",
	      s.index == 0 && (unsigned long)s.phnum == phnum);

	/* AT_ENTRY is where the kernel started us: _start. */
	check("AT_ENTRY == _start", entry == (unsigned long)_start);
	check("AT_ENTRY == e_entry", entry == __ehdr_start.e_entry);

	/* Credentials and AT_SECURE agree with the system calls. */
	check("AT_UID == getuid()", getauxval(AT_UID) == getuid());
	check("AT_EUID == geteuid()", getauxval(AT_EUID) == geteuid());
	check("AT_GID == getgid()", getauxval(AT_GID) == getgid());
	check("AT_EGID == getegid()", getauxval(AT_EGID) == getegid());
	printf("AT_SECURE = %lu\n", getauxval(AT_SECURE));
	return 0;
}
