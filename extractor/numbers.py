"""Numbers as reports write them: 6.5, ６．５ (folded upstream), 1,200, 六点五, 千, 1.2万.

Values are kept in the unit as written ("2.5万人次" is 2.5 with unit 万人次), so the check that a
value occurs in its quote compares numbers, not magnitudes. Chinese numerals are only read from
pure numeral spans so that names such as 十四五 or 一带一路 are never turned into numbers.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
CHINESE = rf"[{CHINESE_DIGITS}]+"
_ARABIC_RE = re.compile(ARABIC)
ARABIC_HUNDREDS = r"(?<=\d)[千百](?=[万亿])"
""""5千亿元", "3百万": hundreds or thousands of the magnitude after them, written as a character after the digits."""
_WITH_HUNDREDS = re.compile(rf"({ARABIC})([千百])")
_CHINESE_RE = re.compile(CHINESE)
_MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def fold(text: str) -> str:
    """NFKC, so full-width digits and punctuation compare equal to ASCII."""
    return unicodedata.normalize("NFKC", text)


QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟＂「」『』〝〞″"} | {c: "'" for c in "‘’‚‛＇′"})
"""Every double quotation mark as ", every single one as ': a model that writes “ for " (or 「 for “)
has still copied the text. Grounding and the model's quote validator forgive exactly this."""


def parse_number(token: str) -> Decimal | None:
    """An Arabic or pure Chinese numeral token as a Decimal, None when it is not a number."""
    token = fold(token).strip()
    if not token:
        return None
    if _ARABIC_RE.fullmatch(token):
        return Decimal(token.replace(",", ""))
    if hundreds := _WITH_HUNDREDS.fullmatch(token):
        return Decimal(hundreds.group(1).replace(",", "")) * (1000 if hundreds.group(2) == "千" else 100)
    if _CHINESE_RE.fullmatch(token):
        return _chinese_number(token)
    return None


@lru_cache(maxsize=1024)
def _chinese_number(token: str) -> Decimal | None:
    """A pure Chinese numeral (六点五, 两千, 千) as a Decimal; kept, as reports write few distinct ones."""
    if token in {"万", "亿"}:
        return None
    # A bare magnitude word such as 千 / 百 / 十 reads as 1000 / 100 / 10.
    if token[0] in "十百千":
        token = "一" + token
    try:
        value = _cn2an()(token.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


MINUS_SIGNS = "-−－﹣"
PERCENT_WORDS = {"百分之": "%", "千分之": "‰"}
"""百分之六点五 is 6.5 %, 千分之三 is 3 ‰: the unit is written before the number."""


def minus_before(text: str, start: int) -> bool:
    """True when the number starting at ``start`` carries a minus sign ("增长-5%").

    A dash after a digit, a percent sign or a unit is a range ("5-6%", "5%-6%"), not a sign.
    """
    if start == 0 or text[start - 1] not in MINUS_SIGNS:
        return False
    if start < 2:
        return True  # "-5%" opening the text: nothing before it could make it a range
    before = text[start - 2]
    return not (before.isdigit() or before in "%‰.)）" or before in UNIT_ENDINGS)


UNIT_ENDINGS = "元人个家亩吨米户项所座条台套名场次处件批支位款种部辆艘间张天岁箱瓦点顷只株眼栋架颗片"
"""Last characters of the units (亿元, 万人, 个百分点…): a dash right after one is a range separator."""


def percent_word_before(text: str, start: int) -> str | None:
    """The unit written before the number at ``start`` in 百分之X / 千分之X, else None."""
    for word, unit in PERCENT_WORDS.items():
        if text[max(0, start - len(word)) : start] == word:
            return unit
    return None


@cache
def _cn2an() -> Any:
    """cn2an builds its converter when imported (0.1 s): only runs that meet a Chinese numeral pay."""
    import cn2an

    return cn2an.cn2an


def as_float(value: Decimal) -> float:
    """Floats for the record models; integral values stay integral."""
    return float(value)


_TOKEN = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千万亿翻])(?:"  # where a number can start: re skips other positions
    r"(?P<slash>(?<![\d/.])[1-9]\d?/[1-9]\d?(?![\d/]))"  # 占全省近1/4, 1/3: a share written as a fraction
    rf"|(?P<arabic>{ARABIC}(?:(?<=\d)\. \d+)?(?:{ARABIC_HUNDREDS})?)"  # "19. 3万平方米" (韶关 2010, from a PDF): a decimal broken by a space
    r"|(?P<fraction>[一二三四五六七八九十]分之[一二三四五六七八九])|(?P<half>一半)"  # 压缩三分之一: 33.33 %
    r"|(?P<tenths>[一二三四五六七八九]成)(?=以上|左右|多|$|[,，、;；。])"  # 九成以上, 超三成: 90 %, 30 %
    r"|(?P<chinese>[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)(?!氧化)"  # 二氧化硫 names a gas
    r"|(?P<wan>万)(?=亿)"  # 万亿元: ten thousand 亿元
    r"|(?<=突破|达到|跃上|迈上|超过)(?P<bare>)(?=[万亿])"  # 突破亿吨: one 亿吨
    r"|(?P<double>翻(?:一)?番|翻两番)"  # 翻番: +100 %, 翻两番: +300 %
    r")"
)


