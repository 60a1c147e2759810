"""Benchmark what zgraph's pages cost: the embedded font, and how long a large graph takes to settle.

1. Font: the pages `make demo` writes from the graph (``zgraph.pages.site.write_pages``: the 7 graph pages, the
   report's text and the index) rendered in a fresh process with the embedded font and without it
   (``zgraph.pages.fonts.embed`` replaced by the identity), alternately; and one page alone
   (``zgraph render --view pairings``), which is what a single `zgraph render` pays. Medians and their ratio.
   Then, in one process, what each step of the font costs: the first subset (cut from the whole 16 MB font), the
   base built by the second, and a subset cut from that base.
2. Settle time: a 1,500-node graph (laid out by the browser's physics) and the shipped pairings view (laid out
   by NetworkX, relaxed briefly) opened in headless Chromium, alternately, timed from navigation to the ready
   signal; the median ratio large / small. Needs Debian's chromium and Playwright (skipped otherwise).

Run: ``.venv/bin/python benchmarks/bench_pages.py [--runs 5] [--settle-runs 5]``. Prints Markdown tables; the
results quoted in benchmarks/README.md come from it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

#: Writes the site's pages into argv[1], with the embedded font unless argv[2] == "plain".
SITE = """
import sys
from pathlib import Path
from zgraph.pages import fonts, site
if sys.argv[2] == "plain":
    fonts.embed = lambda html, **kw: html
site.write_pages(Path(sys.argv[1]))
"""
#: Writes one page, the pairings view, into argv[1] (``zgraph render`` in-process), font as for SITE.
ONE = """
import sys
from zgraph.pages import fonts
from zgraph.cli import main
if sys.argv[2] == "plain":
    fonts.embed = lambda html, **kw: html
sys.exit(main(["render", "--view", "pairings", "--out", sys.argv[1]]))
"""


def wall(script: str, *args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def font_cost(tmp: Path, runs: int) -> list[tuple[str, float, float]]:
    """(what, median seconds with the font, without) for the site and for one page, each in a fresh process."""
    rows = []
    for what, script in (("site: 7 graph pages + source + index", SITE), ("one page: render --view pairings", ONE)):
        times: dict[str, list[float]] = {"font": [], "plain": []}
        for i in range(runs):
            for mode in ("font", "plain") if i % 2 == 0 else ("plain", "font"):
                target = tmp / f"{mode}-{i}"
                times[mode].append(wall(script, str(target if script is SITE else target.with_suffix(".html")),
                                        mode))
        rows.append((what, statistics.median(times["font"]), statistics.median(times["plain"])))
    return rows


def font_steps(tmp: Path) -> list[tuple[str, float, int]]:
    """Seconds and WOFF bytes of the first subset, the base, and a subset from the base, in this process."""
    from zgraph.pages import fonts, site
    from zgraph.pages.assets import vis_assets

    pages = tmp / "steps"
    embed = fonts.embed
    fonts.embed = lambda html, **kw: html
    try:
        site.write_pages(pages)
    finally:
        fonts.embed = embed
    cjk = fonts.cjk_font_path()
    fonts.coverage(cjk)  # the font's cmap, read once per process
    rows = []
    for label, rel in (("first subset: graph.html, cut from the whole font", "graph.html"),
                       ("second: pairings view (builds the base, then cuts it)", "views/pairings.html"),
                       ("third: chains view, cut from the base", "views/chains.html")):
        chars = fonts.page_characters((pages / rel).read_text(encoding="utf-8"), [vis_assets()[0]])
        t = time.perf_counter()
        woff = fonts.subset_woff(cjk, frozenset(ord(c) for c in chars))
        rows.append((label, time.perf_counter() - t, len(woff)))
    return rows


def large_graph(n: int = 1500, seed: int = 7) -> nx.MultiDiGraph:
    """The browser test's large graph: a random tree of n - 50 nodes and 50 isolated ones."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"zgi:x-{i:05d}", iri=f"https://w3id.org/zgraph/id/x-{i:05d}", label_zh=f"节点{i}",
                   label_en=f"node {i}", cls="zg:Initiative", cls_label_zh="工作举措", cls_label_en="initiative",
                   quotes=[], inferred=False)
    for i in range(1, n - 50):
        G.add_edge(f"zgi:x-{i:05d}", f"zgi:x-{rng.randrange(i):05d}", key="zg:supports", quotes=[],
                   label_zh="支持对象", label_en="supports")
    return G


def settle(tmp: Path, runs: int) -> tuple[float, float, float] | None:
    """Median seconds to the ready signal: (large graph, pairings view, build time of the large page)."""
    from zgraph.model.loading import load
    from zgraph.pages import graph as pgraph
    from zgraph.pages import screenshot, views

    exe = screenshot.chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if exe is None:
        return None
    g = load()
    t = time.perf_counter()
    G = large_graph()
    net = pgraph.build_network(views.ordered(G), g, "zh", title="large")
    large = tmp / "large.html"
    large.write_text(pgraph.page_html(net, G, g, lang="zh", title="large", about=""), encoding="utf-8")
    build = time.perf_counter() - t
    small = tmp / "pairings.html"
    pgraph.render(g, small, "pairings")
    times: dict[Path, list[float]] = {large: [], small: []}
    with sync_playwright() as p:
        browser = screenshot.launch(p, exe)
        for i in range(runs):
            for page_file in (large, small) if i % 2 == 0 else (small, large):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                screenshot.block_network(page, [])
                t = time.perf_counter()
                page.goto(page_file.resolve().as_uri())
                screenshot.wait_ready(page)
                times[page_file].append(time.perf_counter() - t)
                page.close()
        browser.close()
    return statistics.median(times[large]), statistics.median(times[small]), build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per mode for the font cost")
    parser.add_argument("--settle-runs", type=int, default=5, help="page loads per graph for the settle time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zgraph-bench-pages-") as d:
        tmp = Path(d)
        print("## Embedded font: render time with and without it (median wall time, fresh processes)\n")
        print("| pages | with the font | without | ratio |\n|---|---|---|---|")
        for what, with_font, plain in font_cost(tmp, args.runs):
            print(f"| {what} | {with_font:.2f} s | {plain:.2f} s | {with_font / plain:.2f} |")
        print("\n## Embedded font: its steps in one process\n")
        print("| step | time | WOFF size |\n|---|---|---|")
        for label, seconds, size in font_steps(tmp):
            print(f"| {label} | {seconds:.2f} s | {size / 1024:.0f} KiB |")
        print("\n## Settle time in headless Chromium (median, navigation to the ready signal)\n")
        result = settle(tmp, args.settle_runs)
        if result is None:
            print("skipped: Debian's chromium and Playwright are needed")
        else:
            large, small, build = result
            print("| page | settle time | vs the pairings view |\n|---|---|---|")
            print(f"| 1,500 nodes, 1,449 links (browser physics) | {large:.2f} s | {large / small:.2f} |")
            print(f"| pairings view, 58 nodes (NetworkX layout) | {small:.2f} s | 1.00 |")
            print(f"\nBuilding the 1,500-node page (pyvis lists, layout, font): {build:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
