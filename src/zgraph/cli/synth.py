"""``zgraph synth``: write a synthetic, fictional corpus in zgraph's own schema — N report graphs made from the
seed report, set in Guangdong's receiving cities with their partners, renamed deterministically (docs/scale.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="write a synthetic corpus (10k to 10M triples) for scale tests",
                       description=__doc__)
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--reports", "-n", type=int, metavar="N", help="how many reports (about 6,800 triples each)")
    size.add_argument("--triples", type=int, metavar="T", help="about how many triples in all (sets --reports)")
    p.add_argument("--seed", type=int, default=0, help="the seed: same seed, same bytes (default: 0)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="a new or empty folder: DIR/<id>.ttl, DIR/sources/<id>.txt, DIR/reports.toml")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="a progress bar on stderr (default: when stderr is a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.model.errors import InputError
    from zgraph.scale.write import reports_for, write_corpus

    if args.triples is not None and args.triples <= 0:
        raise InputError(f"--triples must be positive, got {args.triples}")
    reports = reports_for(args.triples) if args.triples is not None else args.reports
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    summary = write_corpus(args.out, reports, seed=args.seed, progress=progress)
    noun = "report" if summary.reports == 1 else "reports"
    print(f"wrote {summary.reports} synthetic {noun}, {summary.triples:,} triples, to {summary.out} "
          f"in {summary.seconds:.1f} s (load: zgraph load --store STORE {summary.out}/*.ttl)")
    return 0
