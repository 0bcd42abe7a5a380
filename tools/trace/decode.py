"""What the numbers in a fault event mean: the address split into table
indices, the syndrome word in named bits, each page-table descriptor in named
bits.  Shared by every mode; nothing here prints."""
from dataclasses import dataclass
from typing import List, Optional


def bits(value, hi, lo):
    """value[hi:lo], both ends included."""
    return (value >> lo) & ((1 << (hi - lo + 1)) - 1)


def hex64(v):
    return f"0x{v:016x}"


def size_name(nbytes):
    for unit, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if nbytes >= unit and nbytes % unit == 0:
            return f"{nbytes // unit} {name}"
    return f"{nbytes} bytes"


# ---------------------------------------------------------------- geometry

@dataclass
class Field:
    """One slice of the virtual address: a table index or the page offset."""
    name: str
    hi: int
    lo: int

    @property
    def width(self):
        return self.hi - self.lo + 1

    def of(self, va):
        return bits(va, self.hi, self.lo)

    def range_text(self):
        return f"[{self.hi}:{self.lo}]"


class Geometry:
    """The translation scheme of a start line: which VA bits index which level."""

    def __init__(self, start):
        self.arch = start.arch
        self.page_shift = start.page_shift
        self.levels = start.levels
        self.va_bits = start.va_bits
        self.names = list(start.level_names)
        self.index_bits = start.page_shift - 3        # 8-byte entries, one page a table
        self.page_size = 1 << start.page_shift

    def fields(self) -> List[Field]:
        """The index fields from the root down (the top one may be narrower)."""
        out = []
        for depth, name in enumerate(self.names):
            lo = self.page_shift + (self.levels - 1 - depth) * self.index_bits
            hi = min(lo + self.index_bits - 1, self.va_bits - 1)
            out.append(Field(name, hi, lo))
        return out

    def offset_field(self):
        return Field("page offset", self.page_shift - 1, 0)

    def upper_field(self):
        """The bits above the VA: all 0 in a user address (all 1: kernel)."""
        return Field("upper bits", 63, self.va_bits)

    def entries(self, depth):
        return 1 << self.fields()[depth].width

    def span(self, depth):
        """Bytes one entry at this depth maps."""
        return 1 << self.fields()[depth].lo

    def root_register(self):
        return "CR3" if self.arch == "x86_64" else "TTBR0_EL1"

    def describe(self):
        return (f"{self.arch}, {size_name(self.page_size)} pages, {self.va_bits}-bit VA, "
                f"{self.levels} levels")


# ---------------------------------------------------------------- syndromes

X86_PF_BITS = ((0, "P"), (1, "W"), (2, "U"), (3, "RSVD"), (4, "I"), (5, "PK"), (6, "SS"))

ARM64_EC = {
    0x00: "unknown reason",
    0x15: "SVC from AArch64",
    0x20: "instruction abort from a lower EL",
    0x21: "instruction abort from the same EL",
    0x22: "PC alignment fault",
    0x24: "data abort from a lower EL",
    0x25: "data abort from the same EL",
    0x26: "SP alignment fault",
    0x3c: "BRK instruction",
}


def arm64_fsc_name(fsc):
    """Data/instruction fault status code, ISS[5:0]."""
    group, level = fsc >> 2, fsc & 3
    named = {0: "address size fault", 1: "translation fault", 2: "access flag fault",
             3: "permission fault"}
    if group in named:
        return f"{named[group]} level {level}"
    if 0x14 <= fsc <= 0x17:
        return f"synchronous external abort on a table walk, level {level}"
    return {
        0x10: "synchronous external abort", 0x11: "synchronous tag check fault",
        0x21: "alignment fault", 0x29: "address size fault level -1",
        0x2b: "translation fault level -1", 0x30: "TLB conflict abort",
        0x31: "unsupported atomic hardware update",
    }.get(fsc, "reserved or implementation defined")


def decode_error_code(value):
    names = [n for bit, n in X86_PF_BITS if value >> bit & 1]
    cause = "protection violation" if value & 1 else "not present"
    return f"error code {value:#x} = {'|'.join(names) or 'no bits'}, {cause}"


def decode_esr(value):
    ec, il, iss = bits(value, 31, 26), bits(value, 25, 25), bits(value, 24, 0)
    text = (f"ESR_EL1 {value:#x} = EC {ec:#04x} ({ARM64_EC.get(ec, 'other exception class')}),"
            f" IL {il}, ISS {iss:#x}")
    if ec in (0x24, 0x25):
        wnr = bits(iss, 6, 6)
        fsc = bits(iss, 5, 0)
        text += (f": WnR {wnr} ({'write' if wnr else 'read'}), "
                 f"DFSC {fsc:#04x} ({arm64_fsc_name(fsc)})")
    elif ec in (0x20, 0x21):
        fsc = bits(iss, 5, 0)
        text += f": IFSC {fsc:#04x} ({arm64_fsc_name(fsc)})"
    return text


def decode_syndrome(arch, value):
    return decode_error_code(value) if arch == "x86_64" else decode_esr(value)


# ---------------------------------------------------------------- descriptors

@dataclass
class Descriptor:
    """A decoded page-table entry."""
    value: int
    kind: str                  # "empty", "invalid", "table", "page", "block"
    flags: List[str]           # named bits, e.g. ["P", "RW", "US", "NX"]
    address: Optional[int]     # next table or output frame
    short: str                 # one-line meaning, e.g. "user rw-, frame 0x41234000"

    @property
    def is_table(self):
        return self.kind == "table"

    @property
    def maps(self):
        return self.kind in ("page", "block")


