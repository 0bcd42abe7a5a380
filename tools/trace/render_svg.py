"""`render svg`: one fault's table walk as a picture.

Top: the virtual address as a bar split into its fields (upper bits, one
index per level, page offset), each with its bit range, value and bits.
Below, left to right: the root register, one box per table with the entry the
walk used highlighted in its field's colour and an arrow to the next table,
and the page frame with the physical address.  Sizes come from the text
(monospace), so nothing overlaps."""
import textwrap
from xml.sax.saxutils import escape, quoteattr

from common import fault_title, outcome_text
from decode import Geometry, decode_descriptor, decode_syndrome, flag_text, hex64, size_name

FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
SIZE = 12                 # body text, px
CHAR = SIZE * 0.62        # advance of one monospace character (a little generous)
LINE = 16                 # line height
PAD = 8
MARGIN = 24
BOX_CHARS = 26            # text columns in a table box
BOX_W = int(BOX_CHARS * CHAR + 2 * PAD)
GAP = 44                  # between boxes, room for the arrow
BIT_W = 11                # px per address bit in the bar (fields grow for their text)
COLOURS = ["#cfe3ff", "#d4f2cc", "#ffe4b8", "#efd5f7", "#d0f0f0"]
OFFSET_COLOUR = "#ffd3d3"
UPPER_COLOUR = "#e8e8e8"
INK, LINE_INK, FAINT = "#1a1a1a", "#4a4a4a", "#8a8a8a"


class Canvas:
    def __init__(self):
        self.items = []

    def text(self, x, y, s, size=SIZE, weight="normal", fill=INK, anchor="start"):
        self.items.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}" text-anchor="{anchor}">{escape(s)}</text>')

    def rect(self, x, y, w, h, fill="#ffffff", stroke=LINE_INK, dashed=False, width=1.2):
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        self.items.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}"{dash}/>')

    def rule(self, x, y, w):
        self.items.append(f'<path d="M{x:.1f},{y:.1f} h{w:.1f}" stroke="{FAINT}" '
                          'stroke-width="0.8"/>')

    def line(self, x1, y1, x2, y2, arrow=False, dashed=False, stroke=LINE_INK):
        extra = ' marker-end="url(#arrow)"' if arrow else ""
        if dashed:
            extra += ' stroke-dasharray="3 3"'
        self.items.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{(x1 + x2) / 2:.1f},{y1:.1f} '
            f'{(x1 + x2) / 2:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" fill="none" stroke="{stroke}" '
            f'stroke-width="1.4"{extra}/>')

    def detour(self, x1, y1, x2, y2, top):
        """An arrow out of a box's right side, above the boxes, down into another."""
        self.items.append(
            f'<path d="M{x1:.1f},{y1:.1f} h12 V{top:.1f} H{x2:.1f} V{y2:.1f}" fill="none" '
            f'stroke="{LINE_INK}" stroke-width="1.4" marker-end="url(#arrow)"/>')

    def svg(self, width, height, title):
        head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
                f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
                f'font-family={quoteattr(FONT)}>\n'
                f'<title>{escape(title)}</title>\n'
                '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" fill="{LINE_INK}"/></marker></defs>\n'
                f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>\n')
        return head + "\n".join(self.items) + "\n</svg>\n"


def text_width(s, size=SIZE):
    return len(s) * size * 0.62


def wrap(s, chars=BOX_CHARS):
    return textwrap.wrap(s, chars, break_on_hyphens=False) or [""]


# ---------------------------------------------------------------- the address bar

def bar_fields(geom, va):
    """[(range, label, value text, bits text, colour)] left to right."""
    up = geom.upper_field()
    out = [(up.range_text(), "upper", f"{up.of(va):#x}", f"{up.of(va):0{up.width}b}",
            UPPER_COLOUR, up.width)]
    for i, f in enumerate(geom.fields()):
        out.append((f.range_text(), f.name, f"{f.of(va)}", f"{f.of(va):0{f.width}b}",
                    COLOURS[i % len(COLOURS)], f.width))
    off = geom.offset_field()
    out.append((off.range_text(), "offset", f"{off.of(va):#x}", f"{off.of(va):0{off.width}b}",
                OFFSET_COLOUR, off.width))
    return out


