"""The graph a network command reads: the ``--store`` database, or the Turtle files loaded into Oxigraph."""

from __future__ import annotations

import argparse

import pyoxigraph as ox

from zgraph.cli._common import data_files, store_of


def source_store(args: argparse.Namespace, model: bool = True) -> ox.Store:
    """``--store DIR`` (or $ZGRAPH_STORE) read-only, unless ``--data``/``--report`` chose files; else the files
    (default: the corpus) and the model in an in-memory store."""
    from zgraph.model.store import load_store

    files = data_files(args)
    disk = None if getattr(args, "reports", None) else store_of(args)
    if disk is not None:
        return disk.open()
    return load_store(files, model=model)
