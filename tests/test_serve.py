"""Issue 4, `zgraph serve`: the SPARQL 1.1 Protocol at /sparql, read-only, bounded, and the offline page at /."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from zgraph.sparql.catalogue import get, named_queries, prepare

ZGRAPH = str(Path(sys.executable).with_name("zgraph"))
LIMIT = 2  # seconds: the server's time limit in these tests
JSON = "application/sparql-results+json"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


@pytest.fixture(scope="module")
def server():
    """`zgraph serve` on a free port, started and stopped by the test (with everything it started)."""
    proc = subprocess.Popen([ZGRAPH, "serve", "--port", "0", "--timeout", str(LIMIT)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        line = proc.stdout.readline().decode()
        m = re.search(r"(http://127\.0\.0\.1:\d+)/ ", line)
        assert m, f"no address in {line!r}: {proc.stderr.read().decode() if proc.poll() is not None else ''}"
        yield m.group(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == 0


def call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get_content_type(), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_content_type(), e.read()


def sparql_get(base: str, text: str, accept: str = JSON) -> tuple[int, str, bytes]:
    return call(f"{base}/sparql?{urllib.parse.urlencode({'query': text})}", headers={"Accept": accept})


def cli_json(name: str, lang: str = "zh") -> dict:
    done = subprocess.run([ZGRAPH, "query", name, "--format", "json", "--lang", lang], capture_output=True,
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", ["pairings", "documents", "indicators", "enclaves"])
def test_endpoint_answer_equals_the_cli(server, name):
    text = prepare(get(name).text, "en")
    status, ctype, body = sparql_get(server, text)
    assert status == 200 and ctype == JSON
    assert json.loads(body) == cli_json(name, "en")


def test_three_ways_to_send_a_query_give_the_same_rows(server):
    text = prepare(get("pairings").text, "zh")
    _, _, by_get = sparql_get(server, text)
    _, _, by_form = call(f"{server}/sparql", urllib.parse.urlencode({"query": text}).encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": JSON})
    _, _, direct = call(f"{server}/sparql", text.encode("utf-8"), {
        "Content-Type": "application/sparql-query", "Accept": JSON})
    rows = json.loads(by_get)["results"]["bindings"]
    assert len(rows) == 9
    assert rows == json.loads(by_form)["results"]["bindings"] == json.loads(direct)["results"]["bindings"]
    _, _, from_query = call(f"{server}/query?{urllib.parse.urlencode({'query': text})}", headers={"Accept": JSON})
    assert json.loads(from_query)["results"]["bindings"] == rows


def test_content_negotiation(server):
    text = prepare(get("pairings").text, "zh")
    status, ctype, body = sparql_get(server, text, "text/csv")
    assert (status, ctype) == (200, "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert tuple(rows[0]) == get("pairings").columns and ["越秀区", "赤坎区", "县级", "推断", "确凿"] in rows
    status, ctype, body = sparql_get(server, text, "text/tab-separated-values")
    assert (status, ctype) == (200, "text/tab-separated-values")
    assert body.decode("utf-8").splitlines()[0] == "\t".join(f"?{c}" for c in get("pairings").columns)
    status, ctype, body = sparql_get(server, text, "application/sparql-results+xml")
    assert (status, ctype) == (200, "application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(list(ET.fromstring(body).iter(f"{ns}result"))) == 9


def count(server: str) -> int:
    _, _, body = sparql_get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_updates_are_refused(server):
    before = count(server)
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    for url, data, ctype in [
        (f"{server}/sparql", update.encode(), "application/sparql-update"),
        (f"{server}/sparql", urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
        (f"{server}/update", update.encode(), "application/sparql-update"),
        (f"{server}/store?default", b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
         "application/n-triples"),
    ]:
        status, _, _ = call(url, data, {"Content-Type": ctype})
        assert 400 <= status < 500, url
    status, _, _ = call(f"{server}/store?default", method="DELETE")
    assert 400 <= status < 500
    assert count(server) == before > 8000


def test_malformed_query_gets_400_with_the_parsers_message_and_the_server_stays_up(server):
    status, ctype, body = sparql_get(server, "SELECT ?x WHERE { ?x a }")
    assert status == 400 and ctype == "text/plain"
    assert re.search(r"1:\d+", body.decode()), body  # the parser says where
    assert count(server) > 8000


def test_runaway_query_is_stopped_at_the_time_limit(server):
    # How long it took is for benchmarks; here: the answer is the time limit's own (naming the configured limit),
    # where without the limit this query would run for hours.
    status, _, body = sparql_get(server, RUNAWAY)
    assert status == 503 and f"longer than the time limit of {LIMIT:g} s".encode() in body
    assert count(server) > 8000  # answering again, on a fresh Oxigraph process


def test_concurrent_clients_all_get_the_right_answer(server):
    text = prepare(get("pairings").text, "zh")
    expected = json.loads(sparql_get(server, text)[2])
    failures: list[str] = []

    def client() -> None:
        for _ in range(10):
            status, _, body = sparql_get(server, text)
            if status != 200 or json.loads(body) != expected:
                failures.append(f"{status}")

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_landing_page_lists_the_named_queries_and_needs_nothing_from_elsewhere(server):
    status, ctype, body = call(f"{server}/")
    page = body.decode("utf-8")
    assert (status, ctype) == (200, "text/html")
    for q in named_queries():
        assert f'data-name="{q.name}"' in page and q.question["zh"] in page and q.question["en"] in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "nothing may load from another site"
    blob = re.search(r'<script type="application/json" id="named">(.*?)</script>', page, re.S).group(1)
    assert {q["name"]: q["text"] for q in json.loads(blob)} == {q.name: q.text for q in named_queries()}
    assert "<textarea" in page and 'fetch("/sparql"' in page
    status, _, body = call(f"{server}/yasgui/")
    assert status == 200 and b"yasgui" in body.lower()




@pytest.mark.browser
def test_landing_page_runs_named_queries_and_typed_sparql(server, browser):
    page = browser.new_page()
    elsewhere: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else (elsewhere.append(route.request.url), route.abort()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/")
    page.click('button[data-name="pairings"]')
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results tbody tr").count() == 9
    assert page.locator("#results tbody tr").first.inner_text().split("\t")[:2] == ["越秀区", "赤坎区"]
    page.check('input[name=lang][value=en]')
    page.wait_for_function("document.querySelector('#results tbody td').textContent === 'Yuexiu District'")
    page.fill("#sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/zgraph/ontology#PolicyDocument> }")
    page.click("#run")
    page.wait_for_function("document.querySelector('#results tbody td') && "
                           "document.querySelector('#results tbody td').textContent === '16'")
    page.fill("#sparql", "SELECT ?x WHERE { ?x a }")
    page.click("#run")
    page.wait_for_function("document.getElementById('error').textContent.includes('HTTP 400')")
    page.close()
    assert not elsewhere and not errors


def test_missing_oxigraph_binary_is_a_short_error(monkeypatch, tmp_path):
    from zgraph.model.errors import ZGraphError
    from zgraph.serve import find_oxigraph

    done = subprocess.run([ZGRAPH, "serve", "--oxigraph", str(tmp_path / "none")], capture_output=True, timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 1 and err.startswith("zgraph: error: ") and "Traceback" not in err
    monkeypatch.delenv("ZGRAPH_OXIGRAPH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    with pytest.raises(ZGraphError, match="pip install oxigraph"):
        find_oxigraph()
