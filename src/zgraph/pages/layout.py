"""How a graph page looks: colour and shape by class, size by PageRank, a seeded layout, vis-network's physics."""

from __future__ import annotations

import math

import networkx as nx

from zgraph.network.metrics import pagerank
from zgraph.network.projection import undirected
from zgraph.pages.views import Classes

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
#: Face of the canvas labels: the families embedded in the page first (zgraph.pages.fonts), then system CJK fonts.
FONT = ('"zgraph Noto Sans CJK SC", "zgraph DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
        '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')


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


def style(classes: Classes, cls: str) -> tuple[str, str]:
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
    shapes: list[tuple[dict[str, tuple[float, float]], float, float]] = []
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

