"""Labels: the best label of a node in a language, falling back to the other language, then to its id."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from zgraph.model.prefixes import qname

__all__ = ["qname", "ordered", "labels"]

LABEL_PROPS = (RDFS.label, SKOS.prefLabel)
#: Every property that names a node: its labels and its aliases.
NAME_PROPS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


def ordered(nodes: Iterable[Node]) -> list[Node]:
    """RDF terms in rdflib's own order (URIs and literals by their text), for stable output."""
    return sorted(nodes)  # type: ignore[type-var]  # rdflib terms are ordered, but not typed as such


def labels(g: Graph, node: Node, lang: str) -> list[str]:
    """All labels of ``node`` in ``lang`` (rdfs:label, then skos:prefLabel), sorted for stability."""
    out: list[str] = []
    for prop in LABEL_PROPS:
        out += sorted(str(o) for o in g.objects(node, prop) if isinstance(o, Literal) and o.language == lang)
    return out


def label(g: Graph, node: Node | None, lang: str = "zh") -> str:
    """The label of ``node`` in ``lang``; else in the other of zh/en; else its compact id."""
    if node is None:
        return ""
    for want in (lang, "en" if lang == "zh" else "zh"):
        found = labels(g, node, want)
        if found:
            return found[0]
    for prop in LABEL_PROPS:
        for o in ordered(g.objects(node, prop)):
            return str(o)
    return qname(node)


def zh_names(g: Graph, node: Node, min_length: int = 1) -> list[str]:
    """The Chinese names of a node (labels and aliases), longest first: what a quote may call it by.

    A literal is its own name. ``min_length=2`` leaves out one-character names, which match too much.
    """
    if isinstance(node, Literal):
        return [str(node)]
    names = {str(o) for p in NAME_PROPS for o in g.objects(node, p)
             if isinstance(o, Literal) and o.language == "zh" and len(str(o)) >= min_length}
    return sorted(names, key=lambda s: (-len(s), s))
