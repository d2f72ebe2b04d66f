"""Stage 5b: backend-independent checks that compare a record with its quote and section.

Each check is a small pure function returning flags; ``check_records`` runs them all and sets the
status. The same checks run on rule and model output, so a hallucinated number is caught the same
way whoever produced it.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from extractor import genre
from extractor.models import Flag, Project, Record, Result, Section, Target
from extractor.numbers import ARABIC, fold, minus_before, number_tokens, percent_word_before, value_in_text
from extractor.resources import data_dir

PLAIN_WORDS: dict[str, str] = {
    "QUOTE_NOT_FOUND": "The quoted text could not be found in the report.",
    "QUOTE_FUZZY": "The quote matches the report only approximately; check the wording.",
    "QUOTE_JOINED": "The quote joins pieces of text with an ellipsis; a quote is one continuous span.",
    "VALUE_NOT_IN_QUOTE": "The number in the record is not written in the quote.",
    "UNIT_NOT_IN_QUOTE": "The unit written next to the number in the quote is not the record's unit.",
    "QUALIFIER_MISMATCH": "The bound word (以上/左右/以内…) differs from the one in the quote.",
    "INDICATOR_NOT_IN_QUOTE": "The indicator name does not appear in the quote or the sentence before it.",
    "LIST_ORDER": "In this list the value belongs to another indicator (values follow the order of the indicators).",
    "DIRECTION_MISMATCH": "The direction (increase/decrease/maintain) contradicts the verb or the sign of the quote.",
    "DAMAGED_TEXT": "The quote holds characters that could not be decoded (�); the value may be misread.",
    "METRIC_MISMATCH": "The metric (growth/share/level/count…) does not fit the unit or the words of the quote.",
    "MODALITY_NOT_IN_TEXT": "The modality word (确保/力争…) is not written in the sentence.",
    "RETROSPECTIVE": "The record's own clause reports past results or an estimate, which are not targets.",
    "YEAR_UNKNOWN": "The year this target or result is for could not be read from the report; state it with --year or --meta.",
    "YEAR_MISMATCH": "The year is not one the text gives: for a target the section's, the report's or one the "
    "sentence names; for a result the year its sentence or section reports on.",
    "IMPLAUSIBLE": "The value is outside the plausible range for this kind of indicator.",
    "DUPLICATE": "The same indicator and value is already recorded for this document.",
    "STAGE_NOT_IN_QUOTE": "The project's stage word does not occur in the quote.",
    "STAGE_MISMATCH": "The stage differs from the one its stage word names.",
    "NAME_NOT_IN_QUOTE": "The project's name does not occur in the quote.",
    "STAGE_IN_NAME": "The name ends with a stage word; the stage is not part of the name.",
    "GENERIC_PROJECT": "The name is a kind of project (重大项目, 基础设施项目…), not a named project.",
    "MISSED_BY_MODEL": "Only the rules found this record; the model did not.",
    "NOT_FOUND_BY_RULES": "Only the model found this record; the rules did not.",
    "VALUE_DISAGREEMENT": "The rules and the model read different values from the same quote.",
    "READING_DISAGREEMENT": "The rules and the model read this record differently (both readings shown).",
    "READINGS_SETTLED": "The rules and the model read this record differently; the text supports the kept reading.",
}
FIELDS_OF_FLAG: dict[str, set[str]] = {
    "VALUE_NOT_IN_QUOTE": {"value", "value_high"},
    "LIST_ORDER": {"value", "value_high"},
    "IMPLAUSIBLE": {"value", "value_high"},
    "UNIT_NOT_IN_QUOTE": {"unit"},
    "QUALIFIER_MISMATCH": {"qualifier", "bound"},
    "DIRECTION_MISMATCH": {"direction"},
    "METRIC_MISMATCH": {"metric"},
    "YEAR_MISMATCH": {"target_year", "year"},
    "YEAR_UNKNOWN": {"target_year", "year"},
    "STAGE_NOT_IN_QUOTE": {"stage"},
    "STAGE_MISMATCH": {"stage"},
    "NAME_NOT_IN_QUOTE": {"name"},
    "GENERIC_PROJECT": {"name"},
    "STAGE_IN_NAME": {"name"},
}
"""Which record fields a flag doubts: hybrid merging keeps, of two differing readings, the one the
text supports (``backends/hybrid.py``)."""
QUALIFIER_WORDS = tuple(genre.BOUND_OF_QUALIFIER)
Measured = Target | Result
"""A record with a value read off the text: a goal or an achieved figure. Value, unit, indicator,
direction, metric, plausibility and list order are checked alike on both; bound words, modality,
headline and retrospection concern goals only, and a result's year is ``year`` (``check_result_year``)."""
_AFTER_QUALIFIERS = genre.QUALIFIERS_AFTER
_BEFORE_QUALIFIERS = genre.QUALIFIERS_BEFORE


def _flag(code: str, severity: str, detail: str = "") -> Flag:
    message = PLAIN_WORDS.get(code, code)
    return Flag(code=code, severity=severity, message=f"{message} {detail}".strip())  # type: ignore[arg-type]


def _number_spans(quote: str, value: float) -> list[tuple[int, int]]:
    """Where numbers equal to ``value`` are written in the quote (Arabic, Chinese, 万亿, 翻番)."""
    return list(_spans_of_value(quote, value))


@functools.lru_cache(maxsize=256)
def _spans_of_value(quote: str, value: float) -> tuple[tuple[int, int], ...]:
    """``_number_spans``, kept for the last few quotes: each record's quote is read by several checks."""
    target = Decimal(str(value))
    return tuple((start, end) for start, end, number in number_tokens(fold(quote)) if number == target)


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
        reach = genre.ADVERB_REACH.get(word, 1)  # "年内至少降低30%": as far as attached_qualifier reads it
        before = folded.rfind(word, max(0, start - len(word) - reach), start)
        if before >= 0 and folded[before + len(word) : start] not in ("和", "、"):
            return before, before + len(word)  # not the word of the value before ("170万元以上和34万元以上")
        after = folded.find(word, end, end + 40)
        if after >= 0:
            return after, after + len(word)
    return None


def check_value(record: Record) -> list[Flag]:
    if not isinstance(record, Measured):
        return []
    flags = []
    for field in ("value", "value_high"):
        value = getattr(record, field)
        if value is not None and not value_in_text(value, record.quote):
            flags.append(_flag("VALUE_NOT_IN_QUOTE", "error", f"({field} {value:g} is not in «{record.quote}»)"))
    return flags


