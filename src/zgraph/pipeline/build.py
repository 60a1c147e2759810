"""The data build: curated Turtle + source text -> data/triples.ttl.

Curators write facts in ``data/curated/*.ttl`` and attach the report's words to each node with ``zg:quote``.
The build finds every quote in the source (it must occur exactly once), replaces it with a Web Annotation
evidence node whose offsets are computed here, places each span in its report section, applies the
inference rule for county-level pairings, derives ``zg:assists`` shortcuts and writes sorted Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from zgraph.model import atomic, paths, sources
from zgraph.model.errors import InputError, ZGraphError
from zgraph.model.labels import label
from zgraph.model.loading import load_files
from zgraph.model.namespaces import OA, SCHEMA, ZG, ZGI, ZGV, bind_all

#: The node whose quote justifies the county-pairing rule (the report's general statement of county pairings).
COUNTY_PAIRING_STATEMENT = ZGI["mech-county-pairing"]
GUANGZHOU = ZGI["place-guangzhou"]
ZHANJIANG = ZGI["place-zhanjiang"]
PAIRING_RULE = (
    "The report says all 9 Zhanjiang county-level units built county-level pairing relations with Guangzhou's "
    "4 assisting districts, and that each unit lays out its reverse enclave in Guangzhou through that pairing "
    "mechanism. So when a Zhanjiang county-level unit (zg:origin) sets up, selects or studies a county-level "
    "reverse enclave in a Guangzhou district (zg:host), that district is taken to assist that unit."
)
PAIRING_RULE_ZH = "湛江县(市、区)通过对口帮扶协作机制在广州某区布局“反向飞地”,则推断该区与该县(市、区)结对帮扶。"


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


def evidence_iri(span: Span) -> URIRef:
    """Stable id of an evidence span: its zero-padded offsets."""
    return ZGI[f"ev-{span.start:05d}-{span.end:05d}"]


def the_report(g: Graph) -> tuple[URIRef, str]:
    """The one zg:Report of the curated data and the name of its source file."""
    reports = sorted(set(g.subjects(RDF.type, ZG.Report)))
    if len(reports) != 1:
        raise BuildError(f"curated data must describe exactly one zg:Report, found {len(reports)}")
    report = reports[0]
    name = g.value(report, ZG.sourceFile)
    if name is None:
        raise BuildError(f"{report}: zg:sourceFile (the file name under data/sources/) is missing")
    return report, str(name)


def add_evidence(g: Graph, report: URIRef, span: Span) -> URIRef:
    """Add the evidence and selector nodes of a span (idempotent) and return the evidence node."""
    ev = evidence_iri(span)
    sel = URIRef(f"{ev}-selector")
    g.add((ev, RDF.type, ZG.Evidence))
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, report))
    g.add((ev, OA.hasSelector, sel))
    g.add((ev, PROV.wasDerivedFrom, report))
    g.add((sel, RDF.type, ZG.TextSpanSelector))
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, RDF.type, OA.TextQuoteSelector))
    g.add((sel, OA.exact, Literal(span.exact)))
    g.add((sel, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((sel, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    return ev


def resolve_quotes(g: Graph, report: URIRef, text: str) -> dict[URIRef, Span]:
    """Replace every ``zg:quote`` with ``prov:wasDerivedFrom`` an evidence node; return spans by evidence id."""
    spans: dict[URIRef, Span] = {}
    for s, q in sorted(g.subject_objects(ZG.quote)):
        span = locate(text, str(q), where=str(s).replace(str(ZGI), "zgi:"))
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
            starts = [spans[ev].start for ev in g.objects(sec, PROV.wasDerivedFrom) if ev in spans]
            if not starts:
                raise BuildError(f"{sec}: a report section needs a zg:quote of its heading")
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
    for node, ev in list(g.subject_objects(PROV.wasDerivedFrom)):
        if node in extents or node in spans:  # sections and evidence are where facts are said, not facts
            continue
        for sec in g.objects(ev, ZG.inSection):
            g.add((node, ZG.statedIn, sec))


def _slug(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1].removeprefix("place-")


def infer_county_pairings(g: Graph) -> list[URIRef]:
    """Apply the pairing rule: a county-level enclave of a Zhanjiang unit in a Guangzhou district implies a pairing."""
    if (COUNTY_PAIRING_STATEMENT, None, None) not in g:
        raise BuildError(f"{COUNTY_PAIRING_STATEMENT}: the county-pairing statement the rule rests on is missing")
    made: list[URIRef] = []
    for enclave in sorted(g.subjects(ZG.enclaveType, ZGV["enclave-type-county"])):
        origin, host = g.value(enclave, ZG.origin), g.value(enclave, ZG.host)
        if origin is None or host is None:
            continue
        if (origin, SCHEMA.containedInPlace, ZHANJIANG) not in g or (host, SCHEMA.containedInPlace, GUANGZHOU) not in g:
            continue
        pairing = ZGI[f"pairing-{_slug(host)}-{_slug(origin)}"]
        activity = ZGI[f"inference-pairing-{_slug(host)}-{_slug(origin)}"]
        if (pairing, RDF.type, ZG.Pairing) in g:
            g.add((activity, PROV.used, enclave))
            g.add((pairing, PROV.wasDerivedFrom, enclave))
            continue
        g.add((activity, RDF.type, ZG.Inference))
        g.add((activity, RDFS.label, Literal(f"推断：{label(g, host, 'zh')}帮扶{label(g, origin, 'zh')}", lang="zh")))
        g.add((activity, RDFS.label, Literal(
            f"inference: {label(g, host, 'en')} assists {label(g, origin, 'en')}", lang="en")))
        g.add((activity, ZG.rule, Literal(PAIRING_RULE, lang="en")))
        g.add((activity, ZG.rule, Literal(PAIRING_RULE_ZH, lang="zh")))
        g.add((activity, PROV.used, enclave))
        g.add((activity, PROV.used, COUNTY_PAIRING_STATEMENT))
        g.add((pairing, RDF.type, ZG.Pairing))
        g.add((pairing, RDFS.label, Literal(f"{label(g, host, 'zh')}—{label(g, origin, 'zh')}结对帮扶", lang="zh")))
        g.add((pairing, RDFS.label, Literal(
            f"{label(g, host, 'en')} – {label(g, origin, 'en')} county-level pairing", lang="en")))
        g.add((pairing, ZG.assistingParty, host))
        g.add((pairing, ZG.assistedParty, origin))
        g.add((pairing, ZG.pairingLevel, ZGV["level-county"]))
        g.add((pairing, ZG.assertionBasis, ZGV["basis-inferred"]))
        g.add((pairing, PROV.wasGeneratedBy, activity))
        g.add((pairing, PROV.wasDerivedFrom, enclave))
        g.add((pairing, PROV.wasDerivedFrom, COUNTY_PAIRING_STATEMENT))
        made.append(pairing)
    return made


def keep_printed_values(g: Graph) -> None:
    """Record each observation's value as printed (``zg:valueText``) before the writer normalises the decimal."""
    for obs, value in list(g.subject_objects(ZG.valueAsPrinted)):
        if (obs, ZG.valueText, None) not in g and isinstance(value, Literal):
            g.add((obs, ZG.valueText, Literal(str(value))))


