"""Pairings and reverse enclaves (反向飞地) with their origin, host, components, status, services and models.

Pairing rules (``pairing.*``):

- ``pairing.stated`` — ``X与Y(建立/签订)(对口帮扶协作/对口帮扶/对口协作/结对帮扶)(关系/协议)``, lists of such pairs
  before 分别, and ``X对口协作Y``; ``与Y…建立对口帮扶协作关系`` with no X is the report's own place. The assisted
  party is the report's place or lies in it; else the assisting one is the division the gazetteer puts outside the
  report's city. Two prefecture-level parties make a city-level pairing, else county-level. The two cities of a
  city-level pairing also act as bodies (their people's governments, ``body.partner-city``).
- ``enclave.county-statement`` — the report's statement that its county-level units lay out reverse enclaves
  (各县(市、区)…布局…飞地) is a zg:Initiative with ``zg:enclaveType`` county: with it and the county enclaves
  (origin, host, status), the build's rule ``county-pairing-from-enclave`` infers the county pairings the text
  names only through the enclaves (the draft does not draft them).

Enclave rules (``enclave.*``): ``A、B、C分别在H设立“X”、“Y”、“Z”`` (one enclave each); ``O(初步选定/正式)在H…
设立/建设/建成 …`` and ``OH建设“…”`` (no 在: a corrected reading, ``zg:readingStrength``);
``O积极对接H开展…“飞地”模式研究`` and ``O正在研究在H…`` (under study);
a name with 飞地 set up by companies of the report's city (a city-level enclave hosted where its brackets say);
``O“H·O…飞地”运营…`` (established). The status is 设立/建成/运营 → established, 建设 → being built, 初步选定 →
preliminarily selected, 研究 → under study. Components are the quoted names (split at + and 和), the names
after 设立, or those after 建成 / 打造; services and cooperation models are the vocabulary's labels printed in the
sentence.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDFS

from zgraph.extract.bodies import city_body
from zgraph.extract.model import Candidate, Context
from zgraph.extract.places import county_like, is_place, named_place
from zgraph.model import gazetteer
from zgraph.model.namespaces import ZG, ZGV

PLACE = r"[\u4e00-\u9fff]{2,6}?(?:市|县|区)"
PAIR_WORDS = r"(?:对口帮扶协作|对口帮扶|对口协作|结对帮扶|结对协作|帮扶对子)"
PAIR = re.compile(rf"({PLACE})与({PLACE})(?:的|新)?(?:在[^，,。；;]{{0,12}})?(?:全面)?"
                  rf"(?:建立|签订|签署|结成|开展)?(?:新型)?{PAIR_WORDS}(?:关系|协议)?")
PAIR_DIRECTED = re.compile(rf"({PLACE})(?:对口协作|对口帮扶)({PLACE})")
PAIR_IMPLICIT = re.compile(rf"(?:(?<![\u4e00-\u9fff])|深化|加强|推进)与({PLACE})"
                           rf"(?:在[^，,。]{{0,12}}建立|的){PAIR_WORDS}")
STATUS = (("研究", "status-under-study"), ("初步选定", "status-preliminarily-selected"), ("建设", "status-building"),
          ("设立", "status-established"), ("建成", "status-established"), ("运营", "status-established"),
          ("布局", "status-established"))
ENCLAVE_AT = re.compile(rf"({PLACE})((?:初步选定|正式|积极|正在研究|率先|已)?)在"
                        rf"((?:[\u4e00-\u9fff]{{2,6}}?(?:市|县|区))+)([^，,。；;]{{0,24}}?)(设立|建设|建成|打造)")
ORIGIN_FIRST = re.compile(rf"({PLACE})[^。；;]{{0,16}}?[，,]在({PLACE})(?:[^，,。；;]{{0,12}}?)"
                          r"(设立|建设|建成)“([^”]+)”")


def _place(ctx: Context, name: str, at: int) -> Candidate | None:
    """A pairing or enclave party: a known place, a gazetteer division, or a county-shaped name."""
    found = ctx.find("place", name)
    if found is not None and is_place(found):
        return named_place(ctx, name, at)
    if gazetteer.by_name(name) or county_like(name) or name == ctx.report.place:
        return named_place(ctx, name, at)
    return None


def _last_place(ctx: Context, phrase: str, at: int) -> Candidate | None:
    """The innermost place of a phrase such as 甲市乙区 or 乙区丙镇某大楼 (the district, not its town)."""
    best = None
    for m in re.finditer(PLACE, phrase):
        for start in range(m.start(), m.end() - 2):
            cand = _place(ctx, phrase[start:m.end()], at + start)
            if cand is not None:
                best = cand
                break
    return best


def _home(ctx: Context, cand: Candidate) -> bool:
    """True when the place is the report's own or lies in it (by code, or by the rule that drafted it)."""
    if cand.zh == ctx.report.place or ctx.report.place in cand.alt:
        return True
    code = next((str(v) for v in cand.values(ZG.divisionCode)), "")
    if code and ctx.report.place_code and code[:4] == ctx.report.place_code[:4]:
        return True
    return not code and cand.rule in ("place.by-suffix", "place.manifest")


