"""``zgraph render``: draw the graph, one of its views, or one entity's neighbourhood as a self-contained HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path

from zgraph.cli._common import add_data_arg, add_lang_arg, data_files
from zgraph.model.errors import InputError
from zgraph.model.loading import load
from zgraph.pages import graph as render
from zgraph.pages.views import VIEWS, view


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render", help="write an interactive, offline HTML page of the graph or one of its views",
        description=__doc__ + " The page needs no network: vis-network is inlined, and hovering or clicking a "
        "node or link shows its labels, class, facts and the report's words behind it.")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="output file (default: out/graph.html, out/views/VIEW.html or out/focus/NAME.html)")
    p.add_argument("--view", default="all", metavar="NAME",
                   help=f"what to draw: {', '.join(VIEWS)} (default: all)")
    p.add_argument("--focus", metavar="NAME", default=None,
                   help="draw only the neighbourhood of this entity (zh or en label, alias or id)")
    p.add_argument("--depth", type=int, default=None, metavar="N",
                   help="with --focus: how many links away to go (default: 1)")
    add_lang_arg(p)
    add_data_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.depth is not None and args.focus is None:
        raise InputError("--depth needs --focus NAME")
    depth = 1 if args.depth is None else args.depth
    view(args.view)  # fail on an unknown view before loading anything
    out = args.out or render.default_out(args.view, args.focus)
    r = render.render(load(data_files(args)), out, args.view, args.focus, depth, args.lang)
    print(f"wrote {r.path} ({r.nodes} nodes, {r.edges} links)")
    return 0
