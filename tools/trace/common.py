"""Helpers the modes share: choosing faults, naming them in one line."""
from dataclasses import dataclass, field
from typing import List, Optional

from decode import decode_syndrome


@dataclass
class Selection:
    """The command line's --seq/--addr/--pid/--decision/--first.

    Different options must all match; a repeated option matches any of its
    values.  --addr matches every fault in the page holding the address.
    --first N keeps the first N faults that match the rest."""
    seqs: List[int] = field(default_factory=list)
    addrs: List[int] = field(default_factory=list)
    pid: Optional[int] = None
    decision: Optional[str] = None
    first: Optional[int] = None

    def empty(self):
        return not (self.seqs or self.addrs or self.pid is not None
                    or self.decision or self.first is not None)

    def matches(self, fault, page_size):
        mask = ~(page_size - 1)
        return ((not self.seqs or fault.seq in self.seqs)
                and (not self.addrs or any(fault.addr & mask == a & mask for a in self.addrs))
                and (self.pid is None or fault.pid == self.pid)
                and (self.decision is None or fault.decision == self.decision))

    def apply(self, trace):
        page_size = 1 << trace.start.page_shift
        picked = [f for f in trace.faults if self.matches(f, page_size)]
        return picked if self.first is None else picked[:self.first]


def where(fault):
    return "user" if fault.user else "kernel (system call touching user memory)"


def fault_title(fault, arch):
    """The first line naming a fault: who, what, where, and the hardware's word."""
    return (f"fault #{fault.seq}: pid {fault.pid} ({fault.comm}) cpu {fault.cpu}, "
            f"{fault.access} at {fault.addr:#018x}, {where(fault)}; "
            f"{decode_syndrome(arch, fault.syndrome)}")


def region_text(region):
    if region is None:
        return "no region"
    return f"{region.start:#x}-{region.end:#x} {region.prot} {region.kind}"


def outcome_text(fault):
    """done (shared-page) / maperr -> SIGSEGV (SEGV_MAPERR) / maperr, no signal."""
    text = fault.result
    if fault.result == "done":
        text += f" ({fault.decision})"
    if fault.signal:
        code = f" ({fault.signal.code})" if fault.signal.code else ""
        text += f" -> {fault.signal.name}{code}"
    elif fault.result != "done":
        text += ", no signal" + ("" if fault.user else " (the system call fails: EFAULT)")
    return text
