"""Interactive graph pages: views of the entity graph, built with pyvis, written as one offline HTML file each.

pyvis builds the node and edge lists. zgraph owns the page around them: an autoescaping template, vis-network
inlined from pyvis's own package (no CDN, no Bootstrap), tooltips built as DOM with ``textContent``, a
Content-Security-Policy that runs only the page's own scripts (by hash) and fetches nothing, a seeded NetworkX
layout that the browser relaxes briefly and then freezes, and UTF-8 output written atomically.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from zgraph import __version__, atomic
from zgraph.analysis import pagerank
from zgraph.errors import InputError, UnknownName, ZGraphError
from zgraph.explain import explain
from zgraph.graph import load
from zgraph.labels import label, qname
from zgraph.names import resolve
from zgraph.namespaces import PREFIXES, ZG
from zgraph.projection import entity_graph, evidence, undirected
from zgraph.sources import report_text

#: vis-network as shipped inside the pyvis package (inlined at render time, never fetched).
VIS_DIR = "templates/lib/vis-9.1.2"
#: Seed of the NetworkX layout: same graph, same positions, same bytes.
SEED = 20231231
#: Above this many edges, edge labels are left to the hover card (they would hide the graph).
EDGE_LABEL_LIMIT = 150
#: Components larger than this are laid out by the browser's physics rather than by NetworkX.
LAYOUT_LIMIT = 500
#: Pixels between packed components of the layout.
PACK_GAP = 70
#: Width to height of the whole layout (a wide screen's graph area).
ASPECT = 1.6
#: Characters of context shown on each side of a quote, cut at the sentence around it.
CONTEXT_CHARS = 120
#: Facts listed in a hover card (the click panel lists them all).
TOOLTIP_FACTS = 8
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'


# --------------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """A named part of the entity graph: nodes of the ``core`` classes plus their neighbours of ``context`` classes.

    Classes are compact ids and match their subclasses. Empty ``core`` means every node; ``context=None`` means
    neighbours of any class. ``exclude`` classes never appear.
    """

    name: str
    title_zh: str
    title_en: str
    about_zh: str
    about_en: str
    core: tuple[str, ...] = ()
    context: tuple[str, ...] | None = ()
    exclude: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def about(self, lang: str) -> str:
        return self.about_en if lang == "en" else self.about_zh


VIEWS: dict[str, View] = {v.name: v for v in (
    View("all", "全图", "whole graph", "报告中的全部实体及其关系。",
         "Every entity the report names and how they relate."),
    View("pairings", "对口帮扶与反向飞地", "pairings and reverse enclaves",
         "广州各区与湛江各县(市、区)的结对帮扶、反向飞地及其组成部分：帮扶的地理。",
         "Guangzhou districts, Zhanjiang units, their pairings and reverse enclaves: the geography of help.",
         core=("zg:Pairing", "zg:ReverseEnclave", "zg:EnclaveComponent"), context=("zg:Place",)),
    View("chains", "产业链与招商项目", "industry chains and projects",
         "链主企业、六大产业链、招商项目及其招商方式。",
         "Chain leaders, the six industry chains, investment projects and how they were attracted.",
         core=("zg:IndustryChain", "zg:ChainLeaderDesignation", "zg:InvestmentProject"),
         context=("org:Organization", "zg:Facility", "zg:AttractionMethod")),
    View("documents", "政策文件", "policy documents",
         "政策文件、发文单位、政策领域及其支持对象。",
         "Policy documents, their issuers, policy areas and what they support.",
         core=("zg:PolicyDocument", "zg:PolicySystem"), context=None, exclude=("zg:DocumentType",)),
    View("indicators", "统计数据", "indicators",
         "统计对象及其数据：每个数值都附原文。", "Subjects and their reported figures, each with the words behind it.",
         core=("zg:Observation",), context=None),
    View("bodies", "机构与职务", "bodies and posts",
         "党政机关、议事协调机构、职务与成员关系。",
         "Party and government bodies, coordination bodies, posts and memberships.",
         core=("zg:GovernmentBody", "zg:CoordinationBody", "org:Post", "org:Membership"),
         context=("org:Organization", "zg:Place")),
    View("platforms", "平台与载体", "platforms and carriers",
         "主平台、合作园、功能区、服务站与数字系统，及其开发、管理和服务。",
         "The main platform, the cooperation park, zones, stations and systems, and who builds, runs and serves them.",
         core=("zg:Platform", "zg:Park", "zg:Zone", "zg:ServiceStation", "zg:ServiceBase", "zg:DigitalSystem"),
         context=("org:Organization", "zg:Facility", "zg:Place", "zg:Initiative")),
)}


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    ns = PREFIXES.get(prefix)
    if ns is None:
        raise ValueError(f"unknown prefix in {curie!r}")
    return URIRef(f"{ns}{local}")


class _Classes:
    """Subclass tests on compact class ids, answered from the loaded ontology (cached per graph)."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._up: dict[str, set[str]] = {}

    def supers(self, cls: str) -> set[str]:
        """``cls`` and all its superclasses, as compact ids."""
        if cls not in self._up:
            if not cls:
                self._up[cls] = set()
            else:
                iri = _expand(cls) if not cls.startswith("http") else URIRef(cls)
                self._up[cls] = {qname(c) for c in self.g.transitive_objects(iri, RDFS.subClassOf)
                                 if isinstance(c, URIRef)}
        return self._up[cls]

    def is_a(self, cls: str, wanted: Sequence[str]) -> bool:
        return bool(self.supers(cls) & set(wanted))


