"""The SPARQL endpoint: Oxigraph's read-only server, behind a small front that adds a landing page and a time limit.

Oxigraph's own server (the ``oxigraph`` command of the ``oxigraph`` package) does the protocol work: the SPARQL
1.1 Protocol at ``/sparql`` and ``/query`` (GET ``query=``, POST form, POST ``application/sparql-query``),
content negotiation (JSON, CSV, TSV, XML), updates refused (403) and malformed queries answered 400 with the
parser's message. The front, Python's ThreadingHTTPServer, serves ``/`` (the named queries, a SPARQL box and a
results table, all inline, nothing fetched from elsewhere), Oxigraph's own YASGUI page under ``/yasgui/``, and
passes every other request through unchanged.

The time limit is the front's: Oxigraph 0.5's own ``--timeout-s`` stops some queries but not a streamed result
or an ORDER BY (measured: one kept sorting, and growing past 6 GB, long after its timeout). So when a request
passes its deadline the front answers 503 and replaces the Oxigraph process with a fresh one on the same
read-only database; requests that were in flight on the old process are retried once on the new one.
"""

from __future__ import annotations

import html
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from zgraph.model.errors import ZGraphError
from zgraph.model.store import load_store, to_nquads
from zgraph.pages.assets import asset
from zgraph.sparql.catalogue import named_queries

#: Headers that belong to one connection (or one server) and are not passed through.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length", "server", "date"}
DEFAULT_TIMEOUT = 10.0
#: Answers up to this size are buffered and sent with a Content-Length; longer ones are streamed.
BUFFER = 8 * 1024 * 1024
CHUNK = 256 * 1024
RETRYABLE = (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest,
             http.client.IncompleteRead)


class QueryTimeout(Exception):
    """A request to Oxigraph passed its deadline."""


def find_oxigraph(explicit: str | None = None) -> str:
    """The Oxigraph server binary: ``explicit``, else $ZGRAPH_OXIGRAPH, else beside this Python, else on PATH."""
    given = explicit or os.environ.get("ZGRAPH_OXIGRAPH")
    if given and not (Path(given).is_file() and os.access(given, os.X_OK)):
        raise ZGraphError(f"{given}: not an executable oxigraph binary")
    candidates = [given, str(Path(sys.executable).with_name("oxigraph")), shutil.which("oxigraph")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    raise ZGraphError("zgraph serve runs Oxigraph's SPARQL server, and its `oxigraph` command was not found: "
                      "install it with `pip install oxigraph`, or point --oxigraph (or $ZGRAPH_OXIGRAPH) at it")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def prepare_location(location: Path, oxigraph: str, data: Sequence[Path | str] | None = None) -> int:
    """Load the model and data into an Oxigraph database folder with ``oxigraph load``; return the triple count."""
    store = load_store(data)  # parses in-process first, so bad Turtle gives zgraph's short error
    dump = location.parent / "load.nq"
    dump.write_bytes(to_nquads(store))
    done = subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(dump)],
                          capture_output=True, text=True)
    dump.unlink()
    if done.returncode != 0:
        raise ZGraphError(f"oxigraph load failed: {done.stderr.strip()[-500:]}")
    return len(store)


class Inner:
    """One ``oxigraph serve-read-only`` process on a private port of 127.0.0.1, started and ready."""

    def __init__(self, oxigraph: str, location: Path, within: float = 30.0) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            self.wait_ready(within)
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, within: float) -> None:
        """Block until Oxigraph answers a query; fail with its message if it exits first."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""
                raise ZGraphError(f"the Oxigraph server stopped: {err.strip()[-500:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
                ok = conn.getresponse().status == 200
                conn.close()
                if ok:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise ZGraphError(f"the Oxigraph server did not start within {within:g} s")

    def stop(self) -> None:
        """Kill the process (it may be stuck in a runaway query) and reap it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


class Answer:
    """Oxigraph's answer to one request: its response, the first bytes read, and where it came from."""

    def __init__(self, generation: int, resp: http.client.HTTPResponse, sock: socket.socket | None) -> None:
        self.generation, self.resp, self.sock, self.data = generation, resp, sock, b""


