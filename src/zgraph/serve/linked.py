"""Linked data at the front: every zgraph IRI answers, by content negotiation, and every named query can be looked at.

- ``/id/<local>`` and ``/vocab/<local>``: the page of ``https://w3id.org/zgraph/id/<local>`` (or ``vocab/``):
  HTML for browsers (``zgraph.pages.entity``), Turtle, JSON-LD or N-Triples for ``Accept`` (or ``?format=``),
  the entity's own triples plus its evidence (``entity.describe``); ``Vary: Accept``. An IRI the graph does not
  know gets 404 with the nearest names, as HTML or plain text by ``Accept``. ``/id/`` lists every page.
- ``/ontology`` (and its version IRI ``/ontology/<version>``): the ontology, one anchor per term, or its triples.
- ``/source/<report id>.html``: a report's text, with the span of ``#ev-SSSSS-EEEEE`` highlighted.
- ``/query/<name>``: a named query's default view (``zgraph.pages.charts``), run on the Oxigraph child.

The front holds the graph in rdflib for this (loaded once at start, like the child's database, and never changed).
Rendering runs on one worker thread, off the event loop, once per page: pages and RDF are kept in a bounded cache
(``ByteLRU``), and concurrent requests for a page not yet rendered wait for the one rendering. ``base`` is where
pages link to (``zgraph serve --base https://w3id.org/zgraph/``; default: the server's own root).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import httpx
from rdflib import Graph, URIRef
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from zgraph.model.errors import ZGraphError
from zgraph.model.loading import load, load_files
from zgraph.model.names import suggestions
from zgraph.model.namespaces import ZGI, ZGV
from zgraph.model.provenance import report_id
from zgraph.model.sources import report_texts
from zgraph.pages import entity, terms
from zgraph.serve.cache import ByteLRU
from zgraph.serve.negotiate import MEDIA, choose, format_param
from zgraph.serve.supervisor import Supervisor, Unavailable

log = logging.getLogger("zgraph.serve")

LANGS = ("zh", "en")
#: Headers of every answer about an IRI.
COMMON = {"Vary": "Accept", "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"}
#: Bytes of rendered pages and RDF kept (about 1,000 pages of the shipped graph in two languages fit).
PAGE_BYTES = 192 * 1024 * 1024


class Problem(Exception):
    """An answer other than 200: its status and plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers={**COMMON, **(headers or {})})


def normalise_base(base: str | None) -> str:
    """The root pages link from: "/" by default, else the given URL with one trailing slash."""
    if not base:
        return "/"
    return base.rstrip("/") + "/"


