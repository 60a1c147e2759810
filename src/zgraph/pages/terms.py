"""The ontology as a page of the entity site, served at ``/ontology``: every class and property under an anchor of its
local name, with its labels, comments and the terms it refines (the pyLODE page is ``zgraph.pages.ontology``)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from zgraph.model.labels import label, ordered, qname
from zgraph.model.namespaces import ZG
from zgraph.pages.entity import ONTOLOGY, EntitySite, Linker


def ontology_terms(ont: Graph, lang: str, linker: Linker) -> list[dict[str, object]]:
    """The ontology's classes and properties, each with its labels, comments and the terms it refines."""
    kinds = ((OWL.Class, "class"), (RDFS.Class, "class"), (OWL.ObjectProperty, "property"),
             (OWL.DatatypeProperty, "property"), (RDF.Property, "property"), (OWL.AnnotationProperty, "property"))
    found: dict[URIRef, str] = {}
    for t, kind in kinds:
        for s in ont.subjects(RDF.type, t):
            if isinstance(s, URIRef) and str(s).startswith(str(ZG)) and s not in found:
                found[s] = kind
    other = "en" if lang == "zh" else "zh"
    out: list[dict[str, object]] = []
    for s in sorted(found, key=lambda x: (found[x], str(x))):
        def refs(p: URIRef, s: URIRef = s) -> list[dict[str, object]]:
            return [{"label": label(ont, o, lang) if str(o).startswith(str(ZG)) else qname(o), "id": qname(o),
                     "href": linker.page(o)} for o in ordered(ont.objects(s, p)) if isinstance(o, URIRef)]
        out.append({"local": str(s)[len(str(ZG)):], "id": qname(s), "kind": found[s], "iri": str(s),
                    "label": label(ont, s, lang), "other": label(ont, s, other),
                    "comments": [str(c) for c in ordered(ont.objects(s, RDFS.comment))
                                 if isinstance(c, Literal) and c.language in (lang, None)],
                    "supers": refs(RDFS.subClassOf) + refs(RDFS.subPropertyOf),
                    "domain": refs(RDFS.domain), "range": refs(RDFS.range)})
    return out


def ontology_page(ont: Graph, lang: str, linker: Linker) -> str:
    """The ontology as one page, every term under an anchor of its local name (``/ontology#Pairing``)."""
    site = EntitySite(ont, lang, linker, texts={})
    node = URIRef(ONTOLOGY)
    title = label(ont, node, lang) if (node, None, None) in ont else "zgraph ontology"
    return site.render("ontology_terms.html", title=title, iri=ONTOLOGY, terms=ontology_terms(ont, lang, linker),
                       formats=linker.formats(node))
