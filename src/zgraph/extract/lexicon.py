"""The lexicons the rules read: zgraph's SKOS vocabularies, the gazetteer, country names and general word lists.

Everything report-specific comes from the text itself; what the rules know beforehand is general: the concepts of
``ontology/vocabularies.ttl`` and ``ontology/indicators.ttl`` (units, document types, roles, chains, attraction
methods, enclave statuses, cooperation models, service methods and types, indicators), the GB/T 2260 divisions of
the gazetteer (cpca's table), country and territory names in Chinese from the Unicode CLDR (Babel), and short
lists of the genre's function words: organisation suffixes, adoption verbs, measure words, the names of China's
economic regions. Nothing here names an enterprise, project, document, county or platform of any report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from zgraph.model import gazetteer, paths
from zgraph.model.loading import load_files
from zgraph.model.namespaces import ZG, ZGV

#: Measure words printed after numbers that the units vocabulary may lack (a figure with one has no zg:unit yet).
MEASURE_WORDS = ("个百分点", "平方公里", "平方米", "万人次", "人次", "公里", "千瓦", "兆瓦", "公顷", "美元", "吨",
                 "台", "套", "户", "次", "场", "所", "栋", "条", "批", "倍", "座", "辆", "件", "元")
#: Magnitude words that may open a printed unit (万平方米): their power of ten.
MAGNITUDES = {"万": 4, "亿": 8}
#: Base units a magnitude word may open (亿元, 万平方米, 万人); ranks, periods and tiers take none.
MAGNIFIABLE = ("个", "人", "家", "宗", "张", "项", "亩", "元", "套", "平方米", "吨", "台", "户", "次", "人次", "千瓦",
               "美元", "公顷", "件", "辆", "座", "条")
#: Verbs (and their connectives) that say how a document came about, as printed before its 《title》.
ADOPTION_WORDS = ("研究制定", "制定", "印发", "出台", "修订", "完善", "签订", "签署", "发布", "颁布", "实施", "组织",
                  "深入", "联合", "编制", "推行", "并", "和")
#: Endings of organisation names and the class each suggests (longest first when matching).
ORG_SUFFIXES = {
    "局": ZG.GovernmentDepartment, "委员会": ZG.ManagementCommittee, "集团": ZG.Enterprise, "公司": ZG.Enterprise,
    "商会": ZG.BusinessAssociation, "银行": ZG.FinancialInstitution, "交易所": ZG.FinancialInstitution,
}
#: Words that mark a financial institution among companies.
FINANCE_WORDS = ("银行", "保险", "担保", "金融", "证券", "信托", "交易所", "基金")
#: China's economic regions (a general list, not a report's), each with the aliases reports use.
REGIONS = {
    "珠三角": ("珠江三角洲", "珠三角地区"), "长三角": ("长江三角洲", "长三角地区"), "粤港澳大湾区": ("大湾区", "湾区"),
    "京津冀": (), "成渝地区": ("成渝",), "环渤海": ("环渤海地区",), "粤东西北": (), "粤东": (), "粤西": (), "粤北": (),
    "闽三角": (), "海峡西岸": (), "北部湾": (), "东北地区": (), "中部地区": (), "西部地区": (), "东部地区": (),
    "长江经济带": (), "黄河流域": (), "海南自由贸易港": (),
}
#: Generic words that name a kind of body, platform or place, not any one of them; a report may use one alone as a
#: name (指挥部, 主平台), and the rules look for them as endings.
GENERIC_NAMES = ("主平台", "合作园", "合作园区", "指挥部", "市委", "市政府", "省委", "省政府", "全国", "中国",
                 "中华人民共和国")
#: Region aliases too short or common to be read alone (only as part of a longer name).
WEAK_ALIASES = {"湾区"}
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of zgraph's vocabularies: its IRI and Chinese and English labels."""

    iri: URIRef
    zh: str
    en: str
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Unit:
    """A printed unit: as printed, its concept (None for a measure word the vocabulary lacks), power of ten."""

    printed: str
    concept: URIRef | None
    multiplier: int
    en: str = ""


