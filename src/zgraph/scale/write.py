"""Writing a synthetic corpus: one N-Triples file per report, its text, and a manifest, all or nothing.

The output folder ``DIR`` holds ``<id>.ttl`` for each report (N-Triples, which is also Turtle, so
``zgraph load --store S DIR/*.ttl`` reads them; the file stem is the report id), ``sources/<id>.txt`` (each
report's text, against which its evidence offsets hold) and ``reports.toml`` (the manifest, every entry
``fictional = true``). Everything is written into a hidden folder beside ``DIR`` and renamed into place at the end.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from zgraph.corpus import manifest
from zgraph.model.errors import InputError
from zgraph.scale import template as template_module
from zgraph.scale.synth import Generator

#: Triples of one synthetic report, roughly (the template's ~6,800), to turn --triples into --reports.
TRIPLES_PER_REPORT = 6800
MAX_REPORTS = 99_999


@dataclass(frozen=True)
class Summary:
    """What was written: the folder, how many reports and triples, and how long it took."""

    out: Path
    reports: int
    triples: int
    seconds: float


class Progress:
    """A one-line progress bar on a stream (stderr), redrawn at most five times a second; silent when off."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total, self.enabled, self.stream = total, enabled, stream or sys.stderr
        self.start = self.last = time.monotonic()

    def update(self, done: int, triples: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < self.total):
            return
        self.last = now
        width = 30
        filled = width * done // self.total
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\rsynth {bar} {done}/{self.total} reports, {triples:,} triples, "
                          f"{now - self.start:.1f} s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def reports_for(triples: int) -> int:
    """How many reports make about ``triples`` triples (at least one)."""
    return max(1, round(triples / TRIPLES_PER_REPORT))


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        raise InputError(f"{out}: exists and is not empty; give a new or empty folder")


def write_corpus(out: Path | str, reports: int, seed: int = 0, progress: bool = False) -> Summary:
    """Write ``reports`` synthetic reports made with ``seed`` to the folder ``out`` (new or empty)."""
    out = Path(out)
    if reports <= 0 or reports > MAX_REPORTS:
        raise InputError(f"--reports must be between 1 and {MAX_REPORTS:,}, got {reports}")
    _check_out(out)
    started = time.monotonic()
    generator = Generator(template_module.load(), seed, reports)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".synth", dir=out.parent))
    except OSError as e:
        raise InputError(f"{out}: cannot write there: {e.strerror}") from None
    bar = Progress(reports, progress)
    entries: list[manifest.Report] = []
    triples = 0
    try:
        (staging / "sources").mkdir()
        template_entry = generator.t.entry
        assert template_entry is not None
        for number in range(1, reports + 1):
            r = generator.report(number)
            (staging / f"{r.id}.ttl").write_text(r.ntriples, encoding="utf-8")
            (staging / "sources" / f"{r.id}.txt").write_bytes(r.text.encode("utf-8"))
            entries.append(manifest.check(manifest.Report(
                id=r.id, title=template_entry.title, source=f"{r.id}.txt", language=template_entry.language,
                title_en=r.title_en, place=r.city.zh, place_code=r.city.code, period=template_entry.period,
                year=template_entry.year, sha256=r.sha256, fictional=True,
                note=f"Synthetic, fictional (zgraph synth, seed {seed}): {r.city.en} paired with {r.partner.en}, "
                     f"made from {template_entry.id}. Describes nothing real.")))
            triples += r.triples
            bar.update(number, triples)
        (staging / "reports.toml").write_text(manifest.format_manifest(entries), encoding="utf-8")
        _check_out(out)
        if out.is_dir():
            out.rmdir()
        os.chmod(staging, 0o755)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        bar.close()
    return Summary(out, reports, triples, time.monotonic() - started)