class LinkedData:
    """The graph, its pages and the caches behind the routes of the module docstring."""

    def __init__(self, data: Sequence[Path | str] | None = None, base: str | None = None,
                 cache_bytes: int = PAGE_BYTES, g: Graph | None = None) -> None:
        self.g = g if g is not None else load(data)
        self.ontology = load_files([entity_ontology_file()])
        self.base = normalise_base(base)
        self.linker = entity.Linker(self.base)
        self.texts = report_texts(self.g)
        self.sites = {lang: entity.EntitySite(self.g, lang, self.linker, self.texts) for lang in LANGS}
        self.nodes = entity.page_nodes(self.g, static=False)
        self.reports = {report_id(self.g, r): r for r in self.texts}
        self.cache = ByteLRU(cache_bytes)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="zgraph-pages")
        self.rendering: dict[Hashable, asyncio.Future[bytes]] = {}
        self.supervisor: Supervisor | None = None
        self.limit = 10.0

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def warm(self) -> concurrent.futures.Future[Any]:
        """Render two pages in the background, so that the font's base subset (``zgraph.pages.fonts``, about 3 s)
        is built before the first client asks."""
        first = self.nodes[:2]
        return self.pool.submit(lambda: [self.sites["zh"].page(n) for n in first])

    # --- rendering, once per key

    async def once(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The cached bytes of ``key``, made on the worker thread if missing (concurrent callers share one run)."""
        found = self.cache.get(key)
        if isinstance(found, bytes):
            return found
        running = self.rendering.get(key)
        if running is None:
            loop = asyncio.get_running_loop()
            running = asyncio.ensure_future(asyncio.wrap_future(self.pool.submit(make), loop=loop))
            self.rendering[key] = running
            try:
                data = await running
            finally:
                self.rendering.pop(key, None)
            self.cache.put(key, data, len(data))
            return data
        return await asyncio.shield(running)

    # --- request details

    @staticmethod
    def lang(request: Request) -> str:
        lang = request.query_params.get("lang", "zh")
        if lang not in LANGS:
            raise Problem(400, f"unknown language {lang!r}: use lang=zh or lang=en")
        return lang

    @staticmethod
    def wanted(request: Request) -> str:
        given = request.query_params.get("format")
        if given is not None:
            fmt = format_param(given)
            if fmt is None:
                raise Problem(400, f"unknown format {given!r}: use format=html, ttl, jsonld or nt")
            return fmt
        fmt = choose(request.headers.get("accept"))
        if fmt is None:
            raise Problem(406, "not acceptable: this resource is available as text/html, text/turtle, "
                               "application/ld+json and application/n-triples")
        return fmt

    def other_lang(self, path: str, lang: str) -> str:
        return f"{path}?lang={'en' if lang == 'zh' else 'zh'}"

    def respond(self, body: bytes, fmt: str, links: str = "") -> Response:
        headers = dict(COMMON)
        if links:
            headers["Link"] = links
        return Response(body, media_type=MEDIA[fmt], headers=headers)

    # --- routes

    async def resource(self, request: Request) -> Response:
        """``/id/<local>`` and ``/vocab/<local>``."""
        kind = "vocab" if request.url.path.startswith("/vocab/") else "id"
        local = request.path_params["local"]
        try:
            lang, fmt = self.lang(request), self.wanted(request)
        except Problem as p:
            return text(p.status, p.message)
        iri = URIRef(str(ZGV if kind == "vocab" else ZGI) + local)
        if not local or "/" in local or not entity.known(self.g, iri):
            return await self.missing(request, f"{kind}/{local}", local)
        here = f"/{kind}/{local}"
        alternates = ", ".join(f'<{here}?format={f}>; rel="alternate"; type="{MEDIA[f].split(";")[0]}"'
                               for f in ("ttl", "jsonld", "nt"))
        if fmt == "html":
            site = self.sites[lang]
            body = await self.once(("page", kind, local, lang), lambda: site.page(
                iri, other_lang=self.other_lang(self.linker.page(iri) or here, lang)).encode("utf-8"))
        else:
            body = await self.once(("rdf", kind, local, fmt),
                                   lambda: entity.rdf_bytes(entity.describe(self.g, iri), fmt))
        return self.respond(body, fmt, alternates)

    async def missing(self, request: Request, wanted: str, local: str) -> Response:
        lang = request.query_params.get("lang", "zh")
        lang = lang if lang in LANGS else "zh"
        near = await asyncio.wrap_future(self.pool.submit(suggestions, self.g, local.replace("-", " ") or "?"))
        near = near or await asyncio.wrap_future(self.pool.submit(suggestions, self.g, local or "?"))
        if choose(request.headers.get("accept"), ("html", "nt")) == "html":
            page = await asyncio.wrap_future(self.pool.submit(self.sites[lang].not_found, wanted, near))
            return Response(page, status_code=404, media_type=MEDIA["html"], headers=COMMON)
        lines = [f"not found: {wanted}"] + (["did you mean:"] + [f"  {s}" for s in near] if near else [])
        return text(404, "\n".join(lines))

    async def index(self, request: Request) -> Response:
        """``/id/`` (and ``/vocab/``): every page, by class."""
        try:
            lang = self.lang(request)
        except Problem as p:
            return text(p.status, p.message)
        body = await self.once(("index", lang), lambda: self.sites[lang].index_page(self.nodes).encode("utf-8"))
        return self.respond(body, "html")

    async def ontology_doc(self, request: Request) -> Response:
        """``/ontology`` and ``/ontology/<version>``."""
        try:
            lang, fmt = self.lang(request), self.wanted(request)
        except Problem as p:
            return text(p.status, p.message)
        if fmt == "html":
            body = await self.once(("ontology", lang), lambda: terms.ontology_page(
                self.ontology, lang, self.linker).encode("utf-8"))
        else:
            body = await self.once(("ontology-rdf", fmt), lambda: entity.rdf_bytes(self.ontology, fmt))
        return self.respond(body, fmt)

    async def source(self, request: Request) -> Response:
        """``/source/<report id>.html``: the report's text."""
        from zgraph.pages.site import source_page

        name = request.path_params["name"]
        rid = name[:-5] if name.endswith(".html") else name
        report = self.reports.get(rid)
        if report is None:
            return text(404, f"no report {rid!r}; reports: {', '.join(sorted(self.reports))}")
        if not name.endswith(".html"):
            return RedirectResponse(f"/source/{rid}.html", status_code=301)
        try:
            lang = self.lang(request)
        except Problem as p:
            return text(p.status, p.message)
        body = await self.once(("source", rid, lang), lambda: source_page(
            self.g, report, self.texts[report], lang, home=self.linker.home()).encode("utf-8"))
        return self.respond(body, "html")

    async def query_view(self, request: Request) -> Response:
        """``/query/<name>``: the named query's default view, its rows from the Oxigraph child."""
        from zgraph.pages import charts
        from zgraph.sparql.catalogue import get, prepare, sparql_term

        try:
            lang = self.lang(request)
            nq = get(request.path_params["name"])
        except Problem as p:
            return text(p.status, p.message)
        except ZGraphError as e:
            return text(404, str(e))
        params = {k: v for k, v in request.query_params.items() if k in nq.params}
        try:
            sparql = prepare(nq.text, lang, {k: sparql_term(v) for k, v in params.items()} if params else None)
        except ZGraphError as e:
            return text(400, str(e))
        key = ("view", nq.name, lang, tuple(sorted(params.items())))
        found = self.cache.get(key)
        if isinstance(found, bytes):
            return self.respond(found, "html")
        try:
            rows = await self.select(sparql)
        except Problem as p:
            return text(p.status, p.message, p.headers)
        body = await self.once(key, lambda: charts.view_page(
            nq, rows, lang, self.g, charts.ServedLinks(self.base, nq.name, params)).encode("utf-8"))
        return self.respond(body, "html")

    async def select(self, sparql: str) -> bytes:
        """The SPARQL JSON results of ``sparql`` from the current Oxigraph child, within the time limit."""
        assert self.supervisor is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limit
        for attempt in (1, 2):
            try:
                generation, client = await self.supervisor.acquire(deadline)
            except Unavailable:
                raise Problem(503, "the SPARQL server is restarting; try again shortly", {"Retry-After": "1"}) from None
            try:
                async with asyncio.timeout_at(deadline):
                    resp = await client.post("/query", content=sparql.encode("utf-8"), headers={
                        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            except TimeoutError:
                self.supervisor.restart(generation, f"a query ran longer than the time limit of {self.limit:g} s")
                raise Problem(503, f"query stopped: it ran longer than the time limit of {self.limit:g} s") from None
            except httpx.TransportError as e:
                if attempt == 1:
                    await self.supervisor.recover(generation)
                    continue
                raise Problem(502, f"the SPARQL server did not answer: {e or type(e).__name__}") from None
            if resp.status_code != 200:
                raise Problem(502, f"the SPARQL server answered {resp.status_code}: {resp.text[:300]}")
            json.loads(resp.content)  # a broken answer must not be drawn
            return resp.content
        raise Problem(502, "the SPARQL server did not answer")


def entity_ontology_file() -> Path:
    from zgraph.model import paths

    return paths.ONTOLOGY
