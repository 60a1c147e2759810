"""Labels: the best label of a node in a language, falling back to the other language, then to its id."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from zgraph.namespaces import PREFIXES

LABEL_PROPS = (RDFS.label, SKOS.prefLabel)


def qname(node: URIRef) -> str:
    """Compact id of a node, e.g. ``zgi:place-yuexiu``."""
    text = str(node)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return text


def labels(g: Graph, node: URIRef, lang: str) -> list[str]:
    """All labels of ``node`` in ``lang`` (rdfs:label, then skos:prefLabel), sorted for stability."""
    out: list[str] = []
    for prop in LABEL_PROPS:
        out += sorted(str(o) for o in g.objects(node, prop) if isinstance(o, Literal) and o.language == lang)
    return out


def label(g: Graph, node: URIRef, lang: str = "zh") -> str:
    """The label of ``node`` in ``lang``; else in the other of zh/en; else its compact id."""
    for want in (lang, "en" if lang == "zh" else "zh"):
        found = labels(g, node, want)
        if found:
            return found[0]
    for prop in LABEL_PROPS:
        for o in sorted(g.objects(node, prop)):
            return str(o)
    return qname(node)
