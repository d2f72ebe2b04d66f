"""Hybrid merging on a real seed: every field compared, the text settles what it can, the rest is
flagged with both readings, and no side wins silently."""

from __future__ import annotations

import pytest

from extractor.backends import hybrid, rules
from extractor.models import Project, Result, Target
from extractor.pipeline import DocumentOverrides, extract_document, finalize_records, prepare
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_002():  # type: ignore[no-untyped-def]
    prepared = prepare(next(SEEDS.glob("002_*.txt")), DocumentOverrides(year=2024))  # the year it never states
    return prepared, extract_document(prepared, rules.extract).records


def _model(prepared, *records):  # type: ignore[no-untyped-def]
    """Model records grounded and checked like any backend's, each in the chunk holding its quote."""
    text = prepared.document.text
    candidates = []
    for record in records:
        position = text.find(record.quote)
        chunk = next(c for c in prepared.chunks if c.char_start <= position < c.char_end)
        candidates.append((chunk, record))
    return finalize_records(prepared, candidates)


def test_a_field_only_the_rules_read_right_is_settled_for_them_and_noted(seed_002) -> None:  # type: ignore[no-untyped-def]
    prepared, rule_records = seed_002
    rule = next(r for r in rule_records if isinstance(r, Target) and r.quote == "一般公共预算收入增长8.5%")
    slipped = Target(quote=rule.quote, indicator="一般公共预算收入", metric="growth", value=8.5, unit="个百分点",
                     backend="llm")  # fmt: skip
    merged = hybrid.merge(rule_records, _model(prepared, slipped))
    kept = [r for r in merged if r.quote == rule.quote]
    assert len(kept) == 1 and kept[0].unit == "%" and kept[0].status == "ok"
    note = next(f for f in kept[0].flags if f.code == "READINGS_SETTLED")
    assert note.severity == "info" and "unit: rules %, model 个百分点" in note.message


def test_a_disagreement_the_text_cannot_settle_keeps_both_readings_flagged(seed_002) -> None:  # type: ignore[no-untyped-def]
    prepared, rule_records = seed_002
    quote = "提速永嘉抽水蓄能电站、比亚迪刀片电池等重大项目建设和投产"
    rule = next(r for r in rule_records if isinstance(r, Project) and r.name == "永嘉抽水蓄能电站")
    # The phrase names two stages (建设 ongoing, 投产 operate); the rules take the later one as the
    # guideline says, a model that stops at 建设 is not contradicted by the text, so both stay flagged.
    assert rule.stage == "operate"
    answer = Project(quote=quote, name="永嘉抽水蓄能电站", stage="ongoing", stage_raw="提速…建设", backend="llm")
    merged = [
        r for r in hybrid.merge(rule_records, _model(prepared, answer)) if r.quote == quote and r.name == rule.name
    ]
    assert {r.stage for r in merged} == {"operate", "ongoing"}
    for record in merged:
        assert record.status == "flagged"
        message = next(f.message for f in record.flags if f.code == "READING_DISAGREEMENT")
        assert "stage: rules operate, model ongoing" in message


def test_a_model_only_record_that_passes_every_check_is_noted_not_flagged(seed_002) -> None:  # type: ignore[no-untyped-def]
    prepared, rule_records = seed_002
    quote = "城乡居民人均可支配收入分别增长6%和7%左右"
    answers = [
        Target(quote=quote, indicator=f"{head}居民人均可支配收入", metric="growth", value=value, unit="%",
               qualifier="左右", bound="around", backend="llm")
        for head, value in (("城镇", 6.0), ("农村", 7.0))
    ]  # fmt: skip
    others = [r for r in rule_records if r.quote != quote]
    merged = [r for r in hybrid.merge(others, _model(prepared, *answers)) if r.quote == quote]
    assert len(merged) == 2
    assert all(r.status == "ok" and [f.code for f in r.flags] == ["NOT_FOUND_BY_RULES"] for r in merged)
    assert all(f.severity == "info" for r in merged for f in r.flags)


def test_results_are_compared_field_by_field_and_never_missed_by_the_model() -> None:
    """The model is not asked for achieved figures: a rules-only result is not MISSED_BY_MODEL. When a
    model does give one, its year is compared with the rules' and the text settles it."""
    prepared = prepare(next(SEEDS.glob("003_*.txt")), DocumentOverrides())
    rule_records = extract_document(prepared, rules.extract).records
    quote = "全市生产总值从3875亿元增加到5786亿元"
    rule = next(r for r in rule_records if isinstance(r, Result) and r.quote == quote and r.value == 5786)
    assert rule.year == 2021
    merged = hybrid.merge(rule_records, [])
    assert all(r.kind != "result" or "MISSED_BY_MODEL" not in {f.code for f in r.flags} for r in merged)
    slipped = Result(quote=quote, indicator="生产总值", indicator_id="gdp", metric="level", value=5786, unit="亿元",
                     year=2022, backend="llm")  # fmt: skip
    kept = [r for r in hybrid.merge(rule_records, _model(prepared, slipped)) if r.quote == quote and r.value == 5786]
    assert len(kept) == 1 and kept[0].year == 2021 and kept[0].backend == "rules"
    assert "year: rules 2021, model 2022" in next(f.message for f in kept[0].flags if f.code == "READINGS_SETTLED")
