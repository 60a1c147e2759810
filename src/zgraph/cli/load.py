"""``zgraph load``: bulk-load the corpus (or given graphs) once into an on-disk store that every command can read.

Then ``--store DIR`` (or ``$ZGRAPH_STORE``) on query, stats, validate, explain, analyze, path, export, render and
serve reads the store instead of parsing Turtle, and each starts in well under a second at any size. Loading into
an existing store adds the new files; a file that changed, or a new zgraph model, reloads the whole store.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("load", help="bulk-load the corpus or given graphs into an on-disk store (--store DIR)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  zgraph load --store store/\n"
                              "  zgraph synth --reports 160 --out synth/ && zgraph load --store big/ synth/*.ttl\n"
                              "  ZGRAPH_STORE=big/ zgraph query pairings")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="Turtle (.ttl) or N-Triples (.nt) graphs, one report each, named by file stem "
                        "(default: the built graph of every report of the corpus)")
    p.add_argument("--store", metavar="DIR", type=Path, required=True, help="the store folder to write")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.store.disk import load

    r = load(args.store, args.files or None, show_progress=args.progress)
    how = "rebuilt" if r.rebuilt else "added to"
    print(f"{how} {r.folder}: {len(r.loaded)} of {len(r.parts)} graphs loaded, {r.quads:,} triples "
          f"with the model, in {r.seconds:.1f} s")
    return 0
