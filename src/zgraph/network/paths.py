"""Paths between two named entities, each step with the report's words behind it."""

from __future__ import annotations

import json
from itertools import islice

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from zgraph.model.errors import ZGraphError
from zgraph.model.explain import provenance
from zgraph.model.labels import qname
from zgraph.model.names import resolve, resolve_store
from zgraph.model.provenance import background_sources, node_rule
from zgraph.network.nodes import node_label, ref
from zgraph.network.projection import undirected


def connection(g: Graph | None, G: nx.MultiDiGraph, a: str, b: str, lang: str = "zh",
               store: ox.Store | None = None) -> dict:
    """The shortest labelled path between two named entities, with the quote behind each edge.

    Among equally short paths the one with the most quoted edges wins (then the first by ids). With ``store``
    (and ``g`` None) names are resolved on the store and provenance is read for the nodes of the candidate paths.
    """
    ends = []
    for name in (a, b):
        node = qname(resolve(g, name) if g is not None else resolve_store(store, name))  # type: ignore[arg-type]
        if node not in G:
            raise ZGraphError(f"{name!r} ({node}) is not an entity of the graph (see docs/analysis.md)")
        ends.append(node)
    H = undirected(G)
    try:
        candidates = list(islice(nx.all_shortest_paths(H, ends[0], ends[1]), 2000))
    except nx.NetworkXNoPath:
        raise ZGraphError(f"no connection between {node_label(G, ends[0], lang)} and {node_label(G, ends[1], lang)}"
                          " in the entity graph") from None

    if g is None:
        assert store is not None
        g = provenance(store, {G.nodes[n]["iri"] for p in candidates for n in p})

    def steps(path: list[str]) -> list[dict]:
        out = []
        for u, v in zip(path, path[1:], strict=False):
            edges = [(u, v, k, d) for k, d in sorted(G.get_edge_data(u, v, default={}).items())]
            edges += [(v, u, k, d) for k, d in sorted(G.get_edge_data(v, u, default={}).items())]
            for s, o, k, d in edges:
                step = {"source": s, "source_label": node_label(G, s, lang), "property": k,
                        "property_label": d[f"label_{lang}"], "target": o, "target_label": node_label(G, o, lang),
                        "quotes": list(d["quotes"]), "quote_match": d.get("quote_match", "")}
                if d.get("inferred"):
                    step["inferred"] = node_rule(g, URIRef(G.nodes[s]["iri"]), lang)
                if step["quote_match"] != "both":
                    step["background"] = background_sources(g, URIRef(G.nodes[s]["iri"]), lang)
                out.append(step)
        return out

    scored = [(-sum(1 for st in steps(p) if st["quote_match"] == "both"),
               -sum(1 for st in steps(p) if st["quotes"]), p) for p in candidates]
    path = min(scored)[-1]
    return {"from": ref(G, ends[0], lang), "to": ref(G, ends[1], lang), "length": len(path) - 1,
            "nodes": [ref(G, n, lang) for n in path], "steps": steps(path)}



def render_connection(conn: dict, fmt: str = "table") -> str:
    """A path as readable lines (each edge with the report's words behind it) or JSON."""
    if fmt == "json":
        return json.dumps(conn, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{conn['from']['label']} → {conn['to']['label']}: {conn['length']} step(s) via "
             + " — ".join(n["label"] for n in conn["nodes"])]
    for i, st in enumerate(conn["steps"], 1):
        lines.append(f"{i}. {st['source_label']} —{st['property_label']} ({st['property']})→ {st['target_label']}")
        if st["quote_match"] == "subject":
            lines.append(f"     (the report's words about {st['source_label']}; they do not name "
                         f"{st['target_label']})")
        lines += [f"     “{q}”" for q in st["quotes"]]
        if st.get("background"):
            lines.append(f"     background source: {'; '.join(st['background'])}")
        if "inferred" in st:
            lines.append(f"     inferred: {st['inferred']}")
    return "\n".join(lines) + "\n"

