"""Issue 4, `zgraph push`: into a real Oxigraph server over the Graph Store Protocol, then the same rows remotely."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zgraph.model.store import load_store
from zgraph.serve import find_oxigraph, free_port
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.catalogue import named_queries, prepare
from zgraph.sparql.remote import graph_store_url, run_endpoint
from zgraph.sparql.results import serialize

ZGRAPH = str(Path(sys.executable).with_name("zgraph"))
GRAPH = "https://w3id.org/zgraph/graph/test"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A read-write Oxigraph server (`oxigraph serve`) on a free port, started and stopped by the test."""
    port = free_port()
    proc = subprocess.Popen([find_oxigraph(), "serve", "--location", str(tmp_path_factory.mktemp("store")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, "oxigraph serve exited"
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def zg(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([ZGRAPH, *args], capture_output=True, timeout=120)


def results(*args: str) -> dict:
    done = zg("query", *args, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def remote_count(base: str, graph: str | None = None) -> int:
    args = ["--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", f"{base}/query"]
    data = results(*args, *(["--graph", graph] if graph else []))
    return int(data["results"]["bindings"][0]["n"]["value"])


def test_push_then_every_named_query_gives_the_same_rows_remotely(oxigraph):
    done = zg("push", "--store", f"{oxigraph}/store")
    assert done.returncode == 0, done.stderr.decode()
    local = len(load_store())
    assert f"pushed {local} triples" in done.stdout.decode()
    assert remote_count(oxigraph) == local
    store = load_store()
    for q in named_queries():
        for lang in ("zh", "en"):
            text = prepare(q.text, lang)
            remote = serialize(run_endpoint(f"{oxigraph}/query", text), "json")
            assert remote == serialize(run_oxigraph(store, text), "json"), (q.name, lang)
    assert results("documents", "--endpoint", f"{oxigraph}/query") == results("documents")
    again = zg("push", "--store", f"{oxigraph}/store")  # a second push replaces, it does not add
    assert again.returncode == 0 and remote_count(oxigraph) == local


def test_push_into_a_named_graph(oxigraph):
    done = zg("push", "--store", f"{oxigraph}/store", "--graph", GRAPH)
    assert done.returncode == 0, done.stderr.decode()
    assert remote_count(oxigraph, GRAPH) == len(load_store())
    remote = results("pairings", "--endpoint", f"{oxigraph}/query", "--graph", GRAPH)
    assert remote == results("pairings")
    assert len(remote["results"]["bindings"]) == 9


def test_push_errors_are_short(oxigraph):
    for args, words in [
        (["--store", "http://127.0.0.1:9/store"], "cannot reach graph store"),
        (["--store", f"{oxigraph}/no-such-service"], "HTTP 404"),
        (["--store", "store"], "must be an http(s) URL"),
        (["--store", f"{oxigraph}/store", "--graph", "not-an-iri"], "absolute IRI"),
    ]:
        done = zg("push", *args)
        err = done.stderr.decode()
        assert done.returncode != 0 and err.startswith("zgraph: error: ") and words in err, err
        assert "Traceback" not in err


def test_graph_store_urls():
    assert graph_store_url("http://h:3030/ds/data") == "http://h:3030/ds/data?default"
    assert graph_store_url("http://u:p@h/rdf-graphs/service", "https://x/g#1") == \
        "http://h/rdf-graphs/service?graph=https%3A%2F%2Fx%2Fg%231"
    assert graph_store_url("http://h/crud?a=1", "https://x/g") == "http://h/crud?a=1&graph=https%3A%2F%2Fx%2Fg"
