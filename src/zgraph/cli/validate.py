"""``zgraph validate``: SHACL shapes + verbatim-quote check; exit 0 conforms, 1 violations, 2 unreadable input.

With ``--store DIR`` (or ``$ZGRAPH_STORE``) each report of the store is validated on its own graph, in parallel,
and the results are cached in the store (DIR/validation.json): validating again after one report changed checks
only that one. The reports are then checked against each other (the entities they share must agree).
``--report ID`` validates only those reports.
"""

from __future__ import annotations

import argparse

from zgraph.cli._common import add_data_arg, add_store_arg, data_files, store_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check the graph against the SHACL shapes and the source text",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_arg(p)
    add_store_arg(p)
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="with --store: validate N reports at once (default: one per core)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.model.errors import ZGraphError

    disk = store_of(args)
    if disk is not None:
        from zgraph.pipeline.validate_store import validate_store

        if args.workers is not None and args.workers < 1:
            raise ZGraphError("--workers wants a number of at least 1", exit_code=2)
        whole = validate_store(disk, args.reports, workers=args.workers)
        print(whole.render())
        return 0 if whole.conforms else 1
    from zgraph.pipeline import validate

    report = validate.validate(data_files(args))
    print(report.render())
    return 0 if report.conforms else 1
