"""Statistics about a loaded graph: size, instances per class, stated vs inferred facts, quote coverage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from zgraph.model import sources
from zgraph.model.labels import label, qname
from zgraph.model.namespaces import OA, ZG, ZGI


@dataclass
class Stats:
    """Counts that tell a user how big the graph is and how much of it is stated rather than inferred."""

    triples: int
    data_triples: int
    instances: dict[URIRef, int] = field(default_factory=dict)
    stated_nodes: int = 0
    stated_with_inferred_facts: int = 0
    inferred_nodes: int = 0
    background_only_nodes: int = 0
    evidence_spans: int = 0
    covered_chars: int = 0
    source_chars: int = 0

    def render(self, g: Graph, lang: str = "en") -> str:
        """A readable summary with one line per class."""
        lines = [
            f"triples: {self.triples} ({self.data_triples} data, the rest ontology and vocabularies)",
            f"nodes stated by the report (with a quote): {self.stated_nodes}",
            f"  of which carry a fact inferred by zgraph (e.g. an implied issuer): {self.stated_with_inferred_facts}",
            f"nodes inferred by zgraph (no quote of their own; prov:wasGeneratedBy a zg:Inference): "
            f"{self.inferred_nodes}",
            f"nodes from background sources only: {self.background_only_nodes}",
            f"evidence spans: {self.evidence_spans}; they cover {self.covered_chars} of {self.source_chars} "
            f"characters of the report ({100 * self.covered_chars / max(self.source_chars, 1):.1f}%)",
            "instances per class:",
        ]
        width = max((len(qname(c)) for c in self.instances), default=0)
        for cls, n in sorted(self.instances.items(), key=lambda kv: (-kv[1], qname(kv[0]))):
            lines.append(f"  {qname(cls):<{width}}  {n:>4}  {label(g, cls, lang)}")
        return "\n".join(lines)


def compute(g: Graph) -> Stats:
    """Compute the statistics of a graph that holds model + data."""
    data_nodes = {s for s in g.subjects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(str(ZGI))}
    instances: Counter[URIRef] = Counter()
    for node in data_nodes:
        for t in g.objects(node, RDF.type):
            if isinstance(t, URIRef) and qname(t).split(":")[0] in ("zg", "org") and t not in (
                ZG.Evidence, ZG.TextSpanSelector
            ):
                instances[t] += 1
    stated = stated_inferred = inferred = background = 0
    for node in data_nodes:
        if (node, RDF.type, ZG.Evidence) in g or (node, RDF.type, ZG.TextSpanSelector) in g:
            continue
        derived = set(g.objects(node, PROV.wasDerivedFrom))
        generated = (node, PROV.wasGeneratedBy, None) in g
        if any((ev, RDF.type, ZG.Evidence) in g for ev in derived):
            stated += 1
            stated_inferred += generated
        elif generated:
            inferred += 1
        elif derived:
            background += 1
    covered: set[int] = set()
    spans = 0
    for sel in g.subjects(RDF.type, ZG.TextSpanSelector):
        start, end = g.value(sel, OA.start), g.value(sel, OA.end)
        if start is not None and end is not None:
            spans += 1
            covered.update(range(int(start), int(end)))  # type: ignore[call-overload]  # offset literals
    source_chars = 0
    for report in g.subjects(RDF.type, ZG.Report):
        name = g.value(report, ZG.sourceFile)
        if name is not None and sources.source_path(str(name)).is_file():
            source_chars += len(sources.source_text(str(name)))
    data_triples = sum(1 for s, _, _ in g if isinstance(s, URIRef) and str(s).startswith(str(ZGI)))
    return Stats(triples=len(g), data_triples=data_triples, instances=dict(instances), stated_nodes=stated,
                 stated_with_inferred_facts=stated_inferred, inferred_nodes=inferred,
                 background_only_nodes=background, evidence_spans=spans, covered_chars=len(covered),
                 source_chars=source_chars)
