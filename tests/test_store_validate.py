"""`zgraph validate --store`: each report validated on its own graph, in parallel, cached by part and shapes; the
reports checked against each other from their summaries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SEED, built_corpus

from zgraph.model import paths
from zgraph.pipeline import validate_store as vs
from zgraph.store.disk import DiskStore, load

LF23, YL23, YL24 = ("lanfeng-2023-industrial-transfer", "yunlan-2023-industrial-transfer",
                    "yunlan-2024-industrial-transfer")
BAD_NODE = "\nzgi:test-bad-pairing a zg:Pairing .\n"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A zgraph home whose corpus is the seed plus the fictional fixtures, built."""
    root = tmp_path_factory.mktemp("home")
    built_corpus(root)
    return root


@pytest.fixture
def sources(home, monkeypatch):
    """In-process validation reads the fixture corpus's texts."""
    monkeypatch.setattr(paths, "SOURCES_DIR", home / "data" / "sources")


def built(home: Path, rid: str) -> Path:
    return home / "data" / "built" / f"{rid}.ttl"


def changed(home: Path, rid: str, folder: Path, old: str = "", new: str = "", extra: str = "") -> Path:
    """A copy of a report's built graph, named like it (so it is the same part), with ``old`` made ``new``."""
    text = built(home, rid).read_text(encoding="utf-8")
    assert old in text
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{rid}.ttl"
    out.write_text(text.replace(old, new) + extra, encoding="utf-8")
    return out


def zgraph(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZGRAPH_HOME": str(home)}
    env.pop("ZGRAPH_STORE", None)
    return subprocess.run([sys.executable, "-m", "zgraph", *args], capture_output=True, text=True, env=env)


def test_a_violation_is_reported_with_its_part_and_the_other_parts_pass(home, tmp_path):
    bad = changed(home, LF23, tmp_path / "edited", extra=BAD_NODE)
    load(tmp_path / "store", [bad, built(home, YL23), built(home, YL24)], show_progress=False)
    done = zgraph(home, "validate", "--store", str(tmp_path / "store"))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "validated 3 report(s): 0 from the cache, 3 checked now"
    problems = [line for line in lines if line.startswith(f"{LF23}: zgi:test-bad-pairing")]
    assert problems
    assert not [line for line in lines if line.startswith((YL23, YL24, "across reports"))]
    one = zgraph(home, "validate", "--store", str(tmp_path / "store"), "--report", YL23)
    assert one.returncode == 0, one.stdout
    assert one.stdout.startswith("validated 1 report(s): 1 from the cache, 0 checked now")
    assert "quotes verbatim" in one.stdout


def test_the_cache_revalidates_only_the_changed_report_and_none_when_shapes_change(home, tmp_path, sources,
                                                                                  monkeypatch):
    folder = tmp_path / "store"
    load(folder, [built(home, r) for r in (LF23, YL23, YL24, SEED)], show_progress=False)
    disk = DiskStore(folder)
    validated: list[str] = []
    real = vs.validate_part

    def counting(name, *args):
        validated.append(name)
        return real(name, *args)

    monkeypatch.setattr(vs, "validate_part", counting)
    first = vs.validate_store(disk, workers=1)
    assert first.conforms, first.render()
    assert (first.cached, sorted(validated)) == (0, sorted([LF23, YL23, YL24, SEED]))
    assert "4 report(s): 0 from the cache, 4 checked now" in first.render()

    validated.clear()
    again = vs.validate_store(disk, workers=1)
    assert (again.cached, validated) == (4, [])
    assert again.render() .splitlines()[1:] == first.render().splitlines()[1:]

    # a report changes: loading it rebuilds the store, and only that one is validated again
    load(folder, [changed(home, YL24, tmp_path / "edited", extra="\n# edited\n")], show_progress=False)
    after = vs.validate_store(disk, workers=1)
    assert (after.cached, validated) == (3, [YL24])

    # other shapes: every cached result is stale
    validated.clear()
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(paths.SHAPES.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(paths, "SHAPES", shapes)
    assert vs.validate_store(disk, workers=1).cached == 0
    assert sorted(validated) == sorted([LF23, YL23, YL24, SEED])


def test_two_reports_giving_one_place_different_division_codes_are_found(home, tmp_path, sources):
    other = changed(home, YL23, tmp_path / "edited", '"440100"', '"440199"')
    load(tmp_path / "store", [other, built(home, SEED)], show_progress=False)
    report = vs.validate_store(DiskStore(tmp_path / "store"), workers=1)
    assert not report.conforms
    (line,) = [c for c in report.cross if c.startswith("zgi:place-guangzhou:")]
    assert "different division codes" in line and "440100" in line and "440199" in line
    assert YL23 in line and SEED in line
    assert f"across reports: {line}" in report.render()
    one = vs.validate_store(DiskStore(tmp_path / "store"), [YL23], workers=1)
    assert one.conforms and not one.cross_checked


def test_quotes_of_a_report_without_its_text_are_said_to_be_unchecked(home, tmp_path, sources):
    text = built(home, LF23).read_text(encoding="utf-8")
    assert f'zg:sourceFile "{LF23}.txt"' in text
    part = changed(home, LF23, tmp_path / "edited", f'zg:sourceFile "{LF23}.txt"', 'zg:sourceFile "synthetic.txt"')
    load(tmp_path / "store", [part], show_progress=False)
    report = vs.validate_store(DiskStore(tmp_path / "store"), workers=1)
    (result,) = report.parts
    assert result.checked_quotes == 0 and result.unchecked_quotes["synthetic.txt"] > 0
    assert "quotes not checked: no source text for" in report.render()


def test_synthetic_reports_are_checked_against_the_texts_beside_them_and_a_changed_text_is_checked_again(
        tmp_path, monkeypatch):
    from zgraph.scale.write import write_corpus

    write_corpus(tmp_path / "synth", 2, seed=1, progress=False)
    files = sorted((tmp_path / "synth").glob("*.ttl"))
    load(tmp_path / "store", files, show_progress=False)
    disk = DiskStore(tmp_path / "store")
    first = vs.validate_store(disk, workers=1)
    assert first.conforms, first.render()
    assert all(p.checked_quotes > 0 and not p.unchecked_quotes for p in first.parts)
    text = tmp_path / "synth" / "sources" / f"{files[0].stem}.txt"
    text.write_text("改" + text.read_text(encoding="utf-8")[1:], encoding="utf-8")
    again = vs.validate_store(disk, workers=1)
    assert again.cached == 1 and not again.conforms
    assert any("not verbatim" in q.message for q in again.parts[0].problems)
