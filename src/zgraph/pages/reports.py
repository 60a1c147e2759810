"""What the pages say about the reports a graph holds: the site's title and source line, and the list of reports
(with their source pages), all read from the report nodes — nothing about any report is written in code."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from zgraph.model.labels import label, ordered
from zgraph.model.namespaces import ZG
from zgraph.model.provenance import report_id

#: Where each report's text page is written, under the site's folder.
SOURCE_FOLDER = "source"


def reports(g: Graph) -> list[URIRef]:
    """The graph's report nodes, by id."""
    found = [r for r in ordered(g.subjects(RDF.type, ZG.Report)) if isinstance(r, URIRef)]
    return sorted(found, key=lambda r: report_id(g, r))


def report_list(g: Graph, lang: str, prefix: str = "") -> list[dict]:
    """One entry per report: id, titles in both languages, period, place, fictional, its source page."""
    other = "en" if lang == "zh" else "zh"
    out = []
    for r in reports(g):
        rid = report_id(g, r)
        place = g.value(r, DCTERMS.spatial)
        out.append({"id": rid, "title": label(g, r, lang), "other": label(g, r, other),
                    "period": str(g.value(r, ZG.period) or g.value(r, DCTERMS.temporal) or ""),
                    "place": label(g, place, lang) if place is not None else str(g.value(r, ZG.placeName) or ""),
                    "fictional": (r, ZG.fictional, None) in g and bool(g.value(r, ZG.fictional)),
                    "href": f"{prefix}{SOURCE_FOLDER}/{rid}.html"})
    return out


def site_title(g: Graph, lang: str) -> str:
    """The site's title: the place of the graph's one report, else the policy alone."""
    places = {g.value(r, DCTERMS.spatial) for r in reports(g)}
    place = next(iter(places)) if len(places) == 1 else None
    if lang == "zh":
        return f"{label(g, place, 'zh')}产业有序转移知识图谱" if place is not None else "产业有序转移知识图谱"
    return (f"{label(g, place, 'en')} industrial-transfer knowledge graph" if place is not None
            else "Industrial-transfer knowledge graph")


def source_line(g: Graph, lang: str) -> str:
    """The line that names the graph's source: its one report (title, place, year), else how many reports."""
    found = reports(g)
    if len(found) != 1:
        return f"来源：{len(found)}份报告" if lang == "zh" else f"Sources: {len(found)} reports"
    r = found[0]
    if lang == "en":
        return f"Source: {label(g, r, 'en')}"
    place = g.value(r, ZG.placeName)
    year = g.value(r, DCTERMS.temporal)
    where = "，".join(str(x) + ("年" if x is year else "") for x in (place, year) if x is not None)
    return f"来源：《{label(g, r, 'zh')}》" + (f"（{where}）" if where else "")


def page_text(ui: dict[str, str], g: Graph, lang: str) -> dict[str, str]:
    """The UI strings of ``lang`` with the site's title and source line for ``g``."""
    return {**ui, "site": site_title(g, lang), "source": source_line(g, lang)}
