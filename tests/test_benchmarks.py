"""The scale benchmarks run, at a small size (CI proves they work; the numbers belong in benchmarks/README.md):
bench_scale.py over a synthetic corpus of two reports, bench_serve.py against a store. Nothing here is timed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"

pytestmark = pytest.mark.slow


def bench(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_bench_scale_measures_every_command_against_its_baselines(tmp_path):
    out = bench("bench_scale.py", "--reports", "2", "--runs", "1", "--work", str(tmp_path))
    rows = {m["task"]: m for m in re.finditer(
        r"^\| (?P<task>[^|]+?) \| (?P<secs>[\d.]+) s \| (?P<rss>[\d,]+) MB \| (?P<base>[^|]*) \| (?P<ratio>[^|]*) \|",
        out, re.M)}
    headline = {f"query {q}" for q in ("pairings", "enclaves", "documents", "chain_leaders", "chain_projects",
                                       "indicators")}
    assert headline <= set(rows), out
    for task in ("load", "stats", "validate (whole corpus, cold)", "validate (one report changed)", "analyze",
                 "explain 广州市", "export graphml"):
        assert task in rows, out
    assert "rows differ" not in out  # every headline query gave the raw script's bytes
    for task in ("load", *headline):  # measured against a baseline of the same run, as a ratio
        assert "raw" in rows[task]["base"] and rows[task]["ratio"].strip().endswith("×"), rows[task].group(0)
    assert int(rows["load"]["rss"].replace(",", "")) > 0
    assert re.search(r"loaded: rebuilt .*2 of 2 graphs loaded", out)
    assert "Targets:" in out


def test_bench_serve_runs_on_a_store(tmp_path):
    from zgraph.store.disk import load

    out_dir = tmp_path / "syn"
    subprocess.run([sys.executable, "-m", "zgraph", "synth", "--reports", "1", "--out", str(out_dir)], check=True,
                   capture_output=True)
    store = tmp_path / "store"
    load(store, sorted(out_dir.glob("*.ttl")))
    out = bench("bench_serve.py", "--store", str(store), "--clients", "4", "--procs", "2", "--seconds", "0.5",
                "--rounds", "1", "--entities", "3")
    assert f"Store: {store}" in out and "entity pages served" in out
    median_row = r"\| zgraph serve \(cache on\) \| \d+ \| [\d.]+ ms \| [\d.]+ ms \| 0 \| [\d.]+, [\d.]+ \|"
    assert re.search(median_row, out), out
