"""GDB commands for looking at Faultline's memory from inside QEMU.

Load with `gdb build/x86_64/faultline.elf -x tools/gdb/faultline.py`, or for
arm64 `gdb-multiarch build/arm64/faultline.elf -x tools/gdb/faultline.py`
(mk/gdb.sh does it).  Commands (each has `help COMMAND`):

  fl-walk VA [ROOT]    walk VA through the page tables, level by level
  fl-regions [PID]     the regions of the current (or PID's) address space
  fl-page PA | pfn N   the struct page describing a physical page
  fl-proc [PID|all]    a process: pid, comm, state, its trap frame

The architecture is GDB's (from the kernel's ELF): x86-64 or AArch64.
Struct layouts come from the kernel's DWARF (it is built with -g).  The
arm64 page geometry (page size, VA bits, levels: chosen at build time) is
read from the kernel's own description of itself, the constant
arch_trace_info()::info the fault trace prints, and checked against
TCR_EL1 when the CPU runs.  Only the constants of #defines, which DWARF does
not carry, are repeated here (from arch/*/include/machine/{param,pte}.h,
vm/map.h and vm/prot.h).  arm64 descriptors are decoded by the trace
renderer's tools/trace/decode.py.

Page tables hold physical addresses.  The kernel maps all of physical memory
at DMAP_BASE, in every address space, so physical address P is read as the
virtual address DMAP_BASE + P; before the kernel has built that mapping
(early boot), QEMU's monitor (`monitor xp`) reads it instead.
"""
import os
import re
import sys
import types

import gdb

# arch/x86_64/include/machine/param.h
DMAP_BASE = 0xffff800000000000
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT

# arch/x86_64/include/machine/pte.h
PTE_P, PTE_RW, PTE_US, PTE_PS, PTE_PROTNONE = 1 << 0, 1 << 1, 1 << 2, 1 << 7, 1 << 9
PTE_NX = 1 << 63
PTE_FRAME = 0x000ffffffffff000
# (level, name) from the root down; the index of level L is bits
# [12 + 9L - 1 : 12 + 9(L-1)] of the address.
LEVELS = ((4, "PML4"), (3, "PDPT"), (2, "PD"), (1, "PT"))

# arch/arm64/include/machine/param.h and pte.h (the geometry itself comes
# from the kernel: arm64_geometry())
ARM64_DMAP_BASE = 0xffffff8000000000
ARM64_VALID, ARM64_AP_EL0, ARM64_AP_RO = 1 << 0, 1 << 6, 1 << 7
ARM64_AF, ARM64_DBM, ARM64_PXN, ARM64_UXN = 1 << 10, 1 << 51, 1 << 53, 1 << 54
ARM64_SW_DIRTY, ARM64_SW_PROTNONE = 1 << 55, 1 << 58
ARM64_TTBR_BADDR = 0x0000fffffffffffe      # TTBRn_EL1: ASID in [63:48], CnP in bit 0
# TCR_EL1 fields: T0SZ [5:0], TG0 [15:14], T1SZ [21:16], TBI0 37, TBI1 38, HA 39, HD 40
ARM64_TG0_SHIFT = {0: 12, 1: 16, 2: 14}

# vm/map.h region flags, vm/prot.h region rights
VR_FLAGS = ((0x1, "shared"), (0x2, "growsdown"), (0x4, "stack"), (0x10, "rand_read"),
            (0x20, "seq_read"), (0x40, "dontcopy"), (0x80, "dontdump"),
            (0x100, "wipeonfork"), (0x200, "hugepage"), (0x400, "nohugepage"),
            (0x800, "mergeable"), (0x1000, "account"), (0x2000, "noreserve"))
VR_SHARED = 0x1
RPROT_READ, RPROT_WRITE, RPROT_EXEC = 0x1, 0x2, 0x4

# vm/page.h: what each owner means (the names come from DWARF's enum page_owner)
OWNER_MEANING = {
    "PG_FREE": "on the free list",
    "PG_RESERVED": "firmware, the kernel image, the initramfs",
    "PG_KMEM": "kernel heap (kmalloc)",
    "PG_KSTACK": "a kernel stack",
    "PG_PTABLE": "a page-table page",
    "PG_ANON": "private anonymous memory, found through page tables",
    "PG_SHARED": "a page of a shared object, found through the object",
    "PG_ZERO": "the shared zero page",
}

MASK64 = (1 << 64) - 1


class FlError(Exception):
    """A problem to report in one line, without a Python backtrace."""


# ------------------------------------------------------------------ helpers

def hex64(v):
    return f"0x{v:016x}"


def to_int(value):
    """A gdb.Value (integer, pointer, flags register) as a Python int."""
    try:
        return int(value) & MASK64
    except gdb.error:
        return int(value.cast(gdb.lookup_type("unsigned long"))) & MASK64


def evaluate(expr):
    """An expression (number, register, symbol, C expression) as an int."""
    try:
        return to_int(gdb.parse_and_eval(expr))
    except gdb.error as e:
        raise FlError(f"cannot evaluate '{expr}': {e}")


def register(name):
    """A register's value, or None when GDB does not know it (an unknown
    $NAME is an empty convenience variable) or cannot read it."""
    try:
        v = gdb.parse_and_eval("$" + name)
        if v.type.code == gdb.TYPE_CODE_VOID:
            return None
        return to_int(v)
    except gdb.error:
        return None


