#include "kern/arch.h"
#include "kern/cmdline.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/trace.h"
#include "vm/fault.h"
#include "vm/map.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/prot.h"
#include "lib/string.h"

/* One fault as recorded on the fault path: binary, formatted later. */
struct trace_event {
	uint64_t seq, addr, syndrome, paddr;
	int pid;
	char comm[16];
	uint8_t access, user, present, result, decision, stack_grown, region_found;
	uintptr_t region_start, region_end;
	unsigned region_prot, region_flags;
	struct pmap_walk before, after;
	uint64_t cycles[FS_NSTAGES + 1];	/* entry, find, check, get_page, map, total */
};

#define RING_PAGES 512
#define RING_EVENTS (RING_PAGES * PAGE_SIZE / sizeof(struct trace_event))

#ifndef NO_FAULT_TRACE
int trace_mode;
#endif
static struct trace_event *ring;
static uint64_t head, tail, seq, dropped, written;

void trace_init(const char *cmdline)
{
	char v[16];
	struct page *pg;

	if (!cmdline_get(cmdline, "fl.trace", v, sizeof(v)))
		return;
	pg = page_alloc_contig(RING_PAGES, PG_KMEM);
	if (!pg) {
		kprintf("faultline: no memory for the trace buffer; tracing off\n");
		return;
	}
	ring = page_kva(pg);
#ifdef NO_FAULT_TRACE
	kprintf("faultline: this kernel was built without fault tracing (make TRACE=0)\n");
	return;
#else
	trace_mode = !strcmp(v, "marked") ? 2 : 1;
#endif
	vm_trace_clock = arch_cycles;

	const struct trace_arch_info *ai = arch_trace_info();
	cprintf(CON_TRACE, "{\"type\":\"start\",\"arch\":\"%s\",\"page_shift\":%d,\"levels\":%d,\"va_bits\":%d,"
		"\"level_names\":[", ai->arch, ai->page_shift, ai->levels, ai->va_bits);
	for (int i = 0; i < ai->levels; i++)
		cprintf(CON_TRACE, "%s\"%s\"", i ? "," : "", ai->level_names[i]);
	cprintf(CON_TRACE, "],\"clock\":\"%s\",\"mode\":\"%s\"}\n", ai->clock, trace_mode == 2 ? "marked" : "all");
}

void trace_fault(struct proc *p, const struct fault_info *fi, enum fault_res r,
		 const struct fault_outcome *out, const struct pmap_walk *before, uint64_t walk_cycles)
{
	struct trace_event *e;

	if (head - tail == RING_EVENTS) {
		dropped++;
		return;
	}
	e = &ring[head++ % RING_EVENTS];
	e->seq = ++seq;
	e->pid = p->pid;
	memcpy(e->comm, p->comm, sizeof(e->comm));
	e->addr = fi->addr;
	e->syndrome = fi->syndrome;
	e->access = (uint8_t)fi->access;
	e->user = fi->user;
	e->present = fi->present;
	e->result = (uint8_t)r;
	e->decision = (uint8_t)out->decision;
	e->stack_grown = out->stack_grown;
	e->region_found = out->region_found;
	e->region_start = out->region_start;
	e->region_end = out->region_end;
	e->region_prot = out->region_prot;
	e->region_flags = out->region_flags;
	e->paddr = out->page ? page_to_pa(out->page) : 0;
	e->before = *before;
	pmap_walk(p->map->pmap, fi->addr, &e->after);
	/* The walk taken for the trace at entry is not the fault's own cost. */
	uint64_t entry = out->t[FS_START] - fi->t_entry;
	e->cycles[0] = entry > walk_cycles ? entry - walk_cycles : 0;
	/* Stages the fault never reached took no time (a region that was not
	 * found was not checked, a refused access got no page). */
	int reached = r == FR_MAPERR ? FS_FIND : r == FR_ACCERR ? FS_CHECK : FS_MAP;
	for (int s = 1; s < FS_NSTAGES; s++)
		e->cycles[s] = s <= reached ? out->t[s] - out->t[s - 1] : 0;
	e->cycles[FS_NSTAGES] = e->cycles[0] + (out->t[FS_MAP] - out->t[FS_START]);
}

static const char *result_name(int r)
{
	static const char *const n[] = { [FR_DONE] = "done", [FR_MAPERR] = "maperr", [FR_ACCERR] = "accerr",
					 [FR_OOM] = "oom", [FR_BUSERR] = "buserr" };
	return r >= FR_DONE && r <= FR_BUSERR ? n[r] : "?";
}

static void prot_string(unsigned prot, char out[4])
{
	out[0] = prot & RPROT_READ ? 'r' : '-';
	out[1] = prot & RPROT_WRITE ? 'w' : '-';
	out[2] = prot & RPROT_EXEC ? 'x' : '-';
	out[3] = 0;
}

static void write_walk(const struct trace_event *e, const struct trace_arch_info *ai)
{
	const struct pmap_walk *b = &e->before, *a = &e->after;
	int n = a->nlevels > b->nlevels ? a->nlevels : b->nlevels;

	cprintf(CON_TRACE, ",\"walk\":{\"root\":\"0x%lx\",\"levels\":[", a->root);
	for (int i = 0; i < n; i++) {
		const struct pmap_walk *w = i < a->nlevels ? a : b;
		uint64_t before = i < b->nlevels ? b->lv[i].entry : 0;
		uint64_t after = i < a->nlevels ? a->lv[i].entry : 0;
		/* allocated: a table pointer appeared at a level above the leaf */
		bool allocated = i + 1 < a->nlevels && i + 1 >= b->nlevels;
		cprintf(CON_TRACE, "%s{\"name\":\"%s\",\"level\":%d,\"index\":%u,\"table\":\"0x%lx\","
			"\"before\":\"0x%lx\",\"after\":\"0x%lx\",\"allocated\":%s}", i ? "," : "",
			ai->level_names[i], w->lv[i].level, w->lv[i].index, w->lv[i].table, before, after,
			allocated ? "true" : "false");
	}
	cprintf(CON_TRACE, "]}");
}

