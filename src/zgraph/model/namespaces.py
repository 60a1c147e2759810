"""Namespaces used across zgraph: rdflib's own where it ships them, plus zg:, zgi:, zgv: and the rest."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, GEO, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, XSD

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
           "SH", "PREFIXES", "bind_all", "sparql_prologue", "expand"]

PREFIXES: dict[str, str] = {
    "zg": str(ZG), "zgi": str(ZGI), "zgv": str(ZGV), "org": str(ORG), "prov": str(PROV), "oa": str(OA),
    "eli": str(ELI), "dcterms": str(DCTERMS), "skos": str(SKOS), "qb": str(QB), "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE), "sdmx-attribute": str(SDMX_ATTR), "schema": str(SCHEMA), "geo": str(GEO),
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "sh": str(SH),
}


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
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES or not local or local.startswith("//"):
        return None
    return URIRef(PREFIXES[prefix] + local)
