/*
 * The fault trace (tools/trace/SCHEMA.md): every fault, or those of a
 * process between its prctl(PR_FAULTLINE_TRACE) markers, recorded into a
 * ring buffer on the fault path and written out as JSON Lines on the trace
 * channel when the CPU next leaves for user mode.
 */
#ifndef KERN_TRACE_H
#define KERN_TRACE_H

#include <stdbool.h>
#include <stdint.h>

struct proc;
struct fault_info;
struct fault_outcome;
struct pmap_walk;
enum fault_res;

#define PR_FAULTLINE_TRACE 0x46540001	/* prctl option: 1 on, 0 off (Linux says EINVAL) */

#ifdef NO_FAULT_TRACE
/* Built with `make TRACE=0`: the fault path has no trace test at all (to
 * measure what the test costs when tracing is off). */
#define trace_mode 0
#else
extern int trace_mode;			/* 0 off, 1 every fault, 2 between markers */
#endif

void trace_init(const char *cmdline);
static inline bool trace_wants(const struct proc *p, bool marked)
{
	return trace_mode == 1 || (trace_mode == 2 && marked);
}
/* Record one fault; `before` is the walk taken at entry (walk_cycles long). */
void trace_fault(struct proc *p, const struct fault_info *fi, enum fault_res r,
		 const struct fault_outcome *out, const struct pmap_walk *before, uint64_t walk_cycles);
void trace_drain(void);
void trace_finish(void);		/* drain, then the closing line */

/* What the arch tells the trace about itself. */
struct trace_arch_info {
	const char *arch, *clock, *syndrome_name;
	int page_shift, levels, va_bits;
	const char *level_names[5];		/* root first */
	const char *entry_path[6];		/* exception entry to the C handler, NULL-terminated */
	const char *exit_path[3];		/* back to user mode */
};
const struct trace_arch_info *arch_trace_info(void);

#endif
