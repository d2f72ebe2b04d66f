"""The checks on the gold records of the seeds and the development corpus, as a faithful model returns
them and with one field slipped: each test holds a reading the checks must keep or flag, at an edge
the mutation run (docs/mutation.md) found untested."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from extractor import checks
from extractor.api import extract_text
from extractor.grounding import ground
from extractor.ingest import load_document
from extractor.models import Project, Record, Result, Target
from extractor.pipeline import PreparedDocument, prepare_document
from extractor.sections import SectionLookup
from tests.conftest import CORPUS, FIXTURES, ROOT, SEEDS

GOLD = (ROOT / "tests/gold", ROOT / "tests/gold/results", CORPUS / "gold", CORPUS / "gold_results")
SEED_YEARS = {"002": 2024}  # seed 002 never states its year (docs/annotation.md, section 1)


@functools.cache
def _rows() -> tuple[dict[str, object], ...]:
    rows = []
    for folder in GOLD:
        for file in sorted(folder.glob("*.jsonl")):
            rows += [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(rows)


def gold(quote: str, name: str | None = None, **fields: object) -> Record:
    """The gold record of ``quote`` (and of the indicator or project ``name``), with ``fields`` changed."""
    rows = [
        r for r in _rows() if r["quote"] == quote and name in (None, r.get("indicator"), r.get("name"))
    ]  # fmt: skip
    assert rows, f"no gold record «{quote}» {name or ''}"
    data = {**rows[0], "backend": "llm"}
    model = {"result": Result, "project": Project}.get(str(data["kind"]), Target)
    return model.model_validate(data).model_copy(update=fields)


def listed(quote: str) -> list[Record]:
    """Every gold record of one quote, in the order the annotators wrote them."""
    return [gold(quote, str(r.get("indicator") or r.get("name"))) for r in _rows() if r["quote"] == quote]


@functools.cache
def _prepared(source: str) -> PreparedDocument:
    path = SEEDS / source if (SEEDS / source).exists() else CORPUS / "docs" / source
    manifest = {
        Path(row["file"]).name: row
        for row in map(json.loads, (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    }
    row = manifest.get(source, {})
    return prepare_document(load_document(path), row.get("region"), row.get("plan_year") or SEED_YEARS.get(source[:3]))


def check(*records: Record) -> list[Record]:
    """Ground the records in their report and run every check, as the pipeline does."""
    prepared = _prepared(records[0].source_file)
    text, lookup = prepared.document.text, SectionLookup(prepared.sections)
    grounded = [ground(r, text) for r in records]
    assert all(r.char_start is not None for r in grounded)
    return checks.check_records(
        grounded, lambda r: lookup.at(r.char_start), text, prepared.document.target_year or records[0].target_year
    )


def codes(record: Record) -> set[str]:
    return {flag.code for flag in record.flags}


def message(record: Record, code: str) -> str:
    (found,) = [flag.message for flag in record.flags if flag.code == code]
    return found


# --- list order -----------------------------------------------------------------------------------

LISTS = [
    "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上",  # seed 000: a distributed list
    "争取实现股改3家、辅导3家、报会3家、上市1家",  # seed 000: equal values in one list
    "新增产值50亿元以上企业1家、10亿元以上企业2家、规上企业58家",  # seed 000: thresholds inside the indicators
    "力争数字经济核心产业增加值增长15%、占GDP比重达3.5%以上",  # seed 001: a nested pair
    "新增小微企业1.8万家、小升规企业350家",  # seed 003: 万家 and 家
    "规上工业亩均增加值、亩均税收分别达到170万元以上和34万元以上",  # seed 003
    "新增铁路271公里、高速公路202公里",  # seed 003, results
    "力争产值过十亿元企业、过亿元企业分别达到8家、100家以上",  # seed 004
    "其中10亿元项目3个以上、50亿元项目1个以上",  # seed 004
    "全年基础设施投资2200亿元、新型基础设施投资1000亿元",  # Shenzhen 2022: one name inside the other
    "城镇和乡村居民人均可支配收入分别增长6.5%、8%",  # Mianyang 2023
    "办好8个名校长、41个名师工作室",  # Baoding 2021: the values before the names
    "创建3个民政服务示范县区、10个标准化示范社区和3个农村样板社区",  # 鹤岗 2011: before the names, one value twice
    "城乡居民人均可支配收入分别由17979元和4931元增加到27763元和8076元、年均增长9.1%和10.4%",  # national 2016
]


@pytest.mark.parametrize("quote", LISTS)
def test_values_of_a_list_go_with_the_indicators_in_their_order(quote: str) -> None:
    """The gold reading of a list is left alone; the indicators of its first two values swapped (the
    neighbour's indicator, as a model slips) are both flagged, each flag naming its indicator and value."""
    records = listed(quote)
    assert "LIST_ORDER" not in {code for r in check(*records) for code in codes(r)}
    i, j = next(
        (i, j)
        for i in range(len(records))
        for j in range(i + 1, len(records))
        if (records[i].value, records[i].unit) != (records[j].value, records[j].unit)  # type: ignore[union-attr]
    )
    swapped = list(records)
    swapped[i] = records[i].model_copy(update={"indicator": records[j].indicator})  # type: ignore[union-attr]
    swapped[j] = records[j].model_copy(update={"indicator": records[i].indicator})  # type: ignore[union-attr]
    out = check(*swapped)
    for k in (i, j):
        record = out[k]
        assert message(record, "LIST_ORDER").endswith(f"({record.indicator} {record.value:g})")  # type: ignore[union-attr]
    if records[i].unit == records[j].unit and "分别" in quote:  # type: ignore[union-attr]
        swapped = list(records)
        swapped[i] = records[i].model_copy(update={"value": records[j].value})  # type: ignore[union-attr]
        swapped[j] = records[j].model_copy(update={"value": records[i].value})  # type: ignore[union-attr]
        assert any("LIST_ORDER" in codes(check(*swapped)[k]) for k in (i, j))


def test_one_value_in_several_units_is_no_crossed_list() -> None:
    """Seed 003 writes 5 three times, each followed by its own unit: each record's 5 is the one
    before its unit, so the gold list is in order."""
    records = listed("实施5个入城口改造、5条示范路整治、5条景观路提升")
    assert [r.unit for r in records] == ["个", "条", "条"]  # type: ignore[union-attr]
    assert all("LIST_ORDER" not in codes(r) for r in check(*records))


# --- indicator ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "indicator"),
    [
        ("力争全年整治1980亩以上", "全域工业土地综合整治"),  # seed 001: the subject is in the sentence before
        ("完成投资300亿元以上", "涉海重大项目完成投资"),  # seed 003: 完成投资 tells the quantity
        ("总数达65家", "上市公司总数"),  # seed 003, a result: 总数 of the listed companies before it
        ("省委巡视反馈75个问题已完成整改销号48个", "省委巡视反馈问题完成整改销号"),  # seed 003, a result
        ("数字化改造提升企业1000家、累计覆盖75%以上规上企业", "数字化改造累计覆盖规上企业比例"),  # seed 003
        ("筹措7亿元实施就业惠民工程", "就业惠民工程筹措资金"),  # Guangxi 2026: the words reordered
        ("年均增长6.4%", "生产总值"),  # seed 003, a result: a verb-only clause measures the sentence's subject
        ("占比达54.5%", "战略性新兴产业项目占省市重点项目比重"),  # Gaoyang 2019, a result
        ("分别实际增长10.5%和9.4%", "城镇居民人均可支配收入"),  # 江苏 2010: 实际 names nothing of its own
        ("较年初分别增长15.8%、14.7%", "金融机构存款余额"),  # 高唐 2023: nor does 较年初
    ],
)
def test_an_indicator_the_text_writes_in_other_words_is_not_flagged(quote: str, indicator: str) -> None:
    (record,) = check(gold(quote, indicator))
    assert "INDICATOR_NOT_IN_QUOTE" not in codes(record)


