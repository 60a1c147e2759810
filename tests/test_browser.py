"""Issue 6 in real headless Chromium: pages load from file:// with no request leaving them, draw the whole view,
show evidence on hover and click, run no script smuggled in through a label or a quote, and draw their Chinese in
the font they embed. How fast they settle is measured by benchmarks/bench_pages.py, not asserted here."""

from __future__ import annotations

import random
import re

import networkx as nx
import pytest
from helpers import SEED
from test_fonts import write_font_pages
from test_render import EVIL_LABEL, EVIL_TTL

from zgraph.cli import main
from zgraph.network.projection import entity_graph
from zgraph.pages import fonts, screenshot, views
from zgraph.pages import graph as pgraph
from zgraph.pages import site as pages_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pages_site.write_pages(out, lang="zh")
    return out


class Visit:
    """One page opened with every non-file request aborted, recording requests, console errors and dialogs."""

    def __init__(self, browser, path, wait=True):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.attempted: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        screenshot.block_network(self.page, self.attempted)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        if wait:  # within the page's generous ready timeout; how long it takes is benchmarks/bench_pages.py's job
            screenshot.wait_ready(self.page)

    def clean(self) -> None:
        assert self.attempted == [], f"requests left the file: {self.attempted}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == []

    def node_point(self, node_id: str) -> tuple[float, float]:
        box = self.page.locator("#mynetwork").bounding_box()
        xy = self.page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node_id)
        return box["x"] + xy["x"], box["y"] + xy["y"]


def test_every_page_loads_offline_and_draws_its_whole_view(browser, site, g):
    G = entity_graph(g)
    for name, v in views.VIEWS.items():
        path = site / ("graph.html" if name == "all" else f"views/{name}.html")
        visit = Visit(browser, path)
        counts = visit.page.evaluate(
            "[nodes.length, edges.length, network ? network.body.data.nodes.length : 0,"
            " network ? network.body.data.edges.length : 0, network ? network.physics.options.enabled : false]")
        sub = views.select(G, g, v)
        assert counts[:2] == [len(sub), sub.number_of_edges()], name
        if len(sub):
            assert counts[2:4] == counts[:2], name
            assert counts[4] is False, f"{name}: physics still running after the page said it was ready"
        visit.clean()
        visit.page.close()
    for other in ("index.html", f"source/{SEED}.html"):
        visit = Visit(browser, site / other, wait=False)
        visit.page.wait_for_load_state("load")
        visit.clean()
        visit.page.close()


def test_hover_and_click_show_labels_class_and_the_quote(browser, site, g, source_text):
    visit = Visit(browser, site / "views" / "pairings.html")
    page = visit.page
    x, y = visit.node_point("zgi:place-yuexiu")
    page.mouse.move(x, y)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    quote = "赤坎区、霞山区、遂溪县分别在越秀区设立"
    assert quote in source_text
    for expected in ("越秀区", "Yuexiu District", "县级行政区", quote):
        assert expected in text
    page.mouse.click(x, y)
    panel = page.locator("#zg-details")
    panel.locator("blockquote").first.wait_for()
    details = panel.inner_text()
    assert quote in details and "广州越秀(赤坎)科创中心" in details  # the sentence around the quote
    assert "越秀区—赤坎区结对帮扶" in details  # linked from: the inferred pairing
    link = panel.locator("a", has_text="在原文中查看").first
    href = link.get_attribute("href")
    assert href.startswith(f"../source/{SEED}.html#ev-")
    visit.clean()
    # one more click: the report itself, with the span highlighted
    link.click()
    page.wait_for_url(f"**/source/{SEED}.html#ev-*")
    assert page.locator("mark#zg-hit").inner_text() == quote
    visit.clean()
    page.close()


