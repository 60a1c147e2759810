"""The persistent store: a corpus bulk-loaded once into an on-disk Oxigraph database that every command can open.

``zgraph load --store DIR`` writes it; ``--store DIR`` (or ``$ZGRAPH_STORE``) makes a command read it instead of
parsing Turtle, so commands start in well under a second at any size. See :mod:`zgraph.store.disk`.
"""

from zgraph.store.disk import STORE_ENV, DiskStore, LoadResult, Part, load, open_store

__all__ = ["STORE_ENV", "DiskStore", "LoadResult", "Part", "load", "open_store"]
