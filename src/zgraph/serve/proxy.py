"""Passing a request to the current Oxigraph child and its answer back, within the time limit.

The time limit covers the whole exchange with Oxigraph: its answer's head and every piece of its body. Past it,
the child is replaced (the only way to stop the query, see ``supervisor``); before anything was sent the client
gets 503, after that its connection is dropped, so that a cut-off answer never looks complete. A request whose
connection to Oxigraph broke (its child was replaced, or died) is sent once more, to the new child.

Answers up to ``BUFFER`` bytes are sent with a ``Content-Length``; longer ones are streamed (chunked, or until
the connection closes for an HTTP/1.0 client) as Oxigraph writes them. A buffered 200 answer to a SPARQL request
is kept in the ``ResponseCache`` (``cache``) and the same request is answered from it, without Oxigraph. Answers
on ``/sparql`` and ``/query`` carry ``Access-Control-Allow-Origin: *`` (the data is public and read-only), so
other web tools can query the endpoint from a browser.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from zgraph.serve.cache import ResponseCache
from zgraph.serve.guard import BUSY, answer
from zgraph.serve.limits import Limits
from zgraph.serve.supervisor import Supervisor, Unavailable

log = logging.getLogger("zgraph.serve")

#: Headers that belong to one connection (or one server) and are not passed through.
HOP_BY_HOP = {b"connection", b"keep-alive", b"proxy-authenticate", b"proxy-authorization", b"proxy-connection",
              b"te", b"trailer", b"trailers", b"transfer-encoding", b"upgrade", b"host", b"content-length",
              b"server", b"date"}
BUFFER = 1024 * 1024
#: Paths of the SPARQL protocol (CORS, the response cache).
SPARQL_PATHS = (b"/sparql", b"/query")
CORS = (b"access-control-allow-origin", b"*")


#: Oxigraph answers 500 when a query asks for something it does not support (an unknown function, say): that is
#: the client's mistake, so the front answers 400 with Oxigraph's message.
UNSUPPORTED = b"is not supported"


def client_status(status: int, body: bytes) -> int:
    """The status to send for Oxigraph's answer: 400 for a query Oxigraph refuses as unsupported, else its own."""
    return 400 if status == 500 and UNSUPPORTED in body[:2000] else status


class Cut(Exception):
    """The answer was cut off after it started (the client connection must be dropped)."""


