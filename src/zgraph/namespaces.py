"""Namespaces used across zgraph (reused vocabularies plus zg:, zgi: and zgv:)."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

ZG = Namespace("https://w3id.org/zgraph/ontology#")
ZGI = Namespace("https://w3id.org/zgraph/id/")
ZGV = Namespace("https://w3id.org/zgraph/vocab/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SCHEMA = Namespace("http://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
    "zg": ZG, "zgi": ZGI, "zgv": ZGV, "org": ORG, "prov": PROV, "oa": OA, "eli": ELI, "dcterms": DCTERMS,
    "skos": SKOS, "qb": QB, "sdmx-dimension": SDMX_DIM, "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTR, "schema": SCHEMA, "geo": GEO, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
    "xsd": XSD, "sh": SH,
}


def bind_all(g: Graph) -> Graph:
    """Bind zgraph's prefixes on a graph (for readable Turtle) and return it."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def sparql_prologue() -> str:
    """PREFIX lines for every zgraph namespace, for queries typed by users."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
