"""Where things live: the model (ontology, vocabularies, shapes), the named queries and rules, and the corpus.

The corpus folder (``data/``) holds ``reports.toml`` (the manifest), ``sources/`` (each report's text),
``curated/<report-id>/`` (curators' Turtle), ``built/<report-id>.ttl`` (each report's built graph) and
``triples.ttl`` (all reports in one graph). Each folder is looked for in ``$ZGRAPH_HOME`` (a checkout, or a
folder of one's own corpus), then in the checkout this package runs from (an editable install or
``PYTHONPATH=src``), then in the copy inside the installed package (``zgraph/_shipped/``, put there by the wheel
build from the top-level folders), read through ``importlib.resources``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: Where the package itself lives.
PACKAGE = Path(str(resources.files("zgraph")))


def _is_checkout(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "ontology" / "zgraph.ttl").is_file()


def shipped_root() -> Path:
    """The checkout this package runs from, else the package's own copy of the shipped folders."""
    checkout = PACKAGE.resolve().parents[1]
    if PACKAGE.resolve().parent.name == "src" and _is_checkout(checkout):
        return checkout
    return PACKAGE / "_shipped"


def find_root() -> Path:
    """The folder whose data/ is the corpus: $ZGRAPH_HOME, else the checkout, else the package's copy."""
    home = os.environ.get("ZGRAPH_HOME")
    return Path(home) if home else shipped_root()


def _folder(name: str) -> Path:
    """``ROOT/name`` when it exists there, else the shipped one (a corpus of one's own reuses zgraph's model)."""
    own = ROOT / name
    return own if own.is_dir() else shipped_root() / name


#: The project root: the folder that holds data/ (and, in a checkout, ontology/, queries/, rules/).
ROOT = find_root()
ONTOLOGY_DIR = _folder("ontology")
ONTOLOGY = ONTOLOGY_DIR / "zgraph.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = _folder("queries")
RULES_DIR = _folder("rules")
DATA_DIR = ROOT / "data"
MANIFEST = DATA_DIR / "reports.toml"
DATA = DATA_DIR / "triples.ttl"
BUILT_DIR = DATA_DIR / "built"
CURATED_DIR = DATA_DIR / "curated"
SOURCES_DIR = DATA_DIR / "sources"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabulary files shipped in ontology/ (everything there but the ontology and the shapes)."""
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p not in (ONTOLOGY, SHAPES))


def model_files() -> list[Path]:
    """Ontology plus vocabularies: the model that every data file is read with."""
    return [ONTOLOGY, *vocabulary_files()]
