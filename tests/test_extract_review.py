"""zgraph review: the page, the merge into the curated folder, and the review in Chromium (accept, reject, edit)."""

from __future__ import annotations

import hashlib
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from helpers import copy_corpus
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from zgraph.extract.accept import REVIEWED_FILE, Decision, write_reviewed
from zgraph.extract.draft import extract_report, write
from zgraph.extract.review import Review, ReviewServer
from zgraph.model.errors import InputError
from zgraph.model.loading import load_files
from zgraph.model.namespaces import ZG
from zgraph.pages import fonts
from zgraph.pipeline.build import build_report

RID = "yunlan-2023-industrial-transfer"
WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def setup(tmp_path):
    """A corpus whose yunlan-2023 report has only a hand-curated file of its own, and a draft of the report."""
    corpus = copy_corpus(tmp_path, fixtures=True)
    draft = extract_report(corpus, RID)
    folder = corpus.curated / RID
    for f in folder.glob("*.ttl"):
        if f.name != "00-report.ttl":
            f.unlink()
    out = write(draft, tmp_path / "draft.ttl")
    return corpus, out


def _digest(folder):
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.glob("*.ttl"))}


def _pick(review, kind, n=1, value=False):
    found = [i for i in review.items if i.kind == kind and (i.value is not None or not value)]
    return found[:n]


def test_accept_reject_edit_merge_and_a_second_review_does_not_duplicate(setup):
    corpus, out = setup
    report = corpus.report(RID)
    review = Review(out, corpus, report, "Ada")
    folder = corpus.curated / RID
    before = _digest(folder)
    place, doc = _pick(review, "places")[0], _pick(review, "documents")[0]
    rejected = _pick(review, "bodies")[0]
    fig = _pick(review, "figures", value=True)[0]
    decisions = [Decision(place.iri, "accept"), Decision(doc.iri, "accept"), Decision(rejected.iri, "reject"),
                 Decision(fig.iri, "edit", zh="改过的标签", value="99.5")]
    done = write_reviewed(corpus, report, review.graph, decisions, "Ada", WHEN)
    assert len(done.accepted) == 2 and done.edited and done.rejected
    assert _digest(folder) | {REVIEWED_FILE: ""} == before | {REVIEWED_FILE: ""}  # the other files are untouched
    g = load_files([folder / REVIEWED_FILE])
    assert (fig.iri, RDFS.label, Literal("改过的标签", lang="zh")) in g
    assert g.value(fig.iri, ZG.valueAsPrinted) == Literal("99.5") and g.value(fig.iri, ZG.value).toPython() == \
        Decimal("99.5")
    assert str(g.value(fig.iri, ZG.reviewDecision)) == "edited" and str(g.value(place.iri, ZG.reviewDecision)) == \
        "accepted"
    assert (rejected.iri, None, None) not in g
    activity = g.value(place.iri, ZG.reviewedIn)
    assert (activity, RDF.type, ZG.Review) in g and g.value(activity, PROV.endedAtTime) is not None
    assert str(g.value(g.value(activity, PROV.wasAssociatedWith), RDFS.label)) == "Ada"
    size = len(g)
    write_reviewed(corpus, report, review.graph, decisions, "Ada", WHEN)  # the same review again
    assert len(load_files([folder / REVIEWED_FILE])) == size
    built = build_report(corpus, report)  # what was written builds: its quotes are grounded
    assert (place.iri, PROV.wasDerivedFrom, None) in built


def test_an_unreadable_edit_writes_nothing(setup):
    corpus, out = setup
    review = Review(out, corpus, corpus.report(RID), "Ada")
    fig = _pick(review, "figures", value=True)[0]
    with pytest.raises(InputError, match="not a number"):
        write_reviewed(corpus, corpus.report(RID), review.graph, [Decision(fig.iri, "edit", value="很多")], "Ada",
                       WHEN)
    assert not (corpus.curated / RID / REVIEWED_FILE).exists()


def test_links_to_candidates_not_accepted_are_dropped_and_said(setup):
    corpus, out = setup
    review = Review(out, corpus, corpus.report(RID), "Ada")
    enclave = next(i for i in review.items if i.kind == "enclaves" and (i.iri, ZG.origin, None) in review.graph)
    done = write_reviewed(corpus, corpus.report(RID), review.graph, [Decision(enclave.iri, "accept")], "Ada", WHEN)
    assert any("hasComponent" in d or "origin" in d for d in done.dropped)