@pytest.mark.parametrize(
    ("quote", "indicator", "neighbour"),
    [
        ("直接融资50亿元以上", "直接融资", "上市"),  # seed 000: the next target's indicator
        ("开工建设高铁新城未来总部经济中心、三江基础设施提升工程等83个重大项目", "开工建设重大项目", "重大续建项目"),
    ],
)
def test_the_neighbours_indicator_is_flagged(quote: str, indicator: str, neighbour: str) -> None:
    """Seed 002's 重大续建项目 shares most of its characters with 重大项目 but is not written here."""
    (record,) = check(gold(quote, indicator, indicator=neighbour))
    assert message(record, "INDICATOR_NOT_IN_QUOTE").endswith(f"({neighbour})")


# --- year -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "name", "slipped", "shown"),
    [
        ("生产总值增长6.5%以上", None, 2024, "2023"),  # seed 000: the report's year
        ("全市生产总值达到8000亿元", None, 2027, "2022, 2026"),  # seed 003: the report's and the five-year end
        ("新增国家高新技术企业1100家、科技型中小企业4000家", "国家高新技术企业", 2027, "2022, 2026"),
        ("高起点规划“服务全域孵化、带动全域创新”的台州湾科创走廊", None, 2027, "2022, 2026"),  # a project
        ("生产总值增长7%以上", None, 2023, "2022"),  # seed 003: this year's goal, not the five-year horizon
        ("数字经济核心产业制造业增加值增长8%", None, 2025, "2024, 2026"),  # seed 002: 三年 ends in 2026
        ("利用三年时间完成植树2.3万亩", None, 2022, "2019, 2021"),  # Gaoyang 2019: 三年 ends in 2021
    ],
)
def test_a_year_the_text_does_not_give_is_flagged_with_the_years_it_gives(
    quote: str, name: str | None, slipped: int, shown: str
) -> None:
    """A five-year goal of seed 003 is dated by the horizon its section sets (到2026年), a yearly goal
    by the report; the flag shows the years the text gives."""
    right = gold(quote, name)
    assert "YEAR_MISMATCH" not in codes(check(right)[0])
    (wrong,) = check(right.model_copy(update={"target_year": slipped}))
    assert message(wrong, "YEAR_MISMATCH").endswith(f"(record: {slipped}, text: {shown})")


