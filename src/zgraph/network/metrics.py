"""Structure of the entity graph: size, centrality, communities against the report's directions, holes.

Plain functions over :func:`zgraph.network.projection.entity_graph` (or its undirected view) that return plain
data — dicts and lists of ids, labels and numbers — in a stable order. Formatting lives in ``report``.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence

import networkx as nx

from zgraph.network import holes
from zgraph.network.nodes import node_label, ref
from zgraph.network.projection import undirected

#: Seed of the community detection (Louvain is randomised; a fixed seed makes it reproducible).
SEED = 20231
#: Decimals kept for centrality scores in the output.
DECIMALS = 6
#: Up to this many nodes betweenness is exact; past it, it is estimated from sampled sources (the environment
#: variable ZGRAPH_EXACT_BETWEENNESS overrides it).
EXACT_BETWEENNESS = 2000
#: Sources of the sampled estimate: two independent halves of this many each (seeds SEED and SEED + 1).
SAMPLE_HALF = 24


#: Up to this many nodes Louvain runs on the graph itself; past it, on the communities of a first label-propagation
#: pass (NetworkX's Louvain takes minutes at 50,000 nodes). The variable ZGRAPH_PLAIN_LOUVAIN overrides it.
PLAIN_LOUVAIN = 20000


def _limit(variable: str, default: int) -> int:
    value = os.environ.get(variable, "")
    return int(value) if value.isdigit() else default


def exact_betweenness_limit() -> int:
    """The node count past which betweenness is sampled (EXACT_BETWEENNESS, or $ZGRAPH_EXACT_BETWEENNESS)."""
    return _limit("ZGRAPH_EXACT_BETWEENNESS", EXACT_BETWEENNESS)


def betweenness(H: nx.Graph, limit: int | None = None) -> tuple[dict, dict]:
    """Normalised betweenness of every node and how it was computed: exact, or sampled past ``limit`` nodes.

    The sample is two independent halves of SAMPLE_HALF source nodes (Brandes' pivots, seeds SEED and SEED + 1);
    the score is their mean and its error is estimated per node as half the gap between the two halves (about one
    standard error of the mean). The output states the sample, the largest and the mean such error.
    """
    n = H.number_of_nodes()
    limit = exact_betweenness_limit() if limit is None else limit
    if n <= limit or n <= 2 * SAMPLE_HALF:
        return nx.betweenness_centrality(H), {"method": "exact", "nodes": n}
    a = nx.betweenness_centrality(H, k=SAMPLE_HALF, seed=SEED)
    b = nx.betweenness_centrality(H, k=SAMPLE_HALF, seed=SEED + 1)
    scores = {v: (a[v] + b[v]) / 2 for v in H}
    errors = {v: abs(a[v] - b[v]) / 2 for v in H}
    top = max(scores, key=lambda v: (scores[v], v))
    return scores, {"method": "sampled", "nodes": n, "sources": 2 * SAMPLE_HALF, "seeds": [SEED, SEED + 1],
                    "max_error": round(max(errors.values()), DECIMALS),
                    "mean_error": round(sum(errors.values()) / n, DECIMALS),
                    "top": top, "top_error": round(errors[top], DECIMALS),
                    "error": "half the gap between two independent half-samples (about one standard error)"}
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



def summary(G: nx.MultiDiGraph, H: nx.Graph | None = None) -> dict:
    """Size of the entity graph and of its connected components."""
    H = undirected(G) if H is None else H
    comps = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    classes = Counter(d["cls"] for _, d in G.nodes(data=True))
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "components": len(comps),
            "largest_component": comps[0] if comps else 0,
            "isolated": sum(1 for c in comps if c == 1),
            "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])))}


def centrality(G: nx.MultiDiGraph, lang: str = "zh", H: nx.Graph | None = None,
               method: dict | None = None) -> list[dict]:
    """Degree, betweenness and PageRank of every node on the undirected view, best PageRank first.

    Betweenness is sampled past a size (see :func:`betweenness`); pass a dict as ``method`` to learn how.
    """
    H = undirected(G) if H is None else H
    between, how = betweenness(H)
    if method is not None:
        method.update(how)
    pr = pagerank(H)
    order = top_by_pagerank(pr, len(pr))
    return [{"node": n, "label": node_label(G, n, lang), "class": G.nodes[n]["cls"], "degree": H.degree(n),
             "betweenness": round(between[n], DECIMALS), "pagerank": round(pr[n], DECIMALS)}
            for n in order]


def _seeded_louvain(H: nx.Graph, seed: int) -> list[list[str]]:
    """Louvain on the graph of label-propagation communities (edge weights: links between them, self-loops: links
    inside), expanded back to nodes: the same modularity objective, minutes faster on large graphs."""
    first = sorted((sorted(c) for c in nx.community.fast_label_propagation_communities(H, seed=seed)),
                   key=lambda c: c[0])
    of = {n: i for i, c in enumerate(first) for n in c}
    C = nx.Graph()
    C.add_nodes_from(range(len(first)))
    for u, v in H.edges():
        a, b = of[u], of[v]
        C.add_edge(a, b, weight=C.get_edge_data(a, b, {}).get("weight", 0) + 1)
    return [[n for i in c for n in first[i]] for c in nx.community.louvain_communities(C, weight="weight", seed=seed)]


def communities(G: nx.MultiDiGraph, seed: int = SEED, H: nx.Graph | None = None,
                method: dict | None = None) -> list[list[str]]:
    """Louvain communities of the undirected view (fixed seed), largest first, each sorted by id.

    Past PLAIN_LOUVAIN nodes Louvain starts from label-propagation communities (``method`` learns which ran).
    """
    H = undirected(G) if H is None else H
    plain = H.number_of_nodes() <= _limit("ZGRAPH_PLAIN_LOUVAIN", PLAIN_LOUVAIN)
    found = nx.community.louvain_communities(H, seed=seed) if plain else _seeded_louvain(H, seed)
    if method is not None:
        method.update({"method": "louvain" if plain else "label propagation, then louvain", "seed": seed})
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def direction_comparison(G: nx.MultiDiGraph, comms: list[list[str]], lang: str = "zh",
                         H: nx.Graph | None = None) -> dict:
    """Communities against the report's five directions: contingency table, NMI, cross-cutting communities.

    Only nodes quoted in one of the five directions and in communities of two or more nodes count.
    """
    rows, a, b, cross = [], [], [], []
    degree = dict(G.degree())
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
            hubs = sorted(comm, key=lambda n: (-degree[n], n))[:3]
            cross.append({"community": i, "size": len(comm), "directions": dict(sorted(dirs.items())),
                          "dominant": main, "purity": round(k / sum(dirs.values()), 3),
                          "hubs": [ref(G, h, lang) for h in hubs]})
    H = undirected(G) if H is None else H
    mod = nx.community.modularity(H, [set(c) for c in comms]) if H.number_of_edges() else 0.0
    return {"contingency": rows, "nmi": round(normalized_mutual_information(a, b), 4),
            "modularity": round(mod, 4), "nodes_compared": len(a), "cross_cutting": cross}



def structural_holes(G: nx.MultiDiGraph, lang: str = "zh", H: nx.Graph | None = None) -> dict:
    """Articulation points and bridges of the undirected view, with what each one holds together."""
    return holes.structural_holes(G, undirected(G) if H is None else H, lang)
