"""Benchmark `zgraph extract`: its time on the seed against a baseline measured in the same run, and its precision
and recall on the seed, the three fixture reports and the held-out report.

1. Time. ``zgraph extract --report <seed>`` end to end (a fresh process) against a bare script that imports rdflib
   and parses the seed's curated gold (``data/curated/<seed>/*.ttl``); both alternately, medians compared. In-process
   too: a cold first draft (vocabularies, gazetteer and cn2an read) and warm drafts, against rdflib parsing the
   gold in-process.
2. Quality. `zgraph eval` of each draft, completed by the rules of rules/ as the build would, against its report's
   built graph (curated facts plus what the rules infer); the fixtures and the two held-out reports drafted in a
   corpus of their own plus the seed, never with their own gold in the reuse index.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--runs 7]``. Prints Markdown; benchmarks/README.md quotes it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from zgraph.corpus import Corpus
from zgraph.extract.draft import extract_report, write
from zgraph.extract.evaluate import TARGETS, evaluate_file
from zgraph.model import paths

SEED = "zhanjiang-2023-industrial-transfer"
HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "corpus"
HELDOUT = HERE / "extract-heldout"
HELDOUT_2 = HERE / "extract-heldout-2"
BASELINE = """\
import sys
import rdflib
g = rdflib.Graph()
for f in sys.argv[1:]:
    g.parse(f, format="turtle")
print(len(g))
"""


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def corpus_with(folder: Path, extra: Path) -> Corpus:
    """The seed plus the reports of another corpus folder (fixtures, held-out), in a temporary data folder."""
    data = folder / "data"
    for name in ("sources", "curated"):
        shutil.copytree(paths.DATA_DIR / name, data / name)
        shutil.copytree(extra / name, data / name, dirs_exist_ok=True)
    text = paths.MANIFEST.read_text(encoding="utf-8") + "\n" + (extra / "reports.toml").read_text(encoding="utf-8")
    (data / "reports.toml").write_text(text, encoding="utf-8")
    return Corpus(data)


def timing(runs: int) -> list[str]:
    corpus = Corpus()
    gold = [str(p) for p in corpus.curated_files(corpus.report(SEED))]
    zgraph = str(Path(sys.executable).with_name("zgraph"))
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "baseline.py"
        script.write_text(BASELINE, encoding="utf-8")
        out = Path(tmp) / "draft.ttl"
        cli, base = [], []
        for _ in range(runs):
            cli.append(wall([zgraph, "extract", "--report", SEED, "--out", str(out)]))
            base.append(wall([sys.executable, str(script), *gold]))
    t = time.perf_counter()
    extract_report(corpus, SEED)
    cold = time.perf_counter() - t
    warm, parse = [], []
    for _ in range(runs):
        t = time.perf_counter()
        extract_report(corpus, SEED)
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        g = Graph()
        for f in gold:
            g.parse(f, format="turtle")
        parse.append(time.perf_counter() - t)
    c, b, w, p = (statistics.median(x) for x in (cli, base, warm, parse))
    return ["| measure | zgraph extract | baseline | ratio |", "|---|---|---|---|",
            f"| end to end, fresh process (median of {runs}) | {c * 1000:.0f} ms | {b * 1000:.0f} ms (import rdflib, "
            f"parse the gold) | {c / b:.2f} |",
            f"| in-process, first draft (cold) | {cold * 1000:.0f} ms | {p * 1000:.0f} ms (rdflib parses the gold) | "
            f"{cold / p:.2f} |",
            f"| in-process, warm (median of {runs}) | {w * 1000:.0f} ms | {p * 1000:.0f} ms | {w / p:.2f} |"]


def quality() -> list[str]:
    rows = ["documents", "figures", "places", "bodies and roles", "enclaves and components", "pairings",
            "projects and chains", "platforms", "enterprises", "document issuers", "figure subjects", "structure"]
    lines = ["| report | " + " | ".join(rows) + " |", "|---|" + "---|" * len(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        sets = [("seed", Corpus(), [SEED])]
        fixtures = corpus_with(Path(tmp) / "fx", FIXTURES)
        sets.append(("fixture", fixtures, [r.id for r in Corpus(FIXTURES).reports()]))
        for n, folder in enumerate((HELDOUT, HELDOUT_2)):
            held = corpus_with(Path(tmp) / f"ho{n}", folder)
            sets.append(("held-out", held, [r.id for r in Corpus(folder).reports()]))
        for label, corpus, ids in sets:
            for rid in ids:
                out = write(extract_report(corpus, rid), Path(tmp) / f"{rid}.ttl")
                ev = evaluate_file(out, rid, corpus)
                cells = []
                for row in rows:
                    s = ev.score(row)
                    mark = "" if row not in TARGETS or label != "seed" else (
                        " ✓" if s.precision >= TARGETS[row][0] and s.recall >= TARGETS[row][1] else " ✗")
                    cells.append(f"{s.precision:.2f} / {s.recall:.2f}{mark}")
                lines.append(f"| {rid} ({label}) | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print("## Time on the seed\n")
    print("\n".join(timing(args.runs)))
    print("\n## Precision / recall per kind of fact\n")
    print("\n".join(quality()))


if __name__ == "__main__":
    main()