def view(name: str) -> View:
    """The view called ``name``; an unknown name raises UnknownName with the closest names."""
    if name in VIEWS:
        return VIEWS[name]
    close = difflib.get_close_matches(name, list(VIEWS), n=3, cutoff=0.3)
    raise UnknownName("view", name, close or sorted(VIEWS))


def ordered(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with nodes and edges in sorted order, so everything built from it is deterministic."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    return H


def select(G: nx.MultiDiGraph, g: Graph, v: View) -> nx.MultiDiGraph:
    """The subgraph of ``G`` that view ``v`` draws."""
    classes = _Classes(g)
    cls = {n: d.get("cls", "") for n, d in G.nodes(data=True)}
    allowed = {n for n in G if not (v.exclude and classes.is_a(cls[n], v.exclude))}
    if not v.core:
        return ordered(G.subgraph(allowed))
    core = {n for n in allowed if classes.is_a(cls[n], v.core)}
    keep = set(core)
    for n in core:
        for m in (*G.successors(n), *G.predecessors(n)):
            if m in allowed and (v.context is None or classes.is_a(cls[m], v.context)):
                keep.add(m)
    return ordered(G.subgraph(keep))


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """Nodes within ``depth`` links of ``node`` (either direction) and the links among them."""
    if depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}")
    return ordered(nx.ego_graph(G, node, radius=depth, undirected=True))


def focus_id(g: Graph, G: nx.MultiDiGraph, name: str) -> str:
    """The node id of the entity called ``name``; it must be one the entity graph draws."""
    node = qname(resolve(g, name))
    if node not in G:
        raise ZGraphError(f"{name!r} ({node}) is not drawn as a node in the entity graph "
                          "(it is bookkeeping or a concept shown as an attribute); try `zgraph explain` instead")
    return node


# --------------------------------------------------------------------------------------------------------
# Looks: colour and shape by class, size by PageRank, a seeded layout
# --------------------------------------------------------------------------------------------------------

