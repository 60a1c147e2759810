"""Result views: each named query drawn the way its header says (``# view: table|bar|line|graph|map``, like the
Wikidata Query Service's ``#defaultView:``), offline, as one HTML page.

- ``bar`` (figures: ``indicators``, ``achievements``): one small chart per unit, a bar per figure, the value as
  printed (and its unit) on the bar; a printed range (3-6) is a bar from its low to its high end; a value that is
  no number (a word) is listed under the chart, never drawn at a guessed height.
- ``line`` (``indicator_across_reports``): the value over the periods, one line per subject, one chart per unit.
- ``map`` (pairings and enclaves): assisting (or originating) places → assisted (or hosting) places as arrows
  between the centroids of their divisions, from the gazetteer (``zgraph.model.gazetteer``: cpca's adcodes table,
  cited on the page). A place is put on the map only when the graph gives it a GB/T 2260 code that the gazetteer
  knows under the same name; the others (fictional places, or none in the table) are listed apart, never placed at
  invented coordinates. There is no base map (it would have to be fetched).
- ``graph``: the first two columns (or the two named: ``# view: graph group holder``) as a two-column graph
  (inline SVG, ``zgraph.pages.svg``), a line per row.
- ``table``: the rows only. Every view shows the table under its drawing.

Charts are drawn by **Bokeh**: its Python side builds the figure (``bokeh.embed.json_item``), and its JavaScript
(``bokeh.min.js``, shipped inside the ``bokeh`` wheel, 1.2 MB) is inlined in the page and allowed by the hash of
its text, as the graph pages do with vis-network; the page fetches nothing. Pages without a chart run no script.
The same page is written as ``out/queries/<name>.html`` (``write_views``) and served at ``/query/<name>`` by
``zgraph serve`` (its rows from the Oxigraph child); both take the rows as SPARQL JSON results.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from rdflib import Graph

from zgraph import __version__
from zgraph.model import atomic, gazetteer
from zgraph.model.errors import ZGraphError
from zgraph.model.header import header
from zgraph.pages import fonts
from zgraph.pages.assets import NO_SCRIPT_CSP, asset, csp_for, environment
from zgraph.pages.drawings import (
    TEXT,
    Places,
    Rows,
    bar_chart,
    bokeh_js,
    flow_columns,
    flow_map,
    line_chart,
    parse_results,
    stable_ids,
    two_column_graph,
)
from zgraph.sparql.catalogue import NamedQuery

__all__ = ["VIEWS", "Rows", "bokeh_js", "declared_view", "parse_results", "view_header", "view_page", "write_views"]

VIEWS = ("table", "bar", "line", "graph", "map")
_VIEW = re.compile(r"(?P<view>\S+)(?:\s+(?P<a>\w+)\s+(?P<b>\w+))?")
def view_header(nq: NamedQuery) -> tuple[str, tuple[str, str] | None]:
    """The view a named query's header declares (``# view: KIND`` or ``# view: graph FROM TO``, the two columns to
    draw), ``("table", None)`` when it declares none."""
    value = header(nq.text, ("view",)).get("view")
    if value is None:
        return "table", None
    m = _VIEW.fullmatch(value)
    if not m or m["view"] not in VIEWS:
        raise ZGraphError(f"query {nq.name!r}: unknown view {value!r} (one of {', '.join(VIEWS)})")
    return m["view"], (m["a"], m["b"]) if m["a"] else None


def declared_view(nq: NamedQuery) -> str:
    """The kind of view a named query's header declares (``table`` when it declares none)."""
    return view_header(nq)[0]


# ---------------------------------------------------------------------------------------------------- pages

@dataclass(frozen=True)
class StaticLinks:
    """Links of a view written under ``out/queries/``."""

    name: str

    def home(self) -> str:
        return "../index.html"

    def index(self) -> str:
        return "index.html"

    def other_lang(self, lang: str) -> str | None:
        return None

    def endpoint(self) -> str | None:
        return None


@dataclass(frozen=True)
class ServedLinks:
    """Links of a view served at ``/query/<name>`` (from ``base``, the server's root or ``--base``)."""

    base: str
    name: str
    params: Mapping[str, str] = field(default_factory=dict)

    def home(self) -> str:
        return self.base

    def index(self) -> str:
        return self.base

    def other_lang(self, lang: str) -> str | None:
        from urllib.parse import urlencode

        q = urlencode({**self.params, "lang": "en" if lang == "zh" else "zh"})
        return f"{self.base}query/{self.name}?{q}"

    def endpoint(self) -> str | None:
        return f"{self.base}sparql"


def view_page(nq: NamedQuery, results: bytes, lang: str, g: Graph, links: StaticLinks | ServedLinks) -> str:
    """The page of one named query's results in its declared view (see the module docstring)."""
    t = TEXT[lang]
    rows = parse_results(results)
    kind, columns = view_header(nq)
    item: dict | None = None
    drawing: Markup | None = None
    left_out: list[dict[str, str]] = []
    apart: list[dict[str, str]] = []
    if rows.rows:
        if kind == "bar":
            item, left_out = bar_chart(rows, lang)
        elif kind == "line":
            item, left_out = line_chart(rows, lang)
        elif kind == "map":
            item, apart = flow_map(rows, lang, Places(g))
        elif kind == "graph":
            drawing = two_column_graph(rows, lang, columns)
    scripts: list[str] = []
    if item is not None:
        item = stable_ids(item)
        data_js = f"var ZG_VIEW = {htmlsafe_json_dumps(item, ensure_ascii=False)};\n"  # Bokeh's order matters
        scripts = [bokeh_js(), data_js, asset("zgraph.pages", "static/view.js")]
    flow = flow_columns(rows) if kind == "map" else None
    html = environment().get_template("view.html").render(
        lang=lang, t=t, name=nq.name, question=nq.question[lang], other=nq.question["en" if lang == "zh" else "zh"],
        kind=kind, rows=rows, drawing=drawing, chart=item is not None, left_out=left_out, apart=apart, flow=flow,
        gazetteer=gazetteer.SOURCE, query=nq.text, links=links, version=__version__,
        csp=csp_for(scripts) if scripts else NO_SCRIPT_CSP, scripts=[Markup(s) for s in scripts],
        style=Markup(asset("zgraph.pages", "static/graph.css")),
        extra_style=Markup(asset("zgraph.pages", "static/entity.css")))
    return fonts.embed(html, skip=scripts[:1])


def write_views(out_dir: Path, lang: str = "zh", data: Sequence[Path | str] | None = None,
                g: Graph | None = None) -> list[Path]:
    """Write every named query's view as ``out_dir/queries/<name>.html``; return the paths."""
    from zgraph.model.loading import load
    from zgraph.model.store import load_store
    from zgraph.sparql.backends import run_oxigraph
    from zgraph.sparql.catalogue import named_queries, prepare
    from zgraph.sparql.results import serialize

    store = load_store(data)
    g = g if g is not None else load(data)
    written = []
    for nq in named_queries():
        results = serialize(run_oxigraph(store, prepare(nq.text, lang)), "json")
        written.append(atomic.write_text(Path(out_dir) / "queries" / f"{nq.name}.html",
                                         view_page(nq, results, lang, g, StaticLinks(nq.name))))
    return written