class Proxy:
    """The ASGI endpoint for everything but the landing page."""

    def __init__(self, supervisor: Supervisor, limit: float, limits: Limits,
                 cache: ResponseCache | None = None) -> None:
        self.supervisor, self.limit, self.limits = supervisor, limit, limits
        self.cache = cache if cache is not None else ResponseCache(0)
        #: Cacheable requests on their way to Oxigraph: the same request arriving meanwhile waits for that answer
        #: (one evaluation, not one per client, when many ask the same slow query at once).
        self.inflight: dict[tuple, asyncio.Event] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = scope.get("zgraph.body")
        if body is None:  # not behind Guard
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
        path: bytes = scope.get("raw_path") or scope["path"].encode()
        if path == b"/yasgui" or path.startswith(b"/yasgui/"):
            path = path[len(b"/yasgui"):] or b"/"
        if scope.get("query_string"):
            path += b"?" + scope["query_string"]
        headers = [(k, v) for k, v in scope["headers"] if k not in HOP_BY_HOP]
        if not any(k == b"accept-encoding" for k, _ in headers):
            headers.append((b"accept-encoding", b"identity"))  # httpx would ask for gzip in the client's name
        key = self.cache.key(scope["method"], path, headers, body) if self.cache.enabled else None
        kept = self.cache.get(key)
        if kept is None and key is not None and key in self.inflight:
            await self.inflight[key].wait()  # the first asker's answer (within its time limit) fills the cache
            kept = self.cache.get(key)
        if kept is not None:
            await self.write(send, {"type": "http.response.start", "status": kept.status,
                                    "headers": [*kept.headers, (b"content-length", str(len(kept.body)).encode())]})
            await self.write(send, {"type": "http.response.body", "body": kept.body, "more_body": False})
            return
        leader = key if key is not None and key not in self.inflight else None
        if leader is not None:
            self.inflight[leader] = asyncio.Event()
        try:
            await self.forward(scope, receive, send, path, headers, body, key)
        except Cut:
            abort = (scope.get("extensions") or {}).get("zgraph.abort")
            if abort is not None:
                abort()
                for _ in range(3):  # let uvicorn see the connection gone before this request ends
                    await asyncio.sleep(0)
        finally:
            if leader is not None:
                self.inflight.pop(leader).set()

    async def forward(self, scope: dict[str, Any], receive: Any, send: Any, path: bytes,
                      headers: list[tuple[bytes, bytes]], body: bytes, key: tuple | None = None) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limit
        method = scope["method"]
        for attempt in (1, 2):
            try:
                generation, client = await self.supervisor.acquire(deadline)
            except Unavailable:
                await answer(send, 503, "the SPARQL server is restarting; try again shortly", headers=[BUSY])
                return
            try:
                url = httpx.URL(scheme="http", host="127.0.0.1", port=client.base_url.port, raw_path=path)
            except httpx.InvalidURL:  # h11 lets through targets that are not a URL path, e.g. with a '#'
                await answer(send, 400, "bad request: the request target is not a valid path and query")
                return
            request = client.build_request(method, url, headers=headers, content=body)
            resp: httpx.Response | None = None
            try:
                async with asyncio.timeout_at(deadline):
                    resp = await client.send(request, stream=True)
                    chunks = resp.aiter_raw()
                    data, size, done = [], 0, False
                    while size <= BUFFER:
                        chunk = await anext(chunks, None)
                        if chunk is None:
                            done = True
                            break
                        data.append(chunk)
                        size += len(chunk)
            except TimeoutError:
                if resp is not None:
                    await resp.aclose()
                self.supervisor.restart(generation, f"a query ran longer than the time limit of {self.limit:g} s")
                await answer(send, 503, f"query stopped: it ran longer than the time limit of {self.limit:g} s")
                return
            except httpx.TransportError as e:
                if resp is not None:
                    await resp.aclose()
                if attempt == 1:
                    await self.supervisor.recover(generation)
                    continue
                await answer(send, 502, f"the SPARQL server did not answer: {e or type(e).__name__}")
                return
            break
        assert resp is not None
        out = [(k.lower(), v) for k, v in resp.headers.raw if k.lower() not in HOP_BY_HOP]
        if path.partition(b"?")[0] in SPARQL_PATHS and not any(k == CORS[0] for k, _ in out):
            out.append(CORS)
        if done:
            await resp.aclose()
            whole = b"".join(data)
            status = client_status(resp.status_code, whole)
            if method != "HEAD":
                self.cache.put(key, status, out, whole)
            if method == "HEAD" and "content-length" in resp.headers:
                out.append((b"content-length", resp.headers["content-length"].encode("latin-1")))
            elif method != "HEAD":
                out.append((b"content-length", str(size).encode()))
            await self.write(send, {"type": "http.response.start", "status": status, "headers": out})
            await self.write(send, {"type": "http.response.body", "body": whole, "more_body": False})
            return
        try:
            await self.stream(send, receive, resp, chunks, out, data, generation, deadline,
                              key if method != "HEAD" else None)
        finally:
            await resp.aclose()

    async def stream(self, send: Any, receive: Any, resp: httpx.Response, chunks: Any,
                     out: list[tuple[bytes, bytes]], data: list[bytes], generation: int, deadline: float,
                     key: tuple | None = None) -> None:
        """Send the head and what was read, then the rest as it comes; stop if the client goes away. A complete
        answer of a cacheable request (``key``) up to an eighth of the cache is kept too."""
        gone = asyncio.ensure_future(disconnected(receive))
        keep: list[bytes] | None = list(data) if key is not None and self.cache.enabled else None
        size = sum(len(d) for d in data)
        try:
            await self.write(send, {"type": "http.response.start", "status": resp.status_code, "headers": out})
            await self.write(send, {"type": "http.response.body", "body": b"".join(data), "more_body": True})
            while True:
                try:
                    async with asyncio.timeout_at(deadline):
                        chunk = await anext(chunks, None)
                except TimeoutError:
                    self.supervisor.restart(generation,
                                            f"a streamed answer ran longer than the time limit of {self.limit:g} s")
                    raise Cut from None
                except httpx.TransportError:
                    self.supervisor.check(generation)
                    raise Cut from None
                if gone.done():
                    raise Cut
                if chunk is None:
                    await self.write(send, {"type": "http.response.body", "body": b"", "more_body": False})
                    if keep is not None:
                        self.cache.put(key, resp.status_code, out, b"".join(keep))
                    return
                if keep is not None:
                    size += len(chunk)
                    if size <= self.cache.lru.max_bytes // 8:
                        keep.append(chunk)
                    else:
                        keep = None
                await self.write(send, {"type": "http.response.body", "body": chunk, "more_body": True})
        finally:
            gone.cancel()

    async def write(self, send: Any, message: dict[str, Any]) -> None:
        """One ASGI send, within ``write_timeout``: a client that stops reading loses its connection."""
        try:
            async with asyncio.timeout(self.limits.write_timeout):
                await send(message)
        except TimeoutError:
            raise Cut from None


async def disconnected(receive: Any) -> None:
    """Returns once the client has closed its connection."""
    while (await receive())["type"] != "http.disconnect":
        pass
