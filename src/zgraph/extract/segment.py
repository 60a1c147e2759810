"""Segmenting a report: its title, preamble, directions (一、…), numbered actions (一是 / （一） / 1.) and sentences.

The genre numbers its structure in a few fixed ways. A direction is ``一、heading`` at the start of a line or of a
sentence, ending at the first ``。`` or line break; its ordinals must run 一, 二, 三 … from the first. An action is
``一是 …``, ``（一）…`` or ``1. …`` at the start of a sentence inside a direction, numbered afresh in each
direction. Every offset is a code-point offset into the text (as evidence offsets are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zgraph.extract.numbers import small_numeral

#: Sentence ends (a ``;`` inside a sentence ends a statement, not a sentence).
SENTENCE_END = "。！？!?\n"
STATEMENT_END = SENTENCE_END + "；;"
CLAUSE_END = STATEMENT_END + "，,"
CN_ORDINAL = "[一二三四五六七八九十]{1,3}"
DIRECTION = re.compile(rf"({CN_ORDINAL})、")
ACTION_PATTERNS = (
    ("shi", re.compile(rf"({CN_ORDINAL})是")),
    ("paren", re.compile(rf"[（(]({CN_ORDINAL})[）)]")),
    ("arabic", re.compile(r"(\d{1,2})[.．、](?!\d)")),
)


@dataclass(frozen=True)
class Section:
    """A preamble, direction or action: its ordinal, heading words (the quote) and label, and its extent."""

    kind: str  # "preamble" | "direction" | "action"
    ordinal: int
    heading: str
    label: str
    start: int  # where the heading starts (its quote)
    end: int  # end of the section's extent (the next section of the same or a higher level)
    parent: int | None = None  # index of the direction an action is part of


@dataclass(frozen=True)
class Span:
    """A stretch of text (a sentence, statement or clause) with its offsets."""

    start: int
    end: int
    text: str


@dataclass
class Layout:
    """A segmented report."""

    text: str
    title: Span | None
    sections: list[Section] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    statements: list[Span] = field(default_factory=list)

    def section_at(self, pos: int) -> int | None:
        """Index of the innermost section that holds ``pos``."""
        best: tuple[int, int] | None = None
        for i, s in enumerate(self.sections):
            if s.start <= pos < s.end:
                depth = {"preamble": 0, "direction": 1, "action": 2}[s.kind]
                if best is None or depth >= best[0]:
                    best = (depth, i)
        return best[1] if best else None

    def sentence_at(self, pos: int) -> Span:
        """The sentence that holds ``pos``."""
        for s in self.sentences:
            if s.start <= pos < s.end or (pos == s.end and s.end == len(self.text)):
                return s
        return Span(pos, pos, "")

    def statement_at(self, pos: int) -> Span:
        """The statement (a sentence part up to ``；``) that holds ``pos``."""
        for s in self.statements:
            if s.start <= pos < s.end:
                return s
        return self.sentence_at(pos)

    @property
    def directions(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "direction"]

    @property
    def actions(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "action"]


def spans(text: str, ends: str, start: int = 0, stop: int | None = None) -> list[Span]:
    """The non-empty runs of ``text[start:stop]`` between characters of ``ends`` (leading blanks dropped)."""
    stop = len(text) if stop is None else stop
    out: list[Span] = []
    i = start
    for j in range(start, stop + 1):
        if j == stop or text[j] in ends:
            a = i
            while a < j and text[a] in " \t\u3000":
                a += 1
            if a < j:
                out.append(Span(a, j, text[a:j]))
            i = j + 1
    return out


def _starts(text: str) -> list[int]:
    """Positions where a sentence or line starts."""
    return sorted({0} | {m.end() for m in re.finditer(rf"[{re.escape(SENTENCE_END)}]\s*", text)})


def _heading_end(text: str, start: int) -> int:
    m = re.compile(r"[。\n]").search(text, start)
    return m.start() if m else len(text)


def _title(text: str, title: str | None) -> Span | None:
    if title:
        at = text.find(title)
        if at >= 0:
            return Span(at, at + len(title), title)
    for line in spans(text, "\n"):
        if "。" not in line.text and len(line.text) <= 60 and not DIRECTION.match(line.text):
            return line
        if not line.text.startswith("【"):
            break
    return None


def segment(text: str, title: str | None = None) -> Layout:
    """Segment ``text``; ``title`` is the report's title as printed, when known."""
    layout = Layout(text, _title(text, title))
    starts = _starts(text)
    heads: list[tuple[int, int, int, int]] = []  # (start, heading end, ordinal, marker length)
    want = 1
    for pos in starts:
        m = DIRECTION.match(text, pos)
        if m and small_numeral(m.group(1)) == want:
            heads.append((pos, _heading_end(text, m.end()), want, m.end() - pos))
            want += 1
    sections: list[Section] = []
    body_start = layout.title.end if layout.title else 0
    if heads and heads[0][0] > body_start:
        pre = spans(text, "\n", body_start, heads[0][0])
        if pre:
            first = max(pre, key=lambda s: len(s.text)) if len(pre) > 1 and pre[0].text.startswith("【") else pre[0]
            sections.append(Section("preamble", 0, first.text, "导语", first.start, heads[0][0]))
    for i, (start, hend, ordinal, mlen) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        label = text[start + mlen:hend].strip().rstrip("。")
        sections.append(Section("direction", ordinal, text[start:hend].rstrip("。"), label, start, end))
        d_index = len(sections) - 1
        sections += _actions(text, starts, hend, end, d_index)
    layout.sections = sections
    layout.sentences = spans(text, SENTENCE_END)
    layout.statements = spans(text, STATEMENT_END)
    return layout


def _actions(text: str, starts: list[int], begin: int, end: int, parent: int) -> list[Section]:
    """The numbered actions of the direction whose body runs from ``begin`` to ``end``."""
    found: dict[str, list[tuple[int, int, int, int]]] = {}
    for pos in [begin + 1, *starts]:
        if not begin <= pos < end:
            continue
        for style, pattern in ACTION_PATTERNS:
            m = pattern.match(text, pos)
            if m:
                n = small_numeral(m.group(1)) if style != "arabic" else int(m.group(1))
                found.setdefault(style, []).append((pos, m.end(), n or 0, _heading_end(text, m.end())))
    best: list[tuple[int, int, int, int]] = []
    for items in found.values():
        run: list[tuple[int, int, int, int]] = []
        for item in sorted(items):
            if item[2] == len(run) + 1:
                run.append(item)
        if len(run) > len(best):
            best = run
    out = []
    for i, (pos, body, ordinal, hend) in enumerate(best):
        stop = best[i + 1][0] if i + 1 < len(best) else end
        heading = text[pos:hend].rstrip("。")
        label = text[body:hend].strip().rstrip("。")
        out.append(Section("action", ordinal, heading, label, pos, stop, parent))
    return out
