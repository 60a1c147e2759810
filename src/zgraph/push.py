"""Push the graph (ontology + vocabularies + data) into a triple store over the SPARQL 1.1 Graph Store Protocol.

One HTTP PUT of Turtle replaces the target graph (the store's default graph, or ``graph`` when given), so pushing
twice leaves one copy. Any store that speaks the protocol works: Oxigraph (``/store``), Apache Jena Fuseki
(``/DATASET/data``), GraphDB (``/repositories/REPO/rdf-graphs/service``), Virtuoso (``/sparql-graph-crud``).
"""

from __future__ import annotations

import base64
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from zgraph.errors import ZGraphError
from zgraph.query import http_call
from zgraph.store import load_store, to_turtle


def graph_store_url(store: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of a graph: ``STORE?default`` or ``STORE?graph=IRI`` (kept query intact)."""
    parts = urllib.parse.urlsplit(store)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ZGraphError(f"--store must be an http(s) URL, got {store!r}", exit_code=2)
    target = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    query = f"{parts.query}&{target}" if parts.query else target
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def credentials(store: str) -> dict[str, str]:
    """A Basic Authorization header when the URL carries ``user:password@`` (stores that need a login)."""
    parts = urllib.parse.urlsplit(store)
    if parts.username is None:
        return {}
    token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    return {"Authorization": "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")}


def push(store: str, graph: str | None = None, data: Sequence[Path | str] | None = None,
         timeout: float = 120.0) -> int:
    """PUT the model and the data into ``store`` (replacing the target graph); return the number of triples sent."""
    if graph is not None and not urllib.parse.urlsplit(graph).scheme:
        raise ZGraphError(f"--graph must be an absolute IRI, got {graph!r}", exit_code=2)
    local = load_store(data)
    body = to_turtle(local)
    req = urllib.request.Request(graph_store_url(store, graph), data=body, method="PUT", headers={
        "Content-Type": "text/turtle; charset=utf-8", **credentials(store)})
    http_call(req, timeout, what="graph store")
    return len(local)
