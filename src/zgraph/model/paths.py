"""Where the shipped files live: the ontology, vocabularies, shapes, curated data, built data and sources."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root: the folder that holds ontology/ and data/ (the package is installed in editable mode).
ROOT = Path(os.environ.get("ZGRAPH_HOME", Path(__file__).resolve().parents[3]))
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "zgraph.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ROOT / "data"
DATA = DATA_DIR / "triples.ttl"
CURATED_DIR = DATA_DIR / "curated"
SOURCES_DIR = DATA_DIR / "sources"
QUERIES_DIR = Path(__file__).resolve().parents[1] / "sparql" / "queries"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabulary files shipped in ontology/ (everything there but the ontology and the shapes)."""
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p not in (ONTOLOGY, SHAPES))


def model_files() -> list[Path]:
    """Ontology plus vocabularies: the model that every data file is read with."""
    return [ONTOLOGY, *vocabulary_files()]