_SKIP_AFTER_NUMBER = re.compile(rf"^\s*(?:[多余])?(?:[-－~～—–至到](?:{ARABIC}))?(?:[多余])?\s*")
_MAGNITUDE_MORE = re.compile(r"^([万亿千])[多余]")
"""2.4万余户, 4万多亿元, 6千多个: the 多/余 of an approximate figure sits inside the unit."""


def check_unit(record: Record) -> list[Flag]:
    """The unit must be the one written right after the number: 10万人 is 万人, not 人."""
    if not isinstance(record, Measured) or record.unit is None or record.value is None:
        return []
    quote = fold(record.quote)
    unit = fold(record.unit)
    for value in (record.value, record.value_high):
        if value is None:
            continue
        for start, end in _number_spans(quote, value):
            if _fraction_or_doubling(quote, (start, end)):
                return []  # 翻番 is +100 %, 压减一半 50 %: written without a unit
            after = quote[end:]
            skip = _SKIP_AFTER_NUMBER.match(after)
            after = _MAGNITUDE_MORE.sub(r"\1", after[skip.end() if skip else 0 :])
            if percent_word_before(quote, start) == unit:
                return []  # 百分之六点五: the unit is written first
            if unit.endswith("百分点") and _SHARED_POINTS.match(after):
                return []  # "比2010年提高7.4个和7.7个百分点" (邯郸 2016): the unit written once for both
            if "/" in unit and _rate_written_around(quote, after, unit):
                return []  # "每人每月120元" is 元/人/月
            if after.startswith(unit):
                longer = next((w for w in _longer_units(unit) if after.startswith(w)), None)
                if longer:
                    return [_flag("UNIT_NOT_IN_QUOTE", "warning", f"(unit {record.unit}, written {longer})")]
                return []
    return [_flag("UNIT_NOT_IN_QUOTE", "warning", f"(unit {record.unit})")]


_SHARED_POINTS = re.compile(rf"^个?[和、及]{ARABIC}个?百分点")


def _rate_written_around(quote: str, after: str, unit: str) -> bool:
    """A rate whose denominators are written with 每 rather than after a slash: "每人每月120元" (元/人/月), "每村每年2万元"
    (万元/村/年), "年人均不低于450元" (元/人/年), "每年每千人3批次" (批次/千人/年); the measure itself (元) follows the
    number."""
    measure, *per = unit.split("/")
    if not after.startswith(measure):
        return False
    return all(
        re.search(rf"每[^，,；;。每]{{0,3}}?{re.escape(part)}", quote)
        or (part == "人" and "人均" in quote)
        or (part == "年" and re.search(r"年人均|每年|年度", quote))
        for part in per
    )


_KNOWN_UNITS = tuple(sorted(genre.ALL_UNITS + genre.MORE_UNITS, key=len, reverse=True))


@functools.lru_cache(maxsize=512)
def _longer_units(unit: str) -> tuple[str, ...]:
    """The known units that begin with ``unit`` and are longer (万人次 for 万人), longest first."""
    return tuple(w for w in _KNOWN_UNITS if len(w) > len(unit) and w.startswith(unit))


_PARENTHESIS = re.compile(r"^[(（][^)）]{0,6}[)）]")


def attached_qualifier(quote: str, value: float, unit: str | None) -> str | None:
    """The bound word written next to ``value`` in ``quote``.

    The occurrence of the value followed by the record's unit is the record's own ("固投总额超115亿元、
    …项目115个": 115 个 has no bound word). A word after the value wins over one before it ("超64.5%以上"
    is 以上); a trailing word after a list of values of the same unit ("6.5%和7%以上", "8家、100家以上")
    binds every value of the list; a bound word on another number ("产值50亿元以上企业1家") does not.
    """
    folded = fold(quote)
    unit_text = fold(unit) if unit else ""
    spans = _number_spans(folded, value)
    if unit_text:
        spans.sort(key=lambda span: not _unit_follows(folded, span[1], unit_text))
    for start, end in spans:
        after = folded[end:]
        if after.startswith("多"):
            return "多"  # 5000多亿元
        rest = after[_after_unit(after, 0, unit_text) if unit_text else 0 :]
        parenthesis = _PARENTHESIS.match(rest)  # 3万套(间)以上
        if parenthesis:
            rest = rest[parenthesis.end() :]
        post = next((word for word in _AFTER_QUALIFIERS if word != "多" and rest.startswith(word)), None)
        if post:
            return post
        lead = start - (3 if percent_word_before(folded, start) else 0)  # 不低于百分之六
        before = folded[max(0, lead - 3) : lead]
        pre = next((word for word in _BEFORE_QUALIFIERS if before.endswith(word)), None)
        if pre:
            return pre
        adverb = genre.adverb_bound(folded[:start])
        if adverb:
            return adverb  # 至少建成2个示范区 (6.6: 至少 before the verb)
        return _list_tail_word(rest, unit_text) or _list_head_word(folded[:start], unit_text)
    return None


def _after_unit(text: str, pos: int, unit_text: str) -> int:
    """Where the unit written at ``pos`` ends: ``unit_text`` with 万/亿 before it, or 万/亿 alone, or nothing
    (the regular expression ``(?:[万亿]?UNIT|[万亿]?)``, read without compiling one per unit)."""
    magnitude = text[pos : pos + 1] in ("万", "亿")
    if unit_text and magnitude and text.startswith(unit_text, pos + 1):
        return pos + 1 + len(unit_text)
    if unit_text and text.startswith(unit_text, pos):
        return pos + len(unit_text)
    return pos + 1 if magnitude else pos


def _unit_follows(text: str, pos: int, unit_text: str) -> bool:
    """``unit_text`` is written at ``pos``, 多/余 and 万/亿 allowed before it ("115亿元", "5000多万元")."""
    for skip_about in (1, 0) if text[pos : pos + 1] in ("多", "余") else (0,):
        at = pos + skip_about
        for skip_magnitude in (1, 0) if text[at : at + 1] in ("万", "亿") else (0,):
            if text.startswith(unit_text, at + skip_magnitude):
                return True
    return False


_LISTED_VALUE = re.compile(rf"(?:[-－~～—–至到]|和|、|及)(?:{ARABIC})")
_AFTER_WORD = re.compile("|".join(_AFTER_QUALIFIERS))
_BEFORE_WORD = re.compile("|".join(_BEFORE_QUALIFIERS))


def _list_tail_word(rest: str, unit_text: str) -> str | None:
    """The bound word ending a list of further values of the unit ("和7%以上": 以上 binds every value)."""
    word = None
    pos = 0
    while listed := _LISTED_VALUE.match(rest, pos):
        pos = _after_unit(rest, listed.end(), unit_text) if unit_text else listed.end()
        after = _AFTER_WORD.match(rest, pos)
        word = after.group() if after else word
    return word