def test_a_results_year_is_the_year_reported_on() -> None:
    right = gold("全市生产总值从3875亿元增加到5786亿元")  # seed 003's five-year review, 2017 to 2021
    assert check(right)[0].flags == []
    (wrong,) = check(right.model_copy(update={"year": 2022}))
    assert message(wrong, "YEAR_MISMATCH").endswith("(record: 2022, text: 2021)")


def test_a_year_the_sentence_names_in_words_is_one_it_gives() -> None:
    """湖南 2009: "…规模工业增加值完成3500亿元,…继2007年机械行业主营业务收入过1000亿元之后,去年新增…": the sentence
    writes 2007 as a landmark and 去年 for the year reported on; both are years it gives."""
    right = gold("规模工业增加值完成3500亿元")
    assert "YEAR_MISMATCH" not in codes(check(right)[0])
    (wrong,) = check(right.model_copy(update={"year": 2009}))
    assert "YEAR_MISMATCH" in codes(wrong)


def test_a_rate_written_with_每_has_its_denominators_in_the_unit() -> None:
    """广东 2017: "…基础养老金标准提高到每人每月120元" is 元/人/月, as the corpus's gold writes it (广东 2026 too); 元/月
    leaves the person out and is flagged, and so is a denominator the text does not write."""
    right = gold("全省城乡居民基本养老保险基础养老金标准提高到每人每月120元")
    assert right.unit == "元/人/月" and "UNIT_NOT_IN_QUOTE" not in codes(check(right)[0])
    (per_year,) = check(right.model_copy(update={"unit": "元/人/年"}))
    assert "UNIT_NOT_IN_QUOTE" in codes(per_year)


# --- bound word -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "name", "word"),
    [
        ("每个县至少建成2个生态宜居美丽示范区、20个示范村", "生态宜居美丽示范区", "至少"),  # Baoding 2021
        ("移动网络流量资费年内至少降低30%", None, "至少"),  # national 2018: 至少 before the verb
        ("全年再为企业和个人减税8000多亿元", None, "多"),  # national 2018: 多 inside the unit
        ("实施重大项目1900多个", None, "多"),  # Ningxia 2026
    ],
)
def test_the_bound_word_the_text_writes_is_the_records(quote: str, name: str | None, word: str) -> None:
    """The gold bound word is kept; dropping it is flagged with the word the quote writes."""
    right = gold(quote, name)
    assert right.qualifier == word  # type: ignore[union-attr]
    assert checks.attached_qualifier(quote, right.value, right.unit) == word  # type: ignore[union-attr, arg-type]
    assert "QUALIFIER_MISMATCH" not in codes(check(right)[0])
    (dropped,) = check(right.model_copy(update={"qualifier": None, "bound": "point"}))
    assert message(dropped, "QUALIFIER_MISMATCH").endswith(f"(record: —, quote: {word})")


