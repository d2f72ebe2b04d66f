"""Grounding and checks on records planted into real seed text, as a model might return them."""

from __future__ import annotations

from extractor.checks import attached_qualifier, check_records
from extractor.grounding import ground, locate
from extractor.ingest import load_document
from extractor.models import Project, Result, Target
from tests.conftest import CORPUS, SEEDS

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
        bound="at_least",
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
    assert "QUALIFIER_MISMATCH" in _codes(_check(_target(qualifier="左右", bound="around")))
    assert "QUALIFIER_MISMATCH" in _codes(_check(_target(bound="point")))  # 以上 is at_least
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
            bound="at_least",
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


# --- what the guideline decides, checked on the seeds' own clauses ------------------------------

TEXT_002 = load_document(next(SEEDS.glob("002_*.txt"))).text
TEXT_003 = load_document(next(SEEDS.glob("003_*.txt"))).text


def _check_all(records, text, year=2023):
    return check_records([ground(r, text) for r in records], lambda _: None, text, year)


def test_an_indicator_completed_from_a_list_is_not_a_mismatch() -> None:
    quote = "城乡居民人均可支配收入分别增长6%和7%左右"
    records = [
        Target(quote=quote, indicator=f"{head}居民人均可支配收入", metric="growth", value=value, unit="%",
               qualifier="左右", bound="around", target_year=2024)
        for head, value in (("城镇", 6.0), ("农村", 7.0))
    ]  # fmt: skip
    assert [r.flags for r in _check_all(records, TEXT_002, 2024)] == [[], []]
    swapped = [records[0].model_copy(update={"value": 7.0}), records[1].model_copy(update={"value": 6.0})]
    assert all("LIST_ORDER" in _codes(r) for r in _check_all(swapped, TEXT_002, 2024))


def test_a_threshold_inside_the_indicator_is_not_the_records_bound() -> None:
    quote = "新增产值50亿元以上企业1家、10亿元以上企业2家、规上企业58家"
    record = Target(quote=quote, indicator="产值50亿元以上企业", metric="count", value=1, unit="家", target_year=2023)
    assert _check(record).status == "ok"
    assert attached_qualifier("力争固投总额超115亿元、动态储备亿元以上项目115个", 115, "个") is None


def test_one_altered_field_of_a_grounded_answer_is_flagged() -> None:
    """The issue's planted answers: each passed clean before."""
    assert "DIRECTION_MISMATCH" in _codes(_check(_target(direction="decrease")))
    assert "YEAR_MISMATCH" in _codes(_check(_target(target_year=2035)))
    assert "METRIC_MISMATCH" in _codes(_check(_target(metric="level")))
    assert "UNIT_NOT_IN_QUOTE" in _codes(_check(_target(unit="个百分点")))
    assert "MODALITY_NOT_IN_TEXT" in _codes(_check(_target(modality="ensure")))
    quote = "开工建设高铁新城未来总部经济中心、三江基础设施提升工程等83个重大项目"
    project = Project(quote=quote, name="三江基础设施提升工程", stage="start", stage_raw="开工建设", group_count=83)
    assert _check_all([project], TEXT_002, 2024)[0].status == "ok"
    for change, code in (
        ({"stage": "complete"}, "STAGE_MISMATCH"),
        ({"group_count": 999}, "VALUE_NOT_IN_QUOTE"),
        ({"investment": 12345.0, "investment_unit": "亿元"}, "VALUE_NOT_IN_QUOTE"),
        ({"name": "重大项目"}, "GENERIC_PROJECT"),
        ({"name": "永嘉抽水蓄能电站"}, "NAME_NOT_IN_QUOTE"),
    ):
        assert code in _codes(_check_all([project.model_copy(update=change)], TEXT_002, 2024)[0]), change


def test_a_split_stage_phrase_is_found_in_pieces_and_the_later_stage_wins() -> None:
    quote = "提速永嘉抽水蓄能电站、比亚迪刀片电池等重大项目建设和投产"
    good = Project(quote=quote, name="永嘉抽水蓄能电站", stage="operate", stage_raw="提速…建设和投产")
    assert _check_all([good], TEXT_002, 2024)[0].flags == []
    assert "STAGE_MISMATCH" in _codes(_check_all([good.model_copy(update={"stage": "ongoing"})], TEXT_002, 2024)[0])
    assert "STAGE_NOT_IN_QUOTE" in _codes(
        _check_all([good.model_copy(update={"stage_raw": "加快…建成"})], TEXT_002, 2024)[0]
    )


def test_quote_marks_widths_and_spaces_are_folded_when_locating() -> None:
    text = load_document(next(SEEDS.glob("001_*.txt"))).text
    exact = '实现一般企业投资项目竣工验收前审批"最多50天"'
    assert exact in text
    planted = exact.replace('"最多', "“最多").replace('天"', "天”").replace("50", "５０ ")
    start, end, how = locate(text, planted)
    assert how == "normalized" and text[start:end] == exact


