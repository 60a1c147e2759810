"""``python -m zgraph.demo --out out``: write everything `make demo` shows, then say where to look.

Each step calls the same library functions as the CLI. The Makefile validates the graph before this runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zgraph.model.loading import load
from zgraph.network import export, report
from zgraph.notebooks import run as notebooks
from zgraph.pages import charts, entity, ontology, results, screenshot, site


def run(out: Path) -> list[Path]:
    """Write the demo outputs under ``out`` and return the paths written."""
    g = load()
    written: list[Path] = [ontology.write_page(out / "ontology.html")]
    written += results.write_results(out, "zh", views=True)
    written += charts.write_views(out, "zh", g=g)
    written += report.write_report(out, "zh")
    for fmt, name in (("graphml", "zgraph.graphml"), ("gexf", "zgraph.gexf"), ("jsonld", "zgraph.jsonld")):
        written += export.export(g, fmt, out / name)
    written += notebooks.execute_all(out / "notebooks")
    written += site.write_pages(out, lang="zh", entity_pages=True)
    written += entity.write_entity_pages(out, g, "zh")
    if screenshot.capture(out / "graph.html", out / "graph.png"):
        written.append(out / "graph.png")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zgraph.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    args = parser.parse_args(argv)
    written = run(args.out)
    print("\nzgraph demo wrote:")
    folders = {args.out / "id", args.out / "vocab"}  # one page per entity: counted, not listed
    for p in written:
        if p.parent not in folders:
            print(f"  {p}")
    for f in sorted(folders):
        n = sum(1 for p in written if p.parent == f)
        if n:
            print(f"  {f}/ ({n} entity pages)")
    print(f"\nStart here: open {args.out / 'index.html'} in a browser (it works offline, from disk).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
