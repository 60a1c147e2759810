"""Issue 7: the notebooks are committed clean, run top to bottom from a clean kernel in Chinese and in English,
show tables and figures (not printouts) with real facts of the report, and their inline graph works offline."""

from __future__ import annotations

import html
import json
import re
from functools import cache

import nbformat
import pytest
from rdflib import URIRef

from zgraph import notebooks
from zgraph.model.errors import UnknownName, ZGraphError
from zgraph.model.namespaces import ZGI
from zgraph.notebooks import run as nbrun
from zgraph.pages import screenshot

NAMES = ["01-ask-the-graph.ipynb", "02-pairings-and-enclaves.ipynb", "03-network-analysis.ipynb",
         "04-across-reports.ipynb"]
#: Appended to each run: reports every DataFrame and matplotlib figure the notebook left in its namespace.
PROBE = """
import json as _json, pandas as _pd, matplotlib.figure as _mf
_frames = {_k: _v.reset_index().map(str).to_dict("split") for _k, _v in dict(globals()).items()
           if isinstance(_v, _pd.DataFrame) and not _k.startswith("_")}
_figures = {_k: [str(_t.get_text()) for _t in _v.findobj(lambda _a: hasattr(_a, "get_text"))]
            for _k, _v in dict(globals()).items() if isinstance(_v, _mf.Figure)}
print(_json.dumps({"frames": _frames, "figures": _figures}, ensure_ascii=False))
"""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@cache
def run(name: str, lang: str) -> tuple[nbformat.NotebookNode, dict]:
    """The notebook executed with LANG = lang (once per session), and what the probe saw."""
    nb = nbrun.execute(nbrun.NOTEBOOKS_DIR / name, {"LANG": lang}, [PROBE])
    probe = nb.cells.pop()
    seen = json.loads("".join(o["text"] for o in probe.outputs if o["output_type"] == "stream"))
    return nb, seen


def frame(seen: dict, name: str) -> list[dict]:
    """A DataFrame the notebook left behind, as records (index reset, values as text)."""
    f = seen["frames"][name]
    return [dict(zip(f["columns"], row, strict=True)) for row in f["data"]]


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


# --------------------------------------------------------------------------------------- committed state

def test_the_four_notebooks_are_shipped():
    assert [p.name for p in nbrun.notebooks()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_with_an_intro_and_a_lang_cell(name):
    nb = nbrun.read(nbrun.NOTEBOOKS_DIR / name)
    nbformat.validate(nb)
    assert not nbrun.has_outputs(nb), f"{name}: clear outputs before committing (see docs/notebooks.md)"
    assert "widgets" not in nb.metadata
    intro = nb.cells[0]
    assert intro.cell_type == "markdown" and intro.source.startswith("# ") and len(intro.source) > 300
    assert 'LANG = "en"' in intro.source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0] is nbrun.parameters_cell(nb)
    assert re.fullmatch(r'LANG = "zh"\s*(#.*)?', code[0].source.strip())
    assert not any(re.search(r"^\s*LANG\s*=(?!=)", c.source, re.M) for c in code[1:]), "only one cell sets LANG"


# ------------------------------------------------------------------------------------- running them

@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_runs_top_to_bottom_showing_tables_and_figures_not_printouts(name, lang):
    nb, _ = run(name, lang)
    shown = outputs(nb)
    assert not [o for o in shown if o["output_type"] == "error"]
    printed = [o["text"] for o in shown if o["output_type"] == "stream" and o["name"] == "stdout"]
    assert printed == [], f"{name} prints instead of showing: {printed[:1]}"
    tables = [o for o in shown if "<table" in o.get("data", {}).get("text/html", "")]
    assert len(tables) >= 8
    if name.startswith("03"):
        assert sum("image/png" in o.get("data", {}) for o in shown) == 3


@pytest.mark.parametrize("name", NAMES)
def test_lang_en_switches_every_label(name):
    """In English every cell of every table is English, except the report's quotes (the evidence, in Chinese)
    and what an English label itself quotes in brackets (e.g. hometown notables (乡贤))."""
    _, seen = run(name, "en")
    _, seen_zh = run(name, "zh")
    assert seen["frames"].keys() == seen_zh["frames"].keys() and seen["frames"]
    for var, f in seen["frames"].items():
        for i, column in enumerate(f["columns"]):
            if "quote" in column:
                continue
            for row in f["data"]:
                assert not CJK.search(re.sub(r"\([^()]*\)", "", row[i])), f"{name}: {var}.{column}: {row[i]}"
    for var, texts in seen["figures"].items():
        assert not [t for t in texts if CJK.search(t)], f"{name}: figure {var} has Chinese text"
    assert any(CJK.search(v) for f in seen_zh["frames"].values() for row in f["data"] for v in row)


