"""What the front must never hide: an answer streamed past its buffer arrives whole and byte for byte what Oxigraph
gives locally, and a child that cannot be reached gives 502 — never a 200 (nor a cached or empty answer)."""

from __future__ import annotations

import asyncio
import http.client
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Any

import httpx
import pytest

from zgraph.model.store import load_store
from zgraph.serve.cache import ResponseCache
from zgraph.serve.limits import Limits
from zgraph.serve.proxy import BUFFER, Proxy
from zgraph.serve.supervisor import Unavailable
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.results import serialize

ZGRAPH = str(Path(sys.executable).with_name("zgraph"))
#: Every triple three times over, totally ordered: several MiB of CSV, well past the front's buffer.
LARGE = "SELECT ?s ?p ?o ?k WHERE { ?s ?p ?o . VALUES ?k { 1 2 3 } } ORDER BY ?s ?p ?o ?k"


@pytest.fixture(scope="module")
def server():
    proc = subprocess.Popen([ZGRAPH, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/ ", proc.stdout.readline().decode())
        assert m
        yield int(m.group(1))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        proc.stdout.close()


@pytest.mark.parametrize("fmt,accept", [("csv", "text/csv"), ("json", "application/sparql-results+json")])
def test_a_streamed_answer_arrives_whole_and_byte_identical(server, fmt, accept):
    local = serialize(run_oxigraph(load_store(), LARGE), fmt)
    assert len(local) > 2 * BUFFER  # the front cannot buffer it: it must stream
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=120)
    try:
        conn.request("GET", f"/sparql?{urllib.parse.urlencode({'query': LARGE})}", headers={"Accept": accept})
        resp = conn.getresponse()
        body = resp.read()  # http.client raises IncompleteRead on a chunked answer cut before its last chunk
        assert resp.status == 200 and resp.getheader("Content-Length") is None
        assert resp.getheader("Transfer-Encoding") == "chunked"
        assert len(body) == len(local) and body == local
        # the connection is still good for the next request (the stream ended properly, not by a close)
        conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "text/csv"})
        again = conn.getresponse()
        assert again.status == 200 and again.read() == b"true"
    finally:
        conn.close()


# --- 502: the child cannot be reached ------------------------------------------------------------------------


class Stub:
    """A supervisor whose one child is at ``port`` (nothing there, or a stub that hangs up)."""

    def __init__(self, port: int) -> None:
        self.client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=None, trust_env=False)
        self.recovered = 0

    async def acquire(self, deadline: float) -> tuple[int, httpx.AsyncClient]:
        return 0, self.client

    async def recover(self, generation: int) -> None:
        self.recovered += 1

    def restart(self, generation: int, why: str) -> None:
        pass

    def check(self, generation: int) -> bool:
        return False


class Unreachable(Stub):
    async def acquire(self, deadline: float) -> tuple[int, httpx.AsyncClient]:
        raise Unavailable


def refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: connecting is refused


class HangUp:
    """A stub child that accepts every connection, reads the request and closes without a word."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.served = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                self.served += 1

    def close(self) -> None:
        self.sock.close()


def ask(stub: Any, cache: ResponseCache | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        proxy = Proxy(stub, 5.0, Limits(), cache)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=proxy), base_url="http://front") as c:
            return await c.get("/sparql?query=ASK%7B%7D", headers={"Accept": "text/csv"})

    return asyncio.run(go())


def test_a_refused_connection_is_a_502_not_a_200():
    stub = Stub(refused_port())
    resp = ask(stub)
    assert resp.status_code == 502, (resp.status_code, resp.text)
    assert resp.headers["content-type"].startswith("text/plain") and "did not answer" in resp.text
    assert stub.recovered == 1  # it was retried once, after asking the supervisor to recover


def test_a_child_that_hangs_up_is_a_502_and_nothing_is_cached():
    child = HangUp()
    try:
        cache = ResponseCache(1 << 20)
        stub = Stub(child.port)
        for _ in range(2):
            resp = ask(stub, cache)
            assert resp.status_code == 502, (resp.status_code, resp.text)
        assert child.served >= 2 and len(cache.lru) == 0
    finally:
        child.close()


def test_no_child_at_all_is_a_503_with_retry_after():
    resp = ask(Unreachable(refused_port()))
    assert resp.status_code == 503 and resp.headers["retry-after"] == "1"


# --- many clients, one slow query: one evaluation ------------------------------------------------------------


class Slow:
    """A stub child that answers every request after a pause with the same large body (past the front's buffer),
    counting how many it was asked."""

    BODY = b"x\r\n" + b"".join(b"%08d\r\n" % i for i in range(2 * BUFFER // 10 + 1000))

    def __init__(self) -> None:
        import http.server
        import time

        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.served += 1
                time.sleep(0.3)
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(len(outer.BODY)))
                self.end_headers()
                self.wfile.write(outer.BODY)

            def log_message(self, *args: object) -> None:
                pass

        self.served = 0
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_clients_asking_one_slow_query_at_once_share_one_evaluation_and_a_streamed_answer_is_kept():
    child = Slow()
    try:
        cache = ResponseCache(64 << 20)

        async def go() -> list[httpx.Response]:
            proxy = Proxy(Stub(child.port), 30.0, Limits(), cache)  # type: ignore[arg-type]
            transport = httpx.ASGITransport(app=proxy)
            async with httpx.AsyncClient(transport=transport, base_url="http://front", timeout=60) as c:
                def one() -> Any:
                    return c.get("/sparql?query=SELECT%20*%20%7B%7D", headers={"Accept": "text/csv"})
                first = await asyncio.gather(*(one() for _ in range(10)))
                return [*first, await one()]

        answers = asyncio.run(go())
        assert len(Slow.BODY) > BUFFER  # streamed, not buffered, by the front
        assert all(r.status_code == 200 and r.content == Slow.BODY for r in answers)
        assert child.served == 1  # ten at once: one evaluation; the eleventh: from the cache
    finally:
        child.close()
