"""Other stores over HTTP: querying a SPARQL 1.1 endpoint, and pushing the graph by the Graph Store Protocol.

One HTTP PUT of Turtle replaces the target graph (the store's default graph, or ``graph`` when given), so pushing
twice leaves one copy. Any store that speaks the protocol works: Oxigraph (``/store``), Apache Jena Fuseki
(``/DATASET/data``), GraphDB (``/repositories/REPO/rdf-graphs/service``), Virtuoso (``/sparql-graph-crud``).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from zgraph.model.errors import EndpointError, QueryError, ZGraphError
from zgraph.model.store import load_store, to_turtle
from zgraph.sparql.backends import Result
from zgraph.sparql.catalogue import one_line_prologue

#: Media types a remote endpoint may answer with, for SELECT/ASK and for CONSTRUCT/DESCRIBE.
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples;q=0.8, text/turtle;q=0.7")


def run_endpoint(url: str, text: str, graph: str | None = None, timeout: float = 60.0) -> Result:
    """Evaluate on a remote SPARQL 1.1 endpoint (POST form, per the SPARQL 1.1 Protocol)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ZGraphError(f"--endpoint must be an http(s) URL, got {url!r}", exit_code=2)
    form = [("query", f"{one_line_prologue(text)} {text}")]
    if graph:
        form.append(("default-graph-uri", graph))
    req = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST", headers={
        "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
    body, media = http_call(req, timeout, what="SPARQL endpoint")
    return parse_answer(url, body, media)


def parse_answer(url: str, body: bytes, media: str) -> Result:
    """An endpoint's answer as results: SPARQL JSON or XML for SELECT/ASK, an RDF syntax for CONSTRUCT/DESCRIBE."""
    if media in ("application/sparql-results+json", "application/json"):
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if media == "application/sparql-results+xml":
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    rdf_format = ox.RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise QueryError(f"{url}: unexpected answer of type {media!r}")
    return [q.triple for q in ox.parse(body, format=rdf_format)]


def http_call(req: urllib.request.Request, timeout: float, what: str) -> tuple[bytes, str]:
    """Send a request; HTTP errors carry the server's message, network failures become EndpointError."""
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as e:
        message = " ".join(e.read().decode("utf-8", "replace").split())[:500]
        raise QueryError(f"{req.full_url}: HTTP {e.code} {e.reason}: {message}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise EndpointError(f"cannot reach {what} {req.full_url}: {reason}") from None


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
