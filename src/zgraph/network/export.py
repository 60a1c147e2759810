"""Exports: the entity graph as GraphML, GEXF or CSV (for Gephi), the RDF as JSON-LD, Turtle or N-Triples.

``turtle``, ``jsonld`` and ``ntriples`` here write small rdflib graphs (an entity page's description);
``export`` writes the RDF formats from an Oxigraph store with ``rdfexport``, so files and ``--store`` agree.

GraphML, GEXF and CSV hold exactly the graph that ``zgraph analyze`` uses (``zgraph.network.projection``), with list
attributes joined by `` | `` and a ``label`` attribute in the chosen language for Gephi. Every output is
written atomically and is byte-for-byte the same for the same input.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from zgraph.model import atomic
from zgraph.model.errors import InputError
from zgraph.network import rdfexport
from zgraph.network.projection import entity_graph, flat

FORMATS = ("graphml", "gexf", "jsonld", "ttl", "nt", "csv")
#: Node columns that come first in nodes.csv (the rest, concept attributes, follow alphabetically).
NODE_COLUMNS = ["label_zh", "label_en", "cls", "cls_label_zh", "cls_label_en", "direction", "section",
                "inferred", "classes", "derived_from", "quotes", "iri"]
EDGE_COLUMNS = ["property", "label_zh", "label_en", "quote_match", "inferred", "quotes"]


def flat_graph(G: nx.MultiDiGraph, lang: str = "zh") -> nx.MultiDiGraph:
    """A copy of the entity graph that GraphML and GEXF can hold: scalar attributes, ``label`` and edge ``id``."""
    F = nx.MultiDiGraph(name="zgraph entity graph")
    for n, data in G.nodes(data=True):
        F.add_node(n, label=data[f"label_{lang}"], **{k: flat(v) for k, v in data.items()})
    for u, v, k, data in G.edges(keys=True, data=True):
        F.add_edge(u, v, key=k, id=f"{u} {k} {v}", label=data[f"label_{lang}"],
                   **{a: flat(b) for a, b in data.items()})
    return F


def graphml(G: nx.MultiDiGraph, lang: str = "zh") -> bytes:
    """The entity graph as GraphML (edge ids ``source property target``)."""
    lines = nx.generate_graphml(flat_graph(G, lang), edge_id_from_attribute="id")
    return ("\n".join(lines) + "\n").encode("utf-8")


def gexf(G: nx.MultiDiGraph, lang: str = "zh") -> bytes:
    """The entity graph as GEXF 1.2 (without the writer's date stamp, so the bytes are reproducible)."""
    F = flat_graph(G, lang)
    text = "\n".join(nx.generate_gexf(F, prettyprint=True))
    return (re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n").encode("utf-8")


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def csv_tables(G: nx.MultiDiGraph, lang: str = "zh") -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` with Gephi's column names (Id, Label, Source, Target, Type)."""
    extra = sorted({k for _, d in G.nodes(data=True) for k in d} - set(NODE_COLUMNS))
    nodes = [[n, d[f"label_{lang}"], *[flat(d.get(c, "")) for c in NODE_COLUMNS + extra]]
             for n, d in G.nodes(data=True)]
    edges = [[u, v, "Directed", f"{u} {k} {v}", d[f"label_{lang}"], *[flat(d.get(c, "")) for c in EDGE_COLUMNS]]
             for u, v, k, d in G.edges(keys=True, data=True)]
    return {"nodes.csv": _csv(["Id", "Label", *NODE_COLUMNS, *extra], nodes),
            "edges.csv": _csv(["Source", "Target", "Type", "Id", "Label", *EDGE_COLUMNS], edges)}


def jsonld_context(g: Graph) -> dict:
    """A readable JSON-LD context: prefixes, ``id``/``type``, and one short term per property used in ``g``."""
    predicates = {str(p): all(isinstance(o, URIRef) for o in g.objects(None, p)) for p in set(g.predicates())}
    return rdfexport.context(predicates)


def _sorted_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: (str(v.get("@id", v.get("id", ""))) if isinstance(v, dict) else "",
                                            json.dumps(v, ensure_ascii=False, sort_keys=True)))
    return value


def jsonld(g: Graph) -> bytes:
    """The RDF graph as compacted JSON-LD with an inline, human-readable context; nodes sorted by id."""
    ctx = jsonld_context(g)
    doc = json.loads(g.serialize(format="json-ld", context=ctx, auto_compact=True))
    body = doc.get("@graph", [doc]) if isinstance(doc, dict) else doc
    if isinstance(doc, dict) and "@graph" not in doc:
        body = [{k: v for k, v in doc.items() if k != "@context"}]
    out = {"@context": ctx, "@graph": _sorted_json(body)}
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def turtle(g: Graph) -> bytes:
    """Sorted Turtle (rdflib's longturtle)."""
    return g.serialize(format="longturtle", encoding="utf-8")


def ntriples(g: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8")


def export(g: Graph | ox.Store, fmt: str, out: Path | str, lang: str = "zh",
           files: Sequence[Path] | None = None) -> list[Path]:
    """Write ``g`` (rdflib or Oxigraph; or its entity graph) in ``fmt`` to ``out``; for ``csv``, ``out`` is a
    folder. Return paths. The RDF formats are written by ``rdfexport`` from ``files`` (Turtle) when given, else
    from ``g`` (an rdflib graph)."""
    out = Path(out)
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        if out.suffix.lower() == ".csv":
            raise InputError(f"{out}: for csv give a folder; nodes.csv and edges.csv are written into it")
        return [atomic.write_bytes(out / name, data) for name, data in csv_tables(entity_graph(g), lang).items()]
    if fmt in ("graphml", "gexf"):
        G = entity_graph(g)
        return [atomic.write_bytes(out, graphml(G, lang) if fmt == "graphml" else gexf(G, lang))]
    writers = {"jsonld": rdfexport.jsonld, "ttl": rdfexport.turtle, "nt": rdfexport.ntriples}
    if files is None and not isinstance(g, Graph):
        raise InputError("the RDF exports read Turtle files or an rdflib graph")
    source: Graph | Sequence[Path] = files if files is not None else g  # type: ignore[assignment]
    return [atomic.write_bytes(out, writers[fmt](rdfexport.lines(source)))]