# --- direction ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "name", "slipped", "problem"),
    [
        ("生产总值增长6.5%以上", None, "decrease", "no falling verb governs the value"),  # seed 000
        ("生产总值增长6.5%以上", None, "maintain", "no keeping verb in the quote"),
        ("城乡居民收入倍差缩小至1.9以下", None, "increase", "a falling verb governs the value"),  # seed 003
        ("各项贷款平均利率从7.59%降至6.15%", None, "increase", "a falling verb governs the value"),  # a result
        (
            "安全生产事故数和死亡人数分别下降71.6%、75.8%",
            "安全生产死亡人数",
            "increase",
            "a falling verb governs the value",
        ),
        ("工业税收稳定在5亿元以上", None, "increase", "a keeping verb governs the value"),  # seed 004
        ("粮食总产量保持在10.42万吨以上", None, "increase", "a keeping verb governs the value"),  # Huangzhong 2024
        ("今年赤字率保持不变", None, "increase", "a keeping verb governs the value"),  # national 2017, no value
    ],
)
def test_a_direction_the_verb_contradicts_is_flagged_with_the_reason(
    quote: str, name: str | None, slipped: str, problem: str
) -> None:
    """The gold direction is kept; another one is flagged, saying which verb contradicts it."""
    right = gold(quote, name)
    assert "DIRECTION_MISMATCH" not in codes(check(right)[0])
    (wrong,) = check(right.model_copy(update={"direction": slipped}))
    assert message(wrong, "DIRECTION_MISMATCH").endswith(f"({slipped}: {problem})")


# --- metric ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "name", "slipped", "problem"),
    [
        ("生产总值增长6.5%以上", None, "share", "the value is a rate of change"),  # seed 000
        ("生产总值增长6.5%以上", None, "level", "% is growth or share"),
        ("城乡居民收入倍差缩小至1.9以下", None, "growth", "no unit is level or share"),  # seed 003
        ("赤字率提高到3%", None, "growth", "the value is a level reached (提高到…), not a change"),  # national 2016
        ("外贸出口额占全国比重保持在10‰以上", None, "growth", "no verb of change governs the value"),  # seed 003
        ("居民收入增速保持全省前列", None, "delegated", "no quota (下达/任务/目标) in the quote"),  # no value
        ("完成省下达的能耗“双控”和环境指标计划目标", None, "relative", "the quote sets a quota, not a comparison"),
        ("建设筹集保障性租赁住房3万套(间)以上", None, "level", "万套(间) is count"),  # seed 003: 万 of a count unit
        ("为未成年人家庭提供一对一公益家庭教育指导服务1万户次", None, "level", "万户次 is count"),  # Zhejiang 2026
        ("今年再减少农村贫困人口1000万以上", None, "growth", "万 is count or level"),  # national 2018
        ("粮食总产436亿斤以上", None, "count", "亿斤 is level"),  # Jiangxi 2026: 亿 of a level unit
        (
            "淘汰黄标车和老旧车380万辆",
            None,
            "level",
            "万辆 is count",
        ),  # national 2016: 辆 counts, 万辆 is listed as a level
        ("粮食产量1.3万亿斤以上", None, "count", "万亿斤 is level"),  # national 2024
        ("劳动年龄人口平均受教育年限达11年", None, "count", "年 is level"),  # Guizhou 2026
        ("全省产业园区综合排名进入前30名", None, "count", "名 is level"),  # seed 004: a rank, not a count
        ("数字经济核心产业增加值翻番", None, "share", "% is growth"),  # seed 003: a doubling is a growth
        (
            "数字化改造提升企业1000家、累计覆盖75%以上规上企业",
            "数字化改造累计覆盖规上企业比例",
            "growth",
            "no verb of change governs the value",
        ),
    ],
)
def test_a_metric_the_unit_or_the_words_contradict_is_flagged_with_the_reason(
    quote: str, name: str | None, slipped: str, problem: str
) -> None:
    right = gold(quote, name)
    assert "METRIC_MISMATCH" not in codes(check(right)[0])
    (wrong,) = check(right.model_copy(update={"metric": slipped}))
    assert message(wrong, "METRIC_MISMATCH").endswith(f"({slipped}: {problem})")


# --- quote, modality, stage -----------------------------------------------------------------------

NATIONAL_2025 = "国内生产总值(GDP)增长5%左右、城镇新增就业1200万人以上、居民消费价格(CPI)涨幅2%左右、粮食产量1.4万亿斤左右、单位GDP能耗降低3%左右……"