def _list_head_word(head: str, unit_text: str) -> str | None:
    """The bound word opening a list of values of the unit that runs up to the value ("不低于740元/月和485元/月")."""
    for opening in _BEFORE_WORD.finditer(head):
        pos, values = opening.end(), 0
        while value := _ARABIC.match(head, pos):
            pos = _after_unit(head, value.end(), unit_text) if unit_text else value.end()
            if head[pos : pos + 1] not in ("和", "、", "及"):
                break
            pos, values = pos + 1, values + 1
        if values and pos == len(head):
            return opening.group()
    return None


def check_qualifier(record: Record) -> list[Flag]:
    """The bound word next to the value, as the guideline reads it (3.6), and the bound it implies.

    A threshold inside the indicator ("产值50亿元以上企业1家") binds that other number, not the value.
    """
    if not isinstance(record, Target) or record.value is None:
        return []
    if not _number_spans(fold(record.quote), record.value):
        return []  # VALUE_NOT_IN_QUOTE already says it
    written = attached_qualifier(record.quote, record.value_high or record.value, record.unit)
    if written != (record.qualifier or None):
        return [_flag("QUALIFIER_MISMATCH", "warning", f"(record: {record.qualifier or '—'}, quote: {written or '—'})")]
    expected = (
        "range" if record.value_high is not None else genre.BOUND_OF_QUALIFIER.get(record.qualifier or "", "point")
    )
    if record.bound != expected:
        return [
            _flag(
                "QUALIFIER_MISMATCH", "warning", f"(bound {record.bound}, {record.qualifier or '—'} means {expected})"
            )
        ]
    return []


_QUOTE_MARKS = str.maketrans("", "", "“”\"'‘’《》「」『』")


@functools.lru_cache(maxsize=1024)
def _plain(text: str) -> str:
    """Folded, without quotation marks: how names and indicators are compared with the text."""
    return fold(text).translate(_QUOTE_MARKS)


def _covered(phrase: str, text: str) -> bool:
    """``phrase`` is written in ``text``, or in pieces as a distributed list writes it
    ("城镇、农村常住居民人均可支配收入" holds 农村常住居民人均可支配收入; "城乡居民…" holds 城镇居民…)."""
    if not phrase or phrase in text:
        return bool(phrase)
    for joint, members in genre.DISTRIBUTED_PREFIXES.items():
        for part in (p for forms in members for p in forms):
            if phrase.startswith(part) and joint in text and joint + phrase[len(part) :] in text:
                return True
    covered = sum(1 for char in phrase if char in text) / len(phrase)
    if covered >= 0.9 and phrase[:2] in text:
        return True
    # "城、乡居民…" → 城镇居民…; "一二三产增加值" → 二产增加值; "筹措7亿元实施就业惠民工程" → 就业惠民工程筹措资金
    return covered >= 0.8 and _longest_common(phrase, text) * 2 >= len(phrase)


def _longest_common(a: str, b: str) -> int:
    """Length of the longest piece of ``a`` written in ``b``."""
    best = 0
    for start in range(len(a)):
        length = best + 1
        while start + length <= len(a) and a[start : start + length] in b:
            best = length
            length += 1
    return best


_HEAD_NOUN = re.compile(r"(?:比例|比重|占比|时限|时间|天数|数量|个数|人数|规模|总量|金额|面积|产量|率)$")
"""Head nouns a coder adds to name what a value measures ("确保重大项目30天内决策" → 重大项目决策时限)."""


_GENERIC_TAILS = {"项目", "企业", "工程", "产业", "人数", "数量", "收入", "投资", "比重", "面积"}
"""Words too common to show that an indicator continues the clause before it."""


def _telling(tail: str) -> bool:
    """A tail that says which quantity is meant (总产值, 完成投资), not only a common head word (项目, 业投资)."""
    for word in _GENERIC_TAILS:
        if tail.endswith(word):
            tail = tail[: -len(word)]
            break
    return len(tail) >= 2


def check_indicator(record: Record, context: str = "") -> list[Flag]:
    """The indicator is written in the quote, distributed from a list in it, or completed from the
    clauses before it in the same sentence (``context``: "推进建筑业增量提质,总产值增长8%以上" →
    建筑业总产值), where the words the quote itself writes end the indicator."""
    if not isinstance(record, Measured):
        return []
    indicator, quote = _plain(record.indicator), _plain(record.quote).replace("的", "")
    if _covered(indicator, quote) or _covered(_HEAD_NOUN.sub("", indicator), quote):
        return []
    before = _plain(context)
    for cut in range(1, len(indicator)):
        head, tail = indicator[:cut], indicator[cut:]
        core = _HEAD_NOUN.sub("", tail)  # "民生支出占总支出比重" for «占总支出的75.4%»: 比重 names the share
        if (_telling(tail) and (tail in quote or (len(core) >= 3 and core in quote)) and _covered(head, before)) or (
            len(head) >= 3 and head in quote and _covered(_HEAD_NOUN.sub("", tail), before)
        ):
            return []
    if _subjectless(quote) and _covered(_HEAD_NOUN.sub("", indicator), before + quote):
        return []  # "…总投资35674.8亿元,同比增长26.2%": the verb-only clause measures the sentence's subject
    return [_flag("INDICATOR_NOT_IN_QUOTE", "warning", f"({record.indicator})")]


_VERB_WORDS = re.compile(
    r"确保|力争|争取|努力|全年|今年|年内|其中|同比|比上年|较上年|年均|新增|净增|增长|增速|递增|递减|增加|提高|提升|下降|降低|减少|"
    r"达到|达|完成|实现|累计|计划|年度|安排|再|先|要|将|占|为|在|以上|左右|分别|均|都|各|共|约|超过|超|突破|"
    r"去年|上年|有望|预计|较前[一二三四五]年|比前[一二三四五]年|可比|平均|[一二三四五十]年|按可比口径|实际|名义|[较比]年初|同口径"
)
"""Words a clause may write before its number and still name nothing of its own: verbs, times and comparators ("分别实际
增长10.5%和9.4%", 江苏 2010; "较年初分别增长15.8%、14.7%", 高唐 2023)."""


