"""Interactive graph pages: a view of the entity graph, built with pyvis, written as one offline HTML file.

pyvis builds the node and edge lists. zgraph owns the page around them: an autoescaping template, vis-network
inlined from pyvis's own package (no CDN, no Bootstrap), tooltips built as DOM with ``textContent``, a
Content-Security-Policy that runs only the page's own scripts (by hash) and fetches nothing, a seeded NetworkX
layout that the browser relaxes briefly and then freezes, and UTF-8 output written atomically.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph, URIRef

from zgraph import __version__
from zgraph.model import atomic
from zgraph.model.errors import UnknownName
from zgraph.model.sources import report_texts
from zgraph.pages import fonts
from zgraph.pages.assets import asset, csp_for, environment, script_json, vis_assets
from zgraph.pages.cards import edge_card, node_card
from zgraph.pages.layout import EDGE_LABEL_LIMIT, PACK_GAP, components, layout, sizes, style, vis_options
from zgraph.pages.reports import page_text, report_list
from zgraph.pages.views import VIEWS, Classes, check_size, view_graph

#: Where each report's own pages go, under the site's folder: reports/ID/graph.html (and views/, focus/).
REPORTS_FOLDER = "reports"

#: Facts listed in a hover card (the click panel lists them all).
TOOLTIP_FACTS = 8
#: Characters that draw each vis shape in the legend.
SHAPE_GLYPHS = {"dot": "●", "square": "■", "diamond": "◆", "hexagon": "⬢", "triangle": "▲",
                "triangleDown": "▼", "star": "★"}


TEXT = {
    "zh": {"legend": "图例", "search": "查找节点（中文、英文或标识）",
           "details": "详情", "hint": "悬停节点或连线查看摘要；点击查看全部事实与原文证据。",
           "evidence": "原文证据", "facts": "事实", "linked": "被引用", "inferred": "zgraph 推断（非原文所述）",
           "background": "背景资料", "no_evidence": "无原文引文（见背景资料或推断）", "open_source": "在原文中查看",
           "nodes": "节点", "edges": "连线", "dashed": "虚线边框：zgraph 推断的节点", "size": "节点大小：PageRank",
           "section": "章节", "chars": "字符", "more": "更多", "not_found": "未找到", "views": "视图",
           "home": "首页", "empty": "此视图没有节点。", "relation": "关系", "reports": "出自报告",
           "report_filter": "按报告筛选", "all_reports": "全部报告", "fictional": "虚构", "own_page": "实体页面"},
    "en": {"legend": "Legend",
           "search": "Find a node (Chinese, English or id)", "details": "Details",
           "hint": "Hover a node or link for a summary; click it for every fact and the report's words.",
           "evidence": "Evidence (the report's words)", "facts": "Facts", "linked": "Linked from",
           "inferred": "Inferred by zgraph (not stated by the report)", "background": "Background sources",
           "no_evidence": "No quote (see background sources or inference)", "open_source": "show in the report",
           "nodes": "nodes", "edges": "links", "dashed": "dashed border: node inferred by zgraph",
           "size": "node size: PageRank", "section": "section", "chars": "chars", "more": "more",
           "not_found": "not found", "views": "Views", "home": "Home",
           "empty": "This view has no nodes.", "relation": "link", "reports": "Reported in",
           "report_filter": "Show the facts of", "all_reports": "all reports", "fictional": "fictional",
           "own_page": "page of its own"},
}



def build_network(G: nx.MultiDiGraph, g: Graph, lang: str = "zh", *, title: str = "",
                  source_prefix: str | None = None, texts: Mapping[URIRef, str] | None = None,
                  entity_prefix: str | None = None) -> Network:
    """A pyvis Network of ``G``: styled, sized and laid out, each node and edge carrying its card data (``zg``)."""
    classes = Classes(g)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    size, pos = sizes(G), layout(G)
    main = set(components(G)[0]) if len(G) else set()
    spans: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        colour, shape = style(classes, d.get("cls", ""))
        card = node_card(g, n, d, lang, texts if texts is not None else report_texts(g), source_prefix,
                         entity_prefix)
        spans[n] = [e["text"] for e in card["evidence"]]
        extra = {"shapeProperties": {"borderDashes": [5, 4]}, "borderWidth": 2} if d.get("inferred") else {}
        if n in pos:
            extra["x"], extra["y"] = pos[n]
            if n not in main:
                extra["physics"] = False  # small components and isolated nodes stay where the packing put them
        net.add_node(n, label=d.get(f"label_{lang}") or n, shape=shape,
                     color={"background": colour, "border": "#2b2d42" if d.get("inferred") else colour,
                            "highlight": {"background": colour, "border": "#111111"},
                            "hover": {"background": colour, "border": "#111111"}},
                     value=size.get(n, 1.0), zg=card, **extra)
    pairs: dict[frozenset, int] = {}
    show_labels = G.number_of_edges() <= EDGE_LABEL_LIMIT
    for u, v, key, d in G.edges(keys=True, data=True):
        pair = frozenset((u, v))
        nth = pairs.get(pair, 0)
        pairs[pair] = nth + 1
        opts: dict = {"id": f"{u} {key} {v}", "zg": edge_card(u, key, d, spans)}
        if show_labels:
            opts["label"] = d.get(f"label_{lang}") or key
        if nth:
            opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 * nth, 2)}
        if d.get("inferred"):
            opts["dashes"] = True
        net.add_edge(u, v, **opts)
    return net



def legend(G: nx.MultiDiGraph, g: Graph, lang: str) -> list[dict]:
    """One row per class present in ``G``: its colour, shape glyph, label and count."""
    classes = Classes(g)
    counts: dict[str, list] = {}
    for _, d in G.nodes(data=True):
        cls = d.get("cls", "")
        row = counts.setdefault(cls, [d.get(f"cls_label_{lang}") or cls or "?", 0])
        row[1] += 1
    rows = []
    for cls, (name, count) in sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0])):
        colour, shape = style(classes, cls)
        rows.append({"cls": cls, "label": name, "count": count, "colour": colour, "glyph": SHAPE_GLYPHS[shape]})
    return rows


def page_html(net: Network, G: nx.MultiDiGraph, g: Graph, *, lang: str, title: str, about: str,
              links: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page: our template around pyvis's node and edge lists, scripts and styles inline."""
    nodes, edges, heading, _height, _width, _options = net.get_network_data()
    found = [{"id": r["id"], "title": r["title"], "fictional": r["fictional"]} for r in report_list(g, lang)]
    return document(lang=lang, text=page_text(TEXT[lang], g, lang), heading=heading, title=title, about=about,
                    nodes=nodes, edges=edges, reports=found, legend_rows=legend(G, g, lang), links=links,
                    options=vis_options(len(nodes), len(edges), all("x" in n for n in nodes)))


