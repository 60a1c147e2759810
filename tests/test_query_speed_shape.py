"""Issue 14, named queries at a million triples: shapes that keep them fast on Oxigraph (timings: benchmarks/).

Two shapes made named queries take seconds at 1M triples, each fixed once and kept out by these tests:
a report-order subquery (``MIN(?start)`` over a node's evidence) that reads the evidence of every node in the
graph, and a property-path alternative (``p|q``) inside a sub-SELECT, which Oxigraph plans as a scan of the
whole evidence chain instead of following the few nodes the path finds.
"""

from __future__ import annotations

import re

import pytest

from zgraph.sparql.catalogue import named_queries

QUERIES = {q.name: q.text for q in named_queries()}
#: A report-order subquery: its grouped node and its body up to GROUP BY.
ORDER_SUBQUERY = re.compile(r"SELECT\s+(?P<var>\?\w+)\s+\(MIN\(\?\w+\)\s+AS\s+\?\w+\)\s*WHERE\s*\{(?P<body>.*?)\}\s*"
                            r"GROUP BY", re.S)


def _subselects(text: str) -> list[str]:
    """The text of each sub-SELECT (from its SELECT to its closing brace)."""
    found = []
    for m in re.finditer(r"\{\s*SELECT\b", text):
        depth, i = 0, m.start()
        while i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        found.append(text[m.start():i + 1])
    return found


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_report_order_subqueries_look_only_at_the_rows_nodes(name):
    for m in ORDER_SUBQUERY.finditer(QUERIES[name]):
        var, body = m["var"], m["body"]
        # Every mention of the node other than the evidence link itself or "a ?anything".
        rest = re.sub(rf"\{re.escape(var)}\s+(prov:wasDerivedFrom\s+\?\w+|a\s+\?\w+)", "", body)
        assert re.search(rf"\{re.escape(var)}\b", rest), (
            f"{name}: the subquery ordering {var} by its evidence reads every node's evidence; restrict {var} to "
            "the query's own nodes (a class or the property that finds them)")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_path_alternative_inside_a_subselect(name):
    for sub in _subselects(QUERIES[name]):
        code = "\n".join(line.split("#", 1)[0] for line in sub.splitlines())
        assert not re.search(r"[\w>]\s*\|\s*[\w<]", code.replace("||", "")), (
            f"{name}: a property-path alternative (p|q) in a sub-SELECT; write one UNION branch per property")
