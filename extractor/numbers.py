"""Numbers as reports write them: 6.5, ６．５ (folded upstream), 1,200, 六点五, 千, 1.2万.

Values are kept in the unit as written ("2.5万人次" is 2.5 with unit 万人次), so the check that a
value occurs in its quote compares numbers, not magnitudes. Chinese numerals are only read from
pure numeral spans so that names such as 十四五 or 一带一路 are never turned into numbers.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import cn2an

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
CHINESE = rf"[{CHINESE_DIGITS}]+"
_ARABIC_RE = re.compile(ARABIC)
_CHINESE_RE = re.compile(CHINESE)
_MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def fold(text: str) -> str:
    """NFKC, so full-width digits and punctuation compare equal to ASCII."""
    return unicodedata.normalize("NFKC", text)


def parse_number(token: str) -> Decimal | None:
    """An Arabic or pure Chinese numeral token as a Decimal, None when it is not a number."""
    token = fold(token).strip()
    if not token:
        return None
    if _ARABIC_RE.fullmatch(token):
        return Decimal(token.replace(",", ""))
    if _CHINESE_RE.fullmatch(token):
        if token in {"万", "亿"}:
            return None
        # A bare magnitude word such as 千 / 百 / 十 reads as 1000 / 100 / 10.
        try:
            value = cn2an.cn2an(token.replace("两", "二"), "smart")
        except (ValueError, KeyError, IndexError):
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return None


def as_float(value: Decimal) -> float:
    """Floats for the record models; integral values stay integral."""
    return float(value)


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in ``text``, each also with its 万/亿 magnitude applied.

    Used by the checks: a record's value must be one of these.
    """
    folded = fold(text)
    found: set[Decimal] = set()
    for match in re.finditer(rf"({ARABIC})([万亿]?)", folded):
        number = Decimal(match.group(1).replace(",", ""))
        found.add(number)
        if match.group(2):
            found.add(number * _MAGNITUDE[match.group(2)])
    for match in re.finditer(r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?", folded):
        value = parse_number(match.group(0))
        if value is not None:
            found.add(value)
    return found


def value_in_text(value: float, text: str) -> bool:
    """True when ``value`` is one of the numbers written in ``text``."""
    target = Decimal(str(value))
    return any(number == target for number in numbers_in(text))
