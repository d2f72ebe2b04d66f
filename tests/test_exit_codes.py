"""`extractor run` exit codes, each exactly: 0 clean, 3 flagged, 4 a failure, 5 the model budget
reached, 2 unusable input.

Scripts and schedulers branch on these numbers (README, "Exit codes"), so no test here accepts two
of them: a run whose records are all clean must exit 0, one with a flagged record must exit 3.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import EXIT_BUDGET, EXIT_FAILED, EXIT_FLAGGED, EXIT_OK, app, exit_code
from tests.conftest import CORPUS, SEEDS

runner = CliRunner()
CLEAN = CORPUS / "docs" / "county_gaozhou_2022_digest.txt"
"""Eight targets, all read without a flag."""
FLAGGED = next(SEEDS.glob("002_*.txt"))
"""Never states its year: its targets carry YEAR_UNKNOWN whatever the rules read."""


def _run(tmp_path: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", *map(str, inputs), "--out", str(out), "--backend", "rules", *extra])
    summary_path = out / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else {}
    return result.exit_code, summary


def test_the_exit_codes_are_the_documented_numbers() -> None:
    assert (EXIT_OK, EXIT_FLAGGED, EXIT_FAILED, EXIT_BUDGET) == (0, 3, 4, 5)


def test_a_budget_stop_wins_over_the_chunks_it_left_unsent() -> None:
    """The chunks a budget stop leaves unsent are stored as failed chunks; the code says "budget",
    so a script knows to run again rather than to look for errors (the run itself: test_llm_limits)."""
    stopped = {"failed_documents": 0, "failed_chunks": 2, "flagged_open": 1, "budget_reached": "--max-cost 1 reached"}
    assert exit_code(stopped) == EXIT_BUDGET
    assert exit_code({**stopped, "budget_reached": None}) == EXIT_FAILED


def test_a_run_whose_records_are_all_clean_exits_0(tmp_path: Path) -> None:
    code, summary = _run(tmp_path, CLEAN)
    assert summary["targets"] == 8 and summary["flagged"] == 0 and summary["failed_documents"] == 0
    assert code == EXIT_OK


def test_a_run_with_a_flagged_record_exits_3(tmp_path: Path) -> None:
    code, summary = _run(tmp_path, FLAGGED)
    assert summary["flagged"] > 0 and summary["failed_documents"] == summary["failed_chunks"] == 0
    assert code == EXIT_FLAGGED


def test_a_failed_file_exits_4_even_when_the_rest_is_clean(tmp_path: Path) -> None:
    empty = tmp_path / "in" / "empty.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    shutil.copy(CLEAN, tmp_path / "in" / CLEAN.name)
    code, summary = _run(tmp_path, tmp_path / "in")
    assert summary["failed_documents"] == 1 and summary["flagged"] == 0 and summary["documents"] == 1
    assert code == EXIT_FAILED


def test_a_failure_wins_over_flagged_records(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, summary = _run(tmp_path, FLAGGED, empty)
    assert summary["flagged"] > 0 and summary["failed_documents"] == 1
    assert code == EXIT_FAILED


def test_a_document_over_its_record_bound_is_a_failure(tmp_path: Path) -> None:
    code, summary = _run(tmp_path, CLEAN, extra=("--max-records", "3"))
    assert summary["failed_documents"] == 1 and "3" in json.dumps(summary["failures"], ensure_ascii=False)
    assert code == EXIT_FAILED


def test_a_file_larger_than_max_mb_is_a_failure(tmp_path: Path) -> None:
    code, summary = _run(tmp_path, CLEAN, extra=("--max-mb", "0.001"))
    assert summary["failed_documents"] == 1 and summary["documents"] == 0
    assert code == EXIT_FAILED


def test_an_output_folder_that_is_a_file_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["run", str(CLEAN), "--out", str(out), "--backend", "rules"])
    assert result.exit_code == 2 and out.read_text(encoding="utf-8") == "not a folder"


def test_a_missing_input_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "run")])
    assert result.exit_code == 2 and not (tmp_path / "run").exists()


def test_an_unknown_backend_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(CLEAN), "--out", str(tmp_path / "run"), "--backend", "magic"])
    assert result.exit_code == 2 and not (tmp_path / "run").exists()


def test_export_and_eval_refuse_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    assert runner.invoke(app, ["export", str(tmp_path)]).exit_code == 2
    gold = CORPUS / "gold"
    assert runner.invoke(app, ["eval", "--gold", str(gold), "--run", str(tmp_path)]).exit_code == 2
