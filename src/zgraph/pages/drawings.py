"""What a result view draws from a query's rows: the rows as text, the places on a map, and the drawings — Bokeh bar
and line charts and the flow map (``bokeh.embed.json_item``, with ids renumbered for byte-stable pages), and the
two-column graph (inline SVG). ``zgraph.pages.charts`` puts them on a page; its docstring says what each view
shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from zgraph.model import gazetteer
from zgraph.model.errors import ZGraphError
from zgraph.model.labels import zh_names
from zgraph.model.namespaces import ZG
from zgraph.pages import fonts, svg

#: The two columns of a flow (from → to) in the map views, first match wins.
FLOWS = (("guangzhou_district", "zhanjiang_unit"), ("assisting_party", "assisted_party"),
         ("zhanjiang_unit", "host_district"))
#: The colours of the series of a chart, in order.
PALETTE = ("#30638e", "#d1495b", "#edae49", "#00798c", "#6a4c93", "#386641", "#f3722c", "#577590", "#9e2a2b",
           "#43aa8b")
#: Bokeh's JavaScript, inside the bokeh package (inlined in every chart page).
BOKEH_JS = "server/static/js/bokeh.min.js"

TEXT = {
    "zh": {"rows": "行", "home": "首页", "queries": "全部查询", "query": "查询语句", "view": "视图",
           "not_drawn": "未绘出（数值不是数字）", "unplaced": "未标在地图上（没有坐标：虚构地名，或地名表中没有）",
           "coords": "坐标：各行政区的中心点，取自", "no_basemap": "图中没有底图，只有各地中心点之间的连线。",
           "from": "从", "to": "到", "missing": "缺坐标", "empty": "查询没有结果。", "value": "数值",
           "period": "统计期", "longitude": "经度", "latitude": "纬度", "endpoint": "SPARQL 端点",
           "other_lang": "English"},
    "en": {"rows": "rows", "home": "Home", "queries": "all queries", "query": "the query", "view": "view",
           "not_drawn": "not drawn (the value is not a number)",
           "unplaced": "not on the map (no coordinates: fictional places, or none in the gazetteer)",
           "coords": "Coordinates: the centroid of each division, from", "no_basemap":
           "There is no base map: only the lines between the places' centroids.", "from": "from", "to": "to",
           "missing": "no coordinates", "empty": "The query has no results.", "value": "value", "period": "period",
           "longitude": "longitude", "latitude": "latitude", "endpoint": "SPARQL endpoint", "other_lang": "中文"},
}


# ---------------------------------------------------------------------------------------------------- rows

@dataclass
class Rows:
    """A SELECT result as text: its columns and, per row, each column's value ("" when unbound)."""

    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)


def parse_results(data: bytes) -> Rows:
    """SPARQL 1.1 JSON results (what Oxigraph writes, locally or behind ``zgraph serve``) as ``Rows``."""
    doc = json.loads(data)
    columns = list(doc.get("head", {}).get("vars", []))
    rows = [{c: str(b.get(c, {}).get("value", "")) for c in columns}
            for b in doc.get("results", {}).get("bindings", [])]
    return Rows(columns, rows)


def number(text: str) -> Decimal | None:
    """A printed value as a number (Arabic or Chinese numerals), else None."""
    from zgraph.extract.numbers import parse_value

    try:
        return parse_value(text)
    except (ValueError, InvalidOperation, ArithmeticError):
        return None


