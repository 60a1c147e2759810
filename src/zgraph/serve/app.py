"""The front's Starlette application: the landing page at ``/``, everything else passed to Oxigraph."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from zgraph.serve.guard import Guard
from zgraph.serve.limits import Limits
from zgraph.serve.proxy import Proxy
from zgraph.serve.supervisor import Supervisor


def build_app(supervisor: Supervisor, page: bytes, limit: float, limits: Limits) -> Starlette:
    """``/`` and ``/index.html`` (GET, HEAD): the page; any other request, any method: Oxigraph (``proxy``)."""

    async def landing(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await supervisor.open()
        try:
            yield
        finally:
            await supervisor.close()

    proxy = Proxy(supervisor, limit, limits)
    routes = [Route("/", landing, methods=["GET", "HEAD"]), Route("/index.html", landing, methods=["GET", "HEAD"]),
              Route("/{path:path}", proxy)]
    return Starlette(routes=routes, middleware=[Middleware(Guard, limits=limits)], lifespan=lifespan)
