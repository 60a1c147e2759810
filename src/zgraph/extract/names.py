"""Finding the extent of a name in running text: where a name that ends in a known suffix begins.

Chinese prints no spaces, so a name such as 市某某局 or 某某领导小组 is found from its ending back
to the nearest boundary: punctuation, the particle 的, or one of the genre's verbs and prepositions that open a
noun phrase (成立, 由, 建立健全, 通过, 组建 …). Nothing here knows a name; it only knows where names stop.
"""

from __future__ import annotations

import re

#: Characters no name runs across.
PUNCT = set("，,。；;：:、（）()《》“”\"‘’!！?？\n \t\u3000【】[]…+＋")
CLOSE = {")": "(", "）": "（"}
#: Verbs that open the noun phrase of a name wherever they stand before it (the last one wins).
VERBS = sorted(("成立", "建立健全", "建立", "健全", "组建", "设立", "通过", "增补", "调整为", "指定", "委托", "依托",
                "联合", "围绕", "对接", "拜访", "引进", "设在", "担任", "其中", "包括", "新培育", "培育", "带动",
                "印发", "出台", "制定", "聘请", "发挥", "举办", "推行", "实行", "打造", "建成", "牵头", "作为",
                "链主企业", "等地", "多个", "使用", "上线", "遴选为", "评为", "列为", "确定为", "认定为"),
               key=len, reverse=True)
#: One-character words that open a name only at its very start (由某某领导 → 某某领导).
LEADING = set("由以为与和及并在是任将对向把同")


def name_start(text: str, end: int, limit: int = 24, floor: int = 0, cuts: str = "的等") -> int:
    """Where the name ending at ``end`` begins: after the nearest punctuation, 的 or verb, at most ``limit`` back.

    A bracketed part inside a name (某某(甲市)融资担保股份公司) is kept; ``cuts`` are characters after the
    last of which the name starts (的, 等; 与 and 和 as well for companies).
    """
    start = end
    lowest = max(floor, end - limit)
    while start > lowest:
        c = text[start - 1]
        if c in CLOSE:
            opened = text.rfind(CLOSE[c], lowest, start - 1)
            if opened <= lowest or text[opened - 1] in PUNCT:
                break
            start = opened
            continue
        if c in PUNCT:
            break
        start -= 1
    run = start
    for ch in cuts:
        cut = text.rfind(ch, run, end)
        if cut >= 0:
            start = max(start, cut + 1)
    for word in VERBS:
        at = text.rfind(word, run, end)
        if at >= 0 and at + len(word) < end:
            start = max(start, at + len(word))
    while start < end - 1 and text[start] in LEADING:
        start += 1
    return start


def find_names(text: str, suffix: str, limit: int = 24, start: int = 0, stop: int | None = None,
               min_length: int = 2, cuts: str = "的等") -> list[tuple[int, int, str]]:
    """Every name ending in ``suffix`` in ``text[start:stop]``: (start, end, name), the name longer than the suffix."""
    stop = len(text) if stop is None else stop
    out = []
    for m in re.finditer(re.escape(suffix), text[:stop]):
        if m.start() < start:
            continue
        a = name_start(text, m.end(), limit, start, cuts)
        name = text[a:m.end()]
        if len(name) - len(suffix) >= min_length - len(suffix) and len(name) >= min_length:
            out.append((a, m.end(), name))
    return out


def split_list(phrase: str) -> list[str]:
    """The items of a list printed with 、 (and a final 和/及 when the items are short names)."""
    return [p for p in phrase.split("、") if p]
