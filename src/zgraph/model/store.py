"""Oxigraph stores: the model (ontology + vocabularies) and the data, loaded into pyoxigraph for fast SPARQL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from zgraph.model import paths
from zgraph.model.errors import InputError
from zgraph.model.prefixes import PREFIXES


def source_files(data: Sequence[Path | str] | None = None, model: bool = True) -> list[Path]:
    """The Turtle files a store is made of: the model (unless model=False), then the data (default: shipped)."""
    from zgraph.model.loading import data_files  # not at the top: it imports rdflib, which queries never need

    return [*(paths.model_files() if model else []), *data_files(data)]


#: The RDF formats zgraph reads by file suffix besides its own Turtle: what ``zgraph load`` takes (``zgraph synth``
#: writes N-Triples).
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


def rdf_format(path: Path) -> ox.RdfFormat | None:
    """The format of a graph file by its suffix (.ttl, .nt), None for another suffix."""
    return FORMATS.get(Path(path).suffix.lower())


def syntax_error(path: Path, e: SyntaxError) -> InputError:
    """The short error for a file pyoxigraph could not parse: the file, the line, what is wrong."""
    return InputError(f"{path}:{getattr(e, 'lineno', None) or '?'}: syntax error: {e.msg}")


def load_file(store: ox.Store, path: Path) -> None:
    """Parse one Turtle file into the store's default graph; bad input becomes an InputError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    except SyntaxError as e:
        raise InputError(f"{path}: Turtle syntax error: {e}") from None
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read as Turtle: {e}") from None


def load_store(data: Sequence[Path | str] | None = None, model: bool = True) -> ox.Store:
    """An in-memory Oxigraph store holding the model and the data (``data`` replaces data/triples.ttl)."""
    store = ox.Store()
    for path in source_files(data, model):
        load_file(store, path)
    return store


def prefixes() -> dict[str, str]:
    """zgraph's prefixes as plain strings, for SPARQL parsing and Turtle output."""
    return dict(PREFIXES)


def to_turtle(store: ox.Store) -> bytes:
    """The store's default graph as Turtle with zgraph's prefixes."""
    return store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes()) or b""


def to_nquads(store: ox.Store) -> bytes:
    """The whole store as N-Quads (what ``oxigraph load`` reads fastest)."""
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def as_store(source: Any) -> ox.Store:
    """``source`` as an Oxigraph store: a store as is, an rdflib graph copied into a new in-memory store (so that
    library functions written on Oxigraph also take the graphs notebooks and tests hold)."""
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    store.load(source.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store
