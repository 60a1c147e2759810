"""What the graph knows about one entity: its facts in and out, each with the report's words behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from zgraph.model.labels import label, ordered, qname, zh_names
from zgraph.model.namespaces import ZG
from zgraph.model.provenance import NO_RULE, Quote, background_sources, quotes, rule_text

#: Properties shown in the header or the evidence section rather than as facts.
HIDDEN = {RDF.type, RDFS.label, SKOS.prefLabel, PROV.wasDerivedFrom, PROV.wasGeneratedBy, ZG.statedIn,
          ZG.reportedIn}


@dataclass
class Fact:
    """One statement about the entity, with the quotes that bear it out (empty for background facts)."""

    direction: str  # "out" (entity → value) or "in" (other → entity)
    prop: str
    prop_label: str
    value: str
    value_id: str
    quotes: list[Quote] = field(default_factory=list)
    source: str = ""  # background source or inference note when there is no quote


@dataclass
class Explanation:
    """Everything `zgraph explain` prints about an entity."""

    id: str
    label_zh: str
    label_en: str
    classes: list[str]
    aliases: list[str]
    notes: list[str]
    stated_in: list[str]
    reported_in: list[str]
    facts: list[Fact]
    evidence: list[Quote]
    background: list[str]
    inference: list[dict[str, Any]]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _supporting(found: list[Quote], names: list[str]) -> list[Quote]:
    """The quotes that mention one of the names."""
    return [q for q in found if any(n and n in q.exact for n in names)]


def _attach(fact: Fact, own: list[Quote], value_names: list[str], background: list[str],
            theirs: Sequence[Quote] = (), self_names: Sequence[str] = ()) -> Fact:
    """Give a fact the quotes that name both ends: this node's quotes naming the value, else the value's quotes
    naming this node; failing both, a background source, else a pointer to the node's evidence list."""
    fact.quotes = _supporting(own, value_names) or _supporting(list(theirs), list(self_names))
    if not fact.quotes and len(own) == 1 and not background:
        fact.quotes = own  # a node stated by one sentence: that sentence bears all its facts
    if not fact.quotes:
        fact.source = ("background: " + "; ".join(background)) if background else (
            "see the evidence list below" if own else "inferred: see the rule and its premises below")
    return fact


def _derived_from_pairing(g: Graph, a: URIRef, b: URIRef, lang: str) -> str:
    """Where a zg:assists shortcut comes from: its pairing node and whether that is stated or inferred."""
    for pairing in ordered(g.subjects(ZG.assistingParty, a)):
        if (pairing, ZG.assistedParty, b) in g:
            basis = label(g, g.value(pairing, ZG.assertionBasis), lang)
            return f"derived from {label(g, pairing, lang)} ({qname(pairing)}), {basis}"
    return ""


def _value_text(g: Graph, value: object, lang: str) -> tuple[str, str]:
    if isinstance(value, URIRef):
        return label(g, value, lang), qname(value)
    if isinstance(value, Literal):
        return str(value), ""
    return str(value), ""


def _report_of(g: Graph, section: URIRef) -> URIRef | None:
    """The report a section belongs to (following dcterms:isPartOf up)."""
    seen: set[URIRef] = set()
    node: object = section
    while isinstance(node, URIRef) and node not in seen:
        if (node, RDF.type, ZG.Report) in g:
            return node
        seen.add(node)
        node = g.value(node, DCTERMS.isPartOf)
    return None


def _sections(g: Graph, node: URIRef, lang: str) -> list[str]:
    """Where the node is stated; each section named with its report's id when several reports state it."""
    sections = sorted(s for s in g.objects(node, ZG.statedIn) if isinstance(s, URIRef))
    reports = {_report_of(g, s) for s in sections}
    if len(reports) <= 1:
        return sorted(label(g, s, lang) for s in sections)
    return sorted(f"{label(g, s, lang)} ({str(g.value(r, DCTERMS.identifier) or '')})"
                  for s in sections for r in [_report_of(g, s)])