#: (class, colour, vis shape), most specific first: a node takes the first row its class falls under.
#: Shapes group families: places ●, bodies ■, enterprises ◆, carriers ⬢, relations ▲, initiatives ▼,
#: documents and topics ★, figures ◆ grey.
STYLES: tuple[tuple[str, str, str], ...] = (
    ("zg:Pairing", "#d1495b", "triangle"),
    ("zg:ChainLeaderDesignation", "#9e2a2b", "triangle"),
    ("zg:Designation", "#e07a5f", "triangle"),
    ("org:Membership", "#b8b8d1", "triangle"),
    ("zg:ReverseEnclave", "#edae49", "hexagon"),
    ("zg:EnclaveComponent", "#e9d8a6", "hexagon"),
    ("zg:Platform", "#f3722c", "hexagon"),
    ("zg:Park", "#f8961e", "hexagon"),
    ("zg:Zone", "#f9844a", "hexagon"),
    ("zg:Facility", "#f9c74f", "hexagon"),
    ("zg:Province", "#003d5b", "dot"),
    ("zg:PrefectureCity", "#30638e", "dot"),
    ("zg:CountyLevelUnit", "#00798c", "dot"),
    ("zg:Town", "#66a5ad", "dot"),
    ("zg:Place", "#8fb8de", "dot"),
    ("zg:GovernmentDepartment", "#6a4c93", "square"),
    ("zg:GovernmentBody", "#8338ec", "square"),
    ("zg:CoordinationBody", "#b388eb", "square"),
    ("zg:PartyBranch", "#9d0208", "square"),
    ("org:Post", "#cdb4db", "square"),
    ("zg:PlatformCompany", "#2a9d8f", "diamond"),
    ("zg:FinancialInstitution", "#43aa8b", "diamond"),
    ("zg:Enterprise", "#90be6d", "diamond"),
    ("zg:IntermediaryAgency", "#577590", "diamond"),
    ("zg:BusinessAssociation", "#4d908e", "diamond"),
    ("org:Organization", "#7d8597", "square"),
    ("zg:InvestmentProject", "#386641", "star"),
    ("zg:PolicyDocument", "#1d3557", "star"),
    ("zg:PolicySystem", "#457b9d", "star"),
    ("zg:IndustryChain", "#2b9348", "star"),
    ("zg:PolicyArea", "#a8dadc", "star"),
    ("zg:Mechanism", "#7209b7", "triangleDown"),
    ("zg:Event", "#f72585", "triangleDown"),
    ("zg:Initiative", "#b5179e", "triangleDown"),
    ("zg:Observation", "#adb5bd", "diamond"),
)
FALLBACK_STYLE = ("#999999", "dot")
#: Characters that draw each vis shape in the legend.
SHAPE_GLYPHS = {"dot": "●", "square": "■", "diamond": "◆", "hexagon": "⬢", "triangle": "▲",
                "triangleDown": "▼", "star": "★"}


def style(classes: _Classes, cls: str) -> tuple[str, str]:
    """(colour, shape) of a node of class ``cls``."""
    ups = classes.supers(cls)
    for name, colour, shape in STYLES:
        if name in ups:
            return colour, shape
    return FALLBACK_STYLE


