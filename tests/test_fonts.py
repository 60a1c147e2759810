"""Chinese without a CJK system font: charts draw it with the packaged Noto Sans CJK SC, and every kind of page
`make demo` writes embeds a subset of that font covering every character it shows, the same bytes in any process."""

from __future__ import annotations

import html as htmllib
import io
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pytest
from fontTools.ttLib import TTFont
from helpers import SEED

from zgraph.notebooks import run as nbrun
from zgraph.pages import fonts, layout, ontology, results, site
from zgraph.pages.assets import asset, vis_assets

CHINESE = ["越秀区", "遂溪县", "湛江市承接产业有序转移主平台", "同比增长24.9%", "“反向飞地”"]


# ------------------------------------------------------------------------------------------------- charts

def draw(title: str, labels: list[str]) -> list[str]:
    """Draw a bar chart (Agg) and return the missing-glyph warnings matplotlib gave."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.barh(labels, range(1, len(labels) + 1))
    ax.set_title(title)
    ax.set_xlabel("−1 … 3")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    # matplotlib 3.8: "Glyph 36234 (…) missing from current font."; 3.11: "… missing from font(s) DejaVu Sans."
    return [str(w.message) for w in caught if re.match(r"Glyph \d+ .*missing from", str(w.message))]


def test_charts_draw_chinese_with_the_packaged_font_and_only_with_it():
    ttf_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    shipped = sorted(p.name for p in ttf_dir.iterdir())
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        without = draw("湛江市产业有序转移", CHINESE)
    assert without, "DejaVu Sans alone must miss Chinese glyphs (else this test could not fail)"
    with matplotlib.rc_context():
        name = fonts.use_cjk_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == name == "Noto Sans CJK SC"
        assert matplotlib.rcParams["axes.unicode_minus"] is False
        assert draw("湛江市产业有序转移", CHINESE) == []
        fonts.use_cjk_font()  # twice is harmless: registered once
    from matplotlib import font_manager
    registered = [f for f in font_manager.fontManager.ttflist if f.fname == str(fonts.cjk_font_path())]
    assert registered and len({f.name for f in registered}) == len(registered)
    assert sorted(p.name for p in ttf_dir.iterdir()) == shipped, "nothing may be copied into matplotlib's folder"


def test_the_notebook_calls_the_library_instead_of_hunting_for_fonts():
    nb = nbrun.read(nbrun.NOTEBOOKS_DIR / "03-network-analysis.ipynb")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "use_cjk_font()" in code
    assert "font_manager" not in code and "fontManager" not in code and "WenQuanYi" not in code


# -------------------------------------------------------------------------------------------------- pages

TINY_NOTEBOOK = [
    ("markdown", "# 小笔记本 · a tiny notebook\n\n湛江市“五向发力”推动产业有序转移。"),
    ("code", 'LANG = "zh"'),
    ("code", 'import pandas as pd\npd.DataFrame({"帮扶方": ["越秀区", "白云区"], "被帮扶方": ["遂溪县", "廉江市"]})'),
]


def write_font_pages(out: Path) -> dict[str, Path]:
    """Every kind of page `make demo` writes, into ``out``: graph pages, index, source, query results, ontology,
    a notebook page and the notebooks' index (a tiny notebook, to stay quick). Returns them by kind."""
    site.write_pages(out, lang="zh")
    results.write_results(out, "zh")
    ontology.write_page(out / "ontology.html")
    folder = out / "notebook-src"
    folder.mkdir()
    cells = []
    for i, (kind, source) in enumerate(TINY_NOTEBOOK):
        cell = (nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell)(source, id=f"c{i}")
        if source.startswith("LANG"):
            cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "tiny.ipynb")
    nbrun.execute_all(out / "notebooks", lang="zh", folder=folder)
    return {"graph": out / "graph.html", "view": out / "views" / "pairings.html", "index": out / "index.html",
            "source": out / "source" / f"{SEED}.html", "results": out / "queries" / "index.html",
            "ontology": out / "ontology.html", "notebook": out / "notebooks" / "tiny.html",
            "notebooks": out / "notebooks" / "index.html"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    return write_font_pages(tmp_path_factory.mktemp("fonts"))


def strings(obj: object):
    """Every string in a JSON value, keys included."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def shown_text(page: str) -> str:
    """What a page shows, found another way than zgraph.pages.fonts does: tags and styles cut out by regular
    expressions, entities unescaped, the attributes a browser shows, the graph page's data (every string of
    ZG_PAGE) and the string literals of graph.js (its card headings and separators)."""
    body = re.sub(r"<style\b.*?</style>|<script\b.*?</script>", " ", page, flags=re.S | re.I)
    body = re.sub(r'\ssrcdoc="[^"]*"', " ", body)
    parts = [htmllib.unescape(re.sub(r"<[^>]+>", " ", body))]
    parts += [htmllib.unescape(v) for v in re.findall(r'\s(?:title|aria-label|placeholder|alt|value)="([^"]*)"', body)]
    if "var ZG_PAGE = " in page:
        start = page.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
        parts += strings(json.loads(page[start:page.index(";\n", start)]))
        parts += re.findall(r'"([^"\\]*)"', asset("zgraph.pages", "static/graph.js"))
    return "".join(parts)


KINDS = ["graph", "view", "index", "source", "results", "ontology", "notebook", "notebooks"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_embeds_a_subset_covering_every_character_it_shows(pages, kind):
    page = pages[kind].read_text(encoding="utf-8")
    embedded = fonts.embedded_fonts(page)
    assert fonts.FAMILY in embedded
    text = shown_text(page)
    assert re.search("[\u4e00-\u9fff]", text), "the page shows Chinese"
    missing = fonts.shown(text) - fonts.covered(page)
    assert not missing, f"{kind}: not in the embedded fonts: {''.join(sorted(missing))}"
    # a subset: the glyphs of the page's characters only (other code points may share them), a small part of the font
    cmap = TTFont(io.BytesIO(embedded[fonts.FAMILY])).getBestCmap()
    assert len(set(cmap.values())) <= len(fonts.page_characters(page, [vis_assets()[0]]))
    assert len(embedded[fonts.FAMILY]) < fonts.cjk_font_path().stat().st_size / 50
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    if csp:  # pyLODE's, nbconvert's and the results page carry no policy
        assert "font-src data:" in htmllib.unescape(csp.group(1))


def test_the_legend_hexagon_comes_from_dejavu_sans(pages):
    page = pages["graph"].read_text(encoding="utf-8")
    assert "⬢" in page and 0x2B22 not in fonts.coverage(fonts.cjk_font_path())
    symbols = fonts.embedded_fonts(page)[fonts.SYMBOLS]
    assert 0x2B22 in TTFont(io.BytesIO(symbols)).getBestCmap()
    assert fonts.SYMBOLS not in fonts.embedded_fonts(pages["source"].read_text(encoding="utf-8"))


def test_stacks_start_with_the_embedded_family():
    first = f'"{fonts.FAMILY}"'
    assert layout.FONT.startswith(first)  # vis-network's canvas labels
    assert f"--zg-font: {first}" in asset("zgraph.pages", "static/graph.css")
    assert f"body {{ font-family: {first}" in asset("zgraph.pages", "static/page.css")
    assert fonts.TEXT_STACK.startswith(first)
    assert f"font-family:'{fonts.FAMILY}'" in asset("zgraph.pages", "templates/notebooks.html")


def test_the_subset_keeps_the_font_s_own_timestamp_and_licence(pages):
    woff = fonts.embedded_fonts(pages["index"].read_text(encoding="utf-8"))[fonts.FAMILY]
    sub, full = TTFont(io.BytesIO(woff)), TTFont(fonts.cjk_font_path(), lazy=True)
    assert sub.flavor == "woff"
    assert (sub["head"].created, sub["head"].modified) == (full["head"].created, full["head"].modified)
    assert "SIL Open Font License" in str(sub["name"].getDebugName(13))


PAIRINGS = """
import sys
from pathlib import Path
from zgraph.model.loading import load
from zgraph.pages import graph, site
out = Path(sys.argv[1])
if sys.argv[2] == "site":   # the pairings view is the third page of this process: its font is cut from the base
    site.write_pages(out)
else:                       # the only page of this process: its font is cut from the whole font
    graph.render(load(), out / "views" / "pairings.html", "pairings", source_prefix="../source/",
                 links=[("首页", "../index.html")])
"""


def test_same_page_same_bytes_whatever_else_the_process_drew(tmp_path):
    written = []
    for seed, how in (("1", "site"), ("2", "alone")):
        out = tmp_path / how
        done = subprocess.run([sys.executable, "-c", PAIRINGS, str(out), how], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=False)
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr
        written.append((out / "views" / "pairings.html").read_bytes())
    assert written[0] == written[1]


def test_a_page_without_a_head_is_refused():
    from zgraph.model.errors import ZGraphError

    with pytest.raises(ZGraphError, match="</head>"):
        fonts.embed("<p>湛江</p>")
