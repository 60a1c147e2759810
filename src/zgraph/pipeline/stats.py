"""Statistics about a loaded graph: size, instances per class, stated vs inferred facts, quote coverage.

One implementation for files and stores: SPARQL aggregates on a pyoxigraph store (the on-disk store of
``zgraph load``, or Turtle files loaded into an in-memory one), so ``stats`` gives the same text either way and
stays fast at a million triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from zgraph.model.labels import qname
from zgraph.model.namespaces import ZG, ZGI, sparql_prologue
from zgraph.model.store import as_store
from zgraph.pipeline.validate import find_source

if TYPE_CHECKING:
    from rdflib import Graph

#: Classes counted under "instances per class": zgraph's own and org:, without the quote machinery.
COUNTED_PREFIXES = ("zg", "org")
NOT_COUNTED = (str(ZG.Evidence), str(ZG.TextSpanSelector))

_DATA = f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ZGI}"))'
# Oxigraph decodes a term for every FILTER row, so filter distinct subjects, not triples; and join with
# OPTIONAL sub-selects (hash joins), since it evaluates EXISTS afresh for every row.
Q_DATA_TRIPLES = (f"SELECT (SUM(?k) AS ?n) WHERE {{ {{ SELECT ?s (COUNT(*) AS ?k) WHERE {{ ?s ?p ?o }} GROUP BY ?s }} "
                  f"{_DATA} }}")
Q_INSTANCES = f"SELECT ?t (COUNT(*) AS ?n) WHERE {{ ?s a ?t {_DATA} FILTER(isIRI(?t)) }} GROUP BY ?t"
Q_KINDS = f"""SELECT ?stated ?generated ?derived (COUNT(*) AS ?n) WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{ ?s a ?any {_DATA} }} }}
  MINUS {{ ?s a zg:Evidence }} MINUS {{ ?s a zg:TextSpanSelector }}
  OPTIONAL {{ SELECT DISTINCT ?s (true AS ?stated) WHERE {{ ?s prov:wasDerivedFrom ?e . ?e a zg:Evidence }} }}
  OPTIONAL {{ SELECT DISTINCT ?s (true AS ?generated) WHERE {{ ?s prov:wasGeneratedBy ?g }} }}
  OPTIONAL {{ SELECT DISTINCT ?s (true AS ?derived) WHERE {{ ?s prov:wasDerivedFrom ?d }} }}
}} GROUP BY ?stated ?generated ?derived"""
Q_SPANS = """SELECT ?sel ?start ?end ?report WHERE {
  ?sel a zg:TextSpanSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?ev oa:hasSelector ?sel ; oa:hasSource ?report }
}"""
Q_REPORTS = "SELECT ?report ?file WHERE { ?report a zg:Report . OPTIONAL { ?report zg:sourceFile ?file } }"
Q_LABELS = """SELECT ?c ?p ?l WHERE { VALUES ?c { %s } VALUES ?p { rdfs:label skos:prefLabel } ?c ?p ?l }"""


@dataclass
class Stats:
    """Counts that tell a user how big the graph is and how much of it is stated rather than inferred."""

    triples: int
    data_triples: int
    instances: dict[str, int] = field(default_factory=dict)
    stated_nodes: int = 0
    stated_with_inferred_facts: int = 0
    inferred_nodes: int = 0
    background_only_nodes: int = 0
    evidence_spans: int = 0
    covered_chars: int = 0
    source_chars: int = 0
    reports_with_text: int = 0
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def coverage(self) -> str:
        """How much of the reports' text the quotes cover, counted per report (a span covers its own report)."""
        share = f"{100 * self.covered_chars / max(self.source_chars, 1):.1f}%"
        if self.reports_with_text <= 1:
            return f"they cover {self.covered_chars} of {self.source_chars} characters of the report ({share})"
        return (f"they cover {self.covered_chars} of the {self.source_chars} characters of the "
                f"{self.reports_with_text} reports' texts ({share}; each report's quotes counted in its own text)")

    def render(self, lang: str = "en") -> str:
        """A readable summary with one line per class."""
        lines = [
            f"triples: {self.triples} ({self.data_triples} data, the rest ontology and vocabularies)",
            f"nodes stated by the report (with a quote): {self.stated_nodes}",
            f"  of which carry a fact inferred by zgraph (e.g. an implied issuer): {self.stated_with_inferred_facts}",
            f"nodes inferred by zgraph (no quote of their own; prov:wasGeneratedBy a zg:Inference): "
            f"{self.inferred_nodes}",
            f"nodes from background sources only: {self.background_only_nodes}",
            f"evidence spans: {self.evidence_spans}; {self.coverage()}",
            "instances per class:",
        ]
        width = max((len(qname(c)) for c in self.instances), default=0)
        for cls, n in sorted(self.instances.items(), key=lambda kv: (-kv[1], qname(kv[0]))):
            lines.append(f"  {qname(cls):<{width}}  {n:>4}  {self.label(cls, lang)}")
        return "\n".join(lines)

    def label(self, cls: str, lang: str) -> str:
        """The class's label in ``lang``, else in the other language, else its compact id (as labels.label)."""
        found = self.class_labels.get(cls, {})
        for want in (lang, "en" if lang == "zh" else "zh", ""):
            if want in found:
                return found[want]
        return qname(cls)


