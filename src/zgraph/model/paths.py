"""Where the shipped files live: the ontology, vocabularies, shapes, built data and source texts.

Three places, in this order: ``$ZGRAPH_HOME`` (a checkout or any folder laid out like one), the checkout this
package runs from (an editable install, or ``PYTHONPATH=src``), else the copy inside the installed package
(``zgraph/_shipped/``, put there by the wheel build from the top-level ``ontology/`` and ``data/``), read through
``importlib.resources``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: Where the package itself lives (its queries, templates and static files are always read from here).
PACKAGE = Path(str(resources.files("zgraph")))


def _is_checkout(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "ontology" / "zgraph.ttl").is_file()


def find_root() -> Path:
    """The folder that holds ontology/ and data/: $ZGRAPH_HOME, else the checkout, else the package's copy."""
    home = os.environ.get("ZGRAPH_HOME")
    if home:
        return Path(home)
    checkout = PACKAGE.resolve().parents[1]
    if PACKAGE.resolve().parent.name == "src" and _is_checkout(checkout):
        return checkout
    return PACKAGE / "_shipped"


#: The project root: the folder that holds ontology/ and data/.
ROOT = find_root()
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "zgraph.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = ROOT / "data"
DATA = DATA_DIR / "triples.ttl"
CURATED_DIR = DATA_DIR / "curated"
SOURCES_DIR = DATA_DIR / "sources"
QUERIES_DIR = PACKAGE / "sparql" / "queries"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabulary files shipped in ontology/ (everything there but the ontology and the shapes)."""
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p not in (ONTOLOGY, SHAPES))


def model_files() -> list[Path]:
    """Ontology plus vocabularies: the model that every data file is read with."""
    return [ONTOLOGY, *vocabulary_files()]
