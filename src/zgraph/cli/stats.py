"""``zgraph stats``: triples, instances per class, stated vs inferred facts, how much of the reports is quoted.

With ``--store DIR`` (or ``$ZGRAPH_STORE``) the counts are SPARQL aggregates on the on-disk store; otherwise the
files are loaded into an in-memory Oxigraph store and counted the same way, so both give the same text.
"""

from __future__ import annotations

import argparse

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, data_files, store_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="print the size and make-up of the graph", description=__doc__)
    add_data_arg(p)
    add_store_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run, lang="en")


def run(args: argparse.Namespace) -> int:
    from zgraph.model.store import load_store
    from zgraph.pipeline import stats
    from zgraph.pipeline.validate import source_folders

    data = data_files(args)
    disk = store_of(args)
    # texts are looked for beside the files the store was loaded from, as for those files themselves
    origins = [disk.part(r).origin for r in args.reports] if disk is not None and args.reports else data
    if disk is not None and not args.reports:
        store, folders = disk.open(), source_folders([p.origin for p in disk.parts()])
    else:
        store, folders = load_store(data), source_folders(origins)
    print(stats.compute(store, folders).render(args.lang))
    return 0
