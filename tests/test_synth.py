"""Issue 14, point 1: `zgraph synth` writes a synthetic corpus in zgraph's own schema, deterministic and valid."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph

from zgraph.cli import main
from zgraph.corpus import manifest
from zgraph.corpus.shared import conflicts
from zgraph.model import paths
from zgraph.model.namespaces import OA, ZG, ZGI
from zgraph.pipeline.validate import validate
from zgraph.scale import geography
from zgraph.scale.synth import CITIES, report_id

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LOCAL = {f"<{c}>" for c in (ZG.Evidence, ZG.TextSpanSelector, ZG.ReportSection, ZG.Direction, ZG.Action,
                            ZG.Observation, ZG.Report)}
REPORTS = 16  # one more than the fifteen receiving cities: one city comes twice


def triples(path: Path) -> list[tuple[str, str, str]]:
    """The triples of an N-Triples file as term strings (comment lines skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            s, p, o = line[:-2].split(" ", 2)
            out.append((s, p, o))
    return out


def synth(out: Path, reports: int, seed: int, *extra: str) -> int:
    return main(["synth", "--reports", str(reports), "--seed", str(seed), "--out", str(out), *extra])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    assert synth(out, REPORTS, 7) == 0
    return out


@pytest.fixture(scope="module")
def parsed(corpus) -> dict[str, list[tuple[str, str, str]]]:
    return {f.stem: triples(f) for f in sorted(corpus.glob("*.ttl"))}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, corpus):
    assert synth(tmp_path / "again", REPORTS, 7) == 0
    for f in sorted(corpus.rglob("*")):
        if f.is_file():
            assert (tmp_path / "again" / f.relative_to(corpus)).read_bytes() == f.read_bytes(), f
    assert synth(tmp_path / "other", 2, 8) == 0
    for name in ("synth-0001.ttl", "synth-0002.ttl"):
        assert (tmp_path / "other" / name).read_bytes() != (corpus / name).read_bytes()


