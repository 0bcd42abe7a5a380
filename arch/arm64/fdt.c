/*
 * Just enough of a flattened device tree (devicetree.org spec, v17) reader
 * to boot: /memory's reg, /chosen's bootargs and initrd bounds, and /psci's
 * conduit.  All integers in the blob are big-endian.
 */
#include "arch/arm64/arm64.h"
#include "lib/string.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

struct fdt_header {
	uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap, version,
		last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* A value of `cells` 32-bit cells (1 or 2). */
static uint64_t cells_val(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

/* Does the node name (unit address after @ ignored) equal want? */
static bool node_is(const char *name, const char *want)
{
	size_t n = strlen(want);
	return !strncmp(name, want, n) && (name[n] == 0 || name[n] == '@');
}

int fdt_parse(const void *fdt, struct fdt_info *out)
{
	const struct fdt_header *h = fdt;
	uint32_t addr_cells = 2, size_cells = 1;	/* the spec's defaults for the root */
	const char *node1 = "";				/* the depth-1 node we are in */
	int depth = 0;

	memset(out, 0, sizeof(*out));
	out->bootargs = "";
	if (be32(&h->magic) != FDT_MAGIC)
		return -1;
	out->totalsize = be32(&h->totalsize);
	const uint8_t *p = (const uint8_t *)fdt + be32(&h->off_dt_struct);
	const uint8_t *end = p + be32(&h->size_dt_struct);
	const char *strings = (const char *)fdt + be32(&h->off_dt_strings);

	while (p < end) {
		uint32_t tok = be32(p);
		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)p;
			if (++depth == 2)
				node1 = name;
			p += (strlen(name) + 4) & ~3ul;
			break;
		}
		case FDT_END_NODE:
			if (depth-- == 2)
				node1 = "";
			break;
		case FDT_PROP: {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			const uint8_t *val = p + 8;
			const char *pname = strings + nameoff;
			p += 8 + ((len + 3) & ~3u);
			if (depth == 1) {
				if (!strcmp(pname, "#address-cells"))
					addr_cells = be32(val);
				else if (!strcmp(pname, "#size-cells"))
					size_cells = be32(val);
			} else if (depth == 2 && node_is(node1, "memory") && !strcmp(pname, "reg")) {
				uint32_t step = 4 * (addr_cells + size_cells);
				for (uint32_t off = 0; off + step <= len && out->nmem < FDT_MAX_MEM; off += step) {
					out->mem[out->nmem].base = cells_val(val + off, addr_cells);
					out->mem[out->nmem].size = cells_val(val + off + 4 * addr_cells, size_cells);
					out->nmem++;
				}
			} else if (depth == 2 && node_is(node1, "chosen")) {
				if (!strcmp(pname, "bootargs"))
					out->bootargs = (const char *)val;
				else if (!strcmp(pname, "linux,initrd-start"))
					out->initrd_start = cells_val(val, len / 4);
				else if (!strcmp(pname, "linux,initrd-end"))
					out->initrd_end = cells_val(val, len / 4);
			} else if (depth == 2 && node_is(node1, "psci") && !strcmp(pname, "method")) {
				out->psci_smc = !strcmp((const char *)val, "smc");
			}
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return 0;
		default:
			return -1;
		}
	}
	return 0;
}