def explain(g: Graph, node: URIRef, lang: str = "zh") -> Explanation:
    """Collect the facts about ``node`` (outgoing and incoming links), each matched to its quotes."""
    own = quotes(g, node, lang)
    self_names = zh_names(g, node)
    facts: list[Fact] = []
    background = background_sources(g, node, lang)
    for p, o in sorted(g.predicate_objects(node)):
        if p in HIDDEN or p in (SKOS.altLabel, RDFS.comment):
            continue
        text, vid = _value_text(g, o, lang)
        fact = Fact("out", qname(p), label(g, p, lang), text, vid)
        if p == ZG.assists and isinstance(o, URIRef):
            fact.source = _derived_from_pairing(g, node, o, lang)
        else:
            theirs = quotes(g, o, lang) if isinstance(o, URIRef) else []
            _attach(fact, own, zh_names(g, o), background, theirs, self_names)
        facts.append(fact)
    for s, p in sorted(g.subject_predicates(node)):
        if p in HIDDEN or not isinstance(s, URIRef) or (s, RDF.type, ZG.Evidence) in g:
            continue
        text, sid = _value_text(g, s, lang)
        fact = Fact("in", qname(p), label(g, p, lang), text, sid)
        if p == ZG.assists:
            fact.source = _derived_from_pairing(g, s, node, lang)
        elif (s, PROV.wasGeneratedBy, None) in g:
            fact.source = f"inferred: see `zgraph explain {sid}`"
        else:
            theirs = quotes(g, s, lang)
            _attach(fact, theirs, self_names, [], own, zh_names(g, s))
            if not fact.quotes and theirs:  # e.g. a figure's own words state what it is about
                fact.quotes, fact.source = theirs, ""
        facts.append(fact)
    inference = []
    for act in ordered(g.objects(node, PROV.wasGeneratedBy)):
        premises = [{"id": qname(u), "label": label(g, u, lang), "quotes": [q.cite() for q in quotes(g, u, lang)]}
                    for u in ordered(g.objects(act, PROV.used)) if isinstance(u, URIRef)]
        rule = rule_text(g, act, lang)
        inference.append({"id": qname(act), "rule": "" if rule == NO_RULE else rule, "premises": premises})
    return Explanation(
        id=qname(node),
        label_zh=label(g, node, "zh"),
        label_en=label(g, node, "en"),
        classes=sorted(label(g, t, lang) for t in g.objects(node, RDF.type) if isinstance(t, URIRef)),
        aliases=sorted(str(a) for a in g.objects(node, SKOS.altLabel)),
        notes=sorted(str(c) for c in g.objects(node, RDFS.comment)),
        stated_in=_sections(g, node, lang),
        reported_in=sorted(f"{label(g, r, lang)} ({qname(r)})" for r in g.objects(node, ZG.reportedIn)),
        facts=facts,
        evidence=own,
        background=background,
        inference=inference,
    )


def render_text(e: Explanation) -> str:
    """A readable account: header, facts each followed by the words behind it, then inference and sources."""
    lines = [f"{e.label_zh} / {e.label_en}  ({e.id})", f"class: {', '.join(e.classes)}"]
    if e.aliases:
        lines.append(f"also called: {', '.join(e.aliases)}")
    if e.reported_in:
        lines.append(f"reported in: {'; '.join(e.reported_in)}")
    if e.stated_in:
        lines.append(f"stated in: {'; '.join(e.stated_in)}")
    lines += [f"note (curator): {n}" for n in e.notes]
    for heading, direction in (("facts", "out"), ("linked from", "in")):
        group = [f for f in e.facts if f.direction == direction]
        if not group:
            continue
        lines += ["", f"{heading}:"]
        for f in group:
            value = f"{f.value} ({f.value_id})" if f.value_id else f.value
            lines.append(f"  {f.prop_label}: {value}" if direction == "out" else f"  {value} —{f.prop_label}→ this")
            for q in f.quotes:
                lines.append(f"      {q.cite()}")
            if f.source:
                lines.append(f"      ({f.source})")
    if e.inference:
        lines += ["", "inferred, not stated:"]
        for inf in e.inference:
            lines.append(f"  rule: {inf['rule']}")
            for prem in inf["premises"]:
                lines.append(f"  premise: {prem['label']} ({prem['id']})")
                lines += [f"      {c}" for c in prem["quotes"]]
    if e.evidence:
        lines += ["", "evidence (all quotes behind this entity):"]
        lines += [f"  {q.cite()}" for q in e.evidence]
    if e.background:
        lines += ["", f"background sources: {'; '.join(e.background)}"]
    return "\n".join(lines)



