"""`render summary`: counts and times per process.

For each process (pid and program name; a pid that exec'd another program
counts as two): its faults by decision, by region, by result and signal, and
the median and 99th percentile of each `cycles` field over the faults that
reached that stage (nearest rank: the smallest value with at least that share
of the faults at or below it).  Then
the same for all processes together when there are several, and the end
line's counts."""
import math
import os
from collections import Counter

from decode import Geometry
from traceload import DECISIONS, RESULTS, STAGES

CYCLE_KEYS = STAGES + ("total",)
MAX_REGIONS = 25          # a long trace's regions change shape often: keep the busiest


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _region_key(f):
    r = f.region
    if r is None:
        return (1, 0, 0, "(no region)")
    return (0, r.start, r.end, f"{r.start:#x}-{r.end:#x} {r.kind} {r.prot}")


def _result_key(f):
    if f.signal:
        code = f"/{f.signal.code}" if f.signal.code else ""
        return (RESULTS.index(f.result), f"{f.result} -> {f.signal.name}{code}")
    if f.result == "done":
        return (0, "done")
    return (RESULTS.index(f.result), f"{f.result}, no signal")


def _counted(title, counter, order, limit=None):
    """Lines "  title" then one "    name  N" per key, in the given order;
    with limit, only the limit keys with the most faults, and a line for
    the rest."""
    keys = list(counter)
    rest = []
    if limit and len(keys) > limit:
        keys.sort(key=lambda k: (-counter[k], order(k)))
        keys, rest = keys[:limit], keys[limit:]
    keys.sort(key=order)
    labels = [k[-1] if isinstance(k, tuple) else k for k in keys]
    width = max(len(label) for label in labels)
    out = [f"  {title}"] + [f"    {label:<{width}}  {counter[k]:>5}"
                            for k, label in zip(keys, labels)]
    if rest:
        out.append(f"    ({len(rest)} more, {sum(counter[k] for k in rest)} faults)")
    return out


def stage_ran(fault, key):
    """Did the fault reach this stage?  A failed fault stops early (the kernel
    still stamps the clock after the stages it skipped: those are left out)."""
    if key in ("entry", "find", "total"):
        return True
    if fault.result == "maperr":
        return False
    if fault.result == "accerr":
        return key == "check"
    if fault.decision == "spurious" or fault.result == "buserr":
        return key != "map"                 # get_page ended it
    return True


def _cycle_lines(clock, faults):
    out = [f"  {clock + ' ticks':<14}{'faults':>7}{'median':>10}{'p99':>10}{'max':>10}"]
    for key in CYCLE_KEYS:
        vals = [f.cycles[key] for f in faults if stage_ran(f, key)]
        if not vals:
            out.append(f"    {key:<10}{0:>7}{'-':>10}{'-':>10}{'-':>10}")
            continue
        out.append(f"    {key:<10}{len(vals):>7}{percentile(vals, 50):>10}"
                   f"{percentile(vals, 99):>10}{max(vals):>10}")
    return out


def group_lines(title, clock, faults):
    out = [f"{title}: {len(faults)} fault{'s' if len(faults) != 1 else ''}"]
    out += _counted("by decision:", Counter(f.decision for f in faults), DECISIONS.index)
    out += _counted("by region:", Counter(_region_key(f) for f in faults), lambda k: k,
                    MAX_REGIONS)
    out += _counted("by result:", Counter(_result_key(f) for f in faults), lambda k: k)
    grown = sum(f.stack_grown for f in faults)
    if grown:
        out.append(f"  stack grown: {grown}")
    out += _cycle_lines(clock, faults)
    return out


def end_line(trace, faults):
    n = len(trace.faults)
    if trace.end is None:
        return f"end: missing (the trace stops after {n} faults: truncated?)"
    text = (f"end: events {trace.end.events}, dropped {trace.end.dropped}; "
            f"{n} fault line{'s' if n != 1 else ''}")
    if trace.end.events not in (n, n + trace.end.dropped):
        text += " (note: the file holds neither events nor events + dropped fault lines)"
    if len(faults) != n:
        text += f", {len(faults)} selected"
    return text


def render(trace, faults, args, out):
    start = trace.start
    name = os.path.basename(trace.filename)
    lines = [f"trace {name}: {Geometry(start).describe()}, clock {start.clock}"]
    procs = {}
    for f in faults:
        procs.setdefault((f.pid, f.comm), []).append(f)
    for (pid, comm), group in sorted(procs.items()):
        lines += [""] + group_lines(f"pid {pid} ({comm})", start.clock, group)
    if len(procs) > 1:
        lines += [""] + group_lines(f"all {len(procs)} processes", start.clock, faults)
    if not faults:
        lines += ["", "no faults"]
    lines += ["", end_line(trace, faults)]
    out.write("\n".join(lines) + "\n")
    return 0
