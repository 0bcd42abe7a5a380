#!/usr/bin/env python3
"""Write the synthetic traces in tests/trace/traces/ and the broken ones in
tests/trace/bad/ (run it by hand after
changing it; the traces are kept in the tree, so a test failure never comes
from here).

Each trace is the same small story on one translation scheme, with page
tables simulated so that every walk is consistent (indices from the address,
tables from the entry above, before/after from the previous faults):

  pid 1 (seed002)  write 0x7000003000, MAP_SHARED rw-     shared-page, allocates tables
  pid 1            read  0x7000005008, private rw-        zero-page
  pid 1            write 0x7000005008                     new-page (was the zero page)
  pid 1            write just below the stack             new-page, stack grown
  pid 1            read(2) into 0x20000000 (no region)    maperr in the kernel, no signal
  pid 2 (fork)     write 0x7000005010                     cow-copy
  pid 1            write 0x7000005018                     cow-reuse
  pid 2            read  0x10                             maperr -> SIGSEGV
  pid 3 (jumper)   exec  0x7000009000, private rw-        accerr -> SIGSEGV
"""
import json
import os
import sys

SCHEMES = {
    # name: arch, page_shift, levels, va_bits, level names, level numbers, RAM base
    "x86_64": ("x86_64", 12, 4, 48, ["PML4", "PDPT", "PD", "PT"], [4, 3, 2, 1], 0x1000000),
    "arm64_39": ("arm64", 12, 3, 39, ["L1", "L2", "L3"], [1, 2, 3], 0x40000000),
    "arm64_48": ("arm64", 12, 4, 48, ["L0", "L1", "L2", "L3"], [0, 1, 2, 3], 0x40000000),
    "arm64_16k_47": ("arm64", 14, 3, 47, ["L1", "L2", "L3"], [1, 2, 3], 0x40000000),
    "arm64_16k_48": ("arm64", 14, 4, 48, ["L0", "L1", "L2", "L3"], [0, 1, 2, 3], 0x40000000),
}

X86_PATH = ["vector_14", "trap_common", "trap", "page_fault", "kern_page_fault", "vm_fault"]
ARM_PATH = ["vector_el0_sync", "trap_common", "trap", "{abort}", "kern_page_fault", "vm_fault"]
ARM_KPATH = ["vector_el1_sync", "trap_common", "trap", "data_abort", "kern_page_fault",
             "vm_fault"]
STAGES = ["fault_find", "fault_check", "fault_get_page", "fault_map"]