def test_a_five_year_goal_is_dated_by_its_section_and_a_year_nobody_wrote_is_flagged() -> None:
    quote = "研发经费支出占生产总值比重达到3.4%以上"
    record = Target(quote=quote, indicator="研发经费支出占生产总值比重", metric="share", value=3.4, unit="%",
                    qualifier="以上", bound="at_least", target_year=2026)  # fmt: skip
    assert "YEAR_MISMATCH" not in _codes(check_records([ground(record, TEXT_003)], lambda _: None, TEXT_003, 2022)[0])
    wrong = record.model_copy(update={"target_year": 2030})
    assert "YEAR_MISMATCH" in _codes(check_records([ground(wrong, TEXT_003)], lambda _: None, TEXT_003, 2022)[0])


def test_an_achieved_figure_is_checked_like_a_target_on_what_they_share() -> None:
    """A result's value, unit, direction and year are compared with its text; it is past by definition."""
    quote = "全市生产总值从3875亿元增加到5786亿元"  # the five-year review of seed 003: 2017 to 2021
    right = Result(quote=quote, indicator="生产总值", indicator_id="gdp", metric="level", value=5786, unit="亿元",
                   year=2021, backend="llm")  # fmt: skip

    def codes(**fields) -> set[str]:  # type: ignore[no-untyped-def]
        record = ground(right.model_copy(update=fields), TEXT_003)
        return _codes(check_records([record], lambda _: None, TEXT_003, 2022)[0])

    assert codes() == set()  # no RETROSPECTIVE, no bound or modality asked of an achieved figure
    assert "VALUE_NOT_IN_QUOTE" in codes(value=5787.0)
    assert "UNIT_NOT_IN_QUOTE" in codes(unit="万元")
    assert "DIRECTION_MISMATCH" in codes(direction="decrease")
    assert "YEAR_MISMATCH" in codes(year=2022)  # the report's year, not the one reported on
    assert "YEAR_UNKNOWN" in codes(year=None)


def test_an_approximate_unit_and_a_base_year_are_read_as_written() -> None:
    """2.4万余户 is 万户; "由2017年的76…降至64" reports on 2018, the year before the 2019 report."""
    text = load_document(next((CORPUS / "docs").glob("county_gaoyang_2019_excerpt.*"))).text

    def codes(record: Result) -> set[str]:
        return _codes(check_records([ground(record, text)], lambda _: None, text, 2019)[0])

    homes = Result(quote="保障了2.4万余户百姓清洁取暖", indicator="百姓清洁取暖", metric="count", value=2.4,
                   unit="万户", year=2018)  # fmt: skip
    assert codes(homes) == set() and "UNIT_NOT_IN_QUOTE" in codes(homes.model_copy(update={"unit": "户"}))
    pm25 = Result(quote="全县PM2.5平均浓度由2017年的76微克/立方米降至64微克/立方米", indicator="PM2.5平均浓度",
                  metric="level", value=64, unit="微克/立方米", direction="decrease", year=2018)  # fmt: skip
    assert codes(pm25) == set() and "YEAR_MISMATCH" in codes(pm25.model_copy(update={"year": 2019}))


def test_a_quote_at_the_very_start_of_a_report_is_found_there() -> None:
    """Seed 000 opens with "在肯定成绩的同时": the first clause is found at offset 0, exactly."""
    first = TEXT.split(",")[0]
    assert first == "在肯定成绩的同时"
    assert locate(TEXT, first) == (0, len(first), "exact")


def test_a_quote_from_another_report_is_kept_unplaced_with_its_flag() -> None:
    """Seed 002's main-targets clause grounded in seed 000: not there, so the record keeps no offsets,
    says match "none" and carries QUOTE_NOT_FOUND (it is stored for a reviewer, never dropped)."""
    other = load_document(next(SEEDS.glob("002_*.txt"))).text
    quote = "一般公共预算收入增长8.5%"
    assert quote in other and quote not in TEXT
    record = ground(_target(quote=quote, indicator="一般公共预算收入", value=8.5, qualifier=None, bound="point"), TEXT)
    assert (record.char_start, record.char_end, record.match) == (None, None, "none")
    assert "QUOTE_NOT_FOUND" in {flag.code for flag in record.flags}


def test_a_quote_written_twice_is_grounded_where_the_records_subject_is() -> None:
    """海拉尔 2012 writes "同比增长18％" after both incomes ("城镇人均可支配收入达到23896元，同比增长18％；农民人均纯收入
    达到16892元，同比增长18％"): a model's record for the farmers' income, which comes without offsets, is placed at
    the second one, where its subject stands; the townspeople's at the first."""
    text = load_document(CORPUS / "docs" / "county_hailar_2012_full.txt").text
    first = text.find("同比增长18%")
    second = text.find("同比增长18%", first + 1)
    assert 0 < first < second
    farmers = ground(_target(quote="同比增长18%", indicator="农民人均纯收入", value=18.0), text)
    towns = ground(_target(quote="同比增长18%", indicator="城镇人均可支配收入", value=18.0), text)
    assert (towns.char_start, farmers.char_start) == (first, second)