def sizes(G: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank of each node over links taken both ways, scaled so the mean is 1 and rounded (stable bytes).

    Links are undirected here because an RDF property's direction is a naming choice (a document is
    ``eli:passed_by`` its issuer; the issuer does not point back), not a flow of importance.
    """
    if G.number_of_nodes() == 0:
        return {}
    H = undirected(G)
    pr = pagerank(H)
    n = H.number_of_nodes()
    return {k: round(v * n, 4) for k, v in pr.items()}


def components(G: nx.MultiDiGraph) -> list[list[str]]:
    """Connected components (links in either direction), largest first, then by class and id: stable."""
    cls = dict(G.nodes(data="cls", default=""))
    return sorted((sorted(c) for c in nx.connected_components(undirected(G))),
                  key=lambda c: (-len(c), cls.get(c[0]) or "", c[0]))


def layout(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Seeded spring layout per connected component, the rest packed in rows beside the largest (integer px).

    Components of more than LAYOUT_LIMIT nodes get no position: NetworkX's spring layout grows quadratically
    there, while the browser's Barnes–Hut physics places them in seconds (from vis-network's seeded start).
    """
    H = undirected(G)
    comps = components(G)
    shapes = []
    for comp in comps:
        if len(comp) > LAYOUT_LIMIT:  # left to the browser's physics; keep room for it in the packing
            side = 150 * math.sqrt(len(comp))
            shapes.append(({}, side, side))
            continue
        pts = {comp[0]: (0.0, 0.0)}
        if len(comp) > 1:
            part = nx.Graph()  # built in sorted order: a subgraph view would iterate a set (hash-seed order)
            part.add_nodes_from(comp)
            part.add_edges_from(sorted(tuple(sorted(e)) for e in H.subgraph(comp).edges()))
            spread = nx.spring_layout(part, seed=SEED, iterations=200)
            r = 75 * math.sqrt(len(comp))
            pts = {n: (float(px) * r, float(py) * r) for n, (px, py) in spread.items()}
        min_x, min_y = min(p[0] for p in pts.values()), min(p[1] for p in pts.values())
        local = {n: (px - min_x, py - min_y) for n, (px, py) in pts.items()}
        shapes.append((local, max(p[0] for p in local.values()), max(p[1] for p in local.values())))
    if not shapes:
        return {}
    # The largest component on the left, the others in rows to its right, so the whole is about 16:10.
    main_w, main_h = shapes[0][1], shapes[0][2]
    area = sum((w + PACK_GAP) * (h + PACK_GAP) for _, w, h in shapes[1:])
    width = max(ASPECT * main_h - main_w, math.sqrt(area * ASPECT), max((w for _, w, _ in shapes[1:]), default=0))
    left = main_w / 2 + 2 * PACK_GAP
    pos: dict[str, tuple[int, int]] = {}
    x, y, row_h = left, -main_h / 2, 0.0
    for i, (local, w, h) in enumerate(shapes):
        if i == 0:
            at = (-w / 2, -h / 2)
        else:
            if x > left and x + w > left + width:
                x, y, row_h = left, y + row_h + PACK_GAP, 0.0
            at = (x, y)
            x, row_h = x + w + PACK_GAP, max(row_h, h)
        for n, (px, py) in local.items():
            pos[n] = (int(round(px + at[0])), int(round(py + at[1])))
    return pos


# --------------------------------------------------------------------------------------------------------
# What a card shows: labels, class, facts, evidence with its sentence
# --------------------------------------------------------------------------------------------------------

def _sentence_context(text: str | None, start: int, end: int, exact: str) -> tuple[str, str]:
    """The words before and after a quote up to the sentence boundary (at most CONTEXT_CHARS each side)."""
    if text is None or start < 0 or text[start:end] != exact:
        return "", ""
    stops = "。；\n"
    lo = max(0, start - CONTEXT_CHARS)
    before = text[lo:start]
    cut = max(before.rfind(c) for c in stops)
    before = before[cut + 1:] if cut >= 0 else ("…" + before if lo > 0 else before)
    after = text[end:end + CONTEXT_CHARS]
    cuts = [i for i in (after.find(c) for c in stops) if i >= 0]
    after = after[:min(cuts) + 1] if cuts else (after + "…" if end + CONTEXT_CHARS < len(text) else after)
    return before, after.rstrip("\n")


def _evidence_records(g: Graph, node: URIRef, text: str | None, lang: str,
                      source_href: str | None) -> list[dict]:
    out = []
    for start, end, exact, section in evidence(g, node):
        before, after = _sentence_context(text, start, end, exact)
        rec = {"text": exact, "start": start, "end": end, "before": before, "after": after,
               "section": label(g, section, lang) if section is not None else ""}
        if source_href and start >= 0:
            rec["href"] = f"{source_href}#ev-{start:05d}-{end:05d}"
        out.append(rec)
    return out


