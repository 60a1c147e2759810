"""Arguments shared by several commands."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_data_arg(p: argparse.ArgumentParser) -> None:
    """``--data FILE ...`` (Turtle files instead of the corpus) and ``--report ID`` (only these reports)."""
    p.add_argument("--data", metavar="FILE", type=Path, action="extend", nargs="+",
                   help="Turtle data file(s) to use instead of the corpus's data/triples.ttl (repeatable)")
    p.add_argument("--report", metavar="ID", action="append", dest="reports", default=None,
                   help="only this report of the corpus (its built graph; see `zgraph reports`; repeatable)")


def data_files(args: argparse.Namespace) -> list[Path] | None:
    """The data files a command reads: ``--data``, else the built graphs of ``--report``, else None (the corpus)."""
    reports = getattr(args, "reports", None)
    if not reports:
        return args.data
    from zgraph.corpus import Corpus
    from zgraph.model.errors import ZGraphError

    if args.data:
        raise ZGraphError("give --data FILE or --report ID, not both", exit_code=2)
    return Corpus().report_files(reports)


def add_lang_arg(p: argparse.ArgumentParser) -> None:
    """``--lang zh|en``: language of labels in the output."""
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="label language (default: zh)")