def test_n_reports_n_files_n_ids_and_a_manifest_of_fictional_reports(corpus, parsed):
    ids = [report_id(i, REPORTS) for i in range(1, REPORTS + 1)]
    assert sorted(parsed) == ids
    entries = manifest.read(corpus / "reports.toml")
    assert [e.id for e in entries] == ids
    for e in entries:
        assert e.fictional and e.source == f"{e.id}.txt"
        assert hashlib.sha256((corpus / "sources" / e.source).read_bytes()).hexdigest() == e.sha256
        report = f"<{ZGI}report-{e.id}>"
        said = {(p, o) for s, p, o in parsed[e.id] if s == report}
        assert (f"<{ZG.fictional}>", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>') in said
        assert any(p.endswith("comment>") and "fictional" in o for p, o in said)
        assert (f"<{ZG.placeCode}>", f'"{e.place_code}"') in said
    assert {e.place_code for e in entries} == set(CITIES)  # sixteen reports visit all fifteen cities


def test_a_synthetic_report_validates_like_real_data(corpus, monkeypatch):
    moved = next(e for e in manifest.read(corpus / "reports.toml") if e.place_code != geography.TEMPLATE_CITY)
    monkeypatch.setattr(paths, "SOURCES_DIR", corpus / "sources")  # quotes are checked against its own text
    report = validate([corpus / f"{moved.id}.ttl"])
    assert report.conforms, report.render()
    assert report.checked_quotes == 245


def test_every_quote_is_verbatim_at_its_offsets_in_its_own_text(corpus, parsed):
    for rid, ts in parsed.items():
        text = (corpus / "sources" / f"{rid}.txt").read_text(encoding="utf-8")
        sel: dict[str, dict[str, str]] = defaultdict(dict)
        for s, p, o in ts:
            if p in (f"<{OA.start}>", f"<{OA.end}>", f"<{OA.exact}>"):
                sel[s][p] = o[1:o.rindex('"')]
        assert len(sel) == 245
        for s, v in sel.items():
            start, end = int(v[f"<{OA.start}>"]), int(v[f"<{OA.end}>"])
            assert text[start:end] == v[f"<{OA.exact}>"].replace('\\"', '"'), (rid, s)
            assert s == f"<{ZGI}ev-{rid}-{start:05d}-{end:05d}-selector>"


def test_report_local_ids_never_collide(parsed):
    seen: dict[str, str] = {}
    for rid, ts in parsed.items():
        local = {s for s, p, o in ts if p == RDF_TYPE and o in LOCAL}
        assert len(local) >= 590  # 245 evidence spans and their selectors, 76 figures, 23 sections, the report
        for s in local:
            assert rid in s, s
            assert seen.setdefault(s, rid) == rid, f"{s} in {seen[s]} and {rid}"


def test_places_partners_and_enterprises_are_shared_the_way_real_ones_are(corpus, parsed):
    codes: dict[str, set[str]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    for rid, ts in parsed.items():
        for s, p, o in ts:
            if p == f"<{ZG.divisionCode}>":
                codes[s].add(o)
                where[s].add(rid)
    assert all(len(c) == 1 for c in codes.values()), {s: c for s, c in codes.items() if len(c) > 1}
    by_code = defaultdict(set)
    for s, c in codes.items():
        by_code[next(iter(c))].add(s)
    assert all(len(s) == 1 for s in by_code.values())  # one node per division code
    counties = [s for s, c in codes.items() if not next(iter(c)).strip('"').endswith("00") and len(where[s]) > 1]
    assert counties, "no county-level division named by two reports"
    entries = manifest.read(corpus / "reports.toml")
    partners = defaultdict(set)
    for e in entries:
        partner = geography.PARTNER_OF[e.place_code]
        iri = next(iter(by_code[f'"{partner}"']))
        assert e.id in where[iri]
        partners[partner].add(e.id)
    assert max(len(r) for r in partners.values()) >= 3  # a partner city in several reports
    enterprises = defaultdict(set)
    for rid, ts in parsed.items():
        for s, p, o in ts:
            if p == RDF_TYPE and o == f"<{ZG.Enterprise}>":
                enterprises[s].add(rid)
    assert max(len(r) for r in enterprises.values()) >= 2
    assert any("-v" in s for s in enterprises)  # the pool has synthetic variants too


def test_the_reports_and_the_seed_agree_about_every_shared_entity(corpus):
    entries = manifest.read(corpus / "reports.toml")
    by_city = defaultdict(list)
    for e in entries:
        by_city[e.place_code].append(e.id)
    twice = next(ids for ids in by_city.values() if len(ids) == 2)
    same_partner = [e.id for e in entries if geography.PARTNER_OF[e.place_code] == "440300"][:2]
    chosen = sorted({*twice, *same_partner})
    graphs = {rid: Graph().parse(corpus / f"{rid}.ttl", format="nt") for rid in chosen}
    graphs["seed"] = Graph().parse(paths.BUILT_DIR / "zhanjiang-2023-industrial-transfer.ttl")
    assert conflicts(graphs) == []


def test_figures_are_drawn_again_and_printed_in_their_quotes(tmp_path, corpus, parsed):
    assert synth(tmp_path / "other", 1, 8) == 0
    other = triples(tmp_path / "other" / "synth-0001.ttl")
    printed = f"<{ZG.valueAsPrinted}>"

    def values(ts):
        return {s.split("-", 3)[-1]: o for s, p, o in ts if p == printed}

    mine, theirs = values(parsed["synth-0001"]), values(other)
    changed = [k for k in mine if mine[k] != theirs[k]]
    assert len(changed) > 40
    quotes = {s: o for s, p, o in parsed["synth-0001"] if p == f"<{OA.exact}>"}
    derived = defaultdict(list)
    for s, p, o in parsed["synth-0001"]:
        if p == "<http://www.w3.org/ns/prov#wasDerivedFrom>":
            derived[s].append(o)
    obs = {s: o for s, p, o in parsed["synth-0001"] if p == printed}
    for s, o in obs.items():
        if s.split("-", 3)[-1] in changed:
            assert any(o.strip('"') in quotes.get(ev[:-1] + "-selector>", "") for ev in derived[s]), s


def test_size_scales_linearly_and_triples_sets_the_number_of_reports(tmp_path, parsed, capsys):
    one = len(parsed["synth-0001"])
    total = sum(len(ts) for ts in parsed.values())
    assert 6000 < one < 10000
    assert 0.9 * REPORTS * one < total < 1.1 * REPORTS * one
    assert main(["synth", "--triples", "20000", "--out", str(tmp_path / "t")]) == 0
    assert len(list((tmp_path / "t").glob("*.ttl"))) == 3
    assert "3 synthetic reports" in capsys.readouterr().out


def test_progress_bar_only_when_asked(tmp_path, capsys):
    assert synth(tmp_path / "quiet", 1, 1) == 0
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    assert synth(tmp_path / "loud", 2, 1, "--progress") == 0
    assert "2/2 reports" in capsys.readouterr().err


def test_bad_arguments_are_short_errors(tmp_path, capsys):
    for n in ("0", "-3"):
        assert main(["synth", "--reports", n, "--out", str(tmp_path / "x")]) == 2
        err = capsys.readouterr().err
        assert "--reports" in err and "Traceback" not in err
    assert main(["synth", "--triples", "0", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["synth", "--reports", "1", "--out", str(full)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["synth", "--reports", "1", "--out", str(empty)]) == 0


def test_every_receiving_city_has_counties_and_a_partner_with_districts():
    slugs = [geography.place(c).slug for c in geography.PINYIN]
    assert len(slugs) == len(set(slugs))
    assert len(CITIES) == 15
    for city, partner in geography.PARTNER_OF.items():
        assert geography.counties(city) and len(geography.counties(partner)) >= 3
