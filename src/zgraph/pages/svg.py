"""Small graphs drawn as inline SVG: an entity's neighbourhood (a star around it) and a two-column graph of a query's
rows. No script, nothing fetched: every node is a link (``<a href>``) with its full name in a ``<title>``, and the
text is set in the page's embedded font (``--zg-font``), so a page with a drawing still runs under a no-script CSP.

Markup is built with ``markupsafe`` (every label and link escaped) and is deterministic: positions come from the
order of the items, never from a random layout.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

#: Longest label drawn on a node (the full label is in its <title>).
LABEL_CHARS = 12
FONT = "var(--zg-font, sans-serif)"


@dataclass(frozen=True)
class Spot:
    """A node to draw: its label, full name (tooltip), colour and link (None: not a link)."""

    key: str
    label: str
    title: str
    colour: str
    href: str | None = None
    dashed: bool = False


@dataclass(frozen=True)
class Link:
    """A line from one node to another, with the property's label (drawn when there is room, else in a tooltip)."""

    source: str
    target: str
    label: str
    dashed: bool = False


def short(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _node(spot: Spot, x: float, y: float, r: float, *, anchor: str = "middle", dx: float = 0, dy: float = 0,
          centre: bool = False) -> Markup:
    dash = ' stroke-dasharray="4 3"' if spot.dashed else ""
    weight = ' font-weight="700"' if centre else ""
    circle = Markup('<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#2b2d42" stroke-width="{}"{}/>').format(
        _num(x), _num(y), _num(r), spot.colour, "2" if centre else "1", Markup(dash))
    text = Markup('<text x="{}" y="{}" text-anchor="{}" font-size="{}"{}>{}</text>').format(
        _num(x + dx), _num(y + dy), anchor, "14" if centre else "12", Markup(weight), short(spot.label))
    inner = Markup("<title>{}</title>").format(spot.title) + circle + text
    if spot.href:
        return Markup('<a href="{}" class="zg-svg-node">{}</a>').format(spot.href, inner)
    return Markup('<g class="zg-svg-node">{}</g>').format(inner)


def _line(x1: float, y1: float, x2: float, y2: float, title: str, dashed: bool, label: str = "",
          at: float = 0.55) -> Markup:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    out = Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9aa3ad" stroke-width="1.2" '
                 'marker-end="url(#zg-arrow)"{}><title>{}</title></line>').format(
        _num(x1), _num(y1), _num(x2), _num(y2), Markup(dash), title)
    if label:
        lx, ly = x1 + (x2 - x1) * at, y1 + (y2 - y1) * at
        out += Markup('<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="#5c6370">{}</text>').format(
            _num(lx), _num(ly - 3), short(label, 10))
    return out


def _frame(width: int, height: int, body: Markup, title: str) -> Markup:
    arrow = Markup('<defs><marker id="zg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
                   'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#9aa3ad"/>'
                   '</marker></defs>')
    return Markup('<svg xmlns="http://www.w3.org/2000/svg" class="zg-svg" viewBox="0 0 {w} {h}" width="{w}" '
                  'height="{h}" role="img" aria-label="{t}" font-family="{f}">{a}{b}</svg>').format(
        w=width, h=height, t=title, f=FONT, a=arrow, b=body)


def star(centre: Spot, around: Sequence[tuple[Spot, Link]], title: str, more: int = 0) -> Markup:
    """The centre node with its neighbours on a circle around it, one line per link (its direction kept).

    ``around`` pairs each neighbour with the link between it and the centre; a neighbour linked twice appears
    twice. ``more`` neighbours left out are counted under the drawing."""
    n = len(around)
    radius = 150.0 if n <= 12 else 200.0 if n <= 24 else 240.0
    width, height = 2 * radius + 300, 2 * radius + 90
    cx, cy = width / 2, height / 2
    lines: list[Markup] = []
    nodes: list[Markup] = []
    show_labels = n <= 12
    for k, (spot, link) in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * k / max(n, 1)
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        out = link.source == centre.key
        ux, uy = math.cos(angle), math.sin(angle)
        inner, outer = 14, radius - 9  # stop the lines at the circles' edges, so the arrow heads show
        a = (cx + ux * inner, cy + uy * inner)
        b = (cx + ux * outer, cy + uy * outer)
        start, end = (a, b) if out else (b, a)
        tip = f"{centre.label if out else spot.label} —{link.label}→ {spot.label if out else centre.label}"
        lines.append(_line(*start, *end, tip, link.dashed, link.label if show_labels else ""))
        c = math.cos(angle)
        anchor = "start" if c > 0.08 else "end" if c < -0.08 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (22 if math.sin(angle) > 0 else -13)
        nodes.append(_node(spot, x, y, 8, anchor=anchor, dx=dx, dy=dy))
    body = Markup("").join(lines) + Markup("").join(nodes) + _node(centre, cx, cy, 13, dy=-19, centre=True)
    if more:
        body += Markup('<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#5c6370">+{}</text>').format(
            _num(cx), height - 8, more)
    return _frame(int(width), int(height), body, title)


def two_columns(left: Sequence[Spot], right: Sequence[Spot], links: Sequence[Link], title: str,
                heads: tuple[str, str] = ("", "")) -> Markup:
    """Two columns of nodes (a query's first and second column) and a line per row between them."""
    step = 26
    rows = max(len(left), len(right), 1)
    height = 40 + rows * step
    width = 760
    xl, xr = 250, 510
    pos: dict[tuple[int, str], tuple[float, float]] = {}

    def place(spots: Sequence[Spot], side: int) -> None:
        offset = 30 + (rows - len(spots)) * step / 2
        for k, s in enumerate(spots):
            pos[(side, s.key)] = (xl if side == 0 else xr, offset + k * step + step / 2)

    place(left, 0)
    place(right, 1)
    body = Markup("")
    for h, hx, anchor in ((heads[0], xl, "end"), (heads[1], xr, "start")):
        if h:
            body += Markup('<text x="{}" y="16" text-anchor="{}" font-size="12" font-weight="700">{}</text>').format(
                hx, anchor, h)
    for link in links:
        a, b = pos.get((0, link.source)), pos.get((1, link.target))
        if a and b:
            body += _line(a[0] + 7, a[1], b[0] - 8, b[1], f"{link.source} → {link.target}"
                          + (f" ({link.label})" if link.label else ""), link.dashed)
    for s in left:
        x, y = pos[(0, s.key)]
        body += _node(s, x, y, 6, anchor="end", dx=-10, dy=4)
    for s in right:
        x, y = pos[(1, s.key)]
        body += _node(s, x, y, 6, anchor="start", dx=10, dy=4)
    return _frame(width, int(height), body, title)


def node_colour_css(colour: str) -> str:
    """A colour safe to put in an attribute (the palette's hex colours pass; anything else becomes grey)."""
    ok = colour.startswith("#") and len(colour) in (4, 7) and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
    return colour if ok else "#999999"

