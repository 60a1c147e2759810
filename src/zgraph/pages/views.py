"""Views: which part of the entity graph a page draws (a named view, or one entity's neighbourhood)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from zgraph.model.errors import InputError, UnknownName, ZGraphError
from zgraph.model.labels import qname
from zgraph.model.names import resolve
from zgraph.model.namespaces import ZGI, ZGV, expand
from zgraph.network.projection import EXCLUDED_CLASSES, TOPIC_CONCEPTS, entity_graph

#: Most nodes `zgraph render` draws on one page: vis-network stays interactive and its labels legible up to about
#: two thousand nodes on an ordinary laptop (the seed's whole graph is ~320, the four-report test corpus ~1,000);
#: past that a page is a hairball that takes minutes to lay out and says nothing.
MAX_NODES = 2000


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
         "帮扶方各区与被帮扶的县(市、区)的结对帮扶、反向飞地及其组成部分：帮扶的地理。",
         "Assisting districts, assisted units, their pairings and reverse enclaves: the geography of help.",
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


class Classes:
    """Subclass tests on compact class ids, answered from the loaded ontology (cached per graph)."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._up: dict[str, set[str]] = {}

    def supers(self, cls: str) -> set[str]:
        """``cls`` and all its superclasses, as compact ids."""
        if cls not in self._up:
            iri = expand(cls) if cls and not cls.startswith("http") else URIRef(cls) if cls else None
            if cls and iri is None:
                raise ValueError(f"unknown prefix in {cls!r}")
            self._up[cls] = set() if iri is None else {
                qname(c) for c in self.g.transitive_objects(iri, RDFS.subClassOf) if isinstance(c, URIRef)}
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
    classes = Classes(g)
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


class TooLarge(ZGraphError):
    """A page that would draw more nodes than ``--max-nodes``: refused before any layout (exit code 2)."""

    exit_code = 2

    def __init__(self, what: str, nodes: int, limit: int) -> None:
        super().__init__(
            f"{what} has {nodes:,} nodes, more than --max-nodes {limit:,}: too many to read on one page, so nothing "
            "was written.\n  Draw less: --report ID (one report; `zgraph reports` lists them), --focus NAME "
            "[--depth N] (one entity's neighbourhood), --view NAME (" + ", ".join(n for n in VIEWS if n != "all")
            + "), or the corpus overview (--overview, one node per report and city);\n  or raise the limit: "
            "--max-nodes N (0: no limit).")
        self.nodes = nodes
        self.limit = limit


def check_size(what: str, nodes: int, limit: int | None) -> None:
    """Raise TooLarge when ``nodes`` is over ``limit`` (None or 0: no limit)."""
    if limit and nodes > limit:
        raise TooLarge(what, nodes, limit)


def _values(classes: Sequence[str]) -> str:
    return " ".join(f"<{c}>" for c in classes)


def _closure(store: ox.Store, classes: Sequence[URIRef]) -> list[str]:
    """The given classes and their subclasses in the store's ontology (sorted IRIs)."""
    found = store.query(f"SELECT DISTINCT ?c WHERE {{ VALUES ?x {{ {_values(classes)} }} "
                        f"?c <{RDFS.subClassOf}>* ?x }}")
    assert isinstance(found, ox.QuerySolutions)
    return sorted({str(row[0].value) for row in found if row[0] is not None} | {str(c) for c in classes})


def _iris(store: ox.Store, query: str, prefix: str) -> set[str]:
    found = store.query(query)
    assert isinstance(found, ox.QuerySolutions)
    return {row[0].value for row in found if isinstance(row[0], ox.NamedNode) and row[0].value.startswith(prefix)}


def count_entity_nodes(store: ox.Store) -> int:
    """How many nodes the whole-graph page of ``store`` would draw, counted by Oxigraph without projecting or laying
    out: typed zgi: IRIs of no bookkeeping class plus topic concepts (the rule of ``zgraph.network.projection``).

    The classes in use come first (one pass over the type index); the instances of the others, minus (a hash
    anti-join) those of a bookkeeping class, are then the candidates, and their namespace is checked in Python
    (string functions in SPARQL cost more than the whole count): under a second at a million triples.
    """
    excluded, topics = _closure(store, EXCLUDED_CLASSES), _closure(store, TOPIC_CONCEPTS)
    used = _iris(store, "SELECT DISTINCT ?t WHERE { ?n a ?t }", "")
    kinds = sorted(used - set(excluded))
    entities = _iris(store, f"SELECT DISTINCT ?n WHERE {{ VALUES ?t {{ {_values(kinds)} }} ?n a ?t "
                            f"MINUS {{ VALUES ?x {{ {_values(excluded)} }} ?n a ?x }} }}", str(ZGI)) if kinds else set()
    concepts = _iris(store, f"SELECT DISTINCT ?n WHERE {{ VALUES ?x {{ {_values(topics)} }} ?n a ?x }}", str(ZGV))
    return len(entities) + len(concepts)
