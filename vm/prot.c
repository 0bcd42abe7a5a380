#include "vm/prot.h"

#define R VM_PROT_READ
#define W VM_PROT_WRITE
#define X VM_PROT_EXEC

/* Index: bit 0 read, bit 1 write, bit 2 exec, bit 3 shared. */
const vm_prot_t prot_table[16] = {
	/* private: writable entries map read-only until written (copy-on-write) */
	[0x0] = VM_PROT_NONE,	[0x1] = R,	[0x2] = R,	[0x3] = R,
	[0x4] = X,		[0x5] = R | X,	[0x6] = R | X,	[0x7] = R | X,
	/* shared: write means write */
	[0x8] = VM_PROT_NONE,	[0x9] = R,	[0xa] = R | W,	[0xb] = R | W,
	[0xc] = X,		[0xd] = R | X,	[0xe] = R | W | X, [0xf] = R | W | X,
};

const char *prot_table_name(unsigned index)
{
	static const char names[16][7] = {
		"__P000", "__P001", "__P010", "__P011", "__P100", "__P101", "__P110", "__P111",
		"__S000", "__S001", "__S010", "__S011", "__S100", "__S101", "__S110", "__S111",
	};
	return index < 16 ? names[index] : "?";
}
