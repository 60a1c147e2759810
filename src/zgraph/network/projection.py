"""The entity graph: the one projection of the RDF graph to NetworkX used by every analysis, export and view.

Nodes are domain instances (``zgi:`` IRIs with a type) plus the topic concepts that analyses need (industry
chains, policy areas); evidence, selectors, report sections, the report itself, inferences and background
sources are bookkeeping and stay out. N-ary relations (pairings, memberships, designations, observations)
stay nodes, so every edge is one RDF triple ``s p o`` between two nodes. Other concepts (statuses, roles,
units, indicators …) become node attributes named after their property. See docs/analysis.md.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from zgraph.model.labels import label, qname, zh_names
from zgraph.model.namespaces import ELI, OA, ZG, ZGI, ZGV
from zgraph.model.provenance import Span, is_inferred
from zgraph.model.provenance import spans as evidence_spans

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


def _closure(g: Graph, classes: Iterable[URIRef]) -> set[URIRef]:
    """The given classes and all their subclasses in the loaded ontology."""
    out: set[URIRef] = set()
    for cls in classes:
        out |= {c for c in g.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)}
    return out


def _is_node(g: Graph, node: URIRef, excluded: set[URIRef], topics: set[URIRef]) -> bool:
    types = set(g.objects(node, RDF.type))
    if str(node).startswith(str(ZGI)):
        return bool(types) and not types & excluded
    return str(node).startswith(str(ZGV)) and bool(types & topics)


def node_class(g: Graph, node: URIRef) -> URIRef | None:
    """The most specific type of ``node``, preferring zg: classes (ties broken by id, for stability)."""
    types = sorted(t for t in g.objects(node, RDF.type) if isinstance(t, URIRef) and t != OWL.NamedIndividual)
    own = [t for t in types if str(t).startswith(str(ZG))] or [t for t in types if t != SKOS.Concept] or types
    specific = [t for t in own
                if not any(o != t and t in set(g.transitive_objects(o, RDFS.subClassOf)) for o in own)]
    return (specific or own)[0] if (specific or own) else None


def direction_of(g: Graph, section: Node | None) -> int:
    """Ordinal (1–5) of the report direction a section belongs to; 0 for the preamble or none."""
    seen: set[Node] = set()
    while isinstance(section, URIRef) and section not in seen:
        seen.add(section)
        if (section, RDF.type, ZG.Direction) in g:
            ordinal = g.value(section, ZG.ordinal)
            return int(ordinal) if isinstance(ordinal, Literal) else 0
        section = g.value(section, DCTERMS.isPartOf)
    return 0


def edge_quotes(g: Graph, subj: URIRef, subj_quotes: list[str], obj: URIRef,
                obj_quotes: list[str]) -> tuple[list[str], str]:
    """The quotes behind an edge and how they were matched.

    ``"both"``: the subject's quotes that name the object (by a zh label or alias), else the object's quotes
    that name the subject; ``"subject"``: no quote names both ends, so all the subject's own quotes;
    ``""``: the subject has no quote (an inferred node, or a fact from a background source).
    """
    obj_names, subj_names = zh_names(g, obj, 2), zh_names(g, subj, 2)
    naming = [q for q in subj_quotes if any(n in q for n in obj_names)]
    naming = naming or [q for q in obj_quotes if any(n in q for n in subj_names)]
    if naming:
        return naming, "both"
    return list(subj_quotes), "subject" if subj_quotes else ""


def _edge_inferred(g: Graph, s: Node, p: Node, node_inferred: bool) -> bool:
    """An edge is inferred when its subject is, or when it is an issuer the document says was inferred."""
    return node_inferred or (p == ELI.passed_by and (s, ZG.issuerBasis, ZGV["basis-inferred"]) in g)


def _node_attrs(g: Graph, node: URIRef, spans: list[Span]) -> dict:
    cls = node_class(g, node)
    first_section = spans[0].section if spans else None
    derived = sorted(qname(o) for o in g.objects(node, PROV.wasDerivedFrom)
                     if isinstance(o, URIRef) and (o, RDF.type, ZG.Evidence) not in g)
    return {
        "iri": str(node),
        "label_zh": label(g, node, "zh"),
        "label_en": label(g, node, "en"),
        "cls": qname(cls) if cls is not None else "",
        "classes": sorted(qname(t) for t in g.objects(node, RDF.type) if isinstance(t, URIRef)),
        "cls_label_zh": label(g, cls, "zh") if cls is not None else "",
        "cls_label_en": label(g, cls, "en") if cls is not None else "",
        "quotes": [s.exact for s in spans],
        "direction": direction_of(g, first_section),
        "section": qname(first_section) if isinstance(first_section, URIRef) else "",
        "inferred": not spans and is_inferred(g, node),
        "derived_from": derived,
    }


def _edge_property(p: URIRef) -> bool:
    return p not in EXCLUDED_PROPERTIES and not str(p).startswith(EXCLUDED_PROPERTY_NAMESPACES)


def entity_graph(g: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph to a multigraph of entities (node key: compact id; edge key: property id)."""
    excluded, topics = _closure(g, EXCLUDED_CLASSES), _closure(g, TOPIC_CONCEPTS)
    subjects = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    nodes = sorted((n for n in subjects if _is_node(g, n, excluded, topics)), key=qname)
    ids = {n: qname(n) for n in nodes}
    G = nx.MultiDiGraph()
    spans = {n: evidence_spans(g, n) for n in nodes}
    facets: dict[URIRef, dict[str, list[str]]] = {n: {} for n in nodes}
    edges = []
    concepts: dict[str, URIRef] = {}
    for s in nodes:
        for p, o in g.predicate_objects(s):
            if not isinstance(o, URIRef) or not isinstance(p, URIRef) or not _edge_property(p):
                continue
            if o in ids:
                edges.append((ids[s], ids[o], qname(p), s, p, o))
            elif str(o).startswith(str(ZGV)):
                concepts[qname(o)] = o
                facets[s].setdefault(str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1], []).append(qname(o))
    for n in nodes:
        attrs = _node_attrs(g, n, spans[n])
        for key, values in sorted(facets[n].items()):
            attrs.setdefault(key, sorted(set(values)))
        G.add_node(ids[n], **attrs)
    for u, v, key, s, p, o in sorted(set(edges), key=lambda e: e[:3]):
        quotes, match = edge_quotes(g, s, G.nodes[u]["quotes"], o, G.nodes[v]["quotes"])
        G.add_edge(u, v, key=key, property=key, label_zh=label(g, p, "zh"), label_en=label(g, p, "en"),
                   quotes=quotes, quote_match=match, inferred=_edge_inferred(g, s, p, G.nodes[u]["inferred"]))
    G.graph["concepts"] = {c: {"label_zh": label(g, n, "zh"), "label_en": label(g, n, "en")}
                           for c, n in sorted(concepts.items())}
    G.graph["directions"] = direction_names(g)
    reports = sorted(r for r in g.subjects(RDF.type, ZG.Report) if isinstance(r, URIRef))
    G.graph["reports"] = {lang: [label(g, r, lang) for r in reports] for lang in ("zh", "en")}
    return G


def _short(g: Graph, section: URIRef, lang: str) -> str:
    names = sorted(str(o) for o in g.objects(section, ZG.shortName) if isinstance(o, Literal) and o.language == lang)
    return names[0] if names else label(g, section, lang)


def direction_names(g: Graph) -> dict[int, dict[str, str]]:
    """Each direction ordinal's name in zh and en (its short name, else its heading), from the report sections.

    With several reports, one ordinal names a direction of each: their names are joined with " / ".
    """
    found: dict[int, dict[str, set[str]]] = {}
    for sec in g.subjects(RDF.type, ZG.Direction):
        ordinal = g.value(sec, ZG.ordinal)
        if isinstance(sec, URIRef) and ordinal is not None:
            names = found.setdefault(int(ordinal), {"zh": set(), "en": set()})  # type: ignore[call-overload]
            for lang in ("zh", "en"):
                names[lang].add(_short(g, sec, lang))
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