X86_FLAG_BITS = ((0, "P"), (1, "RW"), (2, "US"), (3, "PWT"), (4, "PCD"), (5, "A"),
                 (6, "D"), (7, "PS"), (8, "G"), (9, "PROTNONE"), (63, "NX"))
X86_FRAME = 0x000ffffffffff000


def _x86_flags(value, leaf):
    out = []
    for bit, name in X86_FLAG_BITS:
        if value >> bit & 1:
            out.append("PAT" if (bit == 7 and leaf) else name)
    return out


def _x86_rights(value):
    r = "r" if value & 1 else "-"
    w = "w" if value & 2 else "-"
    x = "-" if value >> 63 & 1 else "x"
    who = "user" if value & 4 else "kernel"
    return f"{who} {r}{w}{x}"


def decode_x86(geom, depth, value):
    leaf = depth == geom.levels - 1
    flags = _x86_flags(value, leaf)
    if value == 0:
        return Descriptor(value, "empty", [], None, "empty (not present)")
    if not value & 1:
        if value >> 9 & 1:
            frame = value & X86_FRAME
            return Descriptor(value, "invalid", flags, frame,
                              f"not present to the CPU, PROTNONE: page kept at "
                              f"{frame:#x}, no access (PROT_NONE)")
        return Descriptor(value, "invalid", flags, None, "not present (P clear)")
    if not leaf and value >> 7 & 1:
        size = geom.span(depth)
        frame = value & X86_FRAME & ~(size - 1)
        return Descriptor(value, "block", flags, frame,
                          f"{size_name(size)} page, {_x86_rights(value)}, frame {frame:#x}")
    frame = value & X86_FRAME
    if not leaf:
        return Descriptor(value, "table", flags, frame, f"table: next table at {frame:#x}")
    return Descriptor(value, "page", flags, frame, f"page, {_x86_rights(value)}, "
                      f"frame {frame:#x}")


ARM64_AP = {0: "EL1 RW", 1: "RW both", 2: "EL1 RO", 3: "RO both"}
ARM64_SH = {0: "non-shareable", 1: "reserved", 2: "outer shareable", 3: "inner shareable"}


def _arm64_oa(value, shift):
    return bits(value, 47, shift) << shift


def _arm64_table(value, geom):
    flags = ["valid=1", "table=1"]
    for bit, name in ((59, "PXNTable"), (60, "UXNTable"), (63, "NSTable")):
        if value >> bit & 1:
            flags.append(f"{name}=1")
    if bits(value, 62, 61):
        flags.append(f"APTable={bits(value, 62, 61):#04b}")
    addr = _arm64_oa(value, geom.page_shift)
    return Descriptor(value, "table", flags, addr, f"table: next table at {addr:#x}")


def _arm64_leaf(value, geom, depth, kind):
    ap, sh = bits(value, 7, 6), bits(value, 9, 8)
    flags = ["valid=1", f"{kind}=1" if kind == "page" else "block (bit 1=0)",
             f"AttrIndx={bits(value, 4, 2)}", f"NS={bits(value, 5, 5)}",
             f"AP={ap:02b} ({ARM64_AP[ap]})", f"SH={sh:02b} ({ARM64_SH[sh]})",
             f"AF={bits(value, 10, 10)}", f"nG={bits(value, 11, 11)}"]
    for bit, name in ((51, "DBM"), (52, "Contiguous")):
        if value >> bit & 1:
            flags.append(f"{name}=1")
    flags += [f"PXN={bits(value, 53, 53)}", f"UXN={bits(value, 54, 54)}"]
    size = geom.span(depth)
    addr = _arm64_oa(value, size.bit_length() - 1)
    el0 = {0: "--", 1: "rw", 2: "--", 3: "r-"}[ap]
    x = "-" if value >> 54 & 1 else "x"
    what = "page" if kind == "page" else f"{size_name(size)} block"
    return Descriptor(value, kind, flags, addr,
                      f"{what}, user {el0}{x}, output address {addr:#x}")


def decode_arm64(geom, depth, value):
    leaf = depth == geom.levels - 1
    if value == 0:
        return Descriptor(value, "empty", [], None, "empty (invalid)")
    if not value & 1:
        return Descriptor(value, "invalid", [], None, "invalid (bit 0 clear)")
    if value & 2:
        if leaf:
            return _arm64_leaf(value, geom, depth, "page")
        return _arm64_table(value, geom)
    if leaf:
        return Descriptor(value, "invalid", ["valid=1", "bit 1=0"], None,
                          "reserved (bits[1:0]=01 at the last level)")
    return _arm64_leaf(value, geom, depth, "block")


def decode_descriptor(geom, depth, value):
    if geom.arch == "x86_64":
        return decode_x86(geom, depth, value)
    return decode_arm64(geom, depth, value)


def flag_text(arch, desc):
    """The named bits: x86-64 the set ones, "P|RW|US|NX"; arm64 every field."""
    return ("|" if arch == "x86_64" else ", ").join(desc.flags)


def _flag_map(desc):
    """name -> value of each named bit ("P" -> "1" for the x86 set bits)."""
    out = {}
    for f in desc.flags:
        name, _, value = f.partition("=")
        out[name] = value or "1"
    return out


def changes(before, after):
    """What an entry's update changed, e.g. ["RW 0->1"] or ["AF 0->1"], and
    the address when it moved.  Empty when either side is empty."""
    if before.value == 0 or after.value == 0:
        return []
    old, new = _flag_map(before), _flag_map(after)
    out = [f"{k} {old.get(k, '0')}->{new.get(k, '0')}"
           for k in list(old) + [k for k in new if k not in old]
           if old.get(k, "0") != new.get(k, "0")]
    if before.address != after.address:
        out.append(f"address {before.address or 0:#x}->{after.address or 0:#x}")
    return out
