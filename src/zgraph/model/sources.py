"""The shipped source texts: read exactly as shipped (UTF-8, no newline translation), as offsets count over them."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from zgraph.model import paths
from zgraph.model.errors import InputError
from zgraph.model.labels import ordered
from zgraph.model.namespaces import ZG


def source_path(name: str) -> Path:
    """Where the source file called ``name`` (a report's zg:sourceFile) lives."""
    return paths.SOURCES_DIR / str(name)


def source_text(name: str) -> str:
    """The text of a shipped source file; a missing file is an InputError."""
    path = source_path(name)
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: source file not found") from None


def report_texts(g: Graph) -> dict[URIRef, str]:
    """The text of every report of the graph whose source file is there, by report node."""
    out: dict[URIRef, str] = {}
    for report in ordered(g.subjects(RDF.type, ZG.Report)):
        name = g.value(report, ZG.sourceFile)
        if isinstance(report, URIRef) and name is not None and source_path(str(name)).is_file():
            out[report] = source_text(str(name))
    return out
