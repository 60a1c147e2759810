"""Named SPARQL queries: list and load them, run them on Oxigraph, rdflib or a remote endpoint, serialise results.

Oxigraph (pyoxigraph) is the default backend. rdflib's SPARQL engine reorders patterns at run time and can go
quadratic on ordinary typed joins, while Oxigraph plans joins once and stays fast at any size; rdflib remains
available (``backend="rdflib"``) and is what the tests compare against. Whatever the backend, results become
pyoxigraph query results, so every output format is written by Oxigraph's own SPARQL results serialisers.

Parameters: a query written with a one-value ``VALUES ?lang { "zh" }`` (or ``VALUES ?entity { zgi:… }``) line
gets that value replaced (``--lang``, ``--param``), so each ``.rq`` file stays plain SPARQL 1.1 that any store
runs as is.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from zgraph import atomic, paths
from zgraph.errors import InputError, UnknownName, ZGraphError
from zgraph.labels import qname
from zgraph.store import load_store, prefixes

BACKENDS = ("oxigraph", "rdflib")
DEFAULT_BACKEND = "oxigraph"
FORMATS = ("table", "csv", "tsv", "json", "xml")
LANGS = ("zh", "en")
RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
#: Media types a remote endpoint may answer with, for SELECT/ASK and for CONSTRUCT/DESCRIBE.
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples;q=0.8, text/turtle;q=0.7")

#: A one-value VALUES line: the way named queries declare a parameter and its default.
_VALUES = re.compile(r'(?P<head>VALUES\s+\?(?P<var>\w+)\s*\{\s*)(?P<val>"[^"\\\n]*"|<[^<>\s]*>|[\w-]*:[\w.-]*)'
                     r'(?P<tail>\s*\})', re.IGNORECASE)
_HEADER = re.compile(r"#\s*(?P<key>[\w ]+?)\s*:\s*(?P<value>.*)$")

Result = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]


class QueryError(ZGraphError):
    """Malformed SPARQL, or a query the engine or endpoint refused."""

    exit_code = 2


class EndpointError(ZGraphError):
    """A remote SPARQL endpoint or graph store that cannot be reached."""

    exit_code = 3


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
    meta: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m and m["key"].lower() in ("zh", "en", "columns", "headline"):
            meta[m["key"].lower()] = m["value"].strip()
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


def query_text(target: str | None = None, sparql: str | None = None) -> tuple[str, NamedQuery | None]:
    """The SPARQL to run: a named query, a ``.rq`` file or literal text; and the named query if it is one."""
    if (target is None) == (sparql is None):
        raise ZGraphError("give a query NAME, a FILE.rq or --sparql TEXT (exactly one)", exit_code=2)
    if sparql is not None:
        return sparql, None
    assert target is not None
    path = Path(target)
    if target.endswith(".rq") or path.is_file() or "/" in target:
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{target}: cannot read query file: {e}") from None
    named = get(target)
    return named.text, named


def sparql_term(value: str) -> str:
    """A user's value as a SPARQL term: IRIs and prefixed names as full IRIs, anything else as a string."""
    if value.startswith("<") and value.endswith(">"):
        return value
    prefix, _, local = value.partition(":")
    known = prefixes()
    if local and prefix in known and re.fullmatch(r"[\w.-]+", local):
        return f"<{known[prefix]}{local}>"
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
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes().items() if p.lower() not in declared)


# --- backends ---------------------------------------------------------------------------------------------


def run_oxigraph(store: ox.Store, text: str) -> Result:
    """Evaluate on a pyoxigraph store (zgraph prefixes predeclared)."""
    try:
        result = store.query(text, prefixes=prefixes())
    except SyntaxError as e:
        raise QueryError(f"malformed SPARQL: {e}") from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    return list(result) if isinstance(result, ox.QueryTriples) else result


def run_rdflib(graph: Any, text: str) -> Result:
    """Evaluate with rdflib's engine; its result is converted to pyoxigraph results through SPARQL JSON/N-Triples."""
    from pyparsing import ParseException

    try:
        result = graph.query(text, initNs=prefixes())
        if result.type == "CONSTRUCT" or result.type == "DESCRIBE":
            data = result.graph.serialize(format="nt", encoding="utf-8")
            return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        data = result.serialize(format="json")
    except ParseException as e:
        raise QueryError(f"malformed SPARQL: {e}") from None
    except Exception as e:  # rdflib raises bare Exceptions for evaluation errors (e.g. unknown prefix)
        raise QueryError(f"query failed in rdflib: {e}") from None
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)


