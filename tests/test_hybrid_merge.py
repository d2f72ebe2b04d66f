"""Hybrid merge on real records: the model's answers differ from the rules' in each field the merge
compares (value, value_high, indicator, project name, stage, quote span), so agreement is never built in.

The rules' records of seed 004 stand for the rules backend; the "model" records are copies of them
with one compared field changed each (and, as a control, some unchanged). Every changed field must
break the agreement the way docs/llm.md says: a different reading of the same thing is a
VALUE_DISAGREEMENT on both records, a different thing is MISSED_BY_MODEL + NOT_FOUND_BY_RULES.
"""

from __future__ import annotations

import pytest

from extractor.backends import hybrid, rules
from extractor.models import Project, Record, Target
from extractor.pipeline import extract_document, prepare
from tests.conftest import SEEDS

RULES = [
    r
    for r in extract_document(prepare(next(SEEDS.glob("004_*.txt"))), rules.extract).records
    if r.char_start is not None
]
TARGETS = [r for r in RULES if isinstance(r, Target) and r.value is not None]
PROJECTS = [r for r in RULES if isinstance(r, Project)]


def _as_model(record: Record, **update: object) -> Record:
    return record.model_copy(update={**update, "backend": "llm", "flags": []}).with_id()


def _merge_one(rule: Record, model: Record) -> list[Record]:
    merged = hybrid.merge([rule], [model])
    return [r.model_copy(update={"flags": [f for f in r.flags if f not in rule.flags]}) for r in merged]


def test_the_seed_gives_enough_records_of_each_kind() -> None:
    assert len(TARGETS) >= 20 and len(PROJECTS) >= 10


def test_an_identical_answer_agrees() -> None:
    for rule in TARGETS + PROJECTS:
        merged = _merge_one(rule, _as_model(rule))
        assert [(r.backend, r.id) for r in merged] == [("both", rule.id)]


@pytest.mark.parametrize("field", ["value", "value_high", "stage"])
def test_a_different_reading_of_the_same_thing_is_a_disagreement_on_both(field: str) -> None:
    pool = PROJECTS if field == "stage" else TARGETS
    checked = 0
    for rule in pool:
        if field == "value":
            model = _as_model(rule, value=rule.value * 10 + 1)  # type: ignore[union-attr]
        elif field == "value_high":
            model = _as_model(rule, value_high=(rule.value_high or rule.value) * 10 + 1)  # type: ignore[union-attr]
        else:
            model = _as_model(rule, stage="complete" if rule.stage != "complete" else "start")  # type: ignore[union-attr]
        merged = _merge_one(rule, model)
        assert {r.backend for r in merged} == {"rules", "llm"}, rule.quote
        assert all([f.code for f in r.flags] == ["VALUE_DISAGREEMENT"] for r in merged), rule.quote
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("field", ["indicator", "name", "span"])
def test_a_different_thing_is_missed_by_one_and_not_found_by_the_other(field: str) -> None:
    pool = PROJECTS if field == "name" else TARGETS
    for rule in pool:
        if field == "indicator":
            model = _as_model(rule, indicator="模型读出的另一个指标", indicator_id="other")
        elif field == "name":
            model = _as_model(rule, name="模型读出的另一个项目")
        else:  # the same reading, placed on a clause far from the rule's
            far = max(RULES, key=lambda other: abs(other.char_start - rule.char_start))  # type: ignore[operator]
            model = _as_model(rule, char_start=far.char_start, char_end=far.char_end, quote=far.quote)
        merged = _merge_one(rule, model)
        assert sorted((r.backend, tuple(f.code for f in r.flags)) for r in merged) == [
            ("llm", ("NOT_FOUND_BY_RULES",)),
            ("rules", ("MISSED_BY_MODEL",)),
        ], rule.quote


def test_a_document_of_mixed_answers_is_sorted_out_record_by_record() -> None:
    """Every third answer agrees, every third reads another value, every third names another thing."""
    model = []
    for index, rule in enumerate(TARGETS):
        if index % 3 == 0:
            model.append(_as_model(rule))
        elif index % 3 == 1:
            model.append(_as_model(rule, value=rule.value * 10 + 1))  # type: ignore[operator]
        else:
            model.append(_as_model(rule, indicator="模型读出的另一个指标", indicator_id="other"))
    merged = hybrid.merge(TARGETS, model)
    thirds = [len(range(k, len(TARGETS), 3)) for k in range(3)]
    assert sum(1 for r in merged if r.backend == "both") == thirds[0]
    assert sum(1 for r in merged if any(f.code == "VALUE_DISAGREEMENT" for f in r.flags)) == 2 * thirds[1]
    assert sum(1 for r in merged if any(f.code == "NOT_FOUND_BY_RULES" for f in r.flags)) == thirds[2]
    assert sum(1 for r in merged if any(f.code == "MISSED_BY_MODEL" for f in r.flags)) == thirds[2]
    assert len(merged) == thirds[0] + 2 * thirds[1] + 2 * thirds[2]
