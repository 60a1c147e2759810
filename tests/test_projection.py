"""The entity graph: which RDF nodes and triples become NetworkX nodes and edges, and what they carry."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from zgraph.model.namespaces import ZG, ZGI
from zgraph.network.projection import entity_graph, flat, undirected

HEADINGS = ["一、以完善机制体制", "二、以加快平台建设", "三、以加强招商引资", "四、以优化环境",
            "五、以要素保障"]


@pytest.fixture(scope="module")
def G(g):
    return entity_graph(g)


def test_bookkeeping_nodes_stay_out_and_topics_come_in(g, G):
    assert "zgi:report-zhanjiang-2023" not in G
    assert not any(n.startswith(("zgi:ev-", "zgi:sec-", "zgi:inference-", "zgi:src-")) for n in G)
    for cls in (ZG.Evidence, ZG.TextSpanSelector, ZG.Direction, ZG.Action, ZG.Inference):
        for node in g.subjects(RDF.type, cls):
            assert str(node).replace(str(ZGI), "zgi:") not in G
    assert "zgv:chain-green-petrochemical" in G and G.nodes["zgv:chain-green-petrochemical"]["cls"] == \
        "zg:IndustryChain"
    assert "zgv:area-finance" in G and G.nodes["zgv:area-finance"]["label_zh"] == "金融服务"
    # A non-topic concept is a node attribute, not a node.
    assert "zgv:status-established" not in G
    assert G.nodes["zgi:enclave-xuwen"]["enclaveStatus"] == ["zgv:status-under-study"]


def test_every_typed_instance_is_a_node(g, G):
    ids = {str(s).replace(str(ZGI), "zgi:") for s in g.subjects(RDF.type, None)
           if isinstance(s, URIRef) and str(s).startswith(str(ZGI))}
    bookkeeping = {i for i in ids if i.startswith(("zgi:ev-", "zgi:sec-", "zgi:inference-", "zgi:src-",
                                                   "zgi:report-"))}
    assert ids - bookkeeping == {n for n in G if n.startswith("zgi:")}


def test_node_attributes(G):
    yuexiu = G.nodes["zgi:place-yuexiu"]
    assert (yuexiu["label_zh"], yuexiu["label_en"], yuexiu["cls"]) == ("越秀区", "Yuexiu District",
                                                                      "zg:CountyLevelUnit")
    assert (yuexiu["cls_label_zh"], yuexiu["cls_label_en"]) == ("县级行政区", "county-level unit")
    assert yuexiu["iri"] == "https://w3id.org/zgraph/id/place-yuexiu"
    for _, data in G.nodes(data=True):
        assert data["label_zh"] and data["label_en"]
        assert data["cls"].startswith("zg:") or data["cls"] in {"org:Membership", "org:Post"}
        assert data["cls_label_zh"] != data["cls"] and data["cls_label_en"] != data["cls"]
        for value in data.values():
            assert isinstance(value, (str, int, float, bool)) or all(isinstance(v, str) for v in value)


def test_quotes_are_verbatim_and_in_reading_order(G, source_text):
    seen = 0
    for _, data in G.nodes(data=True):
        offsets = [source_text.find(q) for q in data["quotes"]]
        assert all(o >= 0 for o in offsets), data["quotes"]
        assert offsets == sorted(offsets)
        seen += bool(offsets)
    assert seen > 50


def test_direction_is_where_the_node_is_first_quoted(G, source_text):
    starts = [source_text.index(h) for h in HEADINGS]
    for node, data in G.nodes(data=True):
        if not data["quotes"]:
            assert data["direction"] == 0, node
            continue
        first = source_text.index(data["quotes"][0])
        expected = sum(1 for s in starts if s <= first)
        assert data["direction"] == expected, node
    assert G.nodes["zgi:enclave-leizhou"]["direction"] == 2


def test_pairings_stay_nodes_and_assists_shortcut_is_not_an_edge(G):
    p = "zgi:pairing-yuexiu-suixi"
    assert G.has_edge(p, "zgi:place-yuexiu", key="zg:assistingParty")
    assert G.has_edge(p, "zgi:place-suixi", key="zg:assistedParty")
    assert G.nodes[p]["inferred"] is True and G.nodes[p]["quotes"] == []
    assert "zgi:enclave-suixi" in G.nodes[p]["derived_from"]
    assert G.nodes["zgi:pairing-guangzhou-zhanjiang"]["inferred"] is False
    assert not G.has_edge("zgi:place-yuexiu", "zgi:place-suixi")
    keys = {k for *_, k in G.edges(keys=True)}
    assert not any(k.startswith(("prov:", "oa:")) for k in keys)
    assert not keys & {"zg:statedIn", "zg:assists", "rdf:type"}
    # part-of links between entities are edges (the park's management levels); sections are never nodes
    assert G.has_edge("zgi:group-park-management-committee", "zgi:mech-park-three-level", key="dcterms:isPartOf")
    assert not any(n.startswith("zgi:sec-") for n in G.nodes)


def test_edges_carry_property_labels_and_the_quote_naming_the_target(G):
    data = G.edges["zgi:enclave-potou", "zgi:place-liwan", "zg:host"]
    assert (data["property"], data["label_zh"], data["label_en"]) == ("zg:host", "飞入地", "host")
    assert data["quotes"] and all("荔湾区" in q for q in data["quotes"])
    # The Chikan enclave's quotes: the host edge keeps the one that names 越秀区.
    host = G.edges["zgi:enclave-chikan", "zgi:place-yuexiu", "zg:host"]["quotes"]
    assert host == ["赤坎区、霞山区、遂溪县分别在越秀区设立“广州越秀(赤坎)科创中心”"]
    # The report prints 广州市荔湾区, so containment is backed by words that name both ends ...
    liwan = G.edges["zgi:place-liwan", "zgi:place-guangzhou", "schema:containedInPlace"]
    assert liwan["quote_match"] == "both" and any("广州市荔湾区" in q for q in liwan["quotes"])
    # ... while no sentence puts 南沙区 in 广州市: that edge only has 南沙区's own words (and GB/T 2260).
    nansha = G.edges["zgi:place-nansha", "zgi:place-guangzhou", "schema:containedInPlace"]
    assert nansha["quote_match"] == "subject" and not any("广州" in q for q in nansha["quotes"])


def test_projection_is_deterministic(g, G):
    again = entity_graph(g)
    assert list(again.nodes(data=True)) == list(G.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert list(G.nodes) == sorted(G.nodes)


def test_undirected_view_and_flattening(G):
    H = undirected(G)
    assert set(H) == set(G) and isinstance(H, nx.Graph) and not H.is_directed()
    assert H.number_of_edges() <= G.number_of_edges()
    assert nx.shortest_path_length(H, "zgi:place-suixi", "zgi:place-yuexiu") == 2
    assert flat(["a", "b"]) == "a | b" and flat(3) == 3 and flat(True) is True
