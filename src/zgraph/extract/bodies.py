"""Government bodies, departments, coordination bodies, posts and the roles held in them.

Rules:

- ``body.party-government`` — 市委 / 市政府 / 省委 / 省政府 (with the city's name when printed: 甲市委、市政府 is
  甲市委 and 甲市政府; bare 市 is the report's city, bare 省 its province); a post of 市委 or 市政府 names it too.
- ``body.department`` — a name ending in 局 that opens with 市/省/县/区 or a place (市某某局; 甲市某某局,
  also inside a title, which then names its issuer).
- ``body.leading-group`` / ``body.headquarters`` / ``body.joint-conference`` / ``body.management-committee`` — names
  ending in 领导小组, 指挥部, 联席会议(制度), 管理委员会 (管委会 is the same committee when only one is named).
- ``role.membership`` — ``HOLDER 为/任/担任 ROLE`` (roles from the vocabulary: 第一组长, 组长, 副组长, 指挥长,
  成员单位) chained before ``的 BODY`` or after ``BODY 调整为``; a holder ending in 局 is a member body, any other a
  post (one post per printed name; ``市委、市政府X领导`` is one post, since 市委 alone holds no role).
- ``body.joint-conference-party`` — the cities a joint conference is named after (甲·乙对口帮扶(党政)联席会议):
  each one's people's government (and party committee for 党政), the bodies the build's rule
  ``joint-conference-parties`` makes its member units (the draft does not draft that inference).
- ``body.partner-city`` — a city printed as an actor of a city-level pairing or a joint document (甲市与乙市建立
  对口帮扶协作关系; 双方印发): its people's government, at the grain of the report's own 市政府.

Party committees are zg:PartyCommittee, governments zg:PeoplesGovernment (both zg:GovernmentBody), so that the
build's rules (issuers from titles and from the report's place) find them.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import ORG

from zgraph.extract.model import Candidate, Context, norm
from zgraph.extract.names import find_names
from zgraph.model import gazetteer
from zgraph.model.namespaces import ZG

GROUP = "body"
ROLES = {"第一组长": "role-first-leader", "副组长": "role-deputy-leader", "组长": "role-leader",
         "指挥长": "role-commander", "成员单位": "role-member-unit"}
ROLE_RE = re.compile(r"(?:共同担任|担任|为|任)(第一组长|副组长|组长|指挥长|成员单位)")
COORDINATION = (ZG.LeadingGroup, ZG.Headquarters, ZG.JointConference, ZG.ManagementCommittee)
POST_ENDINGS = ("领导", "书记", "市长", "县长", "区长", "省长", "主任", "局长", "秘书长", "负责人")
DEPT_BAD_ENDINGS = ("格局", "布局", "开局", "大局", "全局", "结局", "新局", "当局", "时局")
BODY_EN = {ZG.LeadingGroup: "Leading group", ZG.Headquarters: "Headquarters", ZG.JointConference: "Joint conference",
           ZG.ManagementCommittee: "Management committee", ZG.GovernmentDepartment: "Government department"}


def _city_name(ctx: Context) -> str:
    return ctx.report.place if ctx.report.place.endswith(("市", "县", "区")) else ""


def _province_name(ctx: Context) -> str:
    d = gazetteer.by_code(ctx.report.province_code + "0000") if ctx.report.province_code else None
    return d.name if d else ""


def government(ctx: Context, kind: str, start: int, end: int, place: str = "", level: str = "市",
               rule: str = "body.party-government", confidence: float = 0.85) -> Candidate | None:
    """The party committee (``kind="party"``, a zg:PartyCommittee) or people's government (a zg:PeoplesGovernment)
    of ``place`` (default: the report's city, or its province for ``level="省"``)."""
    province = level == "省"
    home_place = _province_name(ctx) if province else _city_name(ctx)
    place = place or home_place
    if not place:
        return None
    home = place == home_place
    party = kind == "party"
    suffix, cls = ("委", ZG.PartyCommittee) if party else ("政府", ZG.PeoplesGovernment)
    official = f"中共{place}委" if party and province else f"中共{place}委员会" if party else f"{place}人民政府"
    if province and home:  # the report's province is printed 省委 / 省政府
        label, alts = f"省{suffix}", [f"{place}{suffix}", official]
    else:
        label, alts = f"{place}{suffix}", ([f"{level}{suffix}"] if home else []) + [official]
    known = next((k for k in (ctx.index.named(n, (cls, ZG.GovernmentBody)) for n in (label, *alts)
                              if n not in ("省委", "省政府", "市委", "市政府")) if k), None)

    def make() -> Candidate:
        c = Candidate(ctx.mint("org"), "bodies", [cls], label,
                      f"{'Party committee' if party else 'People’s government'} of {place}", rule, confidence,
                      alt=alts, anchor=start)
        governed = ctx.find("place", place)
        if governed is not None:
            c.add(ZG.governs, governed.iri)
        return c

    cand = ctx.entity(GROUP, label, make, known)
    cand.quote(ctx.unique_quote(start, end))
    return cand


def city_body(ctx: Context, place: Candidate, start: int, end: int, kind: str = "gov",
              rule: str = "body.partner-city", confidence: float = 0.6) -> Candidate | None:
    """A prefecture-level city printed as an actor (甲市与乙市建立…关系, 双方印发): its people's government (or party
    committee), at the grain of the report's own 市政府 / 市委; the report's own city gets the report's own body."""
    name = place.zh if place.zh.endswith("市") else next((a for a in place.alt if a.endswith("市")), "")
    if not name:
        return None
    cand = government(ctx, kind, start, end, name, "市", rule, confidence)
    if cand is not None and not cand.values(ZG.governs):
        cand.add(ZG.governs, place.iri)
    return cand


def _prefix_place(ctx: Context, at: int, level: str) -> str:
    """The place whose name is printed right before ``at`` (甲 of 甲市委), as a full name, else ""."""
    for k in (4, 3, 2):
        stem = ctx.text[max(0, at - k):at]
        if len(stem) == k and (gazetteer.by_name(stem + level) or stem + level == ctx.report.place):
            return stem + level
    return ""


def _party_government(ctx: Context) -> None:
    last: tuple[int, str] = (-2, "")
    for m in re.finditer(r"(省|市)(委|政府)", ctx.text):
        if ctx.in_title(m.start()) or ctx.text.startswith("员会", m.end()):
            continue
        level = m.group(1)
        place = _prefix_place(ctx, m.start(), level)
        if not place and last[0] == m.start() - 1 and ctx.text[m.start() - 1] == "、":
            place = last[1]  # 甲市委、市政府: the second body is the same city's
        start = m.start() - (len(place) - 1 if place else 0)
        government(ctx, "party" if m.group(2) == "委" else "gov", start, m.end(), place, level)
        last = (m.end(), place)


def _post_lists(ctx: Context) -> None:
    """Posts listed before 等市领导 / 等领导 (A、B、C等市领导, each ending in a post word)."""
    for m in re.finditer(r"((?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8})等(?:市|县|区)?领导", ctx.text):
        at = m.start(1)
        for item in m.group(1).split("、"):
            if item.endswith(POST_ENDINGS):
                same = [c for c in ctx.of_kind("bodies") if ORG.Post in c.classes and c.zh.endswith(item)]
                if len(same) == 1 and same[0].zh != item:
                    same[0].quote(ctx.unique_quote(m.start(), m.end()))
                    if item not in same[0].alt:
                        same[0].alt.append(item)
                else:
                    post(ctx, item, at).quote(ctx.unique_quote(m.start(), m.end()))
            at += len(item) + 1


def _departments(ctx: Context) -> None:
    text = ctx.text
    city = _city_name(ctx)
    places = {n for c in ctx.of_kind("places") for n in (c.zh, *c.alt) if len(n) >= 2}
    for start, end, name in find_names(text, "局", limit=20):
        if name.endswith(DEPT_BAD_ENDINGS) or len(name) < 4 or re.search(r"[0-9A-Za-z]", name):
            continue
        if not (name[0] in "市省县区" or any(name.startswith(p) for p in places)):
            continue
        if name[0] == "市" and city:
            short, full = name, city + name[1:]
        elif city and name.startswith(city):
            short, full = "市" + name[len(city):], name
        else:
            short, full = name, name
        known = ctx.index.named(full, (ZG.GovernmentDepartment,))

        def make(start: int = start, name: str = name, short: str = short, full: str = full) -> Candidate:
            c = Candidate(ctx.mint("org"), "bodies", [ZG.GovernmentDepartment], name, f"Government department "
                          f"({name})", "body.department", 0.85, alt=[a for a in {short, full} if a != name],
                          anchor=start)
            if name[0] == "市" or name.startswith(city or "\0"):
                gov = government(ctx, "gov", start, start + len(name), level="市", rule="body.parent-government",
                                 confidence=0.7)
                if gov is not None:
                    c.add(ORG.subOrganizationOf, gov.iri)
            return c

        ctx.entity(GROUP, short, make, known).quote(ctx.unique_quote(start, end))


def _formula(text: str, start: int, end: int) -> bool:
    """True inside a structure formula such as “领导小组+指挥部+…”."""
    return (start > 0 and text[start - 1] in "+＋“") or (end < len(text) and text[end] in "+＋")


def _coordination(ctx: Context) -> None:
    text = ctx.text
    specs = ((ZG.LeadingGroup, "领导小组", "body.leading-group"), (ZG.Headquarters, "指挥部", "body.headquarters"),
             (ZG.JointConference, "联席会议制度", "body.joint-conference"),
             (ZG.JointConference, "联席会议", "body.joint-conference"),
             (ZG.ManagementCommittee, "管理委员会", "body.management-committee"))
    titled: list[tuple[URIRef, str]] = []
    for cls, suffix, rule in specs:
        for start, end, name in find_names(text, suffix, limit=30):
            after = text[end:end + 3]
            if _formula(text, start, end) or after.startswith(("办公室", "制度", "组建")) and not ctx.in_title(start):
                continue
            if name == suffix and cls != ZG.Headquarters:
                continue
            if ctx.in_title(start, end):
                titled.append((cls, name))
                continue
            key = name.removesuffix("制度")
            known = ctx.index.named(name, (cls,))

            def make(start: int = start, name: str = name, cls: URIRef = cls, rule: str = rule) -> Candidate:
                alt = [name.removesuffix("制度")] if name.endswith("制度") else []
                return Candidate(ctx.mint("group"), "bodies", [cls], name, f"{BODY_EN[cls]} ({name})", rule, 0.8,
                                 alt=alt, anchor=start)

            cand = ctx.find(GROUP, key) or ctx.entity(GROUP, key, make, known)
            cand.quote(ctx.unique_quote(start, end))
    # a body named in a title (《…管理委员会组建方案》, 《…联席会议及工作协调机制》)
    for cls, name in titled:
        same = [c for c in ctx.of_kind("bodies") if cls in c.classes]
        match = [c for c in same if norm(name).endswith(norm(c.zh).removesuffix("制度"))]
        if match:
            if name not in match[0].alt:
                match[0].alt.append(name)
                ctx.by_name.setdefault((GROUP, norm(name)), match[0].iri)
        elif cls == ZG.ManagementCommittee:
            at = text.find(name)
            known = ctx.index.named(name, (cls,))

            def make_t(at: int = at, name: str = name) -> Candidate:
                return Candidate(ctx.mint("group"), "bodies", [ZG.ManagementCommittee], name,
                                 f"Management committee ({name})", "body.management-committee", 0.75, anchor=at)

            ctx.entity(GROUP, name, make_t, known).quote(ctx.unique_quote(at, at + len(name)))
    committees = [c for c in ctx.of_kind("bodies") if ZG.ManagementCommittee in c.classes]
    for start, end, name in find_names(text, "管委会", limit=12):
        if len(committees) == 1 and not ctx.in_title(start):
            committees[0].quote(ctx.unique_quote(start, end))
            if name not in committees[0].alt:
                committees[0].alt.append(name)
                ctx.by_name.setdefault((GROUP, norm(name)), committees[0].iri)


def post(ctx: Context, name: str, start: int) -> Candidate:
    """The post printed as ``name`` (a post, never a person), in the body its name opens with."""
    def make() -> Candidate:
        c = Candidate(ctx.mint("post"), "bodies", [ORG.Post], name, f"Post ({name})", "role.post", 0.8, anchor=start)
        body = None
        if name.startswith("市委") and "市政府" not in name:
            body = government(ctx, "party", start, start + len(name), rule="body.post-body", confidence=0.75)
        elif name.startswith("市政府") or name.endswith("市长"):
            body = government(ctx, "gov", start, start + len(name), rule="body.post-body", confidence=0.75)
        if body is not None:
            c.add(ORG.postIn, body.iri)
        return c

    cand = ctx.entity("post", name, make)
    cand.quote(ctx.unique_quote(start, start + len(name)))
    return cand


def _holders(phrase: str) -> list[str]:
    """The holders in a phrase (市甲局、市乙局等有关部门 → two bureaus; A、B领导 → one post when A holds none)."""
    phrase = re.sub(r"(?:等有关部门|等有关单位|等部门|等单位|等)$", "", phrase)
    parts = [p for p in phrase.split("、") if p]
    out: list[str] = []
    for p in parts:
        if out and not out[-1].endswith(POST_ENDINGS + ("局",)) and not out[-1].endswith(("委员会", "办公室")):
            out[-1] = out[-1] + "、" + p  # a body alone (市委) holds no role: it belongs to the post after it
        else:
            out.append(p)
    return [h for h in out if h]


def _memberships(ctx: Context) -> None:
    text, lex = ctx.text, ctx.lex
    bodies = [c for c in ctx.of_kind("bodies") if set(c.classes) & set(COORDINATION)]
    for sentence in ctx.layout.sentences:
        roles = list(ROLE_RE.finditer(text, sentence.start, sentence.end))
        if not roles:
            continue
        mentions = sorted((x.start(), n, b) for b in bodies for n in {b.zh, *b.alt}
                          for x in re.finditer(re.escape(n), text[:sentence.end]) if x.start() >= sentence.start)
        previous_end = sentence.start
        for m in roles:
            floor = max(previous_end, sentence.start)
            a = floor
            for i in range(m.start() - 1, floor - 1, -1):
                if text[i] in "，,；;。：:":
                    a = i + 1
                    break
            for opener in ("调整为", "增补", "成立由", "成立以", "由", "以"):
                at = text.rfind(opener, a, m.start())
                if at >= 0:
                    a = max(a, at + len(opener))
            phrase = text[a:m.start()].lstrip("、，,")
            previous_end = m.end()
            after = [x for x in mentions if x[0] >= m.end()]
            before = [x for x in mentions if x[0] < a]
            nxt = re.compile(r"[^，,。；;]*?的").match(text, m.end())
            target = after[0] if (after and nxt and after[0][0] <= nxt.end() + 1) else (before[-1] if before else
                                                                                        (after[0] if after else None))
            if target is None or not phrase:
                continue
            body = target[2]
            role = lex.find(ZG.Role, m.group(1))
            if role is None:
                continue
            for holder in _holders(phrase):
                hstart = text.find(holder, a, m.start())
                quote = ctx.unique_quote(min(hstart if hstart >= 0 else a, a), m.end())
                if holder.endswith(("局", "委员会", "办公室")):
                    member = ctx.find(GROUP, holder) or ctx.find(GROUP, "市" + holder.split("市", 1)[-1])
                    if member is None:
                        continue
                    prop, held = ORG.member, member
                else:
                    prop, held = ZG.memberPost, post(ctx, holder, hstart if hstart >= 0 else a)
                mem = Candidate(ctx.mint("mem"), "bodies", [ORG.Membership], f"{body.zh}{m.group(1)}：{held.zh}",
                                f"{body.en}: {role.en} – {held.en}", "role.membership", 0.8, anchor=a)
                mem.add(ORG.organization, body.iri).add(ORG.role, role.iri).add(prop, held.iri).quote(quote)
                if not any(c.values(ORG.organization) == [body.iri] and c.values(prop) == [held.iri] and
                           c.values(ORG.role) == [role.iri] for c in ctx.of_kind("bodies")):
                    ctx.add(mem)


def _conference_bodies(ctx: Context) -> None:
    """The bodies a joint conference named after cities brings in (甲·乙对口帮扶(党政)联席会议): each city's people's
    government, and its party committee where the name says 党政. Their memberships are the rule
    ``joint-conference-parties`` (rules/), which reads the conference's name: the draft leaves them to the build."""
    for jc in [c for c in ctx.of_kind("bodies") if ZG.JointConference in c.classes]:
        name = next((n for n in sorted({jc.zh, *jc.alt}, key=len, reverse=True) if n in ctx.text), "")
        if not name:
            continue
        at = ctx.text.find(name)
        cities = [c for c in ctx.of_kind("places") if ZG.PrefectureCity in c.classes and
                  any(len(n) >= 2 and n in name for n in (c.zh, *c.alt))]
        for city in cities:
            for kind in ("gov", "party") if "党政" in name else ("gov",):
                city_body(ctx, city, at, at + len(name), kind, "body.joint-conference-party", 0.6)


def extract_bodies(ctx: Context) -> None:
    """Draft the bodies, departments, coordination bodies, posts and memberships the text names."""
    _party_government(ctx)
    _departments(ctx)
    _coordination(ctx)
    _memberships(ctx)
    _post_lists(ctx)
    _conference_bodies(ctx)
    for cand in ctx.of_kind("bodies"):
        if set(cand.classes) & {ZG.PartyCommittee, ZG.PeoplesGovernment} and not cand.values(ZG.governs):
            place = next((ctx.find("place", n) for n in (cand.zh[:-1], cand.zh[:-2]) if ctx.find("place", n)), None)
            if place is not None:
                cand.add(ZG.governs, place.iri)
