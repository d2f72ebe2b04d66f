"""Numbers as reports write them: 6.5, ６．５ (folded upstream), 1,200, 六点五, 千, 1.2万.

Values are kept in the unit as written ("2.5万人次" is 2.5 with unit 万人次), so the check that a
value occurs in its quote compares numbers, not magnitudes. Chinese numerals are only read from
pure numeral spans so that names such as 十四五 or 一带一路 are never turned into numbers.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

ARABIC = r"(?<!\$)\d+(?:,\d{3})*(?:\.\d+)?"
"""Digits as reports write them; not the $1, $2 a faulty conversion left where figures were ("控制在$1.$2%", 合肥 2008)."""
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
CHINESE = rf"[{CHINESE_DIGITS}]+"
_ARABIC_RE = re.compile(ARABIC)
ARABIC_HUNDREDS = r"(?<=\d)[千百](?=[万亿])"
""""5千亿元", "3百万": hundreds or thousands of the magnitude after them, written as a character after the digits."""
_WITH_HUNDREDS = re.compile(rf"({ARABIC})([千百])")
_CHINESE_RE = re.compile(CHINESE)
_MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


CONVERSION_PLACEHOLDER = re.compile(r"\$\d")
"""A regular expression's group reference ($1) written into the text by the tool that converted it, in place of the
figures it matched: nine of the 2,942 reports of github.com/lawtext/gov ("地区生产总值增长$1.$2倍")."""


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


_DIGIT_VALUE = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_VALUE = {**_DIGIT_VALUE, **_SMALL_UNIT, "万": 10_000, "亿": 100_000_000}


@lru_cache(maxsize=1024)
def _chinese_number(token: str) -> Decimal | None:
    """A pure Chinese numeral (六点五, 两千, 千, 二〇二五, 三万五) as a Decimal, None when it is no well-formed number.

    Read here rather than by a library: the one that reads them builds its converters when imported (0.3 s of CPU
    in every process that meets a numeral), and reports write few distinct numerals. tests/test_numbers.py checks
    this reader against that library (cn2an) on every numeral of the corpus and on generated ones.
    """
    whole, point, fraction = token.partition("点")
    if point and not (fraction and all(ch in _DIGIT_VALUE for ch in fraction)):
        integer = None if not whole or fraction else _chinese_integer(whole)  # "五点": five; "点五", "一点五万": none
        return None if integer is None else Decimal(integer)
    integer = _chinese_integer(whole)
    if integer is None:
        return None
    if not point:
        return Decimal(integer)
    return Decimal(f"{integer}.{''.join(str(_DIGIT_VALUE[ch]) for ch in fraction)}")


def _chinese_integer(text: str) -> int | None:
    """The integer a Chinese numeral writes: positional (三百五十万亿, 一百十一), a digit string (二〇二五) or with its
    last unit left out (二百五 is 250, 三万五 is 35,000). None when the units are out of order (十十, 一万万) or the unit
    left out is a guess (六千六万: 6,060,000 or 66,000,000? 二亿五千: 200,005,000 or 250,000,000?)."""
    if not text or any(ch not in _NUMERAL_VALUE for ch in text):
        return None
    if all(ch in _DIGIT_VALUE for ch in text):
        return int("".join(str(_DIGIT_VALUE[ch]) for ch in text))  # 二〇二五, 一二三, 零五
    if text[0] in _SMALL_UNIT:
        text = "一" + text  # 十五, 百万: a bare magnitude word reads as one of it
    done = 0  # what the 亿 and 万 read so far hold
    group = 0  # below the last 万 or 亿
    digit: int | None = None  # a digit waiting for its unit
    unit_before = 0  # the last unit read: units fall within a group, and a trailing digit takes the next one down
    zero = False  # a 零 since the last unit: the digit after it is what it says (一百零五)
    ten_thousands = False  # a 万 in this 亿 group already
    previous = " "  # no character before the first
    hundred_millions = False  # a 亿 already: a second one would multiply all again (一千亿五百亿)
    for ch in text:
        if ch in _DIGIT_VALUE:
            if digit is not None or (_DIGIT_VALUE[ch] == 0 and (zero or previous == "十" or not (group or done))):
                return None  # 一二十, 一百零零五, 七十零, 零三百
            if _DIGIT_VALUE[ch] == 0:
                zero = True
            else:
                digit = _DIGIT_VALUE[ch]
        elif ch in _SMALL_UNIT:
            unit = _SMALL_UNIT[ch]
            if digit is None and (unit != 10 or previous not in "百零"):
                return None  # a unit with no digit (一百十一, 一千零十: 十 alone is one ten, after 百 or 零)
            if unit_before and (unit >= unit_before or (zero and unit_before // unit < 100)):
                return None  # 十十, 一千一千; a 零 stands for a place left out (一千零五十, not 三百零三十)
            group += (digit or 1) * unit
            digit, unit_before, zero = None, unit, False
        else:  # 万 or 亿
            if (digit is None and group == 0 and not (ch == "亿" and unit_before == 10_000)) or previous in "零〇":
                return None  # 万 alone, 一亿万, 一千零亿
            if digit is not None and unit_before in (100, 1000, 10_000) and not zero:
                return None  # 六千六万, 三万七亿: which unit the 六 or 七 leaves out is a guess
            value = group + (digit or 0)
            if ch == "万":
                if ten_thousands:
                    return None  # 一万万
                done += value * 10_000
                ten_thousands = True
            else:
                if hundred_millions:
                    return None
                done = (done + value) * 100_000_000
                ten_thousands, hundred_millions = False, True
            group, digit, unit_before, zero = 0, None, 10_000 if ch == "万" else 100_000_000, False
        previous = ch
    if zero and previous in "零〇" and unit_before >= 10_000 and digit is None and not group:
        return None  # 一亿零: a 零 closing a 万 or 亿 stands for nothing
    if (
        hundred_millions
        and not ten_thousands
        and (digit is not None or group or zero)
        and text[text.index("亿") + 1] != "零"
    ):
        return None  # 二亿五千, 七千亿三: after 亿 the 万 left out is a guess; 一亿零五 is 100,000,005
    if digit is not None:
        if unit_before > 10 and not zero:
            digit *= unit_before // 10  # 二百五: 250, 三万五: 35,000, 一千二: 1,200
        group += digit
    return done + group


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
