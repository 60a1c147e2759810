"""Validation of a store, report by report: pySHACL on each part's own graph plus the model, in parallel, cached.

pySHACL over a million triples takes minutes and gigabytes; one report's graph takes under a second. Each part
(DIR/graphs/<part>.ttl) is validated with the model and the shapes, in worker processes, and its result is kept
in DIR/validation.json under the part's SHA-256 and a hash of shapes, model and zgraph version, so after one
report changes only that one is validated again. The checks that need the whole corpus — reports agreeing about
the entities they share — compare summaries of the parts (kept in the same cache), not one giant graph.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from zgraph import __version__
from zgraph.corpus import shared
from zgraph.model import paths
from zgraph.model.atomic import write_text
from zgraph.model.errors import InputError
from zgraph.model.loading import load_files
from zgraph.model.namespaces import ZG
from zgraph.model.store import rdf_format, syntax_error
from zgraph.pipeline.validate import (
    Problem,
    find_source,
    quote_problems,
    shacl_problems,
    source_folders,
    unchecked_line,
)
from zgraph.store.disk import DiskStore, file_hash, model_hash

#: The cache file in the store folder.
CACHE = "validation.json"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class PartResult:
    """The outcome of validating one part: its problems, quotes checked and not checked, and its summary."""

    name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    checked_quotes: int = 0
    unchecked_quotes: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    summary: dict = field(default_factory=dict)
    #: The SHA-256 of each source text the quotes were checked against, by file name ("" when not found).
    texts: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        """Plain JSON data (the summary as it is: dataclasses.asdict would deep-copy it, seconds at 1M)."""
        return {"name": self.name, "sha256": self.sha256, "problems": [asdict(p) for p in self.problems],
                "checked_quotes": self.checked_quotes, "unchecked_quotes": self.unchecked_quotes,
                "triples": self.triples, "summary": self.summary, "texts": self.texts}

    @classmethod
    def from_json(cls, data: dict) -> PartResult:
        return cls(**{**data, "problems": [Problem(**p) for p in data["problems"]]})


@dataclass
class StoreReport:
    """The outcome of validating a store: each part's result, the cross-report problems, and what was cached."""

    parts: list[PartResult]
    cross: list[str] = field(default_factory=list)
    cached: int = 0
    cross_checked: bool = True

    @property
    def conforms(self) -> bool:
        return not self.cross and not any(p.problems for p in self.parts)

    def render(self) -> str:
        """A line on what was validated, a summary line, then each problem with the report it is in."""
        done = len(self.parts) - self.cached
        lines = [f"validated {len(self.parts)} report(s): {self.cached} from the cache, {done} checked now"
                 + ("" if self.cross_checked else "; cross-report checks need the whole store (no --report)")]
        problems = [(p.name, q) for p in self.parts for q in p.problems]
        if self.conforms:
            lines.append(f"conforms: {sum(p.triples for p in self.parts)} triples in {len(self.parts)} report(s), "
                         f"SHACL shapes satisfied, {sum(p.checked_quotes for p in self.parts)} quotes verbatim at "
                         "their offsets" + (", the reports agree about what they share" if self.cross_checked else ""))
        else:
            lines.append(f"does not conform: {len(problems) + len(self.cross)} problem(s)")
            lines += [f"{name}: {q.render()[2:]}" for name, q in sorted(problems)]
            lines += [f"across reports: {line}" for line in self.cross]
        unchecked: dict[str, int] = {}
        for p in self.parts:
            for name, n in p.unchecked_quotes.items():
                unchecked[name] = unchecked.get(name, 0) + n
        return "\n".join([*lines, *unchecked_line(unchecked)])


def shapes_key(shapes_file: Path | None = None) -> str:
    """What a cached result depends on besides the part: the shapes, the model and the zgraph version."""
    shapes = Path(shapes_file or paths.SHAPES)
    return hashlib.sha256(f"{file_hash(shapes)} {model_hash()} {__version__}".encode()).hexdigest()


# --- one part, in a worker ---------------------------------------------------------------------------------

#: Per worker process: the shapes and the model, parsed once, by shapes file.
_WORKER: dict[str, tuple[Graph, Graph]] = {}


def _term(t: object, blanks: dict[str, BNode]) -> URIRef | BNode | Literal:
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return blanks.setdefault(t.value, BNode())
    assert isinstance(t, ox.Literal)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value) if t.datatype.value == _XSD_STRING else Literal(t.value, datatype=URIRef(t.datatype.value))


