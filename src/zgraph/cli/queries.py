"""``zgraph queries``: list the named SPARQL queries with the questions they answer and their columns."""

from __future__ import annotations

import argparse
import sys

from zgraph.cli._common import add_lang_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queries", help="list the named SPARQL queries and the questions they answer",
                       description=__doc__)
    add_lang_arg(p)
    p.add_argument("--names", action="store_true", help="print only the names, one per line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.sparql.catalogue import named_queries

    out = []
    for nq in named_queries():
        if args.names:
            out.append(nq.name)
            continue
        other = "en" if args.lang == "zh" else "zh"
        params = "".join(f"  [--param {k}=…, default {v}]" for k, v in nq.params.items())
        out.append(f"{nq.name}{'  *' if nq.headline else ''}{params}\n    {nq.question[args.lang]}\n"
                   f"    {nq.question[other]}\n    columns: {', '.join(nq.columns)}")
    if not args.names:
        out.append("(* headline query; run one with `zgraph query NAME`)")
    sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))
    return 0