def test_an_ellipsis_is_a_joined_quote_only_when_the_report_does_not_write_it() -> None:
    """National 2025 (a digest) ends its list with ……, so the gold quote holds it and is found as it is;
    seed 000's clauses joined with …… are a quote the report does not write. (Grounding then replaces
    the quote with the span it found, so this check reads the quote as the model gave it.)"""
    (written,) = check(gold(NATIONAL_2025, "单位GDP能耗"))
    assert written.match == "exact" and checks.check_quote(written) == []
    joined = gold("生产总值增长6.5%以上").model_copy(
        update={"quote": "生产总值增长6.5%以上……财政总收入和地方财政收入均增长6.5%以上"}
    )
    assert [(f.code, f.severity) for f in checks.check_quote(joined)] == [("QUOTE_JOINED", "warning")]
    assert checks.check_quote(gold("生产总值增长6.5%以上")) == []


@pytest.mark.parametrize(
    ("quote", "modality"),
    [
        ("产值超亿元工业企业达50家", "ensure"),  # seed 001: 确保 opens the sentence, clauses before the quote
        ("直接融资50亿元以上", "strive"),  # seed 000: 力争 opens the sentence
    ],
)
def test_a_modal_word_governs_the_clauses_after_it_in_its_sentence(quote: str, modality: str) -> None:
    right = gold(quote)
    assert right.modality == modality  # type: ignore[union-attr]
    assert "MODALITY_NOT_IN_TEXT" not in codes(check(right)[0])
    other = "strive" if modality == "ensure" else "ensure"
    (wrong,) = check(right.model_copy(update={"modality": other}))
    assert message(wrong, "MODALITY_NOT_IN_TEXT").endswith(f"({other})")


def test_a_record_not_found_in_the_report_still_needs_its_year() -> None:
    """An ungrounded target or result is not compared with its quote, but a missing year is flagged."""
    target = gold("生产总值增长6.5%以上").model_copy(
        update={"target_year": None, "quote": "生产总值增长6.5%以上,超额完成"}
    )
    result = gold("全市生产总值从3875亿元增加到5786亿元").model_copy(
        update={"year": None, "quote": "生产总值达到5786亿元"}
    )
    for record in (target, result):
        (checked,) = checks.check_records([record], lambda _: None, None, 2023)
        assert [f.code for f in checked.flags] == ["YEAR_UNKNOWN"] and checked.status == "flagged"
    (dated,) = checks.check_records([target.model_copy(update={"target_year": 2023})], lambda _: None, None, 2023)
    assert dated.flags == [] and dated.status == "ok"


PROJECTS = "开工建设高铁新城未来总部经济中心、三江基础设施提升工程等83个重大项目"  # seed 002


def test_a_project_flag_names_what_is_wrong() -> None:
    right = gold(PROJECTS, "三江基础设施提升工程")
    assert check(right)[0].flags == []
    (generic,) = check(right.model_copy(update={"name": "重大项目"}))
    assert message(generic, "GENERIC_PROJECT").endswith("(重大项目)")
    (count,) = check(right.model_copy(update={"group_count": 84}))
    assert message(count, "VALUE_NOT_IN_QUOTE").endswith(f"(group_count 84 is not in «{PROJECTS}»)")
    (stage,) = check(right.model_copy(update={"stage": "complete"}))
    assert message(stage, "STAGE_MISMATCH").endswith("(开工建设 is start, not complete)")


def test_the_pieces_of_a_split_stage_phrase_are_found_in_their_order() -> None:
    quote = "提速永嘉抽水蓄能电站、比亚迪刀片电池等重大项目建设和投产"  # seed 002
    right = gold(quote, "永嘉抽水蓄能电站")
    assert right.stage_raw == "提速…建设和投产" and check(right)[0].flags == []  # type: ignore[union-attr]
    (reversed_,) = check(right.model_copy(update={"stage_raw": "建设和投产…提速"}))
    assert message(reversed_, "STAGE_NOT_IN_QUOTE").endswith("(建设和投产…提速)")


@pytest.mark.parametrize(
    ("quote", "low", "high"),
    [
        ("国内生产总值增长6.5%-7%", 6.5, 7.0),  # national 2016
        ("创建省级夜间经济样板城市1个、省级商业体系建设试点县1—2个", 1.0, 2.0),
    ],
)
def test_a_range_is_bound_as_a_range(quote: str, low: float, high: float) -> None:
    right = gold(quote, None if "-" in quote else "省级商业体系建设试点县")
    assert (right.value, right.value_high, right.bound) == (low, high, "range")  # type: ignore[union-attr]
    assert "QUALIFIER_MISMATCH" not in codes(check(right)[0])
    (point,) = check(right.model_copy(update={"bound": "point"}))
    assert message(point, "QUALIFIER_MISMATCH").endswith("(bound point, — means range)")


