"""Benchmark `zgraph serve` under load against bare `oxigraph serve-read-only` on the same data, in the same run.

20 concurrent clients (threads spread over a few client processes, so that the clients' own Python does not
become the bottleneck) each keep one HTTP/1.1 connection and send the headline named queries in turn (POST
form, Accept JSON); every answer is compared byte for byte with the local result. The rounds alternate between
the two servers (baseline first) so that both see the same machine load. Reports queries/s, p50/p99 latency,
errors, the ratios to the baseline, and whether zgraph serve meets the targets (≥ 300 q/s, p99 ≤ 50 ms, 0 errors).

Run: ``.venv/bin/python benchmarks/bench_serve.py [--clients 20] [--seconds 3] [--rounds 8] [--all]``.
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

from zgraph.model.store import load_store
from zgraph.serve import Inner, find_oxigraph, prepare_location
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.catalogue import named_queries, prepare
from zgraph.sparql.results import serialize

JSON = "application/sparql-results+json"
TARGET_QPS, TARGET_P99, TARGET_ERRORS = 300, 0.050, 0


def client_process(port: int, threads: int, offset: int, seconds: float, work: list[tuple[bytes, bytes]],
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
            body, expected = work[(k + i) % len(work)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request("POST", "/sparql", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": JSON})
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200 or data != expected:
                    bad.append(f"HTTP {resp.status}")
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


def load(port: int, clients: int, procs: int, seconds: float, work: list[tuple[bytes, bytes]]) -> dict[str, float]:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--procs", type=int, default=4, help="client processes the clients are spread over")
    ap.add_argument("--seconds", type=float, default=3.0, help="length of each round")
    ap.add_argument("--rounds", type=int, default=8,
                    help="rounds per server, alternating (short rounds, so both see the same load from elsewhere)")
    ap.add_argument("--all", action="store_true", help="every named query, not only the headline ones")
    args = ap.parse_args()
    store = load_store()
    work = []
    for q in named_queries():
        if q.headline or args.all:
            text = prepare(q.text, "zh")
            work.append((urllib.parse.urlencode({"query": text}).encode(),
                         serialize(run_oxigraph(store, text), "json")))
    oxigraph = find_oxigraph()
    before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rounds: dict[str, list[dict[str, float]]] = {"oxigraph serve-read-only (baseline)": [], "zgraph serve": []}
    with tempfile.TemporaryDirectory() as d:
        location = Path(d) / "db"
        prepare_location(location, oxigraph)
        inner = Inner(oxigraph, location)
        proc = subprocess.Popen([str(Path(sys.executable).with_name("zgraph")), "serve", "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            port = int(re.search(r"127\.0\.0\.1:(\d+)/", proc.stdout.readline().decode()).group(1))
            for _ in range(args.rounds):
                for name, p in (("oxigraph serve-read-only (baseline)", inner.port), ("zgraph serve", port)):
                    load(p, args.clients, args.procs, 0.5, work)  # warm-up: connections, caches
                    rounds[name].append(load(p, args.clients, args.procs, args.seconds, work))
        finally:
            proc.terminate()
            proc.wait()
            inner.stop()

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in rounds[name])

    print(f"Load average before/after: {before} / {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(f"## {args.clients} concurrent clients, {args.rounds} rounds × {args.seconds:g} s per server "
          f"({len(work)} {'named' if args.all else 'headline'} queries in turn)\n")
    print("| server | round | requests | errors | queries/s | p50 | p99 |")
    print("|---|---|---|---|---|---|---|")
    for name, rs in rounds.items():
        for k, r in enumerate(rs, 1):
            print(f"| {name} | {k} | {r['requests']} | {r['failed']} | {r['throughput']:.0f} | "
                  f"{r['p50'] * 1000:.1f} ms | {r['p99'] * 1000:.1f} ms |")
    base, ours = "oxigraph serve-read-only (baseline)", "zgraph serve"
    print("\n| median of the rounds | queries/s | p50 | p99 | errors |")
    print("|---|---|---|---|---|")
    for name in rounds:
        print(f"| {name} | {median(name, 'throughput'):.0f} | {median(name, 'p50') * 1000:.1f} ms | "
              f"{median(name, 'p99') * 1000:.1f} ms | {sum(r['failed'] for r in rounds[name])} |")
    print(f"| ratio zgraph / baseline | {median(ours, 'throughput') / median(base, 'throughput'):.2f} | "
          f"{median(ours, 'p50') / median(base, 'p50'):.2f} | {median(ours, 'p99') / median(base, 'p99'):.2f} | |")
    errors = sum(r["failed"] for r in rounds[ours])
    met = [f"queries/s ≥ {TARGET_QPS}: {'yes' if median(ours, 'throughput') >= TARGET_QPS else 'no'}",
           f"p99 ≤ {TARGET_P99 * 1000:.0f} ms: {'yes' if median(ours, 'p99') <= TARGET_P99 else 'no'}",
           f"errors = {TARGET_ERRORS}: {'yes' if errors == TARGET_ERRORS else 'no'}"]
    print("\nTargets for zgraph serve (medians): " + "; ".join(met))
    for name, rs in rounds.items():
        for r in rs:
            if r["first_failure"]:
                print(f"first error on {name}: {r['first_failure']}")


if __name__ == "__main__":
    main()
