"""Grounding curated facts in a report's text: locate each quote, mint its evidence, place it in its section.

Curators attach the report's words to a node with ``zg:quote "…"``. Each quote must occur exactly once in the
report's text; it becomes a Web Annotation evidence node (``zgi:ev-<report>-<start>-<end>``) whose code-point
offsets are computed here, and the node gets ``prov:wasDerivedFrom`` it. Sections (the preamble, the directions
一、… and the numbered actions 一是 …) get their extent from where their headings sit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from zgraph.corpus.manifest import Report
from zgraph.model.errors import ZGraphError
from zgraph.model.labels import qname
from zgraph.model.namespaces import OA, ZG


class BuildError(ZGraphError):
    """A curated file asks for something the source does not support (a quote not found, or ambiguous)."""


@dataclass(frozen=True)
class Span:
    """A located quote: code-point offsets into the source text (end exclusive)."""

    start: int
    end: int
    exact: str


def locate(text: str, quote: str, where: str = "") -> Span:
    """Find ``quote`` in ``text``; it must occur exactly once, else the curator is told to lengthen it."""
    if not quote:
        raise BuildError(f"{where}: empty zg:quote")
    first = text.find(quote)
    if first < 0:
        raise BuildError(f"{where}: quote not found verbatim in the source: {quote!r}")
    if text.find(quote, first + 1) >= 0:
        raise BuildError(f"{where}: quote occurs more than once in the source; quote more words: {quote!r}")
    return Span(first, first + len(quote), quote)


def add_evidence(g: Graph, report: Report, span: Span) -> URIRef:
    """Add the evidence and selector nodes of a span of ``report`` (idempotent) and return the evidence node."""
    ev = report.evidence_iri(span.start, span.end)
    sel = URIRef(f"{ev}-selector")
    g.add((ev, RDF.type, ZG.Evidence))
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, report.iri))
    g.add((ev, OA.hasSelector, sel))
    g.add((ev, PROV.wasDerivedFrom, report.iri))
    g.add((sel, RDF.type, ZG.TextSpanSelector))
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, RDF.type, OA.TextQuoteSelector))
    g.add((sel, OA.exact, Literal(span.exact)))
    g.add((sel, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((sel, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    return ev


def resolve_quotes(g: Graph, report: Report, text: str) -> dict[URIRef, Span]:
    """Replace every ``zg:quote`` with ``prov:wasDerivedFrom`` an evidence node; return spans by evidence id."""
    spans: dict[URIRef, Span] = {}
    for s, q in sorted(g.subject_objects(ZG.quote)):
        span = locate(text, str(q), where=f"{report.id}: {qname(s)}")
        ev = add_evidence(g, report, span)
        spans[ev] = span
        g.remove((s, ZG.quote, q))
        g.add((s, PROV.wasDerivedFrom, ev))
    return spans


def section_extents(g: Graph, spans: dict[URIRef, Span], text_length: int) -> dict[URIRef, tuple[int, int, int]]:
    """Each section's (start, end, depth): from its heading to the next section of the same or a higher level."""
    heads: list[tuple[int, int, URIRef]] = []
    for cls, depth in ((ZG.ReportSection, 1), (ZG.Direction, 1), (ZG.Action, 2)):
        for sec in g.subjects(RDF.type, cls):
            starts = [spans[ev].start for ev in g.objects(sec, PROV.wasDerivedFrom)
                      if isinstance(ev, URIRef) and ev in spans]
            if not starts:
                raise BuildError(f"{qname(sec)}: a report section needs a zg:quote of its heading")
            if isinstance(sec, URIRef):
                heads.append((min(starts), depth, sec))
    heads = sorted(set(heads))
    extents: dict[URIRef, tuple[int, int, int]] = {}
    for i, (start, depth, sec) in enumerate(heads):
        end = next((s for s, d, _ in heads[i + 1 :] if d <= depth), text_length)
        extents[sec] = (start, end, depth)
    return extents


def place_in_sections(g: Graph, spans: dict[URIRef, Span], extents: dict[URIRef, tuple[int, int, int]]) -> None:
    """Record each section's extent, each span's innermost section, and where each node is stated."""
    for sec, (start, end, _) in extents.items():
        g.add((sec, ZG.spanStart, Literal(start)))
        g.add((sec, ZG.spanEnd, Literal(end)))
    for ev, span in spans.items():
        inner = [(depth, sec) for sec, (s, e, depth) in extents.items() if s <= span.start and span.end <= e]
        if inner:
            g.add((ev, ZG.inSection, max(inner)[1]))
    for node, source in list(g.subject_objects(PROV.wasDerivedFrom)):
        if not isinstance(node, URIRef) or node in extents or node in spans:  # sections and evidence: not facts
            continue
        for section in g.objects(source, ZG.inSection):
            g.add((node, ZG.statedIn, section))
