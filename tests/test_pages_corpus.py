"""Pages over a corpus: every fact says which report it comes from, each report has its text page, the index lists
the reports (fictional ones marked), and the reader can show one report's facts only (in Chromium)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SEED, built_corpus

from zgraph.pages import screenshot

LF23, YL23, YL24 = ("lanfeng-2023-industrial-transfer", "yunlan-2023-industrial-transfer",
                    "yunlan-2024-industrial-transfer")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    built_corpus(home)
    out = home / "site"
    subprocess.run([sys.executable, "-c", f"from zgraph.pages import site; site.write_pages({str(out)!r})"],
                   check=True, env={**os.environ, "ZGRAPH_HOME": str(home)})
    return out


def payload(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    start = html.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
    return json.loads(html[start:html.index(";\n", start)])


def test_each_report_has_its_text_page_and_the_index_lists_them(site):
    assert sorted(p.stem for p in (site / "source").glob("*.html")) == sorted([SEED, LF23, YL23, YL24])
    index = (site / "index.html").read_text(encoding="utf-8")
    for rid in (SEED, LF23, YL23, YL24):
        assert f'href="source/{rid}.html"' in index and f"<code>{rid}</code>" in index
    assert index.count("· 虚构") == 3  # the fixtures are marked fictional, the seed is not
    assert "来源：4份报告" in index
    lanfeng = (site / "source" / f"{LF23}.html").read_text(encoding="utf-8")
    assert "岚峰市" in lanfeng and "赤坎区、霞山区、遂溪县分别在越秀区设立" not in lanfeng


def test_every_fact_knows_its_report(site):
    data = payload(site / "graph.html")
    assert [r["id"] for r in data["reports"]] == sorted([SEED, LF23, YL23, YL24])
    cards = {n["id"]: n["zg"] for n in data["nodes"]}
    gz = cards["zgi:place-guangzhou"]
    assert gz["reports"] == sorted([SEED, YL23, YL24])
    assert {e["report"] for e in gz["evidence"]} == {SEED, YL23, YL24}
    for e in gz["evidence"]:
        assert e["href"] == f"source/{e['report']}.html#ev-{e['start']:05d}-{e['end']:05d}"
        text = (site.parent / "data" / "sources" / f"{e['report']}.txt").read_text(encoding="utf-8")
        assert text[e["start"]:e["end"]] == e["text"]
        assert text[e["start"] - len(e["before"]):e["start"]] == e["before"]  # the sentence of that report
    assert cards["zgi:place-futian"]["reports"] == [LF23]


def test_the_report_filter_shows_one_reports_facts(browser, site):
    data = payload(site / "graph.html")
    own = {n["id"]: n["zg"]["reports"] for n in data["nodes"]}
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    attempted: list[str] = []
    screenshot.block_network(page, attempted)
    page.goto((site / "graph.html").resolve().as_uri())
    screenshot.wait_ready(page)
    options = page.locator("#zg-report option").all_inner_texts()
    assert len(options) == 5 and sum("虚构" in o for o in options) == 3
    page.select_option("#zg-report", LF23)
    page.wait_for_selector(f"html[data-zgraph-report={LF23}]", state="attached")
    hidden = set(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == {n for n, reports in own.items() if reports and LF23 not in reports}
    assert "zgi:place-guangzhou" in hidden and "zgi:place-guangdong" not in hidden  # 广东省: Lanfeng names it too
    assert page.locator("#zg-report-status").inner_text() == f"{len(own) - len(hidden)} 节点"
    page.select_option("#zg-report", "")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
    assert attempted == []
    page.close()
