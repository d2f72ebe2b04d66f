"""Grounding and checks on records planted into real seed text, as a model might return them."""

from __future__ import annotations

from extractor.checks import attached_qualifier, check_records
from extractor.grounding import ground, locate
from extractor.ingest import load_document
from extractor.models import Project, Target
from tests.conftest import SEEDS

TEXT = load_document(next(SEEDS.glob("000_*.txt"))).text
QUOTE = "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上"


def _target(**fields) -> Target:
    base = dict(
        quote=QUOTE,
        indicator="农村常住居民人均可支配收入",
        metric="growth",
        value=7.0,
        unit="%",
        qualifier="以上",
        backend="llm",
        target_year=2023,
    )
    return Target(**{**base, **fields})


def _check(record):
    grounded = ground(record, TEXT)
    return check_records([grounded], lambda _: None, TEXT, 2023)[0]


def _codes(record) -> set[str]:
    return {flag.code for flag in record.flags}


def test_exact_quote_gets_offsets_that_slice_back() -> None:
    record = _check(_target())
    assert record.match == "exact" and record.status == "ok"
    assert TEXT[record.char_start : record.char_end] == record.quote == QUOTE


def test_normalized_quote_is_replaced_by_the_source_slice() -> None:
    planted = QUOTE.replace("6.5%", "６．５％").replace("分别", "分 别")
    record = _check(_target(quote=planted))
    assert record.match == "normalized"
    assert TEXT[record.char_start : record.char_end] == record.quote == QUOTE


def test_fuzzy_quote_is_located_and_flagged() -> None:
    planted = QUOTE.replace("常住居民", "居民")
    record = _check(_target(quote=planted, indicator="农村居民人均可支配收入"))
    assert record.match == "fuzzy" and "QUOTE_FUZZY" in _codes(record)
    assert TEXT[record.char_start : record.char_end] == record.quote


def test_invented_quote_is_kept_with_an_error() -> None:
    record = _check(_target(quote="农村居民收入增长十个百分点以上,全面超额完成任务"))
    assert record.char_start is None and "QUOTE_NOT_FOUND" in _codes(record) and record.status == "flagged"


def test_hallucinated_value_is_an_error() -> None:
    record = _check(_target(value=8.0))
    assert "VALUE_NOT_IN_QUOTE" in _codes(record)
    assert any(f.severity == "error" for f in record.flags)


def test_wrong_qualifier_and_unit_are_warnings() -> None:
    assert "QUALIFIER_MISMATCH" in _codes(_check(_target(qualifier="左右")))
    assert "QUALIFIER_MISMATCH" in _codes(_check(_target(qualifier=None)))
    assert "UNIT_NOT_IN_QUOTE" in _codes(_check(_target(unit="亿元")))


def test_trailing_bound_word_binds_every_value_of_a_list() -> None:
    assert attached_qualifier(QUOTE, 6.5, "%") == "以上"
    assert attached_qualifier(QUOTE, 7.0, "%") == "以上"
    assert attached_qualifier("生产总值增长6.5%以上", 6.5, "%") == "以上"
    assert attached_qualifier("一般公共预算收入增长8.5%", 8.5, "%") is None
    assert attached_qualifier("力争收储资产资源突破20亿元", 20, "亿元") == "突破"


def test_indicator_not_in_quote() -> None:
    assert "INDICATOR_NOT_IN_QUOTE" in _codes(_check(_target(indicator="社会消费品零售总额")))
    assert "INDICATOR_NOT_IN_QUOTE" not in _codes(_check(_target(indicator="城镇常住居民人均可支配收入", value=6.5)))


def test_implausible_values() -> None:
    assert "IMPLAUSIBLE" in _codes(_check(_target(value=7.0, value_high=6.5)))
    share = "力争全社会研发经费投入占GDP比重达3.2%以上"
    record = _check(
        Target(
            quote=share,
            indicator="研发经费投入占GDP比重",
            metric="share",
            value=3.2,
            unit="%",
            qualifier="以上",
            target_year=2023,
        )
    )
    assert record.status == "ok"


def test_retrospective_is_read_from_the_records_own_clause() -> None:
    """A five-year review figure is past even with no review heading in sight; a five-year goal is not."""
    text = load_document(next(SEEDS.glob("003_*.txt"))).text

    def check(quote: str, value: float) -> set[str]:
        record = Target(quote=quote, indicator="生产总值", metric="growth", value=value, unit="%", target_year=2026)
        return _codes(check_records([ground(record, text)], lambda _: None, text, 2022)[0])

    assert "RETROSPECTIVE" in check("年均增长6.4%", 6.4)  # "过去五年…,年均增长6.4%"
    assert "RETROSPECTIVE" not in check("研发经费支出占生产总值比重达到3.4%以上", 3.4)  # 到2026年 goal
    assert "YEAR_UNKNOWN" in _codes(
        check_records([ground(_target(target_year=None), TEXT)], lambda _: None, TEXT, None)[0]
    )


def test_project_stage_must_be_in_quote_and_duplicates_are_info() -> None:
    quote = "推动利安隆二期、众卡二期尽快落地"
    text = load_document(next(SEEDS.glob("001_*.txt"))).text
    good = Project(quote=quote, name="利安隆二期", stage="signed", stage_raw="落地")
    bad = Project(quote=quote, name="利安隆二期", stage="start", stage_raw="开工")
    checked = check_records([ground(good, text), ground(good, text), ground(bad, text)], lambda _: None)
    assert checked[0].status == "ok"
    assert "DUPLICATE" in _codes(checked[1]) and checked[1].status == "ok"
    assert "STAGE_NOT_IN_QUOTE" in _codes(checked[2])


def test_locate_prefers_the_window_and_the_hint() -> None:
    text = "增长5%以上。其他。增长5%以上。"
    assert locate(text, "增长5%以上", window=(7, len(text)))[:2] == (10, 16)
    assert locate(text, "增长5%以上", hint=9)[:2] == (10, 16)
    assert locate(text, "   ") is None
