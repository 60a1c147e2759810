"""The corpus: the manifest, `zgraph add`, many reports in one graph with shared entities, cross-report queries and
the --report filters — proven with the seed and three fictional fixture reports (tests/fixtures/corpus)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, SEED, copy_corpus
from rdflib import Literal
from rdflib.namespace import PROV, RDF

from zgraph.corpus import Corpus, Report, manifest
from zgraph.corpus.add import add
from zgraph.model import paths
from zgraph.model.errors import InputError, UnknownName
from zgraph.model.labels import label
from zgraph.model.loading import load
from zgraph.model.namespaces import OA, ZG, ZGI
from zgraph.model.store import load_store
from zgraph.pipeline import build
from zgraph.sparql.backends import run_oxigraph, run_rdflib
from zgraph.sparql.catalogue import get, prepare
from zgraph.sparql.results import serialize

YL23, YL24 = "yunlan-2023-industrial-transfer", "yunlan-2024-industrial-transfer"
LF23 = "lanfeng-2023-industrial-transfer"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A zgraph home whose corpus is the seed plus the fixtures, built."""
    root = tmp_path_factory.mktemp("home")
    corpus = copy_corpus(root, fixtures=True)
    build.build(corpus=corpus)
    return root


@pytest.fixture(scope="module")
def corpus(home) -> Corpus:
    return Corpus(home / "data")


@pytest.fixture(scope="module")
def union(corpus):
    return load([corpus.union])


def zgraph(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZGRAPH_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "zgraph", *args], capture_output=True, text=True, env=env)


# --- the manifest ------------------------------------------------------------------------------------------

def test_the_shipped_manifest_describes_the_seed():
    (seed,) = Corpus().reports()
    assert seed.id == SEED and seed.title == "“五向发力”推动产业有序转移工作"
    assert (seed.place, seed.place_code, seed.year, seed.language) == ("湛江市", "440800", 2023, "zh")
    assert not seed.fictional
    assert seed.issuer == "" and seed.published == ""  # the text does not say: nothing invented
    assert Corpus().text(seed).startswith("“五向发力”推动产业有序转移工作")


def test_fixture_reports_are_marked_fictional_in_text_and_manifest():
    for r in manifest.read(FIXTURES / "reports.toml"):
        assert r.fictional
        text = (FIXTURES / "sources" / r.source).read_text(encoding="utf-8")
        assert "虚构" in text.splitlines()[0]


@pytest.mark.parametrize("text, message", [
    ('[[report]]\nid = "a"\ntitle = "t"\nsource = "a.txt"\ntitel = "x"\n',
     "unknown key 'titel' (did you mean 'title'?)"),
    ('[[report]]\nid = "a"\ntitle = "t"\n', "missing source"),
    ('[[report]]\nid = "A b"\ntitle = "t"\nsource = "a.txt"\n', "lower-case words"),
    ('[[report]]\nid = "a"\ntitle = "t"\nsource = "a.txt"\n[[report]]\nid = "a"\ntitle = "u"\nsource = "b.txt"\n',
     "repeats the id 'a'"),
    ('[[report]]\nid = "a"\ntitle = "t"\nsource = "../a.txt"\n', "file name under sources/"),
    ('[[report]]\nid = "a"\ntitle = "t"\nsource = "a.txt"\nyear = "2023"\n', "year must be a int"),
    ('[report\n', "not valid TOML"),
])
def test_a_bad_manifest_is_named_with_what_is_wrong(text, message):
    with pytest.raises(InputError) as e:
        manifest.parse(text, "reports.toml")
    assert message in str(e.value)


def test_unknown_report_ids_get_suggestions(corpus):
    with pytest.raises(UnknownName) as e:
        corpus.report("yunlan-2023")
    assert YL23 in e.value.suggestions


def test_manifest_entries_round_trip():
    r = Report(id="x-2024", title="题“目”", source="x-2024.txt", place="茂名市", year=2024, fictional=True,
               note='a "quoted" note\nwith a line break')
    (back,) = manifest.parse(manifest.format_manifest([r]))
    assert back == r


# --- zgraph add ----------------------------------------------------------------------------------------

