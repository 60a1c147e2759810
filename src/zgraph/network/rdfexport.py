"""The RDF exports of ``zgraph export``: Turtle, N-Triples and JSON-LD written from the Turtle files themselves.

The files are parsed by Oxigraph's streaming parser (no store, no rdflib graph of the million), their union is
sorted once, and each format is written from it: files and a ``--store`` (its model and its copies of the parts)
give the same bytes. Not from the Oxigraph database: it stores xsd:nonNegativeInteger as xsd:integer and
canonicalises decimals, so the export would not be the data as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from zgraph.model.labels import qname
from zgraph.model.namespaces import PREFIXES
from zgraph.model.store import prefixes

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_MAPS = {"http://www.w3.org/2000/01/rdf-schema#label": "label",
              "http://www.w3.org/2004/02/skos/core#prefLabel": "prefLabel"}


def lines(source: Graph | Sequence[Path]) -> list[str]:
    """The union of the triples of an rdflib graph or of Turtle/N-Triples files, as sorted N-Triples lines."""
    out: set[str] = set()
    if isinstance(source, Graph):
        parsed: Iterable[Iterable[object]] = [ox.parse(source.serialize(format="nt", encoding="utf-8"),
                                                       format=ox.RdfFormat.N_TRIPLES)]
    else:
        parsed = [ox.parse(path=str(f), format=ox.RdfFormat.N_TRIPLES if Path(f).suffix == ".nt"
                           else ox.RdfFormat.TURTLE, base_iri=Path(f).resolve().as_uri()) for f in source]
    for triples in parsed:
        out.update(f"{t} ." for t in triples)
    return sorted(out)


def _triples(nt: list[str]) -> Iterable[ox.Triple]:
    return (q.triple for q in ox.parse("\n".join(nt), format=ox.RdfFormat.N_TRIPLES))


def ntriples(nt: list[str]) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    return ("\n".join(nt) + "\n").encode("utf-8")


def turtle(nt: list[str]) -> bytes:
    """Turtle with zgraph's prefixes, subjects in sorted order (Oxigraph's writer)."""
    return ox.serialize(_triples(nt), format=ox.RdfFormat.TURTLE, prefixes=prefixes()) or b""


def _term(p: str) -> str:
    return p.replace("#", "/").rsplit("/", 1)[-1]


def context(predicates: dict[str, bool]) -> dict:
    """A readable JSON-LD context: prefixes, ``id``/``type``, and one short term per property (``predicates``:
    property IRI -> whether all its objects are IRIs), as network.export.jsonld_context."""
    ctx: dict[str, object] = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    ctx.update({"id": "@id", "type": "@type"})
    ctx["label"] = {"@id": "rdfs:label", "@container": "@language"}
    ctx["prefLabel"] = {"@id": "skos:prefLabel", "@container": "@language"}
    taken = {"id", "type", "label", "prefLabel"}
    props = sorted((p for p in predicates if p != _RDF_TYPE and p not in _LANG_MAPS), key=qname)
    props.sort(key=lambda p: (not qname(p).startswith("zg:"), qname(p)))
    for p in props:
        term = _term(p)
        if not term or term in taken or term in PREFIXES:
            term = qname(p).replace(":", "_")
        taken.add(term)
        ctx[term] = {"@id": qname(p), "@type": "@id"} if predicates[p] else qname(p)
    return ctx


def _id(term: object) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else qname(term.value)  # type: ignore[attr-defined]


def _literal(o: ox.Literal) -> object:
    if o.language:
        return {"@value": o.value, "@language": o.language}
    if o.datatype.value == _XSD_STRING:
        return o.value
    return {"@value": o.value, "@type": qname(o.datatype.value)}


def _sorted(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = sorted((_sorted(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        return items[0] if len(items) == 1 else items
    return value


def jsonld(nt: list[str]) -> bytes:
    """The triples as compacted JSON-LD with an inline, readable context; nodes sorted by id."""
    iri_only: dict[str, bool] = {}
    for t in _triples(nt):  # two passes over the parsed lines: the triples are never all held as objects
        p = t.predicate.value
        iri_only[p] = iri_only.get(p, True) and isinstance(t.object, ox.NamedNode)
    ctx = context(iri_only)
    terms = {str(v["@id"]) if isinstance(v, dict) else str(v): k for k, v in ctx.items()
             if k not in PREFIXES and k not in ("id", "type")}
    nodes: dict[str, dict] = {}
    for t in _triples(nt):
        s, p, o = t.subject, t.predicate.value, t.object
        node = nodes.setdefault(_id(s), {"id": _id(s)})
        if p == _RDF_TYPE and not isinstance(o, ox.Literal):
            node.setdefault("type", []).append(_id(o))
        elif p in _LANG_MAPS and isinstance(o, ox.Literal) and o.language:
            node.setdefault(_LANG_MAPS[p], {}).setdefault(o.language, []).append(o.value)
        elif isinstance(o, ox.Literal):
            key = qname(p) if p in _LANG_MAPS else terms.get(qname(p), qname(p))
            node.setdefault(key, []).append(_literal(o))
        else:
            key = terms[qname(p)]
            node.setdefault(key, []).append(_id(o) if iri_only[p] else {"@id": _id(o)})
    body = [_sorted(nodes[k]) for k in sorted(nodes)]
    return (json.dumps({"@context": ctx, "@graph": body}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
