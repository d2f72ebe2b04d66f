"""Inputs keep their provenance, stated values never silently win, and Ctrl-C leaves a resumable run.

Real report text only: the 临海 excerpt (seed 000, which never names its government) and the 澧县
report (seed 004, which does), laid out as a researcher's folder tree of region/year/report.txt.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import EXIT_FLAGGED, EXIT_INTERRUPTED, app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
LINHAI = next(SEEDS.glob("000_*.txt"))
LIXIAN = next(SEEDS.glob("004_*.txt"))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """in/临海/2023/report.txt and in/澧县/2023/report.txt: two files with the same name."""
    root = tmp_path / "in"
    for region, seed in (("临海", LINHAI), ("澧县", LIXIAN)):
        (root / region / "2023").mkdir(parents=True)
        shutil.copy(seed, root / region / "2023" / "report.txt")
    return root


def test_source_file_is_the_path_relative_to_the_input_root(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(tree), "--out", str(out)])
    assert result.exit_code in (0, EXIT_FLAGGED), result.output
    documents = {d["source_file"]: d for d in _jsonl(out / "documents.jsonl")}
    assert set(documents) == {"临海/2023/report.txt", "澧县/2023/report.txt"}
    assert {item["source_file"] for item in _jsonl(out / "items.jsonl")} == set(documents)


def test_a_bare_meta_name_that_matches_two_files_is_refused_naming_both(tree: Path, tmp_path: Path) -> None:
    meta = tmp_path / "meta.csv"
    meta.write_text("file,region,year\nreport.txt,澧县,2023\n", encoding="utf-8")
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(tree), "--out", str(out), "--meta", str(meta)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert "report.txt matches 2 input files" in errors[0]
    assert "临海/2023/report.txt" in errors[0] and "澧县/2023/report.txt" in errors[0]
    assert not out.exists()  # nothing was extracted under a guess


def test_meta_rows_keyed_by_relative_path_reach_their_own_file(tree: Path, tmp_path: Path) -> None:
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,region,year\n临海/2023/report.txt,临海市,2023\n澧县/2023/report.txt,澧县,\n", encoding="utf-8"
    )
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(tree), "--out", str(out), "--meta", str(meta)])
    assert result.exit_code in (0, EXIT_FLAGGED), result.output
    documents = {d["source_file"]: d for d in _jsonl(out / "documents.jsonl")}
    assert documents["临海/2023/report.txt"]["region_code"] == "331082"
    assert documents["澧县/2023/report.txt"]["region_code"] == "430723"
    assert all(not d["document_flags"] for d in documents.values())  # both agree with their text
    codes = {(i["source_file"], i["region_code"]) for i in _jsonl(out / "items.jsonl")}
    assert codes == {("临海/2023/report.txt", "331082"), ("澧县/2023/report.txt", "430723")}


def test_a_region_that_contradicts_the_text_is_applied_with_a_warning_and_a_flag(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(LIXIAN), "--out", str(out), "--region", "临海市"])
    assert result.exit_code in (0, EXIT_FLAGGED), result.output
    warnings = [line for line in result.output.splitlines() if "contradicts the text" in line]
    assert warnings == [
        f"warning: {LIXIAN.name}: stated region 临海市 (331082) contradicts the text, which names itself "
        "澧县 (430723); 临海市 is used"
    ]
    document = _jsonl(out / "documents.jsonl")[0]
    assert document["region_code"] == "331082" and document["document_flags"] == ["REGION_CONTRADICTS_TEXT"]
    assert any("contradicts the text" in w for w in document["warnings"])


def test_an_unknown_region_name_is_refused_with_the_nearest_names(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(LINHAI), "--out", str(out), "--region", "临海县", "--year", "2023"])
    assert result.exit_code == 2
    assert "error: --region: 临海县 is not a division name known for 2023; did you mean 临海市" in result.output
    assert not out.exists()


def test_a_missing_input_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(out)])
    assert result.exit_code == 2 and "path does not exist" in result.output
    assert not out.exists()


def test_outputs_get_the_users_normal_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        out = tmp_path / "run"
        runner.invoke(app, ["run", str(LIXIAN), "--out", str(out)])
        result = runner.invoke(app, ["export", str(out), "-f", "xlsx"])
        assert result.exit_code == 0, result.output
    finally:
        os.umask(previous)
    for path in [out / "summary.json", out / "targets.csv", out / "export" / "targets.xlsx"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def _copies(folder: Path, rounds: int) -> int:
    """Copies of the five seeds, each made a distinct document by a closing line of its own."""
    folder.mkdir()
    count = 0
    for round_ in range(rounds):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (folder / f"{round_:02d}_{seed.name}").write_text(f"{text}\n(副本{round_})\n", encoding="utf-8")
            count += 1
    return count


def _stored_documents(database: Path) -> int:
    try:
        with closing(sqlite3.connect(database, timeout=1)) as connection:
            return connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_ctrl_c_stops_with_one_line_marks_the_run_partial_and_the_next_run_resumes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    total = _copies(inputs, 20)  # enough that a loaded machine cannot finish the run before the signal lands
    out = tmp_path / "run"
    # The command gets Ctrl-C as a terminal gives it, whatever this process inherited: a shell that starts the suite in
    # the background ignores SIGINT, and a child started with SIGINT ignored never sees it (the clean-clone CI started
    # so ran all 100 documents and exited 3).
    process = subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", "run", str(inputs), "--out", str(out), "--backend", "rules"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "200"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while _stored_documents(out / "run.sqlite") < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr
    interrupted = [line for line in stderr.splitlines() if line.startswith("interrupted")]
    assert len(interrupted) == 1 and "run the same command again to resume" in interrupted[0], stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["partial"] is True and summary["inputs"] == total
    done = summary["documents"]
    assert 3 <= done < total

    refused = runner.invoke(app, ["export", str(out)])
    assert refused.exit_code == 2 and "the run is partial" in refused.output and "--allow-partial" in refused.output
    allowed = runner.invoke(app, ["export", str(out), "--allow-partial"])
    assert allowed.exit_code == 0 and "exporting a partial run" in allowed.output

    resumed = runner.invoke(app, ["run", str(inputs), "--out", str(out), "--backend", "rules"])
    assert resumed.exit_code in (0, EXIT_FLAGGED), resumed.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["partial"] is False and summary["documents"] == total
    assert summary["unchanged"] == done  # the documents finished before Ctrl-C were not processed again
    assert f"{done} unchanged documents kept" in resumed.output
    assert runner.invoke(app, ["export", str(out)]).exit_code == 0


def test_an_unchanged_rerun_keeps_the_run_files_and_a_decision_or_a_changed_file_rewrites_them(
    tree: Path, tmp_path: Path
) -> None:
    """The run files are rewritten only when what they are made of changed: documents, records, the
    review log (review_status) or failures; an unchanged re-run writes summary.json alone."""
    out = tmp_path / "run"
    runner.invoke(app, ["run", str(tree), "--out", str(out), "--backend", "rules"])
    targets = out / "targets.csv"
    first = (targets.stat().st_ino, targets.read_bytes())
    runner.invoke(app, ["run", str(tree), "--out", str(out), "--backend", "rules"])
    assert (targets.stat().st_ino, targets.read_bytes()) == first  # not rewritten
    item = _jsonl(out / "items.jsonl")[0]["id"]
    from extractor import store

    with closing(store.connect(out)) as connection:
        store.add_review(connection, item, "reject")
    runner.invoke(app, ["run", str(tree), "--out", str(out), "--backend", "rules"])
    rows = {row["id"]: row for row in _jsonl(out / "items.jsonl")}
    assert rows[item]["review_status"] == "rejected" and targets.stat().st_ino != first[0]
    second = targets.stat().st_ino
    report = tree / "临海" / "2023" / "report.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("6.5%", "7.5%", 1), encoding="utf-8")
    runner.invoke(app, ["run", str(tree), "--out", str(out), "--backend", "rules"])
    assert targets.stat().st_ino != second and "7.5" in targets.read_text(encoding="utf-8-sig")


def test_a_stated_name_several_divisions_bear_means_the_one_the_text_names(tmp_path: Path) -> None:
    """南山区 is 深圳's district (440305) and 鹤岗's (230404): `--region 南山区` on 南山 2018's report (set AB of the corpus)
    means 深圳's, which the text names itself by, with no contradiction to warn of; 鹤岗's code had been taken."""
    report = Path("tests/corpus/docs/county_nanshan_2018_full.txt")
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(report), "--out", str(out), "--region", "南山区"])
    assert result.exit_code in (0, EXIT_FLAGGED), result.output
    assert "contradicts the text" not in result.output
    document = _jsonl(out / "documents.jsonl")[0]
    assert (document["region"], document["region_code"], document["document_flags"]) == ("南山区", "440305", [])
