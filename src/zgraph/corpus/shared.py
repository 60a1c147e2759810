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


#: At most this many reports or ids are named in one line; the rest are counted.
NAMED = 6


def _some(items: list[str]) -> str:
    """The first NAMED items, then how many more (a corpus of 160 reports makes long lists)."""
    more = f"; and {len(items) - NAMED} more" if len(items) > NAMED else ""
    return "; ".join(items[:NAMED]) + more


def _say(values: frozenset[str]) -> str:
    return " / ".join(sorted(values)) or "nothing"


def conflicts(graphs: Mapping[str, Graph]) -> list[str]:
    """Every disagreement between the reports' built graphs, as one readable line each (empty: they agree)."""
    return summary_conflicts({rid: summary(g) for rid, g in graphs.items()})


def _facet(facets: list, i: int) -> list[str]:
    return facets[i] if i < len(facets) else []


def summary_conflicts(summaries: Mapping[str, dict]) -> list[str]:
    """Every disagreement between reports, from their summaries (see ``summary``), one readable line each."""
    problems: list[str] = []
    where: dict[str, list[str]] = defaultdict(list)
    for rid, s in sorted(summaries.items()):
        for node in s["nodes"]:
            where[node].append(rid)
    for node, rids in sorted(where.items()):
        if len(rids) < 2:
            continue
        local = summaries[rids[0]]["nodes"][node][0]
        if local:
            problems.append(f"{node} is a {local} of one report but is defined by {_some(rids)}: "
                            "give each report its own id")
            continue
        for i, (_prop, _lang, what) in enumerate(FACETS, start=1):
            seen = {rid: frozenset(_facet(summaries[rid]["nodes"][node], i)) for rid in rids}
            distinct = {v for v in seen.values() if v}
            if len(distinct) > 1:
                said = _some([f"{rid}: {_say(v)}" for rid, v in seen.items() if v])
                problems.append(f"{node}: the reports give different {what} ({said})")
    by_code: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_title: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for rid, s in sorted(summaries.items()):
        for subject, code in s["codes"]:
            by_code[code].add((subject, rid))
        for cls, doc, title in s["titles"]:
            by_title[(cls, title)].add((doc, rid))
    for code, found in sorted(by_code.items()):
        nodes = sorted({n for n, _ in found})
        if len(nodes) > 1:
            said = _some([f"{n} in {', '.join(sorted(r for m, r in found if m == n))}" for n in nodes])
            problems.append(f"division code {code} is one place but has {len(nodes)} ids ({said}): use one id")
    for (cls, name), found in sorted(by_title.items()):
        nodes = sorted({n for n, _ in found})
        reports = sorted({r for _, r in found})
        if len(nodes) > 1 and len(reports) > 1:
            said = _some([f"{n} in {', '.join(sorted(r for m, r in found if m == n))}" for n in nodes])
            problems.append(f"{cls} “{name}” has {len(nodes)} ids across reports ({said}): "
                            "if it is one, use one id")
    return problems

#: What a part's summary records of each entity it describes, in this order (summary_conflicts compares them).
FACETS = ((ZG.divisionCode, None, "division codes"), (RDF.type, None, "classes"),
          (RDFS.label, "zh", "Chinese names"), (RDFS.label, "en", "English names"))


def summary(g: Graph) -> dict:
    """What the cross-report checks need of one report's graph, as plain JSON data (kept in a validation cache):
    each described node's report-local class (if any) and its facets (a report-local node: codes and classes
    only), division codes by node, document titles."""
    nodes: dict[str, list] = {}
    for node in sorted(_described(g)):
        local = next((qname(c) for c in REPORT_LOCAL if (node, RDF.type, c) in g), "")
        facets = [sorted(_values(g, node, prop, lang)) for prop, lang, _ in FACETS[:2 if local else None]]
        facets[1] = sorted(qname(t) for t in facets[1])  # classes by compact id, in messages too
        nodes[qname(node)] = [local, *facets]  # a report's own node: codes and classes say enough
    codes = sorted({(qname(s), str(c)) for s, c in g.subject_objects(ZG.divisionCode)
                    if isinstance(s, URIRef) and str(s).startswith(str(ZGI))})
    titles = sorted({(qname(cls), qname(doc), title) for cls in NAMED_BY_TITLE for doc in g.subjects(RDF.type, cls)
                     if isinstance(doc, URIRef) for title in _values(g, doc, RDFS.label, "zh")})
    return {"nodes": nodes, "codes": [list(c) for c in codes], "titles": [list(t) for t in titles]}