def target_arch():
    """"x86_64" or "arm64": GDB's architecture (the selected frame's, or the
    one the kernel's ELF gave it)."""
    name = None
    try:
        name = gdb.selected_frame().architecture().name()
    except (gdb.error, RuntimeError):
        try:
            name = gdb.selected_inferior().architecture().name()
        except (AttributeError, gdb.error, RuntimeError):
            text = gdb.execute("show architecture", to_string=True)
            m = re.search(r'currently "([^"]+)"', text) or re.search(r'"([^"]+)"', text)
            name = m.group(1) if m else text
    if "aarch64" in name:
        return "arm64"
    if "x86-64" in name or "x86_64" in name:
        return "x86_64"
    raise FlError(f"GDB's architecture is {name!r}: Faultline runs on x86-64 and AArch64 "
                  "(load the kernel's ELF first; for arm64 use gdb-multiarch)")


def in_long_mode():
    """Is the CPU running 64-bit code with paging on (EFER.LMA)?  Before
    that (firmware, the kernel's 32-bit PVH entry) there is no direct map
    and no current process.  None when the register cannot be read."""
    efer = register("efer")
    if efer is None:
        return None
    return bool(efer >> 10 & 1)


def arm64_mmu_on():
    """Is stage-1 translation on (SCTLR_EL1.M)?  Before that (QEMU's boot
    code, the kernel's entry) addresses are physical: no direct map, no
    processes.  None when the register cannot be read.  (QEMU 7.2's gdbstub
    names SCTLR_EL1 "SCTLR".)"""
    sctlr = register("SCTLR_EL1")
    if sctlr is None:
        sctlr = register("SCTLR")
    if sctlr is None:
        return None
    return bool(sctlr & 1)


def translation_on():
    """Can kernel virtual addresses (the direct map) be read yet?"""
    return arm64_mmu_on() if target_arch() == "arm64" else in_long_mode()


def dmap_base():
    return ARM64_DMAP_BASE if target_arch() == "arm64" else DMAP_BASE


def page_shift():
    return arm64_geometry().page_shift if target_arch() == "arm64" else PAGE_SHIFT


def need_target():
    if gdb.selected_thread() is None:
        raise FlError("not connected to QEMU (it exits when the program has ended): "
                      "nothing running to look at")


def need_kernel_running():
    need_target()
    if target_arch() == "arm64":
        if arm64_mmu_on() is False:
            raise FlError("the MMU is off (SCTLR_EL1.M = 0: QEMU's boot code or the kernel's "
                          "entry): no processes or page tables to show yet; set a breakpoint "
                          "(hbreak vm_fault) and continue")
        return
    if in_long_mode() is False:
        raise FlError("the CPU is not in long mode yet (firmware or the kernel's 32-bit "
                      "entry): no processes or page tables to show; set a breakpoint "
                      "(hbreak vm_fault) and continue")


def _read_phys_monitor(pa):
    """QEMU's monitor reads physical memory without any page tables."""
    try:
        text = gdb.execute(f"monitor xp /1gx {pa:#x}", to_string=True)
    except gdb.error as e:
        raise FlError(f"cannot read physical address {pa:#x}: {e}")
    m = re.search(r":\s*0x([0-9a-fA-F]+)", text)
    if not m:
        raise FlError(f"cannot read physical address {pa:#x}: monitor said {text.strip()!r}")
    return int(m.group(1), 16)


def read_phys_u64(pa):
    """The 8 bytes at physical address pa: through the direct map once the
    CPU is in long mode or its MMU is on (where the kernel's tables map it),
    else (or if that fails) through QEMU's monitor."""
    if translation_on() is False:
        return _read_phys_monitor(pa)
    try:
        data = gdb.selected_inferior().read_memory(dmap_base() + pa, 8)
        return int.from_bytes(bytes(data), "little")
    except gdb.MemoryError:
        return _read_phys_monitor(pa)


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error as e:
        raise FlError(f"no type '{name}' in the kernel's debug information ({e})")


def symbol_value(name):
    try:
        return gdb.parse_and_eval(name)
    except gdb.error as e:
        raise FlError(f"cannot read '{name}': {e}")


def enum_name(value, type_name):
    """An integer field (uint8_t owner) named by the enum it holds."""
    n = to_int(value)
    try:
        t = gdb.lookup_type(type_name)
        for f in t.fields():
            if f.enumval == n:
                return f.name
    except gdb.error:
        pass
    return str(n)


def field_offset(struct_type, field):
    for f in struct_type.fields():
        if f.name == field:
            return f.bitpos // 8
    raise FlError(f"{struct_type} has no field '{field}'")


def container_of(node_ptr, struct_name, member):
    """The struct holding the intrusive node at node_ptr (avl_entry)."""
    t = lookup_type(struct_name)
    addr = to_int(node_ptr) - field_offset(t, member)
    return gdb.Value(addr).cast(t.pointer())


def avl_in_order(root_node, limit=1 << 20):
    """The nodes of an intrusive AVL tree (struct avl_node *) in order,
    following left/right pointers; stops at limit (a corrupt tree)."""
    stack, n, seen = [], root_node, 0
    while stack or to_int(n):
        while to_int(n):
            stack.append(n)
            n = n["left"]
        n = stack.pop()
        seen += 1
        if seen > limit:
            raise FlError(f"more than {limit} nodes: the tree looks corrupt")
        yield n
        n = n["right"]


def c_string(char_array):
    try:
        return char_array.string(length=char_array.type.sizeof).split("\0", 1)[0]
    except (gdb.error, UnicodeDecodeError):
        return "?"


def find_proc(arg):
    """curproc, or the process with pid arg (from proc_table)."""
    if not arg:
        p = symbol_value("curproc")
        if not to_int(p):
            raise FlError("curproc is NULL: no process is running yet")
        return p
    pid = evaluate(arg)
    for p in all_procs():
        if to_int(p["pid"]) == pid:
            return p
    raise FlError(f"no process with pid {pid} in proc_table")


