"""Each check on its own, at its boundaries (extractor/checks.py), with quotes taken from the seeds."""

from __future__ import annotations

import pytest

from extractor import checks
from extractor.models import Flag, Project, Target

GROWTH = "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上"  # seed 000
LEVEL = "规上工业总产值达到460亿元"


def _target(**fields: object) -> Target:
    base: dict[str, object] = dict(
        quote=GROWTH,
        indicator="农村常住居民人均可支配收入",
        metric="growth",
        value=7.0,
        unit="%",
        qualifier="以上",
        bound="at_least",
        backend="llm",
        target_year=2023,
    )
    return Target(**{**base, **fields})  # type: ignore[arg-type]


def _implausible(**fields: object) -> str | None:
    flags = checks.check_plausible(_target(**fields))
    assert len(flags) <= 1
    return flags[0].message if flags else None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"value": 7.0}, None),
        ({"value": -1.0}, "negative value"),
        ({"value": 5.0, "value_high": 4.0}, "range low end above high end"),
        ({"value": 5.0, "value_high": 5.0}, None),
        ({"metric": "share", "value": 100.5}, "a share over 100%"),
        ({"metric": "level", "unit": "亿元", "value": 3e6 + 1}, "3e+06 亿元 is more than the national economy"),
        ({"metric": "level", "unit": "万元", "value": 3e10 + 1}, "is more than the national economy"),
        ({"metric": "level", "unit": "个", "value": 1e12}, "a 13-digit value"),
    ],
)
def test_plausibility_at_its_boundaries(fields: dict[str, object], reason: str | None) -> None:
    message = _implausible(**fields)
    if reason is None:
        assert message is None
    else:
        assert message is not None and reason in message and message.startswith(checks.PLAIN_WORDS["IMPLAUSIBLE"])


def test_a_doubling_is_no_implausible_growth() -> None:
    assert (
        _implausible(quote="到2020年国内生产总值和城乡居民人均收入比2010年翻一番", value=100.0, metric="growth") is None
    )


def test_two_problems_are_one_flag_naming_both() -> None:
    message = _implausible(value=-1.0, value_high=-2.0)
    assert message is not None and "negative value; range low end above high end" in message


def test_damaged_text_is_a_warning() -> None:
    (flag,) = checks.check_damaged(_target(quote=GROWTH.replace("居民", "居\ufffd")))
    assert (flag.code, flag.severity) == ("DAMAGED_TEXT", "warning")
    assert checks.check_damaged(_target()) == []


def test_an_indicator_written_in_pieces_is_covered() -> None:
    assert checks.check_indicator(_target()) == []
    assert checks.check_indicator(_target(indicator="城镇常住居民人均可支配收入")) == []  # 城镇、农村常住居民…
    (flag,) = checks.check_indicator(_target(indicator="城镇调查失业率"))
    assert flag.code == "INDICATOR_NOT_IN_QUOTE" and "城镇调查失业率" in flag.message
    assert checks.check_indicator(_target(indicator="城")) == []


def test_a_signed_growth_read_as_an_increase_is_flagged() -> None:
    quote = "地区生产总值增长-2%"
    (flag,) = checks.check_sign(_target(quote=quote, value=2.0, qualifier=None, indicator="地区生产总值"))
    assert flag.code == "DIRECTION_MISMATCH"
    assert checks.check_sign(_target(quote=quote, value=2.0, direction="decrease")) == []
    assert checks.check_sign(_target(quote=quote, value=2.0, metric="level")) == []
    assert checks.check_sign(_target(quote="地区生产总值增长5-6%", value=6.0, qualifier=None)) == []
    assert checks.check_sign(_target(quote=quote, value=2.0, metric="change_pp", unit="个百分点")) != []


def test_the_stage_word_and_the_name_must_be_in_the_quote() -> None:
    project = Project(
        quote="推进梦想园区二期等项目", name="梦想园区二期", stage="ongoing", stage_raw="推进", backend="rules"
    )
    assert checks.check_stage(project) == []
    codes = {f.code: f.message for f in checks.check_stage(project.model_copy(update={"stage_raw": "建设"}))}
    assert "STAGE_NOT_IN_QUOTE" in codes and codes["STAGE_NOT_IN_QUOTE"].endswith("(建设)")
    codes = {f.code: f.message for f in checks.check_stage(project.model_copy(update={"name": "别的园区"}))}
    assert set(codes) == {"NAME_NOT_IN_QUOTE"} and codes["NAME_NOT_IN_QUOTE"].endswith("(别的园区)")
    assert checks.check_stage(_target()) == [] and checks.check_plausible(project) == []  # type: ignore[arg-type]


def test_the_unit_must_follow_the_number() -> None:
    assert checks.check_unit(_target()) == []
    (flag,) = checks.check_unit(_target(unit="亿元"))
    assert flag.code == "UNIT_NOT_IN_QUOTE" and "亿元" in flag.message
    assert checks.check_unit(_target(quote=LEVEL, value=460.0, unit="亿元", metric="level", qualifier=None)) == []
    assert checks.check_unit(_target(quote="增长百分之六点五", value=6.5)) == []
    assert checks.check_unit(_target(unit=None)) == []


