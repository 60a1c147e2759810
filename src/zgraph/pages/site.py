"""The static site: every view's page, the report's text with its evidence spans, and the index linking them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup
from rdflib import Graph
from rdflib.namespace import RDF

from zgraph import __version__
from zgraph.model import atomic
from zgraph.model.labels import label
from zgraph.model.loading import load
from zgraph.model.namespaces import ZG
from zgraph.model.sources import report_text
from zgraph.network.projection import entity_graph
from zgraph.pages import fonts
from zgraph.pages.assets import NO_SCRIPT_CSP, asset, csp_for, environment
from zgraph.pages.graph import TEXT, render
from zgraph.pages.views import VIEWS


def source_page(g: Graph, lang: str = "zh") -> str:
    """The report's text as a page that highlights the span named in its URL (#ev-SSSSS-EEEEE)."""
    text = report_text(g) or ""
    script = asset("zgraph.pages", "static/source.js")
    reports = sorted(g.subjects(RDF.type, ZG.Report))
    title = label(g, reports[0], lang) if reports else TEXT[lang]["source"]
    return fonts.embed(environment().get_template("source.html").render(
        lang=lang, text=TEXT[lang], title=title, body=text, csp=csp_for([script]), script=Markup(script),
        style=Markup(asset("zgraph.pages", "static/graph.css"))))


#: Pages written by others that the index links to: (path under out/, zh name, en name).
OTHER_PAGES = (
    ("ontology.html", "本体文档", "ontology documentation"),
    ("queries/index.html", "查询结果", "query results"),
    ("analysis.md", "图分析", "graph analysis"),
    ("notebooks/", "笔记本", "notebooks"),
)


def write_pages(out_dir: Path, lang: str = "zh", data: Sequence[Path] | None = None) -> list[Path]:
    """Write graph.html, one page per view under views/, source.html and index.html; return the paths."""
    out_dir = Path(out_dir)
    g = load(data)
    G = entity_graph(g)
    written: list[Path] = [atomic.write_text(out_dir / "source.html", source_page(g, lang))]
    home = [(TEXT[lang]["home"], "index.html")]
    pages = []
    for name in VIEWS:
        rel = "graph.html" if name == "all" else f"views/{name}.html"
        up = "" if name == "all" else "../"
        r = render(g, out_dir / rel, name, lang=lang, G=G, source_href=f"{up}source.html",
                   links=[(t, up + h) for t, h in home])
        written.append(r.path)
        pages.append({"href": rel, "title": VIEWS[name].title(lang), "other": VIEWS[name].title(
            "zh" if lang == "en" else "en"), "about": VIEWS[name].about(lang), "nodes": r.nodes, "edges": r.edges})
    others = [{"href": h, "title": zh if lang == "zh" else en, "other": en if lang == "zh" else zh}
              for h, zh, en in OTHER_PAGES]
    others.append({"href": "source.html", "title": "报告原文" if lang == "zh" else "the report's text",
                   "other": "the report's text" if lang == "zh" else "报告原文"})
    others.append({"href": "graph.png", "title": "全图截图" if lang == "zh" else "screenshot of the whole graph",
                   "other": "screenshot of the whole graph" if lang == "zh" else "全图截图"})
    html = environment().get_template("index.html").render(
        lang=lang, text=TEXT[lang], pages=pages, others=others, version=__version__,
        style=Markup(asset("zgraph.pages", "static/graph.css")),
        csp=NO_SCRIPT_CSP)
    written.append(atomic.write_text(out_dir / "index.html", fonts.embed(html)))
    return written

