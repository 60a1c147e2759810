"""Entity pages: one page per IRI of the graph, the HTML face of ``https://w3id.org/zgraph/id/…``.

A page shows an entity (or a concept, a section, an inference, a piece of evidence) in both languages: every fact
about it, each with the report's words highlighted in their sentence; the evidence with its report and offsets and
a ready citation; the inference behind it (rule and premises); links to its neighbours' own pages and a drawing of
its neighbourhood (inline SVG, ``zgraph.pages.svg``). Pages come from ``templates/entity.html`` through the one
Jinja environment (autoescape), embed their font subset (``zgraph.pages.fonts``) and run no script at all.

The same pages are written as a static site (``write_entity_pages``: ``out/id/<local>.html``,
``out/vocab/<local>.html`` and ``out/id/index.html``, links relative) and served by ``zgraph serve`` at
``/id/<local>`` and ``/vocab/<local>`` (links from the server's root, or from ``--base``). Where a link goes is
the ``Linker``'s business; what the page says is not.

``describe`` is the RDF behind a page: the entity's own triples (both directions), its evidence and selectors, its
inferences, and the labels of every node it names; ``rdf_bytes`` writes it as Turtle, JSON-LD or N-Triples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from zgraph import __version__
from zgraph.model import atomic
from zgraph.model.explain import Explanation, explain
from zgraph.model.labels import label, ordered, qname
from zgraph.model.namespaces import OA, ZG, ZGI, ZGV, bind_all, expand
from zgraph.model.provenance import Quote, is_inferred, report_id
from zgraph.model.sources import report_texts
from zgraph.network.projection import node_class
from zgraph.pages import fonts, svg
from zgraph.pages.assets import NO_SCRIPT_CSP, asset, environment
from zgraph.pages.cards import sentence_context
from zgraph.pages.layout import style
from zgraph.pages.reports import SOURCE_FOLDER
from zgraph.pages.views import Classes

#: The namespace every zgraph IRI lives in, and the ontology's IRI (its terms are ``ONTOLOGY#Term``).
W3ID = "https://w3id.org/zgraph/"
ONTOLOGY = W3ID + "ontology"
#: Types that are bookkeeping of evidence: they get a page when served, not in the static site.
EVIDENCE_TYPES = {ZG.Evidence, ZG.TextSpanSelector, OA.TextPositionSelector, OA.TextQuoteSelector}
#: Neighbours drawn around an entity (the rest are counted); facts are all listed.
DRAWN = 36
#: Properties that are not drawn as links in the neighbourhood (they point at bookkeeping).
NOT_DRAWN = {PROV.wasDerivedFrom, ZG.statedIn, ZG.reportedIn, RDF.type, OA.hasSource, DCTERMS.isPartOf}
FORMATS = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json", "nt": "application/n-triples"}

TEXT = {
    "zh": {"facts": "事实", "linked": "被引用", "evidence": "原文证据", "cite": "引用", "inferred": "推断",
           "rule": "规则", "premises": "前提", "background": "背景资料", "neighbours": "邻域",
           "formats": "数据格式", "class": "类别", "aliases": "别名", "notes": "注释", "reported": "出自报告",
           "stated": "出处章节", "chars": "字符", "section": "章节", "report": "报告", "open_source": "在原文中查看",
           "home": "首页", "entities": "全部实体", "no_evidence": "无原文引文", "iri": "标识",
           "inferred_note": "zgraph 推断（非原文所述）", "text": "报告原文", "other_lang": "English",
           "not_found": "未找到", "did_you_mean": "您要找的是不是：", "more": "另有", "concepts": "概念",
           "quote": "原文"},
    "en": {"facts": "Facts", "linked": "Linked from", "evidence": "Evidence (the report's words)", "cite": "Cite",
           "inferred": "Inference", "rule": "rule", "premises": "premises", "background": "Background sources",
           "neighbours": "Neighbourhood", "formats": "Data", "class": "class", "aliases": "also called",
           "notes": "note", "reported": "reported in", "stated": "stated in", "chars": "chars",
           "section": "section", "report": "report", "open_source": "show in the report", "home": "Home",
           "entities": "all entities", "no_evidence": "no quote", "iri": "IRI",
           "inferred_note": "inferred by zgraph (not stated by the report)", "text": "the report's text",
           "other_lang": "中文", "not_found": "Not found", "did_you_mean": "Did you mean:", "more": "more",
           "concepts": "concepts", "quote": "quote"},
}


# ------------------------------------------------------------------------------------------------------ links

def split_iri(iri: str) -> tuple[str, str] | None:
    """("id" | "vocab" | "ontology", local) of a zgraph IRI, else None."""
    if iri.startswith(str(ZGI)) and len(iri) > len(str(ZGI)):
        return "id", iri[len(str(ZGI)):]
    if iri.startswith(str(ZGV)) and len(iri) > len(str(ZGV)):
        return "vocab", iri[len(str(ZGV)):]
    if iri == ONTOLOGY or iri.startswith(ONTOLOGY + "#") or iri.startswith(ONTOLOGY + "/"):
        return "ontology", iri[len(ONTOLOGY):].lstrip("#/")
    return None


@dataclass(frozen=True)
class Linker:
    """Where a page links a zgraph IRI, a report's text and the site's own pages.

    Served (``static=False``): ``root`` is the server's root ("/") or the ``--base`` URL, and pages have no
    extension (``{root}id/place-yuexiu``). Static: ``root`` is the way up to the site's folder ("../") and pages are
    files (``{root}id/place-yuexiu.html``); evidence and selectors have no page there (their report's text does).
    """

    root: str = "/"
    static: bool = False

    def page(self, iri: object) -> str | None:
        found = split_iri(str(iri))
        if found is None:
            return None
        kind, local = found
        if kind == "ontology":
            if self.static:
                return f"{self.root}ontology.html"
            return f"{self.root}ontology" + (f"#{local}" if local and "/" not in local else "")
        return f"{self.root}{kind}/{local}" + (".html" if self.static else "")

    def source(self, rid: str, start: int | None = None, end: int | None = None) -> str:
        span = f"#ev-{start:05d}-{end:05d}" if start is not None and end is not None and start >= 0 else ""
        return f"{self.root}{SOURCE_FOLDER}/{rid}.html{span}"

    def home(self) -> str:
        return f"{self.root}index.html" if self.static else self.root

    def index(self) -> str:
        return f"{self.root}id/index.html" if self.static else f"{self.root}id/"

    def formats(self, iri: object) -> list[tuple[str, str]]:
        """(name, href) of the page's other formats (served only: the static site has no RDF per entity)."""
        href = self.page(iri)
        if self.static or href is None:
            return []
        href = href.split("#", 1)[0]
        return [("Turtle", f"{href}?format=ttl"), ("JSON-LD", f"{href}?format=jsonld"),
                ("N-Triples", f"{href}?format=nt")]


# ------------------------------------------------------------------------------------------------------ RDF

def is_evidence(g: Graph, node: object) -> bool:
    return any(t in EVIDENCE_TYPES for t in g.objects(node, RDF.type))  # type: ignore[arg-type]


def known(g: Graph, node: URIRef) -> bool:
    """Whether the graph says anything about ``node`` (as subject or object)."""
    return (node, None, None) in g or (None, None, node) in g


def describe(g: Graph, node: URIRef) -> Graph:
    """The RDF behind ``node``'s page: its triples both ways (incoming ones from evidence left out: those are the
    report's, listed on its text), its evidence with selectors, its inferences, and the labels of what it names."""
    out = bind_all(Graph())
    for p, o in g.predicate_objects(node):
        out.add((node, p, o))
        if p == PROV.wasDerivedFrom or p == OA.hasSelector or p == PROV.wasGeneratedBy:
            for p2, o2 in g.predicate_objects(o):
                out.add((o, p2, o2))
                if p2 == OA.hasSelector:
                    for p3, o3 in g.predicate_objects(o2):
                        out.add((o2, p3, o3))
    for s, p in g.subject_predicates(node):
        if not is_evidence(g, s):
            out.add((s, p, node))
    named = {t for triple in list(out) for t in (triple[0], triple[2]) if isinstance(t, URIRef) and t != node}
    for t in named:
        for prop in (RDFS.label, SKOS.prefLabel):
            for lit in g.objects(t, prop):
                out.add((t, prop, lit))
    return out


def rdf_bytes(desc: Graph, fmt: str) -> bytes:
    """``desc`` as Turtle (``ttl``), JSON-LD (``jsonld``, readable context) or N-Triples (``nt``), sorted."""
    from zgraph.network import export

    writers = {"ttl": export.turtle, "jsonld": export.jsonld, "nt": export.ntriples}
    return writers[fmt](desc)


# ------------------------------------------------------------------------------------------------------ pages

def citation(title: str, rid: str, start: int, end: int, exact: str, lang: str) -> str:
    """A ready citation of a quote: the report's title, its id, the code-point offsets and the words."""
    if lang == "zh":
        return f"《{title}》（{rid}），字符 {start}–{end}：“{exact}”"
    return f"{title} ({rid}), chars {start}–{end}: “{exact}”"


class EntitySite:
    """Renders the pages of one graph in one language with one ``Linker`` (the graph is read, never changed)."""

    def __init__(self, g: Graph, lang: str = "zh", linker: Linker | None = None,
                 texts: Mapping[URIRef, str] | None = None) -> None:
        self.g, self.lang = g, lang
        self.linker = linker or Linker()
        self.texts = dict(texts) if texts is not None else report_texts(g)
        self.classes = Classes(g)
        self.text = TEXT[lang]
        self._reports: dict[URIRef, dict[str, str]] = {}
        self.env = environment()  # one per site: its templates are compiled once

    # --- pieces

    def report_info(self, report: URIRef | None) -> dict[str, str]:
        if report is None:
            return {"title": "", "other": "", "id": "", "href": ""}
        if report not in self._reports:
            rid = report_id(self.g, report)
            other = "en" if self.lang == "zh" else "zh"
            self._reports[report] = {"title": label(self.g, report, self.lang), "other": label(self.g, report, other),
                                     "id": rid, "href": self.linker.page(report) or ""}
        return self._reports[report]

    def quote(self, q: Quote) -> dict[str, object]:
        """A quote in its sentence, with its report, offsets, section, citation and link to the report's text."""
        text = self.texts.get(q.source) if q.source is not None else None
        before, after = sentence_context(text, q.start, q.end, q.exact)
        rep = self.report_info(q.source)
        title_zh = label(self.g, q.source, "zh") if q.source is not None else ""
        title_en = label(self.g, q.source, "en") if q.source is not None else ""
        return {"exact": q.exact, "before": before, "after": after, "start": q.start, "end": q.end,
                "section": q.section, "report": rep, "href": self.linker.source(rep["id"], q.start, q.end)
                if rep["id"] and text is not None else "",
                "cite_zh": citation(title_zh, rep["id"], q.start, q.end, q.exact, "zh"),
                "cite_en": citation(title_en, rep["id"], q.start, q.end, q.exact, "en")}

    def colour(self, node: URIRef) -> str:
        cls = node_class(self.g, node)
        return svg.node_colour_css(style(self.classes, qname(cls) if cls is not None else "")[0])

    def spot(self, node: URIRef) -> svg.Spot:
        name = label(self.g, node, self.lang)
        return svg.Spot(qname(node), name, f"{name} ({qname(node)})", self.colour(node),
                        self.linker.page(node) if self.has_page(node) else None, is_inferred(self.g, node))

    def has_page(self, node: object) -> bool:
        """Whether ``node`` has a page this linker can point at (static sites leave evidence out)."""
        if not isinstance(node, URIRef) or split_iri(str(node)) is None:
            return False
        return not (self.linker.static and is_evidence(self.g, node))

    def neighbourhood(self, node: URIRef, title: str) -> Markup:
        pairs: list[tuple[svg.Spot, svg.Link]] = []
        seen: set[tuple[str, str, str]] = set()
        me = qname(node)
        for p, o in sorted(self.g.predicate_objects(node)):
            if isinstance(o, URIRef) and p not in NOT_DRAWN and o != node and split_iri(str(o)) and (
                    not is_evidence(self.g, o)) and (me, qname(p), qname(o)) not in seen:
                seen.add((me, qname(p), qname(o)))
                pairs.append((self.spot(o), svg.Link(me, qname(o), label(self.g, p, self.lang),
                                                     is_inferred(self.g, node))))
        for s, p in sorted(self.g.subject_predicates(node)):
            if isinstance(s, URIRef) and p not in NOT_DRAWN and s != node and split_iri(str(s)) and (
                    not is_evidence(self.g, s)) and (qname(s), qname(p), me) not in seen:
                seen.add((qname(s), qname(p), me))
                pairs.append((self.spot(s), svg.Link(qname(s), me, label(self.g, p, self.lang),
                                                     is_inferred(self.g, s))))
        centre = svg.Spot(me, label(self.g, node, self.lang), f"{label(self.g, node, self.lang)} ({me})",
                          self.colour(node), None, is_inferred(self.g, node))
        return svg.star(centre, pairs[:DRAWN], title, more=max(0, len(pairs) - DRAWN))

    def own_spans(self, node: URIRef) -> list[Quote]:
        """The quotes to show: a node's evidence; for evidence itself, its own selector; for a selector, its words."""
        g = self.g
        ex_quotes: list[Quote] = []
        evidence = [node] if (node, RDF.type, ZG.Evidence) in g else list(g.subjects(OA.hasSelector, node))
        for ev in evidence:
            for sel in g.objects(ev, OA.hasSelector):
                exact, start, end = g.value(sel, OA.exact), g.value(sel, OA.start), g.value(sel, OA.end)
                if exact is None or not isinstance(start, Literal) or not isinstance(end, Literal):
                    continue
                section = g.value(ev, ZG.inSection)
                source = g.value(ev, OA.hasSource)
                ex_quotes.append(Quote(str(exact), int(start), int(end),
                                       label(g, section, self.lang) if section is not None else "",
                                       source if isinstance(source, URIRef) else None))
        return ex_quotes

    def context(self, node: URIRef) -> dict[str, object]:
        """Everything the template shows about ``node``."""
        g, lang, link = self.g, self.lang, self.linker
        ex: Explanation = explain(g, node, lang)
        evidence = ex.evidence or self.own_spans(node)

        def fact(f: object) -> dict[str, object]:
            value_iri = expand(f.value_id) if f.value_id else None  # type: ignore[attr-defined]
            prop_iri = expand(f.prop)  # type: ignore[attr-defined]
            return {"prop": f.prop_label, "prop_id": f.prop,  # type: ignore[attr-defined]
                    "prop_href": link.page(prop_iri) if prop_iri is not None else None,
                    "value": f.value, "value_id": f.value_id,  # type: ignore[attr-defined]
                    "href": link.page(value_iri) if value_iri is not None and self.has_page(value_iri) else None,
                    "quotes": [self.quote(q) for q in f.quotes],  # type: ignore[attr-defined]
                    "source": f.source}  # type: ignore[attr-defined]

        classes = []
        for t in ordered(g.objects(node, RDF.type)):
            if isinstance(t, URIRef) and t != OWL.NamedIndividual:
                classes.append({"label": label(g, t, lang), "id": qname(t), "href": link.page(t)})
        reports = [self.report_info(r) for r in ordered(g.objects(node, ZG.reportedIn)) if isinstance(r, URIRef)]
        inference = []
        for inf in ex.inference:
            premises = [{"label": p["label"], "id": p["id"], "href": link.page(expand(p["id"]) or p["id"])}
                        for p in inf["premises"]]
            act = expand(inf["id"])
            inference.append({"rule": inf["rule"], "id": inf["id"], "premises": premises,
                              "href": link.page(act) if act is not None else None})
        is_report = (node, RDF.type, ZG.Report) in g
        rid = report_id(g, node) if is_report else ""
        title = ex.label_zh if lang == "zh" else ex.label_en
        return {
            "iri": str(node), "id": ex.id, "zh": ex.label_zh, "en": ex.label_en, "title": title,
            "other": ex.label_en if lang == "zh" else ex.label_zh, "classes": classes, "aliases": ex.aliases,
            "notes": ex.notes, "stated_in": ex.stated_in, "reports": reports,
            "facts": [fact(f) for f in ex.facts if f.direction == "out"],
            "linked": [fact(f) for f in ex.facts if f.direction == "in"],
            "evidence": [self.quote(q) for q in evidence], "background": ex.background, "inference": inference,
            "inferred": is_inferred(g, node),
            "report_text": link.source(rid) if is_report and node in self.texts else "",
            "svg": self.neighbourhood(node, f"{title} · {self.text['neighbours']}"),
        }

    # --- whole pages

    def render(self, template: str, **kw: object) -> str:
        html = self.env.get_template(template).render(
            lang=self.lang, t=self.text, version=__version__, csp=NO_SCRIPT_CSP, home=self.linker.home(),
            index=self.linker.index(), style=Markup(asset("zgraph.pages", "static/graph.css")),
            extra_style=Markup(asset("zgraph.pages", "static/entity.css")), **kw)
        return fonts.embed(html)

    def page(self, node: URIRef, other_lang: str | None = None) -> str:
        """The HTML page of ``node``; ``other_lang`` is the link to the same page in the other language."""
        return self.render("entity.html", e=self.context(node), formats=self.linker.formats(node),
                           other_lang=other_lang)

    def index_page(self, nodes: Sequence[URIRef]) -> str:
        """Every page of the site, grouped by class."""
        groups: dict[str, list[dict[str, str]]] = {}
        for n in nodes:
            cls = node_class(self.g, n)
            key = label(self.g, cls, self.lang) if cls is not None else "?"
            groups.setdefault(key, []).append({"label": label(self.g, n, self.lang), "id": qname(n),
                                               "href": self.linker.page(n) or ""})
        rows: list[dict[str, object]] = [{"cls": k, "items": sorted(v, key=lambda x: x["id"])}
                                         for k, v in sorted(groups.items())]
        return self.render("entity_index.html", groups=rows, total=len(nodes))

    def not_found(self, wanted: str, suggestions: Sequence[str]) -> str:
        """A page for an IRI the graph does not know, with the nearest names (``label / label (id)``) as links."""
        items = []
        for s in suggestions:
            ident = s.rsplit("(", 1)[-1].rstrip(")") if s.endswith(")") else ""
            iri = expand(ident) if ident else None
            items.append({"text": s, "href": self.linker.page(iri) if iri is not None else None})
        return self.render("entity_missing.html", wanted=wanted, suggestions=items)


# ------------------------------------------------------------------------------------------------------ site

def page_nodes(g: Graph, static: bool = True) -> list[URIRef]:
    """The nodes that get a page: every typed zgraph IRI of ``id/`` and ``vocab/`` (the static site leaves out
    evidence and selectors, whose words are on their report's text page), by IRI."""
    out = set()
    for s in g.subjects(RDF.type, None):
        if isinstance(s, URIRef) and split_iri(str(s)) is not None and split_iri(str(s))[0] in ("id", "vocab"):  # type: ignore[index]
            if not (static and is_evidence(g, s)):
                out.add(s)
    return sorted(out)


def write_entity_pages(out_dir: Path, g: Graph, lang: str = "zh",
                       only: Sequence[URIRef] | None = None) -> list[Path]:
    """Write ``id/<local>.html``, ``vocab/<local>.html`` and ``id/index.html`` under ``out_dir`` (for every node
    of ``page_nodes``, or only those of ``only``: the index still lists them all); return the paths."""
    site = EntitySite(g, lang, Linker("../", static=True))
    every = page_nodes(g, static=True)
    nodes = every if only is None else [n for n in every if n in set(only)]
    written = []
    for n in nodes:
        kind, local = split_iri(str(n))  # type: ignore[misc]
        written.append(atomic.write_text(Path(out_dir) / kind / f"{local}.html", site.page(n)))
    written.append(atomic.write_text(Path(out_dir) / "id" / "index.html", site.index_page(every)))
    return written
