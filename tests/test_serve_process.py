"""`zgraph serve` and its processes: the Oxigraph child and the private folder never outlive the front (even on
SIGKILL), a child that dies is replaced without losing requests, and a restart that fails is retried and reported.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from zgraph.serve import find_oxigraph
from zgraph.serve.workdir import sweep

ZGRAPH = str(Path(sys.executable).with_name("zgraph"))
ASK = "ASK { ?s ?p ?o }"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
WAIT = 30  # seconds a poll may take at most (only there to never hang; no test asserts how long anything takes)

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")


def processes() -> dict[int, tuple[int, list[str]]]:
    """Every process: pid → (parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        found[int(entry.name)] = (ppid, [a.decode("utf-8", "replace") for a in cmdline if a])
    return found


def oxigraph_children(front: int) -> list[tuple[int, Path]]:
    """The `oxigraph serve-read-only` processes started by ``front``, with their database folders."""
    return [(pid, Path(cmd[cmd.index("--location") + 1])) for pid, (ppid, cmd) in processes().items()
            if ppid == front and "serve-read-only" in cmd and "--location" in cmd]


def running_on(folder: Path) -> list[int]:
    return [pid for pid, (_, cmd) in processes().items() if any(str(folder) in a for a in cmd)
            and pid != os.getpid()]


def poll(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {WAIT} s: {what}")


def start(*args: str, stderr=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([ZGRAPH, "serve", "--port", "0", *args], stdout=subprocess.PIPE, stderr=stderr)
    line = proc.stdout.readline().decode()
    m = re.search(r"(http://127\.0\.0\.1:\d+)/ ", line)
    if not m:
        proc.kill()
        proc.wait()
        raise AssertionError(f"no address in {line!r}")
    return proc, m.group(1)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    proc.stdout.close()


def get(base: str, text: str = ASK, timeout: float = WAIT) -> tuple[int, bytes, object]:
    url = f"{base}/sparql?{urllib.parse.urlencode({'query': text})}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def test_sigkill_of_the_front_takes_oxigraph_and_its_folder_along():
    proc, _ = start()
    try:
        [(child, location)] = poll(lambda: oxigraph_children(proc.pid), "the Oxigraph child")
        folder = location.parent
        assert folder.name.startswith("zgraph-serve-") and location.is_dir()
        proc.kill()
        proc.wait()
        poll(lambda: not running_on(folder), f"no process left on {folder}")
        poll(lambda: not folder.exists(), f"{folder} removed")
    finally:
        stop(proc)


def test_when_the_janitor_dies_too_the_child_still_dies_and_the_next_start_sweeps_the_folder():
    proc, _ = start()
    try:
        [(child, location)] = poll(lambda: oxigraph_children(proc.pid), "the Oxigraph child")
        folder = location.parent
        janitors = [pid for pid in running_on(folder) if pid != child]
        assert janitors, "a janitor process watches the folder"
        for pid in janitors:
            os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.wait()
        poll(lambda: not running_on(folder), "the child killed by the kernel (PR_SET_PDEATHSIG)")
        assert folder.exists()  # nobody left to remove it …
        assert folder in sweep(folder.parent)  # … until the next start sweeps it
        assert not folder.exists()
    finally:
        stop(proc)


def test_a_live_front_keeps_its_folder_through_a_sweep():
    proc, _ = start()
    try:
        [(_, location)] = poll(lambda: oxigraph_children(proc.pid), "the Oxigraph child")
        assert location.parent not in sweep(location.parent.parent)
        assert location.is_dir()
    finally:
        stop(proc)
    poll(lambda: not location.parent.exists(), "folder removed on SIGTERM")


def test_sigterm_stops_everything_cleanly():
    proc, base = start()
    [(child, location)] = poll(lambda: oxigraph_children(proc.pid), "the Oxigraph child")
    assert get(base)[0] == 200
    stop(proc)
    assert proc.returncode == 0
    assert not location.parent.exists() and not running_on(location.parent)


def test_a_crashed_child_is_replaced_and_no_request_is_lost():
    proc, base = start()
    try:
        expected = json.loads(get(base)[1])
        failures: list[str] = []
        done = threading.Event()

        def client() -> None:
            while not done.is_set():
                status, body, _ = get(base)
                if status != 200 or json.loads(body) != expected:
                    failures.append(f"{status} {body[:100]!r}")

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            for _ in range(3):
                [(child, _)] = poll(lambda: oxigraph_children(proc.pid), "the Oxigraph child")
                os.kill(child, signal.SIGKILL)
                poll(lambda c=child: [p for p, _ in oxigraph_children(proc.pid) if p != c], "a new child")
                time.sleep(0.2)
        finally:
            done.set()
            for t in threads:
                t.join()
        assert not failures, failures[:5]
    finally:
        stop(proc)


def test_a_failed_restart_is_retried_and_reported_with_503_meanwhile(tmp_path):
    flag = tmp_path / "broken"
    wrapper = tmp_path / "oxigraph"
    wrapper.write_text(f'#!/bin/sh\nif [ "$1" = serve-read-only ] && [ -e "{flag}" ]; then\n'
                       f'  echo "refusing to start: test flag" >&2; exit 3\nfi\nexec "{find_oxigraph()}" "$@"\n')
    wrapper.chmod(0o755)
    log = tmp_path / "stderr.log"
    with open(log, "wb") as err:
        proc, base = start("--timeout", "1", "--oxigraph", str(wrapper), stderr=err)
    try:
        assert get(base)[0] == 200
        flag.touch()
        status, body, _ = get(base, RUNAWAY)
        assert status == 503 and b"time limit" in body
        poll(lambda: "could not restart the Oxigraph server (attempt 2" in log.read_text(), "two failures logged")
        assert "refusing to start: test flag" in log.read_text()
        status, body, headers = get(base, "ASK { ?s a ?o }")  # not asked before: Oxigraph must answer it
        assert status == 503 and b"restarting" in body and headers.get("Retry-After") == "1"
        assert get(base)[0] == 200  # asked before: answered from the front's cache (the database is read-only)
        flag.unlink()
        poll(lambda: get(base, "ASK { ?s a ?o }")[0] == 200, "answering again once Oxigraph starts")
        assert re.search(r"Oxigraph restarted in [\d.]+ s after \d+ attempts", log.read_text())
    finally:
        stop(proc)
    text = log.read_text()
    assert "Traceback" not in text, text
