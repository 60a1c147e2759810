"""Figures: every printed quantity as a zg:Observation, with growth, rank, plan, period, flags and its subject.

A number is a figure when a unit follows it (the units vocabulary, or a general measure word). Not figures: years
and year ranges, numbers inside 《titles》, ordinals (一是, 第一 — but 第二档次 is a tier), a lone 一 (一批, 一个项目;
一县一X is a count of one per county), numbers without a unit (1906科技园, 500强), thresholds (投资1亿元以上的工业项目:
kept as the next figure's zg:qualifier) and the rates that qualify another figure:

- ``figure.growth`` — X% after 增长 / 同比增长 (after 下降 / 减少: negative) is the year-on-year growth of the figure
  before it in the statement, or of the next one when none is before (同比增长21.4%，达到52.7亿元); after
  分别增长 the rates go to the figures before, in order.
- ``figure.rank`` — 排名 / 居 / 位居 + 全省/全国/全市 + 第N: the rank (of the growth when 增速 says so) and its scope.
- ``figure.plan`` — (省下达任务N个) is the figure's plan value; 超出年度计划X% its excess over plan.
- flags: 约 (approximate), 将达 / 预计 (estimate), 累计 (cumulative), 超 / 不少于 / 以上 (a floor).
- the period is the report's year, or its quarter where the clause prints N季度.
- the subject is a scope word right before the figure (全省, 全市), else the last platform, park, station, system,
  enclave or document named earlier in the sentence, else the one named last in the same action, else the
  report's place; figures printed in the title are the report's own.
- the indicator is the longest indicator label printed between the previous figure and this one; when none is,
  ``zg:indicatorText`` keeps the words printed before the number for a reviewer to map.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from zgraph.extract.model import Candidate, Context
from zgraph.extract.numbers import Number, canonical, scan, small_numeral
from zgraph.extract.segment import CLAUSE_END, Span
from zgraph.model.namespaces import ZG, ZGV

SUBJECT_CLASSES = (ZG.Platform, ZG.Park, ZG.Zone, ZG.ServiceStation, ZG.ServiceBase, ZG.DigitalSystem,
                   ZG.ReverseEnclave, ZG.PolicyDocument)
UP = ("同比增长", "同比增加", "同比提高", "同比上升", "增长", "增加", "提高", "上升", "增幅")
DOWN = ("同比下降", "同比减少", "下降", "减少", "回落")
RANK = re.compile(r"(增速|增幅)?(?:全省)?(?:排名|排|位居|位列|居)(全省|全国|全市)?第([一二三四五六七八九十]+|\d+)")
PLAN = re.compile(r"[(（][^()（）]{0,8}(?:任务|计划|目标)$")
EXCEEDS = re.compile(r"超出(?:年度)?计划$|超(?:年度)?计划$|超出(?:年度)?目标$")
ACTORS_AFTER_LEVEL = ("财政", "政府", "党委", "部门", "联动")


def _left(ctx: Context, n: Number, st: Span) -> str:
    return ctx.text[st.start:n.start]


def _is_figure(ctx: Context, n: Number) -> bool:
    text = ctx.text
    if n.unit is None or ctx.in_title(n.start):
        return False
    if n.chinese:
        before = text[n.start - 1] if n.start else ""
        if n.printed == "一":
            distributive = n.start >= 2 and text[n.start - 2] == "一" and "\u4e00" <= text[n.start - 1] <= "\u9fff"
            if not distributive:
                return False
        if before == "第" and n.unit.printed not in ("档次",):
            return False
        if n.unit.printed == "级" and text.startswith(ACTORS_AFTER_LEVEL, n.unit_end):
            return False  # 市县两级财政: who pays, not a count
        if text.startswith("是", n.end):
            return False
    return True


def _threshold(ctx: Context, n: Number) -> bool:
    text, end = ctx.text, n.unit_end
    if text.startswith(("以上的", "以下的"), end):
        return True
    if text.startswith("以上", end) and end + 2 < len(text) and text[end + 2] in "项企工农服行":
        return True
    return text.endswith("投资", 0, n.start) and text.startswith("以上", end)


def _flags(ctx: Context, n: Number, clause_start: int) -> dict[URIRef, bool]:
    text = ctx.text
    left = text[clause_start:n.start]
    flags: dict[URIRef, bool] = {}
    if left.endswith("约"):
        flags[ZG.isApproximate] = True
    if re.search(r"将达|预计", left):
        flags[ZG.isEstimate] = True
    if "累计" in left:
        flags[ZG.isCumulative] = True
    if (left.endswith(("超", "超过", "不少于", "不低于", "至少")) or
            (text.startswith("以上", n.unit_end) and not text.startswith("以上的", n.unit_end))):
        flags[ZG.isLowerBound] = True
    return flags


def _clause_start(ctx: Context, pos: int, floor: int) -> int:
    i = pos
    while i > floor and ctx.text[i - 1] not in CLAUSE_END:
        i -= 1
    return i


def _subject(ctx: Context, n: Number, mentions: list[tuple[int, Candidate]], memory: dict[int, URIRef]) -> URIRef:
    text = ctx.text
    title = ctx.layout.title
    if title and title.start <= n.start < title.end:
        return ctx.report_iri
    sentence = ctx.layout.sentence_at(n.start)
    near = text[max(sentence.start, n.start - 4):n.start]
    if "全省" in near:
        prov = next((c for c in ctx.of_kind("places") if ZG.Province in c.classes and "全省" in c.alt), None)
        if prov is not None:
            return prov.iri
    before = [c for pos, c in mentions if sentence.start <= pos < n.start]
    section = ctx.layout.section_at(n.start)
    if before:
        memory[section if section is not None else -1] = before[-1].iri
        return before[-1].iri
    if section is not None and section in memory and "全市" not in near:
        return memory[section]
    city = ctx.find("place", ctx.report.place) if ctx.report.place else None
    return city.iri if city is not None else ctx.report_iri


def _indicator(ctx: Context, window: str) -> tuple[URIRef | None, str]:
    best = None
    for concept in ctx.lex.scheme(ZG.Indicator):
        for label in (concept.zh, concept.zh.removesuffix("项目")):
            if len(label) >= 3 and label in window and (best is None or len(label) > len(best[1])):
                best = (concept.iri, label)
    return (best[0], best[1]) if best else (None, "")


def _period(ctx: Context, clause: str) -> Literal:
    year = ctx.report.year
    q = re.search(r"([1-4一二三四])季度", clause)
    if q and year:
        quarter = q.group(1) if q.group(1).isdigit() else str(small_numeral(q.group(1)))
        return Literal(f"{year}-Q{quarter}")
    return Literal(str(year), datatype=XSD.gYear) if year else Literal("")


def _observations(ctx: Context, st: Span, mentions: list[tuple[int, Candidate]], memory: dict[int, URIRef]) -> None:
    text = ctx.text
    numbers = [n for n in scan(text, ctx.lex, st.start, st.end) if not ctx.in_title(n.start)]
    figures: list[dict] = []
    mods: list[tuple[str, int, int, object]] = []  # (kind, start, end, value)
    qualifier = ""
    for n in numbers:
        if n.unit is None:
            continue
        left = _left(ctx, n, st)
        if n.unit.printed == "%" and n.value is not None:
            if left.endswith("分别增长") or (left.endswith("%和") and mods and mods[-1][0] == "each"):
                mods.append(("each", n.start, n.unit_end, n.value))
                continue
            if left.endswith(UP) or left.endswith(tuple(u + "了" for u in UP)):
                mods.append(("growth", n.start, n.unit_end, n.value))
                continue
            if left.endswith(DOWN):
                mods.append(("growth", n.start, n.unit_end, -n.value))
                continue
            if EXCEEDS.search(left):
                mods.append(("exceeds", n.start, n.unit_end, n.value))
                continue
        if PLAN.search(left) and n.value is not None:
            mods.append(("plan", n.start, text.find("个", n.end) + 1 if False else n.unit_end + 1, n.value))
            continue
        if not _is_figure(ctx, n):
            continue
        if _threshold(ctx, n):
            m = re.compile(r"以上的?[\u4e00-\u9fff]{0,6}?项目|以上的?[\u4e00-\u9fff]{0,4}").match(text, n.unit_end)
            qualifier = text[_clause_start(ctx, n.start, st.start):m.end() if m else n.unit_end]
            continue
        figures.append({"n": n, "qualifier": qualifier})
        qualifier = ""
    for m in RANK.finditer(text, st.start, st.end):
        rank = int(m.group(3)) if m.group(3).isdigit() else small_numeral(m.group(3))
        mods.append(("rank", m.start(), m.end(), (rank, "growth" if m.group(1) else "level", m.group(2) or "全省")))
    for m in re.finditer(r"([0-9]+)\+([0-9]+)", text[st.start:st.end]):
        a = st.start + m.start()
        if not ctx.in_title(a) and not any(f["n"].start == a for f in figures):
            for g, off in ((1, 0), (2, m.start(2) - m.start())):
                v = Decimal(m.group(g))
                figures.append({"n": Number(a + off, a + off + len(m.group(g)), m.group(g), v, None, None, None, False),
                                "qualifier": text[a - 1:st.start + m.end() + 1] if a and text[a - 1] == "“" else
                                m.group(0), "none": True})
    figures.sort(key=lambda f: f["n"].start)
    mods.sort(key=lambda x: x[1])
    for kind, start, end, value in mods:
        before = [f for f in figures if f["n"].start < start]
        after = [f for f in figures if f["n"].start > start]
        if kind == "each":
            continue
        if kind == "growth":
            target = next((f for f in reversed(before) if "growth" not in f), None)
            target = target or next((f for f in after if "growth" not in f), None)
        elif kind == "rank":
            target = next((f for f in reversed(before) if "rank" not in f), None) or (after[0] if after else None)
        else:
            target = before[-1] if before else None
        if target is not None:
            target[kind] = value
            target["end"] = max(target.get("end", 0), end)
    each = [m for m in mods if m[0] == "each"]
    if each:
        open_ = [f for f in figures if f["n"].start < each[0][1] and "growth" not in f][-len(each):]
        for f, (_, _, end, value) in zip(open_, each, strict=False):
            f["growth"], f["end"] = value, max(f.get("end", 0), end)
    previous_end = st.start
    for f in figures:
        fig: Number = f["n"]
        clause = _clause_start(ctx, fig.start, max(st.start, previous_end))
        window = text[clause:fig.start]
        _figure(ctx, f, fig, clause, window, _subject(ctx, fig, mentions, memory))
        previous_end = fig.unit_end


def _figure(ctx: Context, f: dict, n: Number, clause: int, window: str, subject: URIRef) -> None:
    text = ctx.text
    indicator, label = _indicator(ctx, window)
    if indicator is None:
        after = text[n.unit_end:n.unit_end + 12]
        found = [c for c in ctx.lex.scheme(ZG.Indicator) if len(c.zh) >= 3 and after.startswith(c.zh)]
        if found:
            indicator, label = found[0].iri, found[0].zh
    phrase = re.sub(r"^(?:[一二三四五六七八九十]+是|[(（][一二三四五六七八九十]+[)）]|\d+[.．、])", "",
                    text[clause:n.start]).strip(" 　“”\"(（+＋")
    if not phrase or len(phrase) < 2:
        word = re.match(r"[\u4e00-\u9fff]{2,8}", text[n.unit_end:])
        phrase = word.group(0) if word else ""
    unit = n.unit
    printed_unit = unit.printed if unit else ""
    cand = Candidate(ctx.mint("obs"), "figures", [ZG.Observation], f"{label or phrase or '数字'}：{n.printed}"
                     f"{printed_unit}", f"Figure {n.printed} {unit.en if unit and unit.en else printed_unit}".strip(),
                     "figure.value-unit" if not n.chinese else "figure.chinese-numeral",
                     0.9 if unit and unit.concept else 0.6, anchor=n.start)
    if n.chinese:
        cand.confidence = min(cand.confidence, 0.75)
    cand.add(ZG.observedSubject, subject)
    if indicator is not None:
        cand.add(ZG.indicator, indicator)
    else:
        cand.add(ZG.indicatorText, phrase or text[max(0, n.start - 8):n.start])
    cand.add(ZG.refPeriod, _period(ctx, text[clause:n.start]))
    cand.add(ZG.valueAsPrinted, Literal(n.printed))  # the printed characters ("65.15", "八", "3-6")
    if n.value is not None:
        cand.add(ZG.value, Literal(canonical(n.value), datatype=XSD.decimal))
    elif n.low is not None and n.high is not None:
        cand.add(ZG.valueMin, Literal(canonical(n.low), datatype=XSD.decimal))
        cand.add(ZG.valueMax, Literal(canonical(n.high), datatype=XSD.decimal))
    if f.get("none"):
        cand.add(ZG.unitAsPrinted, "").add(ZG.unit, ZGV["unit-none"]).add(ZG.unitMultiplier, 0)
        if n.value is not None:
            cand.add(ZG.normalisedValue, Literal(canonical(n.value), datatype=XSD.decimal))
    else:
        cand.add(ZG.unitAsPrinted, printed_unit)
        if unit and unit.concept is not None:
            cand.add(ZG.unit, unit.concept)
        if unit is not None:
            cand.add(ZG.unitMultiplier, unit.multiplier)
            if n.value is not None:
                cand.add(ZG.normalisedValue, Literal(canonical(n.value.scaleb(unit.multiplier)), datatype=XSD.decimal))
    if "growth" in f:
        cand.add(ZG.yoyGrowthPct, Literal(canonical(f["growth"]), datatype=XSD.decimal))
    if "rank" in f and f["rank"][0]:
        rank, of, scope = f["rank"]
        cand.add(ZG.rank, int(rank)).add(ZG.rankOf, of)
        scope_node = _scope(ctx, scope)
        if scope_node is not None:
            cand.add(ZG.rankScope, scope_node)
    if "plan" in f:
        cand.add(ZG.planValue, Literal(canonical(f["plan"]), datatype=XSD.decimal))
    if "exceeds" in f:
        cand.add(ZG.exceedsPlanPct, Literal(canonical(f["exceeds"]), datatype=XSD.decimal))
    for flag, value in _flags(ctx, n, clause).items():
        cand.add(flag, value)
    if f.get("qualifier"):
        cand.add(ZG.qualifier, f["qualifier"])
    end = max(n.unit_end, f.get("end", 0))
    close = text.find("）" if "（" in text[n.unit_end:end] else ")", n.unit_end, end + 2) if "plan" in f else -1
    cand.quote(ctx.unique_quote(clause, max(end, close + 1)))
    ctx.add(cand)


def _scope(ctx: Context, word: str) -> URIRef | None:
    if word == "全国":
        c = ctx.find("place", "全国")
    elif word == "全市":
        c = ctx.find("place", ctx.report.place) if ctx.report.place else None
    else:
        c = next((p for p in ctx.of_kind("places") if ZG.Province in p.classes and "全省" in p.alt), None)
    return c.iri if c is not None else None


def extract_figures(ctx: Context) -> None:
    """Draft an observation for every figure of the text."""
    mentions: list[tuple[int, Candidate]] = []
    for c in ctx.candidates.values():
        if set(c.classes) & set(SUBJECT_CLASSES):
            for name in {c.zh, *c.alt}:
                if len(name) >= 2:
                    mentions += [(m.start(), c) for m in re.finditer(re.escape(name), ctx.text)]
    mentions.sort(key=lambda x: x[0])
    memory: dict[int, URIRef] = {}
    for st in ctx.layout.statements:
        _observations(ctx, st, mentions, memory)