class Machine:
    """Physical pages and page tables of one scheme."""

    def __init__(self, scheme):
        (self.arch, self.shift, self.levels, self.va_bits, self.names, self.numbers,
         self.next_frame) = SCHEMES[scheme]
        self.page = 1 << self.shift
        self.bits = self.shift - 3
        self.tables = {}

    def frame(self):
        pa = self.next_frame
        self.next_frame += self.page
        return pa

    def new_table(self):
        pa = self.frame()
        self.tables[pa] = {}
        return pa

    def index(self, va, depth):
        lo = self.shift + (self.levels - 1 - depth) * self.bits
        return (va >> lo) & ((1 << self.bits) - 1)

    # descriptors
    def table_desc(self, pa):
        return pa | (0x7 if self.arch == "x86_64" else 0x3)

    def leaf_desc(self, pa, write, exec_=False):
        if self.arch == "x86_64":
            return pa | 0x5 | (0x2 if write else 0) | (0 if exec_ else 1 << 63)
        ap = 0b01 if write else 0b11
        return (pa | 0x3 | ap << 6 | 0b11 << 8 | 1 << 10 | 1 << 11 | 1 << 53
                | (0 if exec_ else 1 << 54))

    def next_table(self, desc):
        if self.arch == "x86_64":          # P set and PS clear (PS: a large page)
            return desc & 0x000ffffffffff000 if desc & 0x81 == 1 else None
        return desc & ((1 << 48) - 1) & ~(self.page - 1) if desc & 3 == 3 else None

    def walk(self, root, va, leaf=None):
        """Walk to va; with leaf, allocate the missing tables and set the
        last entry to leaf.  Returns the event's walk levels."""
        out, table = [], root
        for depth in range(self.levels):
            idx = self.index(va, depth)
            before = self.tables[table].get(idx, 0)
            after, allocated = before, False
            if depth == self.levels - 1:
                if leaf is not None:
                    after = leaf
            elif self.next_table(before) is None and leaf is not None:
                after, allocated = self.table_desc(self.new_table()), True
            self.tables[table][idx] = after
            out.append({"name": self.names[depth], "level": self.numbers[depth],
                        "index": idx, "table": hex(table), "before": hex(before),
                        "after": hex(after), "allocated": allocated})
            table = self.next_table(after)
            if table is None or depth == self.levels - 1:
                break
        return out

    def span_at(self, depth):
        return 1 << (self.shift + (self.levels - 1 - depth) * self.bits)

    def set_entry(self, root, va, depth, desc):
        """Put desc at depth (allocating the tables above it), e.g. a block."""
        table = root
        for d in range(depth):
            idx = self.index(va, d)
            nxt = self.next_table(self.tables[table].get(idx, 0))
            if nxt is None:
                nxt = self.new_table()
                self.tables[table][idx] = self.table_desc(nxt)
            table = nxt
        self.tables[table][self.index(va, depth)] = desc

    def fork(self, root):
        """A copy of the table tree (the leaves shared, read-only)."""
        new = self.new_table()
        self._copy(root, new, 0)
        return new

    def _copy(self, src, dst, depth):
        for idx, desc in self.tables[src].items():
            if not desc:
                continue
            if depth == self.levels - 1:
                ro = desc & ~0x2 if self.arch == "x86_64" else desc | 0b10 << 6
                self.tables[src][idx] = self.tables[dst][idx] = ro
            else:
                child = self.new_table()
                self._copy(self.next_table(desc), child, depth + 1)
                self.tables[dst][idx] = self.table_desc(child)


def syndrome(m, access, user, present, fail_level):
    """x86 error code or arm64 ESR for this fault."""
    if m.arch == "x86_64":
        v = (1 if present else 0) | (2 if access == "write" else 0) | (4 if user else 0) \
            | (0x10 if access == "exec" else 0)
        return {"name": "error_code", "value": hex(v)}
    level = m.numbers[fail_level]
    fsc = (0x0c if present else 0x04) | level
    if access == "exec":
        ec = 0x20 if user else 0x21
        iss = fsc
    else:
        ec = 0x24 if user else 0x25
        iss = fsc | (0x40 if access == "write" else 0)
    return {"name": "esr_el1", "value": hex(ec << 26 | 1 << 25 | iss)}


def cycles(seq, decision):
    base = {"shared-page": 900, "zero-page": 300, "new-page": 1200, "cow-copy": 2100,
            "cow-reuse": 400, "spurious": 150, "reprotect": 200, "none": 0}[decision]
    c = {"entry": 610 + 7 * seq, "find": 140 + 3 * seq, "check": 25 + seq,
         "get_page": base + 11 * seq if base else 4, "map": 180 + 5 * seq if base else 3}
    c["total"] = sum(c.values())
    return c


def region(start, end, prot, kind):
    return {"start": hex(start), "end": hex(end), "prot": prot, "kind": kind}