def run_endpoint(url: str, text: str, graph: str | None = None, timeout: float = 60.0) -> Result:
    """Evaluate on a remote SPARQL 1.1 endpoint (POST form, per the SPARQL 1.1 Protocol)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ZGraphError(f"--endpoint must be an http(s) URL, got {url!r}", exit_code=2)
    form = [("query", f"{one_line_prologue(text)} {text}")]
    if graph:
        form.append(("default-graph-uri", graph))
    req = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST", headers={
        "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
    body, media = http_call(req, timeout, what="SPARQL endpoint")
    if media in ("application/sparql-results+json", "application/json"):
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if media == "application/sparql-results+xml":
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    rdf_format = ox.RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise QueryError(f"{url}: unexpected answer of type {media!r}")
    return [q.triple for q in ox.parse(body, format=rdf_format)]


def http_call(req: urllib.request.Request, timeout: float, what: str) -> tuple[bytes, str]:
    """Send a request; HTTP errors carry the server's message, network failures become EndpointError."""
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as e:
        message = " ".join(e.read().decode("utf-8", "replace").split())[:500]
        raise QueryError(f"{req.full_url}: HTTP {e.code} {e.reason}: {message}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise EndpointError(f"cannot reach {what} {req.full_url}: {reason}") from None


def run(text: str, *, backend: str = DEFAULT_BACKEND, data: Sequence[Path | str] | None = None,
        endpoint: str | None = None, graph: str | None = None, store: ox.Store | None = None) -> Result:
    """Run prepared SPARQL on the chosen backend (a remote endpoint if given, else a local store)."""
    if endpoint:
        return run_endpoint(endpoint, text, graph=graph)
    if backend == "rdflib":
        from zgraph.graph import load

        return run_rdflib(load(data), text)
    if backend != "oxigraph":
        raise ZGraphError(f"unknown backend {backend!r}: use {' or '.join(BACKENDS)}", exit_code=2)
    return run_oxigraph(store if store is not None else load_store(data), text)


# --- output -----------------------------------------------------------------------------------------------


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """How a term reads in a table: IRIs compact (zgi:…), literals as their text, unbound as empty."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return qname(term.value)  # type: ignore[arg-type]
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.splitlines())
    return str(term)


def width(text: str) -> int:
    """Display width in a terminal: wide and full-width (CJK) characters take two columns, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table whose columns line up with CJK text, and a row count."""
    sizes = [max([width(c), *(width(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c, s) for c, s in zip(columns, sizes, strict=True)).rstrip(),
             "  ".join("-" * s for s in sizes)]
    lines += ["  ".join(pad(v, s) for v, s in zip(r, sizes, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def rows_of(result: ox.QuerySolutions) -> tuple[list[str], list[list[Any]]]:
    """Variable names and rows of terms (None when unbound); consumes the result."""
    names = [v.value for v in result.variables]
    return names, [[sol[v] for v in names] for sol in result]


def serialize(result: Result, fmt: str = "table") -> bytes:
    """Write results as a table, or with Oxigraph's SPARQL results serialisers (csv, tsv, json, xml).

    CONSTRUCT and DESCRIBE results are written as Turtle (N-Triples for csv/tsv) whatever the format, with their
    triples sorted so that every backend writes the same bytes.
    """
    if fmt not in FORMATS:
        raise ZGraphError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", exit_code=2)
    if isinstance(result, list):
        rdf = ox.RdfFormat.N_TRIPLES if fmt in ("csv", "tsv") else ox.RdfFormat.TURTLE
        triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return ox.serialize(triples, format=rdf, prefixes=prefixes() if rdf == ox.RdfFormat.TURTLE else None)
    if fmt != "table":
        return result.serialize(format=RESULT_FORMATS[fmt])
    if isinstance(result, ox.QueryBoolean):
        return f"{'true' if bool(result) else 'false'}\n".encode()
    names, rows = rows_of(result)
    return table(names, [[cell(t) for t in r] for r in rows]).encode("utf-8")


# --- results for the demo ---------------------------------------------------------------------------------


def entity_param(value: str, data: Sequence[Path | str] | None = None) -> str:
    """A parameter value naming an entity: an id or IRI as is, else a label resolved (with suggestions)."""
    term = sparql_term(value)
    if term.startswith("<"):
        return term
    from zgraph.graph import load
    from zgraph.names import resolve

    return f"<{resolve(load(data), value)}>"


def write_results(out_dir: Path, lang: str = "zh", data: Sequence[Path | str] | None = None) -> list[Path]:
    """Write every named query's results to ``out_dir/queries/<name>.csv`` and ``.json``, plus an index.html."""
    store = load_store(data)
    folder = Path(out_dir) / "queries"
    written: list[Path] = []
    sections: list[tuple[NamedQuery, list[str], list[list[str]]]] = []
    for nq in named_queries():
        text = prepare(nq.text, lang)
        for fmt in ("csv", "json"):
            written.append(atomic.write_bytes(folder / f"{nq.name}.{fmt}",
                                              serialize(run_oxigraph(store, text), fmt)))
        if nq.headline:
            result = run_oxigraph(store, text)
            assert isinstance(result, ox.QuerySolutions)
            names, rows = rows_of(result)
            sections.append((nq, names, [[cell(t) for t in r] for r in rows]))
    sections.sort(key=lambda s: s[0].headline)
    written.append(atomic.write_text(folder / "index.html", results_page(sections, lang)))
    return written


def html_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An escaped HTML table."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>\n" for r in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


PAGE_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em;
       max-width: 80em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 2em; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
code, pre, textarea { font-family: ui-monospace, Menlo, Consolas, monospace; }
.en { color: #555; }
"""


def results_page(sections: Sequence[tuple[NamedQuery, Sequence[str], Sequence[Sequence[str]]]], lang: str) -> str:
    """An offline HTML page: each headline query's questions (zh and en) and its result table."""
    parts = []
    for nq, names, rows in sections:
        parts.append(
            f'<section id="{html.escape(nq.name)}">\n<h2><code>{html.escape(nq.name)}</code> '
            f'{html.escape(nq.question["zh"])}</h2>\n<p class="en">{html.escape(nq.question["en"])}</p>\n'
            f"<p>{len(rows)} rows · <a href=\"{html.escape(nq.name)}.csv\">CSV</a> · "
            f"<a href=\"{html.escape(nq.name)}.json\">JSON</a></p>\n{html_table(names, rows)}\n</section>")
    title = "zgraph 常用查询结果 · headline query results"
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
