"""Small readers of the entity graph shared by the analyses: labels, typed nodes, neighbours by property."""

from __future__ import annotations

import networkx as nx


def node_label(G: nx.MultiDiGraph, node: str, lang: str) -> str:
    """The node's label in ``lang`` (its id when it has none)."""
    return G.nodes[node].get(f"label_{lang}") or node


def of_class(G: nx.MultiDiGraph, cls: str) -> list[str]:
    """Nodes whose asserted types include ``cls`` (compact id), sorted."""
    return sorted(n for n, d in G.nodes(data=True) if cls == d.get("cls") or cls in d.get("classes", ()))


def targets(G: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    """The nodes ``node`` links to by ``prop``, sorted."""
    return sorted({v for _, v, k in G.out_edges(node, keys=True) if k == prop})


def sources(G: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    """The nodes that link to ``node`` by ``prop``, sorted."""
    return sorted({u for u, _, k in G.in_edges(node, keys=True) if k == prop})


def concept_label(G: nx.MultiDiGraph, concept: str, lang: str) -> str:
    """The label of a concept that the projection keeps as a node attribute."""
    return G.graph.get("concepts", {}).get(concept, {}).get(f"label_{lang}", concept)


def ref(G: nx.MultiDiGraph, node: str, lang: str) -> dict:
    """A node as ``{"node": id, "label": label}``."""
    return {"node": node, "label": node_label(G, node, lang)}