class Story:
    def __init__(self, scheme):
        self.m = Machine(scheme)
        self.events = []
        self.seq = 0

    def fail_level(self, walk):
        """Where the hardware stopped: the first entry that was not a table."""
        for depth, lv in enumerate(walk):
            if self.m.next_table(int(lv["before"], 16)) is None:
                return depth
        return len(walk) - 1

    def fault(self, pid, comm, root, va, access, *, user=True, present=False, reg=None,
              decision="none", leaf=None, page=None, stack_grown=False, result="done",
              signal=None, path_head=None, abort="data_abort", path=None, syn=None):
        m = self.m
        self.seq += 1
        walk = m.walk(root, va, leaf)
        done = result == "done"
        stages = STAGES if done else STAGES[:2] if result == "accerr" else STAGES[:1]
        head = path_head or (X86_PATH if m.arch == "x86_64" else
                             [p.replace("{abort}", abort) for p in ARM_PATH])
        path = path or \
            head + stages + (["signal_force_fault"] if signal else []) + ["trap_return"]
        self.events.append(event := {
            "type": "fault", "seq": self.seq, "pid": pid, "cpu": 0, "comm": comm,
            "addr": hex(va), "access": access, "user": user, "present": present,
            "syndrome": syn or syndrome(m, access, user, present, self.fail_level(walk)),
            "region": reg, "result": result, "signal": signal, "decision": decision,
            "stack_grown": stack_grown, "page": {"paddr": hex(page)} if page else None,
            "walk": {"root": hex(root), "levels": walk},
            "cycles": cycles(self.seq, decision), "path": path})
        return event

    def lines(self, scheme, dropped=0):
        """The whole trace: start line, the faults, end line."""
        arch, shift, levels, va_bits, names, _, _ = SCHEMES[scheme]
        start = {"type": "start", "arch": arch, "page_shift": shift, "levels": levels,
                 "va_bits": va_bits, "level_names": names,
                 "clock": "tsc" if arch == "x86_64" else "cntvct"}
        end = {"type": "end", "events": len(self.events), "dropped": dropped}
        return [start] + self.events + [end]


def story(scheme, dropped=0):
    s = Story(scheme)
    m = s.m
    P = m.page
    shared = region(0x7000003000 & ~(P - 1), (0x7000003000 & ~(P - 1)) + P, "rw-", "shared")
    private = region(0x7000005000 & ~(P - 1), (0x7000005000 & ~(P - 1)) + 2 * P, "rw-",
                     "private")
    top = 1 << (m.va_bits - 1 if m.arch == "x86_64" else m.va_bits)   # x86: canonical lower half
    stack = region(top - 34 * P, top - P, "rw-", "stack")

    # pid 1: the program's text is mapped at exec (tables exist for 0x400000)
    root1 = m.new_table()
    m.walk(root1, 0x400000, m.leaf_desc(m.frame(), False, True))
    zero = m.frame()

    pa = m.frame()
    s.fault(1, "seed002", root1, 0x7000003000, "write", reg=shared, decision="shared-page",
            leaf=m.leaf_desc(pa, True), page=pa)
    s.fault(1, "seed002", root1, 0x7000005008, "read", reg=private, decision="zero-page",
            leaf=m.leaf_desc(zero, False), page=zero)
    pa = m.frame()
    s.fault(1, "seed002", root1, 0x7000005008, "write", present=True, reg=private,
            decision="new-page", leaf=m.leaf_desc(pa, True), page=pa)
    pa = m.frame()
    s.fault(1, "seed002", root1, top - 34 * P + P - 8, "write", reg=stack,
            decision="new-page", leaf=m.leaf_desc(pa, True), page=pa, stack_grown=True)
    kpath = X86_PATH if m.arch == "x86_64" else ARM_KPATH
    s.fault(1, "seed002", root1, 0x20000000, "write", user=False, result="maperr",
            path_head=kpath)

    root2 = m.fork(root1)
    pa = m.frame()
    s.fault(2, "seed002", root2, 0x7000005010, "write", present=True, reg=private,
            decision="cow-copy", leaf=m.leaf_desc(pa, True), page=pa)
    old = m.walk(root1, 0x7000005018)[-1]["after"]
    frame = m.next_table(int(old, 16) | 3) if m.arch == "arm64" else int(old, 16) & \
        0x000ffffffffff000
    s.fault(1, "seed002", root1, 0x7000005018, "write", present=True, reg=private,
            decision="cow-reuse", leaf=m.leaf_desc(frame, True), page=frame)
    segv = {"name": "SIGSEGV", "code": "SEGV_MAPERR"}
    s.fault(2, "seed002", root2, 0x10, "read", result="maperr", signal=segv)

    root3 = m.new_table()
    m.walk(root3, 0x400000, m.leaf_desc(m.frame(), False, True))
    m.walk(root3, 0x7000005000, m.leaf_desc(m.frame(), True))
    s.fault(3, "jumper", root3, 0x7000009000, "exec", reg=region(
        0x7000008000, 0x700000c000, "rw-", "private"), result="accerr",
        signal={"name": "SIGSEGV", "code": "SEGV_ACCERR"}, abort="instruction_abort")

    return s.lines(scheme, dropped)


