#include "kern/extable.h"

struct ex_entry { uint64_t insn, fixup; };
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

uint64_t extable_fixup(uint64_t pc)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == pc)
			return e->fixup;
	return 0;
}
