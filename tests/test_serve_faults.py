"""`zgraph serve` against malformed and hostile clients: raw sockets, every answer's status, and the server still
answering a good query afterwards, with no traceback in its log.

What answers each case (checked here): uvicorn/h11 by itself for bad Content-Length values, garbage bytes and
HTTP/1.0; zgraph.serve.protocol for slow request heads (408), heads over h11's buffer (431) and protocol errors
with a length; zgraph.serve.guard for 411, 413, 431 (header count or size), slow bodies (408) and 503 when busy.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from zgraph.sparql.catalogue import get, named_queries, prepare

ZGRAPH = str(Path(sys.executable).with_name("zgraph"))
MAX_BODY = 64 * 1024
MAX_CONCURRENT = 8
CLIENT_TIMEOUT = 1.5
LIMIT = 2
ASK = b"ASK { ?s ?p ?o }"
WAIT = 30  # seconds a test waits for any answer: far beyond every limit above, only there to never hang


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`zgraph serve` with small limits; yields (port, path of its stderr log)."""
    log = tmp_path_factory.mktemp("serve-faults") / "stderr.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([ZGRAPH, "serve", "--port", "0", "--timeout", str(LIMIT), "--max-body", str(MAX_BODY),
                                 "--max-concurrent", str(MAX_CONCURRENT), "--client-timeout", str(CLIENT_TIMEOUT)],
                                stdout=subprocess.PIPE, stderr=err)
    try:
        line = proc.stdout.readline().decode()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/ ", line)
        assert m, f"no address in {line!r}: {log.read_text()}"
        yield int(m.group(1)), log
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    assert proc.returncode == 0


@pytest.fixture
def port(served):
    return served[0]


class Raw:
    """One client connection, driven byte by byte."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)

    def send(self, data: bytes) -> Raw:
        self.sock.sendall(data)
        return self

    def response(self) -> http.client.HTTPResponse:
        """The next answer on this connection, read whole (by its length, chunks, or until the close)."""
        resp = http.client.HTTPResponse(self.sock)
        resp.begin()
        resp.body = resp.read()
        return resp

    def closed(self) -> bool:
        """Whether the server has closed the connection (waits for it, up to WAIT)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()


def exchange(port: int, data: bytes) -> tuple[http.client.HTTPResponse, bool]:
    """Send ``data``; return the answer and whether it said it closes the connection (then checked: it did)."""
    raw = Raw(port).send(data)
    try:
        resp = raw.response()
        if resp.will_close:
            assert raw.closed()
        return resp, resp.will_close
    finally:
        raw.close()


def head(method: str = "POST", path: str = "/sparql", *extra: str, version: str = "1.1") -> bytes:
    lines = [f"{method} {path} HTTP/{version}"]
    if version == "1.1":
        lines.append("Host: 127.0.0.1")
    lines += ["Content-Type: application/sparql-query", "Accept: application/sparql-results+json", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def assert_plain(resp: http.client.HTTPResponse, status: int) -> None:
    assert resp.status == status, (resp.status, resp.body)
    assert resp.getheader("Content-Type", "").startswith("text/plain")
    assert 0 < len(resp.body) < 200 and resp.body.endswith(b"\n")


def ask_true(port: int) -> bool:
    """A good query, on a fresh connection."""
    resp, _ = exchange(port, head("POST", "/sparql", f"Content-Length: {len(ASK)}") + ASK)
    return resp.status == 200 and json.loads(resp.body) == {"head": {}, "boolean": True}


@pytest.fixture(autouse=True)
def still_answers(port):
    """After every test, the server answers a good query."""
    yield
    assert ask_true(port)


# --- lengths and bodies -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "-5", "5, 6", "1e3", "0x10", ""])
def test_bad_content_length_is_400_and_closes(port, value):
    resp, closed = exchange(port, head("POST", "/sparql", f"Content-Length: {value}") + ASK)
    assert_plain(resp, 400)
    assert closed


def test_conflicting_content_lengths_are_400(port):
    resp, closed = exchange(port, head("POST", "/sparql", "Content-Length: 3", "Content-Length: 4") + ASK)
    assert_plain(resp, 400)
    assert closed


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_missing_length_is_411(port, method):
    resp, closed = exchange(port, head(method, "/sparql"))
    assert_plain(resp, 411)
    assert closed


def chunked(body: bytes, size: int) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in pieces) + b"0\r\n\r\n"


