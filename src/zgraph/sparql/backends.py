"""The engines that evaluate SPARQL: Oxigraph (default), rdflib, or a remote endpoint.

Oxigraph (pyoxigraph) is the default backend. rdflib's SPARQL engine reorders patterns at run time and can go
quadratic on ordinary typed joins, while Oxigraph plans joins once and stays fast at any size; rdflib remains
available (``backend="rdflib"``) and is what the tests compare against. Whatever the backend, results become
pyoxigraph query results, so every output format is written by Oxigraph's own SPARQL results serialisers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from zgraph.model.errors import QueryError, ZGraphError
from zgraph.model.store import load_store, prefixes

BACKENDS = ("oxigraph", "rdflib")
DEFAULT_BACKEND = "oxigraph"

Result = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]


def run_oxigraph(store: ox.Store, text: str) -> Result:
    """Evaluate on a pyoxigraph store (zgraph prefixes predeclared)."""
    try:
        result = store.query(text, prefixes=prefixes())
    except SyntaxError as e:
        raise QueryError(f"malformed SPARQL: {e}") from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    return list(result) if isinstance(result, ox.QueryTriples) else result


XSD = "http://www.w3.org/2001/XMLSchema#"


def canonical(value: str, datatype: str) -> str:
    """The canonical lexical form of a number, as Oxigraph writes it (``20.0`` -> ``20``, ``+05`` -> ``5``)."""
    try:
        if datatype == XSD + "decimal":
            number = Decimal(value)
            text = format(number.normalize(), "f") if number else "0"
            return text if "." not in text else text.rstrip("0").rstrip(".")
        if datatype == XSD + "integer":
            return str(int(value))
    except (InvalidOperation, ValueError):
        pass
    return value


def _canonical_json(data: bytes) -> bytes:
    """SPARQL JSON results with every decimal and integer literal in canonical form."""
    doc = json.loads(data)
    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") in ("literal", "typed-literal") and "datatype" in term:
                term["value"] = canonical(term["value"], term["datatype"])
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _canonical_triples(triples: list[ox.Triple]) -> list[ox.Triple]:
    def fix(term: Any) -> Any:
        if isinstance(term, ox.Literal) and term.datatype.value in (XSD + "decimal", XSD + "integer"):
            return ox.Literal(canonical(term.value, term.datatype.value), datatype=term.datatype)
        return term

    return [ox.Triple(t.subject, t.predicate, fix(t.object)) for t in triples]


def run_rdflib(graph: Any, text: str) -> Result:
    """Evaluate with rdflib's engine; its result is converted to pyoxigraph results through SPARQL JSON/N-Triples.

    rdflib keeps numbers as written (``20.0``), Oxigraph writes them canonically (``20``): numbers are put in
    canonical form here, so that every backend writes the same bytes.
    """
    from pyparsing import ParseException

    try:
        result = graph.query(text, initNs=prefixes())
        if result.type == "CONSTRUCT" or result.type == "DESCRIBE":
            data = result.graph.serialize(format="nt", encoding="utf-8")
            return _canonical_triples([q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)])
        data = _canonical_json(result.serialize(format="json"))
    except ParseException as e:
        raise QueryError(f"malformed SPARQL: {e}") from None
    except Exception as e:  # rdflib raises bare Exceptions for evaluation errors (e.g. unknown prefix)
        raise QueryError(f"query failed in rdflib: {e}") from None
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)


def run(text: str, *, backend: str = DEFAULT_BACKEND, data: Sequence[Path | str] | None = None,
        endpoint: str | None = None, graph: str | None = None, store: ox.Store | None = None) -> Result:
    """Run prepared SPARQL on the chosen backend (a remote endpoint if given, else a local store)."""
    if endpoint:
        from zgraph.sparql.remote import run_endpoint

        return run_endpoint(endpoint, text, graph=graph)
    if backend == "rdflib":
        from zgraph.model.loading import load

        return run_rdflib(load(data), text)
    if backend != "oxigraph":
        raise ZGraphError(f"unknown backend {backend!r}: use {' or '.join(BACKENDS)}", exit_code=2)
    return run_oxigraph(store if store is not None else load_store(data), text)
