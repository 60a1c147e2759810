"""The Oxigraph child: finding the binary, loading the database, starting ``oxigraph serve-read-only``.

Every child is tied to the front's life: on Linux it asks the kernel (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, set
between fork and exec) to be killed when the thread that started it ends, so a front killed with SIGKILL takes
its Oxigraph processes with it. The front starts every child from one long-lived thread (``Spawner``): a
thread that ended would take its children along. Each child runs in its own session, so a Ctrl-C in the
terminal reaches only the front, which then stops the child itself.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from zgraph.model.errors import ZGraphError
from zgraph.model.store import load_store, to_nquads

PR_SET_PDEATHSIG = 1
READY_QUERY = "/query?query=ASK%7B%7D"


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


def _libc_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _libc_prctl()  # looked up before any fork: the child only calls it


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child receive SIGKILL when its parent thread ends (Linux; else None)."""
    if _PRCTL is None:
        return None
    parent = os.getpid()
    prctl = _PRCTL

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died between fork and prctl: nobody would kill us later
            os._exit(1)

    return preexec


class Inner:
    """One ``oxigraph serve-read-only`` process on a private port of 127.0.0.1.

    ``Inner(oxigraph, location)`` starts it and waits until it answers (``ready=False`` only starts it; then
    call ``wait_ready`` or the front's asynchronous check). Its stderr goes to ``log`` (a file), if given.
    """

    def __init__(self, oxigraph: str, location: Path, within: float = 30.0, log: Path | None = None,
                 ready: bool = True) -> None:
        self.location, self.log = location, log
        self.port = free_port()
        err = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115 (closed below)
        try:
            self.proc = subprocess.Popen(
                [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
                preexec_fn=die_with_parent())  # noqa: PLW1509 (async-signal-safe: one prctl call)
        finally:
            if log is not None and not isinstance(err, int):
                err.close()
        if ready:
            try:
                self.wait_ready(within)
            except BaseException:
                self.stop()
                raise

    @property
    def pid(self) -> int:
        return self.proc.pid

    def failure(self) -> ZGraphError:
        """Why the process stopped, with the end of what it wrote on stderr."""
        said = ""
        if self.log is not None and self.log.exists():
            said = self.log.read_bytes()[-500:].decode("utf-8", "replace").strip()
        return ZGraphError(f"the Oxigraph server stopped (exit code {self.proc.returncode}): {said}".rstrip(": "))

    def wait_ready(self, within: float) -> None:
        """Block until Oxigraph answers a query; fail with its message if it exits first."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise self.failure()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", READY_QUERY, headers={"Accept": "application/sparql-results+json"})
                ok = conn.getresponse().status == 200
                conn.close()
                if ok:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise ZGraphError(f"the Oxigraph server did not start within {within:g} s")

    def kill(self) -> None:
        """Send SIGKILL (it may be stuck in a runaway query); ``stop`` also reaps it."""
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        """Kill the process and reap it."""
        self.kill()
        self.proc.wait()


class Spawner:
    """Starts every Oxigraph child from one thread that lives as long as the front (see the module docstring)."""

    def __init__(self, oxigraph: str, location: Path, logs: Path, on_spawn: Callable[[int], None]) -> None:
        self.oxigraph, self.location, self.logs, self.on_spawn = oxigraph, location, logs, on_spawn
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="zgraph-spawner")
        self.count = 0

    def _start(self) -> Inner:
        self.count += 1
        inner = Inner(self.oxigraph, self.location, log=self.logs / f"oxigraph-{self.count}.log", ready=False)
        self.on_spawn(inner.pid)
        return inner

    def submit(self) -> concurrent.futures.Future[Inner]:
        """Start a child (not yet ready) from the spawner thread."""
        return self.pool.submit(self._start)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
