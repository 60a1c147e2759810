"""Entities shared across reports: one node per place code or curated key, and the reports must agree about it.

A place is identified by its GB/T 2260 division code, anything else by its IRI (the curated key). When two
reports name the same entity they use the same IRI and attach their own evidence; the build joins them into one
node. This module finds where reports disagree: one IRI with different codes, classes or labels; one code under
two IRIs; two IRIs of the same class with the same Chinese name (probably one entity curated twice); and nodes
that belong to one report only (evidence, sections, figures) defined by two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from zgraph.model.labels import qname
from zgraph.model.namespaces import ZG, ZGI

#: Classes whose instances belong to one report: two reports never share them.
REPORT_LOCAL = (ZG.Evidence, ZG.TextSpanSelector, ZG.ReportSection, ZG.Direction, ZG.Action, ZG.Observation,
                ZG.Report)
#: Classes whose instances are identified by their printed name: two ids with one name are one entity twice.
NAMED_BY_TITLE = (ZG.PolicyDocument,)


def _described(g: Graph) -> set[URIRef]:
    """The zgi: nodes a report's graph describes (gives a type to)."""
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(ZGI))}


def _values(g: Graph, node: URIRef, prop: URIRef, lang: str | None = None) -> frozenset[str]:
    return frozenset(str(o) for o in g.objects(node, prop)
                     if lang is None or (isinstance(o, Literal) and o.language == lang))


def _say(values: frozenset[str]) -> str:
    return " / ".join(sorted(values)) or "nothing"


def conflicts(graphs: Mapping[str, Graph]) -> list[str]:
    """Every disagreement between the reports' built graphs, as one readable line each (empty: they agree)."""
    problems: list[str] = []
    where: dict[URIRef, list[str]] = defaultdict(list)
    for rid, g in sorted(graphs.items()):
        for node in _described(g):
            where[node].append(rid)
    for node, rids in sorted(where.items()):
        if len(rids) < 2:
            continue
        first = graphs[rids[0]]
        local = [c for c in REPORT_LOCAL if (node, RDF.type, c) in first]
        if local:
            problems.append(f"{qname(node)} is a {qname(local[0])} of one report but is defined by "
                            f"{', '.join(rids)}: give each report its own id")
            continue
        for prop, lang, what in ((ZG.divisionCode, None, "division codes"), (RDF.type, None, "classes"),
                                 (RDFS.label, "zh", "Chinese names"), (RDFS.label, "en", "English names")):
            seen = {rid: _values(graphs[rid], node, prop, lang) for rid in rids}
            distinct = {v for v in seen.values() if v}
            if len(distinct) > 1:
                said = "; ".join(f"{rid}: {_say(v)}" for rid, v in seen.items() if v)
                problems.append(f"{qname(node)}: the reports give different {what} ({said})")
    by_code: dict[str, set[tuple[URIRef, str]]] = defaultdict(set)
    by_title: dict[tuple[URIRef, str], set[tuple[URIRef, str]]] = defaultdict(set)
    for rid, g in sorted(graphs.items()):
        for subject, code_term in g.subject_objects(ZG.divisionCode):
            if isinstance(subject, URIRef) and str(subject).startswith(str(ZGI)):
                by_code[str(code_term)].add((subject, rid))
        for cls in NAMED_BY_TITLE:
            for doc in g.subjects(RDF.type, cls):
                if isinstance(doc, URIRef):
                    for title in _values(g, doc, RDFS.label, "zh"):
                        by_title[(cls, title)].add((doc, rid))
    for code, found in sorted(by_code.items()):
        nodes = sorted({n for n, _ in found})
        if len(nodes) > 1:
            said = "; ".join(f"{qname(n)} in {', '.join(sorted(r for m, r in found if m == n))}" for n in nodes)
            problems.append(f"division code {code} is one place but has {len(nodes)} ids ({said}): use one id")
    for (cls, name), found in sorted(by_title.items()):
        nodes = sorted({n for n, _ in found})
        reports = sorted({r for _, r in found})
        if len(nodes) > 1 and len(reports) > 1:
            said = "; ".join(f"{qname(n)} in {', '.join(sorted(r for m, r in found if m == n))}" for n in nodes)
            problems.append(f"{qname(cls)} “{name}” has {len(nodes)} ids across reports ({said}): "
                            "if it is one, use one id")
    return problems
