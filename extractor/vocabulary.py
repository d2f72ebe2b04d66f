"""The canonical indicator vocabulary (schemas/indicators.json) and lookup of indicator ids."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "schemas" / "indicators.json"


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCABULARY_PATH) -> tuple[Indicator, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Indicator(id=item["id"], name=item["name"], aliases=tuple(item["aliases"])) for item in data["indicators"]
    )


@lru_cache(maxsize=4096)
def indicator_id_for(phrase: str) -> str:
    """The id whose alias occurs earliest in ``phrase`` (longest alias on ties), else ``other``.

    Earliest wins because in "高新技术产业增加值占规上工业增加值比重" the subject comes first.
    """
    best: tuple[int, int, str] | None = None
    upper = phrase.upper()
    for indicator in load_vocabulary():
        for alias in indicator.aliases:
            position = upper.find(alias.upper())
            if position < 0:
                continue
            key = (position, -len(alias), indicator.id)
            if best is None or key < best:
                best = key
    return best[2] if best else "other"


def known_ids() -> set[str]:
    return {indicator.id for indicator in load_vocabulary()} | {"other"}
