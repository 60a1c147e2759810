"""An on-disk store folder: an Oxigraph database of the whole corpus, plus a copy of each loaded graph.

Layout of ``DIR``: ``oxigraph/`` (the database: the model and every part in its default graph, so it is the
union of the parts with set semantics, exactly what ``data/triples.ttl`` is for a corpus), ``graphs/<part>.ttl``
(each loaded file as it was, for per-report work: ``--report``, validation of one report) and ``store.json``
(each part's name, origin and SHA-256, and the model's hash). A part is named by its file's stem, which for a
corpus's built graphs is the report id. Parts are not kept as named graphs: reports share entities, and
Oxigraph's union of named graphs repeats a triple stated by two reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from zgraph.model import paths
from zgraph.model.atomic import write_text
from zgraph.model.errors import InputError, UnknownName, ZGraphError
from zgraph.model.progress import progress
from zgraph.model.store import rdf_format, syntax_error

#: The environment variable that names the store when ``--store`` is not given.
STORE_ENV = "ZGRAPH_STORE"
#: Bumped when the folder's layout changes; an older store must be loaded again.
LAYOUT = 1
#: Caches other commands keep in the folder, keyed by the parts' hashes: a rebuild carries them over.
KEPT_FILES = ("validation.json",)


@dataclass(frozen=True)
class Part:
    """One loaded file: its name (file stem, a report id for built graphs), where it came from, its SHA-256."""

    name: str
    origin: str
    sha256: str


@dataclass(frozen=True)
class LoadResult:
    """What ``load`` did: the parts now in the store, those it (re)loaded, and whether it rebuilt the database."""

    folder: Path
    parts: list[Part]
    loaded: list[str]
    rebuilt: bool
    quads: int
    seconds: float


def file_hash(path: Path) -> str:
    """The hex SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_hash() -> str:
    """One hash over the model files (ontology, vocabularies): a store holding another model is reloaded."""
    h = hashlib.sha256()
    for f in paths.model_files():
        h.update(f.name.encode() + b"\0" + file_hash(f).encode() + b"\n")
    return h.hexdigest()