def _level(cand: Candidate) -> str:
    return "city" if ZG.PrefectureCity in cand.classes else "county"


def pairing(ctx: Context, a: Candidate, b: Candidate, start: int, end: int, directed: bool = False,
            basis: str = "basis-stated", rule: str = "pairing.stated", confidence: float = 0.85) -> Candidate | None:
    """The pairing of ``a`` and ``b`` (which assists is decided here unless ``directed``: ``a`` assists ``b``)."""
    if a.iri == b.iri:
        return None
    if not directed and (_home(ctx, a) and not _home(ctx, b)):
        a, b = b, a
    level = "city" if _level(a) == _level(b) == "city" else "county"
    for c in ctx.of_kind("pairings"):
        if c.values(ZG.assistingParty) == [a.iri] and c.values(ZG.assistedParty) == [b.iri]:
            c.quote(ctx.unique_quote(start, end))
            return c
    word = "对口帮扶协作关系" if level == "city" else "结对帮扶"
    cand = Candidate(ctx.mint("pairing"), "pairings", [ZG.Pairing], f"{a.zh}—{b.zh}{word}",
                     f"Pairing: {a.en} assists {b.en}", rule, confidence, anchor=start)
    cand.add(ZG.assistingParty, a.iri).add(ZG.assistedParty, b.iri)
    cand.add(ZG.pairingLevel, ZGV[f"level-{level}"]).add(ZG.assertionBasis, ZGV[basis])
    cand.quote(ctx.unique_quote(start, end))
    if level == "city":  # the two cities act: their people's governments (body.partner-city)
        for party in (a, b):
            city_body(ctx, party, start, end)
    return ctx.add(cand)


def _pairings(ctx: Context) -> None:
    text = ctx.text
    for m in PAIR_DIRECTED.finditer(text):
        if ctx.in_title(m.start()):
            continue
        a, b = _place(ctx, m.group(1), m.start(1)), _place(ctx, m.group(2), m.start(2))
        if a and b:
            pairing(ctx, a, b, m.start(), m.end(), directed=True)
    for sentence in ctx.layout.statements:
        chunk = text[sentence.start:sentence.end]
        for m in re.finditer(rf"((?:{PLACE}与{PLACE}、)+{PLACE}与{PLACE})(?:分别|的)", chunk):
            for pair in re.finditer(rf"({PLACE})与({PLACE})", m.group(1)):
                at = sentence.start + m.start(1) + pair.start()
                a, b = _place(ctx, pair.group(1), at), _place(ctx, pair.group(2), at + len(pair.group(1)) + 1)
                if a and b:
                    pairing(ctx, a, b, at, at + len(pair.group(0)))
    for m in PAIR.finditer(text):
        if ctx.in_title(m.start()):
            continue
        a, b = _place(ctx, m.group(1), m.start(1)), _place(ctx, m.group(2), m.start(2))
        if a and b:
            pairing(ctx, a, b, m.start(), m.end())
    home = ctx.find("place", ctx.report.place) if ctx.report.place else None
    for m in PAIR_IMPLICIT.finditer(text):
        b = _place(ctx, m.group(1), m.start(1))
        if b and home:
            pairing(ctx, home, b, m.start(), m.end())