def _card(g: Graph, node_id: str, data: dict, lang: str, text: str | None, source_href: str | None) -> dict:
    """The data behind a node's hover card and details panel (all plain strings; the page never parses HTML)."""
    iri = URIRef(data.get("iri") or _expand(node_id))
    ex = explain(g, iri, lang)
    facts = [[f.prop_label, f"{f.value} ({f.value_id})" if f.value_id and f.value_id != f.value else f.value]
             for f in ex.facts if f.direction == "out"]
    linked = [[f.prop_label, f.value] for f in ex.facts if f.direction == "in"]
    if ex.aliases:
        facts.insert(0, ["别名" if lang == "zh" else "also called", "；".join(ex.aliases)])
    inferred = []
    for inf in ex.inference:
        premises = "；".join(str(p["label"]) for p in inf["premises"])  # type: ignore[index,union-attr]
        inferred.append(f"{inf['rule']}" + (f"（{premises}）" if premises else ""))
    return {
        "id": node_id, "zh": data.get("label_zh", ""), "en": data.get("label_en", ""),
        "cls": data.get("cls", ""), "cls_zh": data.get("cls_label_zh", ""), "cls_en": data.get("cls_label_en", ""),
        "facts": facts, "linked": linked, "background": ex.background, "inferred": inferred,
        "evidence": _evidence_records(g, iri, text, lang, source_href),
    }


def _edge_card(u: str, key: str, d: dict, spans: dict[str, list[str]]) -> dict:
    """An edge's card: the property in both languages and which of the subject's quotes bear it (by index)."""
    own = spans.get(u, [])
    return {"id": key, "zh": d.get("label_zh", key), "en": d.get("label_en", key), "property": key,
            "inferred": bool(d.get("inferred")),
            "quotes": [own.index(q) for q in d.get("quotes", []) if q in own],
            "texts": [q for q in d.get("quotes", []) if q not in own]}


# --------------------------------------------------------------------------------------------------------
# Building the network (pyvis) and the page (our template)
# --------------------------------------------------------------------------------------------------------

TEXT = {
    "zh": {"site": "湛江市产业有序转移知识图谱", "legend": "图例", "search": "查找节点（中文、英文或标识）",
           "details": "详情", "hint": "悬停节点或连线查看摘要；点击查看全部事实与原文证据。",
           "evidence": "原文证据", "facts": "事实", "linked": "被引用", "inferred": "zgraph 推断（非原文所述）",
           "background": "背景资料", "no_evidence": "无原文引文（见背景资料或推断）", "open_source": "在原文中查看",
           "nodes": "节点", "edges": "连线", "dashed": "虚线边框：zgraph 推断的节点", "size": "节点大小：PageRank",
           "section": "章节", "chars": "字符", "more": "更多", "not_found": "未找到", "views": "视图",
           "home": "首页", "source": "来源：《“五向发力”推动产业有序转移工作》（湛江市，2023年）",
           "empty": "此视图没有节点。", "relation": "关系"},
    "en": {"site": "Zhanjiang industrial-transfer knowledge graph", "legend": "Legend",
           "search": "Find a node (Chinese, English or id)", "details": "Details",
           "hint": "Hover a node or link for a summary; click it for every fact and the report's words.",
           "evidence": "Evidence (the report's words)", "facts": "Facts", "linked": "Linked from",
           "inferred": "Inferred by zgraph (not stated by the report)", "background": "Background sources",
           "no_evidence": "No quote (see background sources or inference)", "open_source": "show in the report",
           "nodes": "nodes", "edges": "links", "dashed": "dashed border: node inferred by zgraph",
           "size": "node size: PageRank", "section": "section", "chars": "chars", "more": "more",
           "not_found": "not found", "views": "Views", "home": "Home",
           "source": "Source: Zhanjiang's 2023 work summary on orderly industrial transfer",
           "empty": "This view has no nodes.", "relation": "link"},
}