def _subjectless(quote: str) -> bool:
    """A clause that writes only verbs before its number ("同比增长6.3%", "确保新增450家以上")."""
    head = re.split(r"\d", quote, maxsplit=1)[0]
    return len(re.sub(r"[^\u4e00-\u9fff]", "", _VERB_WORDS.sub("", head))) < 2


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
    # Years are read against the report's own year, not a five-year part's horizon: "贫困人口2018年全部实现脱贫" in
    # 荆门 2016's goals for 2020 looks forward.
    year = plan_year or (section.year if section is not None else None)
    tense, cue = (reader or genre.TenseReader(text)).at(record.char_start, year, kind)
    if tense != "past":
        return []
    own_words = record.name if isinstance(record, Project) else record.indicator
    if cue and (cue in own_words or (cue in ("上年", "去年") and re.search(r"[与比较](?:上年|去年)", record.quote))):
        return []  # "位于原特区外…项目", "与上年度持平": the cue is part of the goal, not a report of the past
    if cue:
        return [_flag("RETROSPECTIVE", "warning", f"(«{cue}»)")]
    return [_flag("RETROSPECTIVE", "warning", f"(section: {' / '.join(section.path) if section else 'preamble'})")]


_YEARS_WRITTEN = re.compile(rf"({genre.YEAR})年")
_HORIZON_WRITTEN = re.compile(rf"(?:到|至)({genre.YEAR})年")
_PLAN_WRITTEN = re.compile(r"十([一二三四五六七])五")
_SPAN_OF_YEARS = re.compile(r"(?<![第前])([两二三四五])年(?!行动|计划|攻坚|工程)")


def accepted_years(record: Record, section: Section | None, text: str | None, plan_year: int | None) -> set[int]:
    """The years a goal of this clause may be for (docs/annotation.md 6.2): its sentence's or its
    paragraph's horizon (到2025年, “十四五”末, 三年内, 今后五年), a year the sentence writes, the
    section's year, the report's year, and the end of an N-year span the sentence names (三年安排…)."""
    years = {y for y in ((section.year if section else None), plan_year) if y is not None}
    if text is None or record.char_start is None:
        return years
    start, end = genre.sentence_span(text, record.char_start)
    sentence = text[start:end]
    years |= {int(y) for y in _YEARS_WRITTEN.findall(sentence)}
    report_year = plan_year or (section.year if section else None)
    if section is not None:
        # A horizon set earlier in the section ("到2020年,…" heading a list of five-year goals).
        horizons = _section_horizons(text, section.char_start, section.char_end)
        years |= {year for position, year in horizons[: bisect.bisect_left(horizons, (end, 0))]}
    paragraph_start = text.rfind("\n", 0, record.char_start) + 1
    years |= _paragraph_horizons(text, paragraph_start, end, report_year)
    if report_year is not None:
        for match in _SPAN_OF_YEARS.finditer(sentence):
            years.add(report_year + genre.CN_DIGIT[match.group(1)] - 1)
    return years


def result_years(record: Result, section: Section | None, text: str | None, plan_year: int | None) -> set[int]:
    """The years an achieved figure of this sentence may be for (docs/annotation.md 7.2): the one
    ``genre.result_year`` reads, as the rules do, from the sentence when it names its year, else from
    its paragraph's lead sentence and the review heading; and any earlier year the sentence writes
    ("2016年至2020年,…年均增长6.4%" may be read for either end).
    A year the sentence gives as the base of a change (由2017年的…) does not replace the year reported on."""
    if text is None or record.char_start is None:
        return set()
    year = plan_year or (section.year if section else None)  # the report's year, as the rules read it
    heading = section.path[0] if section and section.path else ""
    start, end = genre.sentence_span(text, record.char_start)
    paragraph = text.rfind("\n", 0, record.char_start) + 1
    return set(_sentence_result_years(text, start, end, paragraph, year, heading))


_LAST_YEAR_NAMED = re.compile(r"去年|过去的?一年")


@functools.lru_cache(maxsize=256)
def _sentence_result_years(
    text: str, start: int, end: int, paragraph: int, year: int | None, heading: str
) -> frozenset[int]:
    """``result_years`` of the sentence ``text[start:end]``: the same for each of its figures, so read once."""
    sentence = text[start:end]
    years = {y for y in map(int, _YEARS_WRITTEN.findall(sentence)) if year is None or y < year}
    if year is not None and _LAST_YEAR_NAMED.search(sentence):
        years.add(year - 1)  # "继2007年…之后，去年新增…" (湖南 2009): the year the sentence names in words too
    lead = text[slice(*genre.sentence_span(text, paragraph))]
    # "由2017年的76微克降至64微克": the year after 由/从 is the base; the figure is for the year reported on.
    for reading in {sentence, genre.BASE_YEAR.sub("", sentence)}:
        own = genre.result_year(reading, year, "") if genre.has_year(reading) else None
        found = own or genre.result_year(lead, year, heading)  # else the paragraph's lead sentence says
        if found is not None:
            years.add(found)
    return frozenset(years)


@functools.lru_cache(maxsize=256)
def _paragraph_horizons(text: str, start: int, end: int, report_year: int | None) -> frozenset[int]:
    """The horizons (``genre.horizon_year``) the sentences from ``start`` up to ``end`` set: read once
    for the records of one sentence, not once per record."""
    years = set()
    position = start
    while position < end:
        s, e = genre.sentence_span(text, position)
        horizon = genre.horizon_year(text[s:e], report_year)
        if horizon is not None:
            years.add(horizon)
        position = max(e, position + 1)
    return frozenset(years)