def read(answer: Answer, deadline: float) -> bytes:
    """The next piece of an answer, or b"" at its end; QueryTimeout once the deadline has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryTimeout
    if answer.sock is not None:
        answer.sock.settimeout(left)
    try:
        return answer.resp.read1(CHUNK)
    except TimeoutError:
        raise QueryTimeout from None


class Front(BaseHTTPRequestHandler):
    """Serves the landing page and passes everything else to the current Oxigraph process."""

    protocol_version = "HTTP/1.1"
    timeout = 120  # seconds an idle client connection is kept
    server: FrontServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.split("?", 1)[0] in ("/", "/index.html"):
            self.send_page()
        else:
            self.forward()

    def do_POST(self) -> None:  # noqa: N802
        self.forward()

    do_HEAD = do_GET
    do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_POST

    def send_page(self) -> None:
        body = self.server.page
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def forward(self) -> None:
        """Pass the request to Oxigraph (``/yasgui/…`` maps to its ``/…``) and its answer back, within the limit.

        Answers up to BUFFER bytes are sent with a length (the client connection stays open); longer ones are
        streamed and the client connection is closed after them.
        """
        deadline = time.monotonic() + self.server.limit
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        path = self.path
        if path == "/yasgui" or path.startswith("/yasgui/"):
            path = path[len("/yasgui"):] or "/"
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            answer = self.server.call(self.command, path, body, headers, deadline)
        except QueryTimeout:
            self.send_text(503, f"query stopped: it ran longer than the time limit of {self.server.limit:g} s")
            return
        except (OSError, http.client.HTTPException) as e:
            self.send_text(502, f"the SPARQL server did not answer: {e}")
            return
        resp, data = answer.resp, answer.data
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in HOP_BY_HOP:
                self.send_header(k, v)
        streamed = not resp.isclosed()
        if streamed:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            self.wfile.write(data)
            while streamed and (chunk := read(answer, deadline)):
                self.wfile.write(chunk)
        except QueryTimeout:
            self.server.drop()
            self.server.restart(answer.generation)
        except (OSError, http.client.HTTPException):
            self.server.drop()

    def send_text(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's signature)
        if self.server.verbose:
            super().log_message(format, *args)


class FrontServer(ThreadingHTTPServer):
    """The front: one thread per client connection, each keeping its own connection to Oxigraph."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], spawn: Callable[[], Inner], page: bytes, limit: float,
                 verbose: bool = False) -> None:
        self.spawn, self.page, self.limit, self.verbose = spawn, page, limit, verbose
        self.lock = threading.Lock()
        self.local = threading.local()
        self.generation = 0
        self.restarts = 0
        self.inner = spawn()
        try:
            super().__init__(address, Front)
        except BaseException:
            self.inner.stop()
            raise

    def current(self) -> tuple[int, int]:
        with self.lock:
            return self.generation, self.inner.port

    def restart(self, generation: int) -> None:
        """Replace the Oxigraph process, unless another thread already replaced that generation."""
        with self.lock:
            if generation != self.generation:
                return
            self.inner.stop()
            self.inner = self.spawn()
            self.generation += 1
            self.restarts += 1

    def connection(self, generation: int, port: int) -> http.client.HTTPConnection:
        """This thread's kept-alive connection to the current process (a new one after a restart)."""
        held = getattr(self.local, "held", None)
        if held is not None and held[0] == generation:
            return held[1]
        self.drop()
        conn = http.client.HTTPConnection("127.0.0.1", port)
        self.local.held = (generation, conn)
        return conn

    def drop(self) -> None:
        """Close this thread's connection to Oxigraph (after an error, or an answer not read to its end)."""
        held = getattr(self.local, "held", None)
        if held is not None:
            held[1].close()
            self.local.held = None

    def call(self, method: str, path: str, body: bytes | None, headers: dict[str, str],
             deadline: float) -> Answer:
        """Send one request and read up to BUFFER bytes of the answer, before the deadline.

        A connection found closed (a stale keep-alive, or a process replaced meanwhile) is retried once.
        Passing the deadline replaces the process (the only way to stop the query) and raises QueryTimeout.
        """
        for attempt in (1, 2):
            generation, port = self.current()
            conn = self.connection(generation, port)
            try:
                conn.timeout = max(deadline - time.monotonic(), 0.01)
                if conn.sock is not None:
                    conn.sock.settimeout(conn.timeout)
                conn.request(method, path, body=body, headers=headers)
                sock = conn.sock
                answer = Answer(generation, conn.getresponse(), sock)
                while len(answer.data) <= BUFFER and (chunk := read(answer, deadline)):
                    answer.data += chunk
                return answer
            except (TimeoutError, QueryTimeout):
                self.drop()
                self.restart(generation)
                raise QueryTimeout from None
            except RETRYABLE:
                self.drop()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def server_close(self) -> None:
        super().server_close()
        self.inner.stop()


