"""Benchmark `zgraph serve` under load: 20 concurrent clients × 200 queries each, against bare Oxigraph.

Each client keeps one HTTP/1.1 connection and sends the named queries in turn (POST form, Accept JSON); every
answer is checked byte for byte against the local result. The same load runs first against `oxigraph
serve-read-only` on the same data (the baseline: no front, no landing page, no time limit), then against
`zgraph serve`. Reports throughput, p50/p99 latency, failures and the ratios to the baseline.

Run: ``.venv/bin/python benchmarks/bench_serve.py [--clients 20] [--queries 200]``.
"""

from __future__ import annotations

import argparse
import http.client
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


def load(port: int, clients: int, per_client: int, work: list[tuple[bytes, bytes]]) -> dict[str, float]:
    """Run the load; return throughput, latency percentiles and the failure count."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        for i in range(per_client):
            body, expected = work[(k + i) % len(work)]
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

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "failed": len(failures), "seconds": elapsed,
            "throughput": len(latencies) / elapsed, "p50": statistics.median(latencies),
            "p99": latencies[int(0.99 * (len(latencies) - 1))]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--queries", type=int, default=200, help="queries per client")
    args = ap.parse_args()
    store = load_store()
    work = []
    for q in named_queries():
        text = prepare(q.text, "zh")
        work.append((urllib.parse.urlencode({"query": text}).encode(), serialize(run_oxigraph(store, text), "json")))
    results = {}
    with tempfile.TemporaryDirectory() as d:
        location = Path(d) / "db"
        prepare_location(location, find_oxigraph())
        inner = Inner(find_oxigraph(), location)
        try:
            results["oxigraph serve-read-only (baseline)"] = load(inner.port, args.clients, args.queries, work)
        finally:
            inner.stop()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("zgraph")), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", proc.stdout.readline().decode()).group(1))
        results["zgraph serve"] = load(port, args.clients, args.queries, work)
    finally:
        proc.terminate()
        proc.wait()
    base = results["oxigraph serve-read-only (baseline)"]
    print(f"## {args.clients} concurrent clients × {args.queries} queries (the {len(work)} named queries in turn)\n")
    print("| server | requests | failed | throughput | p50 | p99 | throughput vs baseline | p99 vs baseline |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        ratios = f"{r['throughput'] / base['throughput']:.2f} | {r['p99'] / base['p99']:.2f}"
        print(f"| {name} | {r['requests']} | {r['failed']} | {r['throughput']:.0f} req/s | {r['p50'] * 1000:.1f} ms "
              f"| {r['p99'] * 1000:.1f} ms | {ratios} |")


if __name__ == "__main__":
    main()
