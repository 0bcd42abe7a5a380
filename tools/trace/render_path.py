"""`render path`: the kernel functions a fault went through, as a call tree.

The event's `path` is a flat list in call order; the nesting comes from what
the kernel's code does (KNOWN_CALLER), and for other names from three rules:
  - vm_fault's stages (fault_find, fault_check, fault_get_page, fault_map)
    are children of vm_fault;
  - a name that looks like the way back (*return*, ret_to_user, eret) is a
    child of the first function (the vector, or copy_from_user/copy_to_user for the kernel);
  - anything else is called by the function before it.
On the right: what each stage found or decided, and its counter ticks."""
from common import fault_title, outcome_text, region_text
from decode import Geometry

# stage function -> its key in `cycles`
STAGE_FUNCS = {"fault_find": "find", "fault_check": "check",
               "fault_get_page": "get_page", "fault_map": "map"}
HANDLER = "vm_fault"

# Functions whose caller is known from the kernel's source (x86-64 entry.S,
# arch/x86_64/trap.c, kern/trap.c, vm/fault.c).
KNOWN_CALLER = {
    "trap_return": "trap_common",            # trap_common: call trap; jmp trap_return
    "iretq": "trap_return",
    "uaccess_fixup": "page_fault",           # page_fault points the return at the fixup
    "kern_return_to_user": "trap",
    "signal_deliver_pending": "kern_return_to_user",
    "kern_user_exception": "page_fault",
    "signal_force_fault": "kern_page_fault",
    "proc_kill_fault": "kern_page_fault",
    "vm_map_lookup": "fault_find",
    "vm_map_grow_stack": "fault_find",
    "pmap_lookup": "fault_get_page",
    "get_private_page": "fault_get_page",
    "object_get_page": "fault_get_page",
    "page_zalloc": "get_private_page",
    "page_alloc": "get_private_page",
    "page_copy": "get_private_page",
    "pmap_enter": "fault_map",
    "page_activate": "fault_map",
}


def is_return(name):
    return "return" in name or name in ("ret_to_user", "eret", "iretq", "sysret")


def nest(path):
    """[(depth, name)] for the flat path."""
    stack, out = [], []

    def pop_to(name):
        if name in stack:
            del stack[stack.index(name) + 1:]
            return True
        return False

    for name in path:
        caller = KNOWN_CALLER.get(name)
        if caller and pop_to(caller):
            pass
        elif name in STAGE_FUNCS and pop_to(HANDLER):
            pass
        elif is_return(name) and stack:
            del stack[1:]
        out.append((len(stack), name))
        stack.append(name)
    return out


def _check_text(fault):
    prot = fault.region.prot if fault.region else "---"
    if fault.result == "accerr":
        return f"{fault.access} not allowed by {prot}"
    return f"{fault.access} allowed by {prot}"


def _map_text(fault):
    """The entry written, and the tables it took to get there."""
    if not fault.walk:
        return ""
    lv = fault.walk[-1]
    if lv.before == lv.after:
        text = f"{lv.name}[{lv.index}] unchanged"
    else:
        text = f"{lv.name}[{lv.index}] = {lv.after:#x} (was {lv.before:#x})"
    new = [fault.walk[i + 1].name for i, x in enumerate(fault.walk[:-1]) if x.allocated]
    if new:
        text += "; new tables: " + ", ".join(new)
    return text


def _get_page_text(fault):
    text = fault.decision
    if fault.page is not None:
        text += f", page {fault.page:#x}"
    elif fault.result == "oom":
        text += ", no memory"
    elif fault.result == "buserr":
        text += ", past the end of the object -> buserr"
    return text


def annotations(fault):
    """function name -> (what it found, cycles label)"""
    find = region_text(fault.region) + (" (stack grown)" if fault.stack_grown else "")
    if fault.result == "maperr":
        find += " -> maperr"
    return {"fault_find": find, "fault_check": _check_text(fault),
            "fault_get_page": _get_page_text(fault), "fault_map": _map_text(fault),
            HANDLER: outcome_text(fault)}


def tree_rows(fault):
    """[(left, middle, right)] for the tree lines."""
    notes = annotations(fault)
    rows = []
    for i, (depth, name) in enumerate(nest(fault.path)):
        right = ""
        if i == 0:
            right = f"entry {fault.cycles['entry']}"
        elif name in STAGE_FUNCS:
            key = STAGE_FUNCS[name]
            right = f"{key} {fault.cycles[key]}"
        rows.append(("  " + "  " * depth + name, notes.get(name, ""), right))
    return rows


def render_fault(geom, clock, fault):
    rows = tree_rows(fault)
    wl = max([len(r[0]) for r in rows] + [0])
    wm = max([len(r[1]) for r in rows] + [0])
    wr = max([len(r[2]) for r in rows] + [len(clock)])
    out = [fault_title(fault, geom.arch),
           f"  {'':<{wl - 2}}  {'':<{wm}}  {clock:>{wr}}".rstrip()]
    for left, mid, right in rows:
        out.append(f"{left:<{wl}}  {mid:<{wm}}  {right:>{wr}}".rstrip())
    shown = {STAGE_FUNCS[n] for n in fault.path if n in STAGE_FUNCS}
    missing = [f"{k} {fault.cycles[k]}" for k in ("find", "check", "get_page", "map")
               if k not in shown and fault.cycles[k]]
    tail = f"  total {fault.cycles['total']} {clock}"
    if HANDLER not in fault.path:
        tail = f"  {outcome_text(fault)}; total {fault.cycles['total']} {clock}"
    if missing:
        tail += " (stages not in the path: " + ", ".join(missing) + ")"
    out.append(tail)
    return out


def render(trace, faults, args, out):
    geom = Geometry(trace.start)
    clock = f"{trace.start.clock} ticks"
    blocks = ["\n".join(render_fault(geom, clock, f)) for f in faults]
    out.write("\n\n".join(blocks) + "\n")
    return 0
