"""A progress line on stderr for long jobs (loading, generating), shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int, label: str, *, show: bool | None = None,
             stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items`` while drawing ``label  k/total  rate`` on one stderr line (when a TTY, or ``show=True``)."""
    out = stream or sys.stderr
    if show is None:
        show = out.isatty()
    if not show:
        yield from items
        return
    start = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        elapsed = time.monotonic() - start
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else ""
        width = 24
        filled = width * done // max(total, 1)
        out.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate}  ")
        out.flush()
    out.write("\n")
    out.flush()
