"""The policy's own structures in the entity graph: pairings, reverse enclaves, policy coverage, chains.

Each function reads the n-ary nodes the projection keeps (pairings, enclaves, documents, designations) and
returns plain data in a stable order.
"""

from __future__ import annotations

import networkx as nx

from zgraph.network.nodes import concept_label, node_label, of_class, ref, sources, targets


def pairings(G: nx.MultiDiGraph, lang: str = "zh") -> dict[str, dict]:
    """County-level pairings as a bipartite graph: for each assisting district its degree and units."""
    B = nx.Graph()
    for p in of_class(G, "zg:Pairing"):
        if "zgv:level-county" not in G.nodes[p].get("pairingLevel", []):
            continue
        for d in targets(G, p, "zg:assistingParty"):
            for u in targets(G, p, "zg:assistedParty"):
                B.add_node(d, bipartite=0)
                B.add_node(u, bipartite=1)
                B.add_edge(d, u, inferred=G.nodes[p]["inferred"])
    districts = [n for n, side in B.nodes(data="bipartite") if side == 0]
    out = {}
    for d in sorted(districts, key=lambda n: (-B.degree(n), n)):
        units = sorted(B[d])
        out[d] = {"label": node_label(G, d, lang), "degree": B.degree(d), "units": units,
                  "unit_labels": [node_label(G, u, lang) for u in units],
                  "inferred": sum(1 for u in units if B.edges[d, u]["inferred"])}
    return out


def enclaves(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Reverse-enclave flows origin → host, and per host how many enclaves and components it holds."""
    flows: list[dict] = []
    hosts: dict[str, dict] = {}
    for e in of_class(G, "zg:ReverseEnclave"):
        comps = targets(G, e, "zg:hasComponent")
        status = G.nodes[e].get("enclaveStatus", [])
        for o in targets(G, e, "zg:origin"):
            for h in targets(G, e, "zg:host"):
                flows.append({"enclave": e, "label": node_label(G, e, lang), "origin": o,
                              "origin_label": node_label(G, o, lang), "host": h, "host_label": node_label(G, h, lang),
                              "status": status[0] if status else "",
                              "status_label": concept_label(G, status[0], lang) if status else "",
                              "components": len(comps)})
                entry = hosts.setdefault(h, {"label": node_label(G, h, lang), "enclaves": 0, "components": 0,
                                             "origins": []})
                entry["enclaves"] += 1
                entry["components"] += len(comps)
                entry["origins"].append(o)
    ordered = sorted(hosts.items(), key=lambda kv: (-kv[1]["enclaves"], -kv[1]["components"], kv[0]))
    return {"flows": sorted(flows, key=lambda f: (f["host"], f["origin"], f["enclave"])),
            "hosts": {h: {**v, "origins": sorted(v["origins"])} for h, v in ordered}}


def policy_coverage(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Documents × policy areas: documents per area (most first) and the documents that span several areas."""
    docs = of_class(G, "zg:PolicyDocument")
    areas = of_class(G, "zg:PolicyArea")
    about = {d: [a for a in targets(G, d, "eli:is_about") if a in areas] for d in docs}
    per_area: list[dict] = sorted(
        ({"area": a, "label": node_label(G, a, lang), "documents": found, "count": len(found)}
         for a in areas for found in [sorted(d for d in docs if a in about[d])]),
        key=lambda r: (-r["count"], r["area"]))
    per_doc: list[dict] = sorted(({"document": d, "label": node_label(G, d, lang), "areas": about[d],
                       "area_labels": [node_label(G, a, lang) for a in about[d]], "count": len(about[d])}
                      for d in docs), key=lambda r: (-r["count"], r["document"]))
    return {"documents": len(docs), "areas": per_area, "by_document": per_doc,
            "multi_area": [r["document"] for r in per_doc if r["count"] > 1],
            "uncovered_areas": [r["area"] for r in per_area if r["count"] == 0]}


def chains(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Chain leader → chain → projects, with counts (leaders without a named chain are listed apart)."""
    leads: dict[str, list[str]] = {}
    unchained = []
    for des in of_class(G, "zg:ChainLeaderDesignation"):
        who = targets(G, des, "zg:designee")
        for_chain = targets(G, des, "zg:forChain")
        for c in for_chain:
            leads.setdefault(c, []).extend(who)
        if not for_chain:
            unchained += who
    rows = []
    for c in of_class(G, "zg:IndustryChain"):
        leaders = sorted(set(leads.get(c, [])))
        projects = sources(G, c, "zg:inChain")
        rows.append({"chain": c, "label": node_label(G, c, lang), "leaders": [ref(G, x, lang) for x in leaders],
                     "projects": [ref(G, p, lang) for p in projects],
                     "n_leaders": len(leaders), "n_projects": len(projects)})
    leaders = sorted({x for v in leads.values() for x in v} | set(unchained))
    by_leader = [{"leader": x, "label": node_label(G, x, lang),
                  "chains": sorted(c for c, v in leads.items() if x in v),
                  "projects": sources(G, x, "zg:involvesOrganization")} for x in leaders]
    return {"chains": sorted(rows, key=lambda r: (-r["n_projects"], -r["n_leaders"], r["chain"])),
            "leaders": by_leader, "projects": sum(r["n_projects"] for r in rows)}