def draw_bar(c, geom, va, x, y):
    """The VA bar; returns the bottom-centre of each field (for the guides)."""
    c.text(x, y - 30, f"virtual address {hex64(va)}", size=13, weight="bold")
    centres = []
    for rng, label, value, bitstr, colour, width in bar_fields(geom, va):
        w = max(width * BIT_W, text_width(bitstr, 10) + 10, text_width(rng, 11) + 10,
                text_width(label, SIZE) + 12, text_width(value, SIZE) + 12)
        c.text(x + w / 2, y - 6, rng, size=11, fill=LINE_INK, anchor="middle")
        c.rect(x, y, w, 40, fill=colour)
        c.text(x + w / 2, y + 16, label, anchor="middle", weight="bold")
        c.text(x + w / 2, y + 32, value, anchor="middle")
        c.text(x + w / 2, y + 54, bitstr, size=10, fill=LINE_INK, anchor="middle")
        centres.append((x + w / 2, y + 60))
        x += w
    return centres, x


# ---------------------------------------------------------------- the boxes

class Box:
    """A column box: header lines, then rows; knows where its parts are."""

    def __init__(self, header, rows, fill="#ffffff", dashed=False):
        self.header, self.rows, self.fill, self.dashed = header, rows, fill, dashed
        self.x = self.y = 0
        self.hot_y = None         # centre of the highlighted row, once drawn

    def height(self):
        rules = sum(1 for r in self.rows if r[1] == "rule")
        return (PAD * 2 + LINE * (len(self.header) + sum(len(r[0]) for r in self.rows))
                + 6 * (1 + rules))

    def draw(self, c, x, y, h):
        self.x, self.y = x, y
        c.rect(x, y, BOX_W, h, fill=self.fill, dashed=self.dashed,
               stroke=FAINT if self.dashed else LINE_INK)
        ty = y + PAD + SIZE
        for i, line in enumerate(self.header):
            c.text(x + PAD, ty, line, weight="bold" if i == 0 else "normal",
                   fill=FAINT if self.dashed else INK)
            ty += LINE
        ty += 6
        for lines, colour in self.rows:
            if colour == "rule":
                c.rule(x + PAD, ty - SIZE + 2, BOX_W - 2 * PAD)
                ty += 6
                colour = None
            if colour:
                c.rect(x + 3, ty - SIZE - 2, BOX_W - 6, LINE * len(lines) + 2, fill=colour,
                       stroke=LINE_INK, width=1.6)
                self.hot_y = ty - SIZE - 2 + (LINE * len(lines) + 2) / 2
            for line in lines:
                c.text(x + PAD, ty, line, fill=INK if colour or not self.dashed else FAINT)
                ty += LINE


def root_box(geom, fault):
    return Box([geom.root_register(), hex64(fault.root)], [])


def table_box(geom, fault, depth, lv, colour):
    idx = geom.fields()[depth].of(fault.addr)
    last = geom.entries(depth) - 1
    desc = decode_descriptor(geom, depth, lv.after)
    rows = []
    if idx > 0:
        rows.append((["[0]"] + (["  ..."] if idx > 1 else []), None))
    hot = [f"[{idx}] at +{idx * 8:#x}", hex64(lv.after)]
    if lv.before != lv.after:
        hot.append(f"was {hex64(lv.before)}")
    rows.append((hot, colour))
    if idx < last:
        rows.append(((["  ..."] if idx < last - 1 else []) + [f"[{last}]"], None))
    about = wrap(desc.short)
    flags = flag_text(geom.arch, desc)
    if flags:
        about += wrap(flags)
    if lv.allocated:
        about.append("(allocated by this fault)")
    if not desc.is_table and not desc.maps:
        about.append("the walk stops here")
    rows.append((about, "rule"))
    return Box([f"{lv.name} table (level {lv.level})", f"at {hex64(lv.table)}"], rows)


