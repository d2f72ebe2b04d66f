"""Exports apply review decisions (`extractor export --reviewed`), and edits are validated alike."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor import store
from extractor.cli import app
from extractor.decisions import EditError, apply_decision, validate_edits
from extractor.export import apply_reviews
from extractor.models import Project, Target
from tests.review_support import seeds_run

runner = CliRunner()


@pytest.fixture
def decided(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A seed run with one accepted, one rejected and one edited target, and one rejected project."""
    run_dir = seeds_run(tmp_path_factory, tmp_path / "run")
    connection = store.connect(run_dir)
    records = store.load_records(connection)
    targets = [r for r in records if isinstance(r, Target)]
    project = next(r for r in records if isinstance(r, Project))
    ids = {"accepted": targets[0].id, "rejected": targets[1].id, "edited": targets[2].id, "project": project.id}
    store.add_review(connection, ids["accepted"], "accept", reviewer="t")
    store.add_review(connection, ids["rejected"], "accept", reviewer="t")
    store.add_review(connection, ids["rejected"], "reject", reviewer="t")  # the latest decision wins
    store.add_review(connection, ids["edited"], "edit", {"value": 42.5, "qualifier": "以上"}, "fixed", "t")
    store.add_review(connection, ids["project"], "reject", reviewer="t")
    connection.close()
    return run_dir, ids


def _csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


