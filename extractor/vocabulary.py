"""The canonical indicator vocabulary (schemas/indicators.json) and lookup of indicator ids."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.resources import data_dir

VOCABULARY_PATH = data_dir("schemas") / "indicators.json"


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    aliases: tuple[str, ...]
    exact: tuple[str, ...] = ()
    """Names that count only as the whole phrase (就业, 项目): inside a longer phrase they name something else."""


@lru_cache(maxsize=1)
def _vocabulary_file(path: Path = VOCABULARY_PATH) -> dict[str, Any]:
    """schemas/indicators.json, read once for the indicators and the distinct statistics."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCABULARY_PATH) -> tuple[Indicator, ...]:
    data = _vocabulary_file(path)
    return tuple(
        Indicator(id=item["id"], name=item["name"], aliases=tuple(item["aliases"]), exact=tuple(item.get("exact", ())))
        for item in data["indicators"]
    )


_DERIVED = re.compile(r"比重|占比|比例|比率|倍差|差距|之比|比值|贡献率|覆盖率|覆盖面|相当于")

_QUOTE_MARKS = re.compile(r"[“”‘’\"'「」『』]")
_PM25 = re.compile(r"PM_?[(（]?2\.5[)）]?|PM₂\.₅")
_PM25_IN_BRACKETS = re.compile(r"[(（]PM2\.5[)）](?=\S)")
_VERB_BEFORE_AMOUNT = re.compile(r"(?<=\S)(?:实现|完成)(?=增加值|产值|新增|营业收入)")


def _lookup_form(phrase: str) -> str:
    """The phrase as aliases are written: quote marks and a verb before the amount left out ("“四上”企业",
    "规模以上工业完成增加值", "第三产业实现增加值"), PM2.5 written one way ("细颗粒物(PM_2.5)年平均浓度"), upper-cased."""
    text = _PM25.sub("PM2.5", _QUOTE_MARKS.sub("", phrase).upper())
    return _VERB_BEFORE_AMOUNT.sub("", _PM25_IN_BRACKETS.sub("", text))


_PER_OUTPUT = re.compile(
    r"^[^，,、]{0,6}?(?:(?P<energy>能耗|能源消耗|耗能)|(?P<carbon>二氧化碳|碳排放)|(?P<water>用水|水耗)|耗|用地)"
)
"""What follows an output's name in a per-unit statistic: 万元GDP综合能耗, 单位地区生产总值二氧化碳排放, 亿元生产总值地耗."""
_PER_OUTPUT_IDS = {"energy": "energy_intensity", "carbon": "carbon_intensity", "water": "water_intensity"}
_RD_RATIO = re.compile(r"(?:研发|研究与试验发展|R&D)[^，,、]{0,8}?(?:占|与|相当于)[^，,、]{0,8}?(?:生产总值|GDP)")
"""R&D spending over output, however written ("研究与试验发展经费支出占国内生产总值比重", "研发支出与地区生产总值之比",
"全社会研发经费支出相当于全市生产总值的比例"): the one ratio the vocabulary has an id for."""
_AMOUNT_AFTER = re.compile(r"投资|资金|利润|收入|产值|增加值|融资|税|费|营业|营收|补助|补贴|减负|负担|成本")


@lru_cache(maxsize=1)
def _aliases_by_first_char() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """(upper-cased alias, id, alias) grouped by the alias's first character, built once: a phrase
    can only contain the aliases that start with one of its own characters."""
    index: dict[str, list[tuple[str, str, str]]] = {}
    for indicator in load_vocabulary():
        for alias in indicator.aliases:
            upper = alias.upper()
            if upper:
                index.setdefault(upper[0], []).append((upper, indicator.id, alias))
    return {char: tuple(entries) for char, entries in index.items()}


