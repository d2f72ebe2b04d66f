"""The JSON Schema files and the indicator vocabulary stay in sync with the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.schemas import SCHEMA_DIR, schema_text
from extractor.vocabulary import indicator_id_for, load_vocabulary


def test_schema_files_match_the_models() -> None:
    for name in ("target", "project"):
        on_disk = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
        assert on_disk == schema_text(name), f"run `python -m extractor.schemas` to regenerate {name}.schema.json"


def test_schema_has_the_design_fields() -> None:
    target = json.loads(schema_text("target"))["properties"]
    for field in (
        "indicator",
        "indicator_id",
        "metric",
        "value",
        "value_high",
        "unit",
        "qualifier",
        "bound",
        "direction",
        "modality",
        "headline",
        "quote",
        "char_start",
        "char_end",
        "match",
        "flags",
        "status",
    ):
        assert field in target


def test_vocabulary_is_unique_and_separates_fiscal_revenues() -> None:
    vocabulary = load_vocabulary()
    ids = [i.id for i in vocabulary]
    assert len(ids) == len(set(ids)) and len(ids) >= 35
    assert indicator_id_for("财政总收入") == "fiscal_total_revenue"
    assert indicator_id_for("地方一般公共预算收入") == "general_budget_revenue"
    assert indicator_id_for("规模工业增加值") == indicator_id_for("规上工业增加值") == "industrial_va_above_scale"
    assert indicator_id_for("研发经费支出占生产总值比重") == "rd_intensity"
    assert indicator_id_for("不相干的东西") == "other"


def test_old_and_short_names_map_to_their_concept_and_distinct_statistics_to_other() -> None:
    """Names the corpus gold maps by meaning (docs/annotation.md 3.3): 公共财政预算收入 (before 2014), 一般公共预算总收入,
    进出口总值 (河北 2003–2013), 三产增加值, 游客人次; 户籍人口城镇化率 and 海洋生产总值 hold 城镇化率 and 生产总值 but are
    statistics of their own."""
    assert indicator_id_for("公共财政预算收入") == "general_budget_revenue"
    assert indicator_id_for("一般公共预算总收入") == "fiscal_total_revenue"
    assert indicator_id_for("全省进出口总值") == "foreign_trade"
    assert indicator_id_for("三产增加值") == "service_va"
    assert indicator_id_for("游客人次") == "tourist_arrivals"
    assert (
        indicator_id_for("户籍人口城镇化率") == "other" and indicator_id_for("常住人口城镇化率") == "urbanization_rate"
    )
    assert indicator_id_for("海洋生产总值") == "other" and indicator_id_for("地区生产总值") == "gdp"


# (document, quote, indicator as the rules write it, id): records of the development corpus whose id depends on a
# shape of the genre, not on one alias: a per-unit statistic of output, a share, money of things counted, a bare
# word standing for the whole indicator (the verb left out), an old or short name, a quote mark or a verb inside.
IDS_ON_REAL_REPORTS = [
    ("county_qingyuan_2008_full.txt", "万元GDP综合能耗下降4.5%以上", "万元GDP综合能耗", "energy_intensity"),
    (
        "province_chongqing_2026_full.txt",
        "单位地区生产总值二氧化碳排放下降3.8%",
        "单位地区生产总值二氧化碳排放",
        "carbon_intensity",
    ),
    ("prefecture_jingmen_2016_full.txt", "力争亿元生产总值地耗下降4%", "亿元生产总值地耗", "other"),
    ("prefecture_fangchenggang_2009_excerpt.txt", "占全市生产总值65.8%", "占全市生产总值", "other"),
    (
        "national_2011_full.txt",
        "研究与试验发展经费支出占国内生产总值比重达到2.2%",
        "研究与试验发展经费支出占国内生产总值比重",
        "rd_intensity",
    ),
    (
        "county_fuping_2013_full.txt",
        "河北名舍、乐天凤凰、煤炭物流园等5个市重点项目完成投资7.8亿元",
        "市重点项目完成投资",
        "other",
    ),
    ("national_2008_full.txt", "今年中央用于廉租住房制度建设的资金68亿元", "中央用于廉租住房制度建设的资金", "other"),
    ("county_gaotang_2023_full.txt", "新增城镇就业4700人", "城镇就业", "new_urban_jobs"),
    ("county_gaotang_2023_full.txt", "力争粮食总产达到13.5亿斤", "粮食总产", "grain_output"),
    ("county_gaoyang_2025_full.txt", "年内引进项目30个以上", "项目", "major_projects"),
    ("prefecture_shaoguan_2019_partial.txt", "新增“四上”企业150家", "“四上”企业", "above_scale_enterprises"),
    ("prefecture_fangchenggang_2012_partial.txt", "预计第三产业实现增加值137亿元", "第三产业实现增加值", "service_va"),
    (
        "province_guizhou_2026_full.txt",
        "地级及以上城市细颗粒物(PM_2.5)年平均浓度不高于23微克/立方米",
        "地级及以上城市细颗粒物(PM_2.5)年平均浓度",
        "pm25",
    ),
    ("prefecture_liuzhou_2018_full.txt", "新增100家新型农业经营主体", "新型农业经营主体", "other"),
    ("province_guangxi_2026_full.txt", "近岸海域水质优良比例94.9%", "近岸海域水质优良比例", "other"),
    (
        "prefecture_liuzhou_2018_full.txt",
        "年内实现市外境内到位资金增长7%以上、实际利用外资增长10%",
        "市外境内到位资金",
        "domestic_capital",
    ),
    ("prefecture_yuxi_2007_full.txt", "实施易地搬迁扶贫1000人", "易地搬迁扶贫", "poverty_relocation"),
    ("province_guizhou_2026_full.txt", "粮食综合生产能力每年稳定在1121万吨以上", "粮食综合生产能力", "grain_output"),
    ("province_liaoning_2026_full.txt", "跨境电商进出口增长15%以上", "跨境电商进出口", "other"),
    ("province_zhejiang_2026_full.txt", "为经营主体减负2500亿元以上", "为经营主体减负", "other"),
    (
        "prefecture_kunming_2007_full.txt",
        "全市规模以上工业企业实现增加值381.9亿元",
        "规模以上工业企业实现增加值",
        "industrial_va_above_scale",
    ),
]


@pytest.mark.parametrize(("document", "quote", "indicator", "expected"), IDS_ON_REAL_REPORTS)
def test_indicator_ids_of_real_records_follow_meaning_not_substring(
    corpus_run: Path, document: str, quote: str, indicator: str, expected: str
) -> None:
    """docs/annotation.md 3.3 chooses the id by meaning: the record read from the corpus report carries it."""
    records = [
        item
        for item in map(json.loads, (corpus_run / "items.jsonl").read_text(encoding="utf-8").splitlines())
        if item["source_file"] == document and item["quote"] == quote and item.get("indicator") == indicator
    ]
    assert records, f"no record {indicator!r} quoting {quote!r} in {document}"
    assert {record["indicator_id"] for record in records} == {expected}


def test_a_bare_word_names_its_indicator_only_standing_alone() -> None:
    """就业 and 项目 are the whole indicator once the verb is left out (新增就业, 引进项目), not inside a longer name."""
    assert indicator_id_for("就业") == "new_urban_jobs" and indicator_id_for("高校毕业生就业") == "other"
    assert indicator_id_for("项目") == "major_projects" and indicator_id_for("技改项目") == "other"