def test_01_answers_its_questions_from_the_report(source_text):
    _, seen = run(NAMES[0], "zh")
    leaders = frame(seen, "leaders")
    # 成立以市委书记为第一组长、市长为组长的全市招商引资工作领导小组
    attraction = {(r["role"], r["holder"]) for r in leaders if r["body"] == "全市招商引资工作领导小组"}
    assert {("第一组长", "市委书记"), ("组长", "市长")} <= attraction
    assert "成员单位" not in {r["role"] for r in leaders}
    # 越秀区 assists exactly 赤坎区, 霞山区, 遂溪县, in the named query's rows
    pairs = frame(seen, "county_pairings")
    assert len(pairs) == 9
    assert {r["zhanjiang_unit"] for r in pairs if r["guangzhou_district"] == "越秀区"} == {"赤坎区", "霞山区", "遂溪县"}
    # the fiscal plan backs the fiscal area (在……财税支持……等方面强化保障)
    areas = frame(seen, "document_areas")
    assert any(r["document"] == "湛江市促进产业有序转移财政支持方案(试行)" and "财税" in r["area"] for r in areas)
    by_area = frame(seen, "by_area")
    assert [int(r["documents"]) for r in by_area] == sorted((int(r["documents"]) for r in by_area), reverse=True)
    # the fastest growth the report prints: 4季度进场交易项目180宗,同比增长500%
    growth = frame(seen, "growth")
    assert (float(growth[0]["value"]), float(growth[0]["growth_pct"])) == (180, 500)
    assert [float(r["growth_pct"]) for r in growth] == sorted((float(r["growth_pct"]) for r in growth), reverse=True)
    assert "同比增长500%" in source_text


def test_01_shows_the_quote_behind_answers(source_text):
    nb, _ = run(NAMES[0], "zh")
    cells = {c.source.split(" if ")[0].strip(): c for c in nb.cells if c.cell_type == "code"}
    shown = cells['evidence(g, growth.loc[0, "observation"], LANG)']
    assert "同比增长500%" in shown.outputs[0]["data"]["text/html"]
    leader = cells['evidence(g, leaders.loc[0, "membership"], LANG)'].outputs[0]["data"]["text/html"]
    assert "True" in leader and "False" not in leader


def test_02_pairings_enclaves_and_premises():
    _, seen = run(NAMES[1], "zh")
    districts = {r["district"]: set(r["which"].split("、")) for r in frame(seen, "by_district")}
    assert districts == {"越秀区": {"赤坎区", "霞山区", "遂溪县"}, "白云区": {"廉江市", "麻章区", "吴川市"},
                         "荔湾区": {"坡头区"}, "南沙区": {"雷州市", "徐闻县"}}
    pairings = frame(seen, "pairings")
    basis = {(r["level_id"], r["basis_id"]) for r in pairings}
    assert basis == {("zgv:level-city", "zgv:basis-stated"), ("zgv:level-county", "zgv:basis-inferred")}
    assert [(r["assisting"], r["assisted"]) for r in pairings if r["level_id"] == "zgv:level-city"] == [
        ("广州市", "湛江市")]
    flows = {r["origin"]: r for r in frame(seen, "flows")}
    assert len(flows) == 10  # one city-level enclave and one per county-level unit
    assert (flows["湛江市"]["host"], flows["湛江市"]["status"]) == ("东莞", "已设立")
    assert (flows["雷州市"]["host"], flows["雷州市"]["status"]) == ("南沙区", "初步选定")
    assert (flows["徐闻县"]["host"], flows["徐闻县"]["status"]) == ("南沙区", "模式研究")
    hosts = {r["host"]: int(r["enclaves"]) for r in frame(seen, "hosts")}
    assert hosts["越秀区"] == hosts["白云区"] == 3
    premises = frame(seen, "premises")
    inferred = [p for p in pairings if p["basis_id"] == "zgv:basis-inferred"]
    assert len({r["pairing"] for r in premises}) == len(inferred) == 9
    assert all(r["verbatim"] == "True" for r in premises)
    # each inferred pair rests on a sentence naming its Zhanjiang unit
    for p in inferred:
        quotes = [r["quote"] for r in premises if p["assisted"] in r["pairing"] and p["assisting"] in r["pairing"]]
        assert any(p["assisted"] in q for q in quotes), p


