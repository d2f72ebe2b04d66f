"""Corpus-scale runs: incremental re-runs, parallel workers, streamed run files, the division index.

Speed and memory are measured by scripts/bench_rules.py, not here; these tests pin the behaviour the
speed rests on: what is skipped, what is replaced, and that parallel and streamed output equal the
plain one.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from extractor import regions, run_folder, store
from extractor.export import PROJECT_COLUMNS, TARGET_COLUMNS, csv_bytes, record_rows, unapplied_rows
from extractor.ingest import load_document
from tests.conftest import CORPUS, SEEDS

CORPUS_DOCS = sorted((CORPUS / "docs").iterdir())


def _copy_seeds(folder: Path) -> Path:
    shutil.copytree(SEEDS, folder)
    return folder


def _items(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()]


def _doc_ids(run_dir: Path) -> set[str]:
    connection = store.connect(run_dir)
    try:
        return {row["doc_id"] for row in store.load_documents(connection)}
    finally:
        connection.close()


def test_an_unchanged_rerun_keeps_every_document_and_writes_the_same_files(tmp_path: Path) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    first = run_folder([inputs], out, workers=1)
    items_before = (out / "items.jsonl").read_bytes()
    second = run_folder([inputs], out, workers=1)
    assert first["unchanged"] == 0 and second["unchanged"] == 5
    assert second["documents"] == 5 and second["targets"] == first["targets"] > 100
    assert (out / "items.jsonl").read_bytes() == items_before


def test_a_changed_file_replaces_its_document_and_records(tmp_path: Path) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    run_folder([inputs], out, workers=1)
    changed = sorted(inputs.iterdir())[1]
    old_id = load_document(changed).doc_id
    extra = (SEEDS / "000_2521081b26323744.txt").read_text(encoding="utf-8").splitlines()[-1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    new_id = load_document(changed).doc_id
    summary = run_folder([inputs], out, workers=1)
    assert new_id != old_id
    assert summary["unchanged"] == 4 and summary["documents"] == 5
    assert new_id in _doc_ids(out) and old_id not in _doc_ids(out)
    doc_ids = {item["doc_id"] for item in _items(out)}
    assert new_id in doc_ids and old_id not in doc_ids
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d["source_file"] for d in documents) == sorted(p.name for p in inputs.iterdir())


def test_review_decisions_survive_a_rerun_after_another_file_changed(tmp_path: Path) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    run_folder([inputs], out, workers=1)
    first_doc = load_document(sorted(inputs.iterdir())[0]).doc_id
    accepted = next(item["id"] for item in _items(out) if item["doc_id"] == first_doc)
    connection = store.connect(out)
    store.add_review(connection, accepted, "accept", reviewer="test")
    connection.close()
    other = sorted(inputs.iterdir())[3]
    other.write_text(other.read_text(encoding="utf-8") + "\n全年完成固定资产投资增长8%。\n", encoding="utf-8")
    summary = run_folder([inputs], out, workers=1)
    assert summary["unchanged"] == 4
    kept = next(item for item in _items(out) if item["id"] == accepted)
    assert kept["review_status"] == "accepted" and kept["status"] == "ok"  # run files hold records as extracted


def test_other_settings_or_no_cache_extract_again(tmp_path: Path) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    run_folder([inputs], out, workers=1)
    stated_year = run_folder([inputs], out, workers=1, year=2030)
    assert stated_year["unchanged"] == 0
    assert {item["target_year"] for item in _items(out) if item["kind"] == "project"} >= {2030}
    assert run_folder([inputs], out, workers=1, year=2030)["unchanged"] == 5
    assert run_folder([inputs], out, workers=1, year=2030, use_cache=False)["unchanged"] == 0


def test_a_file_that_stops_being_a_report_takes_its_document_with_it(tmp_path: Path) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    run_folder([inputs], out, workers=1)
    emptied = sorted(inputs.iterdir())[2]
    old_id = load_document(emptied).doc_id
    emptied.write_bytes(b"")
    summary = run_folder([inputs], out, workers=1)
    assert summary["documents"] == 4 and summary["failed_documents"] == 1
    assert old_id not in _doc_ids(out) and old_id not in {item["doc_id"] for item in _items(out)}


def test_a_copy_stays_listed_as_a_duplicate_when_the_first_file_is_unchanged(tmp_path: Path) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    first = sorted(inputs.iterdir())[0]
    shutil.copy(first, inputs / ("zz_" + first.name))
    run_folder([inputs], out, workers=1)
    documents_before = (out / "documents.jsonl").read_bytes()
    items_before = (out / "items.jsonl").read_bytes()
    summary = run_folder([inputs], out, workers=1)
    assert summary["unchanged"] == 5 and summary["documents"] == 5
    assert (out / "items.jsonl").read_bytes() == items_before
    assert (out / "documents.jsonl").read_bytes() == documents_before
    rows = [json.loads(line) for line in documents_before.decode("utf-8").splitlines()]
    assert [r["source_file"] for r in rows if r["status"] == "duplicate"] == ["zz_" + first.name]


def test_a_file_changed_into_a_copy_of_another_is_listed_as_its_duplicate_and_its_old_document_goes(
    tmp_path: Path,
) -> None:
    inputs, out = _copy_seeds(tmp_path / "in"), tmp_path / "run"
    run_folder([inputs], out, workers=1)
    first, second = sorted(inputs.iterdir())[:2]
    old_id = load_document(second).doc_id
    shutil.copy(first, second)
    summary = run_folder([inputs], out, workers=1)
    assert summary["unchanged"] == 4 and summary["documents"] == 4
    assert old_id not in _doc_ids(out) and old_id not in {item["doc_id"] for item in _items(out)}
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["source_file"], r["same_text_as"]) for r in rows if r["status"] == "duplicate"] == [
        (second.name, first.name)
    ]


def _report_folder(folder: Path, count: int) -> Path:
    """``count`` real reports (seeds and corpus documents, cycled, each copy with its own last line)."""
    folder.mkdir()
    sources = sorted(SEEDS.iterdir()) + CORPUS_DOCS
    for index in range(count):
        source = sources[index % len(sources)]
        data = source.read_bytes() + f"\n（本副本编号{index}。）\n".encode()
        (folder / f"{index:03d}_{source.name}").write_bytes(data)
    return folder


def test_workers_give_the_same_run_files_as_one_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    inputs = _report_folder(tmp_path / "in", 40)
    (inputs / "zz_scan.txt").write_bytes(b"%PDF-1.4 not a report")
    with caplog.at_level(logging.WARNING, logger="extractor"):
        parallel = run_folder([inputs], tmp_path / "parallel", workers=2)
    worker_lines = [r.getMessage() for r in caplog.records]
    serial = run_folder([inputs], tmp_path / "serial", workers=1)
    for name in ("items.jsonl", "targets.csv", "projects.csv", "documents.jsonl"):
        assert (tmp_path / "parallel" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes(), name
    assert parallel["documents"] == serial["documents"] == 40 and parallel["failed_documents"] == 1
    # Log lines made in the workers reach this process, once each, naming their file.
    assert sum("zz_scan.txt" in line and "PDF" in line for line in worker_lines) == 1
    unknown_year = [line for line in worker_lines if "plan year unknown" in line]
    assert unknown_year and len(unknown_year) == len(set(unknown_year))


def test_streamed_run_files_equal_the_records_rendered_one_by_one(seed_run: Path) -> None:
    connection = store.connect(seed_run)
    try:
        pairs = unapplied_rows(store.load_records(connection), connection)
    finally:
        connection.close()
    lines = (seed_run / "items.jsonl").read_text(encoding="utf-8").splitlines()
    # Each line is the stored JSON with review_status last: the same keys in the same order and values.
    written = [list(json.loads(line).items()) for line in lines]
    assert written == [list({**r.model_dump(mode="json"), "review_status": s}.items()) for r, s in pairs]
    targets, projects = record_rows(pairs)
    assert (seed_run / "targets.csv").read_bytes() == csv_bytes(targets, TARGET_COLUMNS)
    assert (seed_run / "projects.csv").read_bytes() == csv_bytes(projects, PROJECT_COLUMNS)
    assert len(targets) > 100 and len(projects) > 50


def test_the_shipped_division_index_is_the_table() -> None:
    table = regions._table_path()
    assert regions.INDEX_PATH.is_file(), "run scripts/build_division_index.py"
    assert regions._all_divisions() == regions.divisions_from_table(table)


def _mentions_by_scanning(text: str) -> dict[str, int]:
    """Every 2–9 character piece of the text looked up in the name index, except one written inside a longer name
    found there (防城 in 防城港市): the definition, by brute force."""
    index = regions._by_short_name()
    found: list[tuple[int, int, str]] = []
    for start in range(len(text)):
        before = text[start - 1] if start else ""
        boundary = not start or before in regions._BEFORE_NAME or not "\u4e00" <= before <= "\u9fff"
        for size in range(9, 1, -1):
            piece = text[start : start + size]
            if len(piece) == size and piece in index and (size > 2 or boundary):
                found.append((start, size, piece))
    counts: dict[str, int] = defaultdict(int)
    for start, size, piece in found:
        inside = any(s <= start and start + size <= s + z and z > size for s, z, _ in found if start - 9 < s <= start)
        if not inside:
            counts[piece] += 1
    return counts


WHOLE_DOCS = [p for p in CORPUS_DOCS if p.stem.endswith("_full")]
"""Whole reports: each names the places it governs, where a digest may name none."""


@pytest.mark.parametrize("path", [*sorted(SEEDS.iterdir())[:2], *WHOLE_DOCS[::4]], ids=lambda p: p.name)
def test_one_pass_finds_the_names_a_scan_of_every_position_finds(path: Path) -> None:
    text = load_document(path).text
    expected = _mentions_by_scanning(text)
    found = regions._mentions(text)
    assert expected and list(found.items()) == list(expected.items())  # same counts, same first-seen order
