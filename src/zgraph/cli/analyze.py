"""``zgraph analyze``: centrality, communities vs the report's directions, pairings, enclaves, policy coverage,
chains and structural holes of the entity graph (see docs/analysis.md). Past a size, betweenness is sampled and
Louvain starts from label propagation; the output says so, with the sample and its estimated error."""

from __future__ import annotations

import argparse
from pathlib import Path

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, source_store
from zgraph.model import atomic
from zgraph.network import report
from zgraph.network.projection import entity_graph


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="network analyses of the entity graph (NetworkX)", description=__doc__)
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table",
                   help="output format (default: table); json holds every node's scores")
    p.add_argument("--top", type=int, default=15, metavar="N",
                   help="rows shown in the long tables of table/markdown output (default: 15)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    add_data_arg(p)
    add_store_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = report.analyze(entity_graph(source_store(args)), args.lang)
    text = report.render(result, args.format, args.lang, top=max(1, args.top))
    if args.out:
        print(f"wrote {atomic.write_text(args.out, text)}")
    else:
        print(text, end="")
    return 0
