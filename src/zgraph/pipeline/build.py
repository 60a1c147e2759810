"""The build: every report's curated Turtle and text -> its built graph; all reports -> one graph.

For each report of the manifest, the build reads ``curated/<id>/*.ttl``, makes the report's node from its
manifest entry, grounds every ``zg:quote`` in the report's text (``quotes``), applies the inference rules of
``rules/*.rq`` (``rules``), derives the ``zg:assists`` shortcuts and records which report each fact comes from
(``zg:reportedIn``). Then it
checks that the entities reports share agree (``zgraph.corpus.shared``) and writes, sorted and byte-stable,
``built/<id>.ttl`` per report and ``triples.ttl`` with all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from zgraph.corpus import Corpus, Report, shared
from zgraph.model import atomic
from zgraph.model.errors import InputError
from zgraph.model.labels import ordered, qname
from zgraph.model.loading import load_files
from zgraph.model.namespaces import OA, ZG, ZGI, bind_all
from zgraph.pipeline.quotes import BuildError, Span, add_evidence, place_in_sections, resolve_quotes, section_extents
from zgraph.pipeline.rules import apply_rules

__all__ = ["BuildError", "Built", "build", "build_corpus", "build_report", "is_current", "serialize"]

#: The background source of what the manifest says about a report (place, period, origin…), not its text.
MANIFEST_SOURCE = ZGI["src-manifest"]
HEADER = b"# Built by `zgraph build` from data/reports.toml, data/curated/ and data/sources/: do not edit by hand.\n"


@dataclass
class Built:
    """The outcome of a build: each report's graph, by id, and the union of all of them."""

    reports: dict[str, Graph] = field(default_factory=dict)
    union: Graph = field(default_factory=Graph)


def add_manifest_source(g: Graph) -> None:
    """The background source node that report metadata cites."""
    g.add((MANIFEST_SOURCE, RDF.type, ZG.BackgroundSource))
    g.add((MANIFEST_SOURCE, RDFS.label, Literal("zgraph 报告清单（data/reports.toml）", lang="zh")))
    g.add((MANIFEST_SOURCE, RDFS.label, Literal("zgraph report manifest (data/reports.toml)", lang="en")))
    g.add((MANIFEST_SOURCE, RDFS.comment, Literal(
        "What the curator who registered a report recorded about it from outside its text: where it came from, "
        "its place and period, its publication date and issuing body when known.", lang="en")))


def _place_node(g: Graph, report: Report) -> URIRef | None:
    """The place the report is about, among the report's own nodes: by division code, else by its Chinese name."""
    if report.place_code:
        for node in ordered(g.subjects(ZG.divisionCode, Literal(report.place_code))):
            if isinstance(node, URIRef):
                return node
    if report.place:
        for node in ordered(g.subjects(RDFS.label, Literal(report.place, lang="zh"))):
            if isinstance(node, URIRef) and (node, RDF.type, None) in g:
                return node
    return None


def add_report_node(g: Graph, report: Report, text: str) -> None:
    """The report's node, from its manifest entry; its title is also grounded in the text where it is printed."""
    r = report.iri
    g.add((r, RDF.type, ZG.Report))
    g.add((r, RDFS.label, Literal(report.title, lang="zh")))
    g.add((r, RDFS.label, Literal(report.title_en or report.id, lang="en")))
    g.add((r, DCTERMS.title, Literal(report.title, lang="zh")))
    g.add((r, DCTERMS.identifier, Literal(report.id)))
    g.add((r, ZG.sourceFile, Literal(report.source)))
    g.add((r, DCTERMS.language, Literal(report.language)))
    if report.sha256:
        g.add((r, ZG.sha256, Literal(report.sha256)))
    if report.year:
        g.add((r, DCTERMS.temporal, Literal(str(report.year), datatype=XSD.gYear)))
    if report.period:
        g.add((r, ZG.period, Literal(report.period)))
    if report.published:
        g.add((r, DCTERMS.issued, Literal(report.published, datatype=XSD.date)))
    if report.origin:
        g.add((r, DCTERMS.source, URIRef(report.origin)))
    if report.issuer:
        g.add((r, ZG.issuerName, Literal(report.issuer, lang=report.language)))
    if report.place:
        g.add((r, ZG.placeName, Literal(report.place, lang=report.language)))
    if report.place_code:
        g.add((r, ZG.placeCode, Literal(report.place_code)))
    place = _place_node(g, report)
    if place is not None:
        g.add((r, DCTERMS.spatial, place))
    if report.fictional:
        g.add((r, ZG.fictional, Literal(True)))
    if report.note:
        g.add((r, RDFS.comment, Literal(report.note, lang="en")))
    add_manifest_source(g)
    g.add((r, PROV.wasDerivedFrom, MANIFEST_SOURCE))
    at = text.find(report.title)
    if at >= 0:
        g.add((r, PROV.wasDerivedFrom, add_evidence(g, report, Span(at, at + len(report.title), report.title))))


