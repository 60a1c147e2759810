"""Entities the corpus already has: a draft reuses their IRIs (by division code, or by exact name and class).

The index is read from the curated files of the corpus's other reports (never from the report being drafted, whose
curated facts are what a draft is measured against), with pyoxigraph's fast Turtle parser. A reused entity keeps
the corpus's classes, labels and division code, so the build's shared-entity checks agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from zgraph.corpus import Corpus
from zgraph.model.errors import InputError
from zgraph.model.namespaces import SCHEMA, ZG, ZGI

#: Classes whose instances belong to one report (never reused across reports).
REPORT_LOCAL = {ZG.Evidence, ZG.TextSpanSelector, ZG.ReportSection, ZG.Direction, ZG.Action, ZG.Observation,
                ZG.Report, ZG.Pairing, ZG.ReverseEnclave, ZG.EnclaveComponent, ZG.Inference, ZG.Initiative,
                ZG.Mechanism, ZG.Event, ZG.Designation, ZG.ChainLeaderDesignation}


@dataclass
class Known:
    """What the corpus says about one entity: enough to reuse it consistently."""

    iri: URIRef
    types: set[URIRef] = field(default_factory=set)
    zh: str = ""
    en: str = ""
    alt: set[str] = field(default_factory=set)
    code: str = ""
    title: str = ""
    contained_in: URIRef | None = None
    fictional: bool = False

    @property
    def names(self) -> set[str]:
        return {n for n in (self.zh, self.title, *self.alt) if n}


@dataclass
class Index:
    """Known entities by division code and by Chinese name."""

    by_code: dict[str, Known] = field(default_factory=dict)
    by_name: dict[str, list[Known]] = field(default_factory=dict)

    def code(self, code: str) -> Known | None:
        return self.by_code.get(code)

    def named(self, name: str, classes: Iterable[URIRef]) -> Known | None:
        """The one known entity called ``name`` (label, alias or title) that has one of ``classes``."""
        want = set(classes)
        hits = [k for k in self.by_name.get(name, []) if k.types & want]
        exact = [k for k in hits if k.zh == name or k.title == name]
        pick = exact or hits
        return pick[0] if len({k.iri for k in pick}) == 1 else None


def _term(t: object) -> object:
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    return t


def _read(files: Iterable[Path]) -> dict[URIRef, Known]:
    nodes: dict[URIRef, Known] = {}
    for path in files:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError, ValueError) as e:
            raise InputError(f"{path}: cannot read as Turtle: {e}") from None
        for t in triples:
            s = _term(t.subject)
            if not isinstance(s, URIRef) or not str(s).startswith(str(ZGI)):
                continue
            k = nodes.setdefault(s, Known(s))
            p, o = URIRef(t.predicate.value), t.object
            if p == RDF.type and isinstance(o, ox.NamedNode):
                k.types.add(URIRef(o.value))
            elif isinstance(o, ox.Literal):
                if p == RDFS.label and o.language == "zh":
                    k.zh = o.value
                elif p == RDFS.label and o.language == "en":
                    k.en = o.value
                elif p == SKOS.altLabel and o.language == "zh":
                    k.alt.add(o.value)
                elif p == ZG.divisionCode:
                    k.code = o.value
                elif p == DCTERMS.title:
                    k.title = o.value
                elif p == ZG.fictional:
                    k.fictional = o.value == "true"
            elif p == SCHEMA.containedInPlace and isinstance(o, ox.NamedNode):
                k.contained_in = URIRef(o.value)
    return nodes


def build_index(corpus: Corpus | None, exclude: str | None = None) -> Index:
    """The entities of every report of ``corpus`` except ``exclude`` (none without a corpus)."""
    index = Index()
    if corpus is None or not corpus.manifest.is_file():
        return index
    files = [f for r in corpus.reports() if r.id != exclude for f in corpus.curated_files(r)]
    for k in _read(files).values():
        if not k.types or k.types & REPORT_LOCAL or not k.zh:
            continue
        if k.code:
            index.by_code.setdefault(k.code, k)
        for name in k.names:
            index.by_name.setdefault(name, []).append(k)
    return index
