"""Ontology documentation: an offline HTML page of every class and property, rendered by pyLODE.

pyLODE concatenates labels of several languages ("领导小组leading group"), so each term gets one label and one
comment in the form "English（中文）" before rendering.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from zgraph.model import atomic, paths
from zgraph.model.errors import ZGraphError
from zgraph.model.labels import ordered
from zgraph.model.loading import load_files
from zgraph.pages import fonts


def bilingual(g: Graph) -> Graph:
    """A copy of ``g`` where each subject's zh/en labels, titles and comments become one 'en（zh）' literal."""
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    merged = (RDFS.label, SKOS.prefLabel, RDFS.comment, DCTERMS.title, DCTERMS.description)
    for s, p, o in g:
        if p not in merged:
            out.add((s, p, o))
    for p in merged:
        for s in ordered(set(g.subjects(p, None))):
            by_lang = {lit.language: str(lit) for lit in g.objects(s, p) if isinstance(lit, Literal)}
            en, zh = by_lang.get("en") or by_lang.get(None), by_lang.get("zh")
            text = f"{en}（{zh}）" if en and zh and p in (RDFS.label, SKOS.prefLabel, DCTERMS.title) else (en or zh)
            if text:
                out.add((s, p, Literal(text)))
    return out


def render_html(ontology: Path | None = None) -> str:
    """The pyLODE (OntPub profile) HTML of the zgraph ontology, with the embedded CJK font."""
    try:
        from pylode import OntPub
    except ImportError as e:  # pylode is a documentation dependency (the dev extra)
        raise ZGraphError(f"the ontology page needs pyLODE (pip install -e '.[dev]'): {e}") from None
    logging.getLogger().setLevel(logging.WARNING)
    g = bilingual(load_files([ontology or paths.ONTOLOGY]))
    ont_iri = URIRef("https://w3id.org/zgraph/ontology")
    if (ont_iri, None, None) not in g:
        raise ZGraphError("the ontology file has no owl:Ontology node")
    return fonts.embed(OntPub(ontology=g).make_html(), css=fonts.DOCUMENT_CSS)


def write_page(out: Path) -> Path:
    """Write the ontology page atomically and return its path."""
    return atomic.write_text(out, render_html())