def test_edge_hover_names_the_property(browser, site):
    visit = Visit(browser, site / "views" / "pairings.html")
    page = visit.page
    (x1, y1), (x2, y2) = visit.node_point("zgi:enclave-chikan"), visit.node_point("zgi:place-yuexiu")
    page.evaluate("network.selectEdges([])")
    for t in (0.45, 0.5, 0.55, 0.4, 0.6):
        page.mouse.move(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
        page.mouse.click(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
        if page.evaluate("network.getSelectedEdges()").count("zgi:enclave-chikan zg:host zgi:place-yuexiu"):
            break
    else:
        pytest.fail("could not click the edge 赤坎区“反向飞地” → 越秀区")
    details = page.locator("#zg-details").inner_text()
    assert "飞入地" in details and "host" in details and "zg:host" in details
    visit.clean()
    page.close()


def test_search_selects_and_explains_a_node(browser, site):
    visit = Visit(browser, site / "graph.html")
    page = visit.page
    page.fill("#zg-search", "Yuexiu District")
    page.press("#zg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["zgi:place-yuexiu"]
    assert "越秀区" in page.locator("#zg-details").inner_text()
    page.fill("#zg-search", "no such place at all")
    page.press("#zg-search", "Enter")
    assert "未找到" in page.locator("#zg-search-status").inner_text()
    visit.clean()
    page.close()


def test_injected_labels_run_no_script_and_show_as_text(browser, tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(EVIL_TTL, encoding="utf-8")
    out = tmp_path / "evil.html"
    assert main(["render", "--data", str(evil), "--focus", "zgi:place-evil", "--out", str(out)]) == 0
    visit = Visit(browser, out)
    page = visit.page
    assert page.evaluate("nodes.length") == 2
    x, y = visit.node_point("zgi:place-evil")
    page.mouse.move(x, y)
    page.locator("div.vis-tooltip").wait_for(state="visible")
    page.mouse.click(x, y)
    page.locator("#zg-details blockquote").wait_for()
    page.fill("#zg-search", EVIL_LABEL)
    page.press("#zg-search", "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert visit.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, svg, b, i').length") == 0
    assert EVIL_LABEL in page.locator("#zg-heading").inner_text()
    assert EVIL_LABEL in page.locator("div.vis-tooltip").inner_text()
    assert "<svg onload=window.__pwned=3>" in page.locator("#zg-details").inner_text()
    visit.clean()
    page.close()


def test_an_empty_view_still_loads_cleanly(browser, tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(EVIL_TTL, encoding="utf-8")
    out = tmp_path / "empty.html"
    assert main(["render", "--data", str(evil), "--view", "indicators", "--out", str(out)]) == 0
    visit = Visit(browser, out)
    assert visit.page.evaluate("[nodes.length, edges.length]") == [0, 0]
    assert "此视图没有节点" in visit.page.locator("#mynetwork").inner_text()
    visit.clean()
    visit.page.close()


def large_graph(n: int = 1500, seed: int = 7) -> nx.MultiDiGraph:
    """A random tree of ``n - 50`` nodes plus 50 isolated ones (benchmarks/bench_pages.py draws it too)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"zgi:x-{i:05d}", iri=f"https://w3id.org/zgraph/id/x-{i:05d}", label_zh=f"节点{i}",
                   label_en=f"node {i}", cls="zg:Initiative", cls_label_zh="工作举措", cls_label_en="initiative",
                   quotes=[], inferred=False)
    for i in range(1, n - 50):  # one large component and 50 isolated nodes
        G.add_edge(f"zgi:x-{i:05d}", f"zgi:x-{rng.randrange(i):05d}", key="zg:supports", quotes=[],
                   label_zh="支持对象", label_en="supports")
    return G


def test_a_large_graph_settles(browser, g, tmp_path):
    """pyvis's trap: physics on a large graph takes minutes. 1,500 nodes must settle and say so (the ready signal)
    within the page's ready timeout; bench_pages.py measures how long that takes against a small graph."""
    G = large_graph()
    net = pgraph.build_network(views.ordered(G), g, "zh", title="large")
    out = tmp_path / "large.html"
    out.write_text(pgraph.page_html(net, G, g, lang="zh", title="large", about=""), encoding="utf-8")
    visit = Visit(browser, out)
    assert visit.page.evaluate("[nodes.length, network.physics.options.enabled]") == [len(G), False]
    visit.clean()
    visit.page.close()


#: After the page's fonts are ready: the status of each embedded family's faces, what the page shows (its text and,
#: on a graph page, the labels drawn on the canvas), the family the body is set in, and whether the labels' font is
#: ready to draw them.
FONT_STATE = """async (families) => {
  await document.fonts.ready;
  const name = f => f.family.replace(/^["']|["']$/g, "");
  const status = {};
  for (const f of document.fonts) { if (families.includes(name(f))) { (status[name(f)] ||= []).push(f.status); } }
  const data = window.ZG_PAGE;
  const labels = data ? data.nodes.map(n => n.label || "").concat(data.edges.map(e => e.label || "")).join("") : "";
  const face = data && data.nodes.length ? data.options.nodes.font.face : "";
  return { status, text: document.body.innerText, labels, body: getComputedStyle(document.body).fontFamily,
           canvas: face ? document.fonts.check("14px " + face, labels) : true };
}"""


#: Canvas labels whose width vis-network measured (once, and cached) differs from their width in the embedded font:
#: labels laid out with a fallback font because the data arrived before the font had loaded.
MISMEASURED = """() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const wrong = [];
  for (const node of Object.values(network.body.nodes)) {
    const m = node.labelModule, f = m.fontOptions, text = m.elementOptions.label;
    if (!text || !m.size || !m.size.width) { continue; }
    ctx.font = (f.mod ? f.mod + " " : "") + f.size + "px " + f.face;
    if (Math.abs(ctx.measureText(text).width - m.size.width) > 1) { wrong.push([text, m.size.width]); }
  }
  return wrong;
}"""


@pytest.fixture(scope="module")
def font_pages(tmp_path_factory):
    return write_font_pages(tmp_path_factory.mktemp("font-pages"))


@pytest.mark.parametrize("kind", ["graph", "view", "index", "source", "results", "ontology", "notebook",
                                  "notebooks"])
def test_each_kind_of_page_draws_its_characters_in_the_embedded_font(browser, font_pages, kind):
    path = font_pages[kind]
    html = path.read_text(encoding="utf-8")
    embedded = sorted(fonts.embedded_fonts(html))
    visit = Visit(browser, path, wait=kind in ("graph", "view"))
    state = visit.page.evaluate(FONT_STATE, embedded)
    assert fonts.FAMILY in embedded
    assert state["status"] == {f: ["loaded"] for f in embedded}, f"{kind}: {state['status']}"
    assert state["body"].strip("\"'").startswith(fonts.FAMILY), state["body"]
    assert state["canvas"], f"{kind}: the canvas labels' font is not loaded"
    if kind in ("graph", "view"):
        assert visit.page.evaluate(MISMEASURED) == []
    assert re.search("[\u4e00-\u9fff]", state["text"]), "the page shows Chinese"
    missing = fonts.shown(state["text"] + state["labels"]) - fonts.covered(html)
    assert not missing, f"{kind}: drawn with a fallback font: {''.join(sorted(missing))}"
    visit.clean()
    visit.page.close()


def test_screenshot_of_the_whole_graph(site, tmp_path, browser):
    png = tmp_path / "graph.png"
    assert screenshot.capture(site / "graph.html", png, browser=browser) is True
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
