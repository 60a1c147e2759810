"""Namespaces used across zgraph: rdflib's own where it ships them, plus zg:, zgi:, zgv: and the rest."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import GEO, ORG, PROV, QB, SH

from zgraph.model.prefixes import PREFIXES as _PREFIXES
from zgraph.model.prefixes import expand as expand_text

ZG = Namespace("https://w3id.org/zgraph/ontology#")
ZGI = Namespace("https://w3id.org/zgraph/id/")
ZGV = Namespace("https://w3id.org/zgraph/vocab/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
#: schema.org as the ontology writes it (http:, where rdflib's SDO is https:).
SCHEMA = Namespace("http://schema.org/")

__all__ = ["ZG", "ZGI", "ZGV", "ORG", "OA", "ELI", "QB", "SDMX_DIM", "SDMX_MEASURE", "SDMX_ATTR", "SCHEMA", "GEO",
           "SH", "PROV", "PREFIXES", "bind_all", "sparql_prologue", "expand"]

#: The same namespaces by prefix, as plain strings (zgraph.model.prefixes; checked against these in the tests).
PREFIXES = _PREFIXES


def bind_all(g: Graph) -> Graph:
    """Bind zgraph's prefixes on a graph (for readable Turtle) and return it."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True, replace=True)
    return g


def sparql_prologue() -> str:
    """PREFIX lines for every zgraph namespace, for queries typed by users."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def expand(curie: str) -> URIRef | None:
    """The IRI of a compact id such as ``zgi:place-yuexiu`` (a known prefix and a local name), else None."""
    iri = expand_text(curie)
    return URIRef(iri) if iri is not None else None