def fraction_percent(token: str) -> Decimal | None:
    """一半 → 50, 三分之一 → 33.33: a share written as a fraction, in percent (two decimals)."""
    if token == "一半":
        return Decimal(50)
    denominator, _, numerator = token.partition("分之")
    den, num = parse_number(denominator), parse_number(numerator)
    if not den or num is None:
        return None
    return (Decimal(100) * num / den).quantize(Decimal("0.01"))


@lru_cache(maxsize=256)
def number_tokens(text: str) -> tuple[tuple[int, int, Decimal], ...]:
    """(start, end, value) of every number written in ``text`` (already width-folded).

    Kept for the last few quotes: each record's quote is read by several checks.
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "arabic":
            digits = match.group(0).replace(",", "").replace(" ", "")
            # most tokens are plain digits: only "5千" (before 万/亿) needs the parser
            value: Decimal | None = Decimal(digits) if digits[-1].isdigit() else parse_number(digits)
        elif kind == "chinese":
            value = parse_number(match.group(0))
        elif kind == "wan":
            value = Decimal(10_000)
        elif kind == "bare":
            value = Decimal(1)
        elif kind in ("fraction", "half"):
            value = fraction_percent(match.group(0))
        elif kind == "slash":
            numerator, denominator = map(int, match.group(0).split("/"))
            value = (Decimal(100 * numerator) / denominator).quantize(Decimal("0.01"))
            if numerator >= denominator:
                value = None  # "3/2" is no share; its digits are read no further
        elif kind == "tenths":
            value = Decimal(10) * (parse_number(match.group(0)[0]) or 0)
        else:
            value = Decimal(300) if "两" in match.group(0) else Decimal(100)
        if value is not None:
            tokens.append((match.start(), match.end(), value))
    return tuple(tokens)


@lru_cache(maxsize=256)
def numbers_in(text: str) -> frozenset[Decimal]:
    """Every number written in ``text``, each also with its 万/亿 magnitude applied.

    Used by the checks: a record's value must be one of these. Kept for the last few quotes, as
    ``number_tokens``: the records of one clause share their quote.
    """
    folded = fold(text)
    found: set[Decimal] = set()
    for start, end, value in number_tokens(folded):
        found.add(value)
        magnitude = folded[end : end + 1]
        if magnitude in _MAGNITUDE and start != end:
            found.add(value * _MAGNITUDE[magnitude])
    return frozenset(found)


def value_in_text(value: float, text: str) -> bool:
    """True when ``value`` is one of the numbers written in ``text`` (Decimals equal in value hash
    alike: 5 and 5.0 are one)."""
    return Decimal(str(value)) in numbers_in(text)