def test_add_registers_a_report_and_keeps_the_manifest(tmp_path):
    corpus = copy_corpus(tmp_path)
    before = corpus.manifest.read_text(encoding="utf-8")
    text = tmp_path / "new.txt"
    text.write_bytes("茂名市2024年产业有序转移工作总结\n2024年,茂名市……".encode())
    done = add(corpus, text, Report(id="maoming-2024-test", title="茂名市2024年产业有序转移工作总结", source="",
                                    place="茂名市", period="2024", year=2024))
    assert done.report.place_code == "440900"  # from the gazetteer
    assert (corpus.sources / "maoming-2024-test.txt").read_bytes() == text.read_bytes()
    after = corpus.manifest.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended: comments and earlier entries kept byte for byte
    assert [r.id for r in corpus.reports()] == ["maoming-2024-test", SEED]
    assert (corpus.curated / "maoming-2024-test").is_dir()
    built = build.build_corpus(corpus)  # an empty curated folder builds: the report's node only
    g = built.reports["maoming-2024-test"]
    assert (ZGI["report-maoming-2024-test"], RDF.type, ZG.Report) in g
    assert (ZGI["report-maoming-2024-test"], ZG.placeCode, Literal("440900")) in g


@pytest.mark.parametrize("data, message", [
    (b"", "the text is empty"),
    (b"   \n", "the text is empty"),
    ("报告".encode("gb18030"), "not UTF-8"),
    (b"\xef\xbb\xbf" + "报告".encode(), "byte-order mark"),
])
def test_add_refuses_bad_text_and_writes_nothing(tmp_path, data, message):
    corpus = copy_corpus(tmp_path)
    before = {p: p.read_bytes() for p in corpus.folder.rglob("*") if p.is_file()}
    text = tmp_path / "bad.txt"
    text.write_bytes(data)
    with pytest.raises(InputError, match=message):
        add(corpus, text, Report(id="bad", title="报告", source=""))
    assert {p: p.read_bytes() for p in corpus.folder.rglob("*") if p.is_file()} == before


def test_add_refuses_a_text_or_id_already_registered(tmp_path):
    corpus = copy_corpus(tmp_path)
    seed = corpus.source_path(corpus.report(SEED))
    with pytest.raises(InputError, match=f"already registered as report '{SEED}'"):
        add(corpus, seed, Report(id="again", title="x", source=""))
    other = tmp_path / "other.txt"
    other.write_text("另一篇报告", encoding="utf-8")
    with pytest.raises(InputError, match="already registered"):
        add(corpus, other, Report(id=SEED, title="x", source=""))


def test_add_from_the_cli(tmp_path):
    copy_corpus(tmp_path)
    text = tmp_path / "r.txt"
    text.write_text("某市报告\n内容。", encoding="utf-8")
    done = zgraph(tmp_path, "add", str(text), "--id", "some-2024", "--title", "某市报告", "--period", "2024")
    assert done.returncode == 0, done.stderr
    assert "title" not in done.stderr and "registered some-2024" in done.stdout
    again = zgraph(tmp_path, "add", str(text), "--id", "other-2024", "--title", "某市报告")
    assert again.returncode == 2 and again.stderr.startswith("zgraph: error:") and "Traceback" not in again.stderr


# --- many reports in one graph ---------------------------------------------------------------------------

def test_the_build_writes_each_report_and_the_union(corpus):
    built = sorted(p.name for p in corpus.built.glob("*.ttl"))
    assert built == sorted(f"{i}.ttl" for i in (SEED, YL23, YL24, LF23))
    assert build.is_current(corpus=corpus)
    union = load([corpus.union], model=False)
    parts = load([corpus.built_file(r) for r in corpus.reports()], model=False)
    assert set(union) == set(parts)


def test_a_shared_entity_is_one_node_with_each_reports_evidence(union):
    gz = ZGI["place-guangzhou"]
    reports = {str(r).rsplit("report-", 1)[1] for r in union.objects(gz, ZG.reportedIn)}
    assert reports == {SEED, YL23, YL24}
    sources = {str(union.value(ev, OA.hasSource)).rsplit("report-", 1)[1]
               for ev in union.objects(gz, PROV.wasDerivedFrom) if (ev, RDF.type, ZG.Evidence) in union}
    assert sources == {SEED, YL23, YL24}
    assert [str(o) for o in union.objects(gz, ZG.divisionCode)] == ["440100"]
    # 白云区 assists units of two cities: Zhanjiang's (inferred) and Yunlan's (stated)
    assisted = {label(union, u, "zh") for u in union.objects(ZGI["place-baiyun"], ZG.assists)}
    assert {"麻章区", "廉江市", "吴川市", "澜江区"} <= assisted


