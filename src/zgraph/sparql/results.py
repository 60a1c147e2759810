"""Query answers as people and programs read them: an aligned table, or SPARQL 1.1 results in CSV, TSV, JSON, XML."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from zgraph.model.errors import ZGraphError
from zgraph.model.prefixes import qname
from zgraph.model.store import prefixes
from zgraph.model.text import counted_table
from zgraph.sparql.backends import Result

FORMATS = ("table", "csv", "tsv", "json", "xml")
RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """How a term reads in a table: IRIs compact (zgi:…), literals as their text, unbound as empty."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return qname(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.splitlines())
    return str(term)


def rows_of(result: ox.QuerySolutions) -> tuple[list[str], list[list[Any]]]:
    """Variable names and rows of terms (None when unbound); consumes the result."""
    names = [v.value for v in result.variables]
    return names, [[sol[v] for v in names] for sol in result]


def text_rows(result: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """Variable names and rows as the table shows them (see :func:`cell`); consumes the result."""
    names, rows = rows_of(result)
    return names, [[cell(t) for t in r] for r in rows]


def serialize(result: Result, fmt: str = "table") -> bytes:
    """Write results as a table, or with Oxigraph's SPARQL results serialisers (csv, tsv, json, xml).

    CONSTRUCT and DESCRIBE results are written as Turtle (N-Triples for csv/tsv) whatever the format, with their
    triples sorted so that every backend writes the same bytes.
    """
    if fmt not in FORMATS:
        raise ZGraphError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", exit_code=2)
    if isinstance(result, list):
        rdf = ox.RdfFormat.N_TRIPLES if fmt in ("csv", "tsv") else ox.RdfFormat.TURTLE
        triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return ox.serialize(triples, format=rdf, prefixes=prefixes() if rdf == ox.RdfFormat.TURTLE else None) or b""
    if fmt != "table":
        return result.serialize(format=RESULT_FORMATS[fmt]) or b""
    if isinstance(result, ox.QueryBoolean):
        return f"{'true' if bool(result) else 'false'}\n".encode()
    return counted_table(*text_rows(result)).encode("utf-8")