@pytest.mark.parametrize(
    "quote",
    [
        "工程建设项目审批时间再压减一半",  # national 2018: 一半 is 50 %
        "外商投资限制性条目减少一半",  # national 2016, a result
        "数字经济核心产业增加值翻番",  # seed 003: 翻番 is 100 %
    ],
)
def test_a_half_or_a_doubling_is_a_percentage_written_without_its_sign(quote: str) -> None:
    right = gold(quote)
    assert right.unit == "%" and check(right)[0].flags == []  # type: ignore[union-attr]
    assert checks.check_unit(right) == []


def test_a_project_name_is_found_whole_or_as_a_listed_head_with_its_type_word() -> None:
    """Seed 002 lists 重大续建项目: 重大项目 is found there in two pieces and is a kind of project;
    seed 003's 台州湾科创走廊 is not in another project's quote."""
    listed_kind = gold("提速推进104国道三江至黄田段改建工程等121个重大续建项目", "104国道三江至黄田段改建工程")
    listed_kind = listed_kind.model_copy(update={"name": "重大项目"})
    (generic,) = check(listed_kind)
    assert codes(generic) == {"GENERIC_PROJECT"}
    elsewhere = gold("开工建设台州国际科学家创业基地").model_copy(update={"name": "台州湾科创走廊"})
    (invented,) = check(elsewhere)
    assert message(invented, "NAME_NOT_IN_QUOTE").endswith("(台州湾科创走廊)")


def test_the_same_goal_for_two_years_is_no_duplicate() -> None:
    """Guizhou 2026 sets the sectors' growth for this year and as the five-year average."""
    year = gold("其中一二三产增加值分别增长3.5%左右、6%左右、5%左右", "一产增加值")
    five_years = gold("其中一二三产增加值年均分别增长3.5%左右、6%左右、5%左右", "一产增加值")
    assert (year.target_year, five_years.target_year) == (2026, 2030)  # type: ignore[union-attr]
    assert all("DUPLICATE" not in codes(r) for r in check(year, five_years))
    assert "DUPLICATE" in codes(check(year, year)[1])


# --- retrospection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "name"),
    [
        ("固定资产投资与上年度持平", None),  # Huangzhong 2024: 上年 is the goal's comparison, not the past
        ("安排位于原特区外或连接原特区内外项目582个", None),  # Shenzhen 2022: 位于 is part of the indicator
        ("每万人口高价值发明专利拥有量达3.3件", None),  # Guizhou 2026: so is 拥有
    ],
)
def test_a_past_cue_that_belongs_to_the_goal_does_not_make_it_retrospective(quote: str, name: str | None) -> None:
    assert "RETROSPECTIVE" not in codes(check(gold(quote, name))[0])


def test_a_figure_of_the_review_presented_as_a_goal_is_retrospective() -> None:
    """Seed 003's five-year review: its figures are results; as targets they are flagged with the cue."""
    result = gold("全市生产总值从3875亿元增加到5786亿元")
    data = {k: getattr(result, k) for k in ("quote", "indicator", "metric", "value", "unit", "direction")}
    target = Target(**data, target_year=2022, backend="llm", source_file=result.source_file)
    (flag,) = [f for f in check(target)[0].flags if f.code == "RETROSPECTIVE"]
    assert flag.severity == "warning" and flag.message.endswith("»)")


# --- plausibility and where the bound word is shown ------------------------------------------------


def test_a_value_outside_the_learned_range_of_its_indicator_is_implausible() -> None:
    """Seed 000's GDP growth read as 65 (a slipped decimal point) is outside the range the gold shows for
    GDP growth, which is narrower than the fallback for any growth; the learned maximum itself is not."""
    right = gold("生产总值增长6.5%以上")
    low, high = checks.plausible_range("gdp", "growth", "%")  # type: ignore[misc]
    assert high < 65 < checks.plausible_range("other", "growth", "%")[1]  # type: ignore[index]
    assert (
        checks.check_plausible(right) == [] and checks.check_plausible(right.model_copy(update={"value": high})) == []
    )
    (flag,) = checks.check_plausible(right.model_copy(update={"value": 65.0}))
    assert flag.message.endswith(f"(65 outside {low:g}–{high:g} %)")


