"""``zgraph path A B``: the shortest labelled connection between two entities, with the report's words behind
each edge. Names are zh or en labels, aliases or ids; unknown names get suggestions."""

from __future__ import annotations

import argparse

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, source_store
from zgraph.network import paths
from zgraph.network.projection import entity_graph


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("path", help="shortest connection between two entities, with quotes", description=__doc__)
    p.add_argument("source", metavar="A", help="first entity (e.g. 遂溪县, \"Suixi County\", zgi:place-suixi)")
    p.add_argument("target", metavar="B", help="second entity")
    p.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    add_data_arg(p)
    add_store_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = source_store(args)
    conn = paths.connection(None, entity_graph(store), args.source, args.target, args.lang, store=store)
    print(paths.render_connection(conn, args.format), end="")
    return 0
