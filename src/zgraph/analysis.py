"""Network analyses of the entity graph: centrality, communities, pairings, policy coverage, chains, paths, holes.

Every function takes the graph built by :func:`zgraph.projection.entity_graph` and returns plain data
(dicts and lists of ids, labels and numbers) in a stable order; rendering to text, Markdown and JSON is at
the end of this module.
"""

from __future__ import annotations

import html
import json
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from zgraph import atomic
from zgraph.errors import ZGraphError
from zgraph.labels import label, qname
from zgraph.names import resolve
from zgraph.namespaces import ZG
from zgraph.projection import entity_graph, undirected

#: Seed of the community detection (Louvain is randomised; a fixed seed makes it reproducible).
SEED = 20231
#: Decimals kept for centrality scores in the output.
DECIMALS = 6
#: The report's five directions (一、… 五、), by ordinal, in short words.
DIRECTIONS = {
    1: ("机制体制", "mechanisms"), 2: ("平台建设", "platforms"), 3: ("招商引资", "investment attraction"),
    4: ("营商环境", "business environment"), 5: ("要素保障", "factor guarantees"),
}


# --------------------------------------------------------------------------------------------- helpers

def _label(G: nx.MultiDiGraph, node: str, lang: str) -> str:
    return G.nodes[node].get(f"label_{lang}") or node


def _of_class(G: nx.MultiDiGraph, cls: str) -> list[str]:
    """Nodes whose asserted types include ``cls`` (compact id), sorted."""
    return sorted(n for n, d in G.nodes(data=True) if cls == d.get("cls") or cls in d.get("classes", ()))


