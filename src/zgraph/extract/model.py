"""Candidates and the extraction context: one drafted node each, the words behind it, the rule and its confidence.

A :class:`Candidate` is what a rule proposes: a node with its classes, labels, properties and quotes (each quote
lengthened until it occurs exactly once in the text, so that ``zgraph build`` can ground it). The
:class:`Context` holds the text, its layout, the lexicons and the corpus index, mints readable IRIs, and keeps one
candidate per entity (a place, body or document named twice is one node with two quotes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from zgraph.extract.lexicon import Lexicon
from zgraph.extract.reuse import Index, Known
from zgraph.extract.segment import Layout
from zgraph.model.namespaces import ZG, ZGI

#: The kinds of candidates, in the order the draft and the review page list them.
KINDS = ("structure", "documents", "figures", "places", "bodies", "enclaves", "pairings", "platforms", "projects",
         "enterprises")


@dataclass
class Candidate:
    """One drafted node."""

    iri: URIRef
    kind: str
    classes: list[URIRef]
    zh: str
    en: str
    rule: str
    confidence: float
    quotes: list[str] = field(default_factory=list)
    alt: list[str] = field(default_factory=list)
    props: list[tuple[URIRef, Node]] = field(default_factory=list)
    anchor: int = 0  # where it is first said (for ordering)
    reused: bool = False

    def add(self, prop: URIRef, value: Node | str | int | float | bool | None) -> Candidate:
        """Add a property value (Python values become literals; None is ignored; no duplicates)."""
        if value is None:
            return self
        node = value if isinstance(value, Node) else Literal(value)
        if (prop, node) not in self.props:
            self.props.append((prop, node))
        return self

    def values(self, prop: URIRef) -> list[Node]:
        return [o for p, o in self.props if p == prop]

    def quote(self, words: str, cap: int = 4) -> Candidate:
        """Add the words behind it (at most ``cap`` quotes: the first mentions are enough evidence to review)."""
        if words and words not in self.quotes and len(self.quotes) < cap:
            self.quotes.append(words)
        return self


@dataclass(frozen=True)
class ReportInfo:
    """What is known about the report being drafted (from the manifest, or guessed from the text)."""

    id: str
    title: str
    place: str = ""
    place_code: str = ""
    year: int = 0
    fictional: bool = False
    province_code: str = ""  # the two-digit province of the report (its place's, else the one the text names most)


def norm(name: str) -> str:
    """A name for comparison: NFKC (full-width to ASCII), no blanks, no quotation marks or title brackets."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s“”\"‘’'《》「」]", "", text)


@dataclass
class Context:
    """Everything the rules share while drafting one report."""

    text: str
    layout: Layout
    lex: Lexicon
    report: ReportInfo
    index: Index
    candidates: dict[URIRef, Candidate] = field(default_factory=dict)
    by_name: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    titles: list[tuple[int, int]] = field(default_factory=list)  # spans of 《…》 (inside them nothing else is read)

    @property
    def report_iri(self) -> URIRef:
        return ZGI[f"report-{self.report.id}"]

    def mint(self, kind: str) -> URIRef:
        """A fresh report-local IRI: ``zgi:<report-id>-<kind>-NN``."""
        n = self.counters.get(kind, 0) + 1
        self.counters[kind] = n
        return ZGI[f"{self.report.id}-{kind}-{n:02d}"]

    def in_title(self, start: int, end: int | None = None) -> bool:
        """True when the span lies inside a 《title》."""
        end = start + 1 if end is None else end
        return any(a <= start and end <= b for a, b in self.titles)

    def unique_quote(self, start: int, end: int) -> str:
        """The words ``text[start:end]``, lengthened until they occur exactly once: first to the whole clause
        (up to ，；。), then to the statement and the sentence, then a character at a time (right, then left)."""
        text = self.text
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start] in " \t\n\u3000":
            start += 1
        while end > start and text[end - 1] in " \t\n\u3000":
            end -= 1

        def unique(a: int, b: int) -> bool:
            words = text[a:b]
            return bool(words) and text.find(words, text.find(words) + 1) < 0

        if unique(start, end):
            return text[start:end]
        for stops in ("，,；;。！？\n", "；;。！？\n", "。！？\n"):
            a, b = start, end
            while a > 0 and text[a - 1] not in stops:
                a -= 1
            while b < len(text) and text[b] not in stops:
                b += 1
            if unique(a, b):
                return text[a:b]
        toggle = True
        while not unique(start, end):
            right = end < len(text) and text[end] != "\n"
            left = start > 0 and text[start - 1] != "\n"
            if not (right or left):
                break  # a whole line printed twice: the draft drops the quote
            if right and (toggle or not left):
                end += 1
            else:
                start -= 1
            toggle = not toggle
        return text[start:end]

    def add(self, cand: Candidate) -> Candidate:
        """Register a candidate (a second one with the same IRI is merged into the first)."""
        old = self.candidates.get(cand.iri)
        if old is None:
            self.candidates[cand.iri] = cand
            return cand
        for q in cand.quotes:
            old.quote(q)
        for p, o in cand.props:
            old.add(p, o)
        for a in cand.alt:
            if a not in old.alt and a != old.zh:
                old.alt.append(a)
        return old

    def entity(self, group: str, name: str, make: Callable[[], Candidate], known: Known | None = None) -> Candidate:
        """The candidate for the entity called ``name`` in ``group`` (one per name): found, reused or made."""
        key = (group, norm(name))
        iri = self.by_name.get(key)
        if iri is not None:
            return self.candidates[iri]
        cand = make()
        if known is not None:
            cand.iri, cand.reused = known.iri, True
            cand.zh, cand.en = known.zh, known.en or cand.en
            cand.classes = sorted(known.types) or cand.classes
            if known.fictional:
                cand.add(ZG.fictional, True)
            for a in sorted(known.alt):
                if a not in cand.alt:
                    cand.alt.append(a)
        cand = self.add(cand)
        self.by_name[key] = cand.iri
        for a in [cand.zh, *cand.alt]:
            self.by_name.setdefault((group, norm(a)), cand.iri)
        return cand

    def find(self, group: str, name: str) -> Candidate | None:
        """The candidate already made for ``name`` in ``group``."""
        iri = self.by_name.get((group, norm(name)))
        return self.candidates.get(iri) if iri is not None else None

    def of_kind(self, kind: str) -> list[Candidate]:
        return [c for c in self.candidates.values() if c.kind == kind]