def vis_options(n_nodes: int, n_edges: int, laid_out: bool = True) -> dict:
    """vis-network options: a short, bounded relaxation of the precomputed layout (longer when the browser
    places the nodes itself), then physics stops."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "nodes": {
            "borderWidth": 1, "borderWidthSelected": 3,
            "font": {"face": FONT, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff", "color": "#1b1b1b"},
            # labels grow with the node, so the hubs stay readable when the whole graph is in view
            "scaling": {"min": 8, "max": 40,
                        "label": {"enabled": True, "min": 12, "max": 44, "drawThreshold": 6, "maxVisible": 22}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": "#a3acb9", "highlight": "#d1495b", "hover": "#d1495b", "inherit": False},
            "font": {"face": FONT, "size": 10, "color": "#5c6370", "strokeWidth": 3, "align": "middle"},
            "smooth": {"enabled": n_edges <= 800, "type": "continuous", "roundness": 0.3},
            "width": 1, "hoverWidth": 0.6, "selectionWidth": 1.5,
        },
        "physics": {
            "enabled": n_nodes > 1,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.0, "springLength": 90,
                          "springConstant": 0.02, "damping": 0.6, "avoidOverlap": 0.5},
            "maxVelocity": 40, "minVelocity": 1.0, "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": 120 if laid_out else 200, "updateInterval": 40,
                              "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 400,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
    }


def build_network(G: nx.MultiDiGraph, g: Graph, lang: str = "zh", *, title: str = "",
                  source_href: str | None = None, text: str | None = None) -> Network:
    """A pyvis Network of ``G``: styled, sized and laid out, each node and edge carrying its card data (``zg``)."""
    classes = _Classes(g)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    size, pos = sizes(G), layout(G)
    main = set(components(G)[0]) if len(G) else set()
    spans: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        colour, shape = style(classes, d.get("cls", ""))
        card = _card(g, n, d, lang, text, source_href)
        spans[n] = [e["text"] for e in card["evidence"]]
        extra = {"shapeProperties": {"borderDashes": [5, 4]}, "borderWidth": 2} if d.get("inferred") else {}
        if n in pos:
            extra["x"], extra["y"] = pos[n]
            if n not in main:
                extra["physics"] = False  # small components and isolated nodes stay where the packing put them
        net.add_node(n, label=d.get(f"label_{lang}") or n, shape=shape,
                     color={"background": colour, "border": "#2b2d42" if d.get("inferred") else colour,
                            "highlight": {"background": colour, "border": "#111111"},
                            "hover": {"background": colour, "border": "#111111"}},
                     value=size.get(n, 1.0), zg=card, **extra)
    pairs: dict[frozenset, int] = {}
    show_labels = G.number_of_edges() <= EDGE_LABEL_LIMIT
    for u, v, key, d in G.edges(keys=True, data=True):
        pair = frozenset((u, v))
        nth = pairs.get(pair, 0)
        pairs[pair] = nth + 1
        opts: dict = {"id": f"{u} {key} {v}", "zg": _edge_card(u, key, d, spans)}
        if show_labels:
            opts["label"] = d.get(f"label_{lang}") or key
        if nth:
            opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 * nth, 2)}
        if d.get("inferred"):
            opts["dashes"] = True
        net.add_edge(u, v, **opts)
    return net


@cache
def _asset(package: str, name: str) -> str:
    return (resources.files(package) / name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the installed pyvis package, checked safe to inline."""
    js, css = _asset("pyvis", f"{VIS_DIR}/vis-network.min.js"), _asset("pyvis", f"{VIS_DIR}/vis-network.css")
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise ZGraphError("the vis-network files shipped with pyvis cannot be inlined safely")
    return js, css


