"""Structure of the entity graph: size, centrality, communities against the report's directions, holes.

Plain functions over :func:`zgraph.network.projection.entity_graph` (or its undirected view) that return plain
data — dicts and lists of ids, labels and numbers — in a stable order. Formatting lives in ``report``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import networkx as nx

from zgraph.network.nodes import node_label, ref
from zgraph.network.projection import undirected

#: Seed of the community detection (Louvain is randomised; a fixed seed makes it reproducible).
SEED = 20231
#: Decimals kept for centrality scores in the output.
DECIMALS = 6
def directions(G: nx.MultiDiGraph, lang: str = "zh") -> dict[int, str]:
    """The report's directions (一、…) by ordinal, named in ``lang`` (from the graph: projection.direction_names)."""
    return {d: names[f"label_{lang}"] for d, names in G.graph.get("directions", {}).items()}


def pagerank(H: nx.Graph) -> dict[str, float]:
    """NetworkX PageRank (alpha 0.85, SciPy's sparse solver)."""
    return nx.pagerank(H)


def top_by_pagerank(scores: dict[str, float], n: int = 5) -> list[str]:
    """The ``n`` best nodes by PageRank; ties (to 10 decimals) broken by id so the order is stable."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: (-round(kv[1], 10), kv[0]))[:n]]


def normalized_mutual_information(a: Sequence, b: Sequence) -> float:
    """NMI of two labelings of the same items, normalised by the arithmetic mean of their entropies."""
    if len(a) != len(b):
        raise ValueError("labelings differ in length")
    n = len(a)
    if n == 0:
        return 0.0
    ca, cb, joint = Counter(a), Counter(b), Counter(zip(a, b, strict=True))

    def entropy(c: Counter) -> float:
        return -sum(k / n * math.log(k / n) for k in c.values())

    ha, hb = entropy(ca), entropy(cb)
    if ha == 0 and hb == 0:
        return 1.0
    mi = sum(k / n * math.log(k * n / (ca[x] * cb[y])) for (x, y), k in joint.items())
    return max(0.0, min(1.0, mi / ((ha + hb) / 2))) if ha + hb else 0.0



def summary(G: nx.MultiDiGraph) -> dict:
    """Size of the entity graph and of its connected components."""
    H = undirected(G)
    comps = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    classes = Counter(d["cls"] for _, d in G.nodes(data=True))
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "components": len(comps),
            "largest_component": comps[0] if comps else 0,
            "isolated": sum(1 for c in comps if c == 1),
            "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])))}


def centrality(G: nx.MultiDiGraph, lang: str = "zh") -> list[dict]:
    """Degree, betweenness and PageRank of every node on the undirected view, best PageRank first."""
    H = undirected(G)
    betweenness = nx.betweenness_centrality(H)
    pr = pagerank(H)
    order = top_by_pagerank(pr, len(pr))
    return [{"node": n, "label": node_label(G, n, lang), "class": G.nodes[n]["cls"], "degree": H.degree(n),
             "betweenness": round(betweenness[n], DECIMALS), "pagerank": round(pr[n], DECIMALS)}
            for n in order]


def communities(G: nx.MultiDiGraph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities of the undirected view (fixed seed), largest first, each sorted by id."""
    found = nx.community.louvain_communities(undirected(G), seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def direction_comparison(G: nx.MultiDiGraph, comms: list[list[str]], lang: str = "zh") -> dict:
    """Communities against the report's five directions: contingency table, NMI, cross-cutting communities.

    Only nodes quoted in one of the five directions and in communities of two or more nodes count.
    """
    rows, a, b, cross = [], [], [], []
    for i, comm in enumerate(comms):
        dirs = Counter(G.nodes[n]["direction"] for n in comm if G.nodes[n]["direction"] > 0)
        if len(comm) < 2 or not dirs:
            continue
        rows.append({"community": i, "size": len(comm), **{f"d{d}": dirs.get(d, 0) for d in directions(G)}})
        for d, k in dirs.items():
            a += [i] * k
            b += [d] * k
        if len(dirs) > 1:
            main, k = min(dirs.items(), key=lambda kv: (-kv[1], kv[0]))
            hubs = sorted(comm, key=lambda n: (-G.degree(n), n))[:3]
            cross.append({"community": i, "size": len(comm), "directions": dict(sorted(dirs.items())),
                          "dominant": main, "purity": round(k / sum(dirs.values()), 3),
                          "hubs": [ref(G, h, lang) for h in hubs]})
    H = undirected(G)
    mod = nx.community.modularity(H, [set(c) for c in comms]) if H.number_of_edges() else 0.0
    return {"contingency": rows, "nmi": round(normalized_mutual_information(a, b), 4),
            "modularity": round(mod, 4), "nodes_compared": len(a), "cross_cutting": cross}



def structural_holes(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Articulation points and bridges of the undirected view, with what each one holds together."""
    H = undirected(G)
    points = []
    for a in nx.articulation_points(H):
        rest = H.subgraph(n for n in nx.node_connected_component(H, a) if n != a)
        pieces = sorted((sorted(c) for c in nx.connected_components(rest)), key=lambda c: (-len(c), c[0]))
        cut = [n for piece in pieces[1:] for n in piece]
        points.append({"node": a, "label": node_label(G, a, lang), "class": G.nodes[a]["cls"],
                       "class_label": G.nodes[a][f"cls_label_{lang}"], "direction": G.nodes[a]["direction"],
                       "pieces": len(pieces), "cuts_off": len(cut), "cut_off": cut,
                       "cut_off_examples": [node_label(G, n, lang) for n in cut[:5]]})
    points.sort(key=lambda p: (-p["cuts_off"], p["node"]))
    bridges = []
    size = {n: len(c) for c in nx.connected_components(H) for n in c}
    for u, v in sorted(tuple(sorted(e)) for e in nx.bridges(H)):
        if 1 in (H.degree(u), H.degree(v)):
            su = 1 if H.degree(u) == 1 else size[u] - 1
        else:
            su = len(nx.node_connected_component(nx.restricted_view(H, [], [(u, v)]), u))
        sv = size[u] - su
        props = sorted(set(G.get_edge_data(u, v, default={})) | set(G.get_edge_data(v, u, default={})))
        bridges.append({"source": u, "target": v, "source_label": node_label(G, u, lang),
                        "target_label": node_label(G, v, lang), "properties": props, "sides": sorted([su, sv])})
    inner = [b for b in bridges if b["sides"][0] >= 2]
    inner.sort(key=lambda b: (-b["sides"][0], b["source"], b["target"]))
    return {"articulation_points": points, "bridges": len(bridges), "leaf_bridges": len(bridges) - len(inner),
            "inner_bridges": inner}

