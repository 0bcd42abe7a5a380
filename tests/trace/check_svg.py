#!/usr/bin/env python3
"""check_svg.py FILE.svg [TEXT]...: is FILE a well-formed SVG picture of a walk?

Parses it with Python's XML parser, then checks: the root is <svg> with a
width, height and viewBox; every text lies inside the picture; no two texts
overlap (boxes estimated from the monospace advance the renderer assumes); the
picture has a title; each TEXT given appears in some <text>.  Prints what is
wrong and exits 1, else exits 0 quietly."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
ADVANCE = 0.62          # the renderer's own estimate of a character's width, in em


def text_boxes(root):
    boxes = []
    for t in root.iter(NS + "text"):
        size = float(t.get("font-size", "12"))
        s = t.text or ""
        w = len(s) * size * ADVANCE
        x, y = float(t.get("x")), float(t.get("y"))
        anchor = t.get("text-anchor", "start")
        x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
        # from the ascent (~0.8 em above the baseline) to the descent (~0.2 em)
        boxes.append((x0, y - 0.8 * size, x0 + w, y + 0.2 * size, s))
    return boxes


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check(path, wanted):
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    if root.tag != NS + "svg":
        return [f"the root element is {root.tag}, not svg"]
    for attr in ("width", "height", "viewBox"):
        if not root.get(attr):
            problems.append(f"<svg> has no {attr}")
    if problems:
        return problems
    width, height = float(root.get("width")), float(root.get("height"))
    if not (200 <= width <= 4000 and 150 <= height <= 3000):
        problems.append(f"odd size {width:.0f}x{height:.0f}")
    if root.find(NS + "title") is None:
        problems.append("no <title>")
    boxes = text_boxes(root)
    for b in boxes:
        if b[0] < 0 or b[1] < 0 or b[2] > width or b[3] > height:
            problems.append(f"text {b[4]!r} sticks out of the picture")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if overlaps(a, b):
                problems.append(f"texts overlap: {a[4]!r} and {b[4]!r}")
    texts = [b[4] for b in boxes]
    for w in wanted:
        if not any(w in t for t in texts):
            problems.append(f"no text contains {w!r}")
    return problems


def main(argv):
    problems = check(argv[1], argv[2:])
    for p in problems:
        print(f"{argv[1]}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
