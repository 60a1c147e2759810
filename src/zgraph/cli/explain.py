"""``zgraph explain NAME``: what the graph knows about one entity, each fact with the report's words.

With ``--store DIR`` the name is looked up and the entity's neighbourhood read by SPARQL: fast at any size."""

from __future__ import annotations

import argparse
import json

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, source_store
from zgraph.model import explain, names


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="show one entity's facts with their quotes", description=__doc__)
    p.add_argument("name", help="a Chinese or English label, an alias or an id (e.g. 越秀区, 'Yuexiu District')")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    add_data_arg(p)
    add_store_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = source_store(args)
    node = names.resolve_store(store, args.name)
    result = explain.explain(explain.neighbourhood(store, node), node, args.lang)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(explain.render_text(result))
    return 0
