"""Guards for features whose breakage once went unnoticed: atomic writes, push's Basic auth, the remote client's
XML branch, width and case folding in names, PageRank, and named queries winning over same-named files."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from zgraph.model import atomic
from zgraph.model.names import normalise, resolve
from zgraph.model.namespaces import ZGI
from zgraph.network.metrics import pagerank, top_by_pagerank
from zgraph.network.projection import entity_graph, undirected
from zgraph.sparql.remote import push, run_endpoint
from zgraph.sparql.results import rows_of

# --- atomic writes ------------------------------------------------------------------------------------------

def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_behind(tmp_path, monkeypatch):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old contents\n")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="simulated"):
        atomic.write_bytes(target, b"new contents that must not appear half-written\n")
    assert target.read_bytes() == b"old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_an_atomic_write_goes_through_a_temporary_file_beside_the_target(tmp_path, monkeypatch):
    seen: list[tuple[str, str]] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((os.path.basename(src), os.path.basename(dst)))
        assert Path(dst).parent == Path(src).parent  # same folder: the rename is atomic
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic.write_text(tmp_path / "a" / "page.html", "<p>页</p>")
    assert len(seen) == 1 and seen[0][1] == "page.html" and seen[0][0].startswith(".page.html.")
    assert (tmp_path / "a" / "page.html").read_text(encoding="utf-8") == "<p>页</p>"


# --- a tiny HTTP peer that records what it is sent -------------------------------------------------------------

class Peer:
    """An HTTP server on a free port answering every request with ``answer`` and recording requests."""

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                peer.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_push_sends_basic_auth_from_the_url_and_keeps_the_password_out_of_the_target():
    peer = Peer(204, "text/plain", b"")
    try:
        store = peer.url.replace("http://", "http://curator:s%C3%A9cret@") + "/store"
        n = push(store)
        method, path, headers, body = peer.requests[0]
    finally:
        peer.close()
    assert method == "PUT" and path == "/store?default"
    assert headers["Authorization"] == "Basic " + base64.b64encode("curator:sécret".encode()).decode()
    assert headers["Content-Type"].startswith("text/turtle")
    assert n > 1000 and body.count(b"\n") > 1000


SPARQL_XML = """<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="district"/><variable name="n"/></head>
  <results>
    <result><binding name="district"><literal xml:lang="zh">越秀区</literal></binding>
            <binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">3</literal></binding></result>
    <result><binding name="district"><uri>https://w3id.org/zgraph/id/place-baiyun</uri></binding></result>
  </results>
</sparql>""".encode()


def test_the_remote_client_reads_sparql_xml_results():
    peer = Peer(200, "application/sparql-results+xml", SPARQL_XML)
    try:
        names, rows = rows_of(run_endpoint(peer.url + "/sparql", "SELECT ?district ?n WHERE { ?s ?p ?o }"))
        (method, _, headers, body) = peer.requests[0]
    finally:
        peer.close()
    assert method == "POST" and "application/sparql-results+xml" in headers["Accept"]
    assert b"query=" in body
    assert names == ["district", "n"]
    assert rows[0][0].value == "越秀区" and rows[0][1].value == "3"
    assert rows[1][0].value == f"{ZGI}place-baiyun" and rows[1][1] is None


def test_the_remote_client_reads_rdf_answers_and_refuses_others():
    from zgraph.model.errors import QueryError

    peer = Peer(200, "application/n-triples", b"<http://a> <http://b> \"c\" .\n")
    try:
        triples = run_endpoint(peer.url + "/sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    finally:
        peer.close()
    assert [t.object.value for t in triples] == ["c"]
    peer = Peer(200, "text/html", b"<p>hello</p>")
    try:
        with pytest.raises(QueryError, match="unexpected answer of type 'text/html'"):
            run_endpoint(peer.url + "/sparql", "SELECT * WHERE { ?s ?p ?o }")
    finally:
        peer.close()


# --- names ---------------------------------------------------------------------------------------------------

def test_names_fold_width_and_case(g):
    assert normalise("ＹＵＥＸＩＵ　District") == normalise("yuexiu district")
    assert resolve(g, "YUEXIU DISTRICT") == ZGI["place-yuexiu"]
    assert resolve(g, "Ｙｕｅｘｉｕ Ｄｉｓｔｒｉｃｔ") == ZGI["place-yuexiu"]
    # the report prints half-width brackets; a reader may type full-width ones
    assert resolve(g, "广州越秀（赤坎）科创中心") == resolve(g, "广州越秀(赤坎)科创中心")


# --- PageRank -------------------------------------------------------------------------------------------------

def test_pagerank_scores_every_node_and_sums_to_one(g):
    H = undirected(entity_graph(g))
    scores = pagerank(H)
    assert set(scores) == set(H.nodes) and len(scores) > 300
    assert abs(sum(scores.values()) - 1) < 1e-9
    assert top_by_pagerank(scores, 2) == ["zgi:place-zhanjiang", "zgi:platform-main"]


# --- named queries win over files ----------------------------------------------------------------------------

def test_a_file_named_like_a_query_does_not_replace_it(tmp_path):
    (tmp_path / "pairings").write_text("SELECT ?x WHERE { BIND(1 AS ?x) }", encoding="utf-8")
    run = [sys.executable, "-m", "zgraph", "query"]
    named = subprocess.run([*run, "pairings", "--format", "csv"], capture_output=True, text=True, cwd=tmp_path)
    assert named.returncode == 0 and named.stdout.startswith("guangzhou_district,zhanjiang_unit")
    as_file = subprocess.run([*run, "./pairings", "--format", "csv"], capture_output=True, text=True, cwd=tmp_path)
    assert as_file.returncode == 0 and as_file.stdout.splitlines() == ["x", "1"]