@dataclass
class Lexicon:
    """The vocabularies by scheme, the units, and indexes over them."""

    concepts: dict[URIRef, list[Concept]]
    units: dict[str, Unit]

    def scheme(self, cls: URIRef) -> list[Concept]:
        """The concepts of one class (zg:Role, zg:DocumentType …), longest Chinese label first."""
        return sorted(self.concepts.get(cls, []), key=lambda c: (-len(c.zh), c.zh))

    def find(self, cls: URIRef, zh: str) -> Concept | None:
        """The concept of ``cls`` whose Chinese label is ``zh``."""
        return next((c for c in self.concepts.get(cls, []) if c.zh == zh), None)

    def unit_at(self, text: str, start: int) -> Unit | None:
        """The longest printed unit that starts at ``text[start]``."""
        for size in range(min(self._longest_unit, len(text) - start), 0, -1):
            unit = self.units.get(text[start:start + size])
            if unit is not None:
                return unit
        return None

    @property
    def _longest_unit(self) -> int:
        return max(len(u) for u in self.units)


def _concepts(g: Graph) -> dict[URIRef, list[Concept]]:
    out: dict[URIRef, list[Concept]] = {}
    for concept in set(g.subjects(RDF.type, SKOS.Concept)):
        if not isinstance(concept, URIRef):
            continue
        zh = next((str(o) for o in g.objects(concept, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "zh"),
                  "")
        en = next((str(o) for o in g.objects(concept, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "en"),
                  "")
        extra: dict[str, object] = {}
        mult = g.value(concept, ZG.unitMultiplier)
        if mult is not None:
            extra["multiplier"] = int(str(mult))
        for cls in g.objects(concept, RDF.type):
            if isinstance(cls, URIRef) and cls != SKOS.Concept:
                out.setdefault(cls, []).append(Concept(concept, zh, en, extra))
    return out


def _units(concepts: dict[URIRef, list[Concept]]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for c in concepts.get(ZG.Unit, []):
        if c.iri == ZGV["unit-none"]:
            continue  # "无单位" describes the absence of a unit; it is never printed
        units[c.zh] = Unit(c.zh, c.iri, int(str(c.extra.get("multiplier", 0))), c.en)
    base = {u.printed: u for u in units.values() if u.multiplier == 0}
    for word in MEASURE_WORDS:
        units.setdefault(word, Unit(word, None, 0))
        base.setdefault(word, units[word])
    for mag, power in MAGNITUDES.items():
        for printed in MAGNIFIABLE:
            units.setdefault(mag + printed, Unit(mag + printed, None, power + base[printed].multiplier))
    return units


@cache
def lexicon() -> Lexicon:
    """zgraph's vocabularies as lexicons (read once per process)."""
    g = load_files(paths.vocabulary_files())
    concepts = _concepts(g)
    return Lexicon(concepts, _units(concepts))


@cache
def countries() -> dict[str, str]:
    """Country and territory names in Chinese (CLDR, via Babel) → ISO 3166 code; China's own parts left out."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - babel is a dependency
        return {}
    out: dict[str, str] = {}
    for code, name in Locale("zh").territories.items():
        if code.isalpha() and len(code) == 2 and code not in ("HK", "MO", "TW", "CN") and len(name) >= 2:
            out[name] = code
    return out


@cache
def division_stems() -> dict[str, list[gazetteer.Division]]:
    """Short forms of province- and prefecture-level names (广东 for 广东省, 香港 for 香港特别行政区)."""
    out: dict[str, list[gazetteer.Division]] = {}
    for d in gazetteer.divisions().values():
        if d.level == "county":
            continue
        m = re.fullmatch(r"(.{2,}?)(省|市|特别行政区|自治区|壮族自治区|回族自治区|维吾尔自治区)", d.name)
        if m and len(m.group(1)) >= 2:
            out.setdefault(m.group(1), []).append(d)
    return out


def is_numeral(text: str) -> bool:
    """True when ``text`` is made only of Chinese numeral characters."""
    return bool(text) and all(c in CN_DIGITS for c in text)
