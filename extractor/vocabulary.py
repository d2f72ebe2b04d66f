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


@lru_cache(maxsize=1)
def _vocabulary_file(path: Path = VOCABULARY_PATH) -> dict[str, Any]:
    """schemas/indicators.json, read once for the indicators and the distinct statistics."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCABULARY_PATH) -> tuple[Indicator, ...]:
    data = _vocabulary_file(path)
    return tuple(
        Indicator(id=item["id"], name=item["name"], aliases=tuple(item["aliases"])) for item in data["indicators"]
    )


_DERIVED = re.compile(r"比重|占比|比例|倍差|差距|之比|比值|贡献率|覆盖率|覆盖面")


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
    """The id of the longest alias found in ``phrase`` (the earliest on ties), else ``other``.

    The longest is the most specific: "单位工业增加值能耗" is energy intensity, not industrial value
    added; "10亿元以上项目" is its own threshold, not "亿元以上项目". A share or gap built from X is
    not X ("数字经济核心产业增加值占GDP比重" is ``other``) unless the alias itself names the ratio.
    """
    best: tuple[int, int, str, str] | None = None
    upper = phrase.upper()
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
    if _DERIVED.search(phrase) and not _DERIVED.search(best[3]):
        return "other"
    if any(best[3].upper() in name and name in upper for name in _distinct_statistics()):
        return "other"  # 户籍人口城镇化率 holds 城镇化率 but is a statistic of its own
    return best[2]


@lru_cache(maxsize=1)
def _distinct_statistics(path: Path = VOCABULARY_PATH) -> tuple[str, ...]:
    """Names of statistics that hold another indicator's alias (the vocabulary's ``distinct`` list), upper-cased."""
    return tuple(name.upper() for name in _vocabulary_file(path).get("distinct", ()))


def known_ids() -> set[str]:
    return {indicator.id for indicator in load_vocabulary()} | {"other"}