@pytest.mark.parametrize("size", [1, 5, 1000])
def test_chunked_body_is_decoded_and_answered(port, size):
    text = prepare(get("pairings").text, "zh").encode("utf-8")
    direct, _ = exchange(port, head("POST", "/sparql", f"Content-Length: {len(text)}") + text)
    resp, _ = exchange(port, head("POST", "/sparql", "Transfer-Encoding: chunked") + chunked(text, size))
    assert resp.status == direct.status == 200
    assert resp.body == direct.body and len(json.loads(resp.body)["results"]["bindings"]) == 9


def test_chunked_form_body_with_keep_alive(port):
    form = urllib.parse.urlencode({"query": ASK.decode()}).encode()
    raw = Raw(port)
    try:
        for _ in range(3):  # the same connection serves one request after another
            raw.send(head("POST", "/sparql", "Transfer-Encoding: chunked").replace(
                b"application/sparql-query", b"application/x-www-form-urlencoded") + chunked(form, 7))
            resp = raw.response()
            assert resp.status == 200 and json.loads(resp.body)["boolean"] is True
    finally:
        raw.close()


def test_declared_body_over_the_limit_is_413_before_it_is_sent(port):
    resp, closed = exchange(port, head("POST", "/sparql", "Content-Length: 20971520"))
    assert_plain(resp, 413)
    assert closed  # 20 MB is past what the front reads and drops


def test_body_a_little_over_the_limit_is_read_and_dropped_and_the_connection_goes_on(port):
    raw = Raw(port)
    try:
        raw.send(head("POST", "/sparql", f"Content-Length: {MAX_BODY + 1}") + b"#" * (MAX_BODY + 1))
        assert_plain(raw.response(), 413)
        raw.send(head("POST", "/sparql", f"Content-Length: {len(ASK)}") + ASK)
        assert raw.response().status == 200
    finally:
        raw.close()


def test_huge_body_sent_whole_still_gets_its_413(port):
    raw = Raw(port)
    try:
        try:
            raw.send(head("POST", "/sparql", "Content-Length: 20971520") + b"#" * 20971520)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the front closed after answering: what matters is that the answer arrived
        assert_plain(raw.response(), 413)
    finally:
        raw.close()


def test_chunked_body_over_the_limit_is_413(port):
    body = b"#" * (MAX_BODY + 10)
    resp, _ = exchange(port, head("POST", "/sparql", "Transfer-Encoding: chunked") + chunked(body, 4096))
    assert_plain(resp, 413)


def test_expect_100_continue_over_the_limit_is_413_without_waiting_for_the_body(port):
    resp, closed = exchange(port, head("POST", "/sparql", f"Content-Length: {MAX_BODY * 2}", "Expect: 100-continue"))
    assert_plain(resp, 413)
    assert closed


def test_expect_100_continue_within_the_limit_works(port):
    raw = Raw(port)
    try:
        raw.send(head("POST", "/sparql", f"Content-Length: {len(ASK)}", "Expect: 100-continue"))
        assert raw.sock.recv(100).startswith(b"HTTP/1.1 100 ")
        raw.send(ASK)
        assert raw.response().status == 200
    finally:
        raw.close()


# --- heads ------------------------------------------------------------------------------------------------


def test_too_many_header_fields_is_431(port):
    resp, closed = exchange(port, head("GET", "/", *(f"X-Flood-{i}: y" for i in range(1000))))
    assert_plain(resp, 431)
    assert closed


def test_large_header_in_one_piece_is_431(port):
    resp, closed = exchange(port, head("GET", "/", "X-Big: " + "a" * 40000))
    assert_plain(resp, 431)
    assert closed


def test_large_header_arriving_slowly_is_431(port):
    raw = Raw(port)
    try:
        raw.send(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10000)
        for _ in range(3):  # past h11's buffer (16 KiB) while still incomplete
            raw.send(b"a" * 5000)
        assert_plain(raw.response(), 431)
        assert raw.closed()
    finally:
        raw.close()


