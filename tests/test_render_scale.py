"""Issue 14.4, pages that stay readable: `zgraph render` refuses a graph too large to read (counted before any
layout, nothing written, advice given), and the corpus overview aggregates reports, cities and partners by SPARQL
with the counts the data implies, links each report's own pages and escapes every label."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import SEED, built_corpus

from zgraph.cli import main
from zgraph.model.loading import load
from zgraph.model.store import load_store
from zgraph.network.projection import entity_graph
from zgraph.pages import graph as pgraph
from zgraph.pages import overview, views

LF23 = "lanfeng-2023-industrial-transfer"
ADVICE = ("--report ID", "--focus NAME", "--depth N", "--view NAME", "--max-nodes N", "--overview")
ZGI = "https://w3id.org/zgraph/id/"


def payload(html: str) -> dict:
    start = html.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
    return json.loads(html[start:html.index(";\n", start)])


def solutions(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    """Rows of a query written here, independent of the overview's own query: each term's value ("" unbound)."""
    found = store.query(text, prefixes={"zg": "https://w3id.org/zgraph/ontology#", "zgi": ZGI,
                                        "zgv": "https://w3id.org/zgraph/vocab/",
                                        "dcterms": "http://purl.org/dc/terms/", "schema": "http://schema.org/"})
    assert isinstance(found, ox.QuerySolutions)
    return [tuple("" if t is None else t.value for t in row) for row in found]


def count(store: ox.Store, where: str) -> int:
    return int(solutions(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0][0])


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store()


@pytest.fixture(scope="module")
def seed_nodes() -> int:
    return entity_graph(load()).number_of_nodes()


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A corpus of the seed and the fictional fixtures, built."""
    home = tmp_path_factory.mktemp("scale-home")
    built_corpus(home)
    return home


# --- refusing what nobody can read ---------------------------------------------------------------------------