def test_reviewed_csv_leaves_out_rejected_and_applies_edits(
    decided: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    run_dir, ids = decided
    result = runner.invoke(app, ["export", str(run_dir), "--reviewed", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    targets = _csv(tmp_path / "out" / "targets_reviewed.csv")
    projects = _csv(tmp_path / "out" / "projects_reviewed.csv")
    assert ids["rejected"] not in targets and ids["project"] not in projects
    assert targets[ids["accepted"]]["review_status"] == "accepted"
    assert targets[ids["accepted"]]["status"] == "accepted"
    edited = targets[ids["edited"]]
    assert (edited["value"], edited["qualifier"], edited["review_status"], edited["status"]) == (
        "42.5",
        "以上",
        "edited",
        "edited",
    )
    others = [row for key, row in targets.items() if key not in ids.values()]
    assert others and {row["review_status"] for row in others} == {"unreviewed"}
    assert all(row["review_status"] == "unreviewed" for row in projects.values())


def test_plain_export_keeps_every_row_and_shows_the_decision(
    decided: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    run_dir, ids = decided
    result = runner.invoke(app, ["export", str(run_dir), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    targets = _csv(tmp_path / "out" / "targets.csv")
    assert targets[ids["rejected"]]["review_status"] == "rejected"
    # Not applied without --reviewed, and the row says so instead of "edited" beside the old value.
    assert targets[ids["edited"]]["review_status"] == "edited_not_applied"
    assert targets[ids["edited"]]["value"] != "42.5"
    assert "edited records are exported as extracted" in result.output
    assert _csv(tmp_path / "out" / "projects.csv")[ids["project"]]["review_status"] == "rejected"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "dta"])
def test_other_formats_apply_the_decisions_too(decided: tuple[Path, dict[str, str]], tmp_path: Path, fmt: str) -> None:
    run_dir, ids = decided
    result = runner.invoke(app, ["export", str(run_dir), "--reviewed", "--format", fmt, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"targets_reviewed.{fmt}"
    if fmt == "jsonl":
        frame = pd.DataFrame([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()])
    else:
        frame = pd.read_parquet(path) if fmt == "parquet" else pd.read_stata(path)
    rows = frame.set_index("id")
    assert ids["rejected"] not in rows.index
    assert rows.loc[ids["edited"], "value"] == 42.5
    assert rows.loc[ids["edited"], "review_status"] == "edited"


def test_an_invalid_stored_edit_is_not_applied_and_does_not_break_the_export(
    decided: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    run_dir, ids = decided
    connection = store.connect(run_dir)
    original = next(r for r in store.load_records(connection) if r.id == ids["accepted"])
    store.add_review(connection, ids["accepted"], "edit", {"value": "abc"}, reviewer="by hand")
    connection.close()
    result = runner.invoke(app, ["export", str(run_dir), "--reviewed", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    row = _csv(tmp_path / "targets_reviewed.csv")[ids["accepted"]]
    assert row["review_status"] == "edit_invalid"
    assert float(row["value"]) == original.value


def test_apply_reviews_matches_the_decisions(decided: tuple[Path, dict[str, str]]) -> None:
    run_dir, ids = decided
    connection = store.connect(run_dir)
    pairs = apply_reviews(store.load_records(connection), connection)
    connection.close()
    statuses = {record.id: status for record, status in pairs}
    assert ids["rejected"] not in statuses and ids["project"] not in statuses
    assert statuses[ids["accepted"]] == "accepted" and statuses[ids["edited"]] == "edited"


def _target(**update: object) -> Target:
    base = Target(indicator="地区生产总值", metric="growth", value=6.5, unit="%", quote="地区生产总值增长6.5%")
    return base.model_copy(update=update)


def test_validate_edits_normalises_numbers_and_refuses_bad_values() -> None:
    clean, edited = validate_edits(_target(), {"value": "７．５", "value_high": "", "target_year": "2024"})
    assert clean == {"value": 7.5, "value_high": None, "target_year": 2024}
    assert isinstance(edited, Target) and edited.value == 7.5
    for bad in ({"value": "7.5%"}, {"value": "abc"}, {"value": True}, {"value": float("nan")}, {"unit": "x" * 40}):
        with pytest.raises(EditError):
            validate_edits(_target(), bad)
    project = Project(name="示范大道", stage="start", stage_raw="开工", quote="开工建设示范大道")
    assert validate_edits(project, {"stage": "complete"})[1].stage == "complete"  # type: ignore[union-attr]
    with pytest.raises(EditError, match="not a stage"):
        validate_edits(project, {"stage": "demolish"})
    with pytest.raises(EditError, match="cannot be edited"):
        validate_edits(project, {"value": "3"})


def test_apply_decision_without_or_with_unknown_decision_leaves_the_record() -> None:
    record = _target()
    assert apply_decision(record, None) == (record, "unreviewed")
    assert apply_decision(record, {"decision": "maybe", "edits": None})[1] == "unreviewed"
    edited, status = apply_decision(record, {"decision": "edit", "edits": json.dumps({"unit": "个百分点"})})
    assert (edited.unit, edited.status, status) == ("个百分点", "edited", "edited")  # type: ignore[union-attr]


def test_indicator_id_edits_are_checked_against_the_vocabulary() -> None:
    assert validate_edits(_target(), {"indicator_id": "gdp"})[0] == {"indicator_id": "gdp"}
    assert validate_edits(_target(), {"indicator_id": ""})[0] == {"indicator_id": "other"}
    assert validate_edits(_target(), {"indicator_id": " ｇｄｐ "})[0] == {"indicator_id": "gdp"}
    with pytest.raises(EditError, match="«gross_product» is not an indicator id"):
        validate_edits(_target(), {"indicator_id": "gross_product"})


def test_a_bad_stage_names_every_stage() -> None:
    project = Project(name="示范大道", stage="start", stage_raw="开工", quote="开工建设示范大道")
    with pytest.raises(EditError) as caught:
        validate_edits(project, {"stage": "demolish"})
    assert "use one of planning, signed, start, ongoing, complete, operate" in str(caught.value)


def test_edited_years_are_bounded_by_1949_and_2100() -> None:
    for year in ("1949", "2100"):
        assert validate_edits(_target(), {"target_year": year})[0] == {"target_year": int(year)}
    for year in ("1948", "2101", "23", "二〇二三"):
        with pytest.raises(EditError, match="is not a year between 1949 and 2100"):
            validate_edits(_target(), {"target_year": year})


def test_a_required_text_field_cannot_be_emptied() -> None:
    with pytest.raises(EditError, match="indicator: must not be empty"):
        validate_edits(_target(), {"indicator": "  "})
    assert validate_edits(_target(), {"unit": ""})[0] == {"unit": None}
