"""``zgraph stats``: triples, instances per class, stated vs inferred facts, how much of the report is quoted."""

from __future__ import annotations

import argparse

from zgraph.cli._common import add_data_arg, add_lang_arg, data_files
from zgraph.model.loading import load
from zgraph.pipeline import stats


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="print the size and make-up of the graph", description=__doc__)
    add_data_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run, lang="en")


def run(args: argparse.Namespace) -> int:
    g = load(data_files(args))
    print(stats.compute(g).render(g, args.lang))
    return 0
