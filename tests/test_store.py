"""The persistent store (`zgraph load --store DIR`): the same answers as the Turtle it was loaded from, per report
with --report, $ZGRAPH_STORE, adding reports, reloading a changed one, and no half-written store on bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SEED, built_corpus

from zgraph.corpus import Corpus
from zgraph.model.errors import InputError
from zgraph.store.disk import DiskStore, load

LF23, YL23 = "lanfeng-2023-industrial-transfer", "yunlan-2023-industrial-transfer"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A zgraph home whose corpus is the seed plus the fictional fixtures, built."""
    root = tmp_path_factory.mktemp("home")
    built_corpus(root)
    return root


@pytest.fixture(scope="module")
def corpus(home) -> Corpus:
    return Corpus(home / "data")


def zgraph(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "ZGRAPH_STORE"}
    environ.update({"ZGRAPH_HOME": str(home), **env})
    return subprocess.run([sys.executable, "-m", "zgraph", *args], capture_output=True, text=True, env=environ)


@pytest.fixture(scope="module")
def store(home, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stores") / "corpus"
    done = zgraph(home, "load", "--store", str(folder))
    assert done.returncode == 0, done.stderr
    return folder


def test_load_keeps_every_report_and_a_copy_of_its_graph(store, corpus):
    ids = [r.id for r in corpus.reports()]
    disk = DiskStore(store)
    assert [p.name for p in disk.parts()] == sorted(ids)
    for r in corpus.reports():
        assert disk.part_file(r.id).read_bytes() == corpus.built_file(r).read_bytes()


@pytest.mark.parametrize("name", ["pairings", "documents", "mentions", "reports"])
def test_a_query_on_the_store_gives_the_bytes_of_the_same_query_on_the_turtle(home, store, name):
    files = zgraph(home, "query", name, "--format", "csv")
    stored = zgraph(home, "query", name, "--format", "csv", "--store", str(store))
    assert files.returncode == stored.returncode == 0, stored.stderr
    assert stored.stdout == files.stdout and stored.stdout.count("\n") > 2


def test_zgraph_store_in_the_environment_is_the_default_and_report_narrows_it(home, store):
    whole = zgraph(home, "query", "pairings", "--format", "csv", ZGRAPH_STORE=str(store))
    one = zgraph(home, "query", "pairings", "--format", "csv", "--report", LF23, ZGRAPH_STORE=str(store))
    assert whole.returncode == one.returncode == 0, one.stderr
    assert {line.split(",")[0] for line in one.stdout.splitlines()[1:]} == {"福田区", "南山区", "宝安区"}
    assert "越秀区" in whole.stdout and "越秀区" not in one.stdout
    bad = zgraph(home, "query", "pairings", "--report", "lanfeng", ZGRAPH_STORE=str(store))
    assert bad.returncode == 2 and LF23 in bad.stderr and "Traceback" not in bad.stderr


def test_adding_a_report_keeps_the_others_and_a_changed_one_is_reloaded(corpus, tmp_path):
    files = {r.id: corpus.built_file(r) for r in corpus.reports()}
    folder = tmp_path / "s"
    first = load(folder, [files[SEED]])
    assert first.rebuilt and first.loaded == [SEED]
    added = load(folder, [files[LF23]])
    assert not added.rebuilt and added.loaded == [LF23]
    assert [p.name for p in added.parts] == sorted([SEED, LF23])
    again = load(folder, [files[LF23]])
    assert again.loaded == [] and again.quads == added.quads

    changed = tmp_path / f"{LF23}.ttl"
    text = files[LF23].read_text(encoding="utf-8")
    changed.write_text(text.replace('"福田区"@zh', '"福田区（改）"@zh'), encoding="utf-8")
    reloaded = load(folder, [changed])
    assert reloaded.rebuilt and reloaded.loaded == [LF23]
    db = DiskStore(folder).open()
    labels = {str(r[0].value) for r in db.query('SELECT ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                                                 'FILTER(?l IN ("福田区"@zh, "福田区（改）"@zh)) }')}
    assert labels == {"福田区（改）"}  # the old label is gone with the old graph
    assert SEED in [p.name for p in DiskStore(folder).parts()]


def test_bad_turtle_names_file_and_line_and_leaves_the_store_as_it_was(corpus, tmp_path, home):
    folder = tmp_path / "s"
    load(folder, [corpus.built_file(corpus.report(SEED))])
    before = zgraph(home, "query", "pairings", "--format", "csv", "--store", str(folder)).stdout
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix a: <http://e/> .\na:x a:y a:z .\na:x a:y \"unterminated .\n", encoding="utf-8")
    done = zgraph(home, "load", "--store", str(folder), str(bad))
    assert done.returncode == 2 and f"{bad}:3:" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in DiskStore(folder).parts()] == [SEED]
    assert zgraph(home, "query", "pairings", "--format", "csv", "--store", str(folder)).stdout == before
    with pytest.raises(InputError, match="broken.ttl:3"):
        load(tmp_path / "fresh", [bad])
    assert not (tmp_path / "fresh").exists()


def test_a_folder_that_is_not_a_store_is_refused(home, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = zgraph(home, "load", "--store", str(tmp_path))
    assert done.returncode == 2 and "not a zgraph store" in done.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    missing = zgraph(home, "query", "pairings", "--store", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "zgraph load --store" in missing.stderr and "Traceback" not in missing.stderr
    both = zgraph(home, "query", "pairings", "--store", str(tmp_path), "--data", str(tmp_path / "x.ttl"))
    assert both.returncode == 2 and "not both" in both.stderr


def test_two_files_with_one_name_are_refused(corpus, tmp_path):
    a, b = tmp_path / "a" / "r.ttl", tmp_path / "b" / "r.ttl"
    for f in (a, b):
        f.parent.mkdir()
        f.write_bytes(corpus.built_file(corpus.report(SEED)).read_bytes())
    with pytest.raises(InputError, match="both be part 'r'"):
        load(tmp_path / "s", [a, b])


def _get(url: str, accept: str = "text/csv") -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_serve_answers_from_the_store_and_says_why_a_large_one_has_no_entity_pages(store, home, monkeypatch):
    import urllib.parse

    from zgraph.serve import server as served
    from zgraph.sparql.catalogue import get, prepare

    text = urllib.parse.quote(prepare(get("pairings").text, "zh"))
    expected = zgraph(home, "query", "pairings", "--format", "csv", "--store", str(store)).stdout
    with served.SparqlServer(port=0, store=store, cache_bytes=0) as srv:
        srv.serve_in_thread()
        status, body = _get(f"{srv.url}/sparql?query={text}")
        assert status == 200 and body.decode().replace("\r\n", "\n") == expected
        assert srv.triples == len(DiskStore(store).open())
        assert _get(f"{srv.url}/id/place-zhanjiang", "text/turtle")[0] == 200
    monkeypatch.setattr(served, "PAGES_UP_TO", 1000)
    with served.SparqlServer(port=0, store=store, cache_bytes=0) as srv:
        srv.serve_in_thread()
        status, body = _get(f"{srv.url}/id/place-zhanjiang", "text/turtle")
        assert status == 501 and b"up to 1,000 triples" in body and b"--focus" in body
        assert _get(f"{srv.url}/sparql?query={text}")[0] == 200
    assert (store / "store.json").is_file()  # serving never removes the store


def test_a_query_on_the_store_never_imports_rdflib(store):
    """Starting fast at any size: the Oxigraph path of `zgraph query` does not load rdflib (0.1 s of imports)."""
    code = ("import sys; from zgraph.cli import main; "
            f"main(['query', 'pairings', '--store', {str(store)!r}, '--format', 'csv']); "
            "print('rdflib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "越秀区" in done.stdout and done.stdout.splitlines()[-1] == "False"


def test_the_plain_prefixes_are_rdflibs_namespaces():
    from rdflib.namespace import DCTERMS, GEO, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, XSD

    from zgraph.model.prefixes import PREFIXES, expand, qname

    known = {"dcterms": DCTERMS, "geo": GEO, "org": ORG, "owl": OWL, "prov": PROV, "qb": QB, "rdf": RDF,
             "rdfs": RDFS, "sh": SH, "skos": SKOS, "xsd": XSD}
    assert {p: PREFIXES[p] for p in known} == {p: str(ns) for p, ns in known.items()}
    assert qname(expand("zgi:place-yuexiu")) == "zgi:place-yuexiu"


def test_an_entity_parameter_is_resolved_in_the_store(home, corpus, tmp_path):
    """`--param entity=NAME` with --store names an entity of the store, not of the corpus on disk."""
    folder = tmp_path / "only-lanfeng"
    load(folder, [corpus.built_file(corpus.report(LF23))])
    ok = zgraph(home, "query", "entity_facts", "--param", "entity=福田区", "--store", str(folder), "--format", "csv")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("\n") > 2
    seed_only = zgraph(home, "query", "entity_facts", "--param", "entity=遂溪县", "--store", str(folder))
    assert seed_only.returncode == 2 and "遂溪县" in seed_only.stderr and "Traceback" not in seed_only.stderr