def test_evidence_ids_carry_the_report_and_are_verbatim_in_its_text(union, corpus):
    texts = {r.iri: corpus.text(r) for r in corpus.reports()}
    seen = set()
    for ev in union.subjects(RDF.type, ZG.Evidence):
        report = union.value(ev, OA.hasSource)
        rid = str(report).rsplit("report-", 1)[1]
        assert str(ev).startswith(f"{ZGI}ev-{rid}-")
        sel = union.value(ev, OA.hasSelector)
        s, e = int(union.value(sel, OA.start)), int(union.value(sel, OA.end))
        assert texts[report][s:e] == str(union.value(sel, OA.exact))
        seen.add(rid)
    assert seen == {SEED, YL23, YL24, LF23}


def test_the_union_validates(home):
    done = zgraph(home, "validate")
    assert done.returncode == 0, done.stdout
    assert "quotes verbatim" in done.stdout


def _break(tmp_path, report_id: str, old: str, new: str) -> Corpus:
    corpus = copy_corpus(tmp_path, fixtures=True)
    for f in corpus.curated_files(corpus.report(report_id)):
        text = f.read_text(encoding="utf-8")
        if old in text:
            f.write_text(text.replace(old, new, 1), encoding="utf-8")
            return corpus
    raise AssertionError(f"{old!r} not in {report_id}")


@pytest.mark.parametrize("report_id, old, new, message", [
    (YL23, 'zg:divisionCode "440100"', 'zg:divisionCode "440199"',
     "zgi:place-guangzhou: the reports give different division codes"),
    (YL23, 'rdfs:label "广州市"@zh', 'rdfs:label "广州"@zh',
     "zgi:place-guangzhou: the reports give different Chinese names"),
    (YL23, "zgi:place-guangzhou a zg:PrefectureCity", "zgi:place-gz a zg:PrefectureCity",
     "division code 440100 is one place but has 2 ids"),
    (YL24, "zgi:yl24-sec-preamble a zg:ReportSection", "zgi:yl23-sec-preamble a zg:ReportSection",
     "is a zg:ReportSection of one report"),
])
def test_the_build_reports_where_reports_disagree(tmp_path, report_id, old, new, message):
    corpus = _break(tmp_path, report_id, old, new)
    with pytest.raises(build.BuildError) as e:
        build.build_corpus(corpus)
    assert message in str(e.value)
    assert report_id in str(e.value) or "ids" in str(e.value)


def test_one_document_curated_under_two_ids_is_reported(tmp_path, corpus):
    g = build.build_corpus(corpus).reports[YL24]
    doc = next(d for d in sorted(g.subjects(RDF.type, ZG.PolicyDocument)) if (d, ZG.reportedIn, None) in
               build.build_corpus(corpus).reports[YL23])
    local = str(doc).rsplit("/", 1)[1]
    broken = copy_corpus(tmp_path, fixtures=True)
    for f in broken.curated_files(broken.report(YL24)):
        f.write_text(f.read_text(encoding="utf-8").replace(f"zgi:{local}", f"zgi:{local}-copy"), encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"zg:PolicyDocument “.*” has 2 ids across reports"):
        build.build_corpus(broken)


# --- cross-report queries, both engines ------------------------------------------------------------------

def _rows(store, graph, name: str, **params: str) -> tuple[bytes, bytes]:
    text = prepare(get(name).text, "zh", params)
    return serialize(run_oxigraph(store, text), "csv"), serialize(run_rdflib(graph, text), "csv")


@pytest.fixture(scope="module")
def engines(corpus, union):
    return load_store([corpus.union]), union


def _table(csv: bytes) -> list[list[str]]:
    return [line.split(",") for line in csv.decode("utf-8").splitlines()[1:]]


def test_which_reports_mention_an_entity(engines):
    ox_csv, rdf_csv = _rows(*engines, "mentions", entity=f"<{ZGI}place-guangzhou>")
    assert ox_csv == rdf_csv
    assert [r[0] for r in _table(ox_csv)] == [YL23, SEED, YL24]  # by period, then id; Lanfeng never names it
    ox_csv, _ = _rows(*engines, "mentions", entity=f"<{ZGI}place-shenzhen>")
    assert LF23 in [r[0] for r in _table(ox_csv)]


