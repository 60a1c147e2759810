"""What the projection reads from an Oxigraph store: a few SPARQL SELECTs into plain dicts keyed by IRI strings.

The same reader serves Turtle files (loaded into an in-memory store) and a ``zgraph load --store`` database, so
there is one projection, and it never builds an rdflib graph of the million triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS

from zgraph.model.namespaces import sparql_prologue
from zgraph.model.store import as_store

__all__ = ["as_store", "select"]

#: A literal as (lexical form, language tag or "").
Lit = tuple[str, str]
_LABEL, _PREF, _ALT = str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)


def select(store: ox.Store, query: str) -> Iterator[tuple]:
    """Rows of a SELECT (zgraph's prefixes predeclared) as tuples of pyoxigraph terms (None when unbound)."""
    result = store.query(sparql_prologue() + query)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        yield tuple(row)


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


@dataclass
class Facts:
    """The parts of the RDF graph the projection uses, read once."""

    types: dict[str, set[str]] = field(default_factory=dict)
    supers: dict[str, set[str]] = field(default_factory=dict)  # class -> its proper superclasses
    names: dict[str, dict[str, list[Lit]]] = field(default_factory=dict)  # node -> property -> literals
    other_names: dict[str, list[str]] = field(default_factory=dict)  # node -> label IRIs / untagged fallbacks
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # subject -> (property, object IRI)
    spans: dict[str, set[tuple[int, int, str, str | None, str | None]]] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    ordinals: dict[str, str | None] = field(default_factory=dict)  # zg:Direction -> its ordinal (lexical)
    short_names: dict[str, list[Lit]] = field(default_factory=dict)
    inferred: set[str] = field(default_factory=set)
    derived: dict[str, set[str]] = field(default_factory=dict)  # node -> non-evidence prov:wasDerivedFrom
    issuer_inferred: set[str] = field(default_factory=set)
    reports: list[str] = field(default_factory=list)
    cache: dict[str, list[str]] = field(default_factory=dict)  # the projection's per-node zh names

    def closure(self, classes: tuple[str, ...]) -> set[str]:
        """The given classes and every class below them."""
        return {c for c in set(self.supers) | set(classes) if c in classes or self.supers.get(c, set()) & set(classes)}


def _superclasses(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        todo = list(edges[start])
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo += edges.get(c, ())
        out[start] = seen - {start}
    return out


def _int_lex(term: object) -> int:
    """An offset literal as an int; -1 when missing."""
    return int(term.value) if isinstance(term, ox.Literal) else -1


def _values(iris: set[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(iris)) or "<urn:zgraph:none>"


def read(store: ox.Store, excluded: tuple[str, ...] = (),
         edge_excluded: tuple[set[str], tuple[str, ...]] | None = None) -> Facts:
    """Read the types, names, links, evidence spans, sections and inference marks the projection needs.

    Subjects of an ``excluded`` class (or a subclass) are left out of the type table (so they are never nodes),
    and links by properties that ``edge_excluded`` (IRIs, namespaces) names are not read: on a disk store every
    decoded term costs, so the queries return only the rows the projection uses.
    """
    f = Facts()
    sub: dict[str, set[str]] = {}
    for c, d in select(store, "SELECT ?c ?d WHERE { ?c rdfs:subClassOf ?d }"):
        if isinstance(c, ox.NamedNode) and isinstance(d, ox.NamedNode):
            sub.setdefault(c.value, set()).add(d.value)
    f.supers = _superclasses(sub)
    skip = _values(f.closure(excluded))
    unwanted = f"MINUS {{ ?s a ?x . VALUES ?x {{ {skip} }} }}"
    for s, t in select(store, f"SELECT ?s ?t WHERE {{ ?s a ?t {unwanted} }}"):
        if isinstance(s, ox.NamedNode) and isinstance(t, ox.NamedNode):
            f.types.setdefault(s.value, set()).add(t.value)
    for r, in select(store, "SELECT ?r WHERE { ?r a zg:Report }"):
        if isinstance(r, ox.NamedNode):
            f.reports.append(r.value)
    for s, p, o in select(store, "SELECT ?s ?p ?o WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } "
                                 "?s ?p ?o }"):
        if not isinstance(s, ox.NamedNode):
            continue
        if isinstance(o, ox.Literal):
            f.names.setdefault(s.value, {}).setdefault(p.value, []).append((o.value, o.language or ""))
        elif p.value != _ALT:
            f.other_names.setdefault(s.value, []).append(str(o.value))
    props = {p.value for p, in select(store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }") if isinstance(p, ox.NamedNode)}
    iris, spaces = edge_excluded or (set(), ())
    keep = {p for p in props if p not in iris and not p.startswith(spaces) and p != str(RDF.type)}
    for s, p, o in select(store, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(keep)} }} ?s ?p ?o "
                                 "FILTER(isIRI(?o)) }"):
        if isinstance(s, ox.NamedNode):
            f.links.setdefault(s.value, []).append((p.value, o.value))
    selectors = {sel.value: (_int_lex(start), _int_lex(end), exact.value) for sel, exact, start, end in select(
        store, "SELECT ?sel ?exact ?start ?end WHERE { ?sel oa:exact ?exact "
               "OPTIONAL { ?sel oa:start ?start } OPTIONAL { ?sel oa:end ?end } }") if isinstance(sel, ox.NamedNode)}
    evidence: dict[str, list[tuple]] = {}
    for ev, sel, sec, src in select(store, "SELECT ?ev ?sel ?sec ?src WHERE { ?ev oa:hasSelector ?sel "
                                           "OPTIONAL { ?ev zg:inSection ?sec } OPTIONAL { ?ev oa:hasSource ?src } }"):
        if isinstance(ev, ox.NamedNode) and sel.value in selectors:
            evidence.setdefault(ev.value, []).append((*selectors[sel.value], _iri(sec), _iri(src)))
    typed = {e.value for e, in select(store, "SELECT ?e WHERE { ?e a zg:Evidence }")}
    for n, ev in select(store, "SELECT ?n ?ev WHERE { ?n prov:wasDerivedFrom ?ev }"):
        if not isinstance(n, ox.NamedNode) or not isinstance(ev, ox.NamedNode):
            continue
        if ev.value in evidence:
            f.spans.setdefault(n.value, set()).update(evidence[ev.value][:1])
        if ev.value not in typed:
            f.derived.setdefault(n.value, set()).add(ev.value)
    for s, up in select(store, "SELECT ?s ?up WHERE { ?s dcterms:isPartOf ?up }"):
        if isinstance(s, ox.NamedNode):
            f.part_of.setdefault(s.value, up.value if isinstance(up, ox.NamedNode) else "")
    for s, o in select(store, "SELECT ?s ?o WHERE { ?s a zg:Direction OPTIONAL { ?s zg:ordinal ?o } }"):
        f.ordinals[s.value] = o.value if isinstance(o, ox.Literal) else None
    for s, o in select(store, "SELECT ?s ?o WHERE { ?s zg:shortName ?o }"):
        if isinstance(o, ox.Literal):
            f.short_names.setdefault(s.value, []).append((o.value, o.language or ""))
    f.inferred = {n.value for n, in select(store, "SELECT DISTINCT ?n WHERE { ?n prov:wasGeneratedBy ?a . "
                                                  "?a a zg:Inference }")}
    f.issuer_inferred = {s.value for s, in select(store, "SELECT ?s WHERE { ?s zg:issuerBasis zgv:basis-inferred }")}
    return f


def labels(f: Facts, node: str, lang: str) -> list[str]:
    """All labels of ``node`` in ``lang`` (rdfs:label, then skos:prefLabel), sorted (as model.labels.labels)."""
    props = f.names.get(node, {})
    out: list[str] = []
    for p in (_LABEL, _PREF):
        out += sorted(v for v, tag in props.get(p, ()) if tag == lang)
    return out


def label(f: Facts, node: str | None, lang: str = "zh") -> str:
    """The label of ``node`` in ``lang``, else the other of zh/en, else any label, else its compact id."""
    from zgraph.model.labels import qname

    if node is None:
        return ""
    for want in (lang, "en" if lang == "zh" else "zh"):
        found = labels(f, node, want)
        if found:
            return found[0]
    props = f.names.get(node, {})
    for p in (_LABEL, _PREF):
        if props.get(p):
            return sorted(v for v, _ in props[p])[0]
    if f.other_names.get(node):
        return sorted(f.other_names[node])[0]
    return qname(node)


def zh_names(f: Facts, node: str, min_length: int = 1) -> list[str]:
    """The Chinese labels and aliases of a node, longest first (as model.labels.zh_names)."""
    props = f.names.get(node, {})
    names = {v for p in (_LABEL, _PREF, _ALT) for v, tag in props.get(p, ()) if tag == "zh" and len(v) >= min_length}
    return sorted(names, key=lambda s: (-len(s), s))

