"""Ontology documentation: an offline HTML page of every class and property, rendered by pyLODE.

pyLODE concatenates labels of several languages ("领导小组leading group"), so each term gets one label and one
comment in the form "English（中文）" before rendering.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from zgraph.model import atomic, paths
from zgraph.model.errors import ZGraphError
from zgraph.model.labels import ordered
from zgraph.model.loading import load_files
from zgraph.pages import fonts

#: The hash seed pyLODE runs with (see render_html).
HASH_SEED = "0"


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
    """The pyLODE (OntPub profile) HTML of the zgraph ontology, with the embedded CJK font.

    pyLODE walks Python sets, so its order of terms (and its anchors) follows the interpreter's hash seed: it runs
    in a child interpreter with a fixed seed, so the same ontology gives the same bytes in every run.
    """
    if os.environ.get("PYTHONHASHSEED") != HASH_SEED:
        code = "import sys; from zgraph.pages.ontology import render_html; sys.stdout.write(render_html(" + (
            f"__import__('pathlib').Path({str(ontology)!r})" if ontology else "") + "))"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True,
                              env={**os.environ, "PYTHONHASHSEED": HASH_SEED, "PYTHONIOENCODING": "utf-8"})
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ZGraphError(f"the ontology page could not be made: {message[-1] if message else 'pyLODE failed'}")
        return done.stdout.decode("utf-8")
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
