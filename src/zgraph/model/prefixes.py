"""zgraph's prefixes as plain strings: what SPARQL and Turtle output need, without importing rdflib (a query
through Oxigraph never loads it, and it costs a tenth of a second at start)."""

from __future__ import annotations

PREFIXES: dict[str, str] = {
    "zg": "https://w3id.org/zgraph/ontology#", "zgi": "https://w3id.org/zgraph/id/",
    "zgv": "https://w3id.org/zgraph/vocab/", "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#", "eli": "http://data.europa.eu/eli/ontology#",
    "dcterms": "http://purl.org/dc/terms/", "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#", "schema": "http://schema.org/",
    "geo": "http://www.opengis.net/ont/geosparql#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "sh": "http://www.w3.org/ns/shacl#",
}

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def qname(node: object) -> str:
    """Compact id of a node, e.g. ``zgi:place-yuexiu`` (the node itself as text when no prefix fits)."""
    text = str(node)
    for prefix, ns in _BY_LENGTH:
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def expand(curie: str) -> str | None:
    """The IRI of a compact id such as ``zgi:place-yuexiu`` (a known prefix and a local name), else None."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES or not local or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local
