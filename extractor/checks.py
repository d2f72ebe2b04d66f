"""Stage 5b: backend-independent checks that compare a record with its quote and section.

Each check is a small pure function returning flags; ``check_records`` runs them all and sets the
status. The same checks run on rule and model output, so a hallucinated number is caught the same
way whoever produced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from extractor import genre
from extractor.models import Flag, Project, Record, Result, Section, Target
from extractor.numbers import ARABIC, fold, minus_before, number_tokens, percent_word_before, value_in_text

PLAIN_WORDS: dict[str, str] = {
    "QUOTE_NOT_FOUND": "The quoted text could not be found in the report.",
    "QUOTE_FUZZY": "The quote matches the report only approximately; check the wording.",
    "VALUE_NOT_IN_QUOTE": "The number in the record is not written in the quote.",
    "UNIT_NOT_IN_QUOTE": "The unit does not appear next to the number in the quote.",
    "QUALIFIER_MISMATCH": "The bound word (以上/左右/以内…) differs from the one in the quote.",
    "INDICATOR_NOT_IN_QUOTE": "The indicator name does not appear in the quote.",
    "RETROSPECTIVE": "The record's own clause reports past results or an estimate, which are not targets.",
    "YEAR_UNKNOWN": "The year this target is for could not be read from the report; state it with --year or --meta.",
    "IMPLAUSIBLE": "The value is outside the plausible range for this kind of indicator.",
    "DUPLICATE": "The same indicator and value is already recorded for this document.",
    "STAGE_NOT_IN_QUOTE": "The project's stage word or name does not occur in the quote.",
    "MISSED_BY_MODEL": "Only the rules found this record; the model did not.",
    "NOT_FOUND_BY_RULES": "Only the model found this record; the rules did not.",
    "VALUE_DISAGREEMENT": "The rules and the model read different values from the same quote.",
    "DIRECTION_MISMATCH": "The quote writes the value with a minus sign, but the record says it increases.",
    "DAMAGED_TEXT": "The quote holds characters that could not be decoded (�); the value may be misread.",
}
QUALIFIER_WORDS = tuple(genre.BOUND_OF_QUALIFIER)
_AFTER_QUALIFIERS = genre.QUALIFIERS_AFTER
_BEFORE_QUALIFIERS = genre.QUALIFIERS_BEFORE


def _flag(code: str, severity: str, detail: str = "") -> Flag:
    message = PLAIN_WORDS.get(code, code)
    return Flag(code=code, severity=severity, message=f"{message} {detail}".strip())  # type: ignore[arg-type]


def _number_spans(quote: str, value: float) -> list[tuple[int, int]]:
    """Where numbers equal to ``value`` are written in the quote (Arabic, Chinese, 万亿, 翻番)."""
    target = Decimal(str(value))
    return [(start, end) for start, end, number in number_tokens(fold(quote)) if number == target]


def value_spans(quote: str, value: float) -> list[tuple[int, int]]:
    """Where ``value`` is written in ``quote`` (offsets into the quote; folding keeps them 1:1)."""
    return _number_spans(quote, value)


def qualifier_span(quote: str, value: float, unit: str | None) -> tuple[int, int] | None:
    """Where the bound word attached to ``value`` is written in ``quote`` (what QUALIFIER_MISMATCH means)."""
    word = attached_qualifier(quote, value, unit)
    if word is None:
        return None
    folded = fold(quote)
    for start, end in _number_spans(folded, value):
        before = folded.rfind(word, max(0, start - len(word) - 1), start)
        if before >= 0:
            return before, before + len(word)
        after = folded.find(word, end, end + 40)
        if after >= 0:
            return after, after + len(word)
    return None


def check_value(record: Record) -> list[Flag]:
    if not isinstance(record, Target | Result):
        return []
    flags = []
    for field in ("value", "value_high"):
        value = getattr(record, field)
        if value is not None and not value_in_text(value, record.quote):
            flags.append(_flag("VALUE_NOT_IN_QUOTE", "error", f"({field} {value:g} is not in «{record.quote}»)"))
    return flags


def check_unit(record: Record) -> list[Flag]:
    if not isinstance(record, Target | Result) or record.unit is None or record.value is None:
        return []
    quote = fold(record.quote)
    unit = fold(record.unit)
    for value in (record.value, record.value_high):
        if value is None:
            continue
        for start, end in _number_spans(quote, value):
            if unit in quote[end : end + len(unit) + 8] or quote[start:end].startswith("翻"):
                return []
            if percent_word_before(quote, start) == unit:
                return []  # 百分之六点五: the unit is written first
    return [_flag("UNIT_NOT_IN_QUOTE", "warning", f"(unit {record.unit})")]


def attached_qualifier(quote: str, value: float, unit: str | None) -> str | None:
    """The bound word written next to ``value`` in ``quote``.

    A trailing word after a list of values ("6.5%和7%以上") binds every value of the list.
    """
    folded = fold(quote)
    for start, end in _number_spans(folded, value):
        lead = start - (3 if percent_word_before(folded, start) else 0)  # 不低于百分之六
        before = folded[max(0, lead - 3) : lead]
        for word in _BEFORE_QUALIFIERS:
            if before.endswith(word):
                after = folded[end:]
                tail = re.match(rf"[万亿]?(?:{re.escape(fold(unit))})?" if unit else r"", after)
                rest = after[tail.end() if tail else 0 :]
                for post in _AFTER_QUALIFIERS:
                    if rest.startswith(post):
                        return post
                return word
        after = folded[end:]
        if unit:
            unit_match = re.match(rf"[万亿]?{re.escape(fold(unit))}|[万亿]?", after)
            after = after[unit_match.end() if unit_match else 0 :]
        list_tail = re.match(
            rf"(?:[%‰]?(?:[-－~—至到]|和|、|及)(?:{ARABIC})[^\d,;。和、]{{0,6}}?)*?({'|'.join(_AFTER_QUALIFIERS)})",
            after,
        )
        if list_tail and list_tail.start(1) <= 30:
            return list_tail.group(1)
        for word in _AFTER_QUALIFIERS:
            if after.startswith(word):
                return word
        return None
    return None


def check_qualifier(record: Record) -> list[Flag]:
    if not isinstance(record, Target) or record.value is None:
        return []
    if not _number_spans(fold(record.quote), record.value):
        return []  # VALUE_NOT_IN_QUOTE already says it
    written = attached_qualifier(record.quote, record.value_high or record.value, record.unit)
    if written != record.qualifier:
        return [_flag("QUALIFIER_MISMATCH", "warning", f"(record: {record.qualifier or '—'}, quote: {written or '—'})")]
    return []


def check_indicator(record: Record) -> list[Flag]:
    if not isinstance(record, Target | Result):
        return []
    indicator = fold(record.indicator)
    quote = fold(record.quote)
    if indicator in quote:
        return []
    # Indicators distributed from a list ("城镇、农村常住居民…") are written in pieces.
    covered = sum(1 for char in indicator if char in quote) / max(1, len(indicator))
    if covered >= 0.9 and indicator[:2] in quote:
        return []
    return [_flag("INDICATOR_NOT_IN_QUOTE", "warning", f"({record.indicator})")]


def check_retrospective(
    record: Record,
    section: Section | None,
    text: str | None = None,
    plan_year: int | None = None,
    reader: genre.TenseReader | None = None,
) -> list[Flag]:
    """The record's own clause, read with its sentence (``genre.tense_at``), reports the past.

    A forward multi-year goal ("“十三五”时期…年均增长6.5%以上") is a goal, never retrospective; a
    clause with no cue of its own is judged by its sentence and then by its section.
    """
    kind = section.kind if section is not None else None
    if text is None or record.char_start is None:
        if kind == "review":
            return [_flag("RETROSPECTIVE", "warning", f"(section: {' / '.join(section.path) or 'preamble'})")]  # type: ignore[union-attr]
        return []
    year = (section.year if section is not None else None) or plan_year
    tense, cue = (reader or genre.TenseReader(text)).at(record.char_start, year, kind)
    if tense != "past":
        return []
    if cue:
        return [_flag("RETROSPECTIVE", "warning", f"(«{cue}»)")]
    return [_flag("RETROSPECTIVE", "warning", f"(section: {' / '.join(section.path) if section else 'preamble'})")]


def check_year(record: Record) -> list[Flag]:
    if (isinstance(record, Target) and record.target_year is None) or (
        isinstance(record, Result) and record.year is None
    ):
        return [_flag("YEAR_UNKNOWN", "warning")]
    return []


_GROWTH_LIMIT = {"gdp": 15.0, "general_budget_revenue": 30.0, "fiscal_total_revenue": 30.0}
_MONEY_LIMIT = {"万亿元": 300.0, "亿元": 3e6, "万元": 3e10, "元": 3e14, "亿美元": 5e5, "万美元": 5e9, "美元": 5e13}
"""More than three times China's yearly output (about 130万亿元) is no region's goal."""
DIGITS_LIMIT = 1e12
"""A value of 13 digits or more in any unit is a run of digits, not a goal."""


def check_plausible(record: Record) -> list[Flag]:
    if not isinstance(record, Target) or record.value is None:
        return []
    problems = []
    if record.value < 0 or (record.value_high is not None and record.value_high < 0):
        problems.append("negative value")
    if record.value_high is not None and record.value_high < record.value:
        problems.append("range low end above high end")
    if record.unit == "%" and record.metric == "share" and max(record.value, record.value_high or 0) > 100:
        problems.append("a share over 100%")
    if record.unit == "%" and record.metric == "growth" and "翻" not in record.quote:
        limit = _GROWTH_LIMIT.get(record.indicator_id, 60.0)
        if record.value > limit:
            problems.append(f"growth above {limit:g}%")
    if record.metric == "change_pp" and record.value > 20:
        problems.append("a change over 20 percentage points")
    largest = max(abs(record.value), abs(record.value_high or 0))
    if record.unit in _MONEY_LIMIT and largest > _MONEY_LIMIT[record.unit]:
        problems.append(f"{largest:g} {record.unit} is more than the national economy")
    elif largest >= DIGITS_LIMIT:
        problems.append(f"a {len(str(int(largest)))}-digit value")
    if not problems:
        return []
    return [_flag("IMPLAUSIBLE", "warning", f"({'; '.join(problems)})")]


def check_stage(record: Record) -> list[Flag]:
    if not isinstance(record, Project):
        return []
    quote = fold(record.quote)
    missing = []
    if fold(record.stage_raw) not in quote:
        missing.append(f"stage word {record.stage_raw}")
    if fold(record.name) not in quote:
        missing.append(f"name {record.name}")
    if not missing:
        return []
    return [_flag("STAGE_NOT_IN_QUOTE", "warning", f"({', '.join(missing)} not in quote)")]


def check_sign(record: Record) -> list[Flag]:
    """ "增长-5%" is a decline (docs/annotation.md): a signed growth read as an increase is flagged."""
    if not isinstance(record, Target) or record.value is None or record.direction != "increase":
        return []
    if record.metric not in ("growth", "change_pp") or record.value < 0:
        return []  # a negative value is IMPLAUSIBLE already
    quote = fold(record.quote)
    if any(minus_before(quote, start) for start, _ in _number_spans(quote, record.value)):
        return [_flag("DIRECTION_MISMATCH", "warning", f"(«{record.quote}»)")]
    return []


def check_damaged(record: Record) -> list[Flag]:
    """Bytes the decoder had to replace (U+FFFD) may sit inside the value or the indicator."""
    if "\ufffd" in record.quote:
        return [_flag("DAMAGED_TEXT", "warning")]
    return []


RECORD_CHECKS: Sequence[Callable[[Record], list[Flag]]] = (
    check_value,
    check_sign,
    check_damaged,
    check_unit,
    check_qualifier,
    check_indicator,
    check_plausible,
    check_stage,
    check_year,
)


def duplicate_key(record: Record) -> tuple[object, ...]:
    if isinstance(record, Target | Result):
        indicator = record.indicator_id if record.indicator_id != "other" else record.indicator
        year = record.target_year if isinstance(record, Target) else record.year
        return (record.kind, indicator, record.value, record.unit, year, record.metric)
    return ("project", record.name, record.stage)


def status_for(flags: Sequence[Flag]) -> str:
    return "flagged" if any(f.severity in ("error", "warning") for f in flags) else "ok"


def check_records(
    records: Sequence[Record],
    sections_for: Callable[[Record], Section | None],
    text: str | None = None,
    plan_year: int | None = None,
) -> list[Record]:
    """Run every check on every record of one document, in document order.

    Only grounded records are compared with their quote; an ungrounded one already carries
    QUOTE_NOT_FOUND and its other checks would only repeat it.
    """
    seen: set[tuple[object, ...]] = set()
    checked: list[Record] = []
    reader = genre.TenseReader(text) if text is not None else None
    for record in records:
        flags = list(record.flags)
        if record.char_start is not None:
            for check in RECORD_CHECKS:
                flags.extend(check(record))
            if not isinstance(record, Result):  # a result is the past by definition
                flags.extend(check_retrospective(record, sections_for(record), text, plan_year, reader))
        key = duplicate_key(record)
        if key in seen:
            flags.append(_flag("DUPLICATE", "info"))
        seen.add(key)
        unique = _dedupe_flags(flags)
        checked.append(record.model_copy(update={"flags": unique, "status": status_for(unique)}))
    return checked


def _dedupe_flags(flags: list[Flag]) -> list[Flag]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for flag in flags:
        key = (flag.code, flag.message)
        if key not in seen:
            seen.add(key)
            unique.append(flag)
    return unique