@lru_cache(maxsize=4096)
def indicator_id_for(phrase: str) -> str:
    """The id of the whole phrase when it is an exact name, else of the longest alias found in ``phrase`` (the
    earliest on ties), else ``other``.

    The longest is the most specific: "单位工业增加值能耗" is energy intensity, not industrial value
    added; "10亿元以上项目" is its own threshold, not "亿元以上项目". A share or gap built from X is
    not X ("数字经济核心产业增加值占GDP比重", "占全市生产总值的" are ``other``) unless the alias itself names the ratio
    (R&D spending over output is ``rd_intensity`` however written); a statistic of its own holding the alias (the
    ``distinct`` list) is ``other``; a per-unit statistic of output is its own indicator or none (万元GDP综合能耗 is
    ``energy_intensity``, 亿元生产总值地耗 ``other``); money written after things counted is not their count
    (重点项目完成投资 is ``other``). docs/annotation.md 3.3 chooses ids by meaning; these are its shapes.
    """
    upper = _lookup_form(phrase)
    exact = _exact_names().get(upper.strip())
    if exact is not None:
        return exact
    if _RD_RATIO.search(upper):
        return "rd_intensity"
    best: tuple[int, int, str, str] | None = None
    index = _aliases_by_first_char()
    for char in set(upper):
        for alias_upper, indicator_id, alias in index.get(char, ()):
            position = upper.find(alias_upper)
            if position < 0:
                continue
            key = (-len(alias), position, indicator_id, alias)
            if best is None or key < best:
                best = key
    if best is None:
        return "other"
    _, position, indicator_id, alias = best
    after = upper[position + len(alias) :]
    if _DERIVED.search(upper) and not _DERIVED.search(alias):
        return "other"
    if "占" in upper[:position] and "占" not in alias:
        return "other"  # "绿色经济占地区生产总值", "民生支出占一般公共预算支出的": a share of X, not X
    if any(_inside(name, upper, position) for name in _distinct_statistics()):
        return "other"  # 户籍人口城镇化率 holds 城镇化率 but is a statistic of its own
    if indicator_id == "gdp" and (per_output := _PER_OUTPUT.match(after)) is not None:
        # a per-unit statistic of output (万元GDP综合能耗): its own indicator, or none of the vocabulary's
        return next((_PER_OUTPUT_IDS[kind] for kind, found in per_output.groupdict().items() if found), "other")
    if indicator_id in _counted_ids() and _AMOUNT_AFTER.search(after):
        return "other"  # "重点项目完成投资", "规模以上工业企业实现利润": money of the things counted, not their count
    return indicator_id


def _inside(name: str, phrase: str, position: int) -> bool:
    """Whether the alias found at ``position`` starts inside an occurrence of ``name`` in the phrase: 城镇化率 inside
    户籍人口城镇化率, 出口额 inside 跨境电商出口额 (the distinct name may stop before the alias ends)."""
    start = phrase.find(name)
    while start >= 0:
        if start <= position < start + len(name):
            return True
        start = phrase.find(name, start + 1)
    return False


@lru_cache(maxsize=1)
def _exact_names() -> dict[str, str]:
    """Names that count only as the whole phrase (the vocabulary's ``exact``), upper-cased, with their ids."""
    return {name.upper(): indicator.id for indicator in load_vocabulary() for name in indicator.exact}


@lru_cache(maxsize=1)
def _counted_ids(path: Path = VOCABULARY_PATH) -> frozenset[str]:
    """Indicators that count things (the vocabulary's ``counted`` list): projects, firms, dwellings."""
    return frozenset(_vocabulary_file(path).get("counted", ()))


@lru_cache(maxsize=1)
def _distinct_statistics(path: Path = VOCABULARY_PATH) -> tuple[str, ...]:
    """Names of statistics that hold another indicator's alias (the vocabulary's ``distinct`` list), upper-cased."""
    return tuple(name.upper() for name in _vocabulary_file(path).get("distinct", ()))


def counts_things(indicator_id: str) -> bool:
    """Whether the indicator counts things (projects, firms, dwellings) rather than an amount of money or output."""
    return indicator_id in _counted_ids()


def known_ids() -> set[str]:
    return {indicator.id for indicator in load_vocabulary()} | {"other"}
