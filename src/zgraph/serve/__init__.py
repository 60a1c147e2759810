"""The SPARQL endpoint: Oxigraph's read-only server, behind a Starlette front on uvicorn that adds a landing page,
a time limit and limits on what a client may send.

Oxigraph's own server (the ``oxigraph`` command of the ``oxigraph`` package) does the protocol work: the SPARQL
1.1 Protocol at ``/sparql`` and ``/query`` (GET ``query=``, POST form, POST ``application/sparql-query``),
content negotiation (JSON, CSV, TSV, XML), updates refused (403) and malformed queries answered 400 with the
parser's message. The front serves ``/`` (the named queries, a SPARQL box and a results table, all inline,
nothing fetched from elsewhere), Oxigraph's own YASGUI page under ``/yasgui/``, and passes every other request
through unchanged, over an httpx connection pool.

The time limit is the front's: Oxigraph 0.5's own ``--timeout-s`` stops some queries but not a streamed result
or an ORDER BY (measured: one kept sorting, and growing past 6 GB, long after its timeout). So when a request
passes its deadline the front answers 503 and replaces the Oxigraph process with a fresh one on the same
read-only database; requests that were in flight on the old process are retried once on the new one.

The modules:

- ``server``: ``SparqlServer``, which puts the parts together and runs uvicorn;
- ``app``: the Starlette application (routes, middleware, start and stop of the pool);
- ``limits``: ``Limits``, the numbers;
- ``guard``: the ``Guard`` middleware (411, 413, 431, 408 for a slow body, 503 when busy);
- ``protocol``: uvicorn's h11 protocol with a deadline for slow clients, 431, a connection cap;
- ``proxy``: the pass-through with the time limit, the retry, buffering and streaming;
- ``supervisor``: the current Oxigraph child, its replacement and the retries of a failed restart;
- ``child``: finding the binary, loading the database, starting a child that dies with its parent;
- ``workdir``: the private folder, its janitor process and the sweep of stale folders;
- ``page``: the landing page (a Jinja2 template in ``templates/``).
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public names and their modules, imported on first use (``zgraph --help`` must not load uvicorn).
EXPORTS = {"DEFAULT_TIMEOUT": "server", "SparqlServer": "server", "configure_logging": "server",
           "Inner": "child", "find_oxigraph": "child", "free_port": "child", "prepare_location": "child",
           "Limits": "limits", "landing_page": "page"}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{EXPORTS[name]}"), name)
