"""``zgraph reports``: the reports of the corpus — id, period, place, title, fictional or not, how many nodes
each states — from the built graph (the `reports` named query)."""

from __future__ import annotations

import argparse
import sys

from zgraph.cli._common import add_lang_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reports", help="list the reports of the corpus", description=__doc__)
    p.add_argument("--format", "-f", choices=["table", "csv", "tsv", "json", "xml"], default="table",
                   help="output format (default: table)")
    add_lang_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.sparql.backends import run as run_query
    from zgraph.sparql.catalogue import get, prepare
    from zgraph.sparql.results import serialize

    sys.stdout.buffer.write(serialize(run_query(prepare(get("reports").text, args.lang)), args.format))
    return 0
