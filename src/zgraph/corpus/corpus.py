"""A corpus folder: the manifest, each report's text (checked against its SHA-256), curated files and built graph."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zgraph.corpus import manifest
from zgraph.corpus.manifest import Report
from zgraph.model import paths
from zgraph.model.errors import InputError


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Corpus:
    """The reports under ``folder`` (default: the corpus zgraph runs on, ``data/``)."""

    folder: Path = paths.DATA_DIR

    @property
    def manifest(self) -> Path:
        return self.folder / "reports.toml"

    @property
    def sources(self) -> Path:
        return self.folder / "sources"

    @property
    def curated(self) -> Path:
        return self.folder / "curated"

    @property
    def built(self) -> Path:
        return self.folder / "built"

    @property
    def union(self) -> Path:
        """The graph of every report together (what commands read by default)."""
        return self.folder / "triples.ttl"

    def reports(self) -> list[Report]:
        """Every report in the manifest, sorted by id (the order of every output)."""
        return sorted(manifest.read(self.manifest), key=lambda r: r.id)

    def report(self, report_id: str) -> Report:
        """The report with this id; unknown ids raise UnknownName with suggestions."""
        return manifest.find(self.reports(), report_id)

    def source_path(self, report: Report) -> Path:
        return self.sources / report.source

    def text(self, report: Report) -> str:
        """The report's text exactly as shipped (offsets count its code points); checked against its SHA-256."""
        path = self.source_path(report)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: source file of report {report.id!r} not found") from None
        if report.sha256 and sha256(data) != report.sha256:
            raise InputError(f"{path}: the text changed since it was registered (SHA-256 {sha256(data)[:12]}… is "
                             f"not the manifest's {report.sha256[:12]}…); evidence offsets would no longer hold")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not UTF-8: {e}") from None

    def curated_files(self, report: Report) -> list[Path]:
        """The report's curated Turtle files, ``curated/<id>/*.ttl``, sorted."""
        return sorted((self.curated / report.id).glob("*.ttl"))

    def built_file(self, report: Report) -> Path:
        """Where the report's built graph is written, ``built/<id>.ttl``."""
        return self.built / f"{report.id}.ttl"

    def report_files(self, report_ids: list[str] | None) -> list[Path]:
        """The built graphs of the given reports (checked to exist), or the union graph when none are given."""
        if not report_ids:
            return [self.union]
        reports = self.reports()
        files = [self.built_file(manifest.find(reports, rid)) for rid in report_ids]
        for f in files:
            if not f.is_file():
                raise InputError(f"{f}: not built yet; run `zgraph build`")
        return files


def combine(dest: Path, corpora: Sequence[Corpus]) -> Corpus:
    """A new corpus folder ``dest`` holding the reports of every given corpus (texts, curated files, one manifest).

    Used to study reports kept apart together (e.g. the shipped corpus with one's own); a report id or source file
    that two corpora share is refused. The result still has to be built (``zgraph.pipeline.build``).
    """
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise InputError(f"{dest}: not empty; combine corpora into a new folder")
    seen: dict[str, Path] = {}
    parts = []
    for corpus in corpora:
        for report in corpus.reports():
            for key in (report.id, report.source):
                if key in seen:
                    raise InputError(f"{key!r} is in both {seen[key]} and {corpus.folder}")
                seen[key] = corpus.folder
        text = corpus.manifest.read_text(encoding="utf-8") if corpus.manifest.is_file() else ""
        parts.append(f"# from {corpus.folder}\n{text.strip()}\n")
    for corpus in corpora:
        for report in corpus.reports():
            (dest / "sources").mkdir(parents=True, exist_ok=True)
            shutil.copy2(corpus.source_path(report), dest / "sources" / report.source)
            if (corpus.curated / report.id).is_dir():
                shutil.copytree(corpus.curated / report.id, dest / "curated" / report.id)
    combined = "\n".join(parts)
    manifest.parse(combined, "the combined manifest")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "reports.toml").write_text(combined, encoding="utf-8")
    return Corpus(dest)
