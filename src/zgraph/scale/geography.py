"""The real places a synthetic corpus is set in: Guangdong's receiving cities, their partner cities, their counties.

Names and GB/T 2260 codes come from the gazetteer (cpca); English names are the pinyin written here. The pairing
of receiving to partner city follows Guangdong's pairing-assistance rounds only roughly (cities whose real partner,
Dongguan or Zhongshan, has no county-level districts are given Foshan): it is illustrative, for synthetic data only.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zgraph.model import gazetteer


def data(name: str) -> dict:
    """One of the TOML files shipped with this package (data, not code): guangdong.toml, template.toml."""
    return tomllib.loads((resources.files("zgraph.scale") / name).read_text(encoding="utf-8"))


#: The template's receiving city and partner city (the seed report's; template.toml).
TEMPLATE_CITY: str = data("template.toml")["city"]
TEMPLATE_PARTNER: str = data("template.toml")["partner"]
#: Guangdong's receiving cities with their (illustrative) partner, and the pinyin of every division used
#: (guangdong.toml).
_TABLES = data("guangdong.toml")
PARTNER_OF: dict[str, str] = _TABLES["partner_of"]
PINYIN: dict[str, str] = _TABLES["pinyin"]
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