def derive_assists(g: Graph) -> None:
    """Derive the binary shortcut ``zg:assists`` from every pairing node (never the reverse)."""
    for pairing in list(g.subjects(RDF.type, ZG.Pairing)):
        a, b = g.value(pairing, ZG.assistingParty), g.value(pairing, ZG.assistedParty)
        if a is not None and b is not None:
            g.add((a, ZG.assists, b))


def mark_reported_in(g: Graph, report: Report) -> None:
    """``zg:reportedIn`` the report on every node its words state, and on every node inferred in its build."""
    evidence = set(g.subjects(OA.hasSource, report.iri))
    for node, ev in list(g.subject_objects(PROV.wasDerivedFrom)):
        if ev in evidence and node not in evidence and node != report.iri:
            g.add((node, ZG.reportedIn, report.iri))
    for node in list(g.subjects(PROV.wasGeneratedBy, None)):
        g.add((node, ZG.reportedIn, report.iri))


def build_report(corpus: Corpus, report: Report) -> Graph:
    """The built graph of one report (its curated files may be none yet: then it holds the report's node)."""
    g = load_files(corpus.curated_files(report))
    for s, _, _ in g:
        if not isinstance(s, URIRef):
            raise BuildError(f"{report.id}: curated data must not use blank nodes (they make the output "
                             "unstable); mint a zgi: IRI")
    for node in ordered(g.subjects(RDF.type, ZG.Report)):
        if node != report.iri:
            raise BuildError(f"{report.id}: curated data describes the report {qname(node)}; a report's node comes "
                             f"from data/reports.toml and is {qname(report.iri)}")
    text = corpus.text(report)
    spans = resolve_quotes(g, report, text)
    add_report_node(g, report, text)
    place_in_sections(g, spans, section_extents(g, spans, len(text)))
    apply_rules(g)
    derive_assists(g)
    mark_reported_in(g, report)
    return bind_all(g)


def build_corpus(corpus: Corpus | None = None) -> Built:
    """Build every report of the corpus, check what they share, and join them into one graph."""
    corpus = corpus or Corpus()
    reports = corpus.reports()
    if not reports:
        raise InputError(f"{corpus.manifest}: no reports; register one with `zgraph add REPORT.txt --id …`")
    built = Built()
    for report in reports:
        built.reports[report.id] = build_report(corpus, report)
    problems = shared.conflicts(built.reports)
    if problems:
        raise BuildError("reports disagree about entities they share:\n" + "\n".join(f"- {p}" for p in problems))
    built.union = bind_all(Graph())
    for g in built.reports.values():
        built.union += g
    return built


def serialize(g: Graph) -> bytes:
    """Sorted, stable Turtle (rdflib's longturtle sorts subjects and predicates)."""
    return HEADER + g.serialize(format="longturtle", encoding="utf-8")


def outputs(built: Built, corpus: Corpus, out: Path | None = None) -> dict[Path, bytes]:
    """What a build writes: the union (to ``out`` if given) and, unless ``out`` is given, each report's graph."""
    files = {out or corpus.union: serialize(built.union)}
    if out is None:
        for report in corpus.reports():
            files[corpus.built_file(report)] = serialize(built.reports[report.id])
    return files


def build(out: Path | None = None, corpus: Corpus | None = None) -> list[Path]:
    """Build and write atomically; built graphs of reports no longer in the manifest are removed."""
    corpus = corpus or Corpus()
    files = outputs(build_corpus(corpus), corpus, out)
    written = [atomic.write_bytes(path, data) for path, data in files.items()]
    if out is None and corpus.built.is_dir():
        for old in sorted(corpus.built.glob("*.ttl")):
            if old not in files:
                old.unlink()
    return written


def stale(out: Path | None = None, corpus: Corpus | None = None) -> list[Path]:
    """The written files that differ from a fresh build (empty when everything is current)."""
    corpus = corpus or Corpus()
    files = outputs(build_corpus(corpus), corpus, out)
    extra = [] if out is not None or not corpus.built.is_dir() else [
        p for p in sorted(corpus.built.glob("*.ttl")) if p not in files]
    return [p for p, data in files.items() if not p.is_file() or p.read_bytes() != data] + extra


def is_current(out: Path | None = None, corpus: Corpus | None = None) -> bool:
    """True when every written file equals a fresh build byte for byte."""
    return not stale(out, corpus)
