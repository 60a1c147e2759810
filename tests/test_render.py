"""Issue 6 without a browser: views, focus, the page's data, escaping, offline assets, determinism, encoding."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from helpers import SEED
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from zgraph.cli import main
from zgraph.model.errors import UnknownName, ZGraphError
from zgraph.model.labels import qname
from zgraph.model.namespaces import SCHEMA, ZG, ZGI
from zgraph.network.projection import entity_graph
from zgraph.pages import graph as pgraph
from zgraph.pages import site, views

#: A data file whose labels and quote try to run script in the page (used here and by test_browser.py).
EVIL_TTL = """\
@prefix zg: <https://w3id.org/zgraph/ontology#> .
@prefix zgi: <https://w3id.org/zgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <http://schema.org/> .

zgi:place-evil a zg:CountyLevelUnit ;
    rdfs:label "<img src=x onerror=\\"window.__pwned=1;alert(1)\\">"@zh ,
        "</script><script>window.__pwned=2</script>"@en ;
    schema:containedInPlace zgi:place-good ;
    prov:wasDerivedFrom zgi:ev-00000-00010 .
zgi:place-good a zg:PrefectureCity ;
    rdfs:label "好市 &amp; <b>粗</b>"@zh , "Good & <i>City</i>"@en .
zgi:ev-00000-00010 a zg:Evidence ; oa:hasSelector zgi:ev-00000-00010-selector .
zgi:ev-00000-00010-selector a zg:TextSpanSelector ;
    oa:exact "<svg onload=window.__pwned=3>'\\u2028" ; oa:start 0 ; oa:end 10 .
