"""Numbers as the genre prints them: Arabic (65.15, 3-6), Chinese numerals (十五, 三亿五千万, 两, 万) and units.

Chinese numerals are read by cn2an (``cn2an.cn2an(text, "normal")``, which accepts 两 and 〇 as well); cn2an
returns ints and floats, so every value here is kept as a :class:`~decimal.Decimal` made from the printed digits
(Arabic) or from cn2an's integer (Chinese). cn2an refuses a bare magnitude word (万), which is read as one of it.
A numeral that ends in a magnitude word followed by a unit that opens with the same word is split before it when
the rest is a plain count: 十五万平方米 is 十五 + 万平方米, while 三亿五千万元 is 三亿五千万 + 元.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from zgraph.extract.lexicon import CN_DIGITS, Lexicon, Unit

ARABIC = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
NUMBER = re.compile(rf"(?<![0-9０-９.．])({ARABIC})(?:\s*[-~～—至到]\s*({ARABIC}))?|([{CN_DIGITS}]+)")
#: A 4-digit year (and what makes it one: 年, 年度, or a year range).
YEAR = re.compile(r"(19|20)\d\d(?=年|\s*[-~～—至到]\s*(19|20)\d\d)")


def small_numeral(text: str) -> int | None:
    """A small Chinese numeral (一 … 九十九) as an int, else None."""
    try:
        value = cn_value(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() and 0 < value < 100 else None


def cn_value(text: str) -> Decimal:
    """A Chinese numeral as a Decimal (cn2an, normal mode); ValueError when it is not one."""
    import cn2an

    if not text or any(c not in CN_DIGITS for c in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if text[0] in "万亿":
        text = "一" + text  # cn2an refuses a bare magnitude word
    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "normal")
    except (ValueError, KeyError, IndexError) as e:
        raise ValueError(f"not a Chinese numeral: {text!r} ({e})") from None
    return Decimal(str(value))


def arabic_value(text: str) -> Decimal:
    """Printed Arabic digits (full-width allowed) as a Decimal."""
    return Decimal(unicodedata.normalize("NFKC", text))


def parse_value(text: str) -> Decimal:
    """A printed number, Arabic or Chinese, as a Decimal; ValueError when it is neither."""
    text = text.strip()
    try:
        return arabic_value(text)
    except InvalidOperation:
        return cn_value(text)


def canonical(value: Decimal | int | float | str) -> str:
    """A number in its shortest plain form (20.0 → 20, 6.515E+9 → 6515000000)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return text if text != "-0" else "0"


@dataclass(frozen=True)
class Number:
    """A printed number with the unit right after it (None when no known unit follows)."""

    start: int
    end: int  # end of the numeral (the unit follows)
    printed: str
    value: Decimal | None  # None for a range
    low: Decimal | None
    high: Decimal | None
    unit: Unit | None
    chinese: bool

    @property
    def unit_end(self) -> int:
        return self.end + (len(self.unit.printed) if self.unit else 0)


def _split_magnitude(numeral: str, text: str, after: int, lex: Lexicon) -> tuple[str, Unit | None]:
    """The numeral and its unit, moving a trailing 万/亿 into the unit when the rule above says so."""
    unit = lex.unit_at(text, after)
    if len(numeral) > 1 and numeral[-1] in "万亿":
        rest = numeral[:-1]
        joined = lex.unit_at(text, after - 1)
        if joined is not None and joined.printed.startswith(numeral[-1]) and not set(rest) & set("千百万亿"):
            return rest, joined
    return numeral, unit


def scan(text: str, lex: Lexicon, start: int = 0, stop: int | None = None) -> list[Number]:
    """Every number in ``text[start:stop]`` that is not a year, with the unit printed right after it."""
    stop = len(text) if stop is None else stop
    out: list[Number] = []
    for m in NUMBER.finditer(text, start, stop):
        if out and m.start() < out[-1].unit_end:
            continue  # the magnitude word of a unit (亿 of 65.15亿元), not a numeral
        if m.group(3):
            numeral, unit = _split_magnitude(m.group(3), text, m.end(), lex)
            try:
                value = cn_value(numeral)
            except ValueError:
                continue
            out.append(Number(m.start(), m.start() + len(numeral), numeral, value, None, None, unit, True))
            continue
        if YEAR.match(text, m.start()):
            continue
        unit = lex.unit_at(text, m.end())
        if m.group(2):
            if re.fullmatch(r"(19|20)\d\d", m.group(1)) and re.fullmatch(r"(19|20)\d\d", m.group(2)):
                continue  # a span of years
            low, high = arabic_value(m.group(1)), arabic_value(m.group(2))
            out.append(Number(m.start(), m.end(), m.group(0), None, low, high, unit, False))
        else:
            out.append(Number(m.start(), m.end(), m.group(1), arabic_value(m.group(1)), None, None, unit, False))
    return out