def _environment() -> Environment:
    """Jinja for zgraph's templates, autoescaping everything (pyvis's own environment escapes nothing)."""
    return Environment(loader=PackageLoader("zgraph", "templates"), autoescape=select_autoescape(default=True),
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def _json(obj: object) -> Markup:
    """JSON that is safe inside <script>: ``<``, ``>``, ``&`` and ``'`` are \\u-escaped; keys sorted."""
    return htmlsafe_json_dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _csp(scripts: Sequence[str]) -> str:
    """A policy allowing exactly these inline scripts, inline styles and data: images, and no fetch at all."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def legend(G: nx.MultiDiGraph, g: Graph, lang: str) -> list[dict]:
    """One row per class present in ``G``: its colour, shape glyph, label and count."""
    classes = _Classes(g)
    counts: dict[str, list] = {}
    for _, d in G.nodes(data=True):
        cls = d.get("cls", "")
        row = counts.setdefault(cls, [d.get(f"cls_label_{lang}") or cls or "?", 0])
        row[1] += 1
    rows = []
    for cls, (name, count) in sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0])):
        colour, shape = style(classes, cls)
        rows.append({"cls": cls, "label": name, "count": count, "colour": colour, "glyph": SHAPE_GLYPHS[shape]})
    return rows


def page_html(net: Network, G: nx.MultiDiGraph, g: Graph, *, lang: str, title: str, about: str,
              links: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page: our template around pyvis's node and edge lists, scripts and styles inline."""
    nodes, edges, heading, _height, _width, _options = net.get_network_data()
    vis_js, vis_css = _vis_assets()
    payload = {"lang": lang, "text": TEXT[lang], "nodes": nodes, "edges": edges, "gap": PACK_GAP * 2,
               "tooltip_facts": TOOLTIP_FACTS,
               "options": vis_options(len(nodes), len(edges), all("x" in n for n in nodes))}
    data_js = f"var ZG_PAGE = {_json(payload)};\n"
    app_js = _asset("zgraph", "static/graph.js")
    scripts = [vis_js, data_js, app_js]
    template = _environment().get_template("graph.html")
    return template.render(
        lang=lang, text=TEXT[lang], heading=heading, title=title, about=about, version=__version__,
        n_nodes=len(nodes), n_edges=len(edges), legend=legend(G, g, lang), links=list(links),
        csp=_csp(scripts), styles=[Markup(vis_css), Markup(_asset("zgraph", "static/graph.css"))],
        scripts=[Markup(s) for s in scripts],
    )


# --------------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    """A written page and what it holds."""

    path: Path
    nodes: int
    edges: int


def view_graph(g: Graph, view_name: str = "all", focus: str | None = None, depth: int = 1,
               G: nx.MultiDiGraph | None = None) -> tuple[nx.MultiDiGraph, str, str]:
    """The subgraph a page draws, the view's name, and the focused node's id ("" without --focus)."""
    v = view(view_name)
    G = entity_graph(g) if G is None else G
    sub = select(G, g, v)
    if focus is None:
        return sub, v.name, ""
    node = focus_id(g, G, focus)
    if node not in sub:
        raise ZGraphError(f"{focus!r} ({node}) is not in the view {v.name!r}; try --view all")
    return neighbourhood(sub, node, depth), v.name, node


def render(g: Graph, out: Path, view_name: str = "all", focus: str | None = None, depth: int = 1,
           lang: str = "zh", *, G: nx.MultiDiGraph | None = None, source_href: str | None = None,
           links: Sequence[tuple[str, str]] = ()) -> Rendered:
    """Draw one view (optionally the neighbourhood of ``focus``) and write it to ``out`` as one HTML file."""
    if lang not in TEXT:
        raise UnknownName("language", lang, sorted(TEXT))
    sub, vname, node = view_graph(g, view_name, focus, depth, G)
    v = VIEWS[vname]
    if node:
        name = sub.nodes[node].get(f"label_{lang}") or node
        title = (f"{name} 的{depth}度邻域" if lang == "zh" else f"{name}: neighbourhood of depth {depth}")
        about = (f"{v.title(lang)}中与“{name}”相距{depth}步以内的实体。" if lang == "zh"
                 else f"Entities within {depth} link(s) of “{name}” in the {v.title(lang)} view.")
    else:
        title, about = v.title(lang), v.about(lang)
    net = build_network(sub, g, lang, title=title, source_href=source_href, text=report_text(g))
    html = page_html(net, sub, g, lang=lang, title=title, about=about, links=links)
    atomic.write_text(out, html)
    return Rendered(Path(out), sub.number_of_nodes(), sub.number_of_edges())


def default_out(view_name: str, focus: str | None, out_dir: Path = Path("out")) -> Path:
    """Where `zgraph render` writes when --out is not given."""
    if focus:
        slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in focus)[:60]
        return out_dir / "focus" / f"{slug}.html"
    return out_dir / ("graph.html" if view_name == "all" else f"views/{view_name}.html")