"""
EVIL_LABEL = '<img src=x onerror="window.__pwned=1;alert(1)">'


@pytest.fixture(scope="module")
def G(g):
    return entity_graph(g)


def view_of(G, g, name):
    return views.select(G, g, views.VIEWS[name])


def scripts_of(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def payload(html: str) -> dict:
    start = html.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
    return json.loads(html[start:html.index(";\n", start)])


# --- views -------------------------------------------------------------------------------------------------

def test_pairings_view_holds_the_geography_of_help(g, G):
    sub = view_of(G, g, "pairings")
    zhanjiang_units = {qname(u) for u in g.subjects(SCHEMA.containedInPlace, ZGI["place-zhanjiang"])
                       if (u, RDF.type, ZG.CountyLevelUnit) in g}
    assert len(zhanjiang_units) == 9  # the report: 湛江9个县(市、区)
    assert zhanjiang_units <= set(sub)
    # 越秀区 assists exactly 赤坎区, 霞山区, 遂溪县: read from the pairing nodes the view draws
    pairings = [u for u, v, k in sub.in_edges("zgi:place-yuexiu", keys=True) if k == "zg:assistingParty"]
    assisted = {v for p in pairings for _, v, k in sub.out_edges(p, keys=True) if k == "zg:assistedParty"}
    assert assisted == {"zgi:place-chikan", "zgi:place-xiashan", "zgi:place-suixi"}
    classes = {d["cls"] for _, d in sub.nodes(data=True)}
    assert "zg:PolicyDocument" not in classes and "zg:InvestmentProject" not in classes


def test_documents_view_has_every_titled_document_of_the_report(g, G, source_text):
    sub = view_of(G, g, "documents")
    titles = {str(t) for n, d in sub.nodes(data=True) if d["cls"] == "zg:PolicyDocument"
              for t in g.objects(URIRef(d["iri"]), DCTERMS.title)}
    assert titles == set(re.findall("《([^》]+)》", source_text))
    assert any(d["cls"] == "zg:PolicyArea" for _, d in sub.nodes(data=True))


def test_chains_view_has_the_six_chains_and_their_leaders(g, G):
    sub = view_of(G, g, "chains")
    chains = {n for n, d in sub.nodes(data=True) if d["cls"] == "zg:IndustryChain"}
    assert len(chains) == 6
    leaders = {sub.nodes[v]["label_zh"] for u, d in sub.nodes(data=True) if d["cls"] == "zg:ChainLeaderDesignation"
               for _, v, k in sub.out_edges(u, keys=True) if k == "zg:designee"}
    assert {"中科炼化", "巴斯夫"} <= leaders


def test_every_view_is_a_subgraph_and_all_is_everything(g, G):
    assert set(view_of(G, g, "all")) == set(G) and view_of(G, g, "all").number_of_edges() == G.number_of_edges()
    for name in views.VIEWS:
        sub = view_of(G, g, name)
        assert set(sub) <= set(G)
        assert all(G.has_edge(u, v, k) for u, v, k in sub.edges(keys=True))


def test_indicators_view_keeps_each_figure_with_its_subject(g, G):
    sub = view_of(G, g, "indicators")
    observations = {n for n, d in G.nodes(data=True) if d["cls"] == "zg:Observation"}
    assert observations <= set(sub)
    for n in observations:
        subjects = {v for _, v, k in G.out_edges(n, keys=True) if k == "zg:observedSubject"}
        assert subjects <= set(sub)


def test_focus_draws_a_neighbourhood(g, G):
    one, _, node = views.view_graph(g, "all", "越秀区", 1, G)
    assert node == "zgi:place-yuexiu"
    assert {"zgi:place-guangzhou", "zgi:enclave-chikan", "zgi:enclave-xiashan", "zgi:enclave-suixi"} <= set(one)
    assert "zgi:place-zhanjiang" not in one  # two links away
    two, _, _ = views.view_graph(g, "all", "Yuexiu District", 2, G)
    assert "zgi:place-chikan" in two and set(one) < set(two)
    zero, _, _ = views.view_graph(g, "pairings", "zgi:place-yuexiu", 0, G)
    assert list(zero) == ["zgi:place-yuexiu"]


def test_unknown_names_fail_with_suggestions(g, G):
    with pytest.raises(UnknownName) as e:
        views.view("pairing")
    assert "pairings" in e.value.suggestions
    with pytest.raises(UnknownName):
        views.view_graph(g, "all", "越秀县区乡", 1, G)
    with pytest.raises(ZGraphError, match="not in the view"):
        views.view_graph(g, "chains", "越秀区", 1, G)


# --- the page ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pairings_page(g, G, tmp_path_factory):
    out = tmp_path_factory.mktemp("page") / "pairings.html"
    r = pgraph.render(g, out, "pairings", G=G, source_prefix="source/")
    return r, out.read_text(encoding="utf-8")


def test_page_holds_the_view_with_bilingual_cards_and_evidence(g, G, pairings_page, source_text):
    r, html = pairings_page
    sub = view_of(G, g, "pairings")
    data = payload(html)
    assert (r.nodes, r.edges) == (len(data["nodes"]), len(data["edges"])) == (len(sub), sub.number_of_edges())
    assert pgraph.page_stats(html) == {"nodes": len(sub), "edges": sub.number_of_edges()}
    node = next(n for n in data["nodes"] if n["id"] == "zgi:place-yuexiu")
    card = node["zg"]
    assert (node["label"], card["zh"], card["en"], card["cls_en"]) == (
        "越秀区", "越秀区", "Yuexiu District", "county-level unit")
    assert card["evidence"], "越秀区 is named in the report"
    for ev in card["evidence"]:
        assert source_text[ev["start"]:ev["end"]] == ev["text"]
        assert ev["href"] == f"source/{SEED}.html#ev-{ev['start']:05d}-{ev['end']:05d}"
        # the quote is shown inside its sentence
        assert ev["text"] in ev["before"] + ev["text"] + ev["after"]
        assert (ev["before"] + ev["text"] + ev["after"]) in source_text
    edge = next(e for e in data["edges"] if e["id"] == "zgi:enclave-chikan zg:host zgi:place-yuexiu")
    assert (edge["from"], edge["to"], edge["label"], edge["zg"]["en"]) == (
        "zgi:enclave-chikan", "zgi:place-yuexiu", "飞入地", "host")
    chikan = next(n for n in data["nodes"] if n["id"] == "zgi:enclave-chikan")["zg"]["evidence"]
    assert all("越秀区" in chikan[i]["text"] for i in edge["zg"]["quotes"]) and edge["zg"]["quotes"]


def test_inferred_nodes_are_marked(pairings_page):
    _, html = pairings_page
    nodes = {n["id"]: n for n in payload(html)["nodes"]}
    inferred = nodes["zgi:pairing-yuexiu-chikan"]
    assert inferred["shapeProperties"] == {"borderDashes": [5, 4]}
    assert inferred["zg"]["inferred"] and "反向飞地" in inferred["zg"]["inferred"][0]
    assert "shapeProperties" not in nodes["zgi:pairing-guangzhou-zhanjiang"]
    assert not nodes["zgi:pairing-guangzhou-zhanjiang"]["zg"]["inferred"]


def test_legend_sizes_and_layout(g, G, pairings_page):
    _, html = pairings_page
    data = payload(html)
    rows = pgraph.legend(view_of(G, g, "pairings"), g, "zh")
    assert sum(r["count"] for r in rows) == len(data["nodes"])
    assert {r["label"] for r in rows} >= {"对口帮扶关系", "反向飞地", "县级行政区"}
    for r in rows:
        assert f'data-cls="{r["cls"]}"' in html
    shapes = {n["zg"]["cls"]: (n["color"]["background"], n["shape"]) for n in data["nodes"]}
    assert shapes["zg:Pairing"] != shapes["zg:CountyLevelUnit"]
    value = {n["id"]: n["value"] for n in data["nodes"]}
    assert value["zgi:place-guangzhou"] > value["zgi:enclave-chikan-tech-centre"]
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])  # no two nodes on one spot
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 200


def test_page_is_self_contained_and_scripts_are_pinned_by_hash(pairings_page):
    _, html = pairings_page
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html.replace('href="data:,"', ""))
    for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
        assert host not in html
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    scripts = scripts_of(html)
    assert len(scripts) == 3 and "vis.Network" in scripts[0] + scripts[2]
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    ours = html.replace(scripts[0], "")  # vis-network's own code holds strings such as "<script>"
    assert ours.count("<script") == html.count("</script>") == 3
    assert "var network, nodes, edges;" in scripts[2]  # pyvis's page globals


def test_same_graph_same_bytes_in_any_process(tmp_path):
    pages = []
    for seed in ("1", "2"):  # different hash seeds: set and dict orders must not leak into the page
        out = tmp_path / f"all-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "zgraph", "render", "--out", str(out)], env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_labels_and_quotes_cannot_break_out(tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(EVIL_TTL, encoding="utf-8")
    out = tmp_path / "evil.html"
    assert main(["render", "--data", str(evil), "--focus", "zgi:place-evil", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    html = html.replace(scripts_of(html)[0], "")  # vis-network's own code holds strings such as "<svg"
    assert EVIL_LABEL not in html and "<svg" not in html and "<b>" not in html and "<i>" not in html
    assert html.count("<script") == html.count("</script>") == 3
    assert "&lt;img src=x onerror=" in html  # the heading shows it as text
    data = payload(html)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels == {"zgi:place-evil": EVIL_LABEL, "zgi:place-good": "好市 &amp; <b>粗</b>"}
    quote = data["nodes"][0]["zg"]["evidence"][0]["text"]
    assert quote == "<svg onload=window.__pwned=3>'\u2028"


def test_written_in_utf8_whatever_the_locale(tmp_path):
    out = tmp_path / "c-locale.html"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run([sys.executable, "-m", "zgraph", "render", "--focus", "zgi:place-yuexiu",
                           "--out", str(out)], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    html = out.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in html and "越秀区" in html


def test_cli_render_views_and_errors(tmp_path, capsys):
    out = tmp_path / "chains.html"
    assert main(["render", "--view", "chains", "--lang", "en", "--out", str(out)]) == 0
    assert "nodes" in capsys.readouterr().out
    data = payload(out.read_text(encoding="utf-8"))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["zgv:chain-new-energy"] == "new energy" or labels["zgv:chain-new-energy"].lower().startswith(
        "new energy")
    assert data["text"]["legend"] == "Legend"
    assert main(["render", "--view", "nope"]) == 2
    assert "unknown view 'nope'" in capsys.readouterr().err
    assert main(["render", "--depth", "2"]) == 2
    assert main(["render", "--focus", "越秀县区乡", "--out", str(tmp_path / "x.html")]) == 2
    assert "Did you mean" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
    assert pgraph.default_out("all", None) == Path("out/graph.html")
    assert pgraph.default_out("pairings", None) == Path("out/views/pairings.html")


def test_write_pages_writes_every_view_and_an_index(tmp_path, source_text):
    written = site.write_pages(tmp_path, lang="zh")
    rel = {p.relative_to(tmp_path).as_posix() for p in written}
    report_page = f"reports/{SEED}/graph.html"
    assert rel == {"graph.html", "index.html", f"source/{SEED}.html", "overview.html", report_page,
                   *(f"views/{v}.html" for v in views.VIEWS if v != "all")}
    assert report_page in (tmp_path / "overview.html").read_text(encoding="utf-8")  # the overview links it
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for href in sorted(rel - {"index.html", report_page}) + ["ontology.html", "queries/index.html", "analysis.md",
                                                 "notebooks/", "graph.png"]:
        assert f'href="{href}"' in index
    source = (tmp_path / "source" / f"{SEED}.html").read_text(encoding="utf-8")
    assert "赤坎区、霞山区、遂溪县分别在越秀区设立" in source and 'href="../index.html"' in source
    view_page = (tmp_path / "views" / "pairings.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in view_page and f"../source/{SEED}.html#ev-" in view_page
