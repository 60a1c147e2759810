"""Helpers the tests share: the seed report's id, the fictional fixture corpus, and copies of a corpus to change."""

from __future__ import annotations

import shutil
from pathlib import Path

from zgraph.corpus import Corpus
from zgraph.model import paths

#: The fictional reports written as test fixtures (a corpus folder of their own).
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
#: The seed report's id.
SEED = "zhanjiang-2023-industrial-transfer"


def copy_corpus(dest: Path, fixtures: bool = False) -> Corpus:
    """A copy of the shipped corpus (manifest, sources, curated files) under ``dest/data``, to change freely; with
    ``fixtures=True`` the fictional reports of tests/fixtures/corpus are registered in it too."""
    data = dest / "data"
    data.mkdir(parents=True)
    for name in ("sources", "curated"):
        shutil.copytree(paths.DATA_DIR / name, data / name)
    text = paths.MANIFEST.read_text(encoding="utf-8")
    if fixtures:
        for name in ("sources", "curated"):
            shutil.copytree(FIXTURES / name, data / name, dirs_exist_ok=True)
        text += "\n" + (FIXTURES / "reports.toml").read_text(encoding="utf-8")
    (data / "reports.toml").write_text(text, encoding="utf-8")
    return Corpus(data)