@dataclass(frozen=True)
class DiskStore:
    """The store folder ``folder`` (see the module docstring for its layout)."""

    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / "oxigraph"

    @property
    def graphs(self) -> Path:
        return self.folder / "graphs"

    @property
    def meta(self) -> Path:
        return self.folder / "store.json"

    def exists(self) -> bool:
        return self.meta.is_file() and self.db.is_dir()

    def _meta(self) -> dict:
        if not self.exists():
            raise InputError(f"{self.folder}: not a zgraph store; make one with `zgraph load --store {self.folder}`")
        try:
            meta = json.loads(self.meta.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise InputError(f"{self.meta}: unreadable ({e}); load the store again") from None
        if meta.get("layout") != LAYOUT:
            raise InputError(f"{self.folder}: made by another zgraph version; load it again with `zgraph load`")
        return meta

    def parts(self) -> list[Part]:
        """The loaded parts, sorted by name."""
        return sorted((Part(**p) for p in self._meta()["parts"]), key=lambda p: p.name)

    def model(self) -> str:
        """The hash of the model the store was loaded with."""
        return str(self._meta()["model"])

    def part(self, name: str) -> Part:
        """The part called ``name``; unknown names raise UnknownName with suggestions."""
        parts = {p.name: p for p in self.parts()}
        if name not in parts:
            from zgraph.corpus.manifest import close_ids

            raise UnknownName("report in the store", name, close_ids(name, list(parts)) or list(parts)[:10])
        return parts[name]

    def part_file(self, name: str) -> Path:
        """The store's copy of the part's file (what ``--report ID`` and per-report validation read)."""
        return self.copy_of(self.part(name))

    def part_files(self) -> list[Path]:
        """The store's copies of every part, by name (store.json read once)."""
        return [self.copy_of(p) for p in self.parts()]

    def copy_of(self, part: Part) -> Path:
        """Where the store keeps its copy of ``part``'s file: ``graphs/<name><the file's suffix>``."""
        return self.graphs / f"{part.name}{Path(part.origin).suffix or '.ttl'}"

    def open(self) -> ox.Store:
        """The database, read-only (several commands may read one store at once)."""
        self._meta()
        try:
            return ox.Store.read_only(str(self.db))
        except OSError as e:
            raise InputError(f"{self.db}: cannot open the store ({e})") from None


def open_store(folder: Path | str) -> ox.Store:
    """The read-only database of the store folder ``folder``."""
    return DiskStore(Path(folder)).open()


def _format(path: Path) -> ox.RdfFormat:
    fmt = rdf_format(path)
    if fmt is None:
        raise InputError(f"{path}: load reads Turtle (.ttl) or N-Triples (.nt) files")
    return fmt


def _bulk_load(store: ox.Store, path: Path) -> None:
    """Bulk-load one file into the default graph; bad input becomes an InputError naming file and line."""
    try:
        store.bulk_load(path=str(path), format=_format(path), base_iri=path.resolve().as_uri())
    except SyntaxError as e:
        raise syntax_error(path, e) from None
    except OSError as e:
        raise InputError(f"{path}: cannot load: {e}") from None


def _check_syntax(path: Path) -> None:
    """Parse a file without storing it, so an append never leaves half a file in the store."""
    try:
        for _ in ox.parse(path=str(path), format=_format(path), base_iri=path.resolve().as_uri()):
            pass
    except SyntaxError as e:
        raise syntax_error(path, e) from None


def corpus_files() -> list[Path]:
    """The built graph of every report of the corpus zgraph runs on (what ``zgraph load`` loads by default)."""
    from zgraph.corpus import Corpus

    corpus = Corpus()
    files = [corpus.built_file(r) for r in corpus.reports()]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise InputError(f"{missing[0]}: not built yet; run `zgraph build`")
    if not files:
        raise InputError(f"{corpus.manifest}: the corpus has no reports; add one with `zgraph add`")
    return files


def _parts_of(files: Sequence[Path]) -> list[tuple[Part, Path]]:
    seen: dict[str, Path] = {}
    out = []
    for f in files:
        f = Path(f)
        if not f.is_file():
            raise InputError(f"{f}: no such file")
        _format(f)
        if f.stem in seen:
            raise InputError(f"{f} and {seen[f.stem]} would both be part {f.stem!r} of the store; rename one")
        seen[f.stem] = f
        out.append((Part(f.stem, str(f), file_hash(f)), f))
    return out


def _write_meta(folder: Path, parts: Sequence[Part], model: str) -> None:
    meta = {"layout": LAYOUT, "model": model,
            "parts": [p.__dict__ for p in sorted(parts, key=lambda p: p.name)]}
    write_text(folder / "store.json", json.dumps(meta, ensure_ascii=False, indent=1) + "\n")


def load(folder: Path | str, files: Sequence[Path] | None = None, *, show_progress: bool | None = None
         ) -> LoadResult:
    """Bulk-load ``files`` (default: the corpus's built graphs) and the model into the store folder ``folder``.

    A new folder is written beside the target and renamed into place, so a failed load leaves the old store as it
    was. Loading into an existing store adds new parts in place (each file is parsed first); a part whose file
    changed, or a new model, rebuilds the database from the store's copies, since a changed report's old triples
    cannot be told apart from those another report shares.
    """
    start = time.monotonic()
    folder = Path(folder)
    target = DiskStore(folder)
    given = _parts_of(files if files else corpus_files())
    model = model_hash()
    if not target.exists() and folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder}: exists and is not a zgraph store; choose a new folder")
    old = {p.name: p for p in target.parts()} if target.exists() else {}
    new = [(p, f) for p, f in given if old.get(p.name) != p]
    changed = [p.name for p, _ in new if p.name in old]
    if target.exists() and not changed and target.model() == model:
        for _, f in new:
            _check_syntax(f)
        try:
            store = ox.Store(str(target.db))
        except OSError as e:
            raise ZGraphError(f"{target.db}: cannot open for writing ({e}); is another zgraph using it?") from None
        for part, f in progress(new, len(new), "loading", show=show_progress):
            _bulk_load(store, f)
            shutil.copyfile(f, target.copy_of(part))
        quads = len(store)
        store.optimize()  # compacts what bulk_load wrote: halves a 1M stats, for ~0.5 s
        store.flush()
        del store
        parts = [*old.values(), *(p for p, _ in new)]
        _write_meta(folder, parts, model)
        return LoadResult(folder, sorted(parts, key=lambda p: p.name), [p.name for p, _ in new], False, quads,
                          time.monotonic() - start)
    keep = [(p, target.copy_of(p)) for name, p in sorted(old.items())
            if name not in {g.name for g, _ in given}]
    everything = [*keep, *given]
    tmp = folder.parent / f".{folder.name}.loading-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        DiskStore(tmp).graphs.mkdir(parents=True)
        store = ox.Store(str(tmp / "oxigraph"))
        for f in paths.model_files():
            _bulk_load(store, f)
        for part, f in progress(everything, len(everything), "loading", show=show_progress):
            _bulk_load(store, f)
            shutil.copyfile(f, DiskStore(tmp).copy_of(part))
        quads = len(store)
        store.optimize()  # compacts what bulk_load wrote: halves a 1M stats, for ~0.5 s
        store.flush()
        del store
        _write_meta(tmp, [p for p, _ in everything], model)
        for name in KEPT_FILES:
            if (folder / name).is_file():
                shutil.copyfile(folder / name, tmp / name)
        if folder.exists():
            trash = folder.parent / f".{folder.name}.old-{os.getpid()}"
            os.replace(folder, trash)
            os.replace(tmp, folder)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return LoadResult(folder, sorted((p for p, _ in everything), key=lambda p: p.name),
                      [p.name for p, _ in given if old.get(p.name) != p], True, quads, time.monotonic() - start)
