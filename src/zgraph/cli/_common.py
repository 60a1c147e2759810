"""Arguments shared by several commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

    from zgraph.store.disk import DiskStore


def add_data_arg(p: argparse.ArgumentParser) -> None:
    """``--data FILE ...`` (Turtle files instead of the corpus) and ``--report ID`` (only these reports)."""
    p.add_argument("--data", metavar="FILE", type=Path, action="extend", nargs="+",
                   help="Turtle data file(s) to use instead of the corpus's data/triples.ttl (repeatable)")
    p.add_argument("--report", metavar="ID", action="append", dest="reports", default=None,
                   help="only this report of the corpus (its built graph; see `zgraph reports`; repeatable)")


def data_files(args: argparse.Namespace) -> list[Path] | None:
    """The data files a command reads: ``--data``, else the graphs of ``--report`` (from the store with ``--store``),
    else None (the corpus, or the whole store)."""
    reports = getattr(args, "reports", None)
    if not reports:
        return args.data
    from zgraph.corpus import Corpus
    from zgraph.model.errors import ZGraphError

    if args.data:
        raise ZGraphError("give --data FILE or --report ID, not both", exit_code=2)
    store = store_of(args)
    if store is not None:  # a report of the store: the store's copy of its graph
        return [store.part_file(r) for r in reports]
    return Corpus().report_files(reports)


def add_lang_arg(p: argparse.ArgumentParser) -> None:
    """``--lang zh|en``: language of labels in the output."""
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="label language (default: zh)")


def add_store_arg(p: argparse.ArgumentParser) -> None:
    """``--store DIR``: read the persistent store made by ``zgraph load`` (default: ``$ZGRAPH_STORE``)."""
    from zgraph.store.disk import STORE_ENV

    p.add_argument("--store", metavar="DIR", type=Path, default=None,
                   help=f"read this store (made by `zgraph load --store DIR`) instead of parsing Turtle; "
                        f"default: ${STORE_ENV} when set")


def store_of(args: argparse.Namespace) -> DiskStore | None:
    """The store a command reads: ``--store``, else ``$ZGRAPH_STORE`` (unless ``--data`` was given), else None."""
    import os

    from zgraph.model.errors import ZGraphError
    from zgraph.store.disk import STORE_ENV, DiskStore

    given = getattr(args, "store", None)
    if given is None and not getattr(args, "data", None) and os.environ.get(STORE_ENV):
        given = Path(os.environ[STORE_ENV])
    if given is None:
        return None
    if getattr(args, "data", None):
        raise ZGraphError("give --data FILE or --store DIR, not both", exit_code=2)
    return DiskStore(Path(given))


def whole_store(args: argparse.Namespace) -> DiskStore | None:
    """The store when a command reads it whole: None without one, and None with ``--report`` (those reports are
    read from the store's copies of their files, see ``data_files``)."""
    return None if getattr(args, "reports", None) else store_of(args)


def source_store(args: argparse.Namespace, model: bool = True) -> ox.Store:
    """The graph a command reads, as an Oxigraph store: the ``--store`` database read-only when read whole, else
    the files of ``data_files`` (default: the corpus) with the model in an in-memory store."""
    from zgraph.model.store import load_store

    files = data_files(args)
    disk = whole_store(args)
    return disk.open() if disk is not None else load_store(files, model=model)
