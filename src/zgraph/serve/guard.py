"""The front's limits on what a client may send, as ASGI middleware (the HTTP parsing itself is uvicorn's and h11's).

``Guard`` runs before anything else, once uvicorn has parsed a request's head:

- more than ``max_inflight`` requests at once: 503 with ``Retry-After``;
- an HTTP version other than 1.0 and 1.1 (h11 takes ``HTTP/9.9`` for 1.1): 505;
- more than ``max_headers`` header fields, or more than ``max_header_bytes`` of them: 431 (a head larger than
  h11's buffer, the same size, gets 431 from ``protocol.GuardedH11`` before it gets here);
- a POST, PUT or PATCH with neither ``Content-Length`` nor ``Transfer-Encoding: chunked``: 411;
- a declared length over ``max_body``, or a chunked body that grows past it: 413 at once. So that a client
  still busy sending can read that answer (closing on unread data makes the kernel send a reset, which loses
  it), the rest of the body is read and dropped, up to ``DRAIN_FACTOR`` × ``max_body`` and within
  ``client_timeout`` (``protocol.GuardedH11`` enforces both); a longer declared body, or a client waiting for
  ``100 Continue``, gets the 413 with the connection closed;
- a body not received within ``client_timeout`` seconds: 408, and the connection is closed.

The body, decoded by h11 if chunked, is read whole (it is at most ``max_body``) and handed on in
``scope["zgraph.body"]``; the request is passed on with a ``receive`` that replays it.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from zgraph.serve.limits import Limits

Scope = dict[str, Any]
BODY_METHODS = {"POST", "PUT", "PATCH"}
DRAIN_FACTOR = 16


def text_response(status: int, message: str, *, close: bool = False,
                  headers: list[tuple[bytes, bytes]] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two ASGI messages of a short plain-text answer."""
    body = (message + "\n").encode("utf-8")
    head = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
            *(headers or [])]
    if close:
        head.append((b"connection", b"close"))
    return ({"type": "http.response.start", "status": status, "headers": head},
            {"type": "http.response.body", "body": body, "more_body": False})


def raw_response(status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> bytes:
    """The same answer as bytes on the wire, with ``Connection: close`` (for answers sent outside ASGI)."""
    start, body = text_response(status, message, close=True, headers=headers)
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}".encode()]
    lines += [k + b": " + v for k, v in start["headers"]]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body["body"]


async def answer(send: Any, status: int, message: str, **kw: Any) -> None:
    for m in text_response(status, message, **kw):
        await send(m)


BUSY = (b"retry-after", b"1")


class Guard:
    """ASGI middleware enforcing ``Limits`` (see the module docstring)."""

    def __init__(self, app: Any, limits: Limits) -> None:
        self.app, self.limits = app, limits
        self.inflight = 0

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.inflight >= self.limits.max_inflight:
            await answer(send, 503, f"too many requests at once (more than {self.limits.max_inflight}); "
                         "try again shortly", headers=[BUSY])
            return
        self.inflight += 1
        try:
            await self.guarded(scope, receive, send)
        finally:
            self.inflight -= 1

    async def guarded(self, scope: Scope, receive: Any, send: Any) -> None:
        limits = self.limits
        if scope.get("http_version") not in ("1.0", "1.1"):
            await answer(send, 505, "HTTP version not supported: use HTTP/1.1 or 1.0", close=True)
            return
        headers = scope["headers"]
        if len(headers) > limits.max_headers:
            await answer(send, 431, f"too many header fields (more than {limits.max_headers})", close=True)
            return
        if sum(len(k) + len(v) + 4 for k, v in headers) > limits.max_header_bytes:
            await answer(send, 431, f"request headers too large (more than {limits.max_header_bytes} bytes)",
                         close=True)
            return
        length: int | None = None
        chunked = expect = False
        for k, v in headers:
            if k == b"content-length":
                length = int(v)  # h11 has checked it: digits, and one value
            elif k == b"transfer-encoding":
                chunked = True  # h11 accepts only chunked
            elif k == b"expect":
                expect = True
        if chunked:
            length = None
        if length is None and not chunked:
            if scope["method"] in BODY_METHODS:
                await answer(send, 411, f"a {scope['method']} request needs a Content-Length header "
                             "(or Transfer-Encoding: chunked)", close=True)
                return
            length = 0
        if length is not None and length > limits.max_body:
            drain = length <= DRAIN_FACTOR * limits.max_body and not expect
            await answer(send, 413, f"request body too large (more than {limits.max_body} bytes)", close=not drain)
            return
        body = b""
        if length != 0:
            parts: list[bytes] = []
            size = 0
            loop = asyncio.get_running_loop()
            deadline = loop.time() + limits.client_timeout
            more = True
            while more:
                try:
                    async with asyncio.timeout_at(deadline):
                        message = await receive()
                except TimeoutError:
                    await answer(send, 408, f"request body not received within {limits.client_timeout:g} s",
                                 close=True)
                    return
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limits.max_body:
                    await answer(send, 413, f"request body too large (more than {limits.max_body} bytes)",
                                 close=expect)
                    return
                parts.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(parts)
        scope["zgraph.body"] = body
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
