"""``zgraph validate``: SHACL shapes + verbatim-quote check; exit 0 conforms, 1 violations, 2 unreadable input."""

from __future__ import annotations

import argparse

from zgraph.cli._common import add_data_arg, data_files
from zgraph.pipeline import validate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check the graph against the SHACL shapes and the source text",
                       description=__doc__)
    add_data_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = validate.validate(data_files(args))
    print(report.render())
    return 0 if report.conforms else 1