def test_render_refuses_above_max_nodes_with_advice_and_writes_nothing(tmp_path, capsys, seed_nodes):
    out = tmp_path / "graph.html"
    assert main(["render", "--max-nodes", str(seed_nodes - 1), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{seed_nodes:,} nodes" in err and f"--max-nodes {seed_nodes - 1}" in err
    assert all(a in err for a in ADVICE), err
    assert "Traceback" not in err and len(err.splitlines()) <= 4
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_views_and_focus_are_counted_after_projection(tmp_path, capsys):
    g = load()
    pairings = views.view_graph(g, "pairings")[0].number_of_nodes()
    assert main(["render", "--view", "pairings", "--max-nodes", str(pairings - 1), "--out",
                 str(tmp_path / "p.html")]) == 2
    assert f"the view 'pairings' has {pairings} nodes" in capsys.readouterr().err
    hood = views.view_graph(g, "all", "广州市", 2)[0].number_of_nodes()
    assert main(["render", "--focus", "广州市", "--depth", "2", "--max-nodes", str(hood - 1), "--out",
                 str(tmp_path / "f.html")]) == 2
    assert f"has {hood} nodes" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    # the whole graph is over the limit, the view is not: a view is what --view is for
    assert main(["render", "--view", "pairings", "--max-nodes", str(pairings), "--out", str(tmp_path / "p.html")]) == 0
    assert pgraph.page_stats((tmp_path / "p.html").read_text(encoding="utf-8"))["nodes"] == pairings


def test_render_still_works_at_and_below_the_limit(tmp_path, capsys, seed_nodes):
    assert views.MAX_NODES >= 1000 and seed_nodes < views.MAX_NODES  # the default draws the seed
    for limit in (seed_nodes, 0):
        out = tmp_path / f"graph-{limit}.html"
        assert main(["render", "--max-nodes", str(limit), "--out", str(out)]) == 0
        assert f"({seed_nodes} nodes" in capsys.readouterr().out
        assert pgraph.page_stats(out.read_text(encoding="utf-8"))["nodes"] == seed_nodes
    assert main(["render", "--max-nodes", "-1"]) == 2


def test_the_whole_graph_is_counted_by_oxigraph_before_rdflib_loads_or_anything_is_laid_out(
        tmp_path, monkeypatch, seed_nodes, home):
    assert views.count_entity_nodes(load_store()) == seed_nodes
    union = home / "data" / "triples.ttl"
    assert views.count_entity_nodes(load_store([union])) == entity_graph(load([union])).number_of_nodes()

    def boom(*args, **kwargs):
        raise AssertionError("loaded or laid out before refusing")

    monkeypatch.setattr("zgraph.model.loading.load", boom)
    monkeypatch.setattr("zgraph.pages.graph.build_network", boom)
    assert main(["render", "--max-nodes", "10", "--out", str(tmp_path / "x.html")]) == 2
    assert not (tmp_path / "x.html").exists()


def test_a_view_over_the_limit_is_refused_before_layout(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("laid out before refusing")

    monkeypatch.setattr("zgraph.pages.graph.build_network", boom)
    with pytest.raises(views.TooLarge) as e:
        pgraph.render(load(), tmp_path / "x.html", "indicators", max_nodes=5)
    assert e.value.exit_code == 2 and e.value.limit == 5
    assert not (tmp_path / "x.html").exists()


def test_one_reports_page_goes_under_reports_id():
    assert pgraph.default_out("all", None, report=SEED) == Path(f"out/reports/{SEED}/graph.html")
    assert pgraph.default_out("pairings", None, report=SEED) == Path(f"out/reports/{SEED}/views/pairings.html")
    assert pgraph.default_out("all", None) == Path("out/graph.html")


# --- the corpus overview --------------------------------------------------------------------------------------

def partner_cities(store: ox.Store) -> set[str]:
    """The prefecture cities on the far side of each pairing and reverse enclave (or containing it): written here."""
    rows = solutions(store, """SELECT DISTINCT ?c WHERE {
      { ?p a zg:Pairing ; zg:assistingParty ?x } UNION { ?e a zg:ReverseEnclave ; zg:host ?x }
      ?x schema:containedInPlace* ?c . ?c a zg:PrefectureCity .
      FILTER NOT EXISTS { ?r a zg:Report ; dcterms:spatial ?c } }""")
    return {r[0] for r in rows}


def test_the_seed_overview_has_exactly_the_nodes_the_data_implies(store):
    ov = overview.aggregate(store)
    reports = {r[0] for r in solutions(store, "SELECT ?r WHERE { ?r a zg:Report }")}
    cities = {r[0] for r in solutions(store, "SELECT ?c WHERE { ?r a zg:Report ; dcterms:spatial ?c }")}
    partners = partner_cities(store)
    assert reports == {ZGI + f"report-{SEED}"} and cities == {ZGI + "place-zhanjiang"}
    # the Guangzhou partner of every pairing; the city-level enclave (湛江·湾区飞地) is hosted by Dongguan
    assert partners == {ZGI + "place-guangzhou", ZGI + "place-dongguan"}
    kinds = {n: d["kind"] for n, d in ov.nodes.items()}
    assert kinds == {f"zgi:report-{SEED}": "report", "zgi:place-zhanjiang": "city", "zgi:place-guangzhou": "partner",
                     "zgi:place-dongguan": "partner"}
    assert ov.nodes["zgi:place-zhanjiang"]["zh"] == "湛江市" and ov.nodes["zgi:place-guangzhou"]["zh"] == "广州市"
    assert ov.nodes["zgi:place-guangzhou"]["en"] == "Guangzhou"
    assert ov.nodes[f"zgi:report-{SEED}"]["period"] == "2023"


def test_the_seed_overview_weights_are_the_counts_of_the_data(store):
    links = {(lk.kind, lk.source, lk.target): lk for lk in overview.aggregate(store).links}
    assert set(links) == {("report", f"zgi:report-{SEED}", "zgi:place-zhanjiang"),
                          ("partner", "zgi:place-zhanjiang", "zgi:place-guangzhou"),
                          ("partner", "zgi:place-zhanjiang", "zgi:place-dongguan")}
    about = links[("report", f"zgi:report-{SEED}", "zgi:place-zhanjiang")]
    county = count(store, "?x a zg:Pairing ; zg:pairingLevel zgv:level-county")
    assert county == 9 and about.county_pairings == 9  # the 9 county pairings of the README
    assert about.pairings == count(store, "?x a zg:Pairing") == 10  # and the stated city-level pair
    assert about.enclaves == count(store, "?x a zg:ReverseEnclave") == 10
    assert about.documents == count(store, "?x a zg:PolicyDocument") == 16
    gz = links[("partner", "zgi:place-zhanjiang", "zgi:place-guangzhou")]
    in_gz = count(store, "?x a zg:ReverseEnclave ; zg:host/schema:containedInPlace zgi:place-guangzhou")
    assert (gz.pairings, gz.county_pairings, gz.enclaves, gz.documents, gz.reports) == (10, 9, in_gz, 0, 1)
    assert in_gz == 9
    dg = links[("partner", "zgi:place-zhanjiang", "zgi:place-dongguan")]
    assert (dg.pairings, dg.enclaves) == (0, 1)


def test_the_overview_page_says_what_each_link_counts(tmp_path, store):
    w = overview.write_overview(store, tmp_path / "overview.html")
    html = w.path.read_text(encoding="utf-8")
    data = payload(html)
    assert (w.nodes, w.edges, w.reports) == (4, 3, (SEED,)) and len(data["nodes"]) == 4
    edges = {e["id"]: e for e in data["edges"]}
    about = edges[f"zgi:report-{SEED} report zgi:place-zhanjiang"]
    assert about["zg"]["facts"] == [["结对帮扶", "10（县级 9）"], ["反向飞地", "10"], ["政策文件", "16"]]
    assert about["label"] == "结对 10 · 飞地 10 · 文件 16" and about["value"] == 36
    gz = edges["zgi:place-zhanjiang partner zgi:place-guangzhou"]["zg"]
    assert gz["facts"] == [["结对帮扶", "10（县级 9）"], ["反向飞地", "9"], ["记载的报告数", "1"]]
    report = {n["id"]: n for n in data["nodes"]}[f"zgi:report-{SEED}"]
    assert report["label"] == "湛江市 2023" and report["zg"]["zh"] == "“五向发力”推动产业有序转移工作"
    assert report["zg"]["links"] == [["本报告的图谱页面", f"reports/{SEED}/graph.html"],
                                     ["报告原文", f"source/{SEED}.html"]]
    assert "Content-Security-Policy" in html and "default-src &#39;none&#39;" in html
    assert "<script src" not in html and 'href="http' not in html and 'src="http' not in html
    again = overview.write_overview(store, tmp_path / "again.html")
    assert again.path.read_bytes() == w.path.read_bytes()  # deterministic
    en = payload(overview.page(overview.aggregate(store), "en"))
    assert {n["id"]: n["label"] for n in en["nodes"]}["zgi:place-guangzhou"] == "Guangzhou"


def test_the_overview_refuses_above_max_nodes(tmp_path, store):
    with pytest.raises(views.TooLarge):
        overview.write_overview(store, tmp_path / "o.html", max_nodes=3)
    assert not (tmp_path / "o.html").exists()


def test_two_reports_two_report_nodes_each_linking_its_own_pages(home, tmp_path):
    files = [home / "data" / "built" / f"{rid}.ttl" for rid in (SEED, LF23)]
    store = load_store(files)
    ov = overview.aggregate(store)
    reports = sorted(d["report_id"] for d in ov.nodes.values() if d["kind"] == "report")
    assert reports == sorted([SEED, LF23])
    expected = {r[0] for r in solutions(store, "SELECT ?c WHERE { ?r a zg:Report ; dcterms:spatial ?c }")}
    assert {ZGI + n[4:] for n, d in ov.nodes.items() if d["kind"] == "city"} == expected
    assert {ZGI + n[4:] for n, d in ov.nodes.items() if d["kind"] == "partner"} == partner_cities(store)
    assert ov.nodes["zgi:place-shenzhen"]["kind"] == "partner"  # Lanfeng works "together with Shenzhen"
    out = tmp_path / "site" / "overview.html"
    done = subprocess.run([sys.executable, "-m", "zgraph", "render", "--overview", "--report-pages", "--report", SEED,
                           "--report", LF23, "--out", str(out)], env={**os.environ, "ZGRAPH_HOME": str(home)},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 reports" in done.stdout
    data = payload(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in data["reports"]] == sorted([SEED, LF23])
    for n in data["nodes"]:
        for _name, href in n["zg"].get("links", []):
            assert (out.parent / href).is_file(), href
    linked = {href for n in data["nodes"] for _, href in n["zg"].get("links", [])}
    assert linked == {f"{f}/{rid}{s}" for rid in (SEED, LF23) for f, s in (("reports", "/graph.html"),
                                                                            ("source", ".html"))}
    lanfeng = (out.parent / "reports" / LF23 / "graph.html").read_text(encoding="utf-8")
    assert "岚峰市" in lanfeng and '"../../overview.html"' in lanfeng
    assert [r["id"] for r in payload(lanfeng)["reports"]] == [LF23]


def test_labels_with_markup_are_escaped(tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(f"""@prefix zg: <https://w3id.org/zgraph/ontology#> . @prefix zgi: <{ZGI}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
zgi:report-evil a zg:Report ; dcterms:identifier "evil-1" ; rdfs:label "</script><img src=x onerror=alert(1)>"@zh ;
  zg:period "<b>2099</b>" ; dcterms:spatial zgi:place-evil ; zg:fictional true .
zgi:place-evil a zg:PrefectureCity ; rdfs:label "<i>恶</i>&amp;市"@zh .
""", encoding="utf-8")
    html = overview.page(overview.aggregate(load_store([evil])))
    assert "<img src=x" not in html and "<i>恶" not in html and "</script><img" not in html
    assert "<b>2099" not in html
    data = payload(html)
    report = {n["id"]: n for n in data["nodes"]}["zgi:report-evil"]
    assert report["zg"]["zh"] == "</script><img src=x onerror=alert(1)>"  # kept as data, shown as text
    assert report["label"] == "<i>恶</i>&amp;市 <b>2099</b>"
    assert main(["render", "--overview", "--view", "pairings"]) == 2
    assert main(["render", "--report-pages"]) == 2


@pytest.mark.browser
def test_the_overview_draws_offline_and_a_click_opens_the_reports_own_page(browser, home, tmp_path):
    from zgraph.pages import screenshot

    out = tmp_path / "site" / "overview.html"
    done = subprocess.run([sys.executable, "-m", "zgraph", "render", "--overview", "--report-pages", "--out",
                           str(out)], env={**os.environ, "ZGRAPH_HOME": str(home)}, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    attempted: list[str] = []
    errors: list[str] = []
    screenshot.block_network(page, attempted)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.resolve().as_uri())
    screenshot.wait_ready(page)
    want = payload(out.read_text(encoding="utf-8"))
    assert page.evaluate("[nodes.length, edges.length, network.body.data.nodes.length]") == [
        len(want["nodes"]), len(want["edges"]), len(want["nodes"])]
    box = page.locator("#mynetwork").bounding_box()
    xy = page.evaluate("id => network.canvasToDOM(network.getPosition(id))", f"zgi:report-{LF23}")
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    panel = page.locator("#zg-details")
    link = panel.locator("a", has_text="本报告的图谱页面")
    link.wait_for()
    assert link.get_attribute("href") == f"reports/{LF23}/graph.html"
    assert "无原文引文" not in panel.inner_text()  # an aggregate quotes nothing, and says nothing about it
    link.click()
    page.wait_for_url(f"**/reports/{LF23}/graph.html")
    screenshot.wait_ready(page)
    assert page.evaluate("nodes.length") == len(payload((out.parent / "reports" / LF23 / "graph.html").read_text(
        encoding="utf-8"))["nodes"])
    assert attempted == [] and errors == []
    page.close()


def test_store_gives_the_count_and_the_overview_without_parsing_turtle(tmp_path, monkeypatch, capsys, seed_nodes):
    folder = tmp_path / "store"
    assert main(["load", "--store", str(folder)]) == 0
    capsys.readouterr()

    def boom(*args, **kwargs):
        raise AssertionError("parsed Turtle although --store was given")

    monkeypatch.setattr("zgraph.model.store.load_store", boom)
    monkeypatch.setattr("zgraph.model.loading.load", boom)
    assert main(["render", "--store", str(folder), "--max-nodes", "100", "--out", str(tmp_path / "g.html")]) == 2
    assert f"the whole graph has {seed_nodes} nodes" in capsys.readouterr().err
    out = tmp_path / "overview.html"
    assert main(["render", "--overview", "--store", str(folder), "--out", str(out)]) == 0
    assert "(4 nodes, 3 links; 1 reports)" in capsys.readouterr().out
    assert len(payload(out.read_text(encoding="utf-8"))["nodes"]) == 4
    monkeypatch.undo()
    page = tmp_path / "one.html"
    assert main(["render", "--store", str(folder), "--report", SEED, "--view", "pairings", "--out", str(page)]) == 0
    assert pgraph.page_stats(page.read_text(encoding="utf-8"))["nodes"] == views.view_graph(load(), "pairings")[
        0].number_of_nodes()