@functools.lru_cache(maxsize=256)
def _section_horizons(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(position, year) of every horizon a section writes (到2025年, “十四五”), read once per section."""
    found = [(m.start(), int(m.group(1))) for m in _HORIZON_WRITTEN.finditer(text, start, end)]
    for match in _PLAN_WRITTEN.finditer(text, start, end):
        last = genre.plan_end_year(match.group(1))
        if last is not None:
            found.append((match.start(), last))
    return sorted(found)


def check_year(
    record: Record, section: Section | None = None, text: str | None = None, plan_year: int | None = None
) -> list[Flag]:
    """A target or result without a year is flagged; a year no reading of the text gives is flagged too."""
    if isinstance(record, Result):
        if record.year is None:
            return [_flag("YEAR_UNKNOWN", "warning")]
        accepted = result_years(record, section, text, plan_year)
        if accepted and record.year not in accepted:
            shown = ", ".join(str(y) for y in sorted(accepted))
            return [_flag("YEAR_MISMATCH", "warning", f"(record: {record.year}, text: {shown})")]
        return []
    if record.target_year is None:
        return [_flag("YEAR_UNKNOWN", "warning")] if isinstance(record, Target) else []
    accepted = accepted_years(record, section, text, plan_year)
    if accepted and record.target_year not in accepted:
        shown = ", ".join(str(y) for y in sorted(accepted))
        return [_flag("YEAR_MISMATCH", "warning", f"(record: {record.target_year}, text: {shown})")]
    return []


_DECREASE_RE = re.compile(
    r"(?:" + genre.DECREASE_VERBS + "|" + genre.TAKE_AWAY_VERBS + "|" + genre.FALLING_TRENDS + r"|降到|降为|减半|"
    r"化解|比[^,，;；]{0,6}[低少])(?!率)"
)
_FALLING_VERB = re.compile(r"(?:下降|降低|减少|压减|降至|缩小|减排(?!工程|项目)|削减|压缩|降到|降为|下调)(?!率)")
"""A verb that makes the value it governs a fall (the nouns 减税, 淘汰… are left to the direction as written)."""
_FALL_RE = re.compile(rf"(?:下降|降低|减少|{genre.FALLING_TRENDS}|缩小|压减|削减)(?!率)")
"""What makes a goal without a number a fall: 减排 in 节能减排降碳任务 names the task, not its direction."""
_MAINTAIN_RE = re.compile(
    rf"{genre.KEEP_OPENERS}|稳定|持平|不变|维持|继续|不低于上年|[“\"]?零[”\"]?增长|(?:去年|上年)水平"
)


def check_direction(record: Record) -> list[Flag]:
    """decrease needs a falling verb (下降/减少/压减/退出…) governing the value, maintain a keeping one
    (保持/稳定在/持平…); an increase may not be governed by either ("分别下降23%、15%", "稳定在5亿元以上").
    控制在…以内 is an increase with a ceiling (3.7, 6.6)."""
    if not isinstance(record, Measured):
        return []
    quote = fold(record.quote)
    spans = _number_spans(quote, record.value) if record.value is not None else []
    if spans:
        after = _NEXT_ITEM.split(quote[spans[0][1] : spans[0][1] + 12], maxsplit=1)[0]  # not the next item's verb
        governing = _item_before(quote, spans[0][0]) + after
        falls_before = bool(_DECREASE_RE.search(quote[: spans[0][0]] + after + _plain(record.indicator)))
        falls_here = bool(_FALLING_VERB.search(governing))
    else:
        governing = quote
        falls_before = falls_here = bool(_FALL_RE.search(quote))
    keeps = bool(_KEEPING.search(governing))
    problem = None
    if record.direction == "decrease" and not falls_before:
        problem = "no falling verb governs the value"
    elif record.direction == "maintain" and not (keeps or _MAINTAIN_RE.search(quote)):
        problem = "no keeping verb in the quote"
    elif record.direction == "increase" and falls_here and not (spans and "控制在" in governing):
        problem = "a falling verb governs the value"
    elif record.direction == "increase" and keeps and not re.search(r"[;；﹔]", quote):
        problem = "a keeping verb governs the value"
    if problem:
        return [_flag("DIRECTION_MISMATCH", "warning", f"({record.direction}: {problem})")]
    return []


_CHANGE_RE = re.compile(
    genre.CHANGE_VERBS.replace("增加", "增加(?!值)") + r"|翻|涨|扩大|缩小|压缩|缩短|减半|精简|取消|提速"
)
_GOVERNING_CHANGE = re.compile(r"(?:增长|提高|提升|下降|降低|减少|压减|削减|上涨|递增|增加)$")
"""Verbs, not the nouns 增速/增幅/涨幅 that name a rate the guideline may call a share (CPI 涨幅3%)."""
_LISTED_VALUES = re.compile(rf"(?:{ARABIC}[^和、及与\d]{{0,6}}?[和、及与])+$")
_QUOTA_RE = re.compile(
    r"下达|任务|考核目标|[市省县国]定目标|目标内|目标要求|约束性指标|(?:国家|上级|省|市)要求|确定的目标|范围内"
)
_COMPARATOR_RE = re.compile(
    r"同步|前列|高于|低于|持平|不变|水平|正增长|一致|双下降|只减不增|只增不减|一年比一年|稳中|快于|领先|第一|继续|相适应"
)


_LEAD_OUT = re.compile(
    rf"(?:{'|'.join(_BEFORE_QUALIFIERS)}|分别|均|都|各|同比|年均|保持在|稳定在|控制在|保持|预期目标|预期|目标|为|是|达到|达|"
    r"[“”\"'《》()（）\s:：])+$"
)
"""Words between a verb and its value that do not change what the verb does to it."""
_REACHED = re.compile(rf"{genre.REACHED_VERBS}$")


def _fraction_or_doubling(quote: str, span: tuple[int, int]) -> bool:
    """翻番 (+100 %), 一半, 三分之一, 1/4 and 三成 are percentages written without a % sign."""
    token = quote[span[0] : span[1]]
    return token.startswith("翻") or token == "一半" or "分之" in token or "/" in token or token.endswith("成")


_ARABIC = re.compile(ARABIC)
_STRIVE_FURTHER = re.compile(rf"[%‰]?(?:以上|左右)?[、，,]{genre.STRIVE_FURTHER}")
_NEXT_ITEM = re.compile(r"[、，,；;]")
_KEEPING = re.compile(rf"{genre.KEEP_OPENERS}|稳定在|持平|不变|维持|继续走在|继续保持|不低于上年")


def _item_before(quote: str, start: int) -> str:
    """The words that govern the value at ``start``: back to the number before it, over a list of
    values that share one verb ("分别增长6.5%和7%": 增长 governs 7 too)."""
    before = _LISTED_VALUES.sub("", quote[:start])
    last_end = max((number.end() for number in _ARABIC.finditer(before)), default=None)
    return before[last_end:] if last_end is not None else before


def expected_metric(record: Measured) -> set[str] | None:
    """The metrics the unit and the words allow; None when they do not say."""
    unit = record.unit
    quote = fold(record.quote)
    if record.value is None:
        return {"relative", "delegated"}
    if unit is None:
        # a ratio written without a unit (之比下降到3.08, 招生比例达0.9∶1): the gold reads it either way
        return {"level", "share"}
    unit = genre.UNIT_NOTE.sub("", unit)  # 万套(间)
    if unit in ("万", "亿"):
        return {"count", "level"}  # 1000万 poor people, 1亿 of something
    if len(unit) > 1 and unit[0] in "万亿千" and unit[1:] in genre.COUNT_UNITS + genre.MORE_COUNT_UNITS:
        unit = unit[1:]  # 3万套 counts 套, 380万辆 counts 辆, 4千套 counts 套
    elif len(unit) > 1 and unit[0] in "万亿" and unit not in genre.ALL_UNITS:
        unit = unit.lstrip("万亿")
    if unit in ("个百分点", "百分点"):
        return {"change_pp"}
    if unit in genre.MULTIPLE_UNITS:
        return {"growth", "share"}  # 增长1.36倍, 是2007年的3.3倍
    if unit in ("%", "‰"):
        spans = _number_spans(quote, record.value)
        if spans and quote[spans[0][0] : spans[0][1]].startswith("翻"):
            return {"growth"}  # 一半, 三分之一 may be a change (压减一半) or a share (超过一半人口)
        return {"growth", "share"}
    if unit in genre.COUNT_UNITS or unit in genre.MORE_COUNT_UNITS:
        if re.search(r"每[千万百十]", quote + fold(record.indicator)):
            return {"count", "level"}  # "每千人托位4.7个", "每万人高价值发明专利拥有量达25件": a ratio, read either way
        return {"level"} if re.search(r"前\d+名|排名|位次", quote) else {"count"}
    if unit in genre.LEVEL_UNITS or unit in genre.MORE_LEVEL_UNITS:
        return {"level"}
    return None


_PRICE_LEVEL = re.compile(r"居民消费价格|物价")


def check_metric(record: Record) -> list[Flag]:
    """The metric fits the unit (3.5: count or level by the unit, change_pp for 个百分点) and the words
    (a growth needs a verb of change governing its value, a value right after 增长 is not a share;
    delegated needs a quota, relative a comparator)."""
    if not isinstance(record, Measured):
        return []
    allowed = expected_metric(record)
    quote = fold(record.quote)
    spans = _number_spans(quote, record.value) if record.value is not None else []
    item = _item_before(quote, spans[0][0]) if spans else None
    problem = None
    if allowed is not None and record.metric not in allowed:
        problem = f"{record.unit or 'no unit'} is {' or '.join(sorted(allowed))}"
    elif record.metric == "growth" and record.unit in ("%", "‰") and item:
        after = quote[spans[0][1] : spans[0][1] + 12]
        if _STRIVE_FURTHER.fullmatch(item):
            # "增长7%以上、力争达到8%": the verb of the value before governs the one striven for
            earlier = [m.start() for m in _ARABIC.finditer(quote, 0, spans[0][0] - len(item))]
            item = _item_before(quote, earlier[-1]) if earlier else item
        verbs = item.replace(_plain(record.indicator), "")
        named = re.search(r"增速|增幅|涨幅|增长|上涨", _plain(record.indicator))  # 居民消费价格指数上涨 3%
        if _REACHED.search(_LEAD_OUT.sub("", item)):
            problem = "the value is a level reached (提高到…), not a change"
        elif not (
            _CHANGE_RE.search(verbs) or _CHANGE_RE.search(after) or named or _fraction_or_doubling(quote, spans[0])
        ):
            problem = "no verb of change governs the value"
    elif record.metric == "share" and item is not None and not _PRICE_LEVEL.search(_plain(record.indicator)):
        # "居民消费价格总水平上涨1.5%": the price rate, recorded as a share as 涨幅 is (3.5), or as a growth
        if _GOVERNING_CHANGE.search(_LEAD_OUT.sub("", item)):
            problem = "the value is a rate of change"
    elif record.metric == "delegated" and not _QUOTA_RE.search(quote):
        problem = "no quota (下达/任务/目标) in the quote"
    elif record.metric == "relative" and _QUOTA_RE.search(quote) and not _COMPARATOR_RE.search(quote):
        problem = "the quote sets a quota, not a comparison"
    if problem:
        return [_flag("METRIC_MISMATCH", "warning", f"({record.metric}: {problem})")]
    return []


def check_modality(record: Record, context: str = "") -> list[Flag]:
    """确保/力争 must be written in the sentence up to the record (3.8: it governs what follows it)."""
    if not isinstance(record, Target) or record.modality is None:
        return []
    if genre.MODALITY_WORDS[record.modality].search(context + record.quote):
        return []
    return [_flag("MODALITY_NOT_IN_TEXT", "warning", f"({record.modality})")]


_TURNOVER = re.compile(r"交易|成交|结算|清算|支付|吞吐")
"""A market's turnover is many times the economy (上海 2021 "金融市场交易总额达到2274.8万亿元"): no limit there."""
_MONEY_LIMIT = {"万亿元": 300.0, "亿元": 3e6, "万元": 3e10, "元": 3e14, "亿美元": 5e5, "万美元": 5e9, "美元": 5e13}
"""More than three times China's yearly output (about 130万亿元) is no region's goal."""
DIGITS_LIMIT = 1e12
"""A value of 13 digits or more in any unit is a run of digits, not a goal."""


_COMPLETION_RATE = re.compile(r"完成率|完成[^，,;；。]{0,12}(?:计划|任务|目标)的?\d")
"""A rate of what was planned that was done ("完成率119.5%", "完成市里下达计划的101.8%", "完成全年任务的125%"): over 100 % when
the plan is beaten, as it often is."""


def check_plausible(record: Record) -> list[Flag]:
    """Impossible values, and values outside the range the annotated corpus shows for the indicator
    (``schemas/plausible_ranges.json``, learned by ``scripts/learn_plausible_ranges.py``)."""
    if not isinstance(record, Measured) or record.value is None:
        return []
    problems = []
    if record.value < 0 or (record.value_high is not None and record.value_high < 0):
        problems.append("negative value")
    if record.value_high is not None and record.value_high < record.value:
        problems.append("range low end above high end")
    if (
        record.unit == "%"
        and record.metric == "share"
        and max(record.value, record.value_high or 0) > 100
        and not _COMPLETION_RATE.search(record.quote + record.indicator)
    ):
        problems.append("a share over 100%")
    largest = max(abs(record.value), abs(record.value_high or 0))
    if record.unit in _MONEY_LIMIT and largest > _MONEY_LIMIT[record.unit] and not _TURNOVER.search(record.indicator):
        problems.append(f"{largest:g} {record.unit} is more than the national economy")
    elif largest >= DIGITS_LIMIT:
        problems.append(f"a {len(str(int(largest)))}-digit value")
    bounds = plausible_range(record.indicator_id, record.metric, record.unit)
    over_years = record.metric == "growth" and genre.MULTI_YEAR_BASE.search(record.quote)
    if bounds is not None and "翻" not in record.quote and not over_years:  # the ranges are of a year's growth
        low, high = bounds
        for value in (record.value, record.value_high):
            if value is not None and not low <= value <= high:
                problems.append(f"{value:g} outside {low:g}–{high:g} {record.unit or ''}".rstrip())
                break
    if not problems:
        return []
    return [_flag("IMPLAUSIBLE", "warning", f"({'; '.join(problems)})")]


@functools.cache
def _ranges() -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """(ranges by indicator_id|metric|unit, fallbacks by metric|unit) of schemas/plausible_ranges.json."""
    path = data_dir("schemas") / "plausible_ranges.json"
    table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return table.get("ranges", {}), table.get("fallback", {})


def plausible_range(indicator_id: str, metric: str, unit: str | None) -> tuple[float, float] | None:
    """The learned range for (indicator, metric, unit), else the fallback for (metric, unit), else None."""
    ranges, fallback = _ranges()
    key = f"{metric}|{unit or ''}"
    found = ranges.get(f"{indicator_id}|{key}") or fallback.get(key)
    return (float(found[0]), float(found[1])) if found else None


_SPLIT_PHRASE = re.compile(r"…+|\.{3,}|⋯+")


def check_stage(record: Record) -> list[Flag]:
    """Every piece of the stage phrase is in the quote, in order ("加快…建设"); the stage is one its
    words name (``genre.stages_in``); the name is in the quote and is not a kind of project."""
    if not isinstance(record, Project):
        return []
    quote = _plain(record.quote)
    flags = []
    position = 0
    for piece in (p for p in _SPLIT_PHRASE.split(_plain(record.stage_raw)) if p):
        found = quote.find(piece, position)
        if found < 0:
            flags.append(_flag("STAGE_NOT_IN_QUOTE", "warning", f"({record.stage_raw})"))
            break
        position = found + len(piece)
    named = genre.stage_named(record.stage_raw)
    if named is not None and record.stage != named:
        flags.append(_flag("STAGE_MISMATCH", "warning", f"({record.stage_raw} is {named}, not {record.stage})"))
    name = _plain(record.name)
    if any(name.endswith(word) for word, _ in genre.ALL_STAGE_WORDS if word not in genre.WORK_NAMING_STAGE_WORDS):
        flags.append(_flag("STAGE_IN_NAME", "warning", f"({record.name})"))
    if not _name_in(name, quote):
        flags.append(_flag("NAME_NOT_IN_QUOTE", "warning", f"({record.name})"))
    elif genre.generic_project(name) and not (
        _CALLED_PROJECTS.search(quote) and not genre.generic_project(name, strict=True)
    ):
        flags.append(_flag("GENERIC_PROJECT", "warning", f"({record.name})"))
    for field, value in (("group_count", record.group_count), ("investment", record.investment)):
        if value is not None and not value_in_text(value, record.quote):
            flags.append(_flag("VALUE_NOT_IN_QUOTE", "error", f"({field} {value:g} is not in «{record.quote}»)"))
    return flags


_CALLED_PROJECTS = re.compile(r"等[^,，;；。]{0,10}项目")
"""A list the text itself calls projects is taken at its word (6.6): 新材料产业园 in "…等102个续建项目"."""


def _name_in(name: str, quote: str) -> bool:
    """In the quote, or a listed head with the type word the list shares ("阿庆争、石腊它水库", "合店、合白…路")."""
    quote = quote if name in quote or "的" in name else quote.replace("的", "")  # "两个新村的二期工程" → 新村二期工程
    if name in quote:
        return True
    if any(name[:cut] in quote and name[cut:] in quote for cut in range(2, len(name) - 1)):
        return True
    # A one-character type word the listed heads share, after them: "合店、合白、合水(合双段)路" (合肥 2008) → 合店路, 合白路;
    # "规划一、二路" (罗湖 2014) → 规划一路
    listed = quote.find(name[:-1] + "、") if len(name) >= 3 else -1
    if listed >= 0 and name[-1] in quote[listed + len(name) :]:
        return True
    # A listed item between a head and a type word the list shares: "地铁二、三、四号线" → 地铁三号线, "武汉至孝感、咸宁、黄石…
    # 四条城际铁路" → 武汉至咸宁城际铁路 (武汉 2012), "省、市养老示范基地" → 省养老示范基地 (西宁 2017)
    return "、" in quote and any(
        name[:i] in quote and name[j:] in quote and _listed_item(name[i:j], quote)
        for i in range(0, len(name) - 2)
        for j in range(i + 1, len(name) - 1)
    )


def _listed_item(item: str, quote: str) -> bool:
    """``item`` written in the quote as a member of a 、-list (a 、 right before or right after it)."""
    return f"、{item}" in quote or f"{item}、" in quote


def check_quote(record: Record) -> list[Flag]:
    """An ellipsis the report does not write (the quote was not found as it is)."""
    if record.match != "exact" and _SPLIT_PHRASE.search(record.quote):
        return [_flag("QUOTE_JOINED", "warning")]
    return []


def list_order_flags(group: Sequence[Record]) -> dict[int, Flag]:
    """Records cut from one quote: the n-th listed indicator goes with the n-th value.

    Two targets (or two results) of the same quote with different values are compared by where their indicators and
    their values are written ("城镇、农村…分别增长6.5%和7%": 城镇 before 农村, 6.5 before 7); when the
    orders cross, both are flagged. Pairs whose positions cannot be told apart are left alone.
    """
    targets = [(k, r) for k, r in enumerate(group) if isinstance(r, Measured) and r.value is not None]
    flags: dict[int, Flag] = {}
    for a in range(len(targets)):
        for b in range(a + 1, len(targets)):
            (i, x), (j, y) = targets[a], targets[b]
            assert isinstance(x, Measured) and isinstance(y, Measured)
            quote = fold(x.quote)
            if x.kind != y.kind or (x.value, x.unit) == (y.value, y.unit):
                continue
            if x.unit != y.unit and "分别" in quote:
                continue  # parallel lists, one per unit: "分别由17979元和4931元增加到…、年均增长9.1%和10.4%"
            spans_x, spans_y = _own_spans(quote, x), _own_spans(quote, y)
            if not spans_x or not spans_y:
                continue
            anchors = _indicator_anchors(_plain(x.indicator), _plain(y.indicator), _plain(x.quote))
            if anchors is None:
                continue
            written_x, written_y = (
                _value_right_before(quote, anchors[0], x.unit),
                _value_right_before(quote, anchors[1], y.unit),
            )
            if written_x is not None and written_y is not None:
                # Values written before their names, only the unit between ("创建3个民政服务示范县区、10个标准化示范社区和
                # 3个农村样板社区", 鹤岗 2011): each indicator's value is the one right before it.
                crossed = Decimal(str(x.value)) != written_x or Decimal(str(y.value)) != written_y
            else:
                # Each value where it is written after its own indicator ("A 5家、B 10家、C 5家").
                at_x = next((s for s, _ in spans_x if s > anchors[0]), spans_x[0][0])
                at_y = next((s for s, _ in spans_y if s > anchors[1]), spans_y[0][0])
                crossed = at_x != at_y and (anchors[0] < anchors[1]) != (at_x < at_y)
            if crossed:
                for k, record in ((i, x), (j, y)):
                    assert isinstance(record, Measured)
                    flags[k] = _flag("LIST_ORDER", "warning", f"({record.indicator} {record.value:g})")
    return flags


def _value_right_before(quote: str, anchor: int, unit: str | None) -> Decimal | None:
    """The number written right before the name at ``anchor`` with only the unit between ("3个农村样板社区"), if any."""
    if not unit:
        return None
    lead = anchor - len(fold(unit))
    if lead <= 0 or quote[lead:anchor] != fold(unit):
        return None
    return next((value for start, end, value in number_tokens(quote) if end == lead), None)


def _own_spans(quote: str, record: Measured) -> list[tuple[int, int]]:
    """Where the record's value is written, those followed by its unit first ("超115亿元、…项目115个")."""
    spans = _number_spans(quote, record.value)  # type: ignore[arg-type]
    if record.unit:
        unit_text = fold(record.unit)
        spans.sort(key=lambda span: not _unit_follows(quote, span[1], unit_text))
    return spans


def _indicator_anchors(a: str, b: str, quote: str) -> tuple[int, int] | None:
    """Positions in the quote of the words that tell two indicators apart (None when not both found)."""
    whole_a, whole_b = _occurrences(a, quote), _occurrences(b, quote)
    if a not in b and b not in a and len(whole_a) == len(whole_b) == 1:
        # Both written whole, once: where they stand ("全国政协提案3件、省人大代表建议214件、省政协提案538件": the 政协提案
        # of 省政协提案 is not the first one written)
        return whole_a[0], whole_b[0]
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    suffix = a[len(a) - tail :] if tail else ""
    da, db = a[head : len(a) - tail] + suffix, b[head : len(b) - tail] + suffix
    shorter, longer = (whole_b, whole_a) if not db else (whole_a, whole_b) if not da else (None, None)
    if shorter is not None and longer and len(shorter) < 2:
        # "经营主体净增48万户、达680万户": the longer name is written whole and the shorter only inside it, the subject
        # both records share; there is no order to compare
        return None
    # A nested pair ("…增加值" and "…增加值占GDP比重"): the shorter one stands where it is written whole.
    pa = _anchor(da, quote) if da else _anchor(a, quote)
    pb = _anchor(db, quote, avoid=pa if da == suffix else None) if db else _anchor(b, quote)
    if da == suffix and db != suffix and pb is not None:
        pa = _anchor(da, quote, avoid=pb)
    if pa is None or pb is None or pa == pb:
        return None
    return pa, pb


def _anchor(piece: str, quote: str, avoid: int | None = None) -> int | None:
    """Where ``piece`` (or its longest head of two characters or more) is written in the quote; with
    ``avoid``, an occurrence that does not start within the piece found there."""
    for length in range(len(piece), 1, -1):
        head = piece[:length]
        found = _occurrences(head, quote)
        found = [p for p in found if avoid is None or not (avoid <= p < avoid + length + 2)]
        if found:
            return found[-1] if avoid is not None else found[0]
    for joint, members in genre.DISTRIBUTED_PREFIXES.items():
        position = quote.find(joint)
        for n, forms in enumerate(members):
            if position >= 0 and piece.startswith(forms):
                return position + n
    return None


def _occurrences(piece: str, text: str) -> list[int]:
    """Where ``piece`` (not empty) is written in ``text``, left to right, occurrences not overlapping."""
    found = []
    position = text.find(piece)
    while position >= 0:
        found.append(position)
        position = text.find(piece, position + len(piece))
    return found


def check_sign(record: Record) -> list[Flag]:
    """ "增长-5%" is a decline (docs/annotation.md): a signed growth read as an increase is flagged."""
    if not isinstance(record, Measured) or record.value is None or record.direction != "increase":
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
    check_direction,
    check_metric,
    check_plausible,
    check_stage,
    check_quote,
)


