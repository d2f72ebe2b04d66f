"""`extractor run` end to end: outputs, provenance invariant, bad input, exit codes."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import EXIT_FAILED, EXIT_FLAGGED, app
from extractor.ingest import load_document
from tests.conftest import SEEDS

runner = CliRunner()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_run_folder_has_every_output(seed_run: Path) -> None:
    for name in ("run.sqlite", "items.jsonl", "targets.csv", "projects.csv", "documents.jsonl", "summary.json"):
        assert (seed_run / name).is_file(), name
    assert not [p for p in seed_run.iterdir() if p.name.startswith(".")]  # no temporary files left
    summary = json.loads((seed_run / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 5 and summary["failed_documents"] == 0
    assert summary["targets"] > 100 and summary["projects"] > 30


def test_every_quote_slices_back_from_the_cleaned_text(seed_run: Path) -> None:
    texts = {}
    for path in SEEDS.iterdir():
        document = load_document(path)
        texts[document.doc_id] = document.text
    items = _jsonl(seed_run / "items.jsonl")
    assert items
    for item in items:
        assert texts[item["doc_id"]][item["char_start"] : item["char_end"]] == item["quote"]


def test_targets_csv_opens_in_excel_and_has_the_headline_targets(seed_run: Path) -> None:
    raw = (seed_run / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    linhai = [r for r in rows if r["source_file"].startswith("000_") and r["headline"] == "True"]
    gdp = next(r for r in linhai if r["indicator_id"] == "gdp")
    # The 临海 excerpt never names its government (no title, no 全市/本市 voice): region empty, with a warning.
    assert (gdp["value"], gdp["unit"], gdp["qualifier"], gdp["target_year"], gdp["region"]) == (
        "6.5",
        "%",
        "以上",
        "2023",
        "",
    )


def test_documents_jsonl_has_region_and_year(seed_run: Path) -> None:
    documents = {d["source_file"][:3]: d for d in _jsonl(seed_run / "documents.jsonl")}
    assert documents["003"]["region_code"] == "331000" and documents["003"]["region_level"] == "prefecture"
    assert documents["004"]["region_level"] == "county" and documents["004"]["region"] == "澧县"
    assert documents["004"]["report_year"] == 2023
    # Excerpts that never say whose report they are get no region, and say why.
    assert documents["000"]["region"] is None and documents["001"]["region"] is None
    assert any(w.startswith("region unknown") for w in documents["001"]["warnings"])
    assert documents["002"]["report_year"] is None and any(
        w.startswith("plan year unknown") for w in documents["002"]["warnings"]
    )


def _bad_inputs(folder: Path) -> None:
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("000_*.txt")), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"%PDF-1.4\n" + bytes(200))
    (folder / "gbk.txt").write_bytes(next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8").encode("gbk"))
    (folder / "english.txt").write_text("Minutes of the meeting. Nothing else.\n" * 10, encoding="utf-8")
    os.symlink(folder / "missing-target.txt", folder / "dangling.txt")


def test_bad_input_is_reported_per_file_and_the_rest_is_processed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _bad_inputs(inputs)
    out = tmp_path / "run"
    result = runner.invoke(app, ["run", str(inputs), str(tmp_path / "does-not-exist"), "--out", str(out)])
    assert result.exit_code == EXIT_FAILED
    for name, cause in [
        ("empty.txt", "empty file"),
        ("scan.txt", "PDF"),
        ("english.txt", "no Chinese"),
        ("dangling.txt", "does not exist"),
        ("does-not-exist", "does not exist"),
    ]:
        assert any(name in line and cause in line for line in result.output.splitlines()), (name, result.output)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 2 and summary["failed_documents"] == 5
    failed = {Path(d["source_file"]).name for d in _jsonl(out / "documents.jsonl") if d["status"] == "failed"}
    assert failed == {"empty.txt", "scan.txt", "english.txt", "dangling.txt", "does-not-exist"}
    encodings = {d["source_file"]: d["encoding"] for d in _jsonl(out / "documents.jsonl") if d["status"] == "ok"}
    assert encodings == {"good.txt": "utf-8", "gbk.txt": "gb18030"}


def test_rerun_keeps_earlier_documents_and_clears_fixed_failures(tmp_path: Path) -> None:
    out = tmp_path / "run"
    first = tmp_path / "a.txt"
    shutil.copy(next(SEEDS.glob("002_*.txt")), first)
    broken = tmp_path / "b.txt"
    broken.write_bytes(b"")
    assert runner.invoke(app, ["run", str(first), str(broken), "--out", str(out)]).exit_code == EXIT_FAILED
    shutil.copy(next(SEEDS.glob("004_*.txt")), broken)
    result = runner.invoke(app, ["run", str(broken), "--out", str(out)])
    assert result.exit_code == EXIT_FLAGGED or result.exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 2 and summary["failed_documents"] == 0


def test_region_and_year_options_fill_what_the_text_omits(tmp_path: Path) -> None:
    out = tmp_path / "run"
    seed = next(SEEDS.glob("002_*.txt"))
    result = runner.invoke(app, ["run", str(seed), "--out", str(out), "--year", "2024", "--region", "永嘉县"])
    assert result.exit_code in (0, EXIT_FLAGGED)
    document = _jsonl(out / "documents.jsonl")[0]
    assert (document["report_year"], document["region_code"], document["region_level"]) == (2024, "330324", "county")
    assert all(item["target_year"] == 2024 for item in _jsonl(out / "items.jsonl"))


def test_no_model_configured_says_rules_in_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("EXTRACTOR_BASE_URL", raising=False)
    monkeypatch.delenv("EXTRACTOR_MODEL", raising=False)
    result = runner.invoke(app, ["run", str(next(SEEDS.glob("000_*.txt"))), "--out", str(tmp_path / "r")])
    assert sum("rules backend" in line for line in result.output.splitlines()) == 1


def test_export_formats(seed_run: Path, tmp_path: Path) -> None:
    import pandas as pd

    for fmt in ("csv", "jsonl", "parquet", "dta"):
        result = runner.invoke(app, ["export", str(seed_run), "--format", fmt, "--output", str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
    frame = pd.read_stata(tmp_path / "dta" / "targets.dta")
    assert "澧县" in set(frame["region"]) and "review_status" in frame.columns
    parquet = pd.read_parquet(tmp_path / "parquet" / "targets.parquet")
    assert len(parquet) == len(frame) and parquet["value"].dtype == "float64"


def test_meta_table_states_region_and_year_per_file(tmp_path: Path) -> None:
    meta = tmp_path / "meta.csv"
    meta.write_text("file,region,year\n002_d348ae63c4c8d8c9.txt,永嘉县,2024\n", encoding="utf-8")
    out = tmp_path / "run"
    seeds = [str(next(SEEDS.glob(f"{p}_*.txt"))) for p in ("002", "004")]
    result = runner.invoke(app, ["run", *seeds, "--out", str(out), "--meta", str(meta)])
    assert result.exit_code in (0, EXIT_FLAGGED), result.output
    documents = {d["source_file"][:3]: d for d in _jsonl(out / "documents.jsonl")}
    assert (documents["002"]["report_year"], documents["002"]["region_code"]) == (2024, "330324")
    assert (documents["004"]["report_year"], documents["004"]["region"]) == (2023, "澧县")  # detected


def test_review_decision_survives_a_rerun(tmp_path: Path) -> None:
    from extractor import store

    out = tmp_path / "run"
    seed = str(next(SEEDS.glob("000_*.txt")))
    runner.invoke(app, ["run", seed, "--out", str(out)])
    connection = store.connect(out)
    item_id = store.load_records(connection)[0].id
    store.add_review(connection, item_id, "reject", reviewer="test")
    connection.close()
    runner.invoke(app, ["run", seed, "--out", str(out)])
    connection = store.connect(out)
    status = connection.execute("SELECT status FROM items WHERE id = ?", (item_id,)).fetchone()["status"]
    connection.close()
    assert status == "rejected"
    items = {i["id"]: i for i in _jsonl(out / "items.jsonl")}
    assert items[item_id]["review_status"] == "rejected"
