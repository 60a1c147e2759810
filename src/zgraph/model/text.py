"""Plain-text and Markdown tables whose columns line up with Chinese text in a terminal."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence


def width(text: str) -> int:
    """Display width in a terminal: wide and full-width (CJK) characters take two columns, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def pad(text: str, size: int) -> str:
    """``text`` padded with spaces to ``size`` display columns."""
    return text + " " * (size - width(text))


def cell(value: object, markdown: bool = False) -> str:
    """A value as one table cell: lists joined by commas, whitespace collapsed; escaped for Markdown."""
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    text = " ".join(text.split())
    return html.escape(text, quote=False).replace("|", "\\|") if markdown else text


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], markdown: bool = False,
          clean: bool = True) -> str:
    """A Markdown table, or a plain-text table aligned for East Asian wide characters (no trailing newline).

    ``clean=False`` keeps the cells' text exactly as given (they must be strings without line breaks).
    """
    body = [[cell(c, markdown) if clean else str(c) for c in row] for row in rows]
    head = [cell(h, markdown) if clean else str(h) for h in headers]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])
    widths = [max([width(h)] + [width(r[i]) for r in body]) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in body])


def counted_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table followed by its row count, as `zgraph query` prints it."""
    n = len(rows)
    return table(headers, rows, clean=False) + f"\n({n} row{'' if n == 1 else 's'})\n"