@pytest.mark.parametrize(
    ("quote", "value", "unit", "qualifier"),
    [
        (GROWTH, 7.0, "%", "以上"),
        (GROWTH, 6.5, "%", "以上"),  # the trailing word binds the whole list
        ("城镇登记失业率控制在4%以内", 4.0, "%", "以内"),
        ("确保耕地保有量不少于5028.04万亩", 5028.04, "万亩", "不少于"),
        ("城乡居民收入倍差缩小至1.9以下", 1.9, None, "以下"),
        ("规上工业总产值达到460亿元", 460.0, "亿元", None),
        ("不低于百分之六", 6.0, "%", "不低于"),
        ("6", 6.0, None, None),
    ],
)
def test_the_bound_word_beside_the_value(quote: str, value: float, unit: str | None, qualifier: str | None) -> None:
    assert checks.attached_qualifier(quote, value, unit) == qualifier


def test_a_qualifier_that_differs_from_the_quote_is_flagged_and_a_missing_value_is_left_to_its_check() -> None:
    (flag,) = checks.check_qualifier(_target(qualifier="左右"))
    assert flag.code == "QUALIFIER_MISMATCH" and "record: 左右, quote: 以上" in flag.message
    assert checks.check_qualifier(_target(value=8.0)) == []
    assert [f.code for f in checks.check_value(_target(value=8.0))] == ["VALUE_NOT_IN_QUOTE"]
    assert [f.code for f in checks.check_value(_target(value_high=9.0))] == ["VALUE_NOT_IN_QUOTE"]


def test_duplicates_are_one_info_flag_and_flags_are_not_repeated() -> None:
    first = _target().model_copy(update={"char_start": 0, "char_end": len(GROWTH)})
    other = first.model_copy(update={"value": 6.5})
    checked = checks.check_records([first, first, other], lambda _: None, GROWTH, 2023)
    codes = [[f.code for f in r.flags] for r in checked]
    assert ["DUPLICATE" in c for c in codes] == [False, True, False]
    assert codes[1] == [*codes[0], "DUPLICATE"]
    repeated = Flag(code="QUOTE_FUZZY", severity="warning", message="m")
    (once,) = checks.check_records([first.model_copy(update={"flags": [repeated, repeated]})], lambda _: None)
    assert once.flags == [repeated] and once.status == "flagged"
    assert checks.duplicate_key(first) != checks.duplicate_key(first.model_copy(update={"indicator_id": "gdp"}))
    assert checks.duplicate_key(first.model_copy(update={"indicator": "x"})) != checks.duplicate_key(first)


def test_an_ungrounded_record_is_not_compared_with_its_quote() -> None:
    (record,) = checks.check_records([_target(value=8.0)], lambda _: None, GROWTH, 2023)
    assert record.flags == [] and record.status == "ok"


def test_retrospective_names_its_cue_or_its_section() -> None:
    """A clause in a review section without a cue of its own is past because of the section; with a cue
    the flag names the cue; a record without offsets is judged by its section alone."""
    from extractor.pipeline import prepare
    from extractor.sections import SectionLookup
    from tests.conftest import CORPUS

    prepared = prepare(CORPUS / "docs" / "county_gaoyang_2018_full.txt")
    text, lookup = prepared.document.text, SectionLookup(prepared.sections)
    review = next(s for s in prepared.sections if s.path == ["一、2017年工作回顾"])
    plan = next(s for s in prepared.sections if s.path == ["三、2018年重点工作"])
    flagged = []
    for start in range(review.char_start, review.char_end, 11):
        record = _target(quote=text[start : start + 4]).model_copy(update={"char_start": start})
        section = lookup.at(start)
        if section.kind != "review":
            continue
        tense, cue = __import__("extractor.genre", fromlist=["tense_at"]).tense_at(
            text, start, section.year or 2018, "review"
        )
        (flag,) = checks.check_retrospective(record, section, text, 2018)
        expected = f"(«{cue}»)" if cue else f"(section: {' / '.join(section.path)})"
        assert tense == "past" and flag.message.endswith(expected) and flag.severity == "warning"
        assert flag.code == "RETROSPECTIVE"
        flagged.append(flag.message)
        assert checks.check_retrospective(record, section.model_copy(update={"kind": "plan"}), text, 2018) == [] or cue
    assert any("(section: 一、2017年工作回顾" in m for m in flagged) and any("(«" in m for m in flagged)
    ungrounded = _target()
    (flag,) = checks.check_retrospective(ungrounded, review, None)
    assert flag.message.endswith("(section: 一、2017年工作回顾)")
    (flag,) = checks.check_retrospective(ungrounded, review.model_copy(update={"path": []}), None)
    assert flag.message.endswith("(section: preamble)")
    assert (
        checks.check_retrospective(ungrounded, plan, None) == [] and checks.check_retrospective(ungrounded, None) == []
    )


