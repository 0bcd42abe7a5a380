"""Read and check a fault trace (tools/trace/SCHEMA.md): one JSON object a line.

load(path) returns a Trace: the start line, the faults in file order and the end
line (None when the trace has none, e.g. the kernel died).  Anything that does
not follow the schema raises TraceError naming the file and line.

Numbers: 64-bit values (addresses, descriptors, syndromes) must be hex strings
"0x..."; counts (seq, pid, cpu, index, level, cycles, events, dropped) are JSON
integers, and a hex string is accepted for them too.  Fields the schema does
not name are ignored, so the kernel may add some.
"""
import json
import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional

ARCHES = ("x86_64", "arm64")
SYNDROME_NAME = {"x86_64": "error_code", "arm64": "esr_el1"}
ACCESSES = ("read", "write", "exec")
# "buserr" is not in SCHEMA.md (yet): the kernel writes it for an access past
# the end of a shared object (SIGBUS).
RESULTS = ("done", "maperr", "accerr", "oom", "buserr")
DECISIONS = ("zero-page", "new-page", "cow-copy", "cow-reuse", "shared-page",
             "reprotect", "spurious", "none")
KINDS = ("private", "shared", "stack")
STAGES = ("entry", "find", "check", "get_page", "map")   # then "total"
HEX_RE = re.compile(r"0x[0-9a-fA-F]{1,16}\Z")
PROT_RE = re.compile(r"[r-][w-][x-]\Z")


class TraceError(Exception):
    """A trace that does not follow the schema; str() is the full message."""

    def __init__(self, filename, lineno, message):
        where = f"{filename}:{lineno}" if lineno else filename
        super().__init__(f"{where}: {message}")


@dataclass
class Start:
    arch: str
    page_shift: int
    levels: int
    va_bits: int
    level_names: List[str]
    clock: str


@dataclass
class Region:
    start: int
    end: int
    prot: str
    kind: str


@dataclass
class Signal:
    name: str
    code: Optional[str]


@dataclass
class Level:
    name: str
    level: int
    index: int
    table: int
    before: int
    after: int
    allocated: bool


@dataclass
class Fault:
    lineno: int
    seq: int
    pid: int
    cpu: int
    comm: str
    addr: int
    access: str
    user: bool
    present: bool
    syndrome_name: str
    syndrome: int
    region: Optional[Region]
    result: str
    signal: Optional[Signal]
    decision: str
    stack_grown: bool
    page: Optional[int]
    root: int
    walk: List[Level]
    cycles: dict
    path: List[str]


@dataclass
class End:
    events: int
    dropped: int


@dataclass
class Trace:
    filename: str
    start: Start
    faults: List[Fault] = field(default_factory=list)
    end: Optional[End] = None


class _Line:
    """Typed access to one line's object, with errors that say where."""

    def __init__(self, filename, lineno, what):
        self.filename, self.lineno, self.what = filename, lineno, what

    def fail(self, message):
        raise TraceError(self.filename, self.lineno, f"{self.what}: {message}")

    def get(self, obj, key, ctx=""):
        if not isinstance(obj, dict):
            self.fail(f"{ctx or 'value'} should be an object")
        if key not in obj:
            self.fail(f"missing field \"{ctx}{key}\"")
        return obj[key]

    def string(self, obj, key, ctx="", choices=None):
        v = self.get(obj, key, ctx)
        if not isinstance(v, str):
            self.fail(f"field \"{ctx}{key}\" should be a string, not {json.dumps(v)}")
        if choices and v not in choices:
            self.fail(f"field \"{ctx}{key}\" is {json.dumps(v)}, not one of "
                      + ", ".join(choices))
        return v

    def boolean(self, obj, key, ctx=""):
        v = self.get(obj, key, ctx)
        if not isinstance(v, bool):
            self.fail(f"field \"{ctx}{key}\" should be true or false, not {json.dumps(v)}")
        return v

    def hex64(self, obj, key, ctx=""):
        v = self.get(obj, key, ctx)
        if not isinstance(v, str) or not HEX_RE.match(v):
            self.fail(f"field \"{ctx}{key}\" should be a hex string like \"0x7000003000\", "
                      f"not {json.dumps(v)}")
        return int(v, 16)

    def count(self, obj, key, ctx=""):
        v = self.get(obj, key, ctx)
        if isinstance(v, str) and HEX_RE.match(v):
            return int(v, 16)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            self.fail(f"field \"{ctx}{key}\" should be a non-negative integer, "
                      f"not {json.dumps(v)}")
        return v

    def optional(self, obj, key, ctx=""):
        """The field's value, None when it is null (it must be present)."""
        return self.get(obj, key, ctx)


def _parse_start(ln, obj):
    arch = ln.string(obj, "arch", choices=ARCHES)
    page_shift = ln.count(obj, "page_shift")
    if page_shift not in (12, 14, 16):
        ln.fail(f"page_shift {page_shift} is not 12, 14 or 16")
    levels = ln.count(obj, "levels")
    va_bits = ln.count(obj, "va_bits")
    names = ln.get(obj, "level_names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        ln.fail("field \"level_names\" should be a list of strings")
    if len(names) != levels:
        ln.fail(f"{len(names)} level_names for {levels} levels")
    start = Start(arch, page_shift, levels, va_bits, names, ln.string(obj, "clock"))
    top = va_bits - page_shift - (levels - 1) * (page_shift - 3)
    if not 1 <= top <= page_shift - 3:
        ln.fail(f"{levels} levels of {page_shift - 3} index bits with {page_shift}-bit "
                f"pages do not make a {va_bits}-bit address")
    return start


