"""The front's Starlette application: the landing page at ``/``, the pages of IRIs and query views
(``linked``), CORS preflight for the SPARQL protocol, everything else passed to Oxigraph (``proxy``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from zgraph.serve.cache import ResponseCache
from zgraph.serve.guard import Guard
from zgraph.serve.limits import Limits
from zgraph.serve.linked import LinkedData
from zgraph.serve.proxy import Proxy
from zgraph.serve.supervisor import Supervisor

#: The answer to a CORS preflight on /sparql and /query: any origin may query (GET or POST) with any of these.
PREFLIGHT = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
             "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "86400",
             "Allow": "GET, POST, OPTIONS, HEAD"}


def build_app(supervisor: Supervisor, page: bytes, limit: float, limits: Limits,
              linked: LinkedData | None = None, cache: ResponseCache | None = None,
              no_pages: str | None = None) -> Starlette:
    """``/`` and ``/index.html`` (GET, HEAD): the page; ``/id/…``, ``/vocab/…``, ``/ontology``, ``/source/…``,
    ``/query/<name>`` (GET, HEAD): ``linked``; OPTIONS on ``/sparql`` and ``/query``: CORS preflight; any other
    request, any method: Oxigraph (``proxy``). Without ``linked``, ``no_pages`` (if given) answers those routes 501.
    """

    async def landing(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    async def preflight(request: Request) -> Response:
        return Response(status_code=204, headers=PREFLIGHT)

    def redirect(to: str) -> Route:
        async def go(request: Request) -> Response:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(to + query, status_code=301)
        return go  # type: ignore[return-value]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await supervisor.open()
        try:
            yield
        finally:
            await supervisor.close()

    proxy = Proxy(supervisor, limit, limits, cache)
    routes = [Route("/", landing, methods=["GET", "HEAD"]), Route("/index.html", landing, methods=["GET", "HEAD"]),
              Route("/sparql", preflight, methods=["OPTIONS"]), Route("/query", preflight, methods=["OPTIONS"])]
    if linked is not None:
        linked.supervisor, linked.limit = supervisor, limit
        get = ["GET", "HEAD"]
        routes += [
            Route("/id", redirect("/id/"), methods=get), Route("/vocab", redirect("/id/"), methods=get),
            Route("/vocab/", redirect("/id/"), methods=get),
            Route("/id/", linked.index, methods=get),
            Route("/id/{local:path}", linked.resource, methods=get),
            Route("/vocab/{local:path}", linked.resource, methods=get),
            Route("/ontology", linked.ontology_doc, methods=get),
            Route("/ontology/{version:path}", linked.ontology_doc, methods=get),
            Route("/source/{name}", linked.source, methods=get),
            Route("/query/{name}", linked.query_view, methods=get),
        ]
    elif no_pages:  # why there are no entity pages (a store too large to draw them from memory)
        async def unavailable(request: Request) -> Response:
            return Response(no_pages + "\n", status_code=501, media_type="text/plain; charset=utf-8")
        routes += [Route(f"/{prefix}", unavailable, methods=["GET", "HEAD"])
                   for prefix in ("id", "id/{p:path}", "vocab/{p:path}", "ontology", "ontology/{p:path}",
                                  "source/{p:path}", "query/{p:path}")]
    routes.append(Route("/{path:path}", proxy))
    return Starlette(routes=routes, middleware=[Middleware(Guard, limits=limits)], lifespan=lifespan)
