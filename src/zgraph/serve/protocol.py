"""uvicorn's h11 protocol, with the few things it leaves out: a deadline for the client, 431, and a connection cap.

What uvicorn 0.54 with h11 0.16 does by itself (checked with raw sockets, see tests/test_serve_faults.py): a bad,
negative or doubled ``Content-Length``, a ``Transfer-Encoding`` other than chunked, HTTP/0.9 and garbage bytes
get 400 and the connection is closed; chunked bodies are decoded; HTTP/1.0 works; an idle kept-alive connection
is closed after ``timeout_keep_alive``. What it does not do, and ``GuardedH11`` adds:

- **A client deadline.** uvicorn waits forever for a request head that never ends (one header line every
  minute keeps a connection open for good). Here a client has ``client_timeout`` seconds from its first byte
  to finish the head: then it gets 408 and the connection is closed (a connection that sent nothing is just
  closed). The same deadline, and a size (``DRAIN_FACTOR`` × ``max_body``), bound the reading of a body that
  is dropped after an early answer (413).
- **431 for a head over h11's buffer** (``h11_max_incomplete_event_size``): h11 says 431, uvicorn sends 400.
  The answers to protocol errors also get a length, and the log line moves to INFO (``--verbose``).
- **A cap on connections** (``max_connections``), answered 503 with ``Retry-After``, instead of uvicorn's
  ``limit_concurrency`` (which counts idle kept-alive connections and answers without ``Retry-After``).
- **A way to drop a connection** for the front (``scope["extensions"]["zgraph.abort"]``): an answer cut off
  mid-way (a runaway streamed result, a client that stops reading) must not look complete.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from zgraph.serve.guard import BUSY, DRAIN_FACTOR, answer, raw_response
from zgraph.serve.limits import Limits

log = logging.getLogger("zgraph.serve")

MESSAGES = {
    400: "bad request: not valid HTTP/1.1",
    431: "request headers too large",
    501: "not implemented: only chunked transfer encoding is supported",
    505: "HTTP version not supported",
}


class UvicornNoise(logging.Filter):
    """Drops uvicorn's own warning for a malformed request (``GuardedH11`` logs it at INFO, with h11's reason)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "Invalid HTTP request received."


class GuardedH11(H11Protocol):
    """``H11Protocol`` with the additions in the module docstring; ``limits`` is set by a subclass."""

    limits: Limits = Limits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_concurrency = None  # replaced by the cap in ``app``
        self.error: h11.RemoteProtocolError | None = None
        self.client_timer: asyncio.TimerHandle | None = None
        self.drained = 0
        next_event = self.conn.next_event

        def remember_error() -> Any:
            try:
                return next_event()
            except h11.RemoteProtocolError as e:
                self.error = e
                raise

        self.conn.next_event = remember_error  # type: ignore[method-assign]
        inner_app = self.app

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            scope["extensions"] = {**(scope.get("extensions") or {}), "zgraph.abort": self.abort}
            if len(self.connections) > self.limits.max_connections:
                await answer(send, 503, f"too many connections (more than {self.limits.max_connections}); "
                             "try again shortly", close=True, headers=[BUSY])
                return
            await inner_app(scope, receive, send)

        self.app = app

    # --- the client deadline ---

    def waiting_for_client(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # asyncio sets this only on sockets made with proto=IPPROTO_TCP, which socket.create_server's are not;
            # without it the answer's head and body wait for the client's delayed ACK (40 ms a request)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.arm()

    def arm(self) -> None:
        if self.client_timer is None:
            self.client_timer = self.loop.call_later(self.limits.client_timeout, self.client_too_slow)

    def disarm(self) -> None:
        if self.client_timer is not None:
            self.client_timer.cancel()
            self.client_timer = None

    def data_received(self, data: bytes) -> None:
        if self.waiting_for_client():
            self.arm()
            if self.cycle is not None and self.conn.their_state is h11.SEND_BODY:  # the rest of a refused body
                self.drained += len(data)
                if self.drained > DRAIN_FACTOR * self.limits.max_body:
                    self.transport.close()
                    return
        super().data_received(data)
        if not self.waiting_for_client():
            self.disarm()
            self.drained = 0

    def connection_lost(self, exc: Exception | None) -> None:
        self.disarm()
        super().connection_lost(exc)

    def client_too_slow(self) -> None:
        self.client_timer = None
        if self.transport.is_closing() or not self.waiting_for_client():
            return
        partial_head = self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]
        if partial_head:
            log.info("%s: request head not received within %g s: 408", self.peer(), self.limits.client_timeout)
            self.transport.write(raw_response(408, f"request head not received within "
                                                   f"{self.limits.client_timeout:g} s"))
        self.transport.close()

    # --- protocol errors ---

    def send_400_response(self, msg: str) -> None:
        hint = self.error.error_status_hint if self.error is not None else 400
        status = hint if hint in MESSAGES else 400
        reason = str(self.error) if self.error is not None else msg
        log.info("%s: %s: %d", self.peer(), reason, status)
        if not self.transport.is_closing():
            self.transport.write(raw_response(status, MESSAGES[status]))
            self.transport.close()

    # --- helpers ---

    def abort(self) -> None:
        """Drop the connection now (what was written and not yet sent is lost, as it must be)."""
        self.transport.abort()

    def peer(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "client"