class SparqlServer:
    """Oxigraph's read-only server on a private port, with the front on ``host:port``; a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8000, data: Sequence[Path | str] | None = None,
                 timeout: float = DEFAULT_TIMEOUT, oxigraph: str | None = None, verbose: bool = False) -> None:
        self.host, self.port, self.data, self.timeout, self.verbose = host, port, data, timeout, verbose
        self.oxigraph = find_oxigraph(oxigraph)
        self.tmp: Path | None = None
        self.front: FrontServer | None = None
        self.thread: threading.Thread | None = None
        self.triples = 0

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> SparqlServer:
        """Load the data into a private database folder, start Oxigraph on it, then open the front."""
        try:
            self.tmp = Path(tempfile.mkdtemp(prefix="zgraph-serve-"))
            location = self.tmp / "db"
            self.triples = prepare_location(location, self.oxigraph, self.data)
            page = landing_page().encode("utf-8")
            try:
                self.front = FrontServer((self.host, self.port), lambda: Inner(self.oxigraph, location), page,
                                         self.timeout, self.verbose)
            except OSError as e:
                raise ZGraphError(f"cannot listen on {self.host}:{self.port}: {e.strerror or e}") from None
            self.port = self.front.server_address[1]
        except BaseException:
            self.stop()
            raise
        return self

    def serve_forever(self) -> None:
        assert self.front is not None
        self.front.serve_forever(poll_interval=0.2)

    def serve_in_thread(self) -> SparqlServer:
        """Serve from a background thread (for tests and benchmarks); ``stop`` ends it."""
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Close the front, stop Oxigraph and remove its database folder (safe to call twice)."""
        if self.front is not None:
            if self.thread is not None and self.thread.is_alive():
                self.front.shutdown()
                self.thread.join()
            self.front.server_close()
            self.front = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def landing_page() -> str:
    """The page at ``/``: the named queries with their questions, a SPARQL box, results as a table; offline."""
    queries = [{"name": q.name, "zh": q.question["zh"], "en": q.question["en"], "text": q.text,
                "headline": q.headline} for q in named_queries()]
    items = "\n".join(
        f'<li><button type="button" data-name="{html.escape(q["name"])}">{html.escape(q["name"])}</button>'
        f'{" ★" if q["headline"] else ""} <span lang="zh">{html.escape(q["zh"])}</span> '
        f'<span class="en" lang="en">{html.escape(q["en"])}</span></li>' for q in queries)
    data = json.dumps(queries, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c") \
        .replace(">", "\\u003e")
    style = asset("zgraph.pages", "static/page.css")
    return LANDING.replace("{style}", style).replace("{items}", items).replace("{data}", data)


LANDING = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>zgraph SPARQL 查询 · SPARQL endpoint</title>
<style>{style}
textarea { width: 100%; height: 16em; font-size: 13px; }
#queries li { margin: .3em 0; }
#queries button { font-family: ui-monospace, Menlo, Consolas, monospace; }
#status { color: #555; } #error { color: #a00; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>zgraph SPARQL 查询 <span class="en">· SPARQL endpoint</span></h1>
<p>SPARQL 1.1 Protocol endpoint: <code>/sparql</code> (also <code>/query</code>), read-only.
Results as JSON, CSV, TSV or XML by the <code>Accept</code> header. Full editor:
<a href="/yasgui/">YASGUI</a>.</p>
<h2>常用查询 <span class="en">· Named queries</span></h2>
<p>Labels: <label><input type="radio" name="lang" value="zh" checked> 中文</label>
<label><input type="radio" name="lang" value="en"> English</label></p>
<ul id="queries">
{items}
</ul>
<h2>SPARQL</h2>
<form id="form">
<textarea id="sparql" name="query" spellcheck="false">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10</textarea>
<p><button type="submit" id="run">运行 · Run</button> <span id="status"></span></p>
</form>
<div id="error"></div>
<div id="results"></div>
<script type="application/json" id="named">{data}</script>
<script>
"use strict";
const named = JSON.parse(document.getElementById("named").textContent);
const box = document.getElementById("sparql");
function lang() { return document.querySelector("input[name=lang]:checked").value; }
function withLang(text) {
  return text.replace(/(VALUES\\s+\\?lang\\s*\\{\\s*)"(?:zh|en)"(\\s*\\})/gi, "$1\\"" + lang() + "\\"$2");
}
function cell(term) {
  return term === undefined ? "" : term.value;
}
function show(data) {
  const out = document.getElementById("results");
  out.replaceChildren();
  if ("boolean" in data) { out.textContent = String(data.boolean); return 1; }
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  const body = table.createTBody();
  for (const b of data.results.bindings) {
    const row = body.insertRow();
    for (const v of data.head.vars) { row.insertCell().textContent = cell(b[v]); }
  }
  out.appendChild(table);
  return data.results.bindings.length;
}
async function run() {
  const status = document.getElementById("status"), error = document.getElementById("error");
  status.textContent = "…"; error.textContent = "";
  const started = performance.now();
  try {
    const resp = await fetch("/sparql", {method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
      body: new URLSearchParams({query: box.value})});
    if (!resp.ok) { throw new Error("HTTP " + resp.status + ": " + await resp.text()); }
    const n = show(await resp.json());
    status.textContent = n + " rows · " + Math.round(performance.now() - started) + " ms";
  } catch (e) {
    status.textContent = ""; error.textContent = e.message;
    document.getElementById("results").replaceChildren();
  }
}
let current = null;
document.getElementById("queries").addEventListener("click", (ev) => {
  const name = ev.target.dataset && ev.target.dataset.name;
  if (!name) { return; }
  current = named.find((q) => q.name === name);
  box.value = withLang(current.text);
  run();
});
for (const r of document.querySelectorAll("input[name=lang]")) {
  r.addEventListener("change", () => { box.value = withLang(box.value); if (current) { run(); } });
}
document.getElementById("form").addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
</script>
</body>
</html>
"""
