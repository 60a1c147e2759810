"""analyze, path, export and explain with ``--store DIR``: the same bytes as from the Turtle files, and what
changes past a size (sampled betweenness, seeded Louvain) is stated in the output."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from zgraph.cli import main
from zgraph.model import paths
from zgraph.model.store import load_store
from zgraph.network import export, metrics, report
from zgraph.network.projection import entity_graph, undirected
from zgraph.sparql.catalogue import entity_param
from zgraph.store.disk import DiskStore
from zgraph.store.disk import load as load_disk


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("netstore") / "s"
    load_disk(folder, [paths.DATA], show_progress=False)
    return folder


def _out(capsys, argv: list[str]) -> str:
    assert main(argv) == 0, argv
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch):
    monkeypatch.delenv("ZGRAPH_STORE", raising=False)


def test_projection_from_the_store_is_the_projection_from_the_files(g, store_dir):
    G, S = entity_graph(g), entity_graph(DiskStore(store_dir).open())
    assert list(S.nodes(data=True)) == list(G.nodes(data=True))
    assert list(S.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert S.graph == G.graph
    assert S.nodes["zgi:place-yuexiu"]["label_zh"] == "越秀区"


@pytest.mark.parametrize("argv", [["analyze", "--format", "json"], ["analyze", "--lang", "en", "--top", "5"],
                                  ["path", "遂溪县", "越秀区"], ["path", "Xiashan District", "Yuexiu District",
                                                                "--format", "json", "--lang", "en"],
                                  ["explain", "越秀区"], ["explain", "zgi:pairing-nansha-xuwen", "--format", "json"],
                                  ["explain", "越秀"]])
def test_store_output_is_byte_identical(capsys, store_dir, argv):
    plain = _out(capsys, argv)
    assert _out(capsys, [*argv, "--store", str(store_dir)]) == plain


def test_explain_yuexiu_from_the_store_shows_its_pairings_with_quotes(capsys, store_dir):
    out = _out(capsys, ["explain", "越秀区", "--store", str(store_dir)])
    assert out.startswith("越秀区 / Yuexiu District  (zgi:place-yuexiu)")
    assert "越秀区—遂溪县结对帮扶 (zgi:pairing-yuexiu-suixi) —帮扶方→ this" in out
    assert "(derived from 越秀区—遂溪县结对帮扶 (zgi:pairing-yuexiu-suixi), 推断)" in out
    assert "“赤坎区、霞山区、遂溪县分别在越秀区设立" in out


def test_unknown_name_in_the_store_suggests_and_exits_2(capsys, store_dir):
    assert main(["explain", "越秀县", "--store", str(store_dir)]) == 2
    err = capsys.readouterr().err
    assert "unknown entity '越秀县'" in err and "越秀区" in err and "Traceback" not in err
    assert main(["path", "遂溪县", "不存在的地方", "--store", str(store_dir)]) == 2
    assert capsys.readouterr().err.startswith("zgraph: error: unknown entity")


def test_query_entity_param_resolves_on_the_store(store_dir):
    assert entity_param("越秀区", store=DiskStore(store_dir).open()) == "<https://w3id.org/zgraph/id/place-yuexiu>"
    assert entity_param("越秀区") == "<https://w3id.org/zgraph/id/place-yuexiu>"


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_from_the_store_is_byte_identical(capsys, store_dir, tmp_path, fmt):
    def run(name: str, *extra: str) -> list[bytes]:
        target = tmp_path / name / ("csv" if fmt == "csv" else f"g.{fmt}")
        _out(capsys, ["export", "--format", fmt, "--out", str(target), *extra])
        return [p.read_bytes() for p in sorted(target.parent.rglob("*")) if p.is_file()]

    plain = run("files")
    assert plain and run("store", "--store", str(store_dir)) == plain
    if fmt == "nt":  # the data as written: the store's database would have turned these into xsd:integer
        assert b'"0"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in plain[0]


def test_sampled_betweenness_past_the_threshold_states_sample_and_error(capsys, store_dir, monkeypatch):
    monkeypatch.setenv("ZGRAPH_EXACT_BETWEENNESS", "100")
    monkeypatch.setenv("ZGRAPH_PLAIN_LOUVAIN", "100")
    data = json.loads(_out(capsys, ["analyze", "--format", "json", "--store", str(store_dir)]))
    how = data["betweenness"]
    assert (how["method"], how["sources"], how["seeds"]) == ("sampled", 2 * metrics.SAMPLE_HALF,
                                                             [metrics.SEED, metrics.SEED + 1])
    assert how["nodes"] == data["graph"]["nodes"] > 100 and 0 < how["mean_error"] <= how["max_error"]
    assert data["community_method"]["method"] == "label propagation, then louvain"
    flat = [n for c in data["communities"] for n in c]
    assert sorted(flat) == sorted(r["node"] for r in data["centrality"])
    text = _out(capsys, ["analyze", "--store", str(store_dir)])
    assert f"Betweenness is estimated from {2 * metrics.SAMPLE_HALF} sampled source nodes of {how['nodes']}" in text
    assert "started from label-propagation communities" in text
    # The stated error is of the size of the real one: the estimate against exact betweenness on this graph.
    H = undirected(entity_graph(load_store()))
    exact = nx.betweenness_centrality(H)
    sampled = {r["node"]: r["betweenness"] for r in data["centrality"]}
    real = sum(abs(sampled[n] - exact[n]) for n in H) / len(H)
    assert real <= 4 * how["mean_error"] + 1e-3


def test_exact_below_the_threshold(g):
    result = report.analyze(entity_graph(g))
    assert result["betweenness"] == {"method": "exact", "nodes": result["graph"]["nodes"]}
    assert result["community_method"]["method"] == "louvain"
    assert "Betweenness is estimated" not in report.render(result)