def source_page(g: Graph, lang: str = "zh") -> str:
    """The report's text as a page that highlights the span named in its URL (#ev-SSSSS-EEEEE)."""
    text = report_text(g) or ""
    script = _asset("zgraph", "static/source.js")
    reports = sorted(g.subjects(RDF.type, ZG.Report))
    title = label(g, reports[0], lang) if reports else TEXT[lang]["source"]
    return _environment().get_template("source.html").render(
        lang=lang, text=TEXT[lang], title=title, body=text, csp=_csp([script]), script=Markup(script),
        style=Markup(_asset("zgraph", "static/graph.css")))


#: Pages written by others that the index links to: (path under out/, zh name, en name).
OTHER_PAGES = (
    ("ontology.html", "本体文档", "ontology documentation"),
    ("queries/index.html", "查询结果", "query results"),
    ("analysis.md", "图分析", "graph analysis"),
    ("notebooks/", "笔记本", "notebooks"),
)


def write_pages(out_dir: Path, lang: str = "zh", data: Sequence[Path] | None = None) -> list[Path]:
    """Write graph.html, one page per view under views/, source.html and index.html; return the paths."""
    out_dir = Path(out_dir)
    g = load(data)
    G = entity_graph(g)
    written: list[Path] = [atomic.write_text(out_dir / "source.html", source_page(g, lang))]
    home = [(TEXT[lang]["home"], "index.html")]
    pages = []
    for name in VIEWS:
        rel = "graph.html" if name == "all" else f"views/{name}.html"
        up = "" if name == "all" else "../"
        r = render(g, out_dir / rel, name, lang=lang, G=G, source_href=f"{up}source.html",
                   links=[(t, up + h) for t, h in home])
        written.append(r.path)
        pages.append({"href": rel, "title": VIEWS[name].title(lang), "other": VIEWS[name].title(
            "zh" if lang == "en" else "en"), "about": VIEWS[name].about(lang), "nodes": r.nodes, "edges": r.edges})
    others = [{"href": h, "title": zh if lang == "zh" else en, "other": en if lang == "zh" else zh}
              for h, zh, en in OTHER_PAGES]
    others.append({"href": "source.html", "title": "报告原文" if lang == "zh" else "the report's text",
                   "other": "the report's text" if lang == "zh" else "报告原文"})
    others.append({"href": "graph.png", "title": "全图截图" if lang == "zh" else "screenshot of the whole graph",
                   "other": "screenshot of the whole graph" if lang == "zh" else "全图截图"})
    html = _environment().get_template("index.html").render(
        lang=lang, text=TEXT[lang], pages=pages, others=others, version=__version__,
        style=Markup(_asset("zgraph", "static/graph.css")),
        csp="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    written.append(atomic.write_text(out_dir / "index.html", html))
    return written


def page_stats(html: str) -> dict[str, int]:
    """Node and edge counts embedded in a written page (for tests and checks, without a browser)."""
    start = html.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
    payload = json.loads(html[start:html.index(";\n", start)])
    return {"nodes": len(payload["nodes"]), "edges": len(payload["edges"])}


__all__ = ["VIEWS", "View", "Rendered", "render", "write_pages", "view_graph", "select", "neighbourhood",
           "build_network", "page_html", "source_page", "default_out"]