def span(text: str) -> tuple[Decimal, Decimal] | None:
    """(low, high) of a printed value: a number is (0, n); a range "3-6" is (3, 6); else None."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*[-~～—至到]\s*([0-9.]+)\s*", text)
    if m:
        lo, hi = number(m[1]), number(m[2])
        return (lo, hi) if lo is not None and hi is not None else None
    n = number(text)
    if n is None:
        return None
    return (min(Decimal(0), n), max(Decimal(0), n))


# ---------------------------------------------------------------------------------------------------- places

class Places:
    """Coordinates of the places a query names, by label (zh or en), from the gazetteer through the graph.

    A name gets coordinates only when exactly one place of the graph has it as a label, that place has a GB/T 2260
    code (``zg:divisionCode``), the gazetteer has that code with coordinates, and the gazetteer's name for it is
    one of the place's Chinese names (so a fictional place, or a code that does not fit, is never placed)."""

    def __init__(self, g: Graph) -> None:
        self.by_name: dict[str, set[URIRef]] = {}
        self.code: dict[URIRef, str] = {}
        for node, code in g.subject_objects(ZG.divisionCode):
            if isinstance(node, URIRef):
                self.code[node] = str(code)
                for lit in g.objects(node, RDFS.label):
                    if isinstance(lit, Literal):
                        self.by_name.setdefault(str(lit), set()).add(node)
        self.g = g

    def find(self, name: str) -> tuple[float, float, str] | None:
        """(longitude, latitude, code) for ``name``, or None."""
        nodes = self.by_name.get(name, set())
        if len(nodes) != 1:
            return None
        node = next(iter(nodes))
        div = gazetteer.by_code(self.code[node])
        if div is None or div.longitude is None or div.latitude is None or div.name not in zh_names(self.g, node):
            return None
        return div.longitude, div.latitude, div.code


# ---------------------------------------------------------------------------------------------------- bokeh

@cache
def bokeh_js() -> str:
    """Bokeh's JavaScript as shipped in the bokeh package, checked safe to inline."""
    js = (resources.files("bokeh") / BOKEH_JS).read_text(encoding="utf-8")
    if "</script" in js.lower() or "<!--" in js:
        raise ZGraphError("bokeh.min.js as shipped cannot be inlined safely")
    return js


def _style(p: Any) -> None:
    """Bokeh draws its text on a canvas: set every text in the embedded family (the page loads it first)."""
    p.title.text_font = fonts.FAMILY
    for axis in (*p.xaxis, *p.yaxis):
        axis.major_label_text_font = fonts.FAMILY
        axis.axis_label_text_font = fonts.FAMILY
    p.toolbar.logo = None


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def bar_chart(rows: Rows, lang: str) -> tuple[dict | None, list[dict[str, str]]]:
    """Bars per unit (the ``bar`` view); returns Bokeh's JSON item (None if nothing to draw) and the rows left out."""
    from bokeh.core.properties import value
    from bokeh.embed import json_item
    from bokeh.layouts import column
    from bokeh.models import ColumnDataSource, FactorRange, HoverTool, LabelSet
    from bokeh.plotting import figure

    groups: dict[str, list[tuple[int, dict[str, str], tuple[Decimal, Decimal]]]] = {}
    left_out = []
    for k, r in enumerate(rows.rows):
        found = span(r.get("value", ""))
        if found is None:
            left_out.append(r)
            continue
        groups.setdefault(r.get("unit", ""), []).append((k, r, found))
    figures = []
    order = sorted(groups, key=lambda u: (-len(groups[u]), u))
    for n, unit in enumerate(order):
        items = groups[unit]
        names = [f"{k + 1}. " + _short(" · ".join(x for x in (r.get("subject", ""), r.get("indicator", "")) if x))
                 for k, r, _ in items]
        full = [" · ".join(r.get(c, "") for c in rows.columns if c not in ("value", "unit") and r.get(c))
                for _, r, _ in items]
        printed = [f"{r.get('value', '')}{r.get('unit', '')}" for _, r, _ in items]
        lo = [float(a) for _, _, (a, _) in items]
        hi = [float(b) for _, _, (_, b) in items]
        src = ColumnDataSource({"y": names, "left": lo, "right": hi, "printed": printed, "full": full})
        top = max(hi) if hi else 1.0
        p = figure(y_range=FactorRange(*reversed(names)), height=60 + 26 * len(items), sizing_mode="stretch_width",
                   title=f"{unit or '—'}（{len(items)}）", tools="", toolbar_location=None,
                   x_range=(min(0.0, *lo), top * 1.3 if top > 0 else 1.0))
        p.hbar(y="y", left="left", right="right", height=0.7, source=src, color=PALETTE[n % len(PALETTE)])
        p.add_layout(LabelSet(x="right", y="y", text="printed", x_offset=4, y_offset=-7, source=src,
                              text_font=value(fonts.FAMILY), text_font_size="11px"))
        p.add_tools(HoverTool(tooltips=[("", "@full"), (TEXT[lang]["value"], "@printed")]))
        p.ygrid.grid_line_color = None
        _style(p)
        figures.append(p)
    if not figures:
        return None, left_out
    return json_item(column(*figures, sizing_mode="stretch_width")), left_out


