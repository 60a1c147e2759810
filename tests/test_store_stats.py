"""`zgraph stats --store`: the same text as `zgraph stats` on the same files, and quote coverage counted per report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SEED, built_corpus
from rdflib import Graph
from rdflib.namespace import RDF

from zgraph.model.namespaces import OA, ZG
from zgraph.store.disk import load

LF23, YL23 = "lanfeng-2023-industrial-transfer", "yunlan-2023-industrial-transfer"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A zgraph home whose corpus is the seed plus the fictional fixtures, built."""
    root = tmp_path_factory.mktemp("home")
    built_corpus(root)
    return root


def zgraph(home: Path, *args: str) -> str:
    env = {**os.environ, "ZGRAPH_HOME": str(home)}
    env.pop("ZGRAPH_STORE", None)
    done = subprocess.run([sys.executable, "-m", "zgraph", *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def built(home: Path, *ids: str) -> list[Path]:
    return [home / "data" / "built" / f"{i}.ttl" for i in ids]


def test_stats_of_the_shipped_report_is_the_same_from_a_store(tmp_path):
    from zgraph.model import paths

    files = [paths.BUILT_DIR / f"{SEED}.ttl"]
    load(tmp_path / "store", files, show_progress=False)
    env = {**os.environ}
    env.pop("ZGRAPH_STORE", None)
    run = [sys.executable, "-m", "zgraph", "stats"]
    from_files = subprocess.run([*run, "--data", str(files[0])], capture_output=True, env=env, check=True).stdout
    from_store = subprocess.run([*run, "--store", str(tmp_path / "store")], capture_output=True, env=env,
                                check=True).stdout
    assert from_store == from_files
    assert b"of 5403 characters of the report" in from_store


def test_stats_of_a_three_part_store_is_byte_identical_to_stats_of_its_files(home, tmp_path):
    files = built(home, LF23, YL23, SEED)
    load(tmp_path / "store", files, show_progress=False)
    from_store = zgraph(home, "stats", "--store", str(tmp_path / "store"))
    assert from_store == zgraph(home, "stats", "--data", *map(str, files))
    assert from_store == zgraph(home, "stats", "--store", str(tmp_path / "store"), "--lang", "en")
    assert "3 reports' texts" in from_store
    one = zgraph(home, "stats", "--store", str(tmp_path / "store"), "--report", LF23)
    assert one == zgraph(home, "stats", "--data", str(files[0]))


def _expected_coverage(home: Path, files: list[Path]) -> tuple[int, int]:
    """Characters quoted and characters in all, report by report, straight from the graphs and the texts."""
    covered = chars = 0
    for f in files:
        g = Graph().parse(f)
        (report,) = g.subjects(RDF.type, ZG.Report)
        text = (home / "data" / "sources" / str(g.value(report, ZG.sourceFile))).read_text(encoding="utf-8")
        positions: set[int] = set()
        for ev in g.subjects(OA.hasSource, report):
            for sel in g.objects(ev, OA.hasSelector):
                positions |= set(range(int(g.value(sel, OA.start)), int(g.value(sel, OA.end))))
        covered += len(positions)
        chars += len(text)
    return covered, chars


def test_quote_coverage_of_two_reports_is_counted_in_each_report_s_own_text(home, tmp_path):
    files = built(home, LF23, YL23)
    load(tmp_path / "store", files, show_progress=False)
    covered, chars = _expected_coverage(home, files)
    out = zgraph(home, "stats", "--store", str(tmp_path / "store"))
    assert f"they cover {covered} of the {chars} characters of the 2 reports' texts " \
           f"({100 * covered / chars:.1f}%" in out
    # the old count merged both reports' offsets into one set: fewer characters than the reports really quote
    merged: set[int] = set()
    for f in files:
        g = Graph().parse(f)
        for sel in g.subjects(RDF.type, ZG.TextSpanSelector):
            merged |= set(range(int(g.value(sel, OA.start)), int(g.value(sel, OA.end))))
    assert len(merged) < covered


def test_synthetic_reports_texts_are_found_beside_the_files_the_store_was_loaded_from(tmp_path):
    from zgraph.scale.write import write_corpus

    write_corpus(tmp_path / "synth", 2, seed=2, progress=False)
    files = sorted((tmp_path / "synth").glob("*.ttl"))
    load(tmp_path / "store", files, show_progress=False)
    home = tmp_path / "home"
    home.mkdir()
    whole = zgraph(home, "stats", "--store", str(tmp_path / "store"))
    assert whole == zgraph(home, "stats", "--data", *map(str, files))
    chars = sum(len((tmp_path / "synth" / "sources" / f"{f.stem}.txt").read_text(encoding="utf-8")) for f in files)
    assert f"of the {chars} characters of the 2 reports' texts" in whole
    one = zgraph(home, "stats", "--store", str(tmp_path / "store"), "--report", files[1].stem)
    assert one == zgraph(home, "stats", "--data", str(files[1])) and "characters of the report" in one
