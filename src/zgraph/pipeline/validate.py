"""Validation: SHACL shapes (pySHACL, no inference) plus the check that every quote is verbatim at its offsets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from zgraph.model import paths, sources
from zgraph.model.labels import label, qname
from zgraph.model.loading import load, load_files
from zgraph.model.namespaces import OA, SH, ZG


@dataclass(frozen=True, order=True)
class Problem:
    """One violation: the node it is about, the property path, and a plain-words message."""

    focus: str
    path: str
    message: str
    focus_label: str = ""
    value: str = ""

    def render(self) -> str:
        """One readable line (two when there is an offending value)."""
        named = self.focus_label and self.focus_label != self.focus
        who = f"{self.focus_label} ({self.focus})" if named else self.focus
        where = f" [{self.path}]" if self.path else ""
        line = f"- {who}{where}: {self.message}"
        return line + (f"\n    value: {self.value}" if self.value else "")


@dataclass
class Report:
    """The outcome of a validation run."""

    problems: list[Problem] = field(default_factory=list)
    checked_quotes: int = 0
    triples: int = 0
    #: Quotes that could not be checked, by the source file their report names but that is not there.
    unchecked_quotes: dict[str, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not self.problems

    def render(self) -> str:
        """A readable report: a summary line, then one entry per problem, sorted."""
        if self.conforms:
            lines = [f"conforms: {self.triples} triples, SHACL shapes satisfied, "
                     f"{self.checked_quotes} quotes verbatim at their offsets"]
        else:
            lines = [f"does not conform: {len(self.problems)} problem(s)", *(p.render() for p in sorted(self.problems))]
        return "\n".join([*lines, *unchecked_line(self.unchecked_quotes)])


def unchecked_line(unchecked: dict[str, int]) -> list[str]:
    """The line that says which quotes were not checked for want of their report's text (none: no line)."""
    if not unchecked:
        return []
    names = sorted(unchecked)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return [f"quotes not checked: no source text for {sum(unchecked.values())} quote(s) ({shown})"]


def _short(node: object) -> str:
    if isinstance(node, URIRef):
        return qname(node)
    if node is None:
        return ""
    return str(node)


def _path_text(results: Graph, path: object) -> str:
    """A readable SHACL path (inverse paths shown as ^p)."""
    if isinstance(path, URIRef):
        return qname(path)
    inverse = results.value(path, SH.inversePath) if isinstance(path, Node) else None
    return f"^{qname(inverse)}" if isinstance(inverse, URIRef) else ""


@lru_cache(maxsize=256)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> object:
    from rdflib.plugins.sparql import parser, processor

    return processor.translateQuery(parser.parseQuery(text), base, dict(namespaces))


@contextmanager
def parsed_once() -> Iterator[None]:
    """Parse each SPARQL constraint once, not once per focus node: pySHACL sends rdflib the same text for every
    node, and rdflib's parser was half of a report's validation time."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):  # rdflib passes the graph's prefixes: part of the key
            strOrQuery = _translated(strOrQuery, base, tuple(sorted((initNs or {}).items())))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def shacl_problems(g: Graph, shapes: Graph, inplace: bool = False) -> list[Problem]:
    """Run pySHACL without inference and turn each validation result into a Problem (``inplace``: the graph is
    not needed afterwards, so pySHACL need not copy it)."""
    from pyshacl import validate as shacl_validate  # imported here: stats uses find_source without pySHACL

    with parsed_once():
        _conforms, results, _text = shacl_validate(
            g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False, abort_on_first=False,
            inplace=inplace,
        )
    problems = []
    for res in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(res, SH.focusNode)
        messages = sorted(str(m) for m in results.objects(res, SH.resultMessage))
        value = results.value(res, SH.value)
        problems.append(Problem(
            focus=_short(focus),
            path=_path_text(results, results.value(res, SH.resultPath)),
            message="; ".join(messages) or "violates a shape",
            focus_label=label(g, focus, "zh") if isinstance(focus, URIRef) and (focus, None, None) in g else "",
            value=_short(value) if value is not None and value != focus else "",
        ))
    return sorted(set(problems))


def find_source(name: str, folders: Sequence[Path] = ()) -> Path | None:
    """Where a report's source file is: the corpus's sources/, else a ``sources/`` folder beside the data files
    (where ``zgraph synth`` writes its texts); None when it is nowhere."""
    for path in (sources.source_path(name), *(Path(f) / name for f in folders)):
        if path.is_file():
            return path
    return None


def source_folders(files: Sequence[Path | str] | None) -> list[Path]:
    """The ``sources/`` folders beside the given data files (sorted, without repeats)."""
    return sorted({Path(f).parent / "sources" for f in files or ()})


def quote_problems(g: Graph, folders: Sequence[Path] = ()) -> tuple[list[Problem], int, dict[str, int]]:
    """Check that every selector's oa:exact is the source text between its oa:start and oa:end; also say how
    many quotes could not be checked, by the missing source file their report names. Source files are looked
    for as ``find_source`` does."""
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    unchecked: dict[str, int] = {}
    checked = 0
    for ev, sel in sorted(g.subject_objects(OA.hasSelector)):
        report = g.value(ev, OA.hasSource)
        name = g.value(report, ZG.sourceFile) if report is not None else None
        exact, start, end = (g.value(sel, p) for p in (OA.exact, OA.start, OA.end))
        if name is None or exact is None or start is None or end is None:
            continue  # the shapes report what is missing
        if str(name) not in texts:
            path = find_source(str(name), folders)
            texts[str(name)] = path.read_bytes().decode("utf-8") if path is not None else None
        text = texts[str(name)]
        if text is None:
            unchecked[str(name)] = unchecked.get(str(name), 0) + 1
            continue
        checked += 1
        s, e = int(start), int(end)  # type: ignore[call-overload]  # offset literals
        found = text[s:e] if 0 <= s <= e <= len(text) else None
        if found != str(exact):
            problems.append(Problem(
                focus=_short(ev), path="oa:exact",
                message=f"quote is not verbatim at {s}–{e} of {name}: expected {str(exact)!r}, "
                f"the source there reads {found!r}" if found is not None
                else f"offsets {s}–{e} lie outside {name} ({len(text)} characters)",
            ))
    return problems, checked, unchecked


def validate_graph(g: Graph, shapes_file: Path | None = None, folders: Sequence[Path] = ()) -> Report:
    """Validate an already loaded graph (model + data) against the shapes and the source text (looked for in the
    corpus, then in ``folders``)."""
    shapes = load_files([shapes_file or paths.SHAPES])
    problems = shacl_problems(g, shapes)
    quote_issues, checked, unchecked = quote_problems(g, folders)
    return Report(problems=problems + quote_issues, checked_quotes=checked, triples=len(g),
                  unchecked_quotes=unchecked)


def validate(data: Sequence[Path | str] | None = None) -> Report:
    """Load model + data (default: the shipped graph) and validate it; unreadable input raises InputError."""
    return validate_graph(load(data), folders=source_folders(data))