def line_chart(rows: Rows, lang: str) -> tuple[dict | None, list[dict[str, str]]]:
    """The value over the periods, a line per subject, a chart per unit (the ``line`` view)."""
    from bokeh.core.properties import value
    from bokeh.embed import json_item
    from bokeh.layouts import column
    from bokeh.models import ColumnDataSource, HoverTool, LabelSet
    from bokeh.plotting import figure

    periods = sorted({r.get("period", "") for r in rows.rows})
    by_unit: dict[str, dict[str, list[tuple[str, float, dict[str, str]]]]] = {}
    left_out = []
    for r in rows.rows:
        n = number(r.get("value", ""))
        if n is None:
            left_out.append(r)
            continue
        by_unit.setdefault(r.get("unit", ""), {}).setdefault(r.get("subject", ""), []).append(
            (r.get("period", ""), float(n), r))
    figures = []
    for unit in sorted(by_unit):
        p = figure(x_range=periods, height=320, sizing_mode="stretch_width", title=unit or "—", tools="",
                   toolbar_location=None, x_axis_label=TEXT[lang]["period"], y_axis_label=unit)
        for k, (subject, points) in enumerate(sorted(by_unit[unit].items())):
            points.sort(key=lambda x: x[0])
            colour = PALETTE[k % len(PALETTE)]
            src = ColumnDataSource({"x": [x for x, _, _ in points], "y": [y for _, y, _ in points],
                                    "printed": [f"{r.get('value', '')}{r.get('unit', '')}" for _, _, r in points],
                                    "subject": [subject] * len(points),
                                    "report": [r.get("report_id", "") for _, _, r in points]})
            p.line("x", "y", source=src, color=colour, line_width=2, legend_label=_short(subject, 30))
            p.scatter("x", "y", source=src, color=colour, size=8)
            p.add_layout(LabelSet(x="x", y="y", text="printed", x_offset=6, y_offset=4, source=src,
                                  text_font=value(fonts.FAMILY), text_font_size="11px"))
        p.add_tools(HoverTool(tooltips=[("", "@subject"), (TEXT[lang]["value"], "@printed"), ("", "@report")]))
        p.legend.label_text_font = fonts.FAMILY
        p.legend.location = "top_left"
        _style(p)
        figures.append(p)
    if not figures:
        return None, left_out
    return json_item(column(*figures, sizing_mode="stretch_width")), left_out


def flow_columns(rows: Rows) -> tuple[str, str] | None:
    for a, b in FLOWS:
        if a in rows.columns and b in rows.columns:
            return a, b
    return None