def _parse_region(ln, obj):
    r = ln.optional(obj, "region")
    if r is None:
        return None
    reg = Region(ln.hex64(r, "start", "region."), ln.hex64(r, "end", "region."),
                 ln.string(r, "prot", "region."), ln.string(r, "kind", "region.", KINDS))
    if not PROT_RE.match(reg.prot):
        ln.fail(f"region.prot {json.dumps(reg.prot)} is not like \"rw-\"")
    return reg


def _parse_signal(ln, obj):
    s = ln.optional(obj, "signal")
    if s is None:
        return None
    code = ln.optional(s, "code", "signal.")
    if code is not None and not isinstance(code, str):
        ln.fail(f"field \"signal.code\" should be a string or null, not {json.dumps(code)}")
    return Signal(ln.string(s, "name", "signal."), code)


def _parse_walk(ln, obj, start):
    w = ln.get(obj, "walk")
    root = ln.hex64(w, "root", "walk.")
    levels = ln.get(w, "levels", "walk.")
    if not isinstance(levels, list):
        ln.fail("field \"walk.levels\" should be a list")
    if len(levels) > start.levels:
        ln.fail(f"walk has {len(levels)} levels, the start line says {start.levels}")
    out = []
    for i, lv in enumerate(levels):
        ctx = f"walk.levels[{i}]."
        out.append(Level(ln.string(lv, "name", ctx), ln.count(lv, "level", ctx),
                         ln.count(lv, "index", ctx), ln.hex64(lv, "table", ctx),
                         ln.hex64(lv, "before", ctx), ln.hex64(lv, "after", ctx),
                         ln.boolean(lv, "allocated", ctx)))
    return root, out


def _parse_cycles(ln, obj):
    c = ln.get(obj, "cycles")
    return {k: ln.count(c, k, "cycles.") for k in STAGES + ("total",)}


def _parse_path(ln, obj):
    p = ln.get(obj, "path")
    if not isinstance(p, list) or not all(isinstance(f, str) and f for f in p):
        ln.fail("field \"path\" should be a list of function names")
    return p


def _parse_fault(ln, obj, start):
    syn = ln.get(obj, "syndrome")
    syn_name = ln.string(syn, "name", "syndrome.")
    if syn_name != SYNDROME_NAME[start.arch]:
        ln.fail(f"syndrome.name {json.dumps(syn_name)} on {start.arch} "
                f"(expected {json.dumps(SYNDROME_NAME[start.arch])})")
    page = ln.optional(obj, "page")
    root, walk = _parse_walk(ln, obj, start)
    return Fault(
        lineno=ln.lineno, seq=ln.count(obj, "seq"), pid=ln.count(obj, "pid"),
        cpu=ln.count(obj, "cpu"), comm=ln.string(obj, "comm"), addr=ln.hex64(obj, "addr"),
        access=ln.string(obj, "access", choices=ACCESSES), user=ln.boolean(obj, "user"),
        present=ln.boolean(obj, "present"), syndrome_name=syn_name,
        syndrome=ln.hex64(syn, "value", "syndrome."), region=_parse_region(ln, obj),
        result=ln.string(obj, "result", choices=RESULTS), signal=_parse_signal(ln, obj),
        decision=ln.string(obj, "decision", choices=DECISIONS),
        stack_grown=ln.boolean(obj, "stack_grown"),
        page=None if page is None else ln.hex64(page, "paddr", "page."),
        root=root, walk=walk, cycles=_parse_cycles(ln, obj), path=_parse_path(ln, obj))


def _parse_end(ln, obj):
    return End(ln.count(obj, "events"), ln.count(obj, "dropped"))


def _decode(filename, lineno, text):
    try:
        obj = json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as e:
        msg = e.msg if e.msg.endswith(" at") else e.msg + " at"
        raise TraceError(filename, lineno, f"not JSON ({msg} column {e.colno})")
    if not isinstance(obj, dict):
        raise TraceError(filename, lineno, "not a JSON object")
    kind = obj.get("type")
    if kind not in ("start", "fault", "end"):
        raise TraceError(filename, lineno, f"unknown line type {json.dumps(kind)} "
                         "(expected \"start\", \"fault\" or \"end\")")
    return kind, obj


def parse_lines(filename, lines):
    """A Trace from an iterable of text lines."""
    trace = None
    for lineno, text in enumerate(lines, 1):
        if not text.strip():
            continue
        kind, obj = _decode(filename, lineno, text)
        ln = _Line(filename, lineno, f"{kind} line")
        if trace is None:
            if kind != "start":
                ln.fail("the first line must be the \"start\" line")
            trace = Trace(filename, _parse_start(ln, obj))
        elif trace.end is not None:
            ln.fail("nothing may follow the \"end\" line")
        elif kind == "start":
            ln.fail("a second \"start\" line")
        elif kind == "fault":
            trace.faults.append(_parse_fault(ln, obj, trace.start))
        else:
            trace.end = _parse_end(ln, obj)
    if trace is None:
        raise TraceError(filename, 0, "empty trace (no \"start\" line)")
    return trace


def _text_lines(filename, raw_lines):
    """Decode each line as UTF-8, naming the line that is not."""
    for lineno, raw in enumerate(raw_lines, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise TraceError(filename, lineno, f"not UTF-8 text (byte {e.start + 1} of the line)")


def load(filename):
    """Read the trace in filename ("-": standard input)."""
    if filename == "-":
        return parse_lines("<stdin>", _text_lines("<stdin>", sys.stdin.buffer))
    try:
        with open(filename, "rb") as f:
            return parse_lines(filename, _text_lines(filename, f))
    except OSError as e:
        raise TraceError(filename, 0, e.strerror or str(e))
