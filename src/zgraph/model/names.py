"""Name resolution: turn what a user types (a zh or en label, an alias, an id) into one entity, or suggest."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from zgraph.model.errors import UnknownName
from zgraph.model.labels import NAME_PROPS, label, qname
from zgraph.model.namespaces import ZG, ZGI, ZGV, expand

#: Node types that are bookkeeping, not things a user asks about.
NOT_ENTITIES = {ZG.Evidence, ZG.TextSpanSelector}


def normalise(text: str) -> str:
    """Fold width (full-width brackets and commas), case and surrounding quotes so names match as typed."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return text.strip("“”\"'《》")


def entities(g: Graph) -> list[URIRef]:
    """Domain entities and concepts: every zgi:/zgv: IRI with a type, except evidence bookkeeping."""
    out = set()
    for s, t in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and t not in NOT_ENTITIES and (
            str(s).startswith(str(ZGI)) or (t == SKOS.Concept)
        ):
            out.add(s)
    return sorted(out)


def name_index(g: Graph) -> dict[str, set[URIRef]]:
    """Normalised name -> entities having it (labels in any language, aliases, compact ids)."""
    index: dict[str, set[URIRef]] = {}
    for node in entities(g):
        names = {qname(node), qname(node).split(":", 1)[1]}
        for prop in NAME_PROPS:
            names |= {str(o) for o in g.objects(node, prop) if isinstance(o, Literal)}
        for name in names:
            index.setdefault(normalise(name), set()).add(node)
    return index


def resolve(g: Graph, name: str, kind: str = "entity") -> URIRef:
    """The one entity called ``name``; unknown or ambiguous names raise UnknownName with suggestions."""
    index = name_index(g)
    key = normalise(name)
    hits = index.get(key, set())
    if not hits:
        partial = {n for k, nodes in index.items() if key and key in k for n in nodes}
        hits = partial if len(partial) == 1 else set()
        if len(partial) > 1:
            best = _shortest_label_match(g, key, partial)
            if best is None:
                raise UnknownName(kind, name, suggestions(g, name, index, among=partial))
            hits = {best}
    if len(hits) == 1:
        return next(iter(hits))
    if len(hits) > 1:
        # Prefer the node that has evidence of its own over derived ones with the same label.
        with_evidence = [n for n in hits if (n, PROV.wasDerivedFrom, None) in g]
        if len(with_evidence) == 1:
            return with_evidence[0]
        raise UnknownName(kind, name, sorted(f"{label(g, n, 'zh')} ({qname(n)})" for n in hits))
    raise UnknownName(kind, name, suggestions(g, name, index))


def _shortest_label_match(g: Graph, key: str, nodes: set[URIRef]) -> URIRef | None:
    """Among partial matches, the one whose matching label is strictly the shortest ("越秀" -> 越秀区), if any."""
    lengths = []
    for node in nodes:
        found = [len(normalise(str(o))) for p in NAME_PROPS for o in g.objects(node, p)
                 if isinstance(o, Literal) and key in normalise(str(o))]
        if found:
            lengths.append((min(found), node))
    lengths.sort()
    if len(lengths) == 1 or (len(lengths) > 1 and lengths[0][0] < lengths[1][0]):
        return lengths[0][1]
    return None


def close_keys(name: str, index: Mapping[str, set[Any]], among: set[Any] | None, n: int) -> list[str]:
    """The normalised names nearest to ``name`` in ``index`` (only those naming a node of ``among``, if given):
    close spellings first, then names that contain it or that it contains, shortest first."""
    keys = [k for k, nodes in index.items() if among is None or nodes & among]
    key = normalise(name)
    close = difflib.get_close_matches(key, keys, n=n * 3, cutoff=0.3)
    return close + sorted((k for k in keys if key and (key in k or k in key)), key=len)


def suggestions(g: Graph, name: str, index: dict[str, set[URIRef]] | None = None,
                among: set[URIRef] | None = None, n: int = 5) -> list[str]:
    """The nearest names to ``name``, as 'label (id)' strings."""
    index = index if index is not None else name_index(g)
    out: list[str] = []
    for k in close_keys(name, index, among, n):
        for node in sorted(index[k]):
            s = f"{label(g, node, 'zh')} / {label(g, node, 'en')} ({qname(node)})"
            if s not in out:
                out.append(s)
    return out[:n]


# ------------------------------------------------------------------------------------------ on an Oxigraph store

_ENTITY = ("?s a ?t FILTER(?t NOT IN (zg:Evidence, zg:TextSpanSelector) && "
           "(STRSTARTS(STR(?s), STR(zgi:)) || ?t = skos:Concept))")
_NAMES = "VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }"
#: The same as a FILTER, when another VALUES binds the pattern (Oxigraph would join two VALUES by a scan).
_NAMED = "FILTER(?p IN (rdfs:label, skos:prefLabel, skos:altLabel))"


