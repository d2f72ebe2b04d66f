"""The Python API on real report text: grounded records without a run folder, the same as a run's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import InputError, Project, Target, clean, extract_file, extract_text, run_folder
from extractor.backends import rules
from tests.conftest import CORPUS, SEEDS

NATIONAL_2024 = CORPUS / "docs" / "national_2024_traditional.txt"


def test_extract_text_returns_grounded_checked_records() -> None:
    raw = NATIONAL_2024.read_text(encoding="utf-8")
    text = clean(raw).text
    records = extract_text(raw, year=2024)
    targets = {r.indicator_id: r for r in records if isinstance(r, Target)}
    assert targets["gdp"].value == 5 and targets["gdp"].qualifier == "左右" and targets["gdp"].target_year == 2024
    assert targets["new_urban_jobs"].unit == "万人" and targets["new_urban_jobs"].bound == "at_least"
    for record in records:
        assert record.char_start is not None and record.char_end is not None
        assert text[record.char_start : record.char_end] == record.quote
        assert record.id and record.status in ("ok", "flagged")
    assert records[0].region == "全国" and records[0].region_level == "national"


def test_stated_year_and_region_win() -> None:
    records = extract_file(SEEDS / "002_d348ae63c4c8d8c9.txt", year=2024, region="永嘉县")
    assert records and {r.target_year for r in records if isinstance(r, Target)} <= {2024, 2026}
    assert {r.region_code for r in records} == {"330324"}


def test_extract_file_equals_the_run_folder(tmp_path: Path) -> None:
    seed = SEEDS / "004_198e591ce9b795be.txt"
    summary = run_folder([seed], tmp_path / "run")
    from_api = {(r.id, r.quote) for r in extract_file(seed)}
    items = [json.loads(line) for line in (tmp_path / "run" / "items.jsonl").read_text().splitlines()]
    assert {(i["id"], i["quote"]) for i in items} == from_api
    assert summary["documents"] == 1 and summary["internal_errors"] == 0
    assert any(isinstance(r, Project) for r in extract_file(seed))


def test_missing_input_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        run_folder([tmp_path / "no-such-folder"], tmp_path / "run")
    assert not (tmp_path / "run").exists()


def test_a_bug_fails_in_strict_mode_and_is_an_internal_row_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(chunk: object) -> list[object]:
        raise ZeroDivisionError("planted bug")

    monkeypatch.setattr(rules, "extract", broken)
    with pytest.raises(ZeroDivisionError):
        run_folder([SEEDS / "004_198e591ce9b795be.txt"], tmp_path / "strict")
    monkeypatch.setenv("EXTRACTOR_STRICT", "0")
    summary = run_folder([SEEDS / "004_198e591ce9b795be.txt"], tmp_path / "lenient")
    assert summary["internal_errors"] == 1 and summary["documents"] == 0
    assert summary["failures"][0]["stage"] == "internal"
    assert "ZeroDivisionError" in summary["failures"][0]["reason"]