#: What explain reads about every node it mentions, about their evidence, and about selectors and sections.
_PROFILE = ("rdfs:label skos:prefLabel skos:altLabel rdf:type prov:wasDerivedFrom prov:wasGeneratedBy prov:used "
            "zg:rule zg:assistingParty zg:assistedParty zg:assertionBasis")
_EVIDENCE = "oa:hasSelector zg:inSection oa:hasSource rdf:type rdfs:label skos:prefLabel"
_LEAVES = "oa:exact oa:start oa:end rdfs:label skos:prefLabel"
_SECTIONS = "rdf:type dcterms:isPartOf dcterms:identifier"


def _term(t: object) -> Any:
    from rdflib import BNode

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    assert isinstance(t, ox.Literal)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def _add(g: Graph, store: ox.Store, nodes: set[str], props: str) -> set[str]:
    """Add the ``props`` triples of ``nodes`` (bound first: index look-ups) to ``g``; return their IRI objects."""
    from zgraph.model.namespaces import sparql_prologue

    if not nodes:
        return set()
    values = " ".join(f"<{n}>" for n in sorted(nodes))
    wanted = ", ".join(props.split())  # FILTER, not a second VALUES: Oxigraph would join two VALUES by a scan
    result = store.query(sparql_prologue() + f"SELECT ?x ?p ?o WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o "
                                             f"FILTER(?p IN ({wanted})) }}")
    assert isinstance(result, ox.QuerySolutions)
    found = set()
    for x, p, o in result:
        g.add((_term(x), _term(p), _term(o)))
        if isinstance(o, ox.NamedNode):
            found.add(o.value)
    return found


def _profile(g: Graph, store: ox.Store, nodes: set[str]) -> None:
    """Names, types, pairing ends, inference records and evidence (selectors, section labels) of ``nodes``."""
    _add(g, store, nodes, _PROFILE)
    evidence = {str(o) for n in nodes for o in g.objects(URIRef(n), PROV.wasDerivedFrom) if isinstance(o, URIRef)}
    bases = {str(o) for n in nodes for o in g.objects(URIRef(n), ZG.assertionBasis) if isinstance(o, URIRef)}
    _add(g, store, bases | _add(g, store, evidence, _EVIDENCE), _LEAVES)


def neighbourhood(store: ox.Store, node: URIRef) -> Graph:
    """The triples :func:`explain` reads about ``node``, read from a (large) store into a small graph.

    Its own triples both ways, then for every node they mention (and the premises of its inferences) the names,
    types, evidence with selectors and sections, pairing ends and inference records; and the report sections
    it is stated in up to their report. ``explain(neighbourhood(store, n), n)`` equals ``explain(g, n)``.
    """
    from zgraph.model.namespaces import bind_all, sparql_prologue

    g = bind_all(Graph())
    result = store.query(sparql_prologue() + f"SELECT ?s ?p ?o WHERE {{ {{ BIND(<{node}> AS ?s) <{node}> ?p ?o }} "
                                             f"UNION {{ BIND(<{node}> AS ?o) ?s ?p <{node}> }} }}")
    assert isinstance(result, ox.QuerySolutions)
    for s, p, o in result:
        g.add((_term(s), _term(p), _term(o)))
    ring = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    _profile(g, store, ring)
    premises = {str(u) for act in g.objects(node, PROV.wasGeneratedBy) for u in g.objects(act, PROV.used)
                if isinstance(u, URIRef)} - ring
    _profile(g, store, premises)
    todo, seen = {str(s) for s in g.objects(node, ZG.statedIn)}, set()
    while todo:  # the sections up to their report (dcterms:isPartOf), with types and the report's id
        seen |= todo
        _add(g, store, todo, _SECTIONS)
        todo = {str(o) for s in todo for o in g.objects(URIRef(s), DCTERMS.isPartOf) if isinstance(o, URIRef)} - seen
    return g


def provenance(store: ox.Store, nodes: set[str]) -> Graph:
    """Names, types, evidence and inference records (with their rules) of ``nodes``, from a store, as a small
    graph: what ``provenance.node_rule`` and ``background_sources`` read."""
    from zgraph.model.namespaces import bind_all

    g = bind_all(Graph())
    _profile(g, store, nodes)
    acts = {str(a) for n in nodes for a in g.objects(URIRef(n), PROV.wasGeneratedBy) if isinstance(a, URIRef)}
    _profile(g, store, acts)
    return g
