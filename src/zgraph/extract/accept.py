"""Writing reviewed facts into a report's curated folder: merged, atomic, never losing earlier curation.

Accepted (or edited and accepted) candidates go into one file of the report's curated folder,
``curated/<id>/80-reviewed.ttl``; no other file is touched. A candidate already curated in another file of the
report is left alone (and reported). Reviewing again replaces a node's earlier reviewed triples instead of adding
to them, so nothing is duplicated. Each written node points to the ``zg:Review`` that accepted it (who, from
``--reviewer`` or $USER, and when, from the clock) and says whether it was accepted as drafted or edited. A link
to a candidate that was not accepted, is not curated and is not in the corpus is dropped (and reported); the
background sources and inferences an accepted node relies on are written with it. The merged file must parse and
its quotes must each occur exactly once in the report's text before it replaces the old one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from zgraph.corpus import Corpus, Report
from zgraph.extract.numbers import canonical, parse_value
from zgraph.extract.reuse import build_index
from zgraph.model import atomic
from zgraph.model.errors import InputError
from zgraph.model.labels import qname
from zgraph.model.loading import load_files
from zgraph.model.namespaces import ZG, ZGI, bind_all

REVIEWED_FILE = "80-reviewed.ttl"
HEADER = ("# Facts of report {id} accepted in `zgraph review` (drafted by `zgraph extract`; each node says which\n"
          "# rule drafted it, and zg:reviewedIn the review that accepted it). Edit with care: reviewing again merges\n"
          "# here.\n")
#: Nodes written along with an accepted node that relies on them (they carry no quote of their own).
SUPPORT = (ZG.BackgroundSource, ZG.Inference)


@dataclass(frozen=True)
class Decision:
    """What the reviewer decided about one candidate, with the edited labels or value."""

    iri: URIRef
    action: str  # "accept" | "edit" | "reject"
    zh: str | None = None
    en: str | None = None
    value: str | None = None


@dataclass
class Written:
    """What a review wrote."""

    path: str
    accepted: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    """A readable id part for a reviewer's name (a digest of it when it has no Latin letters or digits)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "u" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _edit(node: Graph, iri: URIRef, d: Decision) -> bool:
    """Apply a decision's edits to the node's triples; True when something changed."""
    changed = False
    for lang, new in (("zh", d.zh), ("en", d.en)):
        if new is None:
            continue
        new = new.strip()
        old = [o for o in node.objects(iri, RDFS.label) if isinstance(o, Literal) and o.language == lang]
        if new and [str(o) for o in old] != [new]:
            for o in old:
                node.remove((iri, RDFS.label, o))
            node.add((iri, RDFS.label, Literal(new, lang=lang)))
            changed = True
    if d.value is not None and d.value.strip() and (iri, RDF.type, ZG.Observation) in node:
        printed = d.value.strip()
        try:
            value = parse_value(printed)
        except (ValueError, ArithmeticError):
            raise InputError(f"{qname(iri)}: {printed!r} is not a number (write 65.15 or 三亿五千万)") from None
        current = node.value(iri, ZG.value)
        if current is None or Decimal(str(current)) != value or str(node.value(iri, ZG.valueAsPrinted)) != printed:
            mult = int(str(node.value(iri, ZG.unitMultiplier) or 0))
            for p in (ZG.valueAsPrinted, ZG.value, ZG.valueMin, ZG.valueMax, ZG.normalisedValue):
                node.remove((iri, p, None))
            node.add((iri, ZG.valueAsPrinted, Literal(printed)))
            node.add((iri, ZG.value, Literal(canonical(value), datatype=XSD.decimal)))
            node.add((iri, ZG.normalisedValue, Literal(canonical(value.scaleb(mult)), datatype=XSD.decimal)))
            changed = True
    return changed


