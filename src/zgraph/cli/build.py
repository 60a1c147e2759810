"""``zgraph build``: every report's curated Turtle and text -> data/built/<id>.ttl and data/triples.ttl
(offsets computed, rules applied, shared entities checked)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zgraph.model import paths


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the graph of every report from data/curated/ and the source texts",
                       description=__doc__)
    p.add_argument("--out", type=Path, default=None,
                   help=f"write only the graph of all reports, to this file (default: {paths.DATA} and "
                        f"{paths.BUILT_DIR}/<id>.ttl)")
    p.add_argument("--check", action="store_true",
                   help="do not write; exit 1 if a written graph differs from a fresh build")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.pipeline import build

    if args.check:
        stale = build.stale(args.out)
        if not stale:
            print("the built graphs are up to date")
            return 0
        print(f"stale: {', '.join(str(p) for p in stale)}: run `zgraph build`", file=sys.stderr)
        return 1
    for path in build.build(args.out):
        print(f"wrote {path}")
    return 0
