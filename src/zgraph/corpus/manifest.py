"""The corpus manifest, ``data/reports.toml``: one ``[[report]]`` table per report, read and written as data.

Each entry says what a report is — its id, its title as printed, the file of its text, and what is known about it
from outside the text (issuing body, place, period, publication date, origin URL) — with the SHA-256 of the text
so that a changed file is noticed. The build turns each entry into the report's node; nothing about a report is
written in code.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from rdflib import URIRef

from zgraph.model.errors import InputError, UnknownName
from zgraph.model.namespaces import ZGI

#: A report id: lower-case words of letters and digits joined by hyphens, e.g. zhanjiang-2023-industrial-transfer.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADER = ("# The zgraph corpus: one [[report]] table per report (see README, \"The corpus\").\n"
          "# Written by `zgraph add`; edit by hand with care (`zgraph build` checks it).\n")


@dataclass(frozen=True)
class Report:
    """One manifest entry. Only ``id``, ``title`` and ``source`` are required; unknown facts stay empty."""

    id: str
    title: str
    source: str
    language: str = "zh"
    title_en: str = ""
    issuer: str = ""
    place: str = ""
    place_code: str = ""
    period: str = ""
    year: int = 0
    published: str = ""
    origin: str = ""
    sha256: str = ""
    fictional: bool = False
    note: str = ""

    @property
    def iri(self) -> URIRef:
        """The report's node, ``zgi:report-<id>``."""
        return ZGI[f"report-{self.id}"]

    def evidence_iri(self, start: int, end: int) -> URIRef:
        """The id of an evidence span of this report: its id and zero-padded offsets."""
        return ZGI[f"ev-{self.id}-{start:05d}-{end:05d}"]


FIELDS = {f.name: f for f in fields(Report)}
REQUIRED = ("id", "title", "source")


def _entry(where: str, table: dict[str, object]) -> Report:
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(FIELDS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"{where}: unknown key {unknown[0]!r}{hint}; known keys: {', '.join(FIELDS)}")
    missing = [k for k in REQUIRED if not table.get(k)]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}")
    for key, value in table.items():
        want = FIELDS[key].type
        ok = isinstance(value, bool) if want == "bool" else (
            isinstance(value, int) and not isinstance(value, bool) if want == "int" else isinstance(value, str))
        if not ok:
            raise InputError(f"{where}: {key} must be a {want}, got {value!r}")
    report = Report(**table)  # type: ignore[arg-type]
    if not ID_PATTERN.fullmatch(report.id):
        raise InputError(f"{where}: id {report.id!r} must be lower-case words joined by hyphens "
                         "(e.g. zhanjiang-2023-industrial-transfer)")
    if "/" in report.source or "\\" in report.source or report.source.startswith("."):
        raise InputError(f"{where}: source must be a file name under sources/, got {report.source!r}")
    return report


def check(report: Report) -> Report:
    """The checks a manifest entry passes on reading, applied to one made in code."""
    return _entry(f"report {report.id!r}", {k: getattr(report, k) for k in FIELDS})


def parse(text: str, where: str = "reports.toml") -> list[Report]:
    """The entries of a manifest's text, in file order; a bad entry raises InputError naming it."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{where}: not valid TOML: {e}") from None
    extra = sorted(set(doc) - {"report"})
    if extra:
        raise InputError(f"{where}: unknown table {extra[0]!r}; each report is a [[report]] table")
    tables = doc.get("report", [])
    if not isinstance(tables, list):
        raise InputError(f"{where}: write each report as a [[report]] table")
    reports = [_entry(f"{where}: report {i + 1}", t) for i, t in enumerate(tables)]
    seen: dict[str, int] = {}
    for i, r in enumerate(reports):
        if r.id in seen:
            raise InputError(f"{where}: report {i + 1} repeats the id {r.id!r} of report {seen[r.id] + 1}")
        seen[r.id] = i
    return reports


def read(path: Path) -> list[Report]:
    """The manifest at ``path`` (an absent manifest is an empty corpus)."""
    path = Path(path)
    if not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8: {e}") from None
    return parse(text, str(path))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def format_entry(report: Report) -> str:
    """One ``[[report]]`` table: the fields that are set, in the dataclass's order."""
    lines = ["[[report]]"]
    for name, f in FIELDS.items():
        value = getattr(report, name)
        if name in REQUIRED or value != f.default:
            lines.append(f"{name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def format_manifest(reports: Iterable[Report]) -> str:
    """A whole manifest: the header, then each entry."""
    return HEADER + "".join("\n" + format_entry(r) for r in reports)


def find(reports: list[Report], report_id: str) -> Report:
    """The entry with this id; an unknown id raises UnknownName with the closest ids."""
    for r in reports:
        if r.id == report_id:
            return r
    ids = [r.id for r in reports]
    raise UnknownName("report", report_id, close_ids(report_id, ids) or ids)


def close_ids(given: str, ids: list[str]) -> list[str]:
    """The ids most like ``given``: close spellings, then those that contain it."""
    close = difflib.get_close_matches(given, ids, n=3, cutoff=0.4)
    return close + [i for i in ids if given and given in i and i not in close]