def derive_assists(g: Graph) -> None:
    """Derive the binary shortcut ``zg:assists`` from every pairing node (never the reverse)."""
    for pairing in list(g.subjects(RDF.type, ZG.Pairing)):
        a, b = g.value(pairing, ZG.assistingParty), g.value(pairing, ZG.assistedParty)
        if a is not None and b is not None:
            g.add((a, ZG.assists, b))


def build_graph(curated: list[Path] | None = None) -> Graph:
    """Build the data graph from the curated files (default: every ``data/curated/*.ttl``)."""
    files = curated if curated is not None else sorted(paths.CURATED_DIR.glob("*.ttl"))
    if not files:
        raise InputError(f"no curated Turtle files in {paths.CURATED_DIR}")
    g = load_files(files)
    for s, _, _ in g.triples((None, None, None)):
        if not isinstance(s, URIRef):
            raise BuildError("curated data must not use blank nodes (they make the output unstable); mint a zgi: IRI")
    report, source = the_report(g)
    text = sources.source_text(source)
    spans = resolve_quotes(g, report, text)
    place_in_sections(g, spans, section_extents(g, spans, len(text)))
    infer_county_pairings(g)
    derive_assists(g)
    keep_printed_values(g)
    return bind_all(g)


def serialize(g: Graph) -> bytes:
    """Sorted, stable Turtle (rdflib's longturtle sorts subjects and predicates)."""
    data = g.serialize(format="longturtle", encoding="utf-8")
    header = b"# Built by `zgraph build` from data/curated/*.ttl and data/sources/: do not edit by hand.\n"
    return header + data


def build(out: Path | None = None, curated: list[Path] | None = None) -> Path:
    """Build and write the data graph atomically; return the path written."""
    out = out or paths.DATA
    return atomic.write_bytes(out, serialize(build_graph(curated)))


def is_current(out: Path | None = None) -> bool:
    """True when the written data graph equals a fresh build byte for byte."""
    out = out or paths.DATA
    return out.is_file() and out.read_bytes() == serialize(build_graph())
