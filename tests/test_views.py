"""Issue 15.2, result views: every named query declares its view, and its page draws it offline (Bokeh inlined and
allowed by hash; the map's places from the gazetteer only, fictional ones listed apart), in Chromium too."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from helpers import built_corpus

from zgraph.model import gazetteer
from zgraph.model.loading import load
from zgraph.model.store import load_store
from zgraph.pages import charts, drawings, fonts, screenshot
from zgraph.pages.assets import NO_SCRIPT_CSP, csp_for
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.catalogue import get, named_queries, prepare
from zgraph.sparql.results import serialize

EXPECTED = {"indicators": "bar", "achievements": "bar", "indicator_across_reports": "line",
            "pairings": "map", "all_pairings": "map", "pairings_by_report": "map", "enclaves": "map"}


@pytest.fixture(scope="module")
def store():
    return load_store()


def results(store, name: str, lang: str = "zh") -> bytes:
    return serialize(run_oxigraph(store, prepare(get(name).text, lang)), "json")


def page(store, g, name: str, lang: str = "zh") -> str:
    return charts.view_page(get(name), results(store, name, lang), lang, g, charts.StaticLinks(name))


def compact(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def item(html: str) -> dict:
    start = html.index("var ZG_VIEW = ") + len("var ZG_VIEW = ")
    return json.loads(html[start:html.index(";\n", start)])


def scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def test_every_named_query_declares_a_view_in_its_header():
    for q in named_queries():
        header = [line for line in q.text.splitlines() if line.startswith("# view:")]
        assert len(header) == 1, q.name
        assert charts.declared_view(q) in charts.VIEWS
        assert charts.declared_view(q) == EXPECTED.get(q.name, charts.declared_view(q))
    assert {charts.declared_view(q) for q in named_queries()} == set(charts.VIEWS)


def test_bokeh_is_inlined_from_its_own_package_and_allowed_by_hash(store, g):
    html = page(store, g, "indicators")
    found = scripts(html)
    assert found[0] == charts.bokeh_js() and "Bokeh" in found[0]
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert csp == csp_for(found) and "default-src 'none'" in csp
    own = html.replace(found[0], "")  # Bokeh's code names URLs it never loads here (Chromium checks that below)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", own), "nothing may load from another site"
    assert fonts.embedded_fonts(html)


def test_figures_are_bars_one_chart_per_unit_with_the_value_as_printed(store, g):
    html = page(store, g, "indicators")
    data = compact(item(html))
    rows = charts.parse_results(results(store, "indicators")).rows
    drawn = [r for r in rows if drawings.span(r["value"]) is not None]
    units = {r["unit"] for r in drawn}
    assert len(units) > 10
    assert len(re.findall(r'"name":"Figure"', data)) == len(units)  # one series (chart) per unit
    assert "65.15亿元" in data and "44.14亿元" in data  # the value as printed, with its unit, on its bar
    for r in rows:
        if drawings.span(r["value"]) is None:  # a value that is no number is listed, never drawn at a guessed height
            assert f"{r['value']}{r['unit']}" in html.split('class="zg-links zg-left-out"', 1)[1]
    assert drawings.span("3-6") == (3, 6) and drawings.span("八") == (0, 8) and drawings.span("若干") is None


def test_a_chart_page_is_the_same_bytes_however_many_charts_came_before(store, g):
    first = page(store, g, "indicators")
    page(store, g, "enclaves")  # Bokeh's own ids count every model made in the process
    assert page(store, g, "indicators") == first
    ids = re.findall(r'"id": ?"([^"]+)"', first)
    assert ids and all(re.fullmatch(r"z\d+", i) for i in ids)  # renumbered, references kept (drawn in Chromium below)


def test_achievements_are_bars_and_the_indicator_across_reports_a_line(store, g):
    assert '"name":"HBar"' in compact(item(page(store, g, "achievements")))
    line = compact(item(page(store, g, "indicator_across_reports")))
    assert '"name":"Line"' in line and "65.15亿元" in line


def test_the_pairings_map_places_every_district_at_its_gazetteer_centroid(store, g):
    html = page(store, g, "pairings")
    data = item(html)
    places = drawings.Places(g)
    yuexiu = places.find("越秀区")
    div = gazetteer.by_code("440104")
    assert yuexiu == (div.longitude, div.latitude, "440104")
    text = compact(data)
    for name in ("越秀区", "荔湾区", "白云区", "南沙区", "赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县",
                 "廉江市", "雷州市", "吴川市"):
        assert name in text
    assert "zg-unplaced" not in html  # every real place has its coordinates
    assert gazetteer.SOURCE in html  # the coordinates are cited
    assert places.find("不存在的地方") is None


def test_enclaves_map_places_the_city_level_enclave_in_dongguan(store, g):
    html = page(store, g, "enclaves")
    assert "东莞" in compact(item(html)) and "zg-unplaced" not in html


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):

    home = tmp_path_factory.mktemp("views-corpus")
    built_corpus(home)
    data = [home / "data" / "triples.ttl"]
    return load(data), load_store(data)


def test_fictional_places_are_listed_apart_never_placed(corpus):
    g, store = corpus
    rows = charts.parse_results(results(store, "pairings_by_report")).rows
    fictional = {r["assisted_party"] for r in rows if r["report_id"].startswith(("yunlan", "lanfeng"))}
    fictional |= {r["assisting_party"] for r in rows if r["report_id"].startswith(("yunlan", "lanfeng"))}
    places = drawings.Places(g)
    unplaced = {n for n in fictional if places.find(n) is None}
    assert unplaced, "the fixtures name fictional places"
    html = charts.view_page(get("pairings_by_report"), results(store, "pairings_by_report"), "zh", g,
                            charts.StaticLinks("pairings_by_report"))
    apart = html.split('class="zg-view-table zg-unplaced"', 1)[1].split("</table>", 1)[0]
    drawn = compact(item(html))
    for name in unplaced:
        assert name in apart and f'"{name}"' not in drawn
    assert "越秀区" in drawn  # the real places of the same query are on the map


def test_graph_and_table_views_run_no_script(store, g):
    html = page(store, g, "attraction_methods")
    assert "<svg" in html and not scripts(html) and NO_SCRIPT_CSP in unescape(html)
    html = page(store, g, "documents")
    assert "<svg" not in html and not scripts(html) and "zg-rows" in html


def test_every_view_is_written_by_the_demo_and_linked_from_the_results_index(tmp_path):
    from zgraph.pages import results

    results.write_results(tmp_path, "zh", views=True)
    written = charts.write_views(tmp_path, "zh")
    index = (tmp_path / "queries" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.stem for p in written) == sorted(q.name for q in named_queries())
    for q in named_queries():
        assert f'href="{q.name}.html"' in index


# --- in Chromium ---------------------------------------------------------------------------------------------


def open_static(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    attempted: list[str] = []
    errors: list[str] = []
    screenshot.block_network(page, attempted)
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    return page, attempted, errors


def font_loaded(page) -> bool:
    return page.evaluate("""() => [...document.fonts].some(f => f.family.includes('zgraph Noto Sans CJK SC')
                                                                && f.status === 'loaded')""")


@pytest.mark.browser
@pytest.mark.parametrize("name", ["indicators", "pairings"])
def test_chart_and_map_views_draw_in_chromium_offline(browser, store, g, tmp_path, name):
    path = tmp_path / f"{name}.html"
    html = page(store, g, name)
    path.write_text(html, encoding="utf-8")
    p, attempted, errors = open_static(browser, path)
    try:
        screenshot.wait_ready(p)
        assert p.locator("#zg-chart canvas, #zg-chart .bk-Canvas").count() > 0 or p.evaluate(
            "() => document.querySelector('#zg-chart').shadowRoot !== null || "
            "document.querySelector('#zg-chart').children.length > 0")
        assert font_loaded(p)
        shown = p.evaluate("() => document.body.innerText")
        missing = {c for c in fonts.shown(shown) if ord(c) > 0x2E7F} - fonts.covered(html)
        assert not missing, sorted(missing)[:10]
    finally:
        p.close()
    assert not attempted and not errors, (attempted, errors)
