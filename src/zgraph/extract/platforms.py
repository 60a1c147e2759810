"""Platforms, parks, zones, service stations and bases, digital systems: the carriers of transfer.

Rules (``platform.*``), each a name found back from its ending to the nearest boundary:

- ``platform.main`` — a name ending in 主平台 (the bare word is the same platform when only one is named; a count
  such as 五个…主平台 is a class, not a platform).
- ``platform.park`` — a name ending in 合作园, 产业园 or 工业园 (及延伸区 kept), not one a project list names.
- ``platform.zone`` — a name ending in 高新区, 开发区, 试验区, 示范区 or 保税区.
- ``platform.station`` — a name ending in 服务站 (首个 set aside; a longer name ending in a drafted one is the
  same station).
- ``platform.base`` — a name ending in 服务基地; ``platform.system`` — a name ending in 系统 (with its version).
The bare words 合作园 / 合作园区 / 主平台 name the one park or platform already drafted. ``zg:locatedIn`` is read
from 在X设立 and 位于X.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from zgraph.extract.model import Candidate, Context, norm
from zgraph.extract.names import find_names
from zgraph.model.namespaces import ZG

GROUP = "platform"
SPECS = ((ZG.Platform, ("主平台",), "platform.main"), (ZG.Park, ("合作园", "产业园", "工业园"), "platform.park"),
         (ZG.Zone, ("高新区", "开发区", "试验区", "示范区", "保税区"), "platform.zone"),
         (ZG.ServiceStation, ("服务站",), "platform.station"), (ZG.ServiceBase, ("服务基地",), "platform.base"),
         (ZG.DigitalSystem, ("系统",), "platform.system"))
EN = {ZG.Platform: "Platform", ZG.Park: "Park", ZG.Zone: "Zone", ZG.ServiceStation: "Service station",
      ZG.ServiceBase: "Service base", ZG.DigitalSystem: "Digital system"}
LEADING_WORDS = ("首个", "多个", "各个", "一批", "全市", "共建", "没有")
BARE = {"主平台", "合作园", "合作园区", "产业园", "工业园", "服务站", "系统", "平台"}


def _clean(name: str) -> str:
    for word in LEADING_WORDS:
        if name.startswith(word) and len(name) > len(word) + 2:
            name = name[len(word):]
    return name


def _place_start(ctx: Context, start: int, end: int) -> int:
    """Where a platform's name starts: at the first place it names (甲市-乙市…合作园, 市…主平台), or right
    after 的 / 多个 / 所在的; -1 when neither (统筹推进合作园 names no platform, it mentions one)."""
    text = ctx.text
    if text[start] == "市":
        return start
    names = sorted({n for c in ctx.of_kind("places") for n in (c.zh, *c.alt, c.zh[:-1] if len(c.zh) > 2 else c.zh)
                    if len(n) >= 2}, key=len, reverse=True)
    best = -1
    for n in names:
        at = text.find(n, start, end)
        if at >= 0 and (best < 0 or at < best):
            best = at
    if best < 0 and text[max(0, start - 2):start].endswith(("多个", "的", "首个")):
        return start
    return best


def _taken(ctx: Context, name: str) -> bool:
    """True when another rule already drafted the name (an enclave component, a project)."""
    return any(norm(name) in norm(n) for c in ctx.candidates.values() if c.kind in ("enclaves", "projects")
               for n in (c.zh, *c.alt))


def extract_platforms(ctx: Context) -> None:
    """Draft the platforms, parks, zones, stations, bases and systems the text names."""
    text = ctx.text
    for cls, suffixes, rule in SPECS:
        for suffix in suffixes:
            for start, end, name in find_names(text, suffix, limit=30):
                if ctx.in_title(start) or re.search(r"[一二三四五六七八九十\d]个", text[max(0, start - 4):start + 2]):
                    continue
                if cls == ZG.DigitalSystem:
                    version = re.compile(r"\d+(?:\.\d+)?版").match(text, end)
                    end = version.end() if version else end
                if cls == ZG.Park:
                    extension = re.compile(r"及[\u4e00-\u9fff]{1,4}区").match(text, end)
                    end = extension.end() if extension else end
                if cls in (ZG.Platform, ZG.Park):
                    start = _place_start(ctx, start, end)
                    if start < 0:
                        continue
                raw = text[start:end]
                name = _clean(raw)
                start += len(raw) - len(name)
                if name in BARE or len(name) < 4 or _taken(ctx, name) or "+" in name or \
                        re.search(r"[一二三四五六七八九十\d]个", name):
                    continue
                short = next((c for c in ctx.candidates.values() if cls in c.classes and len(c.zh) >= 4 and
                              (name.endswith(c.zh) or c.zh.endswith(name))), None)
                if short is not None:
                    if name != short.zh and name not in short.alt:
                        short.alt.append(name)
                    short.quote(ctx.unique_quote(start, end))
                    continue
                known = ctx.index.named(name, (cls,))

                def make(start: int = start, name: str = name, cls: URIRef = cls, rule: str = rule,
                         raw: str = raw) -> Candidate:
                    c = Candidate(ctx.mint(GROUP), "platforms", [cls], name, f"{EN[cls]} ({name})", rule, 0.75,
                                  anchor=start)
                    if raw != name:
                        c.alt.append(raw)
                    return c

                ctx.entity(GROUP, name, make, known).quote(ctx.unique_quote(start, end))
    _bare_names(ctx)
    _located(ctx)


def _bare_names(ctx: Context) -> None:
    """合作园, 合作园区, 主平台: aliases of the one park or platform of that kind."""
    for cls, words in ((ZG.Platform, ("主平台",)), (ZG.Park, ("合作园", "合作园区"))):
        same = [c for c in ctx.of_kind("platforms") if cls in c.classes and any(w in c.zh for w in words)]
        if len(same) == 1:
            for word in words:
                if word in ctx.text and word != same[0].zh and word not in same[0].alt:
                    same[0].alt.append(word)
                    ctx.by_name.setdefault((GROUP, norm(word)), same[0].iri)


def _located(ctx: Context) -> None:
    text = ctx.text
    for cand in ctx.of_kind("platforms"):
        for name in {cand.zh, *cand.alt}:
            pattern = rf"在([^，,。；;]{{2,20}}?)设立{re.escape(name)}|{re.escape(name)}位于([^，,。；;]{{2,12}})"
            for m in re.finditer(pattern, text):
                where = m.group(1) or m.group(2)
                target = next((c for c in ctx.candidates.values() if c is not cand and c.kind in ("places", "platforms")
                               and any(n and n in where for n in {c.zh, *c.alt} if len(n) >= 2)), None)
                if target is not None:
                    cand.add(ZG.locatedIn, target.iri)
                    cand.quote(ctx.unique_quote(m.start(), m.end()))
