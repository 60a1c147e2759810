"""Enterprises, agencies and associations; chain leaders; investment projects with their chains and methods.

Rules:

- ``industry.chain-leader`` — ``CHAIN产业链链主企业NAME`` (chains from the vocabulary) is a stated designation of
  NAME for CHAIN; ``A、B、C等(龙头)链主企业`` designates each without a chain.
- ``industry.organised-around`` — ``CHAIN方面,围绕A、B开展X`` is the initiative X of CHAIN, ``zg:organisedAround``
  A and B (with the attraction method X names): what the build's rule ``chain-leader-from-attraction`` reads to give
  a chain leader its chain (the draft does not draft that inference).
- ``industry.enterprise-list`` — the items of ``与A、B等企业开展…`` and ``对接A、B等一批…项目`` are enterprises;
  ``委托A、B等…机构`` and ``委托X对接`` name intermediary agencies; each is engaged via the attraction method the
  sentence names. Enterprises the agencies of a sentence only contacted (对接) are ``zg:contactedThrough`` them;
  those the sentence says were brought in (引进) through them, ``zg:introducedBy``.
- ``industry.org-suffix`` — other names ending in 集团 / 公司 / 商会 / 交易所 (a company that 负责开发建设 or is
  指定…作为…开发公司 is a platform company; a name with 银行, 保险, 担保, 金融 … a financial institution).
- ``industry.project-list`` — the items of ``(引进)A、B、C等…项目``; ``industry.project`` — ``引进X项目落户/落地``,
  ``带动X项目``, ``的X项目二期``. A project is in the chain of the ``CHAIN方面`` clause it is printed in and
  attracted by the attraction methods that sentence names; ``落户/落地 PLACE`` is where it is located.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from zgraph.extract.lexicon import FINANCE_WORDS
from zgraph.extract.model import Candidate, Context, norm
from zgraph.extract.names import find_names
from zgraph.model.namespaces import ZG, ZGV

GROUP = "org"
ITEM = r"[^，,。；;、“”]{2,24}?"
LIST = rf"((?:{ITEM}、)*{ITEM})"
#: Words that open a vague mention of projects, not a project's name (上下游配套项目, 一批优质项目).
VAGUE = ("上下游", "一批", "多个", "优质", "龙头", "重点", "配套", "招商", "在建", "新开工", "签约", "新引进")
EN = {ZG.Enterprise: "Enterprise", ZG.PlatformCompany: "Platform company", ZG.FinancialInstitution:
      "Financial institution", ZG.IntermediaryAgency: "Intermediary agency", ZG.BusinessAssociation:
      "Business association"}


def organisation(ctx: Context, name: str, start: int, cls: URIRef, rule: str, confidence: float = 0.75) -> Candidate:
    """The enterprise, agency or association called ``name`` (one per name)."""
    if cls == ZG.Enterprise and any(w in name for w in FINANCE_WORDS):
        cls = ZG.FinancialInstitution
    known = ctx.index.named(name, (ZG.Enterprise, ZG.PlatformCompany, ZG.FinancialInstitution, ZG.IntermediaryAgency,
                                   ZG.BusinessAssociation))

    def make() -> Candidate:
        return Candidate(ctx.mint(GROUP), "enterprises", [cls], name, f"{EN[cls]} ({name})", rule, confidence,
                         anchor=start)

    cand = ctx.entity(GROUP, name, make, known)
    if cls in (ZG.PlatformCompany, ZG.IntermediaryAgency, ZG.FinancialInstitution) and ZG.Enterprise in cand.classes \
            and not cand.reused:
        cand.classes = [cls]
    cand.quote(ctx.unique_quote(start, start + len(name)))
    return cand


def _methods(ctx: Context, words: str) -> list[URIRef]:
    return [c.iri for c in ctx.lex.scheme(ZG.AttractionMethod) if c.zh.strip("“”") in words]


def _chain_at(ctx: Context, text: str) -> URIRef | None:
    """The chain of the last ``CHAIN方面`` (else ``CHAIN产业链``) printed in ``text``."""
    for marker in ("方面", "产业链"):
        best = None
        for c in ctx.lex.scheme(ZG.IndustryChain):
            at = text.rfind(c.zh + marker)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, c.iri)
        if best:
            return best[1]
    return None


def _items(phrase: str, at: int) -> list[tuple[str, int]]:
    out, pos = [], at
    for item in phrase.split("、"):
        out.append((item, pos))
        pos += len(item) + 1
    return out


def _designations(ctx: Context) -> None:
    text = ctx.text
    chains = "|".join(re.escape(c.zh) for c in ctx.lex.scheme(ZG.IndustryChain))
    for m in re.finditer(rf"({chains})产业链链主企业([^，,。；;、为的]{{2,20}}?(?:集团|公司|企业))", text):
        chain = next(c for c in ctx.lex.scheme(ZG.IndustryChain) if c.zh == m.group(1))
        org = organisation(ctx, m.group(2), m.start(2), ZG.Enterprise, "industry.chain-leader", 0.85)
        _designation(ctx, org, chain.iri, m.start(), m.end(), "basis-stated")
    for m in re.finditer(rf"{LIST}等(?:龙头)?链主企业", text):
        for name, at in _items(m.group(1), m.start(1)):
            name = re.sub(r"^(?:以及|及|和|与)", "", name)
            at = text.find(name, at)
            org = organisation(ctx, name, at, ZG.Enterprise, "industry.chain-leader", 0.8)
            _designation(ctx, org, None, m.start(1), m.end(), "basis-stated")
    for m in re.finditer(rf"({chains})方面[,，]围绕{LIST}开展([^，,。；;]{{2,16}})", text):
        chain = next(c for c in ctx.lex.scheme(ZG.IndustryChain) if c.zh == m.group(1))
        orgs = [o for o in (ctx.find(GROUP, name) for name, _at in _items(m.group(2), m.start(2))) if o is not None]
        if orgs:
            _organised_around(ctx, chain.iri, orgs, m)


def _organised_around(ctx: Context, chain: URIRef, orgs: list[Candidate], m: re.Match) -> None:
    """``CHAIN方面,围绕A、B开展X``: the initiative X of the chain, organised around (zg:organisedAround) A and B.
    Where A or B is a chain leader whose chain the report does not name, the build's rule
    ``chain-leader-from-attraction`` infers it from this (the draft leaves that to the build)."""
    name = m.group(3)
    cand = Candidate(ctx.mint("init"), "projects", [ZG.Initiative], name, f"Initiative ({name}, to translate)",
                     "industry.organised-around", 0.75, anchor=m.start())
    cand.add(ZG.inChain, chain)
    for method in _methods(ctx, name):
        cand.add(ZG.attractionMethod, method)
    for org in orgs:
        cand.add(ZG.organisedAround, org.iri)
        org.quote(ctx.unique_quote(m.start(), m.end()))
        for des in ctx.of_kind("projects"):
            if ZG.ChainLeaderDesignation in des.classes and des.values(ZG.designee) == [org.iri] and \
                    not des.values(ZG.forChain):  # its chain is the rule's to infer, and its basis with it
                des.props = [(p, o) for p, o in des.props if p != ZG.assertionBasis]
                des.quote(ctx.unique_quote(m.start(), m.end()))
    cand.quote(ctx.unique_quote(m.start(), m.end()))
    ctx.add(cand)


def _designation(ctx: Context, org: Candidate, chain: URIRef | None, start: int, end: int, basis: str) -> None:
    for c in ctx.of_kind("projects"):
        if ZG.ChainLeaderDesignation in c.classes and c.values(ZG.designee) == [org.iri]:
            if chain is not None and not c.values(ZG.forChain):
                c.add(ZG.forChain, chain)
            c.quote(ctx.unique_quote(start, end))
            return
    chain_zh = next((c.zh for c in ctx.lex.scheme(ZG.IndustryChain) if c.iri == chain), "")
    label = f"{org.zh}：{chain_zh}产业链链主企业" if chain_zh else f"{org.zh}：龙头链主企业"
    des = Candidate(ctx.mint("designation"), "projects", [ZG.ChainLeaderDesignation], label,
                    f"Chain leader: {org.en}", "industry.chain-leader", 0.8, anchor=start)
    des.add(ZG.designee, org.iri).add(ZG.designationType, ZGV["designation-chain-leader"])
    des.add(ZG.assertionBasis, ZGV[basis])
    if chain is not None:
        des.add(ZG.forChain, chain)
    des.quote(ctx.unique_quote(start, end))
    ctx.add(des)


def _lists(ctx: Context) -> None:
    text = ctx.text
    agencies: list[tuple[int, Candidate]] = []
    for m in re.finditer(rf"委托{LIST}等[^，,。；;]{{0,6}}(?:机构|公司|中介)", text):
        for name, at in _items(m.group(1), m.start(1)):
            agencies.append((at, organisation(ctx, name, at, ZG.IntermediaryAgency, "industry.enterprise-list")))
    for m in re.finditer(r"委托([^，,。；;、等]{2,20}?(?:公司|集团|机构|中心))(?:对接|开展|引进)", text):
        agencies.append((m.start(1), organisation(ctx, m.group(1), m.start(1), ZG.IntermediaryAgency,
                                                  "industry.enterprise-list")))
    for pattern in (rf"与{LIST}等(?:企业|公司|商会)", rf"对接{LIST}等一批[^，,。；;]{{0,8}}项目"):
        for m in re.finditer(pattern, text):
            sentence = ctx.layout.sentence_at(m.start())
            words = text[sentence.start:sentence.end]
            for name, at in _items(m.group(1), m.start(1)):
                if ctx.find("place", name) is not None:
                    continue
                org = organisation(ctx, name, at, ZG.Enterprise, "industry.enterprise-list", 0.7)
                for method in _methods(ctx, words):
                    org.add(ZG.engagedVia, method)
                brought = re.search(r"引进|引入|落户|落地", text[m.start():sentence.end]) and not \
                    m.group(0).startswith("对接")
                for pos, agency in agencies:
                    if sentence.start <= pos < m.start():
                        org.add(ZG.introducedBy if brought else ZG.contactedThrough, agency.iri)
    for _pos, agency in agencies:
        sentence = ctx.layout.sentence_at(_pos)
        for method in _methods(ctx, text[sentence.start:sentence.end]):
            agency.add(ZG.engagedVia, method)


def _suffixed(ctx: Context) -> None:
    text = ctx.text
    for suffix, cls in (("集团", ZG.Enterprise), ("公司", ZG.Enterprise), ("商会", ZG.BusinessAssociation),
                        ("交易所", ZG.FinancialInstitution)):
        for start, end, name in find_names(text, suffix, limit=30, cuts="的等与和由"):
            if len(name) < 4 or name.startswith(("市", "县", "区")) and len(name) < 6 or "+" in name:
                if not (name.startswith("市") and len(name) >= 5):
                    continue
            if any(name in (c.zh, *c.alt) for c in ctx.of_kind("enclaves")):
                continue
            if name.endswith(("平台公司", "开发公司")) and len(name) <= 4:
                continue
            sentence = ctx.layout.sentence_at(start)
            words = text[sentence.start:sentence.end]
            kind = cls
            if cls == ZG.Enterprise and (name.endswith(("平台公司", "开发公司")) or
                                         re.search(rf"{re.escape(name)}(?:负责|作为)[^，,。]*?(?:开发|运营)", words)):
                kind = ZG.PlatformCompany
            found = ctx.find(GROUP, name) or next((c for c in ctx.of_kind("enterprises") if len(c.zh) >= 4 and (
                name.endswith(c.zh) or (name.startswith("市") and c.zh.endswith(name)))), None)
            if found is not None:
                if name != found.zh and name not in found.alt:
                    found.alt.append(name)
                    ctx.by_name.setdefault((GROUP, norm(name)), found.iri)
                found.quote(ctx.unique_quote(start, end))
                if kind == ZG.PlatformCompany and not found.reused:
                    found.classes = [ZG.PlatformCompany]
                continue
            organisation(ctx, name, start, kind, "industry.org-suffix", 0.7)
    for m in re.finditer(r"指定([^，,。；;]{2,20}?)作为([^，,。；;]{2,12}?公司)", text):
        org = ctx.find(GROUP, m.group(1))
        if org is not None:
            org.classes = org.classes if org.reused else [ZG.PlatformCompany]
            other = ctx.find(GROUP, m.group(2))
            if other is not None and other is not org:
                ctx.candidates.pop(other.iri, None)
            if m.group(2) not in org.alt:
                org.alt.append(m.group(2))
                ctx.by_name[(GROUP, norm(m.group(2)))] = org.iri
            org.quote(ctx.unique_quote(m.start(), m.end()))


def project(ctx: Context, name: str, at: int, end: int, rule: str, confidence: float = 0.75) -> Candidate | None:
    """The investment project called ``name`` (项目 at its end is the same project), with chain and methods."""
    base = name.removesuffix("项目")
    if len(base) < 3 or base.startswith(VAGUE) or ctx.find("place", base) is not None:
        return None
    text = ctx.text
    sentence = ctx.layout.sentence_at(at)
    before = text[sentence.start:at]
    known = ctx.index.named(name, (ZG.InvestmentProject,)) or ctx.index.named(base, (ZG.InvestmentProject,))

    def make() -> Candidate:
        c = Candidate(ctx.mint("project"), "projects", [ZG.InvestmentProject], name, f"Investment project ({name})",
                      rule, confidence, anchor=at)
        chain = _chain_at(ctx, before)
        if chain is not None:
            c.add(ZG.inChain, chain)
        for method in _methods(ctx, text[sentence.start:sentence.end]):
            c.add(ZG.attractionMethod, method)
        return c

    cand = ctx.find("project", base) or ctx.entity("project", base, make, known)
    if name != cand.zh and name not in cand.alt:
        cand.alt.append(name)
    cand.quote(ctx.unique_quote(at, end))
    where = re.compile(r"(?:落户|落地)([^，,。；;等]{2,12})").match(text, end)
    if where:
        target = next((c for c in ctx.candidates.values() if c.kind in ("places", "platforms") and
                       any(n == where.group(1) for n in (c.zh, *c.alt))), None)
        if target is not None:
            cand.add(ZG.locatedIn, target.iri)
    return cand


def _projects(ctx: Context) -> None:
    text = ctx.text
    for m in re.finditer(rf"(?:引进了?|[,，])?{LIST}等[^，,。；;、]{{0,8}}?项目", text):
        start = m.start(1)
        first = m.group(1).split("、")[0]
        if re.search(r"对接|围绕|依托|联合|与", first) or text[max(0, start - 2):start].endswith("对接") or \
                ctx.in_title(start):
            continue
        for name, at in _items(m.group(1), start):
            name = re.sub(r"^(?:成功引进|引进了|引进|积极开展[^，,]*)", "", name)
            at = text.find(name, at)
            if "招商" in name or name.endswith(("企业", "方面")):
                continue
            project(ctx, name, at, m.end(), "industry.project-list")
    for pattern in (r"引进([^，,。；;、]{2,30}?项目)(?:落户|落地)", r"带动([^，,。；;、]{2,30}?项目)",
                    r"的([^，,。；;、]{2,30}?项目)二期", r"其中([^，,。；;、]{2,30}?项目)的"):
        for m in re.finditer(pattern, text):
            project(ctx, m.group(1), m.start(1), m.end(1), "industry.project", 0.7)


def extract_industry(ctx: Context) -> None:
    """Draft chain leaders, enterprises, agencies, associations and projects."""
    _designations(ctx)
    _lists(ctx)
    _projects(ctx)
    _suffixed(ctx)