# --- slow clients -----------------------------------------------------------------------------------------


def test_a_head_that_never_ends_gets_408(port):
    raw = Raw(port).send(b"GET / HTTP/1.1\r\nHost: x\r\n")
    try:
        assert_plain(raw.response(), 408)
        assert raw.closed()
    finally:
        raw.close()


def test_a_body_that_never_comes_gets_408(port):
    raw = Raw(port).send(head("POST", "/sparql", "Content-Length: 100") + b"ASK")
    try:
        assert_plain(raw.response(), 408)
        assert raw.closed()
    finally:
        raw.close()


def test_a_connection_that_sends_nothing_is_closed(port):
    raw = Raw(port)
    try:
        assert raw.closed()
    finally:
        raw.close()


def test_slow_clients_do_not_hold_up_others(port):
    sleepers = [Raw(port).send(b"GET / HTTP/1.1\r\nHost: x\r\n") for _ in range(MAX_CONCURRENT * 2)]
    try:
        for _ in range(5):
            assert ask_true(port)
    finally:
        for s in sleepers:
            s.close()


# --- versions and garbage ---------------------------------------------------------------------------------


def test_http_1_0_get_and_post(port):
    resp, closed = exchange(port, f"GET /sparql?query={urllib.parse.quote(ASK)} HTTP/1.0\r\n"
                                  "Accept: text/csv\r\n\r\n".encode())
    assert resp.status == 200 and resp.body == b"true" and closed
    resp, closed = exchange(port, head("POST", "/sparql", f"Content-Length: {len(ASK)}", version="1.0") + ASK)
    assert resp.status == 200 and json.loads(resp.body)["boolean"] is True and closed
    resp, _ = exchange(port, head("POST", "/sparql", version="1.0"))
    assert_plain(resp, 411)
    resp, closed = exchange(port, b"GET / HTTP/1.0\r\n\r\n")
    assert resp.status == 200 and b"<textarea" in resp.body and closed


def test_http_1_0_streamed_answer_ends_with_the_connection(port):
    """An answer over the front's buffer is streamed; to an HTTP/1.0 client, until the connection closes."""
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    resp, closed = exchange(port, f"GET /sparql?query={urllib.parse.quote(text)} HTTP/1.0\r\n"
                                  "Accept: text/tab-separated-values\r\n\r\n".encode())
    lines = resp.body.decode("utf-8").splitlines()
    assert resp.status == 200 and resp.getheader("Content-Length") is None and closed
    assert lines[0] == "?s\t?p\t?o" and len(lines) > 8000


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\xff\xfe garbage\r\n\r\n",
    b"HELLO\r\n\r\n",
    b"GET /\r\n\r\n",  # HTTP/0.9
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX: \x00\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET / HTTP/1.1\r\n\r\n",  # no Host
    b"\r\n" * 10 + b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # a TLS hello, sort of
])
def test_garbage_gets_400_501_or_505_and_a_close(port, data):
    resp, closed = exchange(port, data)
    assert resp.status in (400, 501, 505), (data, resp.status, resp.body)
    assert resp.getheader("Content-Type", "").startswith("text/plain") and closed


@pytest.mark.parametrize("target", [b"/sparql#frag", b"/sparql?query=%", b"/%zz", b"//x", b"*", b"/\xff\xfe",
                                    b"http://example.org/sparql?query=ASK%7B%7D", b"/yasgui/../../etc/passwd",
                                    b"/sparql?query=ASK%7B%3Fs%20%3Fp%20%22\xe8\xb6\x8a%22%7D"])
def test_odd_request_targets_get_a_4xx(port, target):
    resp, _ = exchange(port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nX-Raw: \xe8\xb6\x8a\r\n\r\n")
    assert 400 <= resp.status < 500, (target, resp.status, resp.body)


def test_random_garbage(port):
    rng = random.Random(20240601)
    for _ in range(40):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))) + b"\r\n\r\n"
        resp, closed = exchange(port, data)
        assert resp.status in (400, 501) and closed, (data, resp.status)


