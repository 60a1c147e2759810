"""The named queries: list and load them, read their headers, put parameters and the label language in place.

Parameters: a query written with a one-value ``VALUES ?lang { "zh" }`` (or ``VALUES ?entity { zgi:… }``) line
gets that value replaced (``--lang``, ``--param``), so each ``.rq`` file stays plain SPARQL 1.1 that any store
runs as is.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from zgraph.model import paths
from zgraph.model.errors import InputError, UnknownName, ZGraphError
from zgraph.model.header import header
from zgraph.model.prefixes import PREFIXES, expand

LANGS = ("zh", "en")

#: A one-value VALUES line: the way named queries declare a parameter and its default.
_VALUES = re.compile(r'(?P<head>VALUES\s+\?(?P<var>\w+)\s*\{\s*)(?P<val>"[^"\\\n]*"|<[^<>\s]*>|[\w-]*:[\w.-]*)'
                     r'(?P<tail>\s*\})', re.IGNORECASE)


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query: its name, text and header (questions in zh and en, columns, parameters)."""

    name: str
    text: str
    question: Mapping[str, str]
    columns: tuple[str, ...]
    headline: int  # 0, or the query's place among the headline queries (1 first)
    params: Mapping[str, str]

    @property
    def path(self) -> Path:
        return paths.QUERIES_DIR / f"{self.name}.rq"


def parse_header(name: str, text: str) -> NamedQuery:
    """Read a query's leading ``# key: value`` comment lines (zh, en, columns, and headline: its rank)."""
    meta = header(text, ("zh", "en", "columns", "headline"))
    missing = [k for k in ("zh", "en", "columns") if k not in meta]
    if missing:
        raise ZGraphError(f"query {name!r}: header lacks {', '.join(missing)}")
    params = {m["var"]: m["val"] for m in _VALUES.finditer(text) if m["var"] != "lang"}
    return NamedQuery(name=name, text=text, question={"zh": meta["zh"], "en": meta["en"]},
                      columns=tuple(c.strip() for c in meta["columns"].split(",")),
                      headline=int(meta.get("headline", "0")), params=params)


def named_queries() -> list[NamedQuery]:
    """Every shipped query, by name."""
    return [parse_header(p.stem, p.read_text(encoding="utf-8")) for p in sorted(paths.QUERIES_DIR.glob("*.rq"))]


def get(name: str) -> NamedQuery:
    """The shipped query called ``name``; unknown names raise UnknownName with the closest names."""
    path = paths.QUERIES_DIR / f"{name}.rq"
    if re.fullmatch(r"\w+", name) and path.is_file():
        return parse_header(name, path.read_text(encoding="utf-8"))
    names = [q.name for q in named_queries()]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    close += [n for n in names if (name in n or n in name) and n not in close]
    raise UnknownName("query", name, close[:4] or names)


def is_file_target(target: str) -> bool:
    """A query target names a file when it ends in ``.rq`` or has a folder in it; a bare word is a named query."""
    return target.endswith(".rq") or "/" in target or "\\" in target


def query_text(target: str | None = None, sparql: str | None = None) -> tuple[str, NamedQuery | None]:
    """The SPARQL to run: a named query, a ``.rq`` file or literal text; and the named query if it is one.

    Named queries win over files of the same name in the working folder: a file needs ``.rq`` or a path.
    """
    if (target is None) == (sparql is None):
        raise ZGraphError("give a query NAME, a FILE.rq or --sparql TEXT (exactly one)", exit_code=2)
    if sparql is not None:
        return sparql, None
    assert target is not None
    if is_file_target(target):
        try:
            return Path(target).read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{target}: cannot read query file: {e}") from None
    named = get(target)
    return named.text, named


def sparql_term(value: str) -> str:
    """A user's value as a SPARQL term: IRIs and prefixed names as full IRIs, anything else as a string."""
    if value.startswith("<") and value.endswith(">"):
        return value
    iri = expand(value)
    if iri is not None and re.fullmatch(r"[\w.-]+", value.partition(":")[2]):
        return f"<{iri}>"
    if re.match(r"(?i)https?://", value):
        return f"<{value}>"
    return json.dumps(value, ensure_ascii=False)


def bind(text: str, values: Mapping[str, str]) -> str:
    """Replace the value of each one-value ``VALUES ?var { … }`` line whose var is in ``values`` (SPARQL terms)."""
    unknown = set(values) - {m["var"] for m in _VALUES.finditer(text)}
    if unknown - {"lang"}:
        raise ZGraphError(f"this query has no parameter {', '.join(sorted(unknown - {'lang'}))}", exit_code=2)

    def swap(m: re.Match[str]) -> str:
        if m["var"] not in values:
            return m[0]
        return f"{m['head']}{values[m['var']]}{m['tail']}"

    return _VALUES.sub(swap, text)


def prepare(text: str, lang: str = "zh", params: Mapping[str, str] | None = None) -> str:
    """The query with the label language and any parameters (already SPARQL terms) put in place."""
    if lang not in LANGS:
        raise ZGraphError(f"unknown language {lang!r}: use zh or en", exit_code=2)
    return bind(text, {"lang": json.dumps(lang), **(params or {})})


def one_line_prologue(text: str) -> str:
    """PREFIX declarations for the zgraph prefixes the text does not declare, on one line (keeps line numbers)."""
    declared = {m.lower() for m in re.findall(r"(?i)PREFIX\s+([\w.-]*)\s*:", text)}
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in declared)


def is_entity_param(default: str) -> bool:
    """True when a parameter's default value is an IRI or a prefixed name (so a label given for it is resolved)."""
    return default.startswith("<") or (":" in default and not default.startswith('"'))


def entity_param(value: str, data: Sequence[Path | str] | None = None, store: ox.Store | None = None) -> str:
    """A parameter value naming an entity: an id or IRI as is, else a label resolved (with suggestions) on
    ``store`` (a ``--store`` database: SPARQL lookups, nothing loaded), else on the data in an in-memory store."""
    term = sparql_term(value)
    if term.startswith("<"):
        return term
    from zgraph.model.names import resolve_store
    from zgraph.model.store import load_store

    return f"<{resolve_store(store if store is not None else load_store(data), value)}>"
