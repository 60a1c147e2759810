"""Issue 15.1, dereferenceable IRIs: every zgraph IRI answers `zgraph serve` by content negotiation (HTML for
browsers; Turtle, JSON-LD, N-Triples for Accept or ?format=), unknown ids get 404 with suggestions, `--base` sets
where pages link, CORS on the SPARQL protocol, the response cache keeps only what cannot change; and the same
entity pages as a static site. In Chromium: served and static pages fetch nothing else and load their font."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from zgraph.model.namespaces import OA, PROV, ZG, ZGI, ZGV
from zgraph.pages import cards, entity, fonts, screenshot
from zgraph.serve.cache import ResponseCache
from zgraph.serve.negotiate import choose

ZGRAPH = str(Path(sys.executable).with_name("zgraph"))
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
YUEXIU = ZGI["place-yuexiu"]
EV = "ev-zhanjiang-2023-industrial-transfer-01972-01991"
QUOTE = "赤坎区、霞山区、遂溪县分别在越秀区设立"


def serve(*args: str):
    proc = subprocess.Popen([ZGRAPH, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    line = proc.stdout.readline().decode()
    m = re.search(r"(http://127\.0\.0\.1:\d+)/ ", line)
    assert m, line
    return proc, m.group(1)


def stop(proc) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    proc.stdout.close()


@pytest.fixture(scope="module")
def server():
    proc, base = serve()
    try:
        yield base
    finally:
        stop(proc)


def call(url: str, accept: str | None = None, method: str = "GET", data: bytes | None = None,
         headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, data=data, method=method, headers={**({"Accept": accept} if accept else {}),
                                                                          **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_negotiation_rules():
    assert choose(BROWSER) == "html" and choose("*/*") == "html" and choose(None) == "html"
    assert choose("text/turtle") == "ttl" and choose("application/ld+json") == "jsonld"
    assert choose("application/n-triples") == "nt"
    assert choose("text/turtle;q=0.5, application/ld+json") == "jsonld"
    assert choose("text/html;q=0.1, text/turtle;q=0.9, */*;q=0.05") == "ttl"
    assert choose("text/html;q=0, */*") == "ttl"  # a refused type is never chosen, whatever the wildcard says
    assert choose("image/png") is None


def test_an_entity_page_for_browsers(server):
    status, headers, body = call(f"{server}/id/place-yuexiu", BROWSER)
    html = body.decode("utf-8")
    assert status == 200 and headers.get_content_type() == "text/html"
    assert "Accept" in headers["Vary"] and headers["Access-Control-Allow-Origin"] == "*"
    assert "越秀区" in html and "Yuexiu District" in html and str(YUEXIU) in html
    assert f"<mark>{QUOTE}</mark>" in html  # the report's words, highlighted in their sentence
    assert "chars 1972–1991" in html and "字符 1972–1991" in html and "zhanjiang-2023-industrial-transfer" in html
    assert 'href="/id/place-guangzhou"' in html and 'href="/id/place-chikan"' in html  # neighbours' own pages
    assert 'href="/source/zhanjiang-2023-industrial-transfer.html#ev-01972-01991"' in html
    assert "<svg" in html and 'class="zg-svg-node"' in html  # the neighbourhood, drawn inline
    assert "<script" not in html and "default-src 'none'" in unescape(html)
    assert fonts.embedded_fonts(html)
    assert 'href="/id/place-yuexiu?format=ttl"' in html and "rel=\"alternate\"" in headers["Link"]
    status, _, en = call(f"{server}/id/place-yuexiu?lang=en", BROWSER)
    assert status == 200 and "<h1 id=\"zg-title\">Yuexiu District" in en.decode()


@pytest.mark.parametrize(("accept", "fmt", "ctype", "parse"), [
    ("text/turtle", "ttl", "text/turtle", "turtle"),
    ("application/ld+json", "jsonld", "application/ld+json", "json-ld"),
    ("application/n-triples", "nt", "application/n-triples", "nt"),
])
def test_rdf_by_accept_or_format_with_its_evidence(server, accept, fmt, ctype, parse):
    status, headers, body = call(f"{server}/id/place-yuexiu", accept)
    assert status == 200 and headers.get_content_type() == ctype and "Accept" in headers["Vary"]
    g = Graph().parse(data=body, format=parse)
    assert (YUEXIU, ZG.divisionCode, Literal("440104")) in g
    ev = ZGI[EV]
    assert (YUEXIU, PROV.wasDerivedFrom, ev) in g and (ev, OA.hasSource, None) in g
    sel = g.value(ev, OA.hasSelector)
    assert str(g.value(sel, OA.exact)) == QUOTE and int(g.value(sel, OA.start)) == 1972
    assert (ZGI["pairing-yuexiu-chikan"], ZG.assistingParty, YUEXIU) in g  # its links both ways
    _, _, same = call(f"{server}/id/place-yuexiu?format={fmt}", BROWSER)
    assert isomorphic(g, Graph().parse(data=same, format=parse))


def test_406_400_and_404_with_suggestions(server):
    assert call(f"{server}/id/place-yuexiu", "image/png")[0] == 406
    assert call(f"{server}/id/place-yuexiu?format=xml")[0] == 400
    status, headers, body = call(f"{server}/id/place-yuexi", BROWSER)
    assert status == 404 and headers.get_content_type() == "text/html"
    assert 'href="/id/place-yuexiu"' in body.decode() and "Vary" in headers
    status, headers, body = call(f"{server}/id/place-yuexi", "text/plain")
    assert status == 404 and headers.get_content_type() == "text/plain" and b"(zgi:place-yuexiu)" in body
    assert call(f"{server}/vocab/no-such-concept", "text/turtle")[0] == 404


def test_evidence_concepts_sources_and_the_ontology_resolve(server):
    status, _, body = call(f"{server}/id/{EV}", BROWSER)
    assert status == 200 and f"<mark>{QUOTE}</mark>" in body.decode()
    status, _, body = call(f"{server}/vocab/level-county", BROWSER)
    assert status == 200 and "县级" in body.decode()
    status, _, body = call(f"{server}/source/zhanjiang-2023-industrial-transfer.html", BROWSER)
    assert status == 200 and QUOTE in body.decode()
    status, _, body = call(f"{server}/ontology", BROWSER)
    assert status == 200 and 'id="Pairing"' in body.decode()  # zg:Pairing = /ontology#Pairing
    status, _, body = call(f"{server}/ontology", "text/turtle")
    assert (ZG.Pairing, RDF.type, OWL.Class) in Graph().parse(data=body, format="turtle")
    assert call(f"{server}/ontology/0.1.0", BROWSER)[0] == 200
    status, _, body = call(f"{server}/id/", BROWSER)
    assert status == 200 and 'href="/id/place-yuexiu"' in body.decode()


def test_every_iri_of_the_graph_resolves(server, g):
    iris = {t for triple in g for t in triple if isinstance(t, URIRef)
            and entity.split_iri(str(t)) is not None and entity.split_iri(str(t))[0] in ("id", "vocab")}
    assert len(iris) > 1000
    for iri in sorted(iris):
        kind, local = entity.split_iri(str(iri))
        status, _, body = call(f"{server}/{kind}/{urllib.parse.quote(local)}", "application/n-triples")
        assert status == 200, iri
        assert f"<{iri}>".encode() in body


def test_cors_on_the_sparql_protocol(server):
    for path in ("/sparql", "/query"):
        status, headers, _ = call(f"{server}{path}", method="OPTIONS", headers={
            "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
        status, headers, _ = call(f"{server}{path}?query=ASK%7B%7D", "application/sparql-results+json",
                                  headers={"Origin": "https://example.org"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


def test_the_cache_keeps_answers_that_cannot_change_and_nothing_else(server):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = call(f"{server}/sparql?query={urllib.parse.quote(text)}", "text/csv")[2]
    assert first == call(f"{server}/sparql?query={urllib.parse.quote(text)}", "text/csv")[2]
    for volatile in ("SELECT (STRUUID() AS ?u) WHERE {}", "SELECT (BNODE() AS ?b) WHERE {}",
                     "SELECT (rand() AS ?r) WHERE {}", "SELECT ?b WHERE { BIND(BNODE() AS ?b) }"):
        url = f"{server}/sparql?query={urllib.parse.quote(volatile)}"
        answers = {call(url, "application/sparql-results+json")[2] for _ in range(3)}
        assert len(answers) == 3, volatile  # answered afresh each time
    cache = ResponseCache(1000)
    key = cache.key("GET", b"/sparql?query=SELECT%20%3Fx%20%7B%7D", [(b"accept", b"text/csv")], b"")
    assert key is not None
    for q in (b"SELECT%20(NOW()%20AS%20%3Fn)%20%7B%7D", b"SELECT+(UUID()+AS+?u){}", b"SELECT * { SERVICE <x> {} }"):
        assert cache.key("GET", b"/sparql?query=" + q, [], b"") is None
    assert cache.key("POST", b"/sparql", [(b"content-type", b"application/x-www-form-urlencoded")],
                     b"query=SELECT+%28STRUUID%28%29+AS+%3Fu%29+%7B%7D") is None
    cache.put(key, 200, [], b'{"type":"bnode","value":"x"}')
    assert cache.get(key) is None  # an answer with blank nodes is not kept
    cache.put(key, 200, [], b"x\r\n1\r\n")
    assert cache.get(key).body == b"x\r\n1\r\n"
    other = cache.key("GET", b"/sparql?query=ASK%7B%7D", [], b"")
    cache.put(other, 200, [], b"y" * 960)
    assert cache.get(key) is None and cache.lru.size <= 1000  # bounded: the oldest went


def test_base_makes_the_pages_link_there():
    proc, base = serve("--base", "https://w3id.org/zgraph/")
    try:
        status, _, body = call(f"{base}/id/place-yuexiu", BROWSER)
        html = body.decode()
        assert status == 200 and 'href="https://w3id.org/zgraph/id/place-guangzhou"' in html
        assert 'href="https://w3id.org/zgraph/source/zhanjiang-2023-industrial-transfer.html#ev-01972-01991"' in html
        assert 'href="/id/' not in html
    finally:
        stop(proc)


# --- the static site ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static(tmp_path_factory, g):
    out = tmp_path_factory.mktemp("static")
    only = [YUEXIU, ZGI["place-guangzhou"], ZGI["pairing-yuexiu-suixi"], ZGV["level-county"]]
    entity.write_entity_pages(out, g, "zh", only=only)
    return out


def test_static_entity_pages_link_relatively(static, g):
    html = (static / "id" / "place-yuexiu.html").read_text(encoding="utf-8")
    assert f"<mark>{QUOTE}</mark>" in html
    assert 'href="../id/place-guangzhou.html"' in html
    assert 'href="../source/zhanjiang-2023-industrial-transfer.html#ev-01972-01991"' in html
    assert "?format=" not in html and "<script" not in html
    every = {f"../{k}/{loc}.html" for k, loc in (entity.split_iri(str(n)) for n in entity.page_nodes(g))}
    every.add("../id/index.html")
    for href in re.findall(r'href="(\.\./(?:id|vocab)/[^"#]+)"', html):
        assert href in every, href  # a page the demo writes
    assert not any(f"{EV}" in h for h in re.findall(r'href="([^"]+)"', html))  # evidence links to the text
    index = (static / "id" / "index.html").read_text(encoding="utf-8")
    assert 'href="../id/place-yuexiu.html"' in index and 'href="../vocab/level-county.html"' in index
    assert (static / "vocab" / "level-county.html").is_file()


def test_graph_cards_link_the_entity_page(g):
    from zgraph.model.sources import report_texts

    card = cards.node_card(g, "zgi:place-yuexiu", {}, "zh", report_texts(g), None, "../id/")
    assert card["page"] == "../id/place-yuexiu.html"
    assert "page" not in cards.node_card(g, "zgi:place-yuexiu", {}, "zh", report_texts(g), None)
    assert cards.entity_href("zgv:level-county", "id/") == "id/../vocab/level-county.html"


# --- in Chromium ---------------------------------------------------------------------------------------------


def watched(browser, allow):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    elsewhere: list[str] = []
    errors: list[str] = []

    def route(r) -> None:
        if allow(r.request.url):
            r.continue_()
        else:
            elsewhere.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, elsewhere, errors


def check_font(page, html: str) -> None:
    page.evaluate("() => document.fonts.ready.then(() => true)")
    loaded = page.evaluate("""() => [...document.fonts].filter(f => f.family.includes('zgraph Noto Sans CJK SC'))
                                                    .map(f => f.status)""")
    assert loaded and set(loaded) == {"loaded"}, loaded
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "zgraph Noto Sans CJK SC" in family
    text = page.evaluate("() => document.body.innerText")
    missing = {c for c in fonts.shown(text) if ord(c) > 0x2E7F} - fonts.covered(html)
    assert not missing, sorted(missing)[:10]


@pytest.mark.browser
def test_a_served_entity_page_in_chromium(server, browser):
    page, elsewhere, errors = watched(browser, lambda url: url.startswith(server + "/"))
    try:
        page.goto(f"{server}/id/place-yuexiu")
        assert page.locator("mark", has_text=QUOTE).count() >= 1
        assert page.locator("svg a.zg-svg-node").count() >= 10
        check_font(page, call(f"{server}/id/place-yuexiu", BROWSER)[2].decode())
        page.click('svg a[href="/id/place-guangzhou"]')
        page.wait_for_url(f"{server}/id/place-guangzhou")
        assert "广州市" in page.locator("h1").inner_text()
    finally:
        page.close()
    assert not elsewhere and not errors, (elsewhere, errors)


@pytest.mark.browser
def test_a_static_entity_page_in_chromium(static, browser):
    page = browser.new_page()
    attempted: list[str] = []
    errors: list[str] = []
    screenshot.block_network(page, attempted)
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    path = static / "id" / "place-yuexiu.html"
    try:
        page.goto(path.resolve().as_uri())
        assert page.locator("mark", has_text=QUOTE).count() >= 1
        check_font(page, path.read_text(encoding="utf-8"))
    finally:
        page.close()
    assert not attempted and not errors, (attempted, errors)


@pytest.fixture(scope="module")
def linked_view(tmp_path_factory, g):
    from zgraph.pages.graph import render

    out = tmp_path_factory.mktemp("linked-view")
    render(g, out / "views" / "pairings.html", "pairings", source_prefix="../source/", entity_prefix="../id/")
    entity.write_entity_pages(out, g, "zh", only=[YUEXIU])
    return out


@pytest.mark.browser
def test_a_graph_card_links_the_entity_page(linked_view, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    attempted: list[str] = []
    screenshot.block_network(page, attempted)
    try:
        page.goto((linked_view / "views" / "pairings.html").resolve().as_uri())
        screenshot.wait_ready(page)
        box = page.locator("#mynetwork").bounding_box()
        xy = page.evaluate("id => network.canvasToDOM(network.getPosition(id))", "zgi:place-yuexiu")
        page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
        link = page.locator("#zg-details a.zg-own-page")
        link.wait_for()
        assert link.inner_text() == "实体页面" and link.get_attribute("href") == "../id/place-yuexiu.html"
        link.click()
        page.wait_for_url("**/id/place-yuexiu.html")
        assert page.locator("mark", has_text=QUOTE).count() >= 1
    finally:
        page.close()
    assert not attempted


def test_query_views_are_served(server):
    status, headers, body = call(f"{server}/query/pairings", BROWSER)
    html = body.decode()
    assert status == 200 and headers.get_content_type() == "text/html"
    assert 'data-view="map"' in html and "var ZG_VIEW = " in html and "越秀区" in html
    status, _, body = call(f"{server}/query/indicators?lang=en", BROWSER)
    assert status == 200 and 'data-view="bar"' in body.decode() and "Zhanjiang Main Platform" in body.decode()
    status, _, body = call(f"{server}/query/entity_facts?{urllib.parse.urlencode({'entity': 'zgi:place-yuexiu'})}",
                           BROWSER)
    assert status == 200 and QUOTE in body.decode()
    assert call(f"{server}/query/no_such_query", BROWSER)[0] == 404
    status, _, body = call(f"{server}/", BROWSER)
    assert 'href="/query/pairings"' in body.decode()


@pytest.mark.browser
def test_a_served_map_view_in_chromium(server, browser):
    page, elsewhere, errors = watched(browser, lambda url: url.startswith(server + "/"))
    try:
        page.goto(f"{server}/query/pairings")
        screenshot.wait_ready(page)
        check_font(page, call(f"{server}/query/pairings", BROWSER)[2].decode())
    finally:
        page.close()
    assert not elsewhere and not errors, (elsewhere, errors)
