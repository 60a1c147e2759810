"""The real places a synthetic corpus is set in: Guangdong's receiving cities, their partner cities, their counties.

Names and GB/T 2260 codes come from the gazetteer (cpca); English names are the pinyin written here. The pairing
of receiving to partner city follows Guangdong's pairing-assistance rounds only roughly (cities whose real partner,
Dongguan or Zhongshan, has no county-level districts are given Foshan): it is illustrative, for synthetic data only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from zgraph.model import gazetteer

#: The template's receiving city and partner city (the seed report: Zhanjiang, paired with Guangzhou).
TEMPLATE_CITY, TEMPLATE_PARTNER = "440800", "440100"

#: The fifteen receiving cities of Guangdong's orderly-transfer policy, with their (illustrative) partner city.
PARTNER_OF = {
    "440800": "440100", "441400": "440100", "441800": "440100",  # Zhanjiang, Meizhou, Qingyuan ← Guangzhou
    "440500": "440300", "441600": "440300", "441500": "440300", "441300": "440300",  # Shantou … Huizhou ← Shenzhen
    "441700": "440400", "440900": "440400", "440700": "440400",  # Yangjiang, Maoming, Jiangmen ← Zhuhai
    "445300": "440600", "441200": "440600", "440200": "440600", "445200": "440600", "445100": "440600",  # ← Foshan
}

#: Pinyin of every city and county-level unit used (the English name: pinyin + District/County; a county-level
#: city is its pinyin alone, as in the seed's "Leizhou").
PINYIN = {
    "440100": "Guangzhou", "440103": "Liwan", "440104": "Yuexiu", "440105": "Haizhu", "440106": "Tianhe",
    "440111": "Baiyun", "440112": "Huangpu", "440113": "Panyu", "440114": "Huadu", "440115": "Nansha",
    "440117": "Conghua", "440118": "Zengcheng",
    "440200": "Shaoguan", "440203": "Wujiang", "440204": "Zhenjiang", "440205": "Qujiang", "440222": "Shixing",
    "440224": "Renhua", "440229": "Wengyuan", "440233": "Xinfeng", "440281": "Lechang", "440282": "Nanxiong",
    "440300": "Shenzhen", "440303": "Luohu", "440304": "Futian", "440305": "Nanshan", "440306": "Bao'an",
    "440307": "Longgang", "440308": "Yantian",
    "440400": "Zhuhai", "440402": "Xiangzhou", "440403": "Doumen", "440404": "Jinwan",
    "440500": "Shantou", "440507": "Longhu", "440511": "Jinping", "440512": "Haojiang", "440513": "Chaoyang",
    "440514": "Chaonan", "440515": "Chenghai", "440523": "Nan'ao",
    "440600": "Foshan", "440604": "Chancheng", "440605": "Nanhai", "440606": "Shunde", "440607": "Sanshui",
    "440608": "Gaoming",
    "440700": "Jiangmen", "440703": "Pengjiang", "440704": "Jianghai", "440705": "Xinhui", "440781": "Taishan",
    "440783": "Kaiping", "440784": "Heshan", "440785": "Enping",
    "440800": "Zhanjiang", "440802": "Chikan", "440803": "Xiashan", "440804": "Potou", "440811": "Mazhang",
    "440823": "Suixi", "440825": "Xuwen", "440881": "Lianjiang", "440882": "Leizhou", "440883": "Wuchuan",
    "440900": "Maoming", "440902": "Maonan", "440904": "Dianbai", "440981": "Gaozhou", "440982": "Huazhou",
    "440983": "Xinyi",
    "441200": "Zhaoqing", "441202": "Duanzhou", "441203": "Dinghu", "441204": "Gaoyao", "441223": "Guangning",
    "441224": "Huaiji", "441225": "Fengkai", "441226": "Deqing", "441284": "Sihui",
    "441300": "Huizhou", "441302": "Huicheng", "441303": "Huiyang", "441322": "Boluo", "441323": "Huidong",
    "441324": "Longmen",
    "441400": "Meizhou", "441402": "Meijiang", "441403": "Meixian", "441422": "Dabu", "441423": "Fengshun",
    "441424": "Wuhua", "441426": "Pingyuan", "441427": "Jiaoling", "441481": "Xingning",
    "441500": "Shanwei", "441521": "Haifeng", "441523": "Luhe", "441581": "Lufeng",
    "441600": "Heyuan", "441602": "Yuancheng", "441621": "Zijin", "441622": "Longchuan", "441623": "Lianping",
    "441624": "Heping", "441625": "Dongyuan",
    "441700": "Yangjiang", "441702": "Jiangcheng", "441704": "Yangdong", "441721": "Yangxi", "441781": "Yangchun",
    "441800": "Qingyuan", "441802": "Qingcheng", "441803": "Qingxin", "441821": "Fogang", "441823": "Yangshan",
    "441881": "Yingde", "441882": "Lianzhou",
    "445100": "Chaozhou", "445102": "Xiangqiao", "445103": "Chao'an", "445122": "Raoping",
    "445200": "Jieyang", "445202": "Rongcheng", "445203": "Jiedong", "445222": "Jiexi", "445224": "Huilai",
    "445281": "Puning",
    "445300": "Yunfu", "445302": "Yuncheng", "445303": "Yun'an", "445321": "Xinxing", "445322": "Yunan",
    "445381": "Luoding",
}
_SUFFIX_EN = {"区": " District", "县": " County", "市": ""}


@dataclass(frozen=True)
class Place:
    """A real division as a synthetic report names it: code, Chinese name and its short form, English name."""

    code: str
    zh: str
    en: str

    @property
    def core(self) -> str:
        """The name without its 市/区/县 (湛江, 遂溪), as running text often writes it."""
        return self.zh[:-1]

    @property
    def stem(self) -> str:
        """The English name without District/County (Suixi)."""
        return PINYIN[self.code]

    @property
    def slug(self) -> str:
        """The IRI word of the place (suixi, bao-an)."""
        return PINYIN[self.code].lower().replace("'", "-")


@cache
def place(code: str) -> Place:
    """The division with this code, named as above (only codes with a pinyin here)."""
    division = gazetteer.by_code(code)
    if division is None or code not in PINYIN:
        raise KeyError(code)
    level = division.level
    en = PINYIN[code] if level == "prefecture" else PINYIN[code] + _SUFFIX_EN[division.name[-1]]
    return Place(code, division.name, en)


@cache
def counties(city: str) -> tuple[Place, ...]:
    """The city's county-level units with a plain three-character name (X区, X县, X市), by code."""
    out = []
    for code, division in sorted(gazetteer.divisions().items()):
        if (division.level == "county" and division.parent_code == city and code in PINYIN
                and len(division.name) == 3 and division.name[-1] in _SUFFIX_EN):
            out.append(place(code))
    return tuple(out)


def role_places(template: tuple[str, ...], city: str, seed: int) -> dict[str, Place]:
    """Which of ``city``'s counties stands for each of the template's counties (codes of the template city's or
    partner's): the template city keeps its own; another city gets a seeded shuffle, cycled when it has fewer."""
    template_city = template[0][:4] + "00"
    if city == template_city:
        return {code: place(code) for code in template}
    own = list(counties(city))
    random.Random(f"{seed}:{city}").shuffle(own)
    return {code: own[i % len(own)] for i, code in enumerate(template)}
