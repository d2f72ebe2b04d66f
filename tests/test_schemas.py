"""The JSON Schema files and the indicator vocabulary stay in sync with the code."""

from __future__ import annotations

import json

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