def _select(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    result = store.query(sparql_prologue() + query)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _merged_length(spans: list[tuple[int, int]]) -> int:
    """How many positions the half-open spans cover together."""
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _class_labels(store: ox.Store, classes: list[str]) -> dict[str, dict[str, str]]:
    """Per class, the first label per language: rdfs:label before skos:prefLabel, each sorted (as labels.label)."""
    if not classes:
        return {}
    rows = _select(store, Q_LABELS % " ".join(f"<{c}>" for c in classes))
    found: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        lit = row["l"]
        rank = 0 if row["p"].value.endswith("#label") else 1
        lang = lit.language or "" if isinstance(lit, ox.Literal) else ""
        found[row["c"].value][lang].append((rank, lit.value))
        found[row["c"].value]["any"].append((rank, lit.value))
    out = {c: {lang: min(vals)[1] for lang, vals in by.items() if lang in ("zh", "en")} for c, by in found.items()}
    for c, by in found.items():
        out[c][""] = min(by["any"])[1]
    return out


def _coverage(store: ox.Store, folders: Sequence[Path]) -> tuple[int, int, int, int]:
    """Evidence spans, characters they cover (per report, in its own text), characters of the reports with a
    text, and how many reports have one."""
    texts: dict[str, int] = {}
    length: dict[str, int] = {}
    for row in _select(store, Q_REPORTS):
        name = row["file"].value if row["file"] is not None else None
        if name is None:
            continue
        if name not in texts:
            path = find_source(name, folders)
            texts[name] = len(path.read_bytes().decode("utf-8")) if path is not None else -1
        if texts[name] >= 0:
            length[row["report"].value] = texts[name]
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    selectors: set[str] = set()
    for row in _select(store, Q_SPANS):
        selectors.add(str(row["sel"]))
        report = row["report"]
        if report is not None and report.value in length:
            spans[report.value].append((_int(row["start"]), _int(row["end"])))
    covered = sum(_merged_length(s) for s in spans.values())
    return len(selectors), covered, sum(length.values()), len(length)


def compute(store: ox.Store | Graph, folders: Sequence[Path] = ()) -> Stats:
    """Compute the statistics of a store's default graph, which holds model + data (report texts are looked for
    in the corpus, then in ``folders``); an rdflib graph is copied into a store first."""
    store = as_store(store)
    instances = {}
    for row in _select(store, Q_INSTANCES):
        cls = row["t"].value
        if qname(cls).split(":")[0] in COUNTED_PREFIXES and cls not in NOT_COUNTED:
            instances[cls] = _int(row["n"])
    kinds = {"stated": 0, "stated_inferred": 0, "inferred": 0, "background": 0}
    for row in _select(store, Q_KINDS):
        stated, generated, derived = (row[v] is not None for v in ("stated", "generated", "derived"))
        n = _int(row["n"])
        if stated:
            kinds["stated"] += n
            kinds["stated_inferred"] += n if generated else 0
        elif generated:
            kinds["inferred"] += n
        elif derived:
            kinds["background"] += n
    spans, covered, chars, reports = _coverage(store, folders)
    (data_row,) = _select(store, Q_DATA_TRIPLES)
    return Stats(triples=len(store), data_triples=_int(data_row["n"]), instances=instances,
                 stated_nodes=kinds["stated"], stated_with_inferred_facts=kinds["stated_inferred"],
                 inferred_nodes=kinds["inferred"], background_only_nodes=kinds["background"],
                 evidence_spans=spans, covered_chars=covered, source_chars=chars, reports_with_text=reports,
                 class_labels=_class_labels(store, sorted(instances)))