def edge_story(scheme):
    """The rarer cases, on one process: PROT_NONE (x86) or an EL1-only page
    (arm64), a spurious fault, out of memory, a reprotect through extra
    functions, a large page / block, one event whose walk disagrees with
    itself (the renderer must say so), and a SIGBUS past a shared object."""
    s = Story(scheme)
    m = s.m
    x86 = m.arch == "x86_64"
    P = m.page
    root = m.new_table()
    m.walk(root, 0x400000, m.leaf_desc(m.frame(), False, True))
    rw = region(0x7000000000, 0x7000000000 + 16 * P, "rw-", "private")
    segv = {"name": "SIGSEGV", "code": "SEGV_ACCERR"}
    head = X86_PATH if x86 else [p.replace("{abort}", "data_abort") for p in ARM_PATH]

    # 1. no access: x86 keeps the page under PROTNONE (P clear); arm64 AP=00
    va = 0x7000000000
    frame = m.frame()
    if x86:
        m.set_entry(root, va, m.levels - 1, frame | 0x200)
        s.fault(7, "edges", root, va, "read", reg=region(va, va + P, "---", "private"),
                result="accerr", signal=segv)
    else:
        m.set_entry(root, va, m.levels - 1, m.leaf_desc(frame, True) & ~(3 << 6))
        s.fault(7, "edges", root, va, "read", present=True,
                reg=region(va, va + P, "---", "private"), result="accerr", signal=segv)
    # 2. spurious: another CPU mapped the page between the fault and the lock
    va += P
    frame = m.frame()
    m.set_entry(root, va, m.levels - 1, m.leaf_desc(frame, True))
    s.fault(7, "edges", root, va, "write", present=True, reg=rw, decision="spurious",
            page=frame, path=head + STAGES[:3] + ["trap_return"])
    # 3. out of memory for a new page
    va += P
    s.fault(7, "edges", root, va, "write", reg=rw, decision="new-page", result="oom",
            signal={"name": "SIGKILL", "code": None},
            path=head + STAGES[:3] + ["proc_kill_fault", "signal_force_fault",
                                      "trap_return"])
    # 4. reprotect (x86: after mprotect r-- -> rw-; arm64: the access flag)
    va += P
    frame = m.frame()
    if x86:
        m.set_entry(root, va, m.levels - 1, m.leaf_desc(frame, False))
        after, syn = m.leaf_desc(frame, True), None
    else:
        m.set_entry(root, va, m.levels - 1, m.leaf_desc(frame, True) & ~(1 << 10))
        after = m.leaf_desc(frame, True)
        syn = {"name": "esr_el1", "value": hex(0x24 << 26 | 1 << 25 | 0x40 | 0x08 | 3)}
    s.fault(7, "edges", root, va, "write", present=True, reg=rw, decision="reprotect",
            leaf=after, page=frame, syn=syn,
            path=head + ["fault_find", "vm_map_lookup", "fault_check", "fault_get_page",
                         "pmap_lookup", "fault_map", "pmap_enter", "tlb_flush_page",
                         "trap_return"])
    # 5. a large page (x86 PS at the PD) / a block (arm64, one level up)
    va = 0x40000000 + 0x12345
    block = m.span_at(m.levels - 2)
    base = 0x80000000
    desc = (base | 0x80 | 0x7 | 1 << 63) if x86 else (m.leaf_desc(base, True) & ~2)
    m.set_entry(root, va, m.levels - 2, desc)
    s.fault(7, "edges", root, va, "read", present=True,
            reg=region(0x40000000, 0x40000000 + block, "rw-", "private"),
            decision="spurious", page=base, path=head + STAGES[:3] + ["trap_return"])
    # 6. a walk that contradicts itself: wrong index, wrong table, wrong page
    va = 0x7000000000 + 5 * P
    frame = m.frame()
    ev = s.fault(7, "edges", root, va, "write", reg=rw, decision="new-page",
                 leaf=m.leaf_desc(frame, True), page=frame)
    lv = ev["walk"]["levels"]
    lv[-1]["index"] += 1
    lv[-1]["table"] = hex(int(lv[-1]["table"], 16) + 0x1000000)
    ev["page"]["paddr"] = hex(frame + P)
    # 7. past the end of a shared object (the kernel's "buserr", not in SCHEMA.md)
    va = 0x7100000000 + P
    s.fault(7, "edges", root, va, "read", reg=region(va - P, va + P, "rw-", "shared"),
            result="buserr", signal={"name": "SIGBUS", "code": "BUS_ADRERR"},
            path=head + STAGES[:3] + ["object_get_page", "signal_force_fault",
                                      "trap_return", "iretq"])
    return s.lines(scheme)