def test_money_at_the_limit_is_not_more_than_the_national_economy() -> None:
    """The limit (three national economies, 3e6 亿元) is the largest value not called more than the
    economy; seed 003's GDP goal read at it is still outside the learned range of GDP levels."""
    right = gold("全市生产总值达到8000亿元")
    (at_limit,) = checks.check_plausible(right.model_copy(update={"value": 3e6}))
    (above,) = checks.check_plausible(right.model_copy(update={"value": 3.1e6}))
    assert "outside" in at_limit.message and "national economy" not in at_limit.message
    assert "3.1e+06 亿元 is more than the national economy" in above.message


@pytest.mark.parametrize(
    ("quote", "name", "written", "word"),
    [
        ("规上工业亩均增加值、亩均税收分别达到170万元以上和34万元以上", "规上工业亩均增加值", "170万元以上", "以上"),
        ("规上工业亩均增加值、亩均税收分别达到170万元以上和34万元以上", "规上工业亩均税收", "34万元以上", "以上"),
        ("其中一二三产增加值分别增长3.5%左右、6%左右、5%左右", "二产增加值", "6%左右", "左右"),  # Guizhou 2026
        ("超过一半人口居住在城镇", None, "超过", "超过"),  # national 2016, a result: the word opens the quote
        ("移动网络流量资费年内至少降低30%", None, "至少", "至少"),  # national 2018: 至少 before the verb
        ("培育省级“未来工厂”10家以上、智能工厂80家以上", "智能工厂", "80家以上", "以上"),  # seed 003
        ("实施亿元以上项目2000个以上", None, "2000个以上", "以上"),  # Jilin 2026: 以上 of the threshold too
        ("每个县至少建成2个生态宜居美丽示范区、20个示范村", "生态宜居美丽示范区", "至少", "至少"),  # Baoding 2021
    ],
)
def test_the_review_page_shows_the_bound_word_of_the_value_itself(
    quote: str, name: str | None, written: str, word: str
) -> None:
    """Where values of a list each have their own 以上 or 左右 (seed 003, Guizhou 2026), each value's own
    word is shown, not the one the value before it ends with."""
    record = gold(quote, name)
    start = quote.index(written) + len(written) - len(word)
    assert checks.qualifier_span(quote, record.value, record.unit) == (start, start + len(word))  # type: ignore[union-attr, arg-type]


def test_a_figure_of_the_review_without_a_cue_of_its_own_is_retrospective_by_its_section() -> None:
    """Guangxi 2026 reports last year's growth under 一、2025年工作回顾 / ——经济增长稳中有进 with no
    past cue in the clause itself: read as a goal for 2026 it is flagged. The sentence before it measured the year
    against its target ("增速高于预期目标", past), which the flag names (tests/test_checks.py has the section path)."""
    quote = "一、二、三产业增加值分别增长4.2%、5%、5.4%"
    target = Target(quote=quote, indicator="第一产业增加值", metric="growth", value=4.2, unit="%",
                    target_year=2026, backend="llm", source_file="province_guangxi_2026_full.txt")  # fmt: skip
    (flag,) = [f for f in check(target)[0].flags if f.code == "RETROSPECTIVE"]
    assert flag.message.endswith("(«the sentences before it»)"), flag.message


def test_without_the_reports_year_the_sections_year_ends_an_n_year_span() -> None:
    """Gaoyang 2019's 利用三年时间 ends in 2021 counted from the section's year when no report year is given."""
    record = gold("利用三年时间完成植树2.3万亩")
    prepared = _prepared(record.source_file)
    text = prepared.document.text
    grounded = ground(record, text)
    section = SectionLookup(prepared.sections).at(grounded.char_start)  # type: ignore[arg-type]
    assert section is not None and section.year == 2019
    assert {2019, 2021} <= checks.accepted_years(grounded, section, text, None)


def test_a_unit_cut_short_is_flagged_with_the_unit_written() -> None:
    """80万人次 is counted in 万人次 (visits), not 万人 (people): the flag names the unit the text writes."""
    right = gold("力争实现泛研学旅行80万人次、旅游业增加值增长7.5%", "泛研学旅行")
    assert checks.check_unit(right) == []
    (flag,) = checks.check_unit(right.model_copy(update={"unit": "万人"}))
    assert flag.code == "UNIT_NOT_IN_QUOTE" and flag.message.endswith("(unit 万人, written 万人次)")


def test_a_results_year_without_one_in_its_sentence_comes_from_its_paragraph() -> None:
    """Seed 003's "120项民生实事顺利完成" names no year: its paragraph and the review say 2021."""
    right = gold("120项民生实事顺利完成")
    assert right.year == 2021 and "YEAR_MISMATCH" not in codes(check(right)[0])  # type: ignore[union-attr]
    (wrong,) = check(right.model_copy(update={"year": 2022}))
    assert message(wrong, "YEAR_MISMATCH").endswith("(record: 2022, text: 2021)")