def document(*, lang: str, text: Mapping[str, str], heading: str, title: str, about: str, nodes: list[dict],
             edges: list[dict], reports: list[dict], legend_rows: list[dict], options: dict,
             links: Sequence[tuple[str, str]] = ()) -> str:
    """A graph page from its parts (nodes and edges as pyvis lists them, each with its ``zg`` card): the template,
    vis-network and graph.js inline and pinned by hash in the CSP, the font subset embedded."""
    vis_js, vis_css = vis_assets()
    payload = {"lang": lang, "text": dict(text), "nodes": nodes, "edges": edges, "gap": PACK_GAP * 2,
               "reports": reports, "tooltip_facts": TOOLTIP_FACTS, "options": options}
    data_js = f"var ZG_PAGE = {script_json(payload)};\n"
    app_js = asset("zgraph.pages", "static/graph.js")
    scripts = [vis_js, data_js, app_js]
    template = environment().get_template("graph.html")
    return fonts.embed(template.render(
        lang=lang, text=text, heading=heading, title=title, about=about, version=__version__, reports=reports,
        n_nodes=len(nodes), n_edges=len(edges), legend=legend_rows, links=list(links),
        csp=csp_for(scripts), styles=[Markup(vis_css), Markup(asset("zgraph.pages", "static/graph.css"))],
        scripts=[Markup(s) for s in scripts],
    ), skip=[vis_js])



@dataclass(frozen=True)
class Rendered:
    """A written page and what it holds."""

    path: Path
    nodes: int
    edges: int



def render(g: Graph, out: Path, view_name: str = "all", focus: str | None = None, depth: int = 1,
           lang: str = "zh", *, G: nx.MultiDiGraph | None = None, source_prefix: str | None = None,
           links: Sequence[tuple[str, str]] = (), entity_prefix: str | None = None,
           max_nodes: int | None = None) -> Rendered:
    """Draw one view (optionally the neighbourhood of ``focus``) and write it to ``out`` as one HTML file; above
    ``max_nodes`` nodes raise TooLarge before laying anything out, and write nothing."""
    if lang not in TEXT:
        raise UnknownName("language", lang, sorted(TEXT))
    sub, vname, node = view_graph(g, view_name, focus, depth, G)
    v = VIEWS[vname]
    check_size(f"the neighbourhood of {focus!r}" if node else f"the view {vname!r}", sub.number_of_nodes(),
               max_nodes)
    if node:
        name = sub.nodes[node].get(f"label_{lang}") or node
        title = (f"{name} 的{depth}度邻域" if lang == "zh" else f"{name}: neighbourhood of depth {depth}")
        about = (f"{v.title(lang)}中与“{name}”相距{depth}步以内的实体。" if lang == "zh"
                 else f"Entities within {depth} link(s) of “{name}” in the {v.title(lang)} view.")
    else:
        title, about = v.title(lang), v.about(lang)
    net = build_network(sub, g, lang, title=title, source_prefix=source_prefix, texts=report_texts(g),
                        entity_prefix=entity_prefix)
    html = page_html(net, sub, g, lang=lang, title=title, about=about, links=links)
    atomic.write_text(out, html)
    return Rendered(Path(out), sub.number_of_nodes(), sub.number_of_edges())


def default_out(view_name: str, focus: str | None, out_dir: Path = Path("out"), report: str | None = None) -> Path:
    """Where `zgraph render` writes when --out is not given (one report's pages under reports/ID/)."""
    if report:
        out_dir = out_dir / REPORTS_FOLDER / report
    if focus:
        slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in focus)[:60]
        return out_dir / "focus" / f"{slug}.html"
    return out_dir / ("graph.html" if view_name == "all" else f"views/{view_name}.html")



def page_stats(html: str) -> dict[str, int]:
    """Node and edge counts embedded in a written page (for tests and checks, without a browser)."""
    start = html.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
    payload = json.loads(html[start:html.index(";\n", start)])
    return {"nodes": len(payload["nodes"]), "edges": len(payload["edges"])}