def _targets(G: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    return sorted({v for _, v, k in G.out_edges(node, keys=True) if k == prop})


def _sources(G: nx.MultiDiGraph, node: str, prop: str) -> list[str]:
    return sorted({u for u, _, k in G.in_edges(node, keys=True) if k == prop})


def _concept(G: nx.MultiDiGraph, concept: str, lang: str) -> str:
    return G.graph.get("concepts", {}).get(concept, {}).get(f"label_{lang}", concept)


def _ref(G: nx.MultiDiGraph, node: str, lang: str) -> dict:
    return {"node": node, "label": _label(G, node, lang)}


def pagerank(H: nx.Graph) -> dict[str, float]:
    """NetworkX PageRank (alpha 0.85); uses NetworkX's pure-Python variant when SciPy is not installed."""
    try:
        return nx.pagerank(H)
    except ModuleNotFoundError:  # networkx >= 3 wants SciPy for pagerank
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        return _pagerank_python(H)


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


# ------------------------------------------------------------------------------------------ analyses

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
    return [{"node": n, "label": _label(G, n, lang), "class": G.nodes[n]["cls"], "degree": H.degree(n),
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
        rows.append({"community": i, "size": len(comm), **{f"d{d}": dirs.get(d, 0) for d in DIRECTIONS}})
        for d, k in dirs.items():
            a += [i] * k
            b += [d] * k
        if len(dirs) > 1:
            main, k = min(dirs.items(), key=lambda kv: (-kv[1], kv[0]))
            hubs = sorted(comm, key=lambda n: (-G.degree(n), n))[:3]
            cross.append({"community": i, "size": len(comm), "directions": dict(sorted(dirs.items())),
                          "dominant": main, "purity": round(k / sum(dirs.values()), 3),
                          "hubs": [_ref(G, h, lang) for h in hubs]})
    H = undirected(G)
    mod = nx.community.modularity(H, [set(c) for c in comms]) if H.number_of_edges() else 0.0
    return {"contingency": rows, "nmi": round(normalized_mutual_information(a, b), 4),
            "modularity": round(mod, 4), "nodes_compared": len(a), "cross_cutting": cross}


def pairings(G: nx.MultiDiGraph, lang: str = "zh") -> dict[str, dict]:
    """County-level pairings as a bipartite graph: for each assisting district its degree and units."""
    B = nx.Graph()
    for p in _of_class(G, "zg:Pairing"):
        if "zgv:level-county" not in G.nodes[p].get("pairingLevel", []):
            continue
        for d in _targets(G, p, "zg:assistingParty"):
            for u in _targets(G, p, "zg:assistedParty"):
                B.add_node(d, bipartite=0)
                B.add_node(u, bipartite=1)
                B.add_edge(d, u, inferred=G.nodes[p]["inferred"])
    districts = [n for n, side in B.nodes(data="bipartite") if side == 0]
    out = {}
    for d in sorted(districts, key=lambda n: (-B.degree(n), n)):
        units = sorted(B[d])
        out[d] = {"label": _label(G, d, lang), "degree": B.degree(d), "units": units,
                  "unit_labels": [_label(G, u, lang) for u in units],
                  "inferred": sum(1 for u in units if B.edges[d, u]["inferred"])}
    return out


def enclaves(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Reverse-enclave flows origin → host, and per host how many enclaves and components it holds."""
    flows, hosts = [], {}
    for e in _of_class(G, "zg:ReverseEnclave"):
        comps = _targets(G, e, "zg:hasComponent")
        status = G.nodes[e].get("enclaveStatus", [])
        for o in _targets(G, e, "zg:origin"):
            for h in _targets(G, e, "zg:host"):
                flows.append({"enclave": e, "label": _label(G, e, lang), "origin": o,
                              "origin_label": _label(G, o, lang), "host": h, "host_label": _label(G, h, lang),
                              "status": status[0] if status else "",
                              "status_label": _concept(G, status[0], lang) if status else "",
                              "components": len(comps)})
                entry = hosts.setdefault(h, {"label": _label(G, h, lang), "enclaves": 0, "components": 0,
                                             "origins": []})
                entry["enclaves"] += 1
                entry["components"] += len(comps)
                entry["origins"].append(o)
    ordered = sorted(hosts.items(), key=lambda kv: (-kv[1]["enclaves"], -kv[1]["components"], kv[0]))
    return {"flows": sorted(flows, key=lambda f: (f["host"], f["origin"], f["enclave"])),
            "hosts": {h: {**v, "origins": sorted(v["origins"])} for h, v in ordered}}


def policy_coverage(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Documents × policy areas: documents per area (most first) and the documents that span several areas."""
    docs = _of_class(G, "zg:PolicyDocument")
    areas = _of_class(G, "zg:PolicyArea")
    about = {d: [a for a in _targets(G, d, "eli:is_about") if a in areas] for d in docs}
    per_area = [{"area": a, "label": _label(G, a, lang), "documents": sorted(d for d in docs if a in about[d])}
                for a in areas]
    per_area = sorted(({**r, "count": len(r["documents"])} for r in per_area), key=lambda r: (-r["count"], r["area"]))
    per_doc = sorted(({"document": d, "label": _label(G, d, lang), "areas": about[d],
                       "area_labels": [_label(G, a, lang) for a in about[d]], "count": len(about[d])}
                      for d in docs), key=lambda r: (-r["count"], r["document"]))
    return {"documents": len(docs), "areas": per_area, "by_document": per_doc,
            "multi_area": [r["document"] for r in per_doc if r["count"] > 1],
            "uncovered_areas": [r["area"] for r in per_area if r["count"] == 0]}


def chains(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Chain leader → chain → projects, with counts (leaders without a named chain are listed apart)."""
    leads: dict[str, list[str]] = {}
    unchained = []
    for des in _of_class(G, "zg:ChainLeaderDesignation"):
        who = _targets(G, des, "zg:designee")
        for_chain = _targets(G, des, "zg:forChain")
        for c in for_chain:
            leads.setdefault(c, []).extend(who)
        if not for_chain:
            unchained += who
    rows = []
    for c in _of_class(G, "zg:IndustryChain"):
        leaders = sorted(set(leads.get(c, [])))
        projects = _sources(G, c, "zg:inChain")
        rows.append({"chain": c, "label": _label(G, c, lang), "leaders": [_ref(G, x, lang) for x in leaders],
                     "projects": [_ref(G, p, lang) for p in projects],
                     "n_leaders": len(leaders), "n_projects": len(projects)})
    leaders = sorted({x for v in leads.values() for x in v} | set(unchained))
    by_leader = [{"leader": x, "label": _label(G, x, lang),
                  "chains": sorted(c for c, v in leads.items() if x in v),
                  "projects": _sources(G, x, "zg:involvesOrganization")} for x in leaders]
    return {"chains": sorted(rows, key=lambda r: (-r["n_projects"], -r["n_leaders"], r["chain"])),
            "leaders": by_leader, "projects": sum(r["n_projects"] for r in rows)}


def structural_holes(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Articulation points and bridges of the undirected view, with what each one holds together."""
    H = undirected(G)
    points = []
    for a in nx.articulation_points(H):
        rest = H.subgraph(n for n in nx.node_connected_component(H, a) if n != a)
        pieces = sorted((sorted(c) for c in nx.connected_components(rest)), key=lambda c: (-len(c), c[0]))
        cut = [n for piece in pieces[1:] for n in piece]
        points.append({"node": a, "label": _label(G, a, lang), "class": G.nodes[a]["cls"],
                       "class_label": G.nodes[a][f"cls_label_{lang}"], "direction": G.nodes[a]["direction"],
                       "pieces": len(pieces),
                       "cuts_off": len(cut), "cut_off": cut, "cut_off_examples": [_label(G, n, lang) for n in cut[:5]]})
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
        bridges.append({"source": u, "target": v, "source_label": _label(G, u, lang),
                        "target_label": _label(G, v, lang), "properties": props, "sides": sorted([su, sv])})
    inner = [b for b in bridges if b["sides"][0] >= 2]
    inner.sort(key=lambda b: (-b["sides"][0], b["source"], b["target"]))
    return {"articulation_points": points, "bridges": len(bridges), "leaf_bridges": len(bridges) - len(inner),
            "inner_bridges": inner}


def connection(g: Graph, G: nx.MultiDiGraph, a: str, b: str, lang: str = "zh") -> dict:
    """The shortest labelled path between two named entities, with the quote behind each edge.

    Among equally short paths the one with the most quoted edges wins (then the first by ids).
    """
    ends = []
    for name in (a, b):
        node = qname(resolve(g, name))
        if node not in G:
            raise ZGraphError(f"{name!r} ({node}) is not an entity of the graph (see docs/analysis.md)")
        ends.append(node)
    H = undirected(G)
    try:
        candidates = list(islice(nx.all_shortest_paths(H, ends[0], ends[1]), 2000))
    except nx.NetworkXNoPath:
        raise ZGraphError(f"no connection between {_label(G, ends[0], lang)} and {_label(G, ends[1], lang)}"
                          " in the entity graph") from None

    def steps(path: list[str]) -> list[dict]:
        out = []
        for u, v in zip(path, path[1:], strict=False):
            edges = [(u, v, k, d) for k, d in sorted(G.get_edge_data(u, v, default={}).items())]
            edges += [(v, u, k, d) for k, d in sorted(G.get_edge_data(v, u, default={}).items())]
            for s, o, k, d in edges:
                step = {"source": s, "source_label": _label(G, s, lang), "property": k,
                        "property_label": d[f"label_{lang}"], "target": o, "target_label": _label(G, o, lang),
                        "quotes": list(d["quotes"]), "quote_match": d.get("quote_match", "")}
                if d.get("inferred"):
                    step["inferred"] = _rule(g, G.nodes[s]["iri"], lang)
                if step["quote_match"] != "both":
                    step["background"] = _background(g, G.nodes[s]["iri"], lang)
                out.append(step)
        return out

    scored = [(-sum(1 for st in steps(p) if st["quote_match"] == "both"),
               -sum(1 for st in steps(p) if st["quotes"]), p) for p in candidates]
    path = min(scored)[-1]
    return {"from": _ref(G, ends[0], lang), "to": _ref(G, ends[1], lang), "length": len(path) - 1,
            "nodes": [_ref(G, n, lang) for n in path], "steps": steps(path)}


def _rule(g: Graph, iri: str, lang: str) -> str:
    for act in sorted(g.objects(URIRef(iri), PROV.wasGeneratedBy)):
        rules = sorted(g.objects(act, ZG.rule), key=lambda r: (getattr(r, "language", "") != lang, str(r)))
        if rules and isinstance(rules[0], Literal):
            return str(rules[0])
    return "inferred by zgraph"


def _background(g: Graph, iri: str, lang: str) -> list[str]:
    """Labels of the background sources (not the report) a node cites."""
    return sorted(label(g, s, lang) for s in g.objects(URIRef(iri), PROV.wasDerivedFrom)
                  if (s, RDF.type, ZG.BackgroundSource) in g)


def analyze(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Every analysis of the entity graph, as one JSON-ready dict."""
    comms = communities(G)
    return {"graph": summary(G), "centrality": centrality(G, lang), "communities": comms,
            "community_directions": direction_comparison(G, comms, lang), "pairings": pairings(G, lang),
            "enclaves": enclaves(G, lang), "policy_coverage": policy_coverage(G, lang),
            "chains": chains(G, lang), "structural_holes": structural_holes(G, lang)}


# ----------------------------------------------------------------------------------------- rendering

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object, markdown: bool) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    text = " ".join(text.split())
    return html.escape(text, quote=False).replace("|", "\\|") if markdown else text


def table(headers: Sequence[str], rows: Iterable[Sequence], markdown: bool = False) -> str:
    """A Markdown table, or a plain text table aligned for East Asian wide characters."""
    body = [[_cell(c, markdown) for c in row] for row in rows]
    head = [_cell(h, markdown) for h in headers]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in body])


def _join(items: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _names(items: Iterable[dict], lang: str) -> str:
    return _join((i["label"] for i in items), lang)


def findings(result: dict, lang: str = "zh") -> list[str]:
    """The headline findings in plain words."""
    s, out = result["graph"], []
    out.append(f"The entity graph has {s['nodes']} entities and {s['edges']} relations; "
               f"{s['largest_component']} of them hang together in one component, {s['isolated']} stand alone.")
    top = result["centrality"][:5]
    if top:
        out.append("Most central by PageRank: " + "; ".join(f"{r['label']} ({r['degree']} links)" for r in top)
                   + ".")
        broker = max(result["centrality"], key=lambda r: (r["betweenness"], r["node"]))
        out.append(f"The strongest broker (betweenness {broker['betweenness']}) is {broker['label']}.")
    cd = result["community_directions"]
    big = [c for c in result["communities"] if len(c) > 1]
    out.append(f"Louvain finds {len(big)} communities of two or more entities (modularity {cd['modularity']}); "
               f"their agreement with the report's five directions is NMI {cd['nmi']}, and "
               f"{len(cd['cross_cutting'])} of them cut across directions.")
    for c in sorted(cd["cross_cutting"], key=lambda c: (c["purity"], -c["size"], c["community"]))[:3]:
        mix = ", ".join(f"{d}. {DIRECTIONS[int(d)][0 if lang == 'zh' else 1]} {k}" for d, k in c["directions"].items())
        out.append(f"Community {c['community']} ({c['size']} entities, around {_names(c['hubs'], lang)}) mixes "
                   f"directions {mix}.")
    pr = result["pairings"]
    if pr:
        out.append("Guangzhou's districts and the Zhanjiang units they assist: " + "; ".join(
            f"{v['label']} {v['degree']} ({_join(v['unit_labels'], lang)})" for v in pr.values()) + ".")
        inferred = sum(v["inferred"] for v in pr.values())
        if inferred:
            out.append(f"{inferred} of these county-level pairings are inferred from where each unit put its "
                       "reverse enclave (the report names the pairs only that way).")
    hosts = result["enclaves"]["hosts"]
    if hosts:
        out.append("Reverse enclaves by host: " + "; ".join(
            f"{v['label']} {v['enclaves']} enclave(s), {v['components']} component(s)" for v in hosts.values())
            + ".")
    cov = result["policy_coverage"]
    if cov["documents"]:
        best = cov["areas"][0]
        out.append(f"{cov['documents']} policy documents; the area with most documents is {best['label']} "
                   f"({best['count']}); {len(cov['multi_area'])} documents span several areas.")
    ch = result["chains"]
    if ch["projects"] or ch["leaders"]:
        out.append(f"{ch['projects']} projects are placed in industry chains; " + "; ".join(
            f"{r['label']} {r['n_projects']}" for r in ch["chains"] if r["n_projects"] or r["n_leaders"]) + ".")
    holes = result["structural_holes"]
    if holes["articulation_points"]:
        p = holes["articulation_points"][0]
        out.append(f"{len(holes['articulation_points'])} entities are articulation points; removing "
                   f"{p['label']} ({p['class_label']}) cuts off {p['cuts_off']} others. "
                   f"{len(holes['inner_bridges'])} bridges join two groups of two or more entities.")
    return out


def _direction_name(d: int, lang: str) -> str:
    return f"{d}. {DIRECTIONS[d][0 if lang == 'zh' else 1]}" if d in DIRECTIONS else "—"


def render(result: dict, fmt: str = "table", lang: str = "zh", top: int = 15) -> str:
    """The analysis as ``json``, ``markdown`` or a plain-text ``table``."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    md = fmt == "markdown"

    def h(title: str) -> str:
        return f"## {title}" if md else f"{title}\n{'=' * _width(title)}"

    parts = ["# Network analysis of the Zhanjiang 2023 report" if md else "zgraph analysis", ""]
    def text(line: str) -> str:
        return html.escape(line, quote=False) if md else line

    parts += [h("Headline findings"), ""] + [f"- {text(f)}" if md else f"* {f}" for f in findings(result, lang)]
    parts += [""]
    parts += [h(f"Centrality (top {top} by PageRank)"), "", table(
        ["entity", "id", "class", "degree", "betweenness", "PageRank"],
        [[r["label"], f"`{r['node']}`" if md else r["node"], r["class"], r["degree"], r["betweenness"],
          r["pagerank"]] for r in result["centrality"][:top]], md), ""]
    cd = result["community_directions"]
    dir_names = [DIRECTIONS[d][0 if lang == "zh" else 1] for d in DIRECTIONS]
    parts += [h("Communities and the report's five directions"), "",
              f"Louvain (seed {SEED}), modularity {cd['modularity']}; NMI with directions {cd['nmi']} over "
              f"{cd['nodes_compared']} entities quoted in a direction. Rows: communities; columns: how many of "
              "their entities are first quoted in each direction.", "",
              table(["community", "size", *[f"{d}. {n}" for d, n in zip(DIRECTIONS, dir_names, strict=True)]],
                    [[r["community"], r["size"], *[r[f"d{d}"] for d in DIRECTIONS]] for r in cd["contingency"]],
                    md), ""]
    if cd["cross_cutting"]:
        parts += ["Communities that cut across directions:", "", table(
            ["community", "size", "directions", "dominant", "purity", "hubs"],
            [[c["community"], c["size"], ", ".join(f"{d}:{k}" for d, k in c["directions"].items()),
              c["dominant"], c["purity"], _names(c["hubs"], lang)] for c in cd["cross_cutting"]], md), ""]
    parts += [h("Pairings: Guangzhou districts → Zhanjiang units"), "", table(
        ["district", "degree", "units", "inferred"],
        [[v["label"], v["degree"], _join(v["unit_labels"], lang), v["inferred"]]
         for v in result["pairings"].values()], md), ""]
    enc = result["enclaves"]
    parts += [h("Reverse enclaves: origin → host"), "", table(
        ["origin", "host", "enclave", "status", "components"],
        [[f["origin_label"], f["host_label"], f["label"], f["status_label"], f["components"]] for f in enc["flows"]],
        md), "", table(["host", "enclaves", "components"],
                       [[v["label"], v["enclaves"], v["components"]] for v in enc["hosts"].values()], md), ""]
    cov = result["policy_coverage"]
    parts += [h("Policy coverage: documents × policy areas"), "", table(
        ["policy area", "documents", "which"],
        [[a["label"], a["count"], _join((r["label"] for r in cov["by_document"] if r["document"] in a["documents"]),
                                        lang)] for a in cov["areas"]],
        md), "", "Documents spanning several areas:", "", table(
        ["document", "areas", "which"],
        [[r["label"], r["count"], _join(r["area_labels"], lang)] for r in cov["by_document"] if r["count"] > 1],
        md), ""]
    ch = result["chains"]
    parts += [h("Industry chains: leaders and projects"), "", table(
        ["chain", "leaders", "projects", "project names"],
        [[r["label"], _names(r["leaders"], lang) or "—", r["n_projects"], _names(r["projects"], lang)]
         for r in ch["chains"]], md), ""]
    loose = [r["label"] for r in ch["leaders"] if not r["chains"]]
    if loose:
        parts += [text(f"Chain leaders the report names without tying them to a chain: {_join(loose, lang)}."), ""]
    holes = result["structural_holes"]
    parts += [h("Structural holes"), "",
              f"{len(holes['articulation_points'])} articulation points; {holes['bridges']} bridges, of which "
              f"{holes['leaf_bridges']} only attach a single entity.", "", table(
                  ["articulation point", "class", "first quoted in", "cuts off", "for example"],
                  [[p["label"], p["class_label"], _direction_name(p["direction"], lang), p["cuts_off"],
                    _join(p["cut_off_examples"][:3], lang)]
                   for p in holes["articulation_points"][:top]], md), "", table(
                  ["bridge", "property", "sides"],
                  [[f"{b['source_label']} — {b['target_label']}", ", ".join(b["properties"]),
                    " / ".join(map(str, b["sides"]))] for b in holes["inner_bridges"][:top]], md), ""]
    return "\n".join(parts).rstrip() + "\n"


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


def write_report(out_dir: Path, lang: str = "zh", data: Sequence[Path] | None = None) -> list[Path]:
    """Write ``analysis.md`` (findings and tables) and ``analysis.json`` into ``out_dir``; return the paths."""
    from zgraph.graph import load
    result = analyze(entity_graph(load(data)), lang)
    out_dir = Path(out_dir)
    return [atomic.write_text(out_dir / "analysis.md", render(result, "markdown", lang)),
            atomic.write_text(out_dir / "analysis.json", render(result, "json", lang))]
