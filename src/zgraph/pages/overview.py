"""The corpus overview page: one node per report, receiving city and partner city, links weighted by what they
count (pairings, reverse enclaves, policy documents), each report linking to its own pages.

The aggregation is the named query ``corpus_overview`` run by Oxigraph on a ``pyoxigraph.Store``: no rdflib graph
and no entity projection, so the page costs the same few seconds at a million triples as at one report. The page
itself is made by the machinery of every graph page (``zgraph.pages.graph.document``): pyvis node and edge lists,
the autoescaping template, vis-network inline, the CSP and the embedded font subset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from pyvis.network import Network

from zgraph.model import atomic
from zgraph.model.errors import UnknownName
from zgraph.model.prefixes import qname
from zgraph.pages.graph import REPORTS_FOLDER, SHAPE_GLYPHS, TEXT, document
from zgraph.pages.layout import components, layout, vis_options
from zgraph.pages.reports import SOURCE_FOLDER
from zgraph.pages.views import check_size
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.catalogue import get, prepare
from zgraph.sparql.results import rows_of

#: The named query that aggregates the corpus (queries/corpus_overview.rq).
QUERY = "corpus_overview"
#: Node kinds: (colour, vis shape, zh name, en name).
KINDS = {"report": ("#1d3557", "square", "报告", "report"),
         "city": ("#30638e", "dot", "报告所述城市", "city a report is about"),
         "partner": ("#d1495b", "dot", "伙伴城市", "partner city")}
WORDS = {
    "zh": {"title": "语料总览", "about": "每份报告、其所述城市与伙伴城市各为一个节点；连线越粗，计数越多"
           "（结对帮扶、反向飞地、政策文件）。点击报告节点打开该报告自己的页面。",
           "size": "节点大小：所连各线计数之和", "dashed": "虚线边框：虚构报告", "report_page": "本报告的图谱页面",
           "source_page": "报告原文", "about_edge": "报告所述城市", "partner_edge": "结对帮扶与反向飞地",
           "pairings": "结对帮扶", "county": "县级", "enclaves": "反向飞地", "documents": "政策文件",
           "reports": "记载的报告数", "id": "报告编号", "period": "期间", "site": "产业有序转移知识图谱",
           "site_one": "{}产业有序转移知识图谱", "source": "来源：{}份报告", "partners": "伙伴城市数"},
    "en": {"title": "Corpus overview", "about": "One node per report, per city a report is about and per partner "
           "city; the thicker a link, the more it counts (pairings, reverse enclaves, policy documents). Click a "
           "report for its own pages.", "size": "node size: the counts of its links added up",
           "dashed": "dashed border: fictional report", "report_page": "this report's graph page",
           "source_page": "the report's text", "about_edge": "report about a city",
           "partner_edge": "pairings and reverse enclaves", "pairings": "pairings", "county": "county level",
           "enclaves": "reverse enclaves", "documents": "policy documents", "reports": "reports recording them",
           "id": "report id", "period": "period", "site": "Industrial-transfer knowledge graph",
           "site_one": "{} industrial-transfer knowledge graph", "source": "Sources: {} reports",
           "partners": "partner cities"},
}


@dataclass(frozen=True)
class Link:
    """One row of the aggregation: a report and its city, or a city and a partner city, with its counts."""

    kind: str
    source: str
    target: str
    pairings: int
    county_pairings: int
    enclaves: int
    documents: int
    reports: int

    @property
    def weight(self) -> int:
        return self.pairings + self.enclaves + self.documents


@dataclass
class Overview:
    """The aggregated corpus: nodes by compact id (kind, labels, report id, period, fictional) and the links."""

    nodes: dict[str, dict] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


def _rows(store: ox.Store, lang: str) -> list[dict[str, str]]:
    result = run_oxigraph(store, prepare(get(QUERY).text, lang))
    assert isinstance(result, ox.QuerySolutions)
    names, found = rows_of(result)
    return [{n: ("" if t is None else t.value) for n, t in zip(names, r, strict=True)} for r in found]


def _labels(store: ox.Store, iris: Sequence[str]) -> dict[str, dict[str, str]]:
    """rdfs:label of each IRI in zh and en (the smallest of several; another language's, else the id, if none)."""
    found: dict[str, dict[str, set[str]]] = {i: {} for i in iris}
    if iris:
        result = store.query("SELECT ?n ?l WHERE { VALUES ?n { " + " ".join(f"<{i}>" for i in iris) + " } "
                             "?n <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
        assert isinstance(result, ox.QuerySolutions)
        for row in result:
            if row[0] is not None and isinstance(row[1], ox.Literal):
                found[row[0].value].setdefault(row[1].language or "", set()).add(row[1].value)
    out = {}
    for iri, by_lang in found.items():
        every = sorted(v for vs in by_lang.values() for v in vs)
        out[iri] = {lang: min(by_lang.get(lang) or every or [qname(iri)]) for lang in ("zh", "en")}
    return out


def aggregate(store: ox.Store) -> Overview:
    """The overview of the corpus in ``store``: the named query once, then the nodes' labels in both languages."""
    ov = Overview()
    seen: set[tuple[str, str, str]] = set()
    iris: dict[str, str] = {}
    for row in _rows(store, "zh"):
        src, tgt = qname(row["source"]), qname(row["target"]) if row["target"] else ""
        iris[src] = row["source"]
        if tgt:
            iris[tgt] = row["target"]
        if row["kind"] == "report":
            ov.nodes[src] = {"kind": "report", "report_id": row["report_id"], "period": row["period"],
                             "fictional": row["fictional"] == "true"}
        if tgt:
            ov.nodes.setdefault(tgt, {"kind": "partner"})
            if row["kind"] == "report":
                ov.nodes[tgt]["kind"] = "city"
        if row["kind"] == "partner":
            ov.nodes.setdefault(src, {"kind": "city"})["kind"] = "city"
        key = (row["kind"], src, tgt)
        if tgt and key not in seen:
            seen.add(key)
            ov.links.append(Link(row["kind"], src, tgt, *(int(row[k] or 0) for k in (
                "pairings", "county_pairings", "enclaves", "documents", "reports"))))
    labels = _labels(store, sorted(iris.values()))
    for n, d in ov.nodes.items():
        d["zh"], d["en"] = labels[iris[n]]["zh"], labels[iris[n]]["en"]
    ov.links.sort(key=lambda lk: (lk.kind, lk.source, lk.target))
    return ov


def report_links(rid: str, lang: str, prefix: str = "") -> list[list[str]]:
    """The pages of one report, relative to the overview's folder: its graph page and its text page."""
    w = WORDS[lang]
    return [[w["report_page"], f"{prefix}{REPORTS_FOLDER}/{rid}/graph.html"],
            [w["source_page"], f"{prefix}{SOURCE_FOLDER}/{rid}.html"]]


def _counts(lk: Link, lang: str) -> list[list[str]]:
    w = WORDS[lang]
    pairs = f"{lk.pairings}（{w['county']} {lk.county_pairings}）" if lang == "zh" else (
        f"{lk.pairings} ({lk.county_pairings} {w['county']})")
    rows = [[w["pairings"], pairs], [w["enclaves"], str(lk.enclaves)]]
    if lk.kind == "report":
        rows.append([w["documents"], str(lk.documents)])
    else:
        rows.append([w["reports"], str(lk.reports)])
    return rows


def _short(lk: Link, lang: str) -> str:
    parts = [(lk.pairings, "结对", "pairings"), (lk.enclaves, "飞地", "enclaves"), (lk.documents, "文件", "documents")]
    return " · ".join(f"{zh} {n}" if lang == "zh" else f"{n} {en}" for n, zh, en in parts if n)


def network(ov: Overview, lang: str, prefix: str = "") -> tuple[Network, nx.MultiDiGraph]:
    """A pyvis Network of the overview (seeded layout, cards as data) and the graph it was laid out from."""
    w, other = WORDS[lang], "en" if lang == "zh" else "zh"
    G = nx.MultiDiGraph()
    for n in sorted(ov.nodes):
        G.add_node(n, cls=ov.nodes[n]["kind"])
    for lk in ov.links:
        G.add_edge(lk.source, lk.target, key=lk.kind)
    size = {n: 0 for n in G}
    reports_of: dict[str, set[str]] = {n: set() for n in G}
    report_ids = {n: d.get("report_id", "") for n, d in ov.nodes.items()}
    for lk in ov.links:
        size[lk.source] += lk.weight
        size[lk.target] += lk.weight
        if lk.kind == "report":
            reports_of[lk.source].add(report_ids[lk.source])
            reports_of[lk.target].add(report_ids[lk.source])
    for lk in ov.links:  # a partner is "in" the reports about the cities it pairs with
        if lk.kind == "partner":
            reports_of[lk.target] |= reports_of[lk.source]
    pos = layout(G)
    place_of = {lk.source: lk.target for lk in ov.links if lk.kind == "report"}
    main = set(components(G)[0]) if len(G) else set()
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=w["title"])
    for n in G:
        d = ov.nodes[n]
        colour, shape, kind_zh, kind_en = KINDS[d["kind"]]
        facts = []
        if d["kind"] == "report":
            facts = [[w["id"], d["report_id"]], [w["period"], d["period"]]]
        else:
            partners = sum(1 for lk in ov.links if lk.kind == "partner" and n in (lk.source, lk.target))
            facts = [[w["partners"], str(partners)]]
        card = {"id": n, "zh": d["zh"], "en": d["en"], "cls": d["kind"], "cls_zh": kind_zh, "cls_en": kind_en,
                "facts": facts, "linked": [], "background": [], "inferred": [],
                "reports": sorted(reports_of[n])}
        if d["kind"] == "report":
            card["links"] = report_links(d["report_id"], lang, prefix)
        extra: dict = {}
        if d.get("fictional"):
            extra = {"shapeProperties": {"borderDashes": [5, 4]}, "borderWidth": 2}
        if n in pos:
            extra["x"], extra["y"] = pos[n]
            if n not in main:
                extra["physics"] = False
        name = d[lang] or d[other] or n
        if d["kind"] == "report" and n in place_of:  # the title is on the card; the canvas says where and when
            name = " ".join(x for x in (ov.nodes[place_of[n]][lang], d["period"]) if x)
        net.add_node(n, label=name, shape=shape, value=1 + size[n], zg=card,
                     color={"background": colour, "border": "#2b2d42" if d.get("fictional") else colour,
                            "highlight": {"background": colour, "border": "#111111"},
                            "hover": {"background": colour, "border": "#111111"}}, **extra)
    for lk in ov.links:
        title = w["about_edge"] if lk.kind == "report" else w["partner_edge"]
        card = {"id": lk.kind, "zh": WORDS["zh"][f"{'about' if lk.kind == 'report' else 'partner'}_edge"],
                "en": WORDS["en"][f"{'about' if lk.kind == 'report' else 'partner'}_edge"], "property": title,
                "inferred": False, "facts": _counts(lk, lang)}
        opts: dict = {"id": f"{lk.source} {lk.kind} {lk.target}", "zg": card, "value": max(lk.weight, 1),
                      "label": _short(lk, lang)}
        if lk.kind == "partner":
            opts["arrows"] = {"to": {"enabled": False}}
        net.add_edge(lk.source, lk.target, **opts)
    return net, G


def _text(ov: Overview, lang: str) -> dict[str, str]:
    w = WORDS[lang]
    cities = sorted(n for n, d in ov.nodes.items() if d["kind"] == "city")
    reports = sum(1 for d in ov.nodes.values() if d["kind"] == "report")
    site = w["site_one"].format(ov.nodes[cities[0]][lang]) if len(cities) == 1 else w["site"]
    return {**TEXT[lang], "site": site, "source": w["source"].format(reports), "size": w["size"],
            "dashed": w["dashed"]}


def page(ov: Overview, lang: str = "zh", prefix: str = "", links: Sequence[tuple[str, str]] = ()) -> str:
    """The overview as one offline HTML page; report pages are linked at ``{prefix}reports/ID/graph.html``."""
    if lang not in WORDS:
        raise UnknownName("language", lang, sorted(WORDS))
    net, G = network(ov, lang, prefix)
    nodes, edges, heading, *_ = net.get_network_data()
    legend = []
    for kind, (colour, shape, zh, en) in KINDS.items():
        count = sum(1 for d in ov.nodes.values() if d["kind"] == kind)
        if count:
            legend.append({"cls": kind, "label": zh if lang == "zh" else en, "count": count, "colour": colour,
                           "glyph": SHAPE_GLYPHS[shape]})
    reports = [{"id": d["report_id"], "title": d[lang], "fictional": d["fictional"]}
               for _, d in sorted(ov.nodes.items(), key=lambda kv: kv[1].get("report_id", ""))
               if d["kind"] == "report"]
    options = vis_options(len(nodes), len(edges), all("x" in n for n in nodes))
    options["edges"]["scaling"] = {"min": 1, "max": 10, "label": {"enabled": False}}
    return document(lang=lang, text=_text(ov, lang), heading=heading, title=WORDS[lang]["title"],
                    about=WORDS[lang]["about"], nodes=nodes, edges=edges, reports=reports, legend_rows=legend,
                    options=options, links=links)


@dataclass(frozen=True)
class Written:
    """The overview page written, what it holds, and the report ids it links to."""

    path: Path
    nodes: int
    edges: int
    reports: tuple[str, ...]


def write_overview(store: ox.Store, out: Path, lang: str = "zh", *, max_nodes: int | None = None,
                   links: Sequence[tuple[str, str]] = ()) -> Written:
    """Aggregate the corpus in ``store`` and write its overview page to ``out`` (atomically); above ``max_nodes``
    nodes raise TooLarge and write nothing."""
    ov = aggregate(store)
    check_size("the corpus overview", len(ov.nodes), max_nodes)
    html = page(ov, lang, links=links)
    atomic.write_text(out, html)
    rids = tuple(sorted(d["report_id"] for d in ov.nodes.values() if d["kind"] == "report"))
    return Written(Path(out), len(ov.nodes), len(ov.links), rids)


def write_report_pages(out_dir: Path, report_ids: Sequence[str], lang: str = "zh", *,
                       overview_name: str = "overview.html", max_nodes: int | None = None,
                       files_of: Callable[[str], list[Path]] | None = None) -> list[Path]:
    """Each report's own pages, where the overview links them: its whole graph at reports/ID/graph.html (from its
    built graph, or ``files_of(ID)``, with a link back to the overview) and its text at source/ID.html (as the
    site writes it)."""
    from zgraph.corpus import Corpus
    from zgraph.model.loading import load
    from zgraph.model.sources import report_texts
    from zgraph.pages.graph import render
    from zgraph.pages.site import source_page

    corpus, written = Corpus(), []
    back = [(WORDS[lang]["title"], f"../../{overview_name}")]
    for rid in report_ids:
        g = load(files_of(rid) if files_of else corpus.report_files([rid]))
        r = render(g, Path(out_dir) / REPORTS_FOLDER / rid / "graph.html", lang=lang, links=back,
                   source_prefix=f"../../{SOURCE_FOLDER}/", max_nodes=max_nodes)
        written.append(r.path)
        for report, body in report_texts(g).items():
            written.append(atomic.write_text(Path(out_dir) / SOURCE_FOLDER / f"{rid}.html",
                                             source_page(g, report, body, lang, home=f"../{overview_name}")))
    return written
