"""Inference rules as data: ``rules/*.rq``, SPARQL CONSTRUCT queries with a header in words, applied by the build.

Each rule file starts with ``# key: value`` lines — ``rule`` (its id), ``zh`` and ``en`` (the rule in words, which
every inference it makes carries as ``zg:rule``), optionally ``order`` (rules run by order, then name) — followed
by one CONSTRUCT query. The query's template makes the inferred facts *and* their bookkeeping: an inference node
typed ``zg:Inference`` with ``prov:used`` its premises, the inferred node ``prov:wasGeneratedBy`` it. The build
runs every rule over each report's graph (with the model, for subclass tests) until nothing new comes out, then
adds the rule's words to each inference node it made. Rules are general: what they know about a report comes from
the report's graph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from zgraph.model import paths
from zgraph.model.errors import ZGraphError
from zgraph.model.header import header
from zgraph.model.namespaces import PREFIXES, ZG
from zgraph.model.store import load_file

#: How many rounds a build runs the rules for, at most (each round may feed the next).
MAX_ROUNDS = 5


class RuleError(ZGraphError):
    """A rule file that cannot be read or run (the build names it)."""

    exit_code = 2


@dataclass(frozen=True)
class Rule:
    """A rule: its id, its words in zh and en, its order, and its CONSTRUCT query."""

    name: str
    zh: str
    en: str
    order: int
    query: str
    path: Path


def parse_rule(path: Path) -> Rule:
    """Read one rule file; a missing header key or a query that is not a CONSTRUCT is a RuleError."""
    text = Path(path).read_text(encoding="utf-8")
    meta = header(text, ("rule", "zh", "en", "order"))
    missing = [k for k in ("rule", "zh", "en") if not meta.get(k)]
    if missing:
        raise RuleError(f"{path}: the header lacks {', '.join(missing)}")
    if not re.search(r"(?im)^\s*CONSTRUCT\b", text):
        raise RuleError(f"{path}: a rule is one CONSTRUCT query")
    return Rule(meta["rule"], meta["zh"], meta["en"], int(meta.get("order", "50")), text, Path(path))


def load_rules(folder: Path | None = None) -> list[Rule]:
    """Every rule in ``folder`` (default: the shipped rules/), in the order they run."""
    files = sorted(Path(folder or paths.RULES_DIR).glob("*.rq"))
    return sorted((parse_rule(p) for p in files), key=lambda r: (r.order, r.name))


@cache
def _model_quads() -> bytes:
    store = ox.Store()
    for path in paths.model_files():
        load_file(store, path)
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def _store(g: Graph) -> ox.Store:
    """An Oxigraph store holding the model and ``g`` (the rules' dataset)."""
    store = ox.Store()
    store.load(_model_quads(), format=ox.RdfFormat.N_QUADS)
    data = g.serialize(format="nt", encoding="utf-8")
    if data.strip():
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)  # a plain literal, as rdflib reads it from Turtle
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise RuleError(f"a rule made {term!r}: rules must mint IRIs, never blank nodes")


def run_rule(rule: Rule, store: ox.Store) -> set[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples one rule constructs from the store."""
    try:
        result = store.query(rule.query, prefixes=dict(PREFIXES))
    except SyntaxError as e:
        raise RuleError(f"{rule.path}: malformed SPARQL: {e}") from None
    if not isinstance(result, ox.QueryTriples):
        raise RuleError(f"{rule.path}: a rule is one CONSTRUCT query")
    out = set()
    for t in result:
        s, p, o = _to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)
        if not isinstance(s, URIRef) or not isinstance(p, URIRef):
            raise RuleError(f"{rule.path}: a rule made a triple with a literal subject or predicate")
        out.add((s, p, o))
    return out


def apply_rules(g: Graph, rules: Sequence[Rule] | None = None) -> dict[str, int]:
    """Run the rules over ``g`` until nothing new comes out; add each rule's words to its inferences.

    Returns how many new triples each rule added (for the build's report and the tests).
    """
    rules = load_rules() if rules is None else list(rules)
    added = {r.name: 0 for r in rules}
    made_by: dict[URIRef, Rule] = {}
    for _ in range(MAX_ROUNDS):
        new_in_round = 0
        store = None
        for rule in rules:
            if store is None:  # each rule sees what the rules before it added
                store = _store(g)
            before = new_in_round
            for triple in run_rule(rule, store):
                if triple in g:
                    continue
                g.add(triple)
                added[rule.name] += 1
                new_in_round += 1
                s, p, o = triple
                if p == RDF.type and o == ZG.Inference:
                    made_by.setdefault(s, rule)
            if new_in_round != before:
                store = None
        if not new_in_round:
            break
    else:
        raise RuleError(f"the rules still add facts after {MAX_ROUNDS} rounds: one of them feeds itself")
    for activity, rule in sorted(made_by.items()):
        g.add((activity, ZG.rule, Literal(rule.en, lang="en")))
        g.add((activity, ZG.rule, Literal(rule.zh, lang="zh")))
        g.add((activity, ZG.ruleId, Literal(rule.name)))
    return added