def inline_page(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """The inline iframe's markup and the page in its srcdoc."""
    frames = [o["data"]["text/html"] for o in outputs(nb) if "srcdoc=" in o.get("data", {}).get("text/html", "")]
    assert len(frames) == 1
    return frames[0], html.unescape(re.search(r'srcdoc="([^"]*)"', frames[0]).group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_02_inline_view_is_offline_and_sandboxed(lang):
    nb, seen = run(NAMES[1], lang)
    markup, page = inline_page(nb)
    assert 'sandbox="allow-scripts"' in markup and "allow-same-origin" not in markup
    assert notebooks.remote_references(page) == [] and "vis.Network" in page
    assert page.count("<script") == page.count("<script>")  # every script inline
    start = page.index("var ZG_PAGE = ") + len("var ZG_PAGE = ")
    labels = {n["id"]: n["label"] for n in json.loads(page[start:page.index(";\n", start)])["nodes"]}
    assert labels["zgi:place-yuexiu"] == ("越秀区" if lang == "zh" else "Yuexiu District")
    assert sum(int(r["nodes"]) for r in frame(seen, "composition")) == len(labels) > 40
    if lang == "en":
        assert not [t for t in labels.values() if CJK.search(re.sub(r"\([^()]*\)", "", t))]


def test_03_network_paths_and_figures(source_text):
    _, seen = run(NAMES[2], "zh")
    top = frame(seen, "top")
    ranks = [float(r["pagerank"]) for r in top]
    assert ranks == sorted(ranks, reverse=True) and len(top) == 15
    contingency = frame(seen, "contingency")
    assert all(int(r["size"]) >= sum(int(v) for k, v in r.items() if k[:1].isdigit()) for r in contingency)
    for var, ends in (("path_district_company", ("越秀区", "湛江市城发集团")),
                      ("path_county_platform", ("遂溪县", "市承接产业有序转移主平台"))):
        links = frame(seen, var)
        names = [{r["from"], r["to"]} for r in links]
        assert ends[0] in names[0] and ends[1] in names[-1]
        assert all(a & b for a, b in zip(names, names[1:], strict=False)), "links must chain"
        assert all(q in source_text for r in links for q in r["quotes"].split(" / ") if q)
    figures = {(r["subject"], r["indicator"]): r for r in frame(seen, "figures")}
    # 2023年完成规上工业总产值65.15亿元,同比增长24.9%; 合作园全年工业总产值将达23.8亿元,增长111.45%
    main = figures[("市承接产业有序转移主平台", "规上工业总产值")]
    assert (float(main["value"]), main["unit"], float(main["growth_pct"]), main["estimate"]) == (65.15, "亿元", 24.9,
                                                                                                 "False")
    park = figures[("广州市-湛江市产业转移合作园", "工业总产值")]
    assert (float(park["value"]), float(park["growth_pct"]), park["estimate"]) == (23.8, 111.45, "True")
    chart = seen["figures"]["fig_figures"]
    assert "市承接产业有序转移主平台" in chart and "广州市-湛江市产业转移合作园" in chart
    assert "65.15 亿元" in chart and "111.45%" in chart and "3973 万元" in chart


def test_04_answers_questions_across_reports():
    _, seen = run(NAMES[3], "zh")
    reports = {r["report_id"]: r["fictional"] for r in frame(seen, "reports")}
    assert reports == {"zhanjiang-2023-industrial-transfer": "false", "yunlan-2023-industrial-transfer": "true",
                       "yunlan-2024-industrial-transfer": "true", "lanfeng-2023-industrial-transfer": "true"}
    assert {r["report_id"] for r in frame(seen, "guangzhou")} == {
        "zhanjiang-2023-industrial-transfer", "yunlan-2023-industrial-transfer", "yunlan-2024-industrial-transfer"}
    output = {(r["report_id"], r["subject"]): (r["value"], r["unit"]) for r in frame(seen, "output")}
    assert output[("zhanjiang-2023-industrial-transfer", "市承接产业有序转移主平台")] == ("65.15", "亿元")
    repeated = [r for r in frame(seen, "repeated") if r["period"] == "2024"]
    assert [(r["value"], r["computed_growth_pct"]) for r in repeated] == [("46.35", "20.0")]
    new = {r["pair"]: r["year"] for r in frame(seen, "new_pairs")}
    assert new["黄埔区 → 棠港区"] == "2024" and new["白云区 → 澜江区"] == "2023"


def test_a_second_run_gives_the_same_outputs():
    """Same graph, same notebook: the same tables, charts (PNG bytes) and page, so executed copies are stable."""
    first, _ = run(NAMES[2], "zh")
    again = nbrun.execute(nbrun.NOTEBOOKS_DIR / NAMES[2], {"LANG": "zh"})
    assert [c.get("outputs") for c in again.cells] == [c.get("outputs") for c in first.cells]


# ------------------------------------------------------------------------------------------ library parts

def test_ask_and_evidence(g):
    df = notebooks.ask(g, "SELECT ?p ?d WHERE { ?p a zg:Pairing ; zg:assistingParty ?d } ORDER BY ?p", "en", ids=["p"])
    assert df["p"].str.startswith("zgi:pairing-").all() and "Yuexiu District" in set(df["d"])
    ev = notebooks.evidence(g, "zgi:pairing-yuexiu-suixi", "en")
    assert ev["verbatim"].all() and ev["inferred by rule"].str.len().min() > 20
    assert any("遂溪" in q for q in ev["quote"])
    stated = notebooks.evidence(g, "越秀区")
    assert list(stated["inferred by rule"].unique()) == [""] and stated["verbatim"].all()
    assert notebooks.entity(g, "越秀区") == URIRef(f"{ZGI}place-yuexiu") == notebooks.entity(g, "zgi:place-yuexiu")
    with pytest.raises(UnknownName):
        notebooks.evidence(g, "越秀县")


def test_iframe_escapes_and_refuses_remote_pages():
    page = '<!DOCTYPE html><p title="a&b">"quoted" </iframe><script>alert(1)</script>'
    markup = notebooks.iframe(page, title='x"><script>')
    assert html.unescape(re.search(r'srcdoc="([^"]*)"', markup).group(1)) == page
    assert "<script>" not in markup and markup.count("</iframe>") == 1
    for remote in ('<script src="https://cdn.example/x.js"></script>', "<link rel=stylesheet href=//cdn.example/a.css>",
                   "<img src='http://example.org/a.png'>"):
        with pytest.raises(ZGraphError, match="not offline"):
            notebooks.iframe(remote)


def tiny(tmp_path, *sources, tagged=True):
    cells = [nbformat.v4.new_markdown_cell("# Tiny\n\nA test notebook.", id="intro")]
    for i, src in enumerate(sources):
        cell = nbformat.v4.new_code_cell(src, id=f"c{i}")
        if i == 0 and tagged:
            cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


def test_execute_all_writes_copies_html_and_index(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    tiny(folder, 'LANG = "zh"', "import sys\nfrom IPython.display import HTML\nHTML(f'<b>{LANG}:{sys.executable}</b>')")
    out = tmp_path / "out"
    written = nbrun.execute_all(out, lang="en", folder=folder)
    assert [p.name for p in written] == ["tiny.ipynb", "tiny.html", "index.html"]
    executed = nbformat.read(out / "tiny.ipynb", as_version=4)
    import sys
    assert executed.cells[2].outputs[0]["data"]["text/html"] == f"<b>en:{sys.executable}</b>"  # this interpreter
    page = (out / "tiny.html").read_text(encoding="utf-8")
    assert notebooks.remote_references(page) == [] and "<b>en:" in page
    assert 'href="tiny.html">Tiny</a>' in (out / "index.html").read_text(encoding="utf-8")
    assert not nbrun.has_outputs(nbrun.read(folder / "tiny.ipynb"))  # the original is untouched


def test_execute_reports_the_failing_cell(tmp_path):
    path = tiny(tmp_path, 'LANG = "zh"', "1 / 0")
    with pytest.raises(ZGraphError) as err:
        nbrun.execute(path)
    assert "tiny.ipynb" in str(err.value) and "ZeroDivisionError" in str(err.value) and "\x1b[" not in str(err.value)


def test_parameters_must_exist(tmp_path):
    with pytest.raises(ZGraphError, match="tagged 'parameters'"):
        nbrun.set_parameters(nbrun.read(tiny(tmp_path, "x = 1", tagged=False)), {"LANG": "en"})
    with pytest.raises(ZGraphError, match="does not set 'LANG'"):
        nbrun.set_parameters(nbrun.read(tiny(tmp_path, "x = 1")), {"LANG": "en"})


# ------------------------------------------------------------------------------------------------ browser



@pytest.mark.browser
def test_exported_notebook_draws_its_inline_graph_offline(browser, tmp_path):
    nb, seen = run(NAMES[1], "zh")
    path = tmp_path / "02.html"
    path.write_text(nbrun.to_html(nb, "02"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    attempted: list[str] = []
    errors: list[str] = []
    screenshot.block_network(page, attempted)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    inner = [f for f in page.frames if f != page.main_frame]
    assert len(inner) == 1
    inner[0].wait_for_function("window.zgraphReady === true", timeout=screenshot.READY_TIMEOUT_MS)
    drawn = inner[0].evaluate("""() => {
        const box = document.getElementById('mynetwork').getBoundingClientRect();
        const ids = ZG_PAGE.nodes.map(n => n.id);
        const inside = ids.filter(id => { const p = network.canvasToDOM(network.getPosition(id));
            return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; });
        return [ids.length, inside.length]; }""")
    assert drawn[0] == drawn[1] > 40, f"nodes drawn / inside the frame: {drawn}"
    assert attempted == [] and errors == []
    page.close()
