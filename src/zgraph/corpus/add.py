"""Registering a new report: check its text, copy it, write its manifest entry and an empty curated folder.

Nothing is half-written: the text and the manifest are written atomically, and if the manifest cannot be written
the copied text is removed again. A report is refused when its text is empty, not UTF-8, or already registered
(the same bytes under another id), and when its id or file name is taken.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from zgraph.corpus import manifest
from zgraph.corpus.corpus import Corpus, sha256
from zgraph.corpus.manifest import Report
from zgraph.model import atomic, gazetteer
from zgraph.model.errors import InputError

#: The largest text `zgraph add` takes (a work summary is a few thousand characters; this is far beyond any).
MAX_BYTES = 5_000_000
CURATED_README = """# Curated facts of {id}

Turtle files (`*.ttl`) with the facts of this report, each node carrying `zg:quote "…"` — words that occur exactly
once in `data/sources/{source}`. `zgraph extract` drafts them, `zgraph review` accepts them, `zgraph build` turns
the quotes into evidence with offsets. See docs/authoring.md.
"""


@dataclass(frozen=True)
class Added:
    """What `zgraph add` did: the entry written and the files it created, plus anything worth a warning."""

    report: Report
    files: list[Path]
    warnings: list[str]


def read_text(path: Path) -> tuple[bytes, str]:
    """The bytes and text of a report file; empty, oversized, non-UTF-8 or BOM-prefixed files are refused."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a text file") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: {len(data):,} bytes is too large for one report (at most {MAX_BYTES:,})")
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(f"{path}: starts with a UTF-8 byte-order mark; save it without one (evidence offsets "
                         "count every code point from the first)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r}); convert it first, "
                         "e.g. iconv -f GB18030 -t UTF-8") from None
    if not text.strip():
        raise InputError(f"{path}: the text is empty")
    return data, text


def place_code(place: str, given: str = "") -> tuple[str, list[str]]:
    """The GB/T 2260 code of ``place`` (given, else from the gazetteer when the name is unambiguous), and warnings."""
    if given:
        if not (len(given) == 6 and given.isdigit()):
            raise InputError(f"--place-code must be a six-digit GB/T 2260 code, got {given!r}")
        known = gazetteer.by_code(given)
        if known is None:
            return given, [f"{given} is not in the gazetteer ({gazetteer.SOURCE})"]
        if place and known.name != place:
            return given, [f"{given} is {known.name} in the gazetteer, not {place}"]
        return given, []
    if not place:
        return "", []
    found = gazetteer.by_name(place)
    if len(found) == 1:
        return found[0].code, []
    if len(found) > 1:
        raise InputError(f"{place!r} names {len(found)} divisions ({', '.join(d.code for d in found)}); "
                         "choose one with --place-code")
    return "", [f"{place!r} is not in the gazetteer: the report's place will have no division code"]


def add(corpus: Corpus, text_file: Path, report: Report) -> Added:
    """Register ``report`` (its sha256 and source are filled in here) with the text of ``text_file``."""
    data, text = read_text(text_file)
    reports = manifest.read(corpus.manifest)
    digest = sha256(data)
    for r in reports:
        if r.id == report.id:
            raise InputError(f"a report with id {report.id!r} is already registered ({corpus.manifest})")
        if r.sha256 == digest:
            raise InputError(f"{text_file}: this text is already registered as report {r.id!r}")
    source = f"{report.id}.txt"
    target = corpus.sources / source
    if target.exists():
        raise InputError(f"{target}: a source file of that name exists already")
    code, warnings = place_code(report.place, report.place_code)
    report = replace(report, source=source, sha256=digest, place_code=code)
    manifest.check(report)
    if report.title not in text:
        warnings.append("the title is not printed in the text: the report's node will have no quote of its title")
    written = [atomic.write_bytes(target, data)]
    try:
        old = corpus.manifest.read_text(encoding="utf-8") if corpus.manifest.is_file() else manifest.HEADER
        new = old.rstrip("\n") + "\n\n" + manifest.format_entry(report)
        manifest.parse(new, str(corpus.manifest))  # the manifest as written must read back
        written.append(atomic.write_text(corpus.manifest, new))  # appended: comments and order are kept
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    folder = corpus.curated / report.id
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / "README.md"
    if not readme.exists():
        written.append(atomic.write_text(readme, CURATED_README.format(id=report.id, source=source)))
    return Added(report, written, warnings)