def test_one_indicator_across_reports_and_periods(engines):
    ox_csv, rdf_csv = _rows(*engines, "indicator_across_reports")
    assert ox_csv == rdf_csv
    rows = {(r[0], r[1], r[5]): (r[2], r[3], r[4]) for r in _table(ox_csv)}
    assert rows[("市承接产业有序转移主平台", "2023", SEED)] == ("65.15", "亿元", "24.9")
    assert rows[("云澜滨海产业转移主平台", "2023", YL23)] == ("38.62", "亿元", "18.7")
    assert rows[("云澜滨海产业转移主平台", "2024", YL24)] == ("46.35", "亿元", "20")
    assert len(rows) == 4


def test_pairings_by_year_and_source(engines):
    ox_csv, rdf_csv = _rows(*engines, "pairings_by_report")
    assert ox_csv == rdf_csv
    rows = _table(ox_csv)
    assert ["2023", YL23, "白云区", "澜江区", "县级", "原文明确"] in rows
    assert ["2024", YL24, "白云区", "澜江区", "县级", "原文明确"] in rows
    assert ["2023", SEED, "白云区", "麻章区", "县级", "推断"] in rows
    new_in_2024 = {(r[2], r[3]) for r in rows if r[1] == YL24} - {(r[2], r[3]) for r in rows if r[1] == YL23}
    assert new_in_2024 == {("黄埔区", "棠港区")}


def test_every_named_query_gives_the_same_bytes_on_both_engines_over_the_corpus(engines):
    from zgraph.sparql.catalogue import named_queries

    for nq in named_queries():
        ox_csv, rdf_csv = _rows(*engines, nq.name)
        assert ox_csv == rdf_csv, nq.name


# --- --report narrows every command -----------------------------------------------------------------------

def test_reports_command_lists_the_corpus(home):
    done = zgraph(home, "reports", "--format", "csv")
    assert done.returncode == 0, done.stderr
    ids = [line.split(",")[0] for line in done.stdout.splitlines()[1:]]
    assert ids == [LF23, YL23, SEED, YL24]
    assert ",true," in done.stdout.splitlines()[1] and ",false," in done.stdout.splitlines()[3]


def test_query_report_filter(home):
    done = zgraph(home, "query", "pairings", "--report", LF23, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assisting = {line.split(",")[0] for line in done.stdout.splitlines()[1:]}
    assert assisting == {"福田区", "南山区", "宝安区"}
    both = zgraph(home, "query", "pairings", "--report", LF23, "--report", YL23, "--format", "csv")
    assert {line.split(",")[0] for line in both.stdout.splitlines()[1:]} == assisting | {"白云区", "天河区", "番禺区"}
    bad = zgraph(home, "query", "pairings", "--report", "lanfeng")
    assert bad.returncode == 2 and LF23 in bad.stderr and "Traceback" not in bad.stderr


def test_explain_stats_analyze_render_export_take_a_report(home, tmp_path):
    whole = zgraph(home, "explain", "广州市")
    one = zgraph(home, "explain", "广州市", "--report", YL23)
    assert whole.returncode == one.returncode == 0, one.stderr
    assert f"report-{SEED}" in whole.stdout and f"report-{SEED}" not in one.stdout
    assert f"report-{YL23}" in one.stdout

    stats = zgraph(home, "stats", "--report", LF23)
    assert stats.returncode == 0, stats.stderr
    text = (home / "data" / "sources" / f"{LF23}.txt").read_text(encoding="utf-8")
    assert f"of {len(text)} characters" in stats.stdout

    analysis = zgraph(home, "analyze", "--format", "json", "--report", LF23)
    assert analysis.returncode == 0, analysis.stderr
    import json

    pairings = json.loads(analysis.stdout)["pairings"]
    assert {v["label"] for v in pairings.values()} == {"福田区", "南山区", "宝安区"}

    page = tmp_path / "p.html"
    rendered = zgraph(home, "render", "--view", "pairings", "--report", LF23, "--out", str(page))
    assert rendered.returncode == 0, rendered.stderr
    html = page.read_text(encoding="utf-8")
    assert "福田区" in html and "越秀区" not in html

    out = tmp_path / "lf.nt"
    exported = zgraph(home, "export", "--format", "nt", "--no-model", "--report", LF23, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    nt = out.read_text(encoding="utf-8")
    assert f"report-{LF23}" in nt and f"report-{SEED}" not in nt


def test_data_and_report_together_are_refused(home):
    done = zgraph(home, "stats", "--report", LF23, "--data", str(paths.DATA))
    assert done.returncode == 2 and "not both" in done.stderr
