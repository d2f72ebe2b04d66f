"""An independent reading of a record's span: is what the record claims written where it says?

Used by tests/test_offsets.py and tests/test_known_mutations.py. It shares no code with the extractor's
grounding or numbers modules on purpose: a check that reused them would agree with their mistakes.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an

CLAUSE_MARKS = set("，,；;。：:！!？?、\n﹐﹔﹕﹒﹗﹖")
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿点]+")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def value_written(value: float, unit: str | None, span: str) -> bool:
    """``value`` is written in ``span``: as digits standing alone, as a Chinese numeral, or in one of the
    guideline's word forms (千亿元 → 1000 亿元, 5千亿元 → 5000 亿元, 万亿元 → 10000 亿元, 突破亿吨 → 1, 翻番 → 100 %, 一半 → 50 %,
    三分之一 → 33.33 %)."""
    span = fold(span)
    if any(float(number) == value for number in re.findall(r"\d+(?:\.\d+)?", span.replace(",", ""))):
        return True
    for digits, hundreds in re.findall(r"(\d+(?:\.\d+)?)([千百])(?=[万亿])", span.replace(",", "")):
        if float(digits) * (1000 if hundreds == "千" else 100) == value:
            return True  # 5千亿元 → 5000 亿元
    for run in _CHINESE_NUMBER.findall(span):
        for piece in (run, run.rstrip("万亿")):
            piece = "一" + piece if piece[:1] in ("十", "百", "千") else piece
            try:
                if piece and float(cn2an.cn2an(piece.replace("两", "二"), "smart")) == value:
                    return True
            except (ValueError, KeyError, IndexError):
                continue
    if unit and value in (1000, 10000) and f"{'千' if value == 1000 else '万'}{unit}" in span:
        return True
    if unit and value == 1 and re.search(rf"(?:突破|达到|跃上|迈上|超过){re.escape(unit)}", span):
        return True
    if value == 100 and ("翻番" in span or "翻一番" in span):
        return True
    if value == 300 and "翻两番" in span:
        return True
    if value == 50 and "一半" in span:
        return True
    fraction = re.search(r"([一二三四五六七八九十])分之([一二三四五六七八九])", span)
    if fraction:
        den = cn2an.cn2an(fraction.group(1), "smart")
        num = cn2an.cn2an(fraction.group(2), "smart")
        return round(100 * num / den, 2) == value
    return False


def name_written(name: str, span: str) -> bool:
    """The project name is in the span, whole or distributed from a list ("建成徐水、曲阳城镇污水处理厂"
    gives 徐水城镇污水处理厂: its place and its type word are both written)."""
    name, span = fold(name), fold(span)
    if name not in span and "的" not in name:
        span = span.replace("的", "")  # "友联、友好两个新村的二期工程" gives 友联新村二期工程
    if name in span or any(name[:i] in span and name[i:] in span for i in range(2, len(name) - 1)):
        return True
    # a member of a 、-list between the list's head and its shared type word: "地铁二、三、四号线" gives 地铁三号线
    members = {
        piece for part in re.split(r"[、和及]", span) for piece in (part, part[-2:], part[:2], part[-1:], part[:1])
    }
    for member in filter(None, members):
        at = name.find(member)
        if at >= 0 and name[:at] in span and name[at + len(member) :] in span and len(name) > len(member) + 1:
            return True
    return False


def span_problems(record: dict, text: str) -> list[tuple[str, str]]:
    """(flag code that owns the problem, message) for what the record (target, result or project) claims but its span
    ``text[char_start:char_end]`` does not say. Code ``SPAN`` is a problem no flag excuses."""
    start, end = record.get("char_start"), record.get("char_end")
    if start is None or end is None:
        return [] if record.get("match") == "none" else [("SPAN", "no offsets but a match")]
    if not 0 <= start < end <= len(text):
        return [("SPAN", f"span {start}:{end} outside the text ({len(text)} characters)")]
    span = text[start:end]
    problems = []
    if span[0] in CLAUSE_MARKS or span[0].isspace() or span[-1] in CLAUSE_MARKS or span[-1].isspace():
        problems.append(("SPAN", f"span starts or ends with a mark: «{span}»"))
    folded = fold(span)
    if record["kind"] in ("target", "result"):
        for field in ("value", "value_high"):
            value = record.get(field)
            if value is not None and not value_written(value, record.get("unit"), span):
                problems.append(("VALUE_NOT_IN_QUOTE", f"{field} {value:g} not written in «{span}»"))
        unit = record.get("unit")
        if (
            unit
            and record.get("value") is not None
            and fold(unit) not in folded
            and fold(unit)
            not in re.sub(
                r"(?<=[万亿千])[多余]", "", folded
            )  # "4万多亿元", "10万余株", "2千多个": 多/余 inside the unit
            and not re.search("翻|百分之|千分之|分之|一半", span)
        ):
            problems.append(("UNIT_NOT_IN_QUOTE", f"unit {unit} not in «{span}»"))
        qualifier = record.get("qualifier")
        if qualifier and fold(qualifier) not in folded:
            problems.append(("QUALIFIER_MISMATCH", f"qualifier {qualifier} not in «{span}»"))
    else:
        if not name_written(record["name"], span):
            problems.append(("STAGE_NOT_IN_QUOTE", f"name {record['name']} not in «{span}»"))
        for piece in str(record.get("stage_raw") or "").split("…"):
            if piece and fold(piece) not in folded:
                problems.append(("STAGE_NOT_IN_QUOTE", f"stage word {piece} not in «{span}»"))
    return problems