def test_a_streamed_answer_cut_at_the_time_limit_does_not_look_complete(port, served):
    """A result that streams past the time limit: the connection is dropped before the last chunk."""
    text = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 68 million rows, streamed as Oxigraph finds them
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                     headers={"Accept": "text/tab-separated-values"})
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Transfer-Encoding") == "chunked"
        with pytest.raises(http.client.IncompleteRead):
            while resp.read(1 << 20):
                pass
    finally:
        conn.close()
    deadline = time.monotonic() + WAIT  # the line is written once the new Oxigraph answers
    while "a streamed answer ran longer than the time limit" not in served[1].read_text():
        assert time.monotonic() < deadline, served[1].read_text()
        time.sleep(0.05)


# --- load -------------------------------------------------------------------------------------------------


def test_more_requests_than_the_limit_get_503_with_retry_after(port):
    holders = [Raw(port).send(head("POST", "/sparql", "Content-Length: 100")) for _ in range(MAX_CONCURRENT)]
    try:
        extra = [exchange(port, head("POST", "/sparql", f"Content-Length: {len(ASK)}") + ASK)[0] for _ in range(3)]
        busy = [r for r in extra if r.status == 503]
        assert busy, [r.status for r in extra]
        for r in busy:
            assert r.getheader("Retry-After") == "1" and b"too many requests" in r.body
    finally:
        for h in holders:
            h.close()


def test_clients_that_vanish_mid_request_leave_no_trace(port):
    for data in [head("POST", "/sparql", "Content-Length: 50") + b"ASK", b"GET / HTTP/1.1\r\nHo",
                 f"GET /sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o }')} HTTP/1.1\r\n"
                 "Host: x\r\n\r\n".encode()]:
        raw = Raw(port).send(data)
        raw.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        raw.close()  # a reset, not a polite close


# --- 1,000 malformed SPARQL queries -----------------------------------------------------------------------

PUNCT = list("{}()<>?.;,\"'#*^|!=&$@\\") + ["SELECT", "WHERE", "FILTER(", "OPTIONAL", "}}", "<<", "\x00", "\u00e9"]


def mutate(text: str, rng: random.Random) -> str:
    """Break a query: cut a span out, insert a stray token, swap brackets, or truncate it."""
    kind = rng.randrange(4)
    i = rng.randrange(len(text))
    if kind == 0:
        return text[:i] + text[i + rng.randrange(1, 40):]
    if kind == 1:
        return text[:i] + rng.choice(PUNCT) + text[i:]
    if kind == 2:
        return text.replace(rng.choice("{}()"), rng.choice("{}()<>"), 1)
    return text[:i]


def test_a_thousand_malformed_queries(port):
    rng = random.Random(4)
    texts = [prepare(q.text, "zh") for q in named_queries()]
    statuses: dict[int, int] = {}
    failures: list[str] = []
    lock = threading.Lock()
    work = [(mutate(rng.choice(texts), rng), rng.choice(["get", "form", "direct"])) for _ in range(1000)]

    def client(items: list[tuple[str, str]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        for text, how in items:
            if how == "get":
                conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                             headers={"Accept": "application/sparql-results+json"})
            elif how == "form":
                conn.request("POST", "/sparql", urllib.parse.urlencode({"query": text}),
                             {"Content-Type": "application/x-www-form-urlencoded"})
            else:
                conn.request("POST", "/sparql", text.encode("utf-8"), {"Content-Type": "application/sparql-query"})
            resp = conn.getresponse()
            body = resp.read()
            with lock:
                statuses[resp.status] = statuses.get(resp.status, 0) + 1
                if resp.status not in (200, 400, 503) or (resp.status == 503 and b"time limit" not in body):
                    failures.append(f"{resp.status} {body[:100]!r} for {text[:80]!r}")
            if resp.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        conn.close()

    threads = [threading.Thread(target=client, args=(work[k::4],)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[:5]
    assert sum(statuses.values()) == 1000 and statuses.get(400, 0) > 600, statuses


# --- last: the log --------------------------------------------------------------------------------------------


def test_zz_no_traceback_in_the_log(served):
    text = served[1].read_text("utf-8", "replace")
    assert "Traceback" not in text and "Exception" not in text, text[-3000:]
