"""Policy documents: every title printed in 《》, with its type, adoption verb, period and issuer.

Rules:

- ``document.title`` — one node per distinct title (dcterms:title exactly as printed, without 《》).
- its type (eli:type_document) is the document-type concept whose label ends the title, once a closing bracket
  such as (试行) or (2023年修订版) is set aside; a title ending otherwise gets none (a reviewer picks one).
- its adoption verb (zg:adoptionVerb) is the run of adoption words printed right before the title, or before the
  first title of a run 《…》《…》 (制定并组织实施, 修订出台, 印发 …).
- a period in the title's brackets, (2023-2025年), is its dcterms:temporal.
- ``document.issuer-stated`` — a bureau that opens the title (甲市某某局关于…), or the department or the two
  parties (双方, each city's people's government) that the sentence says adopted it (zg:issuerBasis
  zgv:basis-stated). Where no issuer is stated the draft gives none: the build's rules ``issuer-from-title`` and
  ``issuer-from-report-place`` (rules/) infer it from the title and the report's place, as they do for curated
  documents.
"""

from __future__ import annotations

import re

from rdflib.namespace import DCTERMS

from zgraph.extract.bodies import city_body
from zgraph.extract.lexicon import ADOPTION_WORDS, Concept
from zgraph.extract.model import Candidate, Context, norm
from zgraph.model.namespaces import ELI, ZG, ZGV

TITLE = re.compile(r"《([^《》\n]{2,120})》")
PERIOD = re.compile(r"[(（]((?:19|20)\d\d\s*[-—~～至]\s*(?:19|20)\d\d)年?[)）]")
BRACKET_TAIL = re.compile(r"(?:[(（][^()（）]*[)）])+$")


def titles(text: str) -> list[tuple[int, int, str]]:
    """Every 《title》: (start of 《, end after 》, title)."""
    return [(m.start(), m.end(), m.group(1)) for m in TITLE.finditer(text)]


def adoption_verb(text: str, at: int) -> str:
    """The adoption words printed right before ``at`` (the 《 of a title, or of the first title of its run)."""
    while at > 0 and text[at - 1] == "》":
        at = text.rfind("《", 0, at - 1)
        if at < 0:
            return ""
    start = at
    while True:
        word = next((w for w in sorted(ADOPTION_WORDS, key=len, reverse=True) if text.startswith(w, start - len(w))),
                    None)
        if word is None:
            break
        start -= len(word)
    verb = text[start:at]
    while verb and verb[0] in "并和":
        verb = verb[1:]
    return verb if verb and verb[-1] not in "并和" else ""


def doc_type(ctx: Context, title: str) -> Concept | None:
    """The document type whose label ends the title (brackets at its end set aside)."""
    base = BRACKET_TAIL.sub("", title)
    for concept in ctx.lex.scheme(ZG.DocumentType):
        if base.endswith(concept.zh):
            return concept
    return None


def _issuers(ctx: Context, doc: Candidate, title: str, start: int) -> None:
    text = ctx.text
    stated = []
    m = re.match(r"(.{2,20}?(?:局|厅))(?:关于)?", title)
    if m and (m.group(1)[0] in "市省县区" or any(m.group(1).startswith(p.zh) for p in ctx.of_kind("places"))):
        dept = ctx.find("body", m.group(1)) or ctx.find("body", "市" + m.group(1).split("市", 1)[-1])
        if dept is not None:
            stated.append(dept)
    if not stated:
        run = start
        while run > 0 and text[run - 1] == "》":
            run = text.rfind("《", 0, run - 1)
        verb = adoption_verb(text, start)
        before = text[max(0, run - len(verb) - 25):run - len(verb)]
        dept = next((c for c in ctx.of_kind("bodies") if ZG.GovernmentDepartment in c.classes and
                     any(before.endswith(n) for n in (c.zh, *c.alt))), None)
        if dept is not None:
            stated.append(dept)
        elif before.endswith("双方"):
            places = [c for c in ctx.of_kind("places") if any(n in text[max(0, run - 60):run] for n in (c.zh, *c.alt))
                      and ZG.PrefectureCity in c.classes]
            for place in places[:2]:
                actor = city_body(ctx, place, start, start + 1, rule="document.issuer-stated", confidence=0.6)
                if actor is not None:
                    stated.append(actor)
    for body in stated:
        doc.add(ELI.passed_by, body.iri)
    if stated:
        doc.add(ZG.issuerBasis, ZGV["basis-stated"])
    # Where none is stated, the build's rules issuer-from-title and issuer-from-report-place infer one (the
    # government of the place the title opens with, of both places it joins, or of the report's place).


def extract_documents(ctx: Context) -> None:
    """Draft one policy document per distinct title printed in 《》."""
    text = ctx.text
    for start, end, title in titles(text):
        known = ctx.index.named(title, (ZG.PolicyDocument,))
        verb = adoption_verb(text, start)
        vstart = start if start > 0 and text[start - 1] == "》" else start - len(verb)

        def make(start: int = start, title: str = title) -> Candidate:
            c = Candidate(ctx.mint("doc"), "documents", [ZG.PolicyDocument], title, f"Policy document 《{title}》",
                          "document.title", 0.95, anchor=start)
            c.add(DCTERMS.title, title)
            kind = doc_type(ctx, title)
            if kind is not None:
                c.add(ELI.type_document, kind.iri)
            else:
                c.confidence = 0.7
            period = PERIOD.search(title)
            if period:
                c.add(DCTERMS.temporal, re.sub(r"\s", "", period.group(1)))
            return c

        fresh = ctx.find("document", title) is None
        doc = ctx.entity("document", norm(title), make, known)
        if known is not None:
            doc.add(DCTERMS.title, title)
            kind = doc_type(ctx, title)
            if kind is not None:
                doc.add(ELI.type_document, kind.iri)
        if verb:
            doc.add(ZG.adoptionVerb, verb)
        doc.quote(ctx.unique_quote(vstart, end))
        if fresh:
            _issuers(ctx, doc, title, start)
