"""Answers and evidence as pandas DataFrames for notebooks, and zgraph's offline pages shown inline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from zgraph.model import sources
from zgraph.model.errors import ZGraphError
from zgraph.model.labels import label, ordered, qname
from zgraph.model.names import resolve
from zgraph.model.namespaces import expand, sparql_prologue
from zgraph.model.provenance import Quote, quotes, report_id, rule_text
from zgraph.pages.assets import environment

if TYPE_CHECKING:
    import pandas as pd

#: A tag that would load a script, stylesheet, image or frame from the network.
REMOTE_REFERENCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
                              re.IGNORECASE)


def term(g: Graph, value: object, lang: str = "zh") -> object:
    """How an answer reads: an entity or concept by its label in ``lang``, a literal by its Python value."""
    if isinstance(value, URIRef):
        return label(g, value, lang)
    if isinstance(value, Literal):
        return value.toPython()
    return value


def ask(g: Graph, sparql: str, lang: str = "zh", ids: Sequence[str] = ()) -> pd.DataFrame:
    """Run a SPARQL SELECT (zgraph's prefixes declared) on ``g``: one row per answer, IRIs shown as labels.

    Columns named in ``ids`` keep compact ids instead (``zgi:…``), to look an answer up later.
    """
    import pandas as pd

    result = g.query(sparql_prologue() + sparql)
    columns = [str(v) for v in result.vars or []]
    rows = [[qname(v) if c in ids and isinstance(v, URIRef) else term(g, v, lang)
             for c, v in zip(columns, row, strict=True)] for row in result]  # type: ignore[arg-type]  # SELECT rows
    return pd.DataFrame(rows, columns=columns)


def entity(g: Graph, name: str | URIRef) -> URIRef:
    """The node called ``name``: a compact id (``zgi:…``) or IRI that the graph describes, else names.resolve."""
    if isinstance(name, URIRef):
        return name
    iri = expand(name) or URIRef(name)
    if (iri, None, None) in g:
        return iri
    return resolve(g, name)


def evidence(g: Graph, name: str | URIRef, lang: str = "zh") -> pd.DataFrame:
    """The reports' words behind an entity (name or id): quote, report, offsets, section, and a check against the
    text of that report.

    An inferred entity has no words of its own: its rows are the quotes of its premises, with the rule applied.
    """
    import pandas as pd

    node = entity(g, name)
    texts = sources.report_texts(g)
    if not texts:
        raise ZGraphError("the graph has no zg:Report whose zg:sourceFile is shipped")
    rows: list[tuple[Node, str, Quote]] = [(node, "", q) for q in quotes(g, node, lang)]
    for activity in ordered(g.objects(node, PROV.wasGeneratedBy)):
        rule = rule_text(g, activity, lang)
        rows += [(premise, rule, q) for premise in ordered(g.objects(activity, PROV.used))
                 for q in quotes(g, premise, lang)]
    columns = ["about", "inferred by rule", "quote", "report", "start", "end", "section", "verbatim"]
    return pd.DataFrame([[label(g, about, lang), rule, q.exact, report_id(g, q.source), q.start, q.end, q.section,
                          texts.get(q.source, "")[q.start:q.end] == q.exact] for about, rule, q in rows],  # type: ignore[arg-type]
                        columns=columns)


def remote_references(page: str) -> list[str]:
    """Tags of ``page`` that would load a script, stylesheet, image or frame from the network."""
    return [m.group(0) for m in REMOTE_REFERENCE.finditer(page)]


def iframe(page: str, height: int = 640, title: str = "") -> str:
    """Markup that shows a whole offline HTML page inline: a sandboxed ``srcdoc`` iframe (scripts run, no network).

    Display it with ``IPython.display.HTML``. A page that references anything remote raises ZGraphError.
    """
    remote = remote_references(page)
    if remote:
        raise ZGraphError(f"page is not offline: it references {remote[0]}")
    return environment().get_template("iframe.html").render(page=page, title=title, height=int(height))