def test_the_page_escapes_every_text(setup, tmp_path):
    corpus, out = setup
    g = load_files([out])
    node = next(iter(g.subjects(ZG.extractedBy, None)))
    g.remove((node, RDFS.label, None))
    g.add((node, RDFS.label, Literal("<img src=x onerror=alert(1)>", lang="zh")))
    g.add((node, RDFS.label, Literal("</textarea><script>x()</script>", lang="en")))
    evil = tmp_path / "evil.ttl"
    g.serialize(evil, format="turtle")
    server = ReviewServer(Review(evil, corpus, corpus.report(RID), "<b>Ada</b>")).start()
    try:
        with urllib.request.urlopen(server.url) as r:
            page = r.read().decode("utf-8")
            assert "script-src" not in r.headers["Content-Security-Policy"]
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "<script>" not in page and "&lt;b&gt;Ada&lt;/b&gt;" in page
        assert server.url.startswith("http://127.0.0.1:")
    finally:
        server.stop()


def test_the_page_embeds_the_cjk_font_it_needs(setup):
    """Like every page of zgraph, the review page draws its Chinese with an embedded subset of Noto Sans CJK SC
    (no system font is assumed), which its policy allows as a data: font and nothing else."""
    corpus, out = setup
    review = Review(out, corpus, corpus.report(RID), "Ada")
    page = review.page()
    assert set(fonts.embedded_fonts(page)) >= {fonts.FAMILY} and f'"{fonts.FAMILY}"' in page
    missing = {c for c in fonts.page_characters(page) if not c.isspace()} - fonts.covered(page)
    assert not {c for c in missing if "\u4e00" <= c <= "\u9fff"}
    server = ReviewServer(review).start()
    try:
        with urllib.request.urlopen(server.url) as r:
            csp = r.headers["Content-Security-Policy"]
        assert "font-src data:" in csp and "script-src" not in csp
    finally:
        server.stop()


def test_the_server_writes_what_the_form_posts(setup):
    corpus, out = setup
    review = Review(out, corpus, corpus.report(RID), "Ada")
    server = ReviewServer(review).start()
    try:
        first = review.items[1]
        body = urllib.parse.urlencode({f"d-{first.n}": "accept"}).encode()
        with urllib.request.urlopen(server.url + "save", data=body) as r:
            assert 'id="n-accepted">1<' in r.read().decode("utf-8")
        g = load_files([corpus.curated / RID / REVIEWED_FILE])
        assert (first.iri, ZG.reviewedIn, None) in g
    finally:
        server.stop()


@pytest.mark.browser
def test_review_in_chromium_accept_two_reject_one_edit_one(setup, browser):
    corpus, out = setup
    review = Review(out, corpus, corpus.report(RID), "Grace")
    server = ReviewServer(review).start()
    places = _pick(review, "places", n=2)
    doc = _pick(review, "documents")[0]
    fig = _pick(review, "figures", value=True)[0]
    try:
        page = browser.new_page()
        page.goto(server.url)
        assert page.locator("fieldset").count() == len(review.items)
        for item in places:
            page.check(f"#c-{item.n} input[value=accept]")
        page.check(f"#c-{doc.n} input[value=reject]")
        page.check(f"#c-{fig.n} input[value=edit]")
        page.fill(f"#c-{fig.n} input[name=zh-{fig.n}]", "浏览器里改过的标签")
        page.fill(f"#c-{fig.n} input[name=value-{fig.n}]", "12.5")
        page.click("#save")
        page.wait_for_selector("#result")
        assert page.inner_text("#n-accepted") == "2" and page.inner_text("#n-edited") == "1"
        assert page.inner_text("#n-rejected") == "1"
        highlighted = page.locator(f"#c-{fig.n} mark").first.inner_text()
        assert highlighted in corpus.text(corpus.report(RID))
        page.close()
    finally:
        server.stop()
    g = load_files([corpus.curated / RID / REVIEWED_FILE])
    for item in places:
        assert str(g.value(URIRef(item.iri), ZG.reviewDecision)) == "accepted"
    assert (doc.iri, None, None) not in g
    assert (fig.iri, RDFS.label, Literal("浏览器里改过的标签", lang="zh")) in g
    assert g.value(fig.iri, ZG.valueAsPrinted) == Literal("12.5") and g.value(fig.iri, ZG.value).toPython() == \
        Decimal("12.5")
    reviewer = g.value(g.value(fig.iri, ZG.reviewedIn), PROV.wasAssociatedWith)
    assert str(g.value(reviewer, RDFS.label)) == "Grace"
