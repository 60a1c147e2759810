"""The entity graph: the one projection of the RDF graph to NetworkX used by every analysis, export and view.

Nodes are domain instances (``zgi:`` IRIs with a type) plus the topic concepts that analyses need (industry
chains, policy areas); evidence, selectors, report sections, the report itself, inferences and background
sources are bookkeeping and stay out. N-ary relations (pairings, memberships, designations, observations)
stay nodes, so every edge is one RDF triple ``s p o`` between two nodes. Other concepts (statuses, roles,
units, indicators …) become node attributes named after their property. See docs/analysis.md.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from zgraph.model.labels import qname
from zgraph.model.namespaces import ELI, OA, ZG, ZGI, ZGV
from zgraph.network.reader import Facts, as_store, label, read, zh_names

#: Classes whose instances are bookkeeping, not entities (their subclasses too).
EXCLUDED_CLASSES = (ZG.Evidence, ZG.TextSpanSelector, ZG.ReportSection, ZG.Report, ZG.Inference,
                    ZG.BackgroundSource)
#: Concept classes whose concepts become nodes: several things share them and analyses group by them.
TOPIC_CONCEPTS = (ZG.IndustryChain, ZG.PolicyArea)
#: Properties that never become edges: provenance, annotation, section bookkeeping, and the ``zg:assists``
#: shortcut that the build derives from each pairing node (the pairing node itself is in the graph).
EXCLUDED_PROPERTY_NAMESPACES = (str(PROV), str(OA))
EXCLUDED_PROPERTIES = {RDF.type, ZG.statedIn, ZG.inSection, ZG.assists, OWL.sameAs}
#: Separator used when a list attribute must become one string (GraphML, GEXF, CSV).
LIST_SEPARATOR = " | "
_EXCLUDED = {str(p) for p in EXCLUDED_PROPERTIES}
_NAMED, _CONCEPT, _PASSED_BY = str(OWL.NamedIndividual), str(SKOS.Concept), str(ELI.passed_by)


def node_class(g: Graph, node: URIRef) -> URIRef | None:
    """The most specific type of ``node``, preferring zg: classes (ties broken by id, for stability)."""
    types = sorted(t for t in g.objects(node, RDF.type) if isinstance(t, URIRef) and t != OWL.NamedIndividual)
    own = [t for t in types if str(t).startswith(str(ZG))] or [t for t in types if t != SKOS.Concept] or types
    specific = [t for t in own
                if not any(o != t and t in set(g.transitive_objects(o, RDFS.subClassOf)) for o in own)]
    return (specific or own)[0] if (specific or own) else None


def _class_of(f: Facts, types: set[str]) -> str | None:
    """node_class on the reader's facts: the most specific type, preferring zg: classes."""
    ts = sorted(t for t in types if t != _NAMED)
    own = [t for t in ts if t.startswith(str(ZG))] or [t for t in ts if t != _CONCEPT] or ts
    specific = [t for t in own if not any(o != t and t in f.supers.get(o, ()) for o in own)]
    return (specific or own)[0] if (specific or own) else None


def _direction(f: Facts, section: str | None) -> int:
    """Ordinal (1–5) of the report direction a section belongs to; 0 for the preamble or none."""
    seen: set[str] = set()
    while section and section not in seen:
        seen.add(section)
        if section in f.ordinals:
            ordinal = f.ordinals[section]
            return int(ordinal) if ordinal is not None else 0
        section = f.part_of.get(section)
    return 0


def _edge_quotes(f: Facts, subj: str, subj_quotes: list[str], obj: str, obj_quotes: list[str]
                 ) -> tuple[list[str], str]:
    """The quotes behind an edge and how they were matched (docs/analysis.md, Edges).

    ``"both"``: the subject's quotes that name the object (by a zh label or alias), else the object's quotes
    that name the subject; ``"subject"``: all the subject's own quotes; ``""``: the subject has no quote.
    """
    obj_names, subj_names = _names(f, obj), _names(f, subj)
    naming = [q for q in subj_quotes if any(n in q for n in obj_names)]
    naming = naming or [q for q in obj_quotes if any(n in q for n in subj_names)]
    if naming:
        return naming, "both"
    return list(subj_quotes), "subject" if subj_quotes else ""


def _names(f: Facts, node: str) -> list[str]:
    """zh_names(node, 2), remembered on the facts (every edge asks for both ends)."""
    found = f.cache.get(node)
    if found is None:
        found = f.cache[node] = zh_names(f, node, 2)
    return found


