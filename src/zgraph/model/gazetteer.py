"""China's administrative divisions with their GB/T 2260 codes and coordinates, from the cpca package's table.

cpca (PyPI: "Chinese Province, City and Area Recognition Utilities") ships ``resources/adcodes.csv`` with a
12-digit code, the name and the longitude and latitude of every province, prefecture and county-level division.
It is read here directly (cpca's own import pulls in pandas); the first six digits are the GB/T 2260 code.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zgraph.model.errors import ZGraphError

#: How zgraph cites this table (a background source of division codes and coordinates).
SOURCE = "cpca resources/adcodes.csv (https://github.com/DQinYuan/chinese_province_city_area_mapper)"
#: Placeholder rows of the table that are not divisions of their own.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Division:
    """One division: its six-digit code, name, level and coordinates (None where the table has none)."""

    code: str
    name: str
    longitude: float | None
    latitude: float | None

    @property
    def level(self) -> str:
        """"province", "prefecture" or "county" (from the code's trailing zeros)."""
        if self.code.endswith("0000"):
            return "province"
        return "prefecture" if self.code.endswith("00") else "county"

    @property
    def parent_code(self) -> str | None:
        """The code of the division one level up (None for a province)."""
        if self.level == "province":
            return None
        return self.code[:2] + "0000" if self.level == "prefecture" else self.code[:4] + "00"


def table_path() -> Path:
    """Where the installed cpca package keeps its table; a missing package is a short error."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ZGraphError("the gazetteer comes from the cpca package: pip install cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@cache
def divisions() -> dict[str, Division]:
    """Every division by its six-digit code."""
    text = table_path().read_text(encoding="utf-8")
    out: dict[str, Division] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code, name = row["adcode"][:6], row["name"].strip()
        if not name or name in PLACEHOLDERS or len(row["adcode"]) < 6:
            continue
        lon, lat = row.get("longitude") or "", row.get("latitude") or ""
        out.setdefault(code, Division(code, name, float(lon) if lon else None, float(lat) if lat else None))
    return out


@cache
def _by_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = {}
    for d in sorted(divisions().values(), key=lambda d: d.code):
        index.setdefault(d.name, []).append(d)
    return index


def by_name(name: str) -> list[Division]:
    """The divisions called exactly ``name`` (several places share some names), by code."""
    return list(_by_name().get(name, []))


def by_code(code: str) -> Division | None:
    """The division with this six-digit code, if any."""
    return divisions().get(code)


def names() -> list[str]:
    """Every division name, longest first (for finding them in a text)."""
    return sorted(_by_name(), key=lambda n: (-len(n), n))
