"""`render walk`: the table walk of each fault's address, level by level.

First the address split into its fields (which bits index which table, and
the byte offset of the entry in it), then each table the walk went through:
where the table is, the entry before and after the fault with its named bits,
and whether this fault allocated the table the entry points to.  Last the
physical address: the frame of the final entry | the page offset."""
from common import fault_title, outcome_text
from decode import Geometry, changes, decode_descriptor, flag_text, hex64


def _hex_index(value, width):
    return f"{value:#0{2 + (width + 3) // 4}x}"


def address_lines(geom, va):
    """The VA bit by bit: one line per field, upper bits first."""
    up = geom.upper_field()
    top = up.of(va)
    if geom.arch == "x86_64":
        sign = va >> (geom.va_bits - 1)          # bits [63:47] must all be equal
        meaning = {0: "all 0, and bit 47 too: a user address (canonical)",
                   (1 << (65 - geom.va_bits)) - 1: "all 1, and bit 47 too: a kernel address"
                   }.get(sign, "not copies of bit 47: a non-canonical address")
    else:
        meaning = "all 0: a user address, translated from TTBR0_EL1" if top == 0 else \
            "not all 0: a kernel address (TTBR1_EL1) or invalid"
    rows = [(up.range_text(), f"upper bits {_hex_index(top, up.width)}", "", meaning)]
    for f in geom.fields():
        idx = f.of(va)
        rows.append((f.range_text(), f"{f.name} index {_hex_index(idx, f.width)} = {idx}",
                     f"{idx:0{f.width}b}", f"entry offset {idx} * 8 = {idx * 8:#x}"))
    off = geom.offset_field()
    rows.append((off.range_text(), f"page offset {_hex_index(off.of(va), off.width)}",
                 f"{off.of(va):0{off.width}b}", ""))
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    return [f"    {r[0]:<{w[0]}} {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}".rstrip()
            for r in rows]


def _entry_lines(geom, depth, lv):
    """before/after of one entry, with the decoded bits of what it holds now."""
    before = decode_descriptor(geom, depth, lv.before)
    after = decode_descriptor(geom, depth, lv.after)
    alloc = "   <- table allocated by this fault" if lv.allocated else ""
    if lv.before == lv.after:
        out = [f"      entry  {hex64(lv.after)}  unchanged: {after.short}{alloc}"]
    else:
        out = [f"      before {hex64(lv.before)}  {before.short}",
               f"      after  {hex64(lv.after)}  {after.short}{alloc}"]
    if after.flags:
        out.append(f"             {flag_text(geom.arch, after)}")
    changed = changes(before, after)
    if changed and lv.before != lv.after:
        out.append(f"             changed: {', '.join(changed)}")
    return out


def _level_notes(geom, fault, depth, lv, expected_table):
    notes = []
    fields = geom.fields()
    want = fields[depth].of(fault.addr)
    if lv.index != want:
        notes.append(f"the trace says index {lv.index}, the address's bits say {want}")
    if lv.name != fields[depth].name:
        notes.append(f"the trace names this level {lv.name!r}, the start line "
                     f"{fields[depth].name!r}")
    if expected_table is not None and lv.table != expected_table:
        notes.append(f"the table is at {lv.table:#x}, but the entry above points to "
                     f"{expected_table:#x}")
    return [f"      note: {n}" for n in notes]


def table_lines(geom, fault):
    """Each level the walk went through, then the levels it did not reach."""
    out = [f"  the tables, from {geom.root_register()} = {hex64(fault.root)}"]
    expected = fault.root
    last = None
    for depth, lv in enumerate(fault.walk):
        idx = geom.fields()[depth].of(fault.addr)
        out.append(f"    {lv.name} (level {lv.level}) table {hex64(lv.table)} + {idx * 8:#x}"
                   f" = entry at {hex64(lv.table + idx * 8)}")
        out += _level_notes(geom, fault, depth, lv, expected)
        out += _entry_lines(geom, depth, lv)
        last = decode_descriptor(geom, depth, lv.after)
        expected = last.address if last.is_table else None
    if len(fault.walk) < geom.levels:
        if last is not None and not last.is_table:
            out.append("    the walk stops here: the entry is not a table pointer")
        names = ", ".join(geom.names[len(fault.walk):])
        out.append(f"    not reached: {names}")
    return out, last


def physical_line(geom, fault, last):
    if last is None or not last.maps:
        why = "no entries" if last is None else f"the last entry is {last.short}"
        return [f"  no physical address: {why}"]
    depth = len(fault.walk) - 1
    size = geom.span(depth)
    off = fault.addr & (size - 1)
    pa = last.address | off
    out = [f"  physical address = frame {hex64(last.address)} | offset {off:#x} = {hex64(pa)}"]
    if fault.page is not None and fault.page != last.address:
        out.append(f"  note: the event's page is {fault.page:#x}, the entry maps "
                   f"{last.address:#x}")
    return out


def render_fault(geom, fault):
    out = [fault_title(fault, geom.arch),
           f"walk of {fault.addr:#018x} ({geom.describe()}): {outcome_text(fault)}",
           "  the address, bit by bit"]
    out += address_lines(geom, fault.addr)
    tables, last = table_lines(geom, fault)
    out += tables
    out += physical_line(geom, fault, last)
    return out


def render(trace, faults, args, out):
    geom = Geometry(trace.start)
    blocks = ["\n".join(render_fault(geom, f)) for f in faults]
    out.write("\n\n".join(blocks) + "\n")
    return 0
