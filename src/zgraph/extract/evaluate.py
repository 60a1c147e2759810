"""Measuring a draft: precision and recall per kind of fact against a report's built graph.

Both sides are compared as ``zgraph build`` completes them. The gold is the report's built graph: its curated
files with the inference rules of ``rules/*.rq`` applied (issuers from titles and from the report's place,
joint-conference members, chain leaders from the attraction organised around them, county pairings from
enclaves). The draft gets the same treatment (:func:`complete`: the report's node from the manifest, then the
rules), since a draft drafts what the rules read and leaves what they infer to the build. So an inferred fact
counts on both sides, and is marked ``[inferred]`` in the details. Facts are matched by meaning
(:mod:`zgraph.extract.facts`), one to one, with a maximum bipartite matching per row: precision is matched /
drafted, recall matched / curated.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from zgraph.corpus import Corpus
from zgraph.extract.facts import ROWS, Fact, facts
from zgraph.model.loading import load_files
from zgraph.model.text import table

#: The rows the issue sets targets for, and the targets (precision, recall) on the seed.
TARGETS = {"documents": (1.0, 1.0), "figures": (0.95, 0.95), "places": (0.98, 0.95),
           "bodies and roles": (0.9, 0.85), "enclaves and components": (0.9, 0.85), "pairings": (0.9, 0.85),
           "projects and chains": (0.9, 0.85)}


@dataclass
class Score:
    """One row: how many facts were drafted, curated and matched, and which were not."""

    row: str
    drafted: int
    curated: int
    matched: int
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else (1.0 if not self.curated else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.curated if self.curated else 1.0


@dataclass
class Evaluation:
    """The scores of one draft against one report."""

    report: str
    scores: list[Score]

    def score(self, row: str) -> Score:
        return next(s for s in self.scores if s.row == row)

    def render(self, details: bool = False) -> str:
        rows = []
        for s in self.scores:
            target = TARGETS.get(s.row)
            rows.append([s.row, str(s.drafted), str(s.curated), str(s.matched), f"{s.precision:.3f}",
                         f"{s.recall:.3f}", f"≥{target[0]:g} / ≥{target[1]:g}" if target else ""])
        out = [f"draft (completed by the rules) against the built graph of {self.report}",
               table(["facts", "drafted", "curated", "matched", "precision", "recall", "target P / R"], rows)]
        if details:
            for s in self.scores:
                if s.wrong or s.missed:
                    out.append(f"\n{s.row}:")
                    out += [f"  + not curated: {w}" for w in s.wrong]
                    out += [f"  - not drafted: {m}" for m in s.missed]
        return "\n".join(out)

    def to_json(self) -> str:
        data = {"report": self.report, "rows": [
            {**asdict(s), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
             "target": list(TARGETS[s.row]) if s.row in TARGETS else None} for s in self.scores]}
        return json.dumps(data, ensure_ascii=False, indent=2)


def match(drafted: list[Fact], curated: list[Fact]) -> tuple[int, list[Fact], list[Fact]]:
    """A maximum one-to-one matching: the number matched, the drafted facts left over, the curated ones missed."""
    g = nx.Graph()
    left = [("d", i) for i in range(len(drafted))]
    g.add_nodes_from(left, bipartite=0)
    g.add_nodes_from((("c", j) for j in range(len(curated))), bipartite=1)
    for i, d in enumerate(drafted):
        for j, c in enumerate(curated):
            if d.matches(c):
                g.add_edge(("d", i), ("c", j))
    pairs = nx.bipartite.hopcroft_karp_matching(g, top_nodes=left) if g.number_of_edges() else {}
    used_d = {k[1] for k in pairs if k[0] == "d"}
    used_c = {k[1] for k in pairs if k[0] == "c"}
    return (len(used_d), [d for i, d in enumerate(drafted) if i not in used_d],
            [c for j, c in enumerate(curated) if j not in used_c])


def evaluate(draft: Graph, curated: Graph, report_id: str) -> Evaluation:
    """Score ``draft`` against ``curated``, row by row."""
    mine, gold = facts(draft), facts(curated)
    scores = []
    for row in ROWS:
        d = [f for f in mine if f.row == row]
        c = [f for f in gold if f.row == row]
        n, wrong, missed = match(d, c)
        scores.append(Score(row, len(d), len(c), n, sorted(f.show for f in wrong), sorted(f.show for f in missed)))
    return Evaluation(report_id, scores)


def curated_graph(corpus: Corpus, report_id: str) -> Graph:
    """The gold of a report: its built graph (curated files grounded, rules applied), as ``zgraph build`` makes it."""
    from zgraph.pipeline.build import build_report

    return build_report(corpus, corpus.report(report_id))


def complete(draft: Graph, corpus: Corpus, report_id: str) -> Graph:
    """A copy of ``draft`` as the build would complete it: the report's node (from the manifest: its place is the
    draft's node of that place) and the inference rules applied. Quotes are not grounded (no rule reads them)."""
    from zgraph.pipeline.build import add_report_node
    from zgraph.pipeline.rules import apply_rules

    report = corpus.report(report_id)
    g = Graph()
    for t in draft:
        g.add(t)
    if (report.iri, None, None) not in g:
        add_report_node(g, report, corpus.text(report))
    apply_rules(g)
    return g


def evaluate_file(draft: Path, report_id: str, corpus: Corpus | None = None) -> Evaluation:
    """Score a draft file (a Turtle error names its file and line), completed by the rules, against the built
    graph of a report of ``corpus``."""
    corpus = corpus or Corpus()
    graph = load_files([Path(draft)])
    return evaluate(complete(graph, corpus, report_id), curated_graph(corpus, report_id), report_id)
