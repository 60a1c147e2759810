"""Benchmark `zgraph serve` under load against bare `oxigraph serve-read-only` on the same data, in the same run.

20 concurrent clients (threads spread over a few client processes, so that the clients' own Python does not
become the bottleneck) each keep one HTTP/1.1 connection and send requests in turn; every answer is compared byte
for byte with the expected one. Two loads, each against its baseline:

- **headline queries** (POST form, Accept JSON; expected: the local result): bare Oxigraph; `zgraph serve` (its
  response cache on, the default); `zgraph serve --cache-size 0` (every query to Oxigraph, through the front);
- **entity pages** (GET ``/id/<local>`` of ``--entities`` entities; expected: the first answer, fetched once before
  the rounds, which also fills the page cache): `zgraph serve` HTML and Turtle, against bare Oxigraph answering
  ``DESCRIBE <iri>`` for the same entities (Turtle), the nearest thing it serves.

The rounds alternate between all of them (baseline first) so that every server sees the same machine load.
Reports requests/s, p50/p99 latency, errors, the ratios to the baselines, and whether zgraph serve meets the
targets (≥ 300 headline queries/s, p99 ≤ 50 ms, 0 errors; entity pages ≥ 200/s).

Run: ``.venv/bin/python benchmarks/bench_serve.py [--clients 20] [--seconds 3] [--rounds 6] [--all] [--store DIR]``
(``--store``: serve a store made by ``zgraph load``, e.g. a synthetic corpus of a million triples).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from zgraph.model.loading import load
from zgraph.model.store import load_store
from zgraph.pages.entity import page_nodes, split_iri
from zgraph.serve import Inner, find_oxigraph, prepare_location
from zgraph.serve.server import PAGES_UP_TO
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.catalogue import named_queries, prepare
from zgraph.sparql.results import serialize
from zgraph.store.disk import DiskStore

JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
TARGET_QPS, TARGET_P99, TARGET_ERRORS, TARGET_PAGES = 300, 0.050, 0, 200
#: One request: method, path, body, headers, expected answer.
Work = list[tuple[str, str, bytes, dict[str, str], bytes]]


def client_process(port: int, threads: int, offset: int, seconds: float, work: Work,
                   out: multiprocessing.Queue) -> None:
    """``threads`` clients for ``seconds``; puts (latencies, failures) on ``out``."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        start.wait()
        until = time.perf_counter() + seconds
        i = 0
        while time.perf_counter() < until:
            method, path, body, headers, expected = work[(k + i) % len(work)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request(method, path, body=body or None, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200 or data != expected:
                    bad.append(f"HTTP {resp.status} {path[:60]}")
            except (OSError, http.client.HTTPException) as e:
                bad.append(repr(e))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    pool = [threading.Thread(target=client, args=(offset + k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((latencies, failures))


def load_run(port: int, clients: int, procs: int, seconds: float, work: Work) -> dict[str, float]:
    """Run the load; return throughput, latency percentiles and the failure count."""
    out: multiprocessing.Queue = multiprocessing.Queue()
    sizes = [clients // procs + (1 if k < clients % procs else 0) for k in range(procs)]
    ps = [multiprocessing.Process(target=client_process, args=(port, n, sum(sizes[:k]), seconds, work, out))
          for k, n in enumerate(sizes) if n]
    for p in ps:
        p.start()
    results = [out.get() for _ in ps]
    for p in ps:
        p.join()
    latencies = sorted(x for lat, _ in results for x in lat)
    failures = [f for _, fail in results for f in fail]
    return {"requests": len(latencies), "failed": len(failures), "throughput": len(latencies) / seconds,
            "p50": statistics.median(latencies), "p99": latencies[int(0.99 * (len(latencies) - 1))],
            "first_failure": failures[0] if failures else ""}


def fetch(port: int, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body or None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise SystemExit(f"{path}: HTTP {resp.status}: {data[:200]!r}")
        return data
    finally:
        conn.close()


def start_front(*args: str) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([str(Path(sys.executable).with_name("zgraph")), "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    m = re.search(r"127\.0\.0\.1:(\d+)/", proc.stdout.readline().decode())
    if not m:
        raise SystemExit("zgraph serve did not start")
    return proc, int(m.group(1))


BASE, CACHED, UNCACHED = ("oxigraph serve-read-only (baseline)", "zgraph serve (cache on)",
                          "zgraph serve --cache-size 0")
PAGES_BASE, PAGES_HTML, PAGES_TTL = ("oxigraph: DESCRIBE <iri> (baseline)", "zgraph serve: /id/ HTML",
                                     "zgraph serve: /id/ Turtle")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--procs", type=int, default=4, help="client processes the clients are spread over")
    ap.add_argument("--seconds", type=float, default=3.0, help="length of each round")
    ap.add_argument("--rounds", type=int, default=6,
                    help="rounds per server, alternating (short rounds, so all see the same load from elsewhere)")
    ap.add_argument("--entities", type=int, default=60, help="entity pages asked for in turn")
    ap.add_argument("--all", action="store_true", help="every named query, not only the headline ones")
    ap.add_argument("--store", type=Path, metavar="DIR",
                    help="serve this store (made by `zgraph load`) instead of the shipped graph: `zgraph serve "
                         "--store DIR` against bare Oxigraph on the same database (entity pages only if served)")
    args = ap.parse_args()
    disk = DiskStore(args.store) if args.store else None
    store = disk.open() if disk else load_store()
    triples = len(store)
    pages = disk is None or triples <= PAGES_UP_TO
    queries: Work = []
    for q in named_queries():
        if q.headline or args.all:
            text = prepare(q.text, "zh")
            queries.append(("POST", "/sparql", urllib.parse.urlencode({"query": text}).encode(),
                            {"Content-Type": FORM, "Accept": JSON}, serialize(run_oxigraph(store, text), "json")))
    g = load(disk.part_files() if disk else None) if pages else None
    nodes = [n for n in page_nodes(g, static=False) if split_iri(str(n))[0] == "id"] if g else []  # type: ignore[index]
    step = max(1, len(nodes) // args.entities)
    chosen = nodes[::step][:args.entities]
    del store  # the Oxigraph servers open the database
    oxigraph = find_oxigraph()
    before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rounds: dict[str, list[dict[str, float]]] = {k: [] for k in (BASE, CACHED, UNCACHED, PAGES_BASE, PAGES_HTML,
                                                                 PAGES_TTL)[:6 if chosen else 3]}
    with tempfile.TemporaryDirectory() as d:
        location = disk.db if disk else Path(d) / "db"
        if not disk:
            prepare_location(location, oxigraph)
        inner = Inner(oxigraph, location)
        served = ["--store", str(disk.folder)] if disk else []
        cached, cached_port = start_front(*served)
        uncached, uncached_port = start_front(*served, "--cache-size", "0")
        try:
            t = time.perf_counter()
            pages_html: Work = []
            pages_ttl: Work = []
            describe: Work = []
            for n in chosen:
                path = f"/id/{split_iri(str(n))[1]}"  # type: ignore[index]
                html = {"Accept": "text/html"}
                ttl = {"Accept": "text/turtle"}
                pages_html.append(("GET", path, b"", html, fetch(cached_port, "GET", path, b"", html)))
                pages_ttl.append(("GET", path, b"", ttl, fetch(cached_port, "GET", path, b"", ttl)))
                body = urllib.parse.urlencode({"query": f"DESCRIBE <{n}>"}).encode()
                head = {"Content-Type": FORM, "Accept": "text/turtle"}
                describe.append(("POST", "/query", body, head, fetch(inner.port, "POST", "/query", body, head)))
            first_render = (time.perf_counter() - t) / max(1, len(chosen))
            loads = [(BASE, inner.port, queries), (CACHED, cached_port, queries), (UNCACHED, uncached_port, queries)]
            if chosen:
                loads += [(PAGES_BASE, inner.port, describe), (PAGES_HTML, cached_port, pages_html),
                          (PAGES_TTL, cached_port, pages_ttl)]
            for _ in range(args.rounds):
                for name, port, work in loads:
                    load_run(port, args.clients, args.procs, 0.5, work)  # warm-up: connections, caches
                    rounds[name].append(load_run(port, args.clients, args.procs, args.seconds, work))
        finally:
            for proc in (cached, uncached):
                proc.terminate()
                proc.wait()
            inner.stop()

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in rounds[name])

    print(f"Load average before/after: {before} / {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    if disk:
        print(f"Store: {disk.folder} ({triples:,} triples; entity pages {'served' if pages else 'not served'})\n")
    print(f"## {args.clients} concurrent clients, {args.rounds} rounds × {args.seconds:g} s per server "
          f"({len(queries)} {'named' if args.all else 'headline'} queries in turn; {len(chosen)} entities)\n")
    print(f"First render of an entity page and its Turtle (before the rounds): {first_render * 1000:.0f} ms each\n")
    print("| server | round | requests | errors | requests/s | p50 | p99 |")
    print("|---|---|---|---|---|---|---|")
    for name, rs in rounds.items():
        for k, r in enumerate(rs, 1):
            print(f"| {name} | {k} | {r['requests']} | {r['failed']} | {r['throughput']:.0f} | "
                  f"{r['p50'] * 1000:.1f} ms | {r['p99'] * 1000:.1f} ms |")
    print("\n| median of the rounds | requests/s | p50 | p99 | errors | ratio to baseline (requests/s, p99) |")
    print("|---|---|---|---|---|---|")
    for name in rounds:
        base = PAGES_BASE if name.startswith(("oxigraph: DESCRIBE", "zgraph serve: /id/")) else BASE
        ratio = "" if name == base else (f"{median(name, 'throughput') / median(base, 'throughput'):.2f}, "
                                         f"{median(name, 'p99') / median(base, 'p99'):.2f}")
        print(f"| {name} | {median(name, 'throughput'):.0f} | {median(name, 'p50') * 1000:.1f} ms | "
              f"{median(name, 'p99') * 1000:.1f} ms | {sum(r['failed'] for r in rounds[name])} | {ratio} |")
    errors = sum(r["failed"] for r in rounds[CACHED])
    met = [f"queries/s ≥ {TARGET_QPS}: {'yes' if median(CACHED, 'throughput') >= TARGET_QPS else 'no'}",
           f"p99 ≤ {TARGET_P99 * 1000:.0f} ms: {'yes' if median(CACHED, 'p99') <= TARGET_P99 else 'no'}",
           f"errors = {TARGET_ERRORS}: {'yes' if errors == TARGET_ERRORS else 'no'}",
           *([f"entity pages/s ≥ {TARGET_PAGES}: "
              f"{'yes' if median(PAGES_HTML, 'throughput') >= TARGET_PAGES else 'no'}"] if chosen else [])]
    print("\nTargets for zgraph serve (medians, cache on): " + "; ".join(met))
    for name, rs in rounds.items():
        for r in rs:
            if r["first_failure"]:
                print(f"first error on {name}: {r['first_failure']}")


if __name__ == "__main__":
    main()
