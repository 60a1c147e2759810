"""Places: divisions of the gazetteer (with GB/T 2260 codes), their short forms, regions, countries, towns, buildings.

Rules, each with its confidence:

- ``place.gazetteer`` — a division's full name (three characters or more) as printed; where several divisions share
  a name, the one whose province or city the report also names (else the report's own province) is meant.
- ``place.short-name`` — the short form of a province, prefecture or SAR (甲 for 甲市), read only where the full
  name is printed too, or the division lies in the report's province, or it is a province or SAR.
- ``place.scope-word`` — 全省 is the report's province, 全国 the country.
- ``place.region`` / ``place.country`` — an economic region of the lexicon; a country (CLDR names) in a list that
  ends in 等国家 / 等国.
- ``place.town`` / ``place.building`` — a 镇/乡/街道 printed right after a county, a 大楼/大厦 right after a town.
- ``place.by-suffix`` — a name of two characters plus 市/县/区 that the gazetteer lacks, where a rule about
  pairings or enclaves reads it as a place (or the manifest names it): drafted without a code, low confidence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS

from zgraph.extract.lexicon import REGIONS, WEAK_ALIASES, countries, division_stems
from zgraph.extract.model import Candidate, Context
from zgraph.model import gazetteer
from zgraph.model.namespaces import SCHEMA, ZG, ZGI

#: The background source of the division codes a draft gives (the gazetteer's table).
CODES_SOURCE = ZGI["src-cpca-adcodes"]
GROUP = "place"
PLACE_CLASSES = (ZG.Province, ZG.PrefectureCity, ZG.CountyLevelUnit, ZG.Town, ZG.SpecialAdministrativeRegion,
                 ZG.Country, ZG.Region, ZG.Building, ZG.Place, ZG.AdministrativeUnit)
CLASS_EN = {ZG.Province: "Province", ZG.PrefectureCity: "Prefecture-level city",
            ZG.CountyLevelUnit: "County-level unit",
            ZG.SpecialAdministrativeRegion: "Special administrative region", ZG.Town: "Town", ZG.Building: "Building",
            ZG.Country: "Country", ZG.Region: "Region"}
#: Characters that cannot end the stem of a county-like name (园区, 片区, 湾区 are not places).
NOT_STEM_END = set("园片湾社城景郊辖发范验贸税校营区县市新老全本各两三该此")
NOT_STEM_CHAR = set("为在与和的了是及对把被向从等由将于并或其每各个所")
SUFFIX_NAME = re.compile(r"[\u4e00-\u9fff]{2}(?:市|县|区)")


def support_nodes() -> list[Candidate]:
    """The background source the drafted codes cite (written with any accepted place that cites it)."""
    src = Candidate(CODES_SOURCE, "support", [ZG.BackgroundSource], "cpca 行政区划代码表（adcodes.csv）",
                    "cpca administrative division table (adcodes.csv)", "support", 1.0)
    src.add(RDFS.comment, Literal(f"Division codes drafted by `zgraph extract` from {gazetteer.SOURCE}.", lang="en"))
    return [src]


def _class_of(d: gazetteer.Division) -> URIRef:
    if d.code[:2] in ("81", "82"):
        return ZG.SpecialAdministrativeRegion
    return {"province": ZG.Province, "prefecture": ZG.PrefectureCity, "county": ZG.CountyLevelUnit}[d.level]


def division(ctx: Context, d: gazetteer.Division, start: int, end: int, rule: str, confidence: float,
             printed: str) -> Candidate:
    """The candidate of a gazetteer division (one per code), with a quote of this mention."""
    known = ctx.index.code(d.code)

    def make() -> Candidate:
        cls = _class_of(d)
        c = Candidate(ZGI[f"place-{d.code}"], "places", [cls], d.name, f"{CLASS_EN[cls]} {d.code} ({d.name})", rule,
                      confidence, anchor=start)
        c.add(ZG.divisionCode, d.code).add(PROV.wasDerivedFrom, CODES_SOURCE)
        if printed != d.name:
            c.alt.append(printed)
        return c

    cand = ctx.entity(GROUP, d.name, make, known)
    if printed != cand.zh and printed not in cand.alt:
        cand.alt.append(printed)
        ctx.by_name.setdefault((GROUP, printed), cand.iri)
    cand.confidence = max(cand.confidence, confidence)
    cand.quote(ctx.unique_quote(start, end))
    return cand


def named_place(ctx: Context, name: str, start: int, cls: URIRef = ZG.CountyLevelUnit, rule: str = "place.by-suffix",
                confidence: float = 0.5) -> Candidate:
    """The place called ``name``: a gazetteer division when there is one, else a place without a code."""
    found = ctx.find(GROUP, name)
    if found is not None:
        found.quote(ctx.unique_quote(start, start + len(name)))
        return found
    d = pick(ctx, gazetteer.by_name(name))
    if d is not None:
        return division(ctx, d, start, start + len(name), "place.gazetteer", 0.95, name)
    known = ctx.index.named(name, PLACE_CLASSES)

    def make() -> Candidate:
        c = Candidate(ctx.mint("place"), "places", [cls], name, f"{CLASS_EN.get(cls, 'Place')} ({name})", rule,
                      confidence, anchor=start)
        if name == ctx.report.place and len(name) > 2 and name[-1] in "市县区":
            c.alt.append(name[:-1])
        if ctx.report.fictional:
            c.add(ZG.fictional, True)  # a fictional report's places the gazetteer lacks are its inventions
        return c

    cand = ctx.entity(GROUP, name, make, known)
    cand.quote(ctx.unique_quote(start, start + len(name)))
    return cand


def pick(ctx: Context, found: list[gazetteer.Division]) -> gazetteer.Division | None:
    """The division meant among those sharing a name: the one whose province or city the text names."""
    if len(found) <= 1:
        return found[0] if found else None
    text = ctx.text
    for d in found:
        parent = gazetteer.by_code(d.parent_code or "")
        if parent is not None and (parent.name in text or parent.name[:-1] in text):
            return d
    home = ctx.report.province_code or ctx.report.place_code[:2]
    same = [d for d in found if d.code[:2] == home]
    return same[0] if len(same) == 1 else None


def _scan_gazetteer(ctx: Context) -> None:
    text, taken = ctx.text, [False] * len(ctx.text)
    for name in gazetteer.names():
        if len(name) < 3:
            continue
        at = text.find(name)
        while at >= 0:
            if not any(taken[at:at + len(name)]):
                d = pick(ctx, gazetteer.by_name(name))
                if d is not None:
                    division(ctx, d, at, at + len(name), "place.gazetteer", 0.95, name)
                    for i in range(at, at + len(name)):
                        taken[i] = True
            at = text.find(name, at + 1)
    home = ctx.report.province_code
    for stem, divs in division_stems().items():
        at = text.find(stem)
        while at >= 0:
            if not any(taken[at:at + len(stem)]):
                d = divs[0] if len(divs) == 1 else min(divs, key=lambda x: x.level != "province")
                if d.name in text or d.level == "province" or d.code[:2] in (home, "81", "82"):
                    division(ctx, d, at, at + len(stem), "place.short-name", 0.85, stem)
                    for i in range(at, at + len(stem)):
                        taken[i] = True
            at = text.find(stem, at + 1)


def _scope_words(ctx: Context) -> None:
    text = ctx.text
    province = gazetteer.by_code(ctx.report.province_code + "0000") if ctx.report.province_code else None
    for m in re.finditer(r"全省|省委|省政府", text):
        if province is not None and not ctx.in_title(m.start()):
            cand = division(ctx, province, m.start(), m.end(), "place.scope-word", 0.8, m.group(0) if
                            m.group(0) == "全省" else province.name)
            if m.group(0) == "全省" and "全省" not in cand.alt:
                cand.alt.append("全省")
    for m in re.finditer(r"全国", text):
        known = ctx.index.named("全国", (ZG.Country,)) or ctx.index.named("中国", (ZG.Country,))

        def make(start: int = m.start()) -> Candidate:
            c = Candidate(ZGI["place-china"], "places", [ZG.Country], "全国", "China (nationwide)", "place.scope-word",
                          0.8, anchor=start)
            c.alt += ["中国", "中华人民共和国"]
            return c

        ctx.entity(GROUP, "全国", make, known).quote(ctx.unique_quote(m.start(), m.end() + 2))


def _regions(ctx: Context) -> None:
    text, taken = ctx.text, [False] * len(ctx.text)
    forms = sorted(((printed, name, aliases) for name, aliases in REGIONS.items() for printed in (name, *aliases)
                    if printed not in WEAK_ALIASES), key=lambda f: -len(f[0]))
    for printed, name, aliases in forms:
        for m in re.finditer(re.escape(printed), text):
            if any(taken[m.start():m.end()]):
                continue  # an alias inside a longer name already read
            for i in range(m.start(), m.end()):
                taken[i] = True
            known = ctx.index.named(name, (ZG.Region,))

            def make(start: int = m.start(), name: str = name, aliases: tuple[str, ...] = aliases) -> Candidate:
                c = Candidate(ctx.mint("place"), "places", [ZG.Region], name, f"Region ({name})", "place.region",
                              0.85, anchor=start)
                c.alt += [a for a in aliases if a not in WEAK_ALIASES]
                return c

            ctx.entity(GROUP, name, make, known).quote(ctx.unique_quote(m.start(), m.end()))


def _countries(ctx: Context) -> None:
    text, names = ctx.text, countries()
    for m in re.finditer(r"((?:[\u4e00-\u9fff]{2,8}、)*[\u4e00-\u9fff]{2,8})等(?:国家|国)", text):
        for i, part in enumerate(m.group(1).split("、")):
            at = m.start(1) + sum(len(p) + 1 for p in m.group(1).split("、")[:i])
            for name in sorted(names, key=len, reverse=True):
                if part.endswith(name):
                    s = at + len(part) - len(name)
                    known = ctx.index.named(name, (ZG.Country,))

                    def make(start: int = s, name: str = name) -> Candidate:
                        return Candidate(ctx.mint("place"), "places", [ZG.Country], name,
                                         f"Country ({names[name]})", "place.country", 0.85, anchor=start)

                    ctx.entity(GROUP, name, make, known).quote(ctx.unique_quote(s, s + len(name)))
                    break


def _towns(ctx: Context) -> None:
    text = ctx.text
    for county in [c for c in ctx.of_kind("places") if ZG.CountyLevelUnit in c.classes]:
        for name in {county.zh, *county.alt}:
            for m in re.finditer(re.escape(name) + r"([\u4e00-\u9fff]{2,3}?(?:镇|乡|街道))", text):
                town_name = m.group(1)

                def make(start: int = m.start(1), town_name: str = town_name, county: Candidate = county) -> Candidate:
                    c = Candidate(ctx.mint("place"), "places", [ZG.Town], town_name, f"Town ({town_name})",
                                  "place.town", 0.75, anchor=start)
                    c.add(SCHEMA.containedInPlace, county.iri)
                    return c

                town = ctx.entity(GROUP, town_name, make)
                town.quote(ctx.unique_quote(m.start(), m.end()))
                b = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:大楼|大厦))").match(text, m.end())
                if b:
                    def make_b(start: int = b.start(), name: str = b.group(1), town: Candidate = town) -> Candidate:
                        c = Candidate(ctx.mint("place"), "places", [ZG.Building], name, f"Building ({name})",
                                      "place.building", 0.7, anchor=start)
                        c.add(SCHEMA.containedInPlace, town.iri)
                        return c

                    ctx.entity(GROUP, b.group(1), make_b).quote(ctx.unique_quote(m.start(), b.end()))


def county_like(name: str) -> bool:
    """True for a name shaped like a county-level unit the gazetteer may lack (two characters + 市/县/区)."""
    if not SUFFIX_NAME.fullmatch(name):
        return False
    return name[1] not in NOT_STEM_END and not set(name[:2]) & NOT_STEM_CHAR


def containment(ctx: Context) -> None:
    """schema:containedInPlace between drafted divisions, from their codes (only where both are drafted)."""
    by_code = {str(c.values(ZG.divisionCode)[0]): c for c in ctx.of_kind("places") if c.values(ZG.divisionCode)}
    for code, cand in by_code.items():
        d = gazetteer.by_code(code)
        parent = by_code.get(d.parent_code or "") if d else None
        if parent is None and d is not None and d.level == "county":
            parent = by_code.get(code[:2] + "0000")
        if parent is not None and not cand.values(SCHEMA.containedInPlace):
            cand.add(SCHEMA.containedInPlace, parent.iri)
    home = ctx.find(GROUP, ctx.report.place) if ctx.report.place else None
    province = by_code.get(ctx.report.province_code + "0000") if ctx.report.province_code else None
    if home is not None and province is not None and not home.values(SCHEMA.containedInPlace) and home is not province:
        home.add(SCHEMA.containedInPlace, province.iri)
    if home is not None:
        for cand in ctx.of_kind("places"):
            if cand.rule == "place.by-suffix" and cand is not home and not cand.values(SCHEMA.containedInPlace):
                cand.add(SCHEMA.containedInPlace, home.iri)


def home_province(ctx: Context) -> str:
    """The report's province code (two digits): its place's, else the province most of its named divisions are in."""
    if ctx.report.place_code:
        return ctx.report.place_code[:2]
    counts: dict[str, int] = {}
    for name in gazetteer.names():
        if len(name) >= 3 and name in ctx.text:
            found = gazetteer.by_name(name)
            if len(found) == 1:
                counts[found[0].code[:2]] = counts.get(found[0].code[:2], 0) + ctx.text.count(name)
    return max(sorted(counts), key=lambda c: counts[c]) if counts else ""


def extract_places(ctx: Context) -> None:
    """Draft the places the text names (the pairing and enclave rules add the places they read by suffix)."""
    if not ctx.report.province_code:
        ctx.report = replace(ctx.report, province_code=home_province(ctx))
    if ctx.report.place and not gazetteer.by_name(ctx.report.place):
        at = ctx.text.find(ctx.report.place)
        if at >= 0:
            named_place(ctx, ctx.report.place, at, ZG.PrefectureCity if ctx.report.place.endswith("市")
                        else ZG.CountyLevelUnit, "place.manifest", 0.7)
    _scan_gazetteer(ctx)
    _scope_words(ctx)
    _regions(ctx)
    _countries(ctx)
    _towns(ctx)
    _located_names(ctx)


def _located_names(ctx: Context) -> None:
    """Places the gazetteer lacks where the text says something is located in or settles in them (位于X区)."""
    for m in re.finditer(r"(?:位于|落户|坐落于)([\u4e00-\u9fff]{2}(?:市|县|区))", ctx.text):
        if county_like(m.group(1)) and not gazetteer.by_name(m.group(1)):
            named_place(ctx, m.group(1), m.start(1))


def mentions(ctx: Context) -> None:
    """A quote of every later mention of the places drafted by suffix (落户甲市 as well as 甲市在…)."""
    for cand in ctx.of_kind("places"):
        if cand.rule in ("place.by-suffix", "place.manifest"):
            for name in {cand.zh, *cand.alt}:
                for m in re.finditer(re.escape(name), ctx.text):
                    if len(cand.quotes) >= 6:
                        break
                    cand.quote(ctx.unique_quote(m.start(), m.end()))


def is_place(cand: Candidate) -> bool:
    """True when the candidate is a place."""
    return any(c in PLACE_CLASSES for c in cand.classes)