def missing_box(name, block):
    why = "not used: the entry above maps a block" if block else "not reached"
    return Box([f"{name} table"], [(wrap(why), None)], fill="#fafafa", dashed=True)


def page_box(geom, fault, last_depth, desc):
    size = geom.span(last_depth)
    off = fault.addr & (size - 1)
    rows = [([f"+{off:#x}", f"= PA {hex64(desc.address | off)}"], OFFSET_COLOUR),
            (wrap(outcome_text(fault)), "rule")]
    return Box([f"page frame ({size_name(size)})", f"at {hex64(desc.address)}"], rows)


def no_page_box(fault):
    return Box(["no page"], [(wrap(outcome_text(fault)), None)], fill="#fff0f0")


def build_boxes(geom, fault):
    """root, one per level (reached or not), then the page: [(box, field colour)]"""
    boxes = [root_box(geom, fault)]
    last = None
    for depth, lv in enumerate(fault.walk):
        boxes.append(table_box(geom, fault, depth, lv, COLOURS[depth % len(COLOURS)]))
        last = decode_descriptor(geom, depth, lv.after)
    for name in geom.names[len(fault.walk):]:
        boxes.append(missing_box(name, last is not None and last.maps))
    if last is not None and last.maps:
        boxes.append(page_box(geom, fault, len(fault.walk) - 1, last))
    else:
        boxes.append(no_page_box(fault))
    return boxes


def draw_arrows(c, boxes, fault, box_y):
    """Root -> first table; each highlighted table entry -> the next table, or
    over the unused boxes to the page a block maps."""
    reached = len(fault.walk)
    root = boxes[0]
    c.line(root.x + BOX_W, root.y + PAD + LINE, boxes[1].x - 2, boxes[1].y + PAD + LINE,
           arrow=True)
    for i in range(1, reached + 1):
        src = boxes[i]
        if src.hot_y is None:
            continue
        j = i + 1
        while j < len(boxes) - 1 and boxes[j].dashed:
            j += 1
        dst = boxes[j]
        if dst.dashed or dst.header[0] == "no page":
            continue
        if j == i + 1:
            c.line(src.x + BOX_W - 3, src.hot_y, dst.x - 2, dst.y + PAD + LINE, arrow=True)
        else:
            c.detour(src.x + BOX_W - 3, src.hot_y, dst.x + BOX_W / 4, dst.y - 2, box_y - 14)


def render_svg(geom, fault):
    c = Canvas()
    title = fault_title(fault, geom.arch)
    c.text(MARGIN, MARGIN + 4, title.split(";")[0], size=14, weight="bold")
    c.text(MARGIN, MARGIN + 22, decode_syndrome(geom.arch, fault.syndrome), size=SIZE)
    bar_y = MARGIN + 80
    centres, bar_right = draw_bar(c, geom, fault.addr, MARGIN, bar_y)
    boxes = build_boxes(geom, fault)
    box_y = bar_y + 120
    h = max(b.height() for b in boxes)
    x = MARGIN
    for b in boxes:
        b.draw(c, x, box_y, h)
        x += BOX_W + GAP
    # guides: each address field to the box it indexes (upper bits: none)
    for (cx, cy), b in zip(centres[1:], boxes[1:]):
        c.line(cx, cy, b.x + BOX_W / 2, box_y - 3, dashed=True, stroke=FAINT)
    draw_arrows(c, boxes, fault, box_y)
    width = max(x - GAP + MARGIN, bar_right + MARGIN,
                MARGIN * 2 + text_width(title.split(";")[0], 14),
                MARGIN * 2 + text_width(decode_syndrome(geom.arch, fault.syndrome)))
    return c.svg(width, box_y + h + MARGIN, title)


def render(trace, faults, args, out):
    geom = Geometry(trace.start)
    picture = render_svg(geom, faults[0])
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(picture)
    else:
        out.write(picture)
    return 0
