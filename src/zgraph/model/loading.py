"""Loading: read the model (ontology + vocabularies) and the data into one rdflib graph, with clear errors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from zgraph.model import paths
from zgraph.model.errors import InputError
from zgraph.model.namespaces import bind_all


def parse_file(g: Graph, path: Path) -> Graph:
    """Parse one Turtle file into ``g``; a syntax error becomes an InputError naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        g.parse(path, format="turtle")
    except BadSyntax as e:
        why = getattr(e, "_why", str(e))
        raise InputError(f"{path}:{e.lines + 1}: Turtle syntax error: {why}") from None
    except (UnicodeDecodeError, ValueError) as e:
        raise InputError(f"{path}: cannot read as Turtle: {e}") from None
    return g


def load_files(files: Iterable[Path]) -> Graph:
    """One graph holding every triple of the given Turtle files, with zgraph's prefixes bound."""
    g = bind_all(Graph())
    for f in files:
        parse_file(g, f)
    return g


def data_files(data: Sequence[Path | str] | None = None) -> list[Path]:
    """The data files to use: those given, else the shipped ``data/triples.ttl``."""
    return [Path(p) for p in data] if data else [paths.DATA]


def load(data: Sequence[Path | str] | None = None, model: bool = True) -> Graph:
    """Load the data (default: the shipped graph), together with the ontology and vocabularies unless model=False."""
    files = [*paths.model_files()] if model else []
    return load_files([*files, *data_files(data)])