def _rows(store: ox.Store, query: str) -> list[tuple]:
    from zgraph.model.namespaces import sparql_prologue

    result = store.query(sparql_prologue() + query)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple(r) for r in result]


def _values(nodes: set[str]) -> str:
    return " ".join(f"<{n}>" for n in sorted(nodes))


def _entities_among(store: ox.Store, nodes: set[str]) -> set[str]:
    if not nodes:
        return set()
    return {s.value for s, in _rows(store, f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {_values(nodes)} }} "
                                           f"{_ENTITY} }}")}


def _quick_hits(store: ox.Store, name: str, key: str) -> set[str]:
    """Entities whose id, or one of whose names as typed, normalises to ``key`` (index lookups, no scan)."""
    ids = {str(iri) for iri in (expand(name.strip()),) if iri is not None}
    if re.fullmatch(r"[\w.-]+", name.strip()):
        ids |= {str(ZGI) + name.strip(), str(ZGV) + name.strip()}
    forms = {name, name.strip(), unicodedata.normalize("NFKC", name).strip()}
    lits = " ".join(f"{json.dumps(v, ensure_ascii=False)}{tag}" for v in sorted(forms) for tag in ("@zh", "@en", ""))
    found = {s.value for s, o in _rows(store, f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {lits} }} ?s ?p ?o {_NAMED} }}")
             if isinstance(s, ox.NamedNode) and normalise(o.value) == key}
    return _entities_among(store, found | ids)


def store_index(store: ox.Store) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """Normalised name -> entities (labels, aliases, and the ids of named entities), and each entity's names."""
    names: dict[str, list[str]] = {}
    for s, o in _rows(store, f"SELECT ?s ?o WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {_ENTITY} }} }} {_NAMES} "
                             "?s ?p ?o FILTER(isLiteral(?o)) }"):
        names.setdefault(s.value, []).append(o.value)
    index: dict[str, set[str]] = {}
    for node, found in names.items():
        for n in {qname(node), qname(node).split(":", 1)[1], *found}:
            index.setdefault(normalise(n), set()).add(node)
    return index, names


def _store_labels(store: ox.Store, nodes: set[str]) -> Graph:
    """A small graph of the nodes' labels, so that ``label`` picks them as it does on the whole graph."""
    g = Graph()
    if nodes:
        for s, p, o in _rows(store, f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(nodes)} }} ?s ?p ?o {_NAMED} }}"):
            g.add((URIRef(s.value), URIRef(p.value), Literal(o.value, lang=o.language or None)
                   if isinstance(o, ox.Literal) else URIRef(o.value)))
    return g


def _listed(store: ox.Store, nodes: set[str], both: bool) -> list[str]:
    g = _store_labels(store, nodes)
    if both:
        return [f"{label(g, URIRef(n), 'zh')} / {label(g, URIRef(n), 'en')} ({qname(n)})" for n in nodes]
    return [f"{label(g, URIRef(n), 'zh')} ({qname(n)})" for n in nodes]


def resolve_store(store: ox.Store, name: str, kind: str = "entity") -> URIRef:
    """:func:`resolve` on an Oxigraph store: ids and names as typed are looked up, anything else is matched
    against every entity's names (partial names, suggestions), as on an rdflib graph."""
    key = normalise(name)
    hits = _quick_hits(store, name, key)
    if not hits:
        index, names = store_index(store)
        hits = index.get(key, set())
        if not hits:
            partial = {n for k, nodes in index.items() if key and key in k for n in nodes}
            hits = partial if len(partial) == 1 else set()
            if len(partial) > 1:
                lengths = sorted((min(len(normalise(v)) for v in names[n] if key in normalise(v)), n)
                                 for n in partial if any(key in normalise(v) for v in names[n]))
                if len(lengths) == 1 or (len(lengths) > 1 and lengths[0][0] < lengths[1][0]):
                    hits = {lengths[0][1]}
                else:
                    raise UnknownName(kind, name, _store_suggestions(store, name, index, partial))
        if not hits:
            raise UnknownName(kind, name, _store_suggestions(store, name, index))
    if len(hits) == 1:
        return URIRef(next(iter(hits)))
    evidenced = {s.value for s, in _rows(store, f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {_values(hits)} }} "
                                                "?s prov:wasDerivedFrom ?e }")}
    if len(evidenced) == 1:
        return URIRef(next(iter(evidenced)))
    raise UnknownName(kind, name, sorted(_listed(store, hits, both=False)))


def _store_suggestions(store: ox.Store, name: str, index: dict[str, set[str]], among: set[str] | None = None,
                       n: int = 5) -> list[str]:
    order: list[str] = []
    for k in close_keys(name, index, among, n):
        order += [node for node in sorted(index[k]) if node not in order]
    shown = order[:n * 4]
    g = _store_labels(store, set(shown))
    out: list[str] = []
    for node in shown:
        s = f"{label(g, URIRef(node), 'zh')} / {label(g, URIRef(node), 'en')} ({qname(node)})"
        if s not in out:
            out.append(s)
    return out[:n]