def all_procs():
    table = symbol_value("proc_table")
    lo, hi = table.type.range()
    for i in range(lo, hi + 1):
        if to_int(table[i]):
            yield table[i]


def size_text(n):
    for unit, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if n >= unit and n % unit == 0:
            return f"{n // unit} {name}"
    return f"{n} B"


def split_args(arg):
    return gdb.string_to_argv(arg)


class FlCommand(gdb.Command):
    """Runs invoke_fl and reports FlError in one line."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        try:
            self.invoke_fl(arg)
        except FlError as e:
            raise gdb.GdbError(f"{self.__class__.NAME}: {e}")
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"{self.__class__.NAME}: cannot read kernel memory ({e}); "
                               "is the kernel running yet?")


# ------------------------------------------------------------------ fl-walk

def entry_flags(value, level):
    """The named bits of an entry.  Bit 7 is PS above the PT and PAT in it;
    bits 9-11 are free for software, and Faultline uses bit 9 (PROTNONE)."""
    names = [(0, "P"), (1, "RW"), (2, "US"), (3, "PWT"), (4, "PCD"), (5, "A"), (6, "D"),
             (7, "PAT" if level == 1 else "PS"), (8, "G"), (9, "PROTNONE"),
             (10, "AVL10"), (11, "AVL11"), (63, "NX")]
    out = [n for bit, n in names if value >> bit & 1]
    pkey = value >> 59 & 0xf
    if pkey:
        out.append(f"PKEY={pkey}")
    return "|".join(out) or "no bits"


def rights(value, who=None):
    user = value & PTE_US if who is None else who
    return (f"{'user' if user else 'kernel'} r{'w' if value & PTE_RW else '-'}"
            f"{'-' if value & PTE_NX else 'x'}")


def address_lines(va):
    top = va >> 47
    meaning = {0: "all 0, and bit 47 too: a user address (canonical)",
               (1 << 17) - 1: "all 1, and bit 47 too: a kernel address (canonical)"}.get(
        top, "not copies of bit 47: a non-canonical address (the CPU raises #GP, not #PF)")
    rows = [("[63:48]", f"upper bits {va >> 48:#06x}", "", meaning)]
    for level, name in LEVELS:
        lo = 12 + 9 * (level - 1)
        idx = va >> lo & 0x1ff
        rows.append((f"[{lo + 8}:{lo}]", f"{name} index {idx:#05x} = {idx}", f"{idx:09b}",
                     f"entry offset {idx} * 8 = {idx * 8:#x}"))
    rows.append(("[11:0]", f"page offset {va & 0xfff:#05x}", f"{va & 0xfff:012b}", ""))
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    return [f"    {r[0]:<{w[0]}} {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}".rstrip() for r in rows]


def walk(va, cr3):
    """Print the walk of va from the root table at cr3; the final physical
    address, or None."""
    how = ("read through the direct map, DMAP_BASE + physical address"
           if in_long_mode() is not False else "read with QEMU's monitor: xp")
    print(f"  the tables ({how}), from CR3 = {hex64(cr3)}")
    table = cr3
    eff_rw, eff_us, eff_nx = True, True, False
    for level, name in LEVELS:
        lo = 12 + 9 * (level - 1)
        idx = va >> lo & 0x1ff
        at = table + idx * 8
        entry = read_phys_u64(at)
        print(f"    {name} (level {level}) index {idx} (bits [{lo + 8}:{lo}] = {idx:09b})"
              f"  table {hex64(table)} + {idx * 8:#x} = entry at {hex64(at)}")
        print(f"      entry  {hex64(entry)}  {entry_flags(entry, level)}")
        if not entry & PTE_P:
            if entry & PTE_PROTNONE and level == 1:
                what = (f"not present to the CPU, PROTNONE: Faultline keeps the page at "
                        f"{entry & PTE_FRAME:#x} (PROT_NONE); an access faults")
            elif entry == 0:
                what = "empty (not present): the walk stops; an access here page-faults"
            else:
                what = "not present (P clear): the walk stops; an access here page-faults"
            print(f"             {what}")
            if level != 1:
                names = ", ".join(n for lv, n in LEVELS if lv < level)
                print(f"    not reached: {names}")
            print("  no physical address")
            return None
        eff_rw &= bool(entry & PTE_RW)
        eff_us &= bool(entry & PTE_US)
        eff_nx |= bool(entry & PTE_NX)
        span = 1 << lo
        if level == 1 or entry & PTE_PS:
            frame = entry & PTE_FRAME & ~(span - 1)
            kind = "page" if level == 1 else f"{size_text(span)} page (PS)"
            print(f"             {kind}, {rights(entry)}, frame {frame:#x}")
            if level != 1:
                print("    the walk stops here: a large page; not reached: "
                      + ", ".join(n for lv, n in LEVELS if lv < level))
            off = va & (span - 1)
            pa = frame | off
            print(f"  physical address = frame {hex64(frame)} | offset {off:#x} = {hex64(pa)}")
            eff = (f"{'user' if eff_us else 'kernel'} r{'w' if eff_rw else '-'}"
                   f"{'-' if eff_nx else 'x'}")
            print(f"  effective rights: {eff} (RW and US must be set at every level, "
                  f"NX at any level forbids execution; CR0.WP, SMEP and SMAP apply on top)")
            print(f"  its descriptor: fl-page {pa & ~(PAGE_SIZE - 1):#x}  (or: fl-page $fl_pa)")
            return pa
        table = entry & PTE_FRAME
        print(f"             table: next table at {table:#x}")
    return None


# ------------------------------------------------------------------ fl-walk, arm64

_trace = None


def trace_modules():
    """tools/trace's decode and render_walk (the trace renderer's own
    decoding of arm64 descriptors and addresses), imported once."""
    global _trace
    if _trace is None:
        here = os.path.dirname(os.path.realpath(globals().get("__file__") or "tools/gdb/x"))
        tdir = os.path.normpath(os.path.join(here, "..", "trace"))
        saved = sys.dont_write_bytecode
        sys.dont_write_bytecode = True          # keep tools/trace free of __pycache__
        sys.path.insert(0, tdir)
        try:
            import decode
            import render_walk
        except ImportError as e:
            raise FlError(f"cannot import the trace renderer's decoder from {tdir}: {e}")
        finally:
            sys.path.remove(tdir)
            sys.dont_write_bytecode = saved
        _trace = types.SimpleNamespace(decode=decode, render_walk=render_walk)
    return _trace


def _geometry(page_shift_, levels, va_bits, source):
    """A tools/trace/decode.py Geometry (which VA bits index which level),
    with the architecture's level numbers (the root is L0 with four levels,
    L1 with three) and where the numbers came from."""
    if page_shift_ not in (12, 14, 16) or not 1 <= levels <= 5 or not 25 <= va_bits <= 52:
        raise FlError(f"{source} gives an unlikely geometry: page_shift {page_shift_}, "
                      f"{levels} levels, {va_bits}-bit VA")
    root_level = 4 - levels
    start = types.SimpleNamespace(arch="arm64", page_shift=page_shift_, levels=levels,
                                  va_bits=va_bits,
                                  level_names=[f"L{root_level + d}" for d in range(levels)])
    geo = trace_modules().decode.Geometry(start)
    geo.root_level = root_level
    geo.source = source
    return geo


def _geometry_from_tcr(tcr):
    """The user half's geometry as TCR_EL1 sets it: T0SZ, TG0."""
    shift = ARM64_TG0_SHIFT.get(tcr >> 14 & 3)
    va_bits = 64 - (tcr & 0x3f)
    if shift is None:
        raise FlError(f"TCR_EL1 {tcr:#x} has a reserved TG0")
    levels = -(-(va_bits - shift) // (shift - 3))
    return shift, levels, va_bits


def arm64_geometry():
    """The build's page geometry, from the constant the kernel gives the
    fault trace (arch_trace_info()::info in arch/arm64/trap.c: page_shift,
    levels, va_bits), read from the ELF's read-only data (so that it works
    before the MMU is on); failing that, from TCR_EL1."""
    try:
        old = gdb.parameter("trust-readonly-sections")
        gdb.execute("set trust-readonly-sections on", to_string=True)
        try:
            info = gdb.parse_and_eval("'arch_trace_info'::info")
            got = (to_int(info["page_shift"]), to_int(info["levels"]), to_int(info["va_bits"]))
        finally:
            gdb.execute(f"set trust-readonly-sections {'on' if old else 'off'}", to_string=True)
        return _geometry(*got, "the kernel's arch_trace_info()::info")
    except gdb.error as e:
        tcr = register("TCR_EL1")
        if tcr is None or not tcr:
            raise FlError(f"cannot find the page geometry: no arch_trace_info()::info in the "
                          f"kernel's symbols ({e}) and no TCR_EL1 from QEMU")
        return _geometry(*_geometry_from_tcr(tcr), f"TCR_EL1 = {tcr:#x}")


def arm64_geometry_notes(geo, tcr):
    """Disagreements between the ELF's geometry and the CPU's TCR_EL1 (the
    ELF given to GDB is not the kernel QEMU runs?)."""
    if tcr is None or not tcr or not geo.source.startswith("the kernel"):
        return []
    shift, levels, va_bits = _geometry_from_tcr(tcr)
    if (shift, va_bits) == (geo.page_shift, geo.va_bits):
        return []
    return [f"note: TCR_EL1 = {tcr:#x} says {1 << shift >> 10} KiB pages, {va_bits}-bit VA "
            f"({levels} levels), the kernel's ELF {geo.page_size >> 10} KiB, {geo.va_bits}-bit: "
            "is GDB's ELF the kernel QEMU runs?  This walk follows the ELF."]


def arm64_sw_flags(value):
    """Faultline's software bits (pte.h), which decode.py does not name."""
    out = []
    if value & ARM64_SW_DIRTY:
        out.append("SW_DIRTY=1")
    for bit in (56, 57):
        if value >> bit & 1:
            out.append(f"SW{bit}=1")
    if value & ARM64_SW_PROTNONE:
        out.append("SW_PROTNONE=1")
    return out


def arm64_address_check(geo, va, tcr):
    """Which TTBR translates va (bit 55), and why it cannot be translated
    (None if it can), and a note on its tag: the bits between the VA and
    the tag must all be 0 (TTBR0) or all 1 (TTBR1); with TBI the top byte
    is a tag (Faultline sets TBI0, as Linux)."""
    upper = 1 if va >> 55 & 1 else 0
    reg = f"TTBR{upper}_EL1"
    tbi = bool(tcr is not None and tcr >> (37 + upper) & 1)
    hi = 55 if tbi else 63
    want = ((1 << (hi + 1 - geo.va_bits)) - 1) if upper else 0
    got = va >> geo.va_bits & ((1 << (hi + 1 - geo.va_bits)) - 1)
    tag = (f"TBI{upper}: bits [63:56] = {va >> 56:#04x} are a tag, ignored; bit 55 = {upper}: "
           f"translated from {reg}" if tbi and va >> 56 != (0xff if upper else 0) else None)
    if got != want:
        return reg, (f"bits [{hi}:{geo.va_bits}] are not all {upper} for {reg} (bit 55): "
                     f"outside both halves (a translation fault at level 0)"), tag
    return reg, None, tag


def arm64_walk(geo, va, ttbr, regname, tcr):
    """Print the walk of va from the root table of ttbr; the final physical
    address, or None."""
    dec = trace_modules().decode
    root = ttbr & ARM64_TTBR_BADDR
    how = ("read through the direct map, DMAP_BASE + physical address"
           if arm64_mmu_on() is not False else "read with QEMU's monitor: xp")
    print(f"  the tables ({how}), from {regname} = {hex64(ttbr)}: "
          f"ASID {ttbr >> 48}, root table at {root:#x}")
    table = root
    el0, ro, uxn, pxn = True, False, False, False
    fields = geo.fields()
    for depth, f in enumerate(fields):
        level = geo.root_level + depth
        leaf = depth == geo.levels - 1
        idx = f.of(va)
        at = table + idx * 8
        entry = read_phys_u64(at)
        print(f"    {f.name} (level {level}) index {idx} (bits [{f.hi}:{f.lo}] = "
              f"{idx:0{f.width}b})  table {hex64(table)} + {idx * 8:#x} = entry at {hex64(at)}")
        d = dec.decode_descriptor(geo, depth, entry)
        flags = d.flags + arm64_sw_flags(entry)
        print(f"      entry  {hex64(entry)}  {', '.join(flags) or 'no bits'}")
        below = ", ".join(n for n in geo.names[depth + 1:])
        if not d.is_table and not d.maps:
            if leaf and entry & ARM64_SW_PROTNONE and not entry & ARM64_VALID:
                frame = dec.bits(entry, 47, geo.page_shift) << geo.page_shift
                what = (f"not valid to the CPU, SW_PROTNONE: Faultline keeps the page at "
                        f"{frame:#x} (PROT_NONE); an access faults")
            elif entry == 0:
                what = (f"empty (invalid): the walk stops; an access here faults "
                        f"(translation fault, level {level})")
            else:
                what = (f"{d.short}: the walk stops; an access here faults "
                        f"(translation fault, level {level})")
            print(f"             {what}")
            if below:
                print(f"    not reached: {below}")
            print("  no physical address")
            return None
        if d.is_table:
            aptable = dec.bits(entry, 62, 61)
            el0 &= not aptable & 1
            ro |= bool(aptable & 2)
            uxn |= bool(entry >> 60 & 1)
            pxn |= bool(entry >> 59 & 1)
            print(f"             {d.short}")
            table = d.address
            continue
        el0 &= bool(entry & ARM64_AP_EL0)
        ro |= bool(entry & ARM64_AP_RO)
        uxn |= bool(entry & ARM64_UXN)
        pxn |= bool(entry & ARM64_PXN)
        print(f"             {d.short}")
        if entry & ARM64_DBM and entry & ARM64_AP_RO:
            hd = tcr is not None and tcr >> 40 & 1
            print("             clean: AP[2] read-only with DBM (writable); the first write "
                  + ("clears AP[2] in hardware (TCR_EL1.HD)" if hd else
                     "raises a permission fault and Faultline makes it read/write (dirty)"))
        elif entry & ARM64_DBM:
            print("             dirty: DBM with AP[2] clear: read/write, and dirty (written, or "
                  "mapped dirty)")
        if entry & ARM64_SW_DIRTY:
            print("             SW_DIRTY: dirty while read-only (Linux's PTE_DIRTY; pte_make() "
                  "keeps it, and a new mapping starts from PTE_NEW, dirty)")
        if not entry & ARM64_AF:
            ha = tcr is not None and tcr >> 39 & 1
            print("             AF=0: the first access " + ("sets it in hardware (TCR_EL1.HA)"
                                                         if ha else "raises an access flag fault"))
        if not leaf:
            print(f"    the walk stops here: a block; not reached: {below}")
        span = geo.span(depth)
        off = va & (span - 1)
        pa = d.address | off
        print(f"  physical address = frame {hex64(d.address)} | offset {off:#x} = {hex64(pa)}")
        user = (("r" if el0 else "-") + ("w" if el0 and not ro else "-")
                + ("-" if uxn else "x"))
        kpxn = pxn or (el0 and not ro)      # writable at EL0: never executable at EL1
        kernel = "r" + ("-" if ro else "w") + ("-" if kpxn else "x")
        extra = "; DBM: the first write makes it writable" if entry & ARM64_DBM and ro else ""
        print(f"  effective rights: user {user}, kernel {kernel}{extra} (AP[1], AP[2], UXN, "
              f"PXN and the tables' APTable, UXNTable, PXNTable; under PAN the kernel reaches "
              f"user pages only with LDTR/STTR)")
        print(f"  its descriptor: fl-page {pa & ~(geo.page_size - 1):#x}  (or: fl-page $fl_pa)")
        return pa
    return None


def arm64_walk_command(argv):
    geo = arm64_geometry()
    va = evaluate(argv[0])
    tcr = register("TCR_EL1")
    if tcr == 0:
        tcr = None          # the MMU has not been set up: nothing to say
    reg, bad, tag = arm64_address_check(geo, va, tcr)
    if len(argv) == 2:
        ttbr = evaluate(argv[1])
        source = f"{reg} {argv[1]}"
    else:
        need_kernel_running()
        if arm64_mmu_on() is None:
            raise FlError("cannot read SCTLR_EL1 from QEMU; give the TTBR explicitly")
        ttbr = register(reg)
        if ttbr is None:
            raise FlError(f"cannot read ${reg} from QEMU (QEMU's gdbstub shows system registers "
                          f"with -cpu max, to gdb-multiarch); give the TTBR explicitly")
        source = f"the current {reg}"
    print(f"fl-walk {hex64(va)} through {source} = {hex64(ttbr)} ({geo.describe()})")
    for note in arm64_geometry_notes(geo, tcr):
        print(note)
    print("  the address, bit by bit")
    for line in trace_modules().render_walk.address_lines(geo, va):
        print(line)
    if tag:
        print(f"    ({tag})")
    if bad:
        print(f"  no walk: {bad}")
        gdb.set_convenience_variable("fl_pa", -1)
        return
    pa = arm64_walk(geo, va, ttbr, reg, tcr)
    gdb.set_convenience_variable("fl_pa", pa if pa is not None else -1)


class FlWalk(FlCommand):
    """Walk a virtual address through the page tables, level by level.

Usage: fl-walk VA [CR3]          (x86-64)
       fl-walk VA [TTBR]         (arm64)

VA and CR3 are GDB expressions (0x7000003000, fi->addr, $rip, ...).  CR3
defaults to the CPU's current $cr3 (the running process's address space);
its low 12 bits (PCID) and bit 63 are masked off.  For every level (PML4,
PDPT, PD, PT) it prints the index (the address's 9 bits), the table's
physical address, the entry's offset and address, and the entry in hex and
in named bits: P RW US PWT PCD A D PS(PAT in the PT) G, PROTNONE (bit 9,
Faultline's: a PROT_NONE page kept while P is clear) and NX.  It stops at a
non-present entry or a large page (PS), and ends with the physical address
and the rights the whole walk grants.  Tables are read at DMAP_BASE +
physical address (the kernel's direct map).  Sets $fl_pa to the physical
address found (-1 if none), so that `fl-page $fl_pa` follows.

On arm64 the root is TTBR0_EL1 for a user address (bit 55 clear) and
TTBR1_EL1 for a kernel one, or the TTBR value given (its ASID, bits 63:48,
and CnP are masked off).  The levels follow the build's geometry (4 KiB
pages: L0-L3 with 48-bit VA, L1-L3 with 39; 16 KiB: L1-L3 with 47), read
from the kernel's arch_trace_info()::info and checked against TCR_EL1.
Each descriptor is decoded as the trace renderer does (valid, table/page or
block, AttrIndx, NS, AP, SH, AF, nG, DBM, PXN, UXN; APTable, UXNTable,
PXNTable in tables) plus Faultline's software bits SW_DIRTY (55) and
SW_PROTNONE (58); the walk stops at an invalid entry or a block, and ends
with the physical address and the rights the walk grants EL0 and EL1."""
    NAME = "fl-walk"

    def __init__(self):
        super().__init__(self.NAME)

    def invoke_fl(self, arg):
        argv = split_args(arg)
        if not 1 <= len(argv) <= 2:
            raise FlError("usage: fl-walk VA [CR3 | TTBR]")
        need_target()
        if target_arch() == "arm64":
            arm64_walk_command(argv)
            return
        va = evaluate(argv[0])
        if len(argv) == 2:
            cr3 = evaluate(argv[1])
            source = f"CR3 {argv[1]}"
        else:
            need_kernel_running()
            cr3 = register("cr3")
            if cr3 is None:
                raise FlError("cannot read $cr3 from QEMU; give CR3 explicitly")
            source = "the current CR3"
            cr0 = register("cr0")
            if cr0 is not None and not cr0 >> 31 & 1:
                raise FlError("paging is off (CR0.PG = 0): addresses are physical")
        cr4 = register("cr4")
        if cr4 is not None and cr4 >> 12 & 1:
            print("note: CR4.LA57 is set (5-level paging); this walk assumes 4 levels")
        root = cr3 & PTE_FRAME
        print(f"fl-walk {hex64(va)} through {source} = {hex64(cr3)}"
              f" (x86_64, 4 KiB pages, 48-bit VA, 4 levels)")
        print("  the address, bit by bit")
        for line in address_lines(va):
            print(line)
        top = va >> 47
        if top not in (0, (1 << 17) - 1):
            print("  no walk: the address is not canonical")
            return
        pa = walk(va, root)
        # for the next command: fl-page $fl_pa, x/gx 0xffff800000000000 + $fl_pa
        gdb.set_convenience_variable("fl_pa", pa if pa is not None else -1)


# ------------------------------------------------------------------ fl-regions

def prot_text(prot):
    return ("r" if prot & RPROT_READ else "-") + ("w" if prot & RPROT_WRITE else "-") + \
        ("x" if prot & RPROT_EXEC else "-")


def flags_text(flags):
    out = [] if flags & VR_SHARED else ["private"]
    known = 0
    for bit, name in VR_FLAGS:
        known |= bit
        if flags & bit:
            out.append(name)
    if flags & ~known:
        out.append(f"{flags & ~known:#x}")
    return ",".join(out)


def object_text(obj):
    if not to_int(obj):
        return "-"
    o = obj.dereference()
    kind = enum_name(o["kind"], "enum object_kind")
    return (f"{to_int(obj):#x} ({kind}, refs {to_int(o['refs'])}, {to_int(o['size'])} pages, "
            f"{to_int(o['npages'])} resident)")


class FlRegions(FlCommand):
    """List the regions of the current process's address space.

Usage: fl-regions [PID]

Walks curproc->map->regions (or the map of process PID), an intrusive AVL
tree of struct vm_region keyed by start address, in order.  For each region:
[start, end), its size, its rights (rwx from RPROT_READ/WRITE/EXEC), its
flags (private or shared, growsdown, stack, the madvise flags and the commit
accounting flags of vm/map.h), the object backing a shared region and the
object page index of start (pgoff), and anon_id (private memory's identity,
given by its first page-allocating fault; 0: none yet).  Then the map's
mmap_base and heap (start_brk, brk)."""
    NAME = "fl-regions"

    def __init__(self):
        super().__init__(self.NAME)

    def invoke_fl(self, arg):
        argv = split_args(arg)
        if len(argv) > 1:
            raise FlError("usage: fl-regions [PID]")
        need_kernel_running()
        p = find_proc(argv[0] if argv else None)
        mp = p["map"]
        if not to_int(mp):
            raise FlError(f"process {to_int(p['pid'])} has no address space")
        m = mp.dereference()
        root = "?"
        try:
            pmap = m["pmap"].cast(lookup_type("struct pmap").pointer()).dereference()
            root = hex64(to_int(pmap["root_pa"]))
        except (FlError, gdb.error):
            pass
        print(f"pid {to_int(p['pid'])} ({c_string(p['comm'])}): map {to_int(mp):#x}, "
              f"{to_int(m['nregions'])} regions, page tables at {root}")
        rows = [("start-end", "size", "prot", "flags", "pgoff", "anon_id", "object")]
        start_brk, brk = to_int(m["start_brk"]), to_int(m["brk"])
        n = 0
        for node in avl_in_order(m["regions"]["node"]):
            r = container_of(node, "struct vm_region", "node").dereference()
            start, end = to_int(r["start"]), to_int(r["end"])
            flags = to_int(r["flags"])
            note = ""
            if start_brk and start < max(brk, start_brk + 1) and end > start_brk:
                note = " [heap]"
            rows.append((f"{hex64(start)}-{hex64(end)}", size_text(end - start),
                         prot_text(to_int(r["prot"])), flags_text(flags) + note,
                         f"{to_int(r['pgoff']):#x}", str(to_int(r["anon_id"])),
                         object_text(r["obj"])))
            n += 1
        w = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            print("  " + "  ".join(f"{c:<{w[i]}}" for i, c in enumerate(row)).rstrip())
        if n != to_int(m["nregions"]):
            print(f"  note: the tree holds {n} regions, nregions says {to_int(m['nregions'])}")
        print(f"  mmap_base {hex64(to_int(m['mmap_base']))}  start_brk {hex64(start_brk)}  "
              f"brk {hex64(brk)} (heap {size_text(brk - start_brk) if brk >= start_brk else '?'})"
              f"  stack_limit {size_text(to_int(m['stack_limit']))}")


# ------------------------------------------------------------------ fl-page

class FlPage(FlCommand):
    """Show the descriptor (struct page) of a physical page.

Usage: fl-page PA
       fl-page pfn N
       fl-page PAGE-POINTER     (an expression of type struct page *)

PA, N and PAGE-POINTER are GDB expressions: $fl_pa (set by fl-walk),
0x1fdcf000, zero_page, page_array + 7, ...
PA is a physical address (any byte of the page: the frame an fl-walk
printed, for instance).  Prints &page_array[pfn] and its fields: owner (by
name, from enum page_owner: every page has exactly one), refs (mappings
plus the object's reference), queue, and for a shared page its object and
the page's index in it, checked against the object's page tree."""
    NAME = "fl-page"

    def __init__(self):
        super().__init__(self.NAME)

    def invoke_fl(self, arg):
        arg = arg.strip()
        if not arg:
            raise FlError("usage: fl-page PA | fl-page pfn N")
        if arg.split()[0] == "pfn":
            pfn = evaluate(arg[3:].strip() or "?")
        else:
            try:
                v = gdb.parse_and_eval(arg)
            except gdb.error as e:
                raise FlError(f"cannot evaluate '{arg}': {e}")
            t = v.type.strip_typedefs()
            if t.code == gdb.TYPE_CODE_PTR and t.target().strip_typedefs().tag == "page":
                size = lookup_type("struct page").sizeof
                pfn = (to_int(v) - to_int(symbol_value("page_array"))) // size
            elif to_int(v) == MASK64:
                raise FlError(f"'{arg}' is -1: the last fl-walk found no physical address")
            else:
                pfn = to_int(v) >> page_shift()
        need_kernel_running()
        shift = page_shift()
        array = symbol_value("page_array")
        npages = to_int(symbol_value("page_array_len"))
        if not to_int(array):
            raise FlError("page_array is not set up yet")
        if pfn >= npages:
            raise FlError(f"pfn {pfn:#x} is past the last page described "
                          f"(page_array_len = {npages})")
        pg_ptr = array + pfn
        pg = pg_ptr.dereference()
        owner = enum_name(pg["owner"], "enum page_owner")
        short = owner[3:].lower() if owner.startswith("PG_") else owner
        print(f"page {hex64(pfn << shift)}: pfn {pfn:#x} = {pfn} (of {npages}), "
              f"descriptor &page_array[{pfn}] = {to_int(pg_ptr):#x}")
        print(f"  owner  {short} ({owner}: {OWNER_MEANING.get(owner, '?')})")
        print(f"  refs   {to_int(pg['refs'])}")
        print(f"  queue  {enum_name(pg['queue'], 'enum page_queue')}")
        print(f"  obj    {object_text(pg['obj'])}")
        print(f"  index  {to_int(pg['index'])}")
        if owner == "PG_KMEM":
            print(f"  kmem_class {to_int(pg['kmem_class'])}")
        if owner == "PG_SHARED" and to_int(pg["obj"]):
            found = None
            for node in avl_in_order(pg["obj"]["pages"]["node"]):
                q = container_of(node, "struct page", "objnode")
                if to_int(q["index"]) == to_int(pg["index"]):
                    found = to_int(q)
                    break
            if found == to_int(pg_ptr):
                print(f"  the object's page tree holds it at index {to_int(pg['index'])}")
            else:
                print(f"  note: the object's page tree does not hold this page at index "
                      f"{to_int(pg['index'])} (found {found if found is None else hex(found)})")


# ------------------------------------------------------------------ fl-proc

class FlProc(FlCommand):
    """Show a process: pid, comm, state, address space, and its trap frame.

Usage: fl-proc           the current process (curproc)
       fl-proc PID
       fl-proc all       every process in proc_table, one line each

The trap frame (p->tf, at the top of its kernel stack) is the user state
saved at the last entry into the kernel: rip (arm64: pc) is the user
instruction that faulted or made the system call, rsp (arm64: sp) the user
stack pointer.  x86-64: md.cr2 and md.err are the last user page fault's
address and error code; arm64: md.far and md.esr, the fault address and
its syndrome (ESR_EL1, decoded)."""
    NAME = "fl-proc"

    def __init__(self):
        super().__init__(self.NAME)

    def invoke_fl(self, arg):
        argv = split_args(arg)
        if len(argv) > 1:
            raise FlError("usage: fl-proc [PID|all]")
        need_kernel_running()
        cur = to_int(symbol_value("curproc"))
        if argv and argv[0] == "all":
            for p in all_procs():
                mark = "*" if to_int(p) == cur else " "
                print(f"{mark} pid {to_int(p['pid']):<4} {enum_name(p['state'], 'enum proc_state'):<11}"
                      f" {c_string(p['comm']):<16} parent "
                      f"{to_int(p['parent']['pid']) if to_int(p['parent']) else '-'}")
            return
        p = find_proc(argv[0] if argv else None)
        print(f"pid {to_int(p['pid'])} ({c_string(p['comm'])}), "
              f"{enum_name(p['state'], 'enum proc_state')}"
              f"{', the current process' if to_int(p) == cur else ''}: exe {c_string(p['exe'])}")
        print(f"  struct proc {to_int(p):#x}, map {to_int(p['map']):#x}, "
              f"minflt {to_int(p['minflt'])}, majflt {to_int(p['majflt'])}")
        if target_arch() == "arm64":
            self.arm64_frame(p)
            return
        tf = p["tf"]
        if to_int(tf):
            t = tf.dereference()
            cs = to_int(t["cs"])
            vec = to_int(t["vector"])
            what = "system call" if vec == 0x100 else f"vector {vec}, error code {to_int(t['err']):#x}"
            print(f"  trap frame {to_int(tf):#x} ({what}, from {'user' if cs & 3 else 'kernel'}"
                  f" mode): rip {hex64(to_int(t['rip']))}  rsp {hex64(to_int(t['rsp']))}"
                  f"  rflags {to_int(t['rflags']):#x}")
        md = p["md"]
        print(f"  last user trap: trapno {to_int(md['trapno'])}, err {to_int(md['err']):#x}, "
              f"cr2 {hex64(to_int(md['cr2']))}")

    # arch/arm64/include/machine/frame.h: kind = source << 2 | type
    VEC_SOURCES = {0: "EL1t", 1: "kernel", 2: "user", 3: "AArch32 user"}
    VEC_TYPES = {0: "synchronous", 1: "IRQ", 2: "FIQ", 3: "SError"}

    def arm64_frame(self, p):
        dec = trace_modules().decode
        tf = p["tf"]
        if to_int(tf):
            t = tf.dereference()
            kind, esr = to_int(t["kind"]), to_int(t["esr"])
            src = self.VEC_SOURCES.get(kind >> 2, "?")
            if kind & 3 == 0:
                ec = esr >> 26 & 0x3f
                what = ("system call" if ec == 0x15 else
                        f"{dec.ARM64_EC.get(ec, 'exception class')}, EC {ec:#04x}")
            else:
                what = self.VEC_TYPES[kind & 3]
            print(f"  trap frame {to_int(tf):#x} ({what}, from {src} mode): "
                  f"pc {hex64(to_int(t['pc']))}  sp {hex64(to_int(t['sp']))}"
                  f"  pstate {to_int(t['pstate']):#x}")
        md = p["md"]
        esr = to_int(md["esr"])
        print(f"  last user fault: far {hex64(to_int(md['far']))}, "
              + (dec.decode_esr(esr) if esr else "ESR_EL1 0 (none, or taken by a signal)"))


# ------------------------------------------------------------------ fl-batch

class FlBatch(gdb.Command):
    """Run a GDB command file, then stop QEMU.

Usage: fl-batch FILE

For mk/gdb.sh --batch: when GDB leaves, it detaches from QEMU, which lets
the guest run on; quitting QEMU from here instead leaves it exactly where
FILE left it.  An error in FILE is reported (and makes GDB's exit status 1)
after QEMU has been stopped."""

    def __init__(self):
        super().__init__("fl-batch", gdb.COMMAND_USER, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        path = arg.strip()
        if not path:
            raise gdb.GdbError("usage: fl-batch FILE")
        err = None
        try:
            gdb.execute("source " + path)
        except gdb.error as e:
            err = e
        for command in ("monitor quit", "disconnect"):
            try:
                gdb.execute(command, to_string=True)
            except gdb.error:
                pass        # QEMU has gone (it closes the connection as it quits)
        if err is not None:
            raise gdb.GdbError(str(err))


FlWalk()
FlRegions()
FlPage()
FlProc()
FlBatch()
