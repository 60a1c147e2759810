"""Drafting a report: run the rules in order and write the candidates as Turtle in the curated form.

Every drafted node carries ``zg:quote`` (words occurring exactly once in the text, so ``zgraph build`` can ground
them), ``zg:extractedBy`` (the rule) and ``zg:confidence`` (0–1). The draft is never merged into the corpus by
itself: ``zgraph review`` shows it to a person, who accepts, corrects or rejects each candidate.

Input is refused with one clear message (and nothing is written) when it is not UTF-8, empty, too large, or not a
report of this genre: no numbered directions, no 《documents》 and hardly a figure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from zgraph import __version__
from zgraph.corpus import Corpus, Report
from zgraph.corpus.add import read_text
from zgraph.extract.bodies import extract_bodies
from zgraph.extract.documents import extract_documents, titles
from zgraph.extract.enclaves import extract_enclaves
from zgraph.extract.figures import extract_figures
from zgraph.extract.industry import extract_industry
from zgraph.extract.lexicon import lexicon
from zgraph.extract.model import KINDS, Candidate, Context, ReportInfo
from zgraph.extract.places import containment, extract_places, mentions, support_nodes
from zgraph.extract.platforms import extract_platforms
from zgraph.extract.reuse import build_index
from zgraph.extract.segment import Layout, segment
from zgraph.model import atomic, gazetteer
from zgraph.model.errors import InputError
from zgraph.model.namespaces import ZG, ZGI, bind_all

#: The longest text `zgraph extract` drafts (a work summary runs to a few thousand characters).
MAX_CHARS = 200_000


@dataclass
class Draft:
    """The candidates drafted from one report, and their graph."""

    report: ReportInfo
    text: str
    layout: Layout
    candidates: list[Candidate] = field(default_factory=list)

    def by_kind(self) -> dict[str, list[Candidate]]:
        out: dict[str, list[Candidate]] = {k: [] for k in KINDS}
        for c in self.candidates:
            if c.kind in out:
                out[c.kind].append(c)
        return out

    def graph(self) -> Graph:
        """The draft as RDF in the curated form (zg:quote, not evidence)."""
        g = bind_all(Graph())
        for c in self.candidates:
            add_candidate(g, c)
        return g

    def turtle(self) -> str:
        """The draft as sorted Turtle with a header saying what it is."""
        counts = Counter(c.kind for c in self.candidates if c.kind != "support")
        head = [f"# Draft of report {self.report.id}, written by `zgraph extract` (zgraph {__version__}).",
                "# Candidates for review, NOT curated facts: each has the report's words (zg:quote), the rule that",
                "# proposed it (zg:extractedBy) and a confidence (zg:confidence). Review them with",
                f"#   zgraph review DRAFT.ttl --report {self.report.id}",
                "# Counts: " + ", ".join(f"{k} {counts[k]}" for k in KINDS if counts[k]), ""]
        body = self.graph().serialize(format="longturtle")
        return "\n".join(head) + body


def add_candidate(g: Graph, c: Candidate) -> None:
    """The triples of one candidate."""
    for cls in c.classes:
        g.add((c.iri, RDF.type, cls))
    g.add((c.iri, RDFS.label, Literal(c.zh, lang="zh")))
    g.add((c.iri, RDFS.label, Literal(c.en, lang="en")))
    for a in c.alt:
        if a != c.zh:
            g.add((c.iri, SKOS.altLabel, Literal(a, lang="zh")))
    for p, o in c.props:
        g.add((c.iri, p, o))
    for q in c.quotes:
        g.add((c.iri, ZG.quote, Literal(q)))
    if ZG.BackgroundSource not in c.classes:
        g.add((c.iri, ZG.extractedBy, Literal(c.rule)))
        g.add((c.iri, ZG.confidence, Literal(Decimal(str(round(c.confidence, 2))), datatype=XSD.decimal)))


def _structure(ctx: Context) -> None:
    report = ctx.report_iri
    d_iri: dict[int, URIRef] = {}
    for i, s in enumerate(ctx.layout.sections):
        if s.kind == "preamble":
            iri = ZGI[f"{ctx.report.id}-sec-preamble"]
            end = s.start
            for m in re.finditer(r"[,，]", ctx.text[s.start:s.end]):
                end = s.start + m.start()
                if end - s.start >= 12:
                    break
            cand = Candidate(iri, "structure", [ZG.ReportSection], "导语", "Preamble", "structure.preamble", 0.9,
                             anchor=s.start)
            cand.add(DCTERMS.isPartOf, report).add(ZG.ordinal, 0)
            cand.quote(ctx.unique_quote(s.start, max(end, s.start + 12)))
        elif s.kind == "direction":
            iri = ZGI[f"{ctx.report.id}-sec-d{s.ordinal}"]
            d_iri[i] = iri
            cand = Candidate(iri, "structure", [ZG.Direction], s.label, f"Direction {s.ordinal} (to translate)",
                             "structure.direction", 0.95, anchor=s.start)
            cand.add(DCTERMS.isPartOf, report).add(ZG.ordinal, s.ordinal)
            cand.quote(ctx.unique_quote(s.start, s.start + len(s.heading)))
        else:
            parent = d_iri[s.parent]  # type: ignore[index]
            iri = URIRef(f"{parent}-a{s.ordinal}")
            cand = Candidate(iri, "structure", [ZG.Action], s.label, f"Action {s.ordinal} (to translate)",
                             "structure.action", 0.9, anchor=s.start)
            cand.add(DCTERMS.isPartOf, parent).add(ZG.ordinal, s.ordinal)
            cand.quote(ctx.unique_quote(s.start, s.start + len(s.heading)))
        ctx.add(cand)


def _check_genre(ctx: Context) -> None:
    figures = len(ctx.of_kind("figures"))
    documents = len(ctx.of_kind("documents"))
    if len(ctx.layout.directions) < 2 and not ctx.layout.actions and documents == 0 and figures < 3:
        raise InputError(
            f"{ctx.report.id}: this does not read like a work report of the genre zgraph drafts (no numbered "
            f"directions 一、二、…, no numbered actions 一是 / （一） / 1., no 《documents》, {figures} figure(s)); "
            "nothing was drafted")


def extract_text(text: str, report: ReportInfo, corpus: Corpus | None = None) -> Draft:
    """Draft the graph of ``text`` (the report ``report``; entities of ``corpus``'s other reports are reused)."""
    if not text.strip():
        raise InputError(f"{report.id}: the text is empty")
    if len(text) > MAX_CHARS:
        raise InputError(f"{report.id}: {len(text):,} characters is too large to draft (at most {MAX_CHARS:,}); "
                         "split it into its reports")
    layout = segment(text, report.title or None)
    ctx = Context(text, layout, lexicon(), report, build_index(corpus, exclude=report.id))
    ctx.titles = [(s, e) for s, e, _ in titles(text)]
    _structure(ctx)
    extract_places(ctx)
    extract_bodies(ctx)
    extract_documents(ctx)
    extract_enclaves(ctx)
    extract_industry(ctx)
    extract_platforms(ctx)
    containment(ctx)
    mentions(ctx)
    extract_figures(ctx)
    _check_genre(ctx)
    used = {o for c in ctx.candidates.values() for _, o in c.props if isinstance(o, URIRef)}
    for node in support_nodes():
        if node.iri in used:
            ctx.add(node)
    kept = []
    for c in ctx.candidates.values():
        c.quotes = [q for q in c.quotes if q and text.count(q) == 1]
        if c.quotes or c.kind == "support":
            kept.append(c)
    kept.sort(key=lambda c: (KINDS.index(c.kind) if c.kind in KINDS else len(KINDS), c.anchor, str(c.iri)))
    return Draft(report, text, layout, kept)


def guess_report(text: str, report_id: str) -> ReportInfo:
    """What a text says about itself when it is not registered: its title line, place and year."""
    layout = segment(text)
    title = layout.title.text if layout.title else ""
    year = re.search(r"((?:19|20)\d\d)年", text)
    place, code = "", ""
    for m in re.finditer(r"[\u4e00-\u9fff]{2,4}?市", text[:400]):
        found = gazetteer.by_name(m.group(0))
        if found and found[0].level == "prefecture":
            place, code = m.group(0), found[0].code
            break
    return ReportInfo(report_id, title, place, code, int(year.group(1)) if year else 0)


def info(report: Report) -> ReportInfo:
    """The manifest's entry as what the rules know about the report."""
    year = report.year or int((re.search(r"(?:19|20)\d\d", report.period) or [0])[0] or 0)
    return ReportInfo(report.id, report.title, report.place, report.place_code, year, report.fictional)


def extract_file(path: Path, report_id: str, corpus: Corpus | None = None) -> Draft:
    """Draft a report's text file (checked: UTF-8, not empty, not too large)."""
    _data, text = read_text(Path(path))
    report = None
    if corpus is not None:
        report = next((r for r in corpus.reports() if r.id == report_id), None)
    return extract_text(text, info(report) if report else guess_report(text, report_id), corpus)


def extract_report(corpus: Corpus, report_id: str) -> Draft:
    """Draft a report registered in ``corpus`` (its text as shipped)."""
    report = corpus.report(report_id)
    return extract_text(corpus.text(report), info(report), corpus)


def write(draft: Draft, out: Path) -> Path:
    """Write the draft atomically."""
    return atomic.write_text(out, draft.turtle())
