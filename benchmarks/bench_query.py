"""Benchmark `zgraph query` against a bare rdflib script, and every named query on Oxigraph vs rdflib by size.

1. CLI vs baseline: wall time of ``zgraph query pairings --format csv`` against a script that imports rdflib,
   parses the same Turtle (model + data), runs the same query and writes CSV. Both run as fresh processes,
   alternately, and the medians are compared (the issue asks for a ratio of at most 1.3).
2. Scaling: the data graph copied k times (every zgi: IRI renamed per copy, so each copy is a separate but
   identical graph) and every named query timed in-process on Oxigraph and on rdflib.

Run: ``.venv/bin/python benchmarks/bench_query.py [--runs 9] [--sizes 1 4 16] [--rdflib-max 4]``.
Prints Markdown tables; the results quoted in benchmarks/README.md come from it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from zgraph.model import paths
from zgraph.model.store import load_store, source_files
from zgraph.sparql.backends import run_oxigraph, run_rdflib
from zgraph.sparql.catalogue import get, named_queries, prepare

BASELINE = """\
import sys
import rdflib
g = rdflib.Graph()
for f in sys.argv[2:]:
    g.parse(f, format="turtle")
with open(sys.argv[1], encoding="utf-8") as fh:
    result = g.query(fh.read())
sys.stdout.buffer.write(result.serialize(format="csv"))
"""


def wall(cmd: list[str]) -> float:
    """Seconds one process takes, start to exit (its output is checked, then discarded)."""
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def copies(k: int, out: Path) -> Path:
    """The shipped data graph k times over (zgi: IRIs renamed per copy), as N-Triples."""
    store = load_store(model=False)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
    base = "https://w3id.org/zgraph/id/"
    out.write_text("".join(nt if i == 0 else nt.replace(base, f"{base}copy{i}-") for i in range(k)),
                   encoding="utf-8")
    return out


def cli_vs_baseline(tmp: Path, data: Path, runs: int) -> tuple[float, float]:
    """Median seconds of the CLI and of the bare rdflib script on the same files and query."""
    query_file = tmp / "pairings.rq"
    query_file.write_text(prepare(get("pairings").text, "zh"), encoding="utf-8")
    script = tmp / "baseline.py"
    script.write_text(BASELINE, encoding="utf-8")
    files = [str(f) for f in source_files([data])]
    zgraph = str(Path(sys.executable).with_name("zgraph"))
    cli = [zgraph, "query", "pairings", "--format", "csv", "--data", str(data)]
    base = [sys.executable, str(script), str(query_file), *files]
    # Same rows from both, or the comparison means nothing.
    a = subprocess.run(cli, check=True, capture_output=True).stdout.decode().split()
    b = subprocess.run(base, check=True, capture_output=True).stdout.decode().split()
    if sorted(a) != sorted(b):
        raise SystemExit("CLI and baseline disagree on the rows")
    wall(cli), wall(base)  # warm the file cache
    t_cli, t_base = [], []
    for _ in range(runs):
        t_cli.append(wall(cli))
        t_base.append(wall(base))
    return statistics.median(t_cli), statistics.median(t_base)


def per_query(data: Path, rdflib_too: bool) -> dict[str, tuple[float, float | None, int]]:
    """Seconds per named query on Oxigraph (best of 3) and rdflib (once), and the row count."""
    from zgraph.model.loading import load

    store = load_store([data])
    graph = load([data]) if rdflib_too else None
    out = {}
    for nq in named_queries():
        text = prepare(nq.text, "zh")
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            rows = len(list(run_oxigraph(store, text)))
            best = min(best, time.perf_counter() - t)
        t_rdf = None
        if graph is not None:
            t = time.perf_counter()
            len(list(run_rdflib(graph, text)))
            t_rdf = time.perf_counter() - t
        out[nq.name] = (best, t_rdf, rows)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9, help="process runs per side for the CLI comparison")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16], help="copies of the data graph")
    ap.add_argument("--rdflib-max", type=int, default=4, help="largest size also timed on rdflib")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        print("## `zgraph query pairings --format csv` vs a bare rdflib script (median wall time)\n")
        print("| data | triples (model + data) | zgraph query | rdflib script | ratio |")
        print("|---|---|---|---|---|")
        for k in args.sizes:
            data = paths.DATA if k == 1 else copies(k, tmp / f"data-x{k}.nt")
            n = len(load_store([data]))
            t_cli, t_base = cli_vs_baseline(tmp, data, args.runs if k == 1 else max(3, args.runs // 3))
            print(f"| ×{k} | {n:,} | {t_cli * 1000:.0f} ms | {t_base * 1000:.0f} ms | {t_cli / t_base:.2f} |")
        print("\n## Named queries in-process: Oxigraph vs rdflib\n")
        for k in args.sizes:
            data = paths.DATA if k == 1 else copies(k, tmp / f"data-x{k}.nt")
            res = per_query(data, rdflib_too=k <= args.rdflib_max)
            print(f"\n### data ×{k}\n")
            print("| query | rows | Oxigraph | rdflib | rdflib / Oxigraph |\n|---|---|---|---|---|")
            for name, (t_ox, t_rdf, rows) in res.items():
                rdf = f"{t_rdf * 1000:.0f} ms" if t_rdf is not None else "not run"
                ratio = f"{t_rdf / t_ox:.0f}×" if t_rdf is not None else ""
                print(f"| {name} | {rows} | {t_ox * 1000:.1f} ms | {rdf} | {ratio} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
