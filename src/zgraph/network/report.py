"""The analysis as a whole: every analysis in one JSON-ready dict, headline findings in words, and its rendering
as a plain-text table, Markdown (``out/analysis.md``) or JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx

from zgraph.model import atomic
from zgraph.model.text import table, width
from zgraph.network.metrics import (
    SEED,
    centrality,
    communities,
    direction_comparison,
    directions,
    structural_holes,
    summary,
)
from zgraph.network.policy import chains, enclaves, pairings, policy_coverage
from zgraph.network.projection import entity_graph, undirected


def analyze(G: nx.MultiDiGraph, lang: str = "zh") -> dict:
    """Every analysis of the entity graph, as one JSON-ready dict (``betweenness`` says if it was sampled)."""
    H = undirected(G)
    found: dict = {}
    comms = communities(G, H=H, method=found)
    how: dict = {}
    central = centrality(G, lang, H, how)
    return {"graph": summary(G, H), "centrality": central, "betweenness": how, "communities": comms,
            "community_method": found,
            "community_directions": direction_comparison(G, comms, lang, H), "pairings": pairings(G, lang),
            "enclaves": enclaves(G, lang), "policy_coverage": policy_coverage(G, lang),
            "chains": chains(G, lang), "structural_holes": structural_holes(G, lang, H),
            "directions": {str(d): name for d, name in directions(G, lang).items()},
            "reports": G.graph.get("reports", {}).get(lang, [])}


def betweenness_note(how: dict) -> str:
    """How betweenness was computed, in words: exact, or the sample and its estimated error."""
    if how.get("method") != "sampled":
        return "Betweenness is exact."
    return (f"Betweenness is estimated from {how['sources']} sampled source nodes of {how['nodes']} (seeds "
            f"{how['seeds'][0]} and {how['seeds'][1]}, one half each); estimated error ({how['error']}): "
            f"at most {how['max_error']}, on average {how['mean_error']}, {how['top_error']} for the top broker.")



def _join(items: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _names(items: Iterable[dict], lang: str) -> str:
    return _join((i["label"] for i in items), lang)


def findings(result: dict, lang: str = "zh") -> list[str]:
    """The headline findings in plain words."""
    s, out = result["graph"], []
    names = result.get("directions", {})
    out.append(f"The entity graph has {s['nodes']} entities and {s['edges']} relations; "
               f"{s['largest_component']} of them hang together in one component, {s['isolated']} stand alone.")
    top = result["centrality"][:5]
    if top:
        out.append("Most central by PageRank: " + "; ".join(f"{r['label']} ({r['degree']} links)" for r in top)
                   + ".")
        broker = max(result["centrality"], key=lambda r: (r["betweenness"], r["node"]))
        sampled = result.get("betweenness", {}).get("method") == "sampled"
        note = " (sampled; see the centrality table)" if sampled else ""
        out.append(f"The strongest broker (betweenness {broker['betweenness']}{note}) is {broker['label']}.")
    cd = result["community_directions"]
    big = [c for c in result["communities"] if len(c) > 1]
    out.append(f"Louvain finds {len(big)} communities of two or more entities (modularity {cd['modularity']}); "
               f"their agreement with the report's directions is NMI {cd['nmi']}, and "
               f"{len(cd['cross_cutting'])} of them cut across directions.")
    for c in sorted(cd["cross_cutting"], key=lambda c: (c["purity"], -c["size"], c["community"]))[:3]:
        mix = ", ".join(f"{d}. {names.get(str(d), '')} {k}" for d, k in c["directions"].items())
        out.append(f"Community {c['community']} ({c['size']} entities, around {_names(c['hubs'], lang)}) mixes "
                   f"directions {mix}.")
    pr = result["pairings"]
    if pr:
        out.append("Assisting districts and the units they assist: " + "; ".join(
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


def _louvain(result: dict) -> str:
    how = result.get("community_method", {})
    if how.get("method", "louvain") == "louvain":
        return f"Louvain (seed {SEED})"
    return f"Louvain (seed {SEED}) started from label-propagation communities (a graph this large)"


def _direction_name(names: dict[str, str], d: int) -> str:
    return f"{d}. {names[str(d)]}" if str(d) in names else "—"


def render(result: dict, fmt: str = "table", lang: str = "zh", top: int = 15) -> str:
    """The analysis as ``json``, ``markdown`` or a plain-text ``table``."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    md = fmt == "markdown"

    def h(title: str) -> str:
        return f"## {title}" if md else f"{title}\n{'=' * width(title)}"

    title = "; ".join(result.get("reports", [])) or "the graph"
    parts = [f"# Network analysis: {title}" if md else "zgraph analysis", ""]
    def text(line: str) -> str:
        return html.escape(line, quote=False) if md else line

    parts += [h("Headline findings"), ""] + [f"- {text(f)}" if md else f"* {f}" for f in findings(result, lang)]
    parts += [""]
    parts += [h(f"Centrality (top {top} by PageRank)"), "", table(
        ["entity", "id", "class", "degree", "betweenness", "PageRank"],
        [[r["label"], f"`{r['node']}`" if md else r["node"], r["class"], r["degree"], r["betweenness"],
          r["pagerank"]] for r in result["centrality"][:top]], md), ""]
    if result.get("betweenness", {}).get("method") == "sampled":
        parts += [text(betweenness_note(result["betweenness"])), ""]
    cd = result["community_directions"]
    names = result.get("directions", {})
    parts += [h("Communities and the report's directions"), "",
              f"{_louvain(result)}, modularity {cd['modularity']}; NMI with directions {cd['nmi']} over "
              f"{cd['nodes_compared']} entities quoted in a direction. Rows: communities; columns: how many of "
              "their entities are first quoted in each direction.", "",
              table(["community", "size", *[f"{d}. {n}" for d, n in names.items()]],
                    [[r["community"], r["size"], *[r[f"d{d}"] for d in names]] for r in cd["contingency"]],
                    md), ""]
    if cd["cross_cutting"]:
        parts += ["Communities that cut across directions:", "", table(
            ["community", "size", "directions", "dominant", "purity", "hubs"],
            [[c["community"], c["size"], ", ".join(f"{d}:{k}" for d, k in c["directions"].items()),
              c["dominant"], c["purity"], _names(c["hubs"], lang)] for c in cd["cross_cutting"]], md), ""]
    parts += [h("Pairings: assisting districts → assisted units"), "", table(
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
                  [[p["label"], p["class_label"], _direction_name(names, p["direction"]), p["cuts_off"],
                    _join(p["cut_off_examples"][:3], lang)]
                   for p in holes["articulation_points"][:top]], md), "", table(
                  ["bridge", "property", "sides"],
                  [[f"{b['source_label']} — {b['target_label']}", ", ".join(b["properties"]),
                    " / ".join(map(str, b["sides"]))] for b in holes["inner_bridges"][:top]], md), ""]
    return "\n".join(parts).rstrip() + "\n"



def write_report(out_dir: Path, lang: str = "zh", data: Sequence[Path] | None = None) -> list[Path]:
    """Write ``analysis.md`` (findings and tables) and ``analysis.json`` into ``out_dir``; return the paths."""
    from zgraph.model.loading import load
    result = analyze(entity_graph(load(data)), lang)
    out_dir = Path(out_dir)
    return [atomic.write_text(out_dir / "analysis.md", render(result, "markdown", lang)),
            atomic.write_text(out_dir / "analysis.json", render(result, "json", lang))]