def bad_traces(good):
    """Broken variants of a good trace: name -> (lines, why).  The line
    numbers the runner expects are in tests/trace/run."""
    start, fault, end = good[0], good[1], good[-1]

    def dump(*objs):
        return [json.dumps(o, separators=(",", ":")) for o in objs]

    def changed(obj, **kw):
        new = json.loads(json.dumps(obj))
        for k, v in kw.items():
            if v is None and k in new:
                del new[k]
            else:
                new[k] = v
        return new

    no_addr = changed(fault)
    del no_addr["addr"]
    return {
        # line 3 is cut short, as a crashed writer leaves it
        "truncated": dump(start, fault) + [dump(fault)[0][:60]] + dump(end),
        "unknown_type": dump(start, changed(fault, type="fault_v2"), end),
        "missing_field": dump(start, fault, no_addr, end),
        "number_not_hex": dump(start, changed(fault, addr=0x7000003000), end),
        "bad_decision": dump(start, changed(fault, decision="copy"), end),
        "no_start": dump(fault, end),
        "after_end": dump(start, fault, end, fault),
        "wrong_syndrome": dump(start, changed(fault, syndrome={"name": "esr_el1",
                                                                "value": "0x92000047"}), end),
        "bad_geometry": dump(changed(start, levels=3, level_names=["A", "B", "C"]), fault,
                             end),
        "not_an_object": dump(start) + ["[1, 2, 3]"] + dump(end),
    }


def write_lines(path, lines):
    with open(path, "w") as f:
        for line in lines:
            f.write((line if isinstance(line, str) else
                     json.dumps(line, separators=(",", ":"))) + "\n")


def main():
    base = os.path.dirname(os.path.abspath(__file__))
    good_dir, bad_dir = os.path.join(base, "traces"), os.path.join(base, "bad")
    os.makedirs(good_dir, exist_ok=True)
    os.makedirs(bad_dir, exist_ok=True)
    for scheme in SCHEMES:
        lines = story(scheme, dropped=3 if scheme == "arm64_48" else 0)
        write_lines(os.path.join(good_dir, scheme + ".jsonl"), lines)
    for scheme in ("x86_64", "arm64_39"):
        write_lines(os.path.join(good_dir, scheme + "_edges.jsonl"), edge_story(scheme))
    for name, lines in bad_traces(story("x86_64")).items():
        write_lines(os.path.join(bad_dir, name + ".jsonl"), lines)
    with open(os.path.join(bad_dir, "not_utf8.jsonl"), "wb") as f:
        start = json.dumps(story("x86_64")[0]).encode()
        f.write(start + b'\n{"type":"fault","comm":"\xff"}\n')       # not UTF-8 on line 2
    print(f"wrote the traces in {good_dir} and {bad_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