static void write_path(const struct trace_event *e, const struct trace_arch_info *ai)
{
	static const char *const steps[] = { "fault_find", "fault_check", "fault_get_page", "fault_map" };
	int nsteps = e->result == FR_MAPERR ? 1 : e->result == FR_ACCERR ? 2 : 4;
	bool first = true;

	cprintf(CON_TRACE, ",\"path\":[");
	if (!e->user) {
		cprintf(CON_TRACE, e->access == FA_WRITE ? "\"copy_to_user\"" : "\"copy_from_user\"");
		first = false;
	}
	for (int i = 0; ai->entry_path[i]; i++, first = false)
		cprintf(CON_TRACE, "%s\"%s\"", first ? "" : ",", ai->entry_path[i]);
	cprintf(CON_TRACE, ",\"kern_page_fault\",\"vm_fault\"");
	for (int i = 0; i < nsteps; i++) {
		cprintf(CON_TRACE, ",\"%s\"", steps[i]);
		if (i == 0 && e->stack_grown)
			cprintf(CON_TRACE, ",\"vm_map_grow_stack\"");
	}
	if (e->result != FR_DONE)
		cprintf(CON_TRACE, e->user ? ",\"signal_force_fault\"" : ",\"uaccess_fixup\"");
	for (int i = 0; ai->exit_path[i]; i++)
		cprintf(CON_TRACE, ",\"%s\"", ai->exit_path[i]);
	cprintf(CON_TRACE, "]");
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void write_json_string(const char *s, size_t max)
{
	cprintf(CON_TRACE, "\"");
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			cprintf(CON_TRACE, "\\%c", c);
		else if (c < 0x20)
			cprintf(CON_TRACE, "\\u%04x", c);
		else
			cprintf(CON_TRACE, "%c", c);
	}
	cprintf(CON_TRACE, "\"");
}

static void write_event(const struct trace_event *e)
{
	const struct trace_arch_info *ai = arch_trace_info();
	char prot[4];

	cprintf(CON_TRACE, "{\"type\":\"fault\",\"seq\":%lu,\"pid\":%d,\"cpu\":0,\"comm\":", e->seq, e->pid);
	write_json_string(e->comm, sizeof(e->comm));
	cprintf(CON_TRACE, ",\"addr\":\"0x%lx\","
		"\"access\":\"%s\",\"user\":%s,\"present\":%s,\"syndrome\":{\"name\":\"%s\",\"value\":\"0x%lx\"}",
		e->addr, fault_access_name((enum fault_access)e->access),
		e->user ? "true" : "false", e->present ? "true" : "false", ai->syndrome_name, e->syndrome);
	if (e->region_found) {
		prot_string(e->region_prot, prot);
		cprintf(CON_TRACE, ",\"region\":{\"start\":\"0x%lx\",\"end\":\"0x%lx\",\"prot\":\"%s\",\"kind\":\"%s\"}",
			e->region_start, e->region_end, prot,
			e->region_flags & VR_SHARED ? "shared" : e->region_flags & VR_GROWSDOWN ? "stack" : "private");
	} else {
		cprintf(CON_TRACE, ",\"region\":null");
	}
	cprintf(CON_TRACE, ",\"result\":\"%s\"", result_name(e->result));
	if (e->result == FR_DONE || !e->user)
		cprintf(CON_TRACE, ",\"signal\":null");
	else if (e->result == FR_OOM)
		cprintf(CON_TRACE, ",\"signal\":{\"name\":\"SIGKILL\",\"code\":\"SI_KERNEL\"}");
	else if (e->result == FR_BUSERR)
		cprintf(CON_TRACE, ",\"signal\":{\"name\":\"SIGBUS\",\"code\":\"BUS_ADRERR\"}");
	else
		cprintf(CON_TRACE, ",\"signal\":{\"name\":\"SIGSEGV\",\"code\":\"%s\"}",
			e->result == FR_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR");
	cprintf(CON_TRACE, ",\"decision\":\"%s\",\"stack_grown\":%s", fault_decision_name((enum fault_decision)e->decision),
		e->stack_grown ? "true" : "false");
	if (e->paddr)
		cprintf(CON_TRACE, ",\"page\":{\"paddr\":\"0x%lx\"}", e->paddr);
	else
		cprintf(CON_TRACE, ",\"page\":null");
	write_walk(e, ai);
	cprintf(CON_TRACE, ",\"cycles\":{\"entry\":%lu,\"find\":%lu,\"check\":%lu,\"get_page\":%lu,\"map\":%lu,\"total\":%lu}",
		e->cycles[0], e->cycles[1], e->cycles[2], e->cycles[3], e->cycles[4], e->cycles[5]);
	write_path(e, ai);
	cprintf(CON_TRACE, "}\n");
}

void trace_drain(void)
{
	while (tail != head) {
		write_event(&ring[tail % RING_EVENTS]);
		tail++;
		written++;
	}
}

void trace_finish(void)
{
	if (!trace_mode)
		return;
	trace_drain();
	cprintf(CON_TRACE, "{\"type\":\"end\",\"events\":%lu,\"dropped\":%lu}\n", written, dropped);
}
