"""``zgraph explain NAME``: what the graph knows about one entity, each fact with the report's words."""

from __future__ import annotations

import argparse
import json

from zgraph.cli._common import add_data_arg, add_lang_arg, data_files
from zgraph.model import explain, names
from zgraph.model.loading import load


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="show one entity's facts with their quotes", description=__doc__)
    p.add_argument("name", help="a Chinese or English label, an alias or an id (e.g. 越秀区, 'Yuexiu District')")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    add_data_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    g = load(data_files(args))
    node = names.resolve(g, args.name)
    result = explain.explain(g, node, args.lang)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(explain.render_text(result))
    return 0