def duplicate_key(record: Record) -> tuple[object, ...]:
    if isinstance(record, Measured):
        indicator = record.indicator_id if record.indicator_id != "other" else record.indicator
        year = record.target_year if isinstance(record, Target) else record.year
        return (record.kind, indicator, record.value, record.unit, year, record.metric)
    return ("project", record.name, record.stage)


def status_for(flags: Sequence[Flag]) -> str:
    return "flagged" if any(f.severity in ("error", "warning") for f in flags) else "ok"


def _sentence_before(text: str | None, record: Record) -> str:
    """The sentence holding the record, up to the quote: where a modal word is carried from."""
    if text is None or record.char_start is None:
        return ""
    start, _ = genre.sentence_span(text, record.char_start)
    return text[start : record.char_start]


def check_records(
    records: Sequence[Record],
    sections_for: Callable[[Record], Section | None],
    text: str | None = None,
    plan_year: int | None = None,
) -> list[Record]:
    """Run every check on every record of one document, in document order.

    Only grounded records are compared with their quote; an ungrounded one already carries
    QUOTE_NOT_FOUND and its other checks would only repeat it. Records cut from the same quote are
    also checked against each other (``list_order_flags``).
    """
    by_span: dict[tuple[int, int], list[int]] = {}
    for k, record in enumerate(records):
        if record.char_start is not None and record.char_end is not None:
            by_span.setdefault((record.char_start, record.char_end), []).append(k)
    order_flags: dict[int, Flag] = {}
    for members in by_span.values():
        if len(members) > 1:
            for n, flag in list_order_flags([records[k] for k in members]).items():
                order_flags[members[n]] = flag
    seen: set[tuple[object, ...]] = set()
    checked: list[Record] = []
    reader = genre.TenseReader(text) if text is not None else None
    for k, record in enumerate(records):
        flags = list(record.flags)
        if record.char_start is not None:
            section = sections_for(record)
            context = _sentence_before(text, record)
            for check in RECORD_CHECKS:
                flags.extend(check(record))
            flags.extend(check_indicator(record, context))
            flags.extend(check_modality(record, context))
            flags.extend(check_year(record, section, text, plan_year))
            if not isinstance(record, Result):  # a result is the past by definition
                flags.extend(check_retrospective(record, section, text, plan_year, reader))
            if k in order_flags:
                flags.append(order_flags[k])
        elif (isinstance(record, Target) and record.target_year is None) or (
            isinstance(record, Result) and record.year is None
        ):
            flags.extend(check_year(record))
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
