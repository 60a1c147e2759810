"""What a node's or a link's card shows: labels, class, facts, and the report's words in their sentence."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, URIRef

from zgraph.model.explain import explain
from zgraph.model.labels import label
from zgraph.model.namespaces import ZG, expand
from zgraph.model.provenance import report_id, spans

#: Characters of context shown on each side of a quote, cut at the sentence around it.
CONTEXT_CHARS = 120


def sentence_context(text: str | None, start: int, end: int, exact: str) -> tuple[str, str]:
    """The words before and after a quote up to the sentence boundary (at most CONTEXT_CHARS each side)."""
    if text is None or start < 0 or text[start:end] != exact:
        return "", ""
    stops = "。；\n"
    lo = max(0, start - CONTEXT_CHARS)
    before = text[lo:start]
    cut = max(before.rfind(c) for c in stops)
    before = before[cut + 1:] if cut >= 0 else ("…" + before if lo > 0 else before)
    after = text[end:end + CONTEXT_CHARS]
    cuts = [i for i in (after.find(c) for c in stops) if i >= 0]
    after = after[:min(cuts) + 1] if cuts else (after + "…" if end + CONTEXT_CHARS < len(text) else after)
    return before, after.rstrip("\n")


def evidence_records(g: Graph, node: URIRef, texts: Mapping[URIRef, str], lang: str,
                     source_prefix: str | None) -> list[dict]:
    """A node's evidence: each quote in its sentence, with its report, offsets, section and a link to the report's
    text page (``{source_prefix}<report id>.html#ev-SSSSS-EEEEE``) when ``source_prefix`` is given."""
    out = []
    for span in spans(g, node):
        start, end, exact, section = span.start, span.end, span.exact, span.section
        before, after = sentence_context(texts.get(span.source) if span.source else None, start, end, exact)
        rid = report_id(g, span.source)
        rec = {"text": exact, "start": start, "end": end, "before": before, "after": after, "report": rid,
               "section": label(g, section, lang) if section is not None else ""}
        if source_prefix is not None and start >= 0 and rid:
            rec["href"] = f"{source_prefix}{rid}.html#ev-{start:05d}-{end:05d}"
        out.append(rec)
    return out


def entity_href(node_id: str, entity_prefix: str | None) -> str:
    """The link to a node's own page (``{prefix}<local>.html`` for zgi:, ``{prefix}../vocab/<local>.html`` for
    zgv:; ``zgraph.pages.entity`` writes them), or "" without a prefix or for other nodes."""
    prefix, _, local = node_id.partition(":")
    if entity_prefix is None or not local:
        return ""
    if prefix == "zgi":
        return f"{entity_prefix}{local}.html"
    if prefix == "zgv":
        return f"{entity_prefix}../vocab/{local}.html"
    return ""


def node_card(g: Graph, node_id: str, data: dict, lang: str, texts: Mapping[URIRef, str],
              source_prefix: str | None, entity_prefix: str | None = None) -> dict:
    """The data behind a node's hover card and details panel (all plain strings; the page never parses HTML);
    with ``entity_prefix`` (where the entity pages are, e.g. ``id/``) it links the node's own page."""
    iri = URIRef(data.get("iri") or expand(node_id) or node_id)
    ex = explain(g, iri, lang)
    facts = [[f.prop_label, f"{f.value} ({f.value_id})" if f.value_id and f.value_id != f.value else f.value]
             for f in ex.facts if f.direction == "out"]
    linked = [[f.prop_label, f.value] for f in ex.facts if f.direction == "in"]
    if ex.aliases:
        facts.insert(0, ["别名" if lang == "zh" else "also called", "；".join(ex.aliases)])
    inferred = []
    for inf in ex.inference:
        premises = "；".join(str(p["label"]) for p in inf["premises"])
        inferred.append(f"{inf['rule']}" + (f"（{premises}）" if premises else ""))
    card = {
        "id": node_id, "zh": data.get("label_zh", ""), "en": data.get("label_en", ""),
        "cls": data.get("cls", ""), "cls_zh": data.get("cls_label_zh", ""), "cls_en": data.get("cls_label_en", ""),
        "facts": facts, "linked": linked, "background": ex.background, "inferred": inferred,
        "evidence": evidence_records(g, iri, texts, lang, source_prefix),
        "reports": sorted(report_id(g, r) for r in g.objects(iri, ZG.reportedIn)),
    }
    page = entity_href(node_id, entity_prefix)
    if page:
        card["page"] = page
    return card


def edge_card(u: str, key: str, d: dict, node_quotes: dict[str, list[str]]) -> dict:
    """An edge's card: the property in both languages and which of the subject's quotes bear it (by index)."""
    own = node_quotes.get(u, [])
    return {"id": key, "zh": d.get("label_zh", key), "en": d.get("label_en", key), "property": key,
            "inferred": bool(d.get("inferred")),
            "quotes": [own.index(q) for q in d.get("quotes", []) if q in own],
            "texts": [q for q in d.get("quotes", []) if q not in own]}