def write_reviewed(corpus: Corpus, report: Report, draft: Graph, decisions: list[Decision], reviewer: str,
                   when: datetime) -> Written:
    """Merge the accepted candidates into ``curated/<id>/80-reviewed.ttl`` and return what was done."""
    folder = corpus.curated / report.id
    target = folder / REVIEWED_FILE
    text = corpus.text(report)
    others = [f for f in corpus.curated_files(report) if f.name != REVIEWED_FILE]
    curated = load_files(others)
    curated_nodes = {s for s in curated.subjects(RDF.type, None)}
    reviewed = load_files([target]) if target.is_file() else bind_all(Graph())
    index = build_index(corpus, exclude=report.id)
    corpus_iris = {k.iri for k in index.by_code.values()} | {k.iri for ks in index.by_name.values() for k in ks}
    accepted = {d.iri for d in decisions if d.action in ("accept", "edit")}
    done = Written(str(target))
    stamp = when.strftime("%Y%m%dT%H%M%S")
    activity = ZGI[f"review-{report.id}-{stamp}"]
    person = ZGI[f"person-{_slug(reviewer)}"]
    wrote_any = False
    for d in decisions:
        if d.action == "reject":
            done.rejected.append(qname(d.iri))
            continue
        if d.action not in ("accept", "edit"):
            continue
        if d.iri in curated_nodes:
            done.skipped.append(f"{qname(d.iri)}: already curated in another file of {report.id}")
            continue
        node = Graph()
        for p, o in draft.predicate_objects(d.iri):
            node.add((d.iri, p, o))
        if not len(node):
            done.skipped.append(f"{qname(d.iri)}: not in the draft")
            continue
        edited = _edit(node, d.iri, d)
        for s, p, o in list(node):
            if not isinstance(o, URIRef) or p == RDF.type or o == d.iri or not str(o).startswith(str(ZGI)):
                continue
            if any((o, RDF.type, c) in draft for c in SUPPORT):
                for sp, so in draft.predicate_objects(o):
                    reviewed.add((o, sp, so))
                continue
            in_draft = (o, RDF.type, None) in draft
            if in_draft and o not in accepted and o not in curated_nodes and (o, RDF.type, None) not in reviewed \
                    and o not in corpus_iris:
                node.remove((s, p, o))
                done.dropped.append(f"{qname(d.iri)} {qname(p)} {qname(o)}: {qname(o)} was not accepted")
        reviewed.remove((d.iri, None, None))
        reviewed += node
        reviewed.add((d.iri, ZG.reviewedIn, activity))
        reviewed.add((d.iri, ZG.reviewDecision, Literal("edited" if edited else "accepted")))
        (done.edited if edited else done.accepted).append(qname(d.iri))
        wrote_any = True
    if not wrote_any:
        return done
    reviewed.add((activity, RDF.type, ZG.Review))
    reviewed.add((activity, RDF.type, PROV.Activity))
    zh = f"{report.id} 草稿审核（{reviewer}，{when:%Y-%m-%d %H:%M}）"
    reviewed.add((activity, RDFS.label, Literal(zh, lang="zh")))
    reviewed.add((activity, RDFS.label, Literal(f"review of the {report.id} draft by {reviewer}, "
                                                f"{when:%Y-%m-%d %H:%M}", lang="en")))
    reviewed.add((activity, PROV.wasAssociatedWith, person))
    reviewed.add((activity, PROV.endedAtTime, Literal(when.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    reviewed.add((person, RDF.type, PROV.Person))
    reviewed.add((person, RDFS.label, Literal(reviewer)))
    used = set(reviewed.objects(None, ZG.reviewedIn))
    for old in set(reviewed.subjects(RDF.type, ZG.Review)) - used:
        reviewed.remove((old, None, None))
    _check(reviewed, text, target)
    data = HEADER.format(id=report.id) + bind_all(reviewed).serialize(format="longturtle")
    Graph().parse(data=data, format="turtle")  # what is written must read back
    atomic.write_text(target, data)
    return done


def _check(g: Graph, text: str, target: object) -> None:
    for s, q in g.subject_objects(ZG.quote):
        words = str(q)
        first = text.find(words)
        if first < 0 or text.find(words, first + 1) >= 0:
            raise InputError(f"{target}: the quote of {qname(s)} does not occur exactly once in the report's text: "
                             f"{words!r}; nothing was written")