def test_flag_messages_name_what_is_wrong() -> None:
    (flag,) = checks.check_sign(_target(quote="地区生产总值增长-2%", value=2.0, qualifier=None))
    assert flag.message.endswith("(«地区生产总值增长-2%»)")
    assert checks.check_sign(_target(quote="地区生产总值增长0%", value=0.0, qualifier=None)) == []
    project = Project(
        quote="推进梦想园区二期等项目", name="别的园区", stage="ongoing", stage_raw="建设", backend="rules"
    )
    (flag,) = checks.check_qualifier(_target(quote="城镇登记失业率控制在4%", value=4.0, qualifier="以内"))
    assert flag.message.endswith("(record: 以内, quote: —)")
    (flag,) = checks.check_qualifier(_target(qualifier=None))
    assert flag.message.endswith("(record: —, quote: 以上)")
    assert checks.check_unit(_target(quote="增长7个百分点", value=7.0, unit="个百分点", metric="change_pp")) == []
    project_key = checks.duplicate_key(project)
    assert project_key == ("project", "别的园区", "ongoing")


@pytest.mark.parametrize(
    ("quote", "value", "unit", "value_at", "word_at"),
    [
        (GROWTH, 7.0, "%", "7", "以上"),  # the list's trailing word, after the value
        (GROWTH, 6.5, "%", "6.5", "以上"),
        ("确保耕地保有量不少于5028.04万亩", 5028.04, "万亩", "5028.04", "不少于"),  # before the value
        ("规上工业总产值达到460亿元", 460.0, "亿元", "460", None),
    ],
)
def test_the_review_page_highlights_the_value_and_its_bound_word_where_they_are_written(
    quote: str, value: float, unit: str, value_at: str, word_at: str | None
) -> None:
    """The reviewer is shown where the record's value and bound word stand in its quote."""
    spans = checks.value_spans(quote, value)
    assert [quote[a:b] for a, b in spans] == [value_at] and spans[0][0] == quote.index(value_at)
    found = checks.qualifier_span(quote, value, unit)
    if word_at is None:
        assert found is None
    else:
        assert found == (quote.index(word_at), quote.index(word_at) + len(word_at))
    assert checks.value_spans(quote, 999.0) == [] and checks.qualifier_span(quote, 999.0, unit) is None


@pytest.mark.parametrize(
    ("unit", "limit"),
    [("万亿元", 300), ("亿元", 3e6), ("万元", 3e10), ("元", 3e14), ("亿美元", 5e5), ("万美元", 5e9), ("美元", 5e13)],
)
def test_money_above_three_national_economies_is_implausible_in_every_unit(unit: str, limit: float) -> None:
    """About 130万亿元 a year, or 18万亿美元: three times that is no region's goal, whatever the unit."""
    message = _implausible(metric="level", unit=unit, value=limit * 1.01)
    assert message is not None and f"{unit} is more than the national economy" in message


def test_at_least_before_the_verb_binds_every_value_of_its_clause() -> None:
    """保定 2021 "每个县至少建成2个生态宜居美丽示范区、20个示范村": the gold gives both values 至少 (6.6), so
    the check reads 至少 for 20 too and the review page highlights it; 最多 reaches only its own value."""
    from extractor.checks import attached_qualifier, qualifier_span
    from extractor.ingest import load_document
    from tests.conftest import CORPUS

    text = load_document(CORPUS / "docs" / "prefecture_baoding_2021_full.txt").text
    quote = "每个县至少建成2个生态宜居美丽示范区、20个示范村"
    assert quote in text
    assert [attached_qualifier(quote, value, "个") for value in (2.0, 20.0)] == ["至少", "至少"]
    assert qualifier_span(quote, 20.0, "个") == (3, 5)


def test_a_rise_named_in_the_indicator_is_a_growth() -> None:
    """广东 2024 "居民消费价格指数上涨3%左右": the rules keep 上涨 in the indicator, so the verb of change is
    there; growth (as the gold reads it) is not a METRIC_MISMATCH, share is not flagged either way."""
    import json

    from extractor.checks import check_metric
    from extractor.models import Target
    from tests.conftest import CORPUS

    gold = [
        json.loads(line)
        for line in (CORPUS / "gold" / "province_guangdong_2024_traditional.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if "居民消费价格指数上涨3%左右" in line
    ]
    assert gold and gold[0]["metric"] == "growth"
    record = Target(quote="居民消费价格指数上涨3%左右", indicator="居民消费价格指数上涨", metric="growth", value=3.0,
                    unit="%", qualifier="左右", bound="around")  # fmt: skip
    assert check_metric(record) == []
    assert check_metric(record.model_copy(update={"indicator": "居民消费价格指数"})) == []
