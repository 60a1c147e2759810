"""Helpers the tests share: the seed report's id, the fictional fixture corpus, and copies of a corpus to change."""

from __future__ import annotations

from pathlib import Path

from zgraph.corpus import Corpus, combine
from zgraph.model import paths

#: The fictional reports written as test fixtures (a corpus folder of their own).
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
#: The seed report's id.
SEED = "zhanjiang-2023-industrial-transfer"


def copy_corpus(dest: Path, fixtures: bool = False) -> Corpus:
    """A copy of the shipped corpus (manifest, sources, curated files) under ``dest/data``, to change freely; with
    ``fixtures=True`` the fictional reports of tests/fixtures/corpus are in it too."""
    return combine(dest / "data", [Corpus(paths.DATA_DIR), *([Corpus(FIXTURES)] if fixtures else [])])


def built_corpus(dest: Path) -> Corpus:
    """The shipped corpus plus the fictional fixtures under ``dest/data``, built (for ``ZGRAPH_HOME=dest``)."""
    from zgraph.pipeline import build

    corpus = copy_corpus(dest, fixtures=True)
    build.build(corpus=corpus)
    return corpus