def _parse(g: Graph, path: Path) -> None:
    """Parse a Turtle/N-Triples file with Oxigraph (three times rdflib's speed) into the rdflib graph ``g``."""
    fmt = rdf_format(path) or ox.RdfFormat.TURTLE
    blanks: dict[str, BNode] = {}
    try:
        for q in ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()):
            g.add((_term(q.subject, blanks), _term(q.predicate, blanks), _term(q.object, blanks)))
    except SyntaxError as e:
        raise syntax_error(path, e) from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e}") from None


def validate_part(name: str, sha256: str, path: str, shapes_file: str, origin: str = "") -> PartResult:
    """Validate one part's graph with the model against the shapes and its report's text, looked for in the
    corpus, then beside the file the part was loaded from (runs in a worker)."""
    if shapes_file not in _WORKER:
        _WORKER.clear()
        _WORKER[shapes_file] = (load_files([Path(shapes_file)]), load_files(paths.model_files()))
    shapes, model = _WORKER[shapes_file]
    g = Graph()
    g += model
    _parse(g, Path(path))  # straight into the copy of the model: adding a graph to a graph is slow in rdflib
    triples = len(g) - len(model)
    summary = shared.summary(g)  # the model describes no zgi: node, so this is the part's own summary
    problems = shacl_problems(g, shapes, inplace=True)
    quote_issues, checked, unchecked = quote_problems(g, source_folders([origin] if origin else []))
    names = sorted({str(n) for n in g.objects(None, ZG.sourceFile)})
    return PartResult(name=name, sha256=sha256, problems=problems + quote_issues,
                      checked_quotes=checked, unchecked_quotes=unchecked, triples=triples, summary=summary,
                      texts=_text_hashes(names, origin))


def _text_hashes(names: Sequence[str], origin: str) -> dict[str, str]:
    """The SHA-256 of each named source text as found now for a part loaded from ``origin`` ("" if none)."""
    found = {n: find_source(n, source_folders([origin] if origin else [])) for n in names}
    return {n: file_hash(p) if p is not None else "" for n, p in found.items()}


# --- the store ------------------------------------------------------------------------------------------------

def _read_cache(path: Path, key: str) -> dict[str, PartResult]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key:
        return {}
    try:
        return {name: PartResult.from_json(r) for name, r in data.get("parts", {}).items()}
    except (TypeError, KeyError):
        return {}


def _write_cache(path: Path, key: str, results: dict[str, PartResult]) -> None:
    data = {"key": key, "parts": {n: r.to_json() for n, r in sorted(results.items())}}
    try:
        write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass  # a store one may not write to is validated all the same, just not cached


def workers_for(todo: int) -> int:
    """Worker processes: one per core, no more than there are parts to validate."""
    return max(1, min(os.cpu_count() or 1, todo))


def validate_store(disk: DiskStore, names: Sequence[str] | None = None, shapes_file: Path | None = None,
                   workers: int | None = None) -> StoreReport:
    """Validate the parts called ``names`` (default: all, plus the cross-report checks), reusing cached results."""
    parts = [disk.part(n) for n in names] if names else disk.parts()
    shapes = str(Path(shapes_file or paths.SHAPES))
    key = shapes_key(Path(shapes))
    cache_file = disk.folder / CACHE
    cache = _read_cache(cache_file, key)
    fresh = {p.name: cache[p.name] for p in parts if p.name in cache and cache[p.name].sha256 == p.sha256
             and _text_hashes(sorted(cache[p.name].texts), p.origin) == cache[p.name].texts}
    todo = [p for p in parts if p.name not in fresh]
    jobs = [(p.name, p.sha256, str(disk.part_file(p.name)), shapes, p.origin) for p in todo]
    n = workers or workers_for(len(jobs))
    if n <= 1:
        done = [validate_part(*job) for job in jobs]
    else:
        with ProcessPoolExecutor(max_workers=n) as pool:
            done = list(pool.map(validate_part, *zip(*jobs, strict=True), chunksize=1))
    results = {**fresh, **{r.name: r for r in done}}
    if done:
        current = {p.name for p in disk.parts()}
        kept = {k: v for k, v in cache.items() if k in current and k not in results}
        _write_cache(cache_file, key, {**kept, **results})
    ordered = [results[p.name] for p in parts]
    cross = [] if names else shared.summary_conflicts({r.name: r.summary for r in ordered})
    return StoreReport(parts=ordered, cross=cross, cached=len(fresh), cross_checked=not names)
