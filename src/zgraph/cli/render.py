"""``zgraph render``: draw the graph, one of its views, or one entity's neighbourhood as a self-contained HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path

import pyoxigraph as ox

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, data_files, store_of
from zgraph.model.errors import InputError
from zgraph.pages.views import MAX_NODES, VIEWS, view

#: Where the overview goes without --out.
OVERVIEW_OUT = Path("out/overview.html")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render", help="write an interactive, offline HTML page of the graph or one of its views",
        description=__doc__ + " The page needs no network: vis-network is inlined, and hovering or clicking a "
        "node or link shows its labels, class, facts and the report's words behind it. A graph too large to read "
        "is refused (see --max-nodes); --overview draws the whole corpus as one node per report and city.")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="output file (default: out/graph.html, out/views/VIEW.html or out/focus/NAME.html; with one "
                   "--report ID under out/reports/ID/; with --overview out/overview.html)")
    p.add_argument("--view", default="all", metavar="NAME",
                   help=f"what to draw: {', '.join(VIEWS)} (default: all)")
    p.add_argument("--focus", metavar="NAME", default=None,
                   help="draw only the neighbourhood of this entity (zh or en label, alias or id)")
    p.add_argument("--depth", type=int, default=None, metavar="N",
                   help="with --focus: how many links away to go (default: 1)")
    p.add_argument("--overview", action="store_true",
                   help="draw the corpus overview instead: one node per report, per city a report is about and per "
                   "partner city, links weighted by pairings, reverse enclaves and policy documents (aggregated by "
                   "the named query corpus_overview), each report linking to its own page at reports/ID/graph.html "
                   "beside the overview")
    p.add_argument("--report-pages", action="store_true",
                   help="with --overview: also write each report's own page (reports/ID/graph.html from its built "
                   "graph, and its text at source/ID.html) beside the overview, so every link works")
    p.add_argument("--max-nodes", type=int, default=MAX_NODES, metavar="N",
                   help=f"refuse to draw more than N nodes (default: {MAX_NODES}: about what vis-network keeps "
                   "interactive and legible; past it a page is a hairball that takes minutes to lay out). The count "
                   "is taken before any layout; 0: no limit")
    add_lang_arg(p)
    add_data_arg(p)
    add_store_arg(p)
    p.set_defaults(func=run)


def _sources(args: argparse.Namespace) -> tuple[list[Path] | None, ox.Store | None]:
    """The Turtle files to draw from and, with ``--store`` (or $ZGRAPH_STORE), the store's open database (None:
    make one from the files when needed). A store's files are its copies of the parts (or of the --report ones)."""
    files = data_files(args)
    disk = store_of(args)
    if disk is None:
        return files, None
    if files is None:
        files = disk.part_files()
    return files, None if args.reports else disk.open()


def run(args: argparse.Namespace) -> int:
    if args.max_nodes < 0:
        raise InputError(f"--max-nodes must be 0 (no limit) or more, not {args.max_nodes}")
    if args.overview:
        return overview(args)
    if args.report_pages:
        raise InputError("--report-pages goes with --overview")
    if args.depth is not None and args.focus is None:
        raise InputError("--depth needs --focus NAME")
    depth = 1 if args.depth is None else args.depth
    view(args.view)  # fail on an unknown view before loading anything
    from zgraph.pages import graph as render

    one = args.reports[0] if args.reports and len(args.reports) == 1 else None
    out = args.out or render.default_out(args.view, args.focus, report=one)
    files, store = _sources(args)
    if args.view == "all" and args.focus is None and args.max_nodes:
        # the whole graph: counted by Oxigraph before rdflib loads anything (instant with --store, seconds at 1M
        # triples without)
        from zgraph.model.store import load_store
        from zgraph.pages.views import check_size, count_entity_nodes

        counted = store if store is not None else load_store(files)
        check_size("the whole graph", count_entity_nodes(counted), args.max_nodes)
    from zgraph.model.loading import load

    r = render.render(load(files), out, args.view, args.focus, depth, args.lang, max_nodes=args.max_nodes or None)
    print(f"wrote {r.path} ({r.nodes} nodes, {r.edges} links)")
    return 0


def overview(args: argparse.Namespace) -> int:
    """``--overview``: the corpus overview page (and, with --report-pages, each report's own page)."""
    if args.focus is not None or args.depth is not None or args.view != "all":
        raise InputError("--overview draws the whole corpus: it takes no --view, --focus or --depth")
    from zgraph.model.store import load_store
    from zgraph.pages import overview as ov

    out = args.out or OVERVIEW_OUT
    files, store = _sources(args)
    w = ov.write_overview(store if store is not None else load_store(files), out, args.lang,
                          max_nodes=args.max_nodes or None)
    print(f"wrote {w.path} ({w.nodes} nodes, {w.edges} links; {len(w.reports)} reports)")
    if args.report_pages:
        disk = store_of(args)
        files_of = None if disk is None else (lambda rid: [disk.part_file(rid)])
        for path in ov.write_report_pages(out.parent, w.reports, args.lang, max_nodes=args.max_nodes or None,
                                          files_of=files_of):
            print(f"wrote {path}")
    else:
        print("each report's own page: `zgraph render --report ID` (or add --report-pages)")
    return 0
