"""``SparqlServer``: the private folder, the first Oxigraph child, the listening socket and uvicorn, together."""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from zgraph.model.errors import ZGraphError
from zgraph.serve.app import build_app
from zgraph.serve.cache import DEFAULT_BYTES, ResponseCache
from zgraph.serve.child import Inner, Spawner, find_oxigraph, prepare_location
from zgraph.serve.limits import Limits
from zgraph.serve.linked import LinkedData
from zgraph.serve.page import landing_page
from zgraph.serve.protocol import GuardedH11, UvicornNoise
from zgraph.serve.supervisor import Supervisor
from zgraph.serve.workdir import Workdir
from zgraph.store.disk import DiskStore

DEFAULT_TIMEOUT = 10.0
START_WITHIN = 30.0


def configure_logging(verbose: bool = False) -> None:
    """Log lines on stderr as ``zgraph: …``: restarts and failures; with ``verbose`` also every request and
    every malformed one."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("zgraph: %(message)s"))
    level = logging.INFO if verbose else logging.WARNING
    for name in ("zgraph.serve", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(level)


#: The largest graph whose entity pages (``/id/…``) are served: they are drawn from an in-memory rdflib graph.
PAGES_UP_TO = 300_000


class SparqlServer:
    """Oxigraph's read-only server on a private port, with the front on ``host:port``; a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8000, data: Sequence[Path | str] | None = None,
                 timeout: float = DEFAULT_TIMEOUT, oxigraph: str | None = None, verbose: bool = False,
                 limits: Limits | None = None, base: str | None = None, cache_bytes: int = DEFAULT_BYTES,
                 linked: bool = True, store: Path | None = None) -> None:
        self.host, self.port, self.data, self.timeout, self.verbose = host, port, data, timeout, verbose
        self.store = store
        self.base, self.cache_bytes, self.with_linked = base, cache_bytes, linked
        self.linked: LinkedData | None = None
        self.cache = ResponseCache(cache_bytes)
        self.limits = limits or Limits()
        self.oxigraph = find_oxigraph(oxigraph)
        self.workdir: Workdir | None = None
        self.spawner: Spawner | None = None
        self.first: Inner | None = None
        self.supervisor: Supervisor | None = None
        self.sock: socket.socket | None = None
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None
        self.triples = 0

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def restarts(self) -> int:
        return self.supervisor.restarts if self.supervisor is not None else 0

    def start(self) -> SparqlServer:
        """Load the data into a private database folder, start Oxigraph on it, then open the front's socket."""
        try:
            self.workdir = Workdir()
            if self.store is not None:  # a store made by `zgraph load`: served as it is, read-only
                disk = DiskStore(self.store)
                location = disk.db
                db = disk.open()
                self.triples = len(db)
                del db  # the Oxigraph child opens it
                pages_from: list[Path | str] | None = [*disk.part_files()]
            else:
                location = self.workdir.path / "db"
                self.triples = prepare_location(location, self.oxigraph, self.data)
                pages_from = list(self.data) if self.data else None
            page = landing_page().encode("utf-8")
            if self.with_linked and self.triples <= PAGES_UP_TO:
                self.linked = LinkedData(pages_from, self.base)
                self.linked.warm()
            self.spawner = Spawner(self.oxigraph, location, self.workdir.path, self.workdir.watch)
            self.first = self.spawner.submit().result()
            self.first.wait_ready(START_WITHIN)
            self.supervisor = Supervisor(self.spawner, self.first, connections=self.limits.max_inflight,
                                         within=START_WITHIN)
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            try:
                self.sock = socket.create_server((self.host, self.port), family=family, backlog=2048)
            except OSError as e:
                raise ZGraphError(f"cannot listen on {self.host}:{self.port}: {e.strerror or e}") from None
            self.port = self.sock.getsockname()[1]
            noise = logging.getLogger("uvicorn.error")
            if not any(isinstance(f, UvicornNoise) for f in noise.filters):
                noise.addFilter(UvicornNoise())
            protocol = type("Protocol", (GuardedH11,), {"limits": self.limits})
            no_pages = None if self.linked is not None or not self.with_linked else (
                f"entity pages are served for graphs of up to {PAGES_UP_TO:,} triples; this one has "
                f"{self.triples:,}. Ask /sparql (e.g. DESCRIBE <iri>), or write pages of one report with "
                f"`zgraph render --report ID` or of one entity with `zgraph render --focus NAME`")
            app = build_app(self.supervisor, page, self.timeout, self.limits, self.linked, self.cache, no_pages)
            config = uvicorn.Config(
                app, http=protocol, lifespan="on",
                loop="asyncio", log_config=None, access_log=self.verbose, server_header=False, proxy_headers=False,
                timeout_keep_alive=self.limits.keep_alive, timeout_graceful_shutdown=5,
                h11_max_incomplete_event_size=self.limits.max_header_bytes)
            self.server = uvicorn.Server(config)
        except BaseException:
            self.stop()
            raise
        return self

    def serve_forever(self) -> None:
        """Serve until SIGINT or SIGTERM (in the main thread: uvicorn then re-raises it), or ``stop``."""
        assert self.server is not None and self.sock is not None
        self.server.run(sockets=[self.sock])

    def serve_in_thread(self) -> SparqlServer:
        """Serve from a background thread (for tests and benchmarks); ``stop`` ends it."""
        assert self.server is not None
        self.thread = threading.Thread(target=self.serve_forever, name="zgraph-serve", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + START_WITHIN
        while not self.server.started and self.thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Close the front, stop Oxigraph and remove its database folder (safe to call twice)."""
        if self.thread is not None:
            if self.server is not None:
                self.server.should_exit = True
            self.thread.join()
            self.thread = None
        children = list(self.supervisor.children) if self.supervisor is not None else []
        if self.first is not None and self.first not in children:
            children.append(self.first)
        for child in children:
            child.stop()
        self.first = self.supervisor = None
        if self.linked is not None:
            self.linked.close()
            self.linked = None
        if self.spawner is not None:
            self.spawner.close()
            self.spawner = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.workdir is not None:
            self.workdir.remove()
            self.workdir = None

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
