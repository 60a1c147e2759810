"""Network analyses: exact findings of the report, properties every result must have, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pytest
from rdflib import URIRef

from zgraph.cli import main
from zgraph.model import text
from zgraph.model.errors import UnknownName
from zgraph.model.namespaces import ELI, sparql_prologue
from zgraph.network import metrics, report
from zgraph.network import paths as npaths
from zgraph.network.projection import entity_graph, undirected


@pytest.fixture(scope="module")
def G(g):
    return entity_graph(g)


@pytest.fixture(scope="module")
def result(G):
    return report.analyze(G, "zh")


def _by_label(G, label):
    hits = [n for n, d in G.nodes(data=True) if d["label_zh"] == label]
    assert len(hits) == 1, (label, hits)
    return hits[0]


# ----------------------------------------------------------------------------------------- pairings

def test_pairing_degrees_of_guangzhou_districts(result):
    got = {v["label"]: (v["degree"], set(v["unit_labels"])) for v in result["pairings"].values()}
    assert got == {
        "越秀区": (3, {"赤坎区", "霞山区", "遂溪县"}),
        "白云区": (3, {"廉江市", "吴川市", "麻章区"}),
        "南沙区": (2, {"雷州市", "徐闻县"}),
        "荔湾区": (1, {"坡头区"}),
    }
    assert result["pairings"]["zgi:place-yuexiu"]["units"] == ["zgi:place-chikan", "zgi:place-suixi",
                                                                "zgi:place-xiashan"]
    # The report names the county pairs only through the enclaves: all nine are inferred, and nine units are paired.
    assert sum(v["inferred"] for v in result["pairings"].values()) == 9
    assert len({u for v in result["pairings"].values() for u in v["units"]}) == 9


def test_enclave_flows_and_what_each_host_holds(G, result):
    hosts = {v["label"]: (v["enclaves"], v["components"]) for v in result["enclaves"]["hosts"].values()}
    # 白云区: 廉江市 5 + 吴川市 3 + 麻章区 5 components; 荔湾区: 坡头区's three bases; 南沙区: 雷州市's two.
    assert hosts == {"白云区": (3, 13), "越秀区": (3, 3), "南沙区": (2, 2), "荔湾区": (1, 3), "东莞": (1, 0)}
    flows = result["enclaves"]["flows"]
    assert len(flows) == 10
    assert all(f["origin"] != f["host"] for f in flows)
    city = [f for f in flows if f["origin"] == "zgi:place-zhanjiang"]
    assert [(f["host_label"], f["status_label"]) for f in city] == [("东莞", "已设立")]
    xuwen = next(f for f in flows if f["origin_label"] == "徐闻县")
    assert (xuwen["host_label"], xuwen["status_label"]) == ("南沙区", "模式研究")


# --------------------------------------------------------------------------------------- centrality

def test_centrality_covers_every_node_and_is_ordered(G, result):
    rows = result["centrality"]
    assert [r["node"] for r in rows] != [] and {r["node"] for r in rows} == set(G)
    H = undirected(G)
    assert all(r["degree"] == H.degree(r["node"]) for r in rows)
    assert all(set(r) == {"node", "label", "class", "degree", "betweenness", "pagerank"} for r in rows)
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0, abs=1e-3)
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)
    # Zhanjiang is where almost every thread of the report ties in.
    top5 = [r["label"] for r in rows[:5]]
    assert "湛江市" in top5


def test_pagerank_fallback_matches_networkx_definition():
    H = nx.karate_club_graph()
    pr = metrics.pagerank(H)
    assert sum(pr.values()) == pytest.approx(1.0)
    assert metrics.top_by_pagerank(pr, 2) == [33, 0]


# -------------------------------------------------------------------------------------- communities

def test_communities_partition_the_graph(G, result):
    comms = result["communities"]
    flat = [n for c in comms for n in c]
    assert len(flat) == len(set(flat)) == G.number_of_nodes()
    assert [len(c) for c in comms] == sorted((len(c) for c in comms), reverse=True)


def test_community_direction_table(G, result):
    cd = result["community_directions"]
    assert 0.0 <= cd["nmi"] <= 1.0 and 0.0 < cd["modularity"] < 1.0
    for row in cd["contingency"]:
        members = result["communities"][row["community"]]
        for d in range(1, 6):
            assert row[f"d{d}"] == sum(1 for n in members if G.nodes[n]["direction"] == d)
    for c in cd["cross_cutting"]:
        assert len(c["directions"]) >= 2 and 0 < c["purity"] < 1
    assert sum(sum(r[f"d{d}"] for d in range(1, 6)) for r in cd["contingency"]) == cd["nodes_compared"]


def test_communities_are_reproducible_across_processes():
    code = ("import json; from zgraph.model.loading import load; from zgraph.network.projection import entity_graph;"
            "from zgraph.network.metrics import communities; print(json.dumps(communities(entity_graph(load()))))")
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1


def test_normalized_mutual_information():
    nmi = metrics.normalized_mutual_information
    assert nmi([0, 0, 1, 1], [0, 0, 1, 1]) == pytest.approx(1.0)
    assert nmi([0, 0, 1, 1], [5, 5, 3, 3]) == pytest.approx(1.0)
    assert nmi([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)
    # A refinement: MI = H(a) = ln 2, H(b) = 1.5 ln 2, arithmetic mean 1.25 ln 2 -> 0.8.
    assert nmi([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)
    with pytest.raises(ValueError):
        nmi([0], [0, 1])


# ------------------------------------------------------------------------------ documents and chains

def test_policy_coverage_over_the_16_documents(g, result):
    cov = result["policy_coverage"]
    assert cov["documents"] == 16
    rows = g.query(sparql_prologue() + "SELECT ?a (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a zg:PolicyDocument ; "
                   "eli:is_about ?a } GROUP BY ?a")
    expected = {str(a).replace("https://w3id.org/zgraph/vocab/", "zgv:"): int(n) for a, n in rows}
    assert {a["area"]: a["count"] for a in cov["areas"] if a["count"]} == expected
    assert [a["count"] for a in cov["areas"]] == sorted((a["count"] for a in cov["areas"]), reverse=True)
    finance = next(r for r in cov["by_document"] if r["label"] == "湛江市金融支持产业有序转移促进区域协调发展若干措施")
    assert "zgv:area-finance" in finance["areas"]
    for r in cov["by_document"]:
        assert (r["document"] in cov["multi_area"]) == (r["count"] > 1)
        assert len(list(g.objects(URIRef(r["document"].replace("zgi:", "https://w3id.org/zgraph/id/")),
                                  ELI.is_about))) == r["count"]


def test_chains_leaders_and_projects(result):
    chains = {r["label"]: r for r in result["chains"]["chains"]}
    assert set(chains) == {"绿色石化", "先进装备制造", "新能源", "新材料", "新一代电子信息", "智能家电"}
    petro = chains["绿色石化"]
    assert {x["label"] for x in petro["leaders"]} >= {"中科炼化", "巴斯夫"}
    assert "异氟尔酮及三乙基铝生产" in {p["label"] for p in petro["projects"]}
    assert "海上风电重型装备制造基地" in {p["label"] for p in chains["先进装备制造"]["projects"]}
    assert {"湛江生物质液体燃料", "徐闻东三海上风电场"} <= {p["label"] for p in chains["新能源"]["projects"]}
    assert {"洗碗机及配件制造", "破壁料理机生产"} <= {p["label"] for p in chains["智能家电"]["projects"]}
    for r in chains.values():
        assert r["n_projects"] == len(r["projects"]) and r["n_leaders"] == len(r["leaders"])
    assert result["chains"]["projects"] == sum(r["n_projects"] for r in chains.values())


# -------------------------------------------------------------------------------- structural holes

def test_articulation_points_really_cut_the_graph(G, result):
    H = undirected(G)
    base = nx.number_connected_components(H)
    points = result["structural_holes"]["articulation_points"]
    assert points
    for p in points:
        R = H.copy()
        R.remove_node(p["node"])
        assert nx.number_connected_components(R) - base == p["pieces"] - 1 >= 1
    # The finance station and the institutions it hosts hang on the main platform alone.
    main_platform = next(p for p in points if p["label"] == "市承接产业有序转移主平台")
    assert "zgi:station-finance" in main_platform["cut_off"]
    assert main_platform["cuts_off"] == len(main_platform["cut_off"])
    for b in result["structural_holes"]["inner_bridges"]:
        R = H.copy()
        R.remove_edge(b["source"], b["target"])
        assert not nx.has_path(R, b["source"], b["target"]) and min(b["sides"]) >= 2


# ---------------------------------------------------------------------------------------- the path

def test_path_from_suixi_to_yuexiu_goes_through_its_enclave_or_pairing(g, G, source_text):
    conn = npaths.connection(g, G, "遂溪县", "越秀区")
    nodes = [n["node"] for n in conn["nodes"]]
    assert nodes[0] == "zgi:place-suixi" and nodes[-1] == "zgi:place-yuexiu" and conn["length"] == 2
    assert nodes[1] in {"zgi:enclave-suixi", "zgi:pairing-yuexiu-suixi"}
    for step in conn["steps"]:
        assert step["quotes"], step
        assert all(q in source_text for q in step["quotes"])
    assert {s["property"] for s in conn["steps"]} in ({"zg:origin", "zg:host"},
                                                       {"zg:assistingParty", "zg:assistedParty"})
    text = npaths.render_connection(conn)
    assert "遂溪县“反向飞地”" in text or "结对帮扶" in text
    assert "“赤坎区、霞山区、遂溪县分别在越秀区设立”" in text


def test_path_by_english_name_and_inferred_steps_say_so(g, G):
    conn = npaths.connection(g, G, "Xiashan District", "Yuexiu District", "en")
    assert conn["from"]["label"] == "Xiashan District" and conn["length"] == 2
    # Forced through the inferred pairing when the enclave is not an option: the rule is printed.
    H = G.copy()
    H.remove_node("zgi:enclave-xiashan")
    conn = npaths.connection(g, H, "霞山区", "越秀区")
    assert [n["node"] for n in conn["nodes"]][1] == "zgi:pairing-yuexiu-xiashan"
    assert all("推断该区与该县(市、区)县级结对帮扶" in s["inferred"] for s in conn["steps"])
    assert "inferred:" in npaths.render_connection(conn)


def test_path_unknown_name_suggests(g, G):
    with pytest.raises(UnknownName) as e:
        npaths.connection(g, G, "遂溪县", "越秀区X")
    assert any("越秀区" in s for s in e.value.suggestions)


# ----------------------------------------------------------------------------------- CLI and report

def test_cli_analyze_json_and_markdown(capsys):
    assert main(["analyze", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"centrality", "communities", "pairings", "policy_coverage", "chains", "structural_holes"} <= set(data)
    assert data["pairings"]["zgi:place-nansha"]["degree"] == 2
    assert main(["analyze", "--format", "markdown", "--lang", "en", "--top", "3"]) == 0
    md = capsys.readouterr().out
    assert "| Yuexiu District | 3 |" in md and "## Structural holes" in md


def test_cli_path_errors(capsys):
    assert main(["path", "遂溪县", "不存在的地方"]) == 2
    assert capsys.readouterr().err.startswith("zgraph: error: unknown entity")
    assert main(["path", "遂溪县", "越秀区", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["length"] == 2


def test_write_report_is_deterministic(tmp_path):
    first = report.write_report(tmp_path / "a")
    second = report.write_report(tmp_path / "b", lang="zh")
    assert [p.name for p in first] == ["analysis.md", "analysis.json"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    md = first[0].read_text(encoding="utf-8")
    assert "越秀区 3 (赤坎区、遂溪县、霞山区)" in md
    assert json.loads(first[1].read_text(encoding="utf-8"))["pairings"]["zgi:place-liwan"]["degree"] == 1


def test_markdown_cells_are_escaped():
    out = text.table(["a"], [["x|y <b>"]], markdown=True)
    assert "x\\|y &lt;b&gt;" in out