def _status(words: str) -> str:
    for word, status in STATUS:
        if word in words:
            return status
    return "status-established"


def _split(names: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[+＋、]", names):
        pieces = part.split("和")
        if len(pieces) == 2 and min(len(p) for p in pieces) >= 4:
            out += pieces
        else:
            out.append(part)
    return [p.strip("“”") for p in out if len(p.strip("“”")) >= 2]


def enclave(ctx: Context, origin: Candidate, host: Candidate, status: str, start: int, end: int,
            name: str = "", components: list[tuple[str, int]] | None = None, rule: str = "enclave.pattern",
            confidence: float = 0.8, located: Candidate | None = None) -> Candidate:
    """The enclave of ``origin`` in ``host`` (one per pair and status), with its components."""
    level = "city" if _level(origin) == "city" else "county"
    label = name or (f"{origin.zh}“飞地”模式研究" if status == "status-under-study" else f"{origin.zh}“反向飞地”")
    cand = next((c for c in ctx.of_kind("enclaves") if ZG.ReverseEnclave in c.classes and
                 c.values(ZG.origin) == [origin.iri] and c.values(ZG.host) == [host.iri]), None)
    if cand is None:
        cand = ctx.add(Candidate(ctx.mint("enclave"), "enclaves", [ZG.ReverseEnclave], label,
                                 f"Reverse enclave of {origin.en} in {host.en}", rule, confidence, anchor=start))
        cand.add(ZG.enclaveType, ZGV[f"enclave-type-{level}"]).add(ZG.enclaveStatus, ZGV[status])
        cand.add(ZG.origin, origin.iri).add(ZG.host, host.iri)
    if located is not None:
        cand.add(ZG.locatedIn, located.iri)
    cand.quote(ctx.unique_quote(start, end))
    sentence = ctx.layout.sentence_at(start)
    words = ctx.text[sentence.start:sentence.end]
    for concept in ctx.lex.scheme(ZG.CooperationModel):
        if concept.zh in words:
            cand.add(ZG.cooperationModel, concept.iri)
    services = [c.iri for c in ctx.lex.scheme(ZG.ServiceType) if c.zh in words]
    comps = []
    for comp_name, at in components or []:
        classes = [ZG.EnclaveComponent]
        if comp_name.endswith("商会"):
            classes.append(ZG.BusinessAssociation)
        if comp_name.endswith("党支部"):
            classes.append(ZG.PartyBranch)
        comp = Candidate(ctx.mint("component"), "enclaves", classes, comp_name, f"Enclave component ({comp_name})",
                         "enclave.component", 0.75, anchor=at)
        comp.add(ZG.locatedIn, (located or host).iri)
        comp.quote(ctx.unique_quote(at, at + len(comp_name)))
        comp = ctx.entity("component", comp_name, lambda made=comp: made)  # type: ignore[misc]
        cand.add(ZG.hasComponent, comp.iri)
        comps.append(comp)
    for s in services:
        for target in comps if len(comps) > 1 and rule == "enclave.each" else [cand]:
            target.add(ZG.providesService, s)
    return cand


def _after(ctx: Context, pos: int, stop: int) -> list[tuple[str, int]]:
    """Components named after 建成 / 打造 (up to the clause's end) from ``pos``."""
    m = re.compile(r"[，,]?(?:建成|打造|设有)([^，,。；;]{2,60})").match(ctx.text, pos)
    if not m or m.start() > stop:
        return []
    return _names_at(m.group(1), m.start(1))


def _names_at(phrase: str, at: int) -> list[tuple[str, int]]:
    out = []
    for name in _split(phrase):
        pos = phrase.find(name)
        out.append((name, at + pos))
    return out


def _enclaves(ctx: Context) -> None:
    text = ctx.text
    for m in re.finditer(rf"((?:{PLACE}、)+{PLACE})分别在({PLACE})设立((?:“[^”]+”、?)+)", text):
        host = _last_place(ctx, m.group(2), m.start(2))
        origins = m.group(1).split("、")
        names = re.findall(r"“([^”]+)”", m.group(3))
        if host is None or len(names) != len(origins):
            continue
        at = m.start(1)
        for origin_name, comp in zip(origins, names, strict=True):
            origin = _place(ctx, origin_name, at)
            comp_at = text.find(f"“{comp}”", m.start(3))
            if origin is not None:
                enclave(ctx, origin, host, "status-established", m.start(), m.end(2) + 2, components=[(comp, comp_at)],
                        rule="enclave.each")
            at += len(origin_name) + 1
    for m in ENCLAVE_AT.finditer(text):
        origin = _place(ctx, m.group(1), m.start(1))
        host = _last_place(ctx, m.group(3), m.start(3))
        if origin is None or host is None or ctx.text[max(0, m.start() - 3):m.start()].endswith("分别"):
            continue
        if not _home(ctx, origin) or _home(ctx, host):
            continue
        if _has_enclave(ctx, origin, host):
            continue
        _at_enclave(ctx, m, origin, host)
    for m in re.finditer(rf"({PLACE})({PLACE})建设“([^”]+)”", text):
        origin, host = _place(ctx, m.group(1), m.start(1)), _place(ctx, m.group(2), m.start(2))
        if origin and host and not _home(ctx, host):
            enc = enclave(ctx, origin, host, "status-building", m.start(), m.end(),
                          components=_names_at(m.group(3), m.start(3)))
            # 甲县乙区建设 prints no 在 (in): read as 甲县在乙区建设, a corrected reading (and so is what it implies)
            enc.add(ZG.readingStrength, ZGV["strength-corrected"])
            enc.add(RDFS.comment, Literal(f"The sentence prints {m.group(1)}{m.group(2)}建设 with no 在 (in): read as "
                                          f"{m.group(1)}在{m.group(2)}建设, a corrected reading.", lang="en"))
    for m in ORIGIN_FIRST.finditer(text):
        origin, host = _place(ctx, m.group(1), m.start(1)), _place(ctx, m.group(2), m.start(2))
        if origin and host and _home(ctx, origin) and not _home(ctx, host) and not _has_enclave(ctx, origin, host):
            inner = m.group(4)
            name = inner if "飞地" in inner and inner not in ("反向飞地", "飞地") else ""
            comps = _after(ctx, m.end(), ctx.layout.sentence_at(m.start()).end) if "飞地" in inner else \
                _names_at(inner, m.start(4))
            enclave(ctx, origin, host, _status(m.group(3)), m.start(), m.end(), name=name, components=comps)
    for m in re.finditer(rf"({PLACE})(?:积极|主动)?对接({PLACE})开展[^，,。]{{0,30}}?“?飞地”?模式研究", text):
        origin, host = _place(ctx, m.group(1), m.start(1)), _place(ctx, m.group(2), m.start(2))
        if origin and host:
            enclave(ctx, origin, host, "status-under-study", m.start(), m.end())
    for m in re.finditer(rf"({PLACE})“(([\u4e00-\u9fff]{{2,4}})·[^”]*飞地)”(运营|建成|投入)", text):
        origin = _place(ctx, m.group(1), m.start(1))
        host = next((c for c in ctx.of_kind("places") if c.zh[:-1] == m.group(3) and c.zh[-1] in "市县区"), None)
        if origin and host:
            enclave(ctx, origin, host, "status-established", m.start(), m.end(), name=m.group(2))
    _city_enclaves(ctx)


def _has_enclave(ctx: Context, origin: Candidate, host: Candidate) -> bool:
    return any(c.values(ZG.origin) == [origin.iri] and c.values(ZG.host) == [host.iri] for c in ctx.of_kind("enclaves"))


def _at_enclave(ctx: Context, m: re.Match, origin: Candidate, host: Candidate) -> None:
    text = ctx.text
    sentence = ctx.layout.sentence_at(m.start())
    verb = m.group(5)
    status = _status(m.group(2) + m.group(4) + verb)
    after = text[m.end():sentence.end]
    located = _last_building(ctx, m.group(3) + m.group(4), m.start(3))
    quoted = re.match(r"“([^”]+)”", after)
    name, components = "", []
    end = m.end()
    if quoted:
        inner = quoted.group(1)
        end = m.end() + quoted.end()
        if "飞地" in inner and "+" not in inner:
            if inner not in ("反向飞地", "飞地"):
                name = inner
            components = _after(ctx, end, sentence.end)
        else:
            components = _names_at(inner, m.end() + 1)
    else:
        plain = re.match(r"([^，,。；;]{2,80})", after)
        if plain:
            end = m.end() + plain.end()
            items = _names_at(plain.group(1), m.end())
            # one name printed alone is the enclave's own; several are its components
            name, components = (items[0][0] if len(items) == 1 else ""), ([] if len(items) == 1 else items)
    if status == "status-established" and verb == "打造":
        status = "status-building"
    enclave(ctx, origin, host, status, m.start(), end, name=name, components=components, located=located)


def _last_building(ctx: Context, phrase: str, at: int) -> Candidate | None:
    for c in ctx.of_kind("places"):
        if (ZG.Building in c.classes or ZG.Town in c.classes) and c.zh in phrase:
            if ZG.Building in c.classes:
                return c
    return None


def _city_enclaves(ctx: Context) -> None:
    """An enclave named with 飞地 that the report's city (its companies) sets up: hosted where its brackets say."""
    home = ctx.find("place", ctx.report.place) if ctx.report.place else None
    if home is None:
        return
    for m in re.finditer(r"设立([^，,。；;“”]{2,40}飞地(?:[(（][^()（）]+[)）])?[^，,。；;“”]{0,30})", ctx.text):
        name = m.group(1)
        bracket = re.search(r"[(（]([^()（）]+)[)）]", name)
        if not bracket:
            continue
        host = _place(ctx, bracket.group(1), m.start(1) + bracket.start(1))
        if host is None:
            found = ctx.find("place", bracket.group(1))
            host = found if found is not None and is_place(found) else None
        if host is None or host.iri == home.iri:
            continue
        start = ctx.text.rfind("，", 0, m.start()) + 1 or ctx.text.rfind(",", 0, m.start()) + 1
        enclave(ctx, home, host, "status-established", max(start, m.start() - 30), m.end(), name=name,
                rule="enclave.city-level", confidence=0.7)


def _county_statement(ctx: Context) -> None:
    """The report's statement that its county-level units lay out their reverse enclaves (各县(市、区)…布局…飞地;
    N个县(市、区)在H布局…): a zg:Initiative with zg:enclaveType county, the premise with which the build's rule
    ``county-pairing-from-enclave`` infers the county pairings that only the enclaves name."""
    units = r"(?:各|[0-9一二三四五六七八九十]+个)县[(（]市、区[)）]"
    for m in re.finditer(rf"{units}[^。；;]{{0,40}}?布局[^，,。；;]{{0,8}}?“?(?:反向)?飞地”?", ctx.text):
        label = ctx.text[m.start():m.end()]
        label = label[label.find("在"):] if "在" in label else label
        cand = Candidate(ctx.mint("init"), "enclaves", [ZG.Initiative], label,
                         "County-level units lay out their reverse enclaves (to translate)", "enclave.county-statement",
                         0.7, anchor=m.start())
        cand.add(ZG.enclaveType, ZGV["enclave-type-county"])
        cand.quote(ctx.unique_quote(m.start(), m.end()))
        ctx.add(cand)
        return


def extract_enclaves(ctx: Context) -> None:
    """Draft the pairings and reverse enclaves the text states (the pairings its enclaves imply are the build's)."""
    _pairings(ctx)
    _enclaves(ctx)
    _county_statement(ctx)