def test_without_the_text_a_grounded_results_year_is_not_doubted() -> None:
    """A caller that passes no report text gets no year flag for a grounded result: there is nothing to read it from."""
    grounded = check(gold("120项民生实事顺利完成").model_copy(update={"year": 2020}))[0]
    assert grounded.char_start is not None
    assert checks.check_year(grounded, None, None, 2022) == []
    (again,) = checks.check_records([grounded.model_copy(update={"flags": []})], lambda _: None, None, 2022)
    assert "YEAR_MISMATCH" not in codes(again)


def test_a_share_whose_value_is_not_in_the_quote_is_left_to_the_value_check() -> None:
    """Seed 000's R&D share read as 3.3: the metric check has no value to read the verb before."""
    right = gold("力争全社会研发经费投入占GDP比重达3.2%以上")
    assert right.metric == "share" and check(right)[0].flags == []  # type: ignore[union-attr]
    (wrong,) = check(right.model_copy(update={"value": 3.3}))
    assert "VALUE_NOT_IN_QUOTE" in codes(wrong) and "METRIC_MISMATCH" not in codes(wrong)
    assert message(wrong, "VALUE_NOT_IN_QUOTE").endswith(f"(value 3.3 is not in «{right.quote}»)")


def test_a_misread_value_in_a_list_is_no_list_order_question() -> None:
    """Seed 000's income list with 7 misread as 8: the value check flags it, and the list order is not
    judged on a value the quote does not write."""
    records = listed("城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上")
    misread = [records[0], records[1].model_copy(update={"value": 8.0})]
    out = check(*misread)
    assert out[0].flags == [] and "VALUE_NOT_IN_QUOTE" in codes(out[1])
    assert all("LIST_ORDER" not in codes(r) for r in out)


def test_names_written_whole_once_are_where_they_stand() -> None:
    """tests/fixtures/jilin_2025_proposals.txt (吉林 2025): "办理全国政协提案3件、省人大代表建议214件、省政协提案538件" — the
    政协提案 of 省政协提案 is not the first one written, so the right reading gets no LIST_ORDER flag."""
    text = "一、2024年工作回顾\n" + (FIXTURES / "jilin_2025_proposals.txt").read_text(encoding="utf-8")
    records = extract_text(text, year=2025, region="吉林省")
    assert [(r.indicator, r.value) for r in records if isinstance(r, Result)] == [
        ("办理全国政协提案", 3.0),
        ("省人大代表建议", 214.0),
        ("省政协提案", 538.0),
    ]
    assert not [f for r in records for f in r.flags if f.code == "LIST_ORDER"]


def test_a_decimal_broken_by_a_space_is_one_number_for_every_check() -> None:
    """韶关 2010 as stored (from a PDF) writes "校园面积19. 3": the value checks and the review page's
    highlight read the same one number 19.3, where it is written; 3 is no number of its own there."""
    record = gold("全市新增校园面积19. 3")
    quote = record.quote
    assert checks.value_spans(quote, 19.3) == [(quote.index("19. 3"), len(quote))]
    assert checks.value_spans(quote, 3.0) == []
    assert "VALUE_NOT_IN_QUOTE" not in codes(check(record)[0])
    assert "VALUE_NOT_IN_QUOTE" in codes(check(record.model_copy(update={"value": 3.0}))[0])


@pytest.mark.parametrize(
    ("quote", "share"),
    [
        ("约占全国毛巾总产量的1/3", 33.33),  # 高阳
        ("城镇累计新增就业超700万人、约占全国1/10", 10.0),  # 国务院
        ("占全省近1/4", 25.0),  # 赣州 2015 (set W)
    ],
)
def test_a_share_written_as_a_fraction_with_a_slash_is_a_percentage(quote: str, share: float) -> None:
    """Five reports write a share as 1/4 or 1/10; the annotators read it in percent (25, 10), as 三分之一 is read. The
    value is the one number written, in %, so neither its value nor its unit is flagged; its digits are no values."""
    record = next(r for r in listed(quote) if r.value == share)  # type: ignore[union-attr]
    assert not {"VALUE_NOT_IN_QUOTE", "UNIT_NOT_IN_QUOTE"} & codes(check(record)[0])
    numerator = float(quote.split("/")[0][-1])
    assert "VALUE_NOT_IN_QUOTE" in codes(check(record.model_copy(update={"value": numerator}))[0])
