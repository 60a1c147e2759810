"""The static site: every view's page, each report's text with its evidence spans, and the index linking them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup
from rdflib import Graph, URIRef

from zgraph import __version__
from zgraph.model import atomic
from zgraph.model.labels import label
from zgraph.model.loading import load
from zgraph.model.provenance import report_id
from zgraph.model.sources import report_texts
from zgraph.network.projection import entity_graph
from zgraph.pages import fonts
from zgraph.pages.assets import NO_SCRIPT_CSP, asset, csp_for, environment
from zgraph.pages.graph import TEXT, render
from zgraph.pages.reports import SOURCE_FOLDER, page_text, report_list
from zgraph.pages.views import VIEWS


def source_page(g: Graph, report: URIRef, text: str, lang: str = "zh", home: str = "../index.html") -> str:
    """A report's text as a page that highlights the span named in its URL (#ev-SSSSS-EEEEE)."""
    script = asset("zgraph.pages", "static/source.js")
    return fonts.embed(environment().get_template("source.html").render(
        lang=lang, text=page_text(TEXT[lang], g, lang), title=label(g, report, lang), report=report_id(g, report),
        body=text, home=home, csp=csp_for([script]), script=Markup(script),
        style=Markup(asset("zgraph.pages", "static/graph.css"))))


#: Pages written by others that the index links to: (path under out/, zh name, en name).
OTHER_PAGES = (
    ("overview.html", "语料总览：报告、城市与结对城市", "corpus overview: reports, cities and partner cities"),
    ("ontology.html", "本体文档", "ontology documentation"),
    ("queries/index.html", "查询结果", "query results"),
    ("analysis.md", "图分析", "graph analysis"),
    ("notebooks/", "笔记本", "notebooks"),
)


def write_pages(out_dir: Path, lang: str = "zh", data: Sequence[Path] | None = None,
                entity_pages: bool = False) -> list[Path]:
    """Write graph.html, one page per view under views/, the corpus overview (overview.html, with each report's own
    page under reports/), each report's text under source/ and index.html; with
    ``entity_pages`` (written by ``zgraph.pages.entity``) the cards and the index link them."""
    out_dir = Path(out_dir)
    g = load(data)
    G = entity_graph(g)
    text = page_text(TEXT[lang], g, lang)
    home = [(text["home"], "index.html")]
    # The corpus overview and each report's own page first: the source pages written next keep the index as home.
    from zgraph.model.store import load_store
    from zgraph.pages import overview

    ov = overview.write_overview(load_store(data), out_dir / "overview.html", lang, links=home)
    written: list[Path] = [ov.path]
    if data is None:
        written += [p for p in overview.write_report_pages(out_dir, ov.reports, lang) if SOURCE_FOLDER not in p.parts]
    written += [atomic.write_text(out_dir / SOURCE_FOLDER / f"{report_id(g, r)}.html", source_page(g, r, body, lang))
                for r, body in report_texts(g).items()]
    pages = []
    for name in VIEWS:
        rel = "graph.html" if name == "all" else f"views/{name}.html"
        up = "" if name == "all" else "../"
        r = render(g, out_dir / rel, name, lang=lang, G=G, source_prefix=f"{up}{SOURCE_FOLDER}/",
                   links=[(t, up + h) for t, h in home], entity_prefix=f"{up}id/" if entity_pages else None)
        written.append(r.path)
        pages.append({"href": rel, "title": VIEWS[name].title(lang), "other": VIEWS[name].title(
            "zh" if lang == "en" else "en"), "about": VIEWS[name].about(lang), "nodes": r.nodes, "edges": r.edges})
    others = [{"href": h, "title": zh if lang == "zh" else en, "other": en if lang == "zh" else zh}
              for h, zh, en in OTHER_PAGES]
    if entity_pages:
        others.insert(0, {"href": "id/index.html", "title": "实体页面" if lang == "zh" else "entity pages",
                          "other": "entity pages" if lang == "zh" else "实体页面"})
    others.append({"href": "graph.png", "title": "全图截图" if lang == "zh" else "screenshot of the whole graph",
                   "other": "screenshot of the whole graph" if lang == "zh" else "全图截图"})
    html = environment().get_template("index.html").render(
        lang=lang, text=text, pages=pages, others=others, reports=report_list(g, lang), version=__version__,
        style=Markup(asset("zgraph.pages", "static/graph.css")),
        csp=NO_SCRIPT_CSP)
    written.append(atomic.write_text(out_dir / "index.html", fonts.embed(html)))
    return written