def _node_attrs(f: Facts, node: str, spans: list[tuple]) -> dict:
    types = f.types.get(node, set())
    cls = _class_of(f, types)
    first_section = spans[0][3] if spans else None
    return {
        "iri": node,
        "label_zh": label(f, node, "zh"),
        "label_en": label(f, node, "en"),
        "cls": qname(cls) if cls is not None else "",
        "classes": sorted(qname(t) for t in types),
        "cls_label_zh": label(f, cls, "zh") if cls is not None else "",
        "cls_label_en": label(f, cls, "en") if cls is not None else "",
        "quotes": [s[2] for s in spans],
        "direction": _direction(f, first_section),
        "section": qname(first_section) if first_section else "",
        "inferred": not spans and node in f.inferred,
        "derived_from": sorted(qname(o) for o in f.derived.get(node, ())),
    }


def _edge_property(p: str) -> bool:
    return p not in _EXCLUDED and not p.startswith(EXCLUDED_PROPERTY_NAMESPACES)


def _spans(f: Facts, node: str) -> list[tuple]:
    """The node's evidence spans in provenance.spans order: by source, offsets, words, section."""
    return sorted(f.spans.get(node, ()), key=lambda s: (str(s[4]), s[0], s[1], s[2], str(s[3])))


def entity_graph(source: Graph | ox.Store) -> nx.MultiDiGraph:
    """Project the RDF graph (rdflib or Oxigraph) to a multigraph of entities (node key: compact id; edge key:
    property id)."""
    return project(read(as_store(source), tuple(str(c) for c in EXCLUDED_CLASSES),
                        (_EXCLUDED, EXCLUDED_PROPERTY_NAMESPACES)))


def project(f: Facts) -> nx.MultiDiGraph:
    """The entity graph built from what :func:`zgraph.network.reader.read` found."""
    excluded = f.closure(tuple(str(c) for c in EXCLUDED_CLASSES))
    topics = f.closure(tuple(str(c) for c in TOPIC_CONCEPTS))
    zgi, zgv = str(ZGI), str(ZGV)
    nodes = sorted((n for n, ts in f.types.items()
                    if (n.startswith(zgi) and ts and not ts & excluded) or (n.startswith(zgv) and ts & topics)),
                   key=qname)
    ids = {n: qname(n) for n in nodes}
    G = nx.MultiDiGraph()
    spans = {n: _spans(f, n) for n in nodes}
    facets: dict[str, dict[str, list[str]]] = {n: {} for n in nodes}
    edges = []
    concepts: dict[str, str] = {}
    for s in nodes:
        for p, o in f.links.get(s, ()):
            if not _edge_property(p):
                continue
            if o in ids:
                edges.append((ids[s], ids[o], qname(p), s, p, o))
            elif o.startswith(zgv):
                concepts[qname(o)] = o
                facets[s].setdefault(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1], []).append(qname(o))
    for n in nodes:
        attrs = _node_attrs(f, n, spans[n])
        for key, values in sorted(facets[n].items()):
            attrs.setdefault(key, sorted(set(values)))
        G.add_node(ids[n], **attrs)
    prop_labels: dict[str, tuple[str, str]] = {}
    for u, v, key, s, p, o in sorted(set(edges), key=lambda e: e[:3]):
        quotes, match = _edge_quotes(f, s, G.nodes[u]["quotes"], o, G.nodes[v]["quotes"])
        if p not in prop_labels:
            prop_labels[p] = (label(f, p, "zh"), label(f, p, "en"))
        inferred = G.nodes[u]["inferred"] or (p == _PASSED_BY and s in f.issuer_inferred)
        G.add_edge(u, v, key=key, property=key, label_zh=prop_labels[p][0], label_en=prop_labels[p][1],
                   quotes=quotes, quote_match=match, inferred=inferred)
    G.graph["concepts"] = {c: {"label_zh": label(f, n, "zh"), "label_en": label(f, n, "en")}
                           for c, n in sorted(concepts.items())}
    G.graph["directions"] = direction_names(f)
    reports = sorted(set(f.reports))
    G.graph["reports"] = {lang: [label(f, r, lang) for r in reports] for lang in ("zh", "en")}
    return G


def _short(f: Facts, section: str, lang: str) -> str:
    names = sorted(v for v, tag in f.short_names.get(section, ()) if tag == lang)
    return names[0] if names else label(f, section, lang)


def direction_names(f: Facts) -> dict[int, dict[str, str]]:
    """Each direction ordinal's name in zh and en (its short name, else its heading), from the report sections.

    With several reports, one ordinal names a direction of each: their names are joined with " / ".
    """
    found: dict[int, dict[str, set[str]]] = {}
    for sec, ordinal in f.ordinals.items():
        if ordinal is not None:
            names = found.setdefault(int(ordinal), {"zh": set(), "en": set()})
            for lang in ("zh", "en"):
                names[lang].add(_short(f, sec, lang))
    return {d: {f"label_{lang}": " / ".join(sorted(v)) for lang, v in names.items()}
            for d, names in sorted(found.items())}


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected view for structure analyses: one edge per connected pair, nodes in sorted order."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    return H


def flat(value: object) -> str | int | float | bool:
    """An attribute value as GraphML/GEXF/CSV can hold it: lists joined with `` | ``."""
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
