"""Structural holes: articulation points and bridges of the undirected view, with what each one holds together.

One depth-first search (Hopcroft–Tarjan low-links) gives every cut vertex, every bridge and the size of each side,
so the cost is linear in the graph plus the size of what is reported, at any size (no search per cut vertex).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from zgraph.network.nodes import node_label


@dataclass
class _Search:
    """Depth-first order of the undirected view: preorder position, low-link, subtree size and tree children."""

    order: list[str] = field(default_factory=list)
    pos: dict[str, int] = field(default_factory=dict)
    low: dict[str, int] = field(default_factory=dict)
    size: dict[str, int] = field(default_factory=dict)
    least: dict[str, str] = field(default_factory=dict)  # smallest id in the subtree
    children: dict[str, list[str]] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    comp: dict[str, tuple[int, int]] = field(default_factory=dict)  # root -> preorder span [start, end)
    root: dict[str, str] = field(default_factory=dict)


def _search(H: nx.Graph) -> _Search:
    s = _Search()
    for r in H:
        if r in s.pos:
            continue
        start = len(s.order)
        s.parent[r] = None
        stack = [(r, iter(H[r]))]
        s.pos[r] = s.low[r] = len(s.order)
        s.order.append(r)
        s.children[r] = []
        while stack:
            v, it = stack[-1]
            for w in it:
                if w not in s.pos:
                    s.parent[w] = v
                    s.children[v].append(w)
                    s.children[w] = []
                    s.pos[w] = s.low[w] = len(s.order)
                    s.order.append(w)
                    stack.append((w, iter(H[w])))
                    break
                if w != s.parent[v]:
                    s.low[v] = min(s.low[v], s.pos[w])
            else:
                stack.pop()
                s.size[v] = 1 + sum(s.size[c] for c in s.children[v])
                s.least[v] = min([v, *(s.least[c] for c in s.children[v])])
                p = s.parent[v]
                if p is not None:
                    s.low[p] = min(s.low[p], s.low[v])
        s.comp[r] = (start, len(s.order))
        for n in s.order[start:]:
            s.root[n] = r
    return s


def _subtree(s: _Search, c: str) -> list[str]:
    return s.order[s.pos[c]:s.pos[c] + s.size[c]]


def _pieces(s: _Search, a: str) -> list[tuple[int, str, object]]:
    """The pieces ``a``'s component falls into without ``a``: (size, smallest id, how to list its nodes)."""
    start, end = s.comp[s.root[a]]
    cut = [c for c in s.children[a] if s.low[c] >= s.pos[a]]
    out: list[tuple[int, str, object]] = [(s.size[c], s.least[c], ("sub", c)) for c in cut]
    if s.parent[a] is not None:
        kept = [c for c in s.children[a] if c not in cut]
        rest = end - start - 1 - sum(s.size[c] for c in cut)
        out.append((rest, "", ("rest", a, kept)))
    return out


def _nodes(s: _Search, how: object) -> list[str]:
    assert isinstance(how, tuple)
    if how[0] == "sub":
        return _subtree(s, how[1])
    _, a, kept = how
    start, end = s.comp[s.root[a]]
    outside = s.order[start:s.pos[a]] + s.order[s.pos[a] + s.size[a]:end]
    return outside + [n for c in kept for n in _subtree(s, c)]


def structural_holes(G: nx.MultiDiGraph, H: nx.Graph, lang: str = "zh") -> dict:
    """Articulation points and bridges of the undirected view ``H`` of ``G``, with what each one holds together."""
    s = _search(H)
    points = []
    for a in s.order:
        pieces = _pieces(s, a)
        if len(pieces) < 2:
            continue
        if any(not least for _, least, _ in pieces):  # the rest piece's smallest id, needed for the order
            pieces = [(size, least or min(_nodes(s, how)), how) for size, least, how in pieces]
        pieces.sort(key=lambda p: (-p[0], p[1]))
        cut = [n for _, _, how in pieces[1:] for n in sorted(_nodes(s, how))]
        points.append({"node": a, "label": node_label(G, a, lang), "class": G.nodes[a]["cls"],
                       "class_label": G.nodes[a][f"cls_label_{lang}"], "direction": G.nodes[a]["direction"],
                       "pieces": len(pieces), "cuts_off": len(cut), "cut_off": cut,
                       "cut_off_examples": [node_label(G, n, lang) for n in cut[:5]]})
    points.sort(key=lambda p: (-p["cuts_off"], p["node"]))
    bridges = []
    for c in s.order:
        p = s.parent[c]
        if p is None or s.low[c] <= s.pos[p]:
            continue
        start, end = s.comp[s.root[c]]
        u, v = sorted((p, c))
        sc = s.size[c]
        su = sc if u == c else end - start - sc
        props = sorted(set(G.get_edge_data(u, v, default={})) | set(G.get_edge_data(v, u, default={})))
        bridges.append({"source": u, "target": v, "source_label": node_label(G, u, lang),
                        "target_label": node_label(G, v, lang), "properties": props,
                        "sides": sorted([su, end - start - su])})
    bridges.sort(key=lambda b: (b["source"], b["target"]))
    inner = [b for b in bridges if b["sides"][0] >= 2]
    inner.sort(key=lambda b: (-b["sides"][0], b["source"], b["target"]))
    return {"articulation_points": points, "bridges": len(bridges), "leaf_bridges": len(bridges) - len(inner),
            "inner_bridges": inner}
