"""Exports: GraphML/GEXF/CSV are the analysed entity graph; JSON-LD/Turtle/N-Triples round-trip the RDF."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from zgraph.cli import main
from zgraph.model.errors import InputError
from zgraph.model.namespaces import ZG, ZGI
from zgraph.network import export, metrics
from zgraph.network.projection import entity_graph


@pytest.fixture(scope="module")
def G(g):
    return entity_graph(g)


@pytest.fixture(scope="module")
def files(g, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    paths = {}
    for fmt in export.FORMATS:
        target = out / ("csv" if fmt == "csv" else f"graph.{fmt}")
        paths[fmt] = export.export(g, fmt, target)
    return paths


def test_graphml_is_the_analysed_graph_and_pagerank_top5_agrees(G, files):
    raw = files["graphml"][0].read_text(encoding="utf-8")
    key_ids = re.findall(r'<key id="([^"]+)"', raw)
    edge_ids = re.findall(r'<edge [^>]*id="([^"]+)"', raw)
    assert len(key_ids) == len(set(key_ids)) and len(edge_ids) == len(set(edge_ids)) == G.number_of_edges()
    R = nx.read_graphml(files["graphml"][0])
    assert set(R) == set(G) and R.number_of_edges() == G.number_of_edges()
    yuexiu = R.nodes["zgi:place-yuexiu"]
    assert (yuexiu["label"], yuexiu["label_zh"], yuexiu["label_en"], yuexiu["cls"]) == (
        "越秀区", "越秀区", "Yuexiu District", "zg:CountyLevelUnit")
    assert yuexiu["direction"] == 2
    props = {d["property"] for *_, d in R.edges(data=True)}
    assert props == {k for *_, k in G.edges(keys=True)}
    # PageRank recomputed by NetworkX on the file, on the same undirected view, gives analyze's top 5.
    H = nx.Graph()
    H.add_nodes_from(sorted(R))
    H.add_edges_from((u, v) for u, v in R.edges() if u != v)
    try:
        scores = nx.pagerank(H)
    except ModuleNotFoundError:  # no SciPy: NetworkX's own pure-Python implementation
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        scores = _pagerank_python(H)
    expected = [r["node"] for r in metrics.centrality(G)[:5]]
    assert metrics.top_by_pagerank(scores, 5) == expected


def test_gexf_opens_with_labels_and_classes(G, files):
    raw = files["gexf"][0].read_text(encoding="utf-8")
    assert "lastmodifieddate" not in raw
    R = nx.read_gexf(files["gexf"][0])
    assert set(R) == set(G) and R.number_of_edges() == G.number_of_edges()
    assert R.nodes["zgi:place-baiyun"]["label"] == "白云区"
    assert R.nodes["zgi:place-baiyun"]["cls"] == "zg:CountyLevelUnit"


def test_csv_nodes_and_edges(G, files):
    nodes_path, edges_path = files["csv"]
    assert (nodes_path.name, edges_path.name) == ("nodes.csv", "edges.csv")
    nodes = list(csv.DictReader(nodes_path.open(encoding="utf-8")))
    edges = list(csv.DictReader(edges_path.open(encoding="utf-8")))
    assert [r["Id"] for r in nodes] == list(G.nodes)
    assert len(edges) == G.number_of_edges()
    host = [e for e in edges if (e["Source"], e["Target"], e["property"]) ==
            ("zgi:enclave-suixi", "zgi:place-yuexiu", "zg:host")]
    assert len(host) == 1 and host[0]["Label"] == "飞入地" and "越秀区" in host[0]["quotes"]
    xuwen = next(r for r in nodes if r["Id"] == "zgi:enclave-xuwen")
    assert xuwen["enclaveStatus"] == "zgv:status-under-study"


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_round_trip(g, files, fmt, parser):
    back = Graph().parse(files[fmt][0], format=parser)
    assert set(back) == set(g)


def test_jsonld_context_is_readable(files):
    doc = json.loads(files["jsonld"][0].read_text(encoding="utf-8"))
    ctx = doc["@context"]
    assert ctx["host"] == {"@id": "zg:host", "@type": "@id"}
    assert ctx["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert ctx["zgi"] == "https://w3id.org/zgraph/id/"
    suixi = next(n for n in doc["@graph"] if n.get("id") == "zgi:enclave-suixi")
    assert (suixi["type"], suixi["origin"], suixi["host"]) == ("zg:ReverseEnclave", "zgi:place-suixi",
                                                               "zgi:place-yuexiu")
    assert suixi["label"] == {"zh": "遂溪县“反向飞地”", "en": "Suixi County reverse enclave"}


def test_exports_are_deterministic_and_atomic(g, files, tmp_path):
    for fmt in export.FORMATS:
        again = export.export(g, fmt, tmp_path / ("csv" if fmt == "csv" else f"graph.{fmt}"))
        assert [p.read_bytes() for p in again] == [p.read_bytes() for p in files[fmt]], fmt
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_export_errors(g, tmp_path, capsys):
    with pytest.raises(InputError):
        export.export(g, "pdf", tmp_path / "x.pdf")
    with pytest.raises(InputError):
        export.export(g, "csv", tmp_path / "x.csv")
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert "zgraph: error:" in capsys.readouterr().err
    assert main(["export", "--format", "ttl", "--no-model", "--out", str(tmp_path / "d.ttl")]) == 0
    data_only = Graph().parse(tmp_path / "d.ttl")
    assert not list(data_only.subjects(RDF.type, OWL.Class)) and list(g.subjects(RDF.type, OWL.Class))
    assert (ZGI["enclave-suixi"], ZG.host, ZGI["place-yuexiu"]) in data_only