def flow_map(rows: Rows, lang: str, places: Places) -> tuple[dict | None, list[dict[str, str]]]:
    """Arrows from each row's first place to its second, at their divisions' centroids (the ``map`` view);
    rows with a place that has no coordinates are returned apart, each with the name(s) missing."""
    from bokeh.core.properties import value
    from bokeh.embed import json_item
    from bokeh.models import Arrow, ColumnDataSource, HoverTool, LabelSet, NormalHead
    from bokeh.plotting import figure

    cols = flow_columns(rows)
    if cols is None:
        return None, []
    a, b = cols
    t = TEXT[lang]
    flows: dict[tuple[str, str], list[dict[str, str]]] = {}
    apart = []
    spots: dict[str, tuple[float, float, str, str]] = {}
    for r in rows.rows:
        src_name, dst_name = r.get(a, ""), r.get(b, "")
        found = {n: places.find(n) for n in (src_name, dst_name)}
        missing = [n for n, f in found.items() if f is None]
        if missing:
            apart.append({**r, "_missing": "、".join(missing)})
            continue
        flows.setdefault((src_name, dst_name), []).append(r)
        for n, role in ((src_name, "from"), (dst_name, "to")):
            lon, lat, code = found[n]  # type: ignore[misc]
            prev = spots.get(n)
            spots[n] = (lon, lat, code, role if prev is None or prev[3] == role else "both")
    if not flows:
        return None, apart
    p = figure(height=560, sizing_mode="stretch_width", match_aspect=True, tools="pan,wheel_zoom,reset",
               toolbar_location="right", x_axis_label=t["longitude"], y_axis_label=t["latitude"])
    keys = sorted(flows)
    arrows = ColumnDataSource({"x0": [spots[s][0] for s, _ in keys], "y0": [spots[s][1] for s, _ in keys],
                               "x1": [spots[d][0] for _, d in keys], "y1": [spots[d][1] for _, d in keys]})
    p.add_layout(Arrow(end=NormalHead(size=9, fill_color="#9e2a2b", line_color="#9e2a2b"), x_start="x0",
                       y_start="y0", x_end="x1", y_end="y1", source=arrows, line_color="#9e2a2b", line_alpha=0.6,
                       line_width=1.5))
    names = sorted(spots, key=lambda n: (-spots[n][1], spots[n][0], n))
    # labels of places close together are stacked, not drawn over each other
    lifted: list[tuple[float, float]] = []
    dy = []
    for n in names:
        x, y = spots[n][0], spots[n][1]
        near = sum(1 for (px, py) in lifted if abs(px - x) < 0.35 and abs(py - y) < 0.12)
        dy.append(3 - 15 * near)
        lifted.append((x, y))
    colour = {"from": "#d1495b", "to": "#00798c", "both": "#6a4c93"}
    pts = ColumnDataSource({"x": [spots[n][0] for n in names], "y": [spots[n][1] for n in names], "name": names,
                            "code": [spots[n][2] for n in names], "colour": [colour[spots[n][3]] for n in names],
                            "flows": ["；".join(f"{s} → {d}" for s, d in keys if n in (s, d)) for n in names],
                            "dy": dy})
    dots = p.scatter("x", "y", source=pts, size=10, color="colour", line_color="#2b2d42")
    p.add_layout(LabelSet(x="x", y="y", text="name", x_offset=7, y_offset="dy", source=pts,
                          text_font=value(fonts.FAMILY), text_font_size="12px"))
    p.add_tools(HoverTool(renderers=[dots], tooltips=[("", "@name (@code)"), ("", "@flows")]))
    _style(p)
    return json_item(p), apart


def two_column_graph(rows: Rows, lang: str, columns: tuple[str, str] | None = None) -> Markup | None:
    """Two columns (the first two, or those the header names) as a two-column graph, a line per row (the
    ``graph`` view)."""
    if columns is not None and all(c in rows.columns for c in columns):
        a, b = columns
    elif len(rows.columns) >= 2:
        a, b = rows.columns[:2]
    else:
        return None
    left = list(dict.fromkeys(r[a] for r in rows.rows if r.get(a) and r.get(b)))
    right = list(dict.fromkeys(r[b] for r in rows.rows if r.get(a) and r.get(b)))
    if not left:
        return None
    links = list(dict.fromkeys((r[a], r[b]) for r in rows.rows if r.get(a) and r.get(b)))
    return svg.two_columns([svg.Spot(x, x, x, "#d1495b") for x in left], [svg.Spot(x, x, x, "#00798c") for x in right],
                           [svg.Link(s, d, "") for s, d in links], f"{a} → {b}", heads=(a, b))


def stable_ids(item: dict) -> dict:
    """Bokeh's model ids (``p1001``…) count models made in the process; renumber them by first appearance so
    the same chart is the same bytes however many charts came before it."""
    ids: dict[str, str] = {}

    def walk(x: object) -> object:
        if isinstance(x, dict):
            out = {}
            for k, v in x.items():
                if k in ("id", "root_id") and isinstance(v, str):
                    v = ids.setdefault(v, f"z{len(ids) + 1}")
                out[k] = walk(v)
            return out
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x

    return walk(item)  # type: ignore[return-value]


