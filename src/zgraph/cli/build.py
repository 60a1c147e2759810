"""``zgraph build``: curated Turtle + source text -> data/triples.ttl (offsets computed, pairings inferred)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zgraph.model import paths
from zgraph.pipeline import build


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build data/triples.ttl from data/curated/ and the source text",
                       description=__doc__)
    p.add_argument("--out", type=Path, default=None, help=f"output file (default: {paths.DATA})")
    p.add_argument("--check", action="store_true",
                   help="do not write; exit 1 if the data file differs from a fresh build")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.check:
        if build.is_current(args.out):
            print("data/triples.ttl is up to date")
            return 0
        print("data/triples.ttl is stale: run `zgraph build`", file=sys.stderr)
        return 1
    out = build.build(args.out)
    print(f"wrote {out}")
    return 0
