"""Stage 7: flat files from the run database, written atomically.

Every file is written to a temporary name in the same folder and renamed into place, so a reader
never sees half a file and a crash never leaves one. Rows are one record each, ready to be read
as a region × year × indicator panel.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from extractor import store
from extractor.decisions import EDIT_INVALID, UNREVIEWED, apply_decision
from extractor.models import Project, Record, Target
from extractor.store import latest_reviews, review_counts

COMMON_COLUMNS = [
    "id",
    "doc_id",
    "source_file",
    "region",
    "region_code",
    "region_level",
    "report_year",
    "target_year",
    "section_path",
]
TAIL_COLUMNS = ["quote", "char_start", "char_end", "match", "backend", "status", "flag_codes", "review_status"]
"""``flag_codes`` (not ``flags``, which would shadow ``DataFrame.flags``); ``review_status`` says what a
reviewer decided and whether it is applied (see ``review_status_unapplied``)."""
TARGET_COLUMNS = [
    *COMMON_COLUMNS,
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
    *TAIL_COLUMNS,
]
PROJECT_COLUMNS = [
    *COMMON_COLUMNS,
    "name",
    "stage",
    "stage_raw",
    "group_count",
    "investment",
    "investment_unit",
    *TAIL_COLUMNS,
]
RESULT_COLUMNS = [
    *COMMON_COLUMNS,
    "indicator",
    "indicator_id",
    "metric",
    "value",
    "value_high",
    "unit",
    "direction",
    "year",
    "estimate",
    "period",
    *TAIL_COLUMNS,
]
log = logging.getLogger(__name__)


def _user_file_mode() -> int:
    """rw for whoever the umask allows (0644 under the usual 022), as ``open()`` would create it."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename (with the user's normal permissions)."""
    atomic_write_with(path, lambda temporary: temporary.write_bytes(data))


def atomic_write_with(path: Path, write: Callable[[Path], object]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it into place.

    mkstemp creates files readable by their owner only; the file gets the mode a plain ``open()``
    would have given it, so outputs can be shared as usual.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.chmod(temporary, _user_file_mode())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def flat_row(record: Record) -> dict[str, object]:
    """One record as a flat row: lists joined, flags as their codes."""
    row = record.model_dump()
    row["section_path"] = " > ".join(record.section_path)
    row["flag_codes"] = ";".join(flag.code for flag in record.flags)
    del row["flags"]
    return row


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets."""


def csv_cell(value: object) -> object:
    """A value as it goes into a CSV cell: text that a spreadsheet would run as a formula
    ("=1+2产业园项目", "@SUM(…)", "-2+3") gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    # The csv module quotes a field holding "\n" (our line end) but not a bare "\r", which a
    # spreadsheet takes for a row break: carriage returns become line feeds inside the quotes.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def csv_bytes(rows: Iterable[dict[str, object]], columns: Sequence[str], bom: bool = True) -> bytes:
    """UTF-8 CSV, safe to open in a spreadsheet; the BOM makes Excel read Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(row.get(k)) for k in columns})
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def jsonl_bytes(rows: Iterable[dict[str, object]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def apply_reviews(records: list[Record], connection: sqlite3.Connection) -> list[tuple[Record, str]]:
    """Records with the latest review decision applied: rejected left out, edits applied.

    Returns (record, review_status) pairs; review_status is accepted, edited or "unreviewed".
    Edits are re-validated exactly as the review page validates them; an edit that no longer
    validates is not applied (review_status "edit_invalid", the record stays as extracted).
    """
    reviews = latest_reviews(connection)
    out: list[tuple[Record, str]] = []
    for record in records:
        reviewed, review_status = apply_decision(record, reviews.get(record.id))
        if review_status == "rejected":
            continue
        if review_status == EDIT_INVALID:
            log.warning("record %s: stored edit no longer validates; exported as extracted", record.id)
        out.append((reviewed, review_status))
    return out


def review_status_unapplied(review: sqlite3.Row | None) -> str:
    """The review status of a record whose decision is *not* applied (run files, plain exports).

    An edit says ``edited_not_applied``: the row holds the extracted values, and saying "edited"
    beside them would mislead. Accepted and rejected records hold the right values either way.
    """
    if review is None:
        return UNREVIEWED
    return {"accept": "accepted", "reject": "rejected", "edit": "edited_not_applied", "add": "added"}.get(
        review["decision"], UNREVIEWED
    )


def unapplied_rows(records: list[Record], connection: sqlite3.Connection) -> list[tuple[Record, str]]:
    """Every record as extracted, with the review status of its decision (not applied)."""
    reviews = latest_reviews(connection)
    return [(record, review_status_unapplied(reviews.get(record.id))) for record in records]


def record_rows(pairs: Iterable[tuple[Record, str]]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(targets, projects) flat rows with their review_status."""
    targets: list[dict[str, object]] = []
    projects: list[dict[str, object]] = []
    for record, status in pairs:
        row = {**flat_row(record), "review_status": status}
        if isinstance(record, Target):
            targets.append(row)
        elif isinstance(record, Project):
            projects.append(row)
    return targets, projects


RUN_FILES = ("items.jsonl", "targets.csv", "projects.csv", "results.csv", "documents.jsonl")
_RUN_FILES_FORMAT = 1
"""Raise when the layout of the run files changes, so a re-run rewrites files written the old way."""


def stored_state(connection: sqlite3.Connection) -> str:
    """A fingerprint of everything the run files are made of: each document as last stored, the
    records, the review log and the failures (a re-run that changed none of them writes the same files)."""
    digest = hashlib.sha256(f"format {_RUN_FILES_FORMAT}\n".encode())
    queries = (
        "SELECT doc_id, updated_at FROM documents ORDER BY doc_id",
        "SELECT count(*), coalesce(sum(length(record)), 0) FROM items",
        "SELECT count(*), coalesce(max(id), 0) FROM reviews",
        "SELECT count(*), coalesce(max(id), 0) FROM failures",
    )
    for query in queries:
        for row in connection.execute(query):
            digest.update(json.dumps(list(row)).encode())
    return digest.hexdigest()


def write_run_files(run_dir: Path, connection: sqlite3.Connection, summary: dict[str, object]) -> None:
    """items.jsonl, targets.csv, projects.csv, results.csv, documents.jsonl and summary.json of a run folder.

    These hold the records as extracted; review decisions show in ``review_status`` but are only
    applied by ``extractor export --reviewed``. Streamed from the stored rows, one record at a time
    (the stored JSON is written as it is): memory does not grow with the corpus. When nothing they are
    made of changed since they were written (``stored_state``) and they are all there, only
    summary.json is written again: an unchanged re-run does not pay for rewriting the corpus.
    """
    state = stored_state(connection)
    unchanged = store.run_state(connection).get("run_files_state") == state
    if unchanged and all((run_dir / name).is_file() for name in RUN_FILES):
        write_summary(run_dir, summary)
        return
    _write_record_files(run_dir, connection)
    write_summary(run_dir, summary)
    store.set_run_state(connection, run_files_state=state)


def _write_record_files(run_dir: Path, connection: sqlite3.Connection) -> None:
    reviews = latest_reviews(connection)
    counts: Counter[tuple[str, str]] = Counter()
    flagged: Counter[str] = Counter()
    with (
        atomic_writer(run_dir / "items.jsonl") as items,
        atomic_writer(run_dir / "targets.csv") as targets_file,
        atomic_writer(run_dir / "projects.csv") as projects_file,
        atomic_writer(run_dir / "results.csv") as results_file,
    ):
        writers = {
            "target": _csv_writer(targets_file, TARGET_COLUMNS),
            "project": _csv_writer(projects_file, PROJECT_COLUMNS),
            "result": _csv_writer(results_file, RESULT_COLUMNS),
        }
        query = (
            "SELECT i.id, i.doc_id, i.kind, i.record FROM items i JOIN documents d ON d.doc_id = i.doc_id"
            " ORDER BY d.source_file, i.char_start, i.kind, i.id"
        )
        for item_id, doc_id, kind, stored in connection.execute(query):
            review_status = review_status_unapplied(reviews.get(item_id))
            # The stored JSON object as it is, with review_status as its last key (not decoded and
            # encoded again: half the cost of writing the run files).
            items.write(f'{stored[:-1]},"review_status":{json.dumps(review_status)}}}\n')
            data = json.loads(stored)
            data["review_status"] = review_status
            columns, writer = writers[kind]
            writer.writerow(_csv_cells(_flat_dict(data), columns))
            counts[(doc_id, kind)] += 1
            if data["status"] == "flagged":  # flagged by the checks (the record's own status, not the review's)
                flagged[doc_id] += 1
    with atomic_writer(run_dir / "documents.jsonl") as documents:
        for row in document_rows(connection, counts, flagged):
            documents.write(json.dumps(row, ensure_ascii=False) + "\n")


@contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """``atomic_write`` for text produced bit by bit: written under a temporary name (with the user's
    normal permissions) and renamed into place when the block ends without an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _user_file_mode())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _csv_writer(stream: TextIO, columns: Sequence[str]) -> tuple[Sequence[str], Any]:
    """A CSV writer with the header written, in the format of ``csv_bytes`` (BOM, \\n line ends)."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    return columns, writer


def _csv_cells(row: dict[str, object], columns: Sequence[str]) -> list[object]:
    return [csv_cell(row.get(k)) for k in columns]


def _flat_dict(data: dict[str, Any]) -> dict[str, object]:
    """``flat_row`` (with its review_status) for a record's stored JSON form."""
    row = dict(data)
    row["section_path"] = " > ".join(data["section_path"])
    row["flag_codes"] = ";".join(flag["code"] for flag in data["flags"])
    del row["flags"]
    return row


def write_summary(run_dir: Path, summary: dict[str, object]) -> None:
    atomic_write(run_dir / "summary.json", (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def refresh_review_summary(run_dir: Path, connection: sqlite3.Connection) -> None:
    """Keep summary.json's review progress current after decisions (the review page calls this)."""
    path = run_dir / "summary.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(summary, dict):
        return
    review = review_counts(connection)
    summary["review"] = review
    summary["flagged_open"] = review["flagged_open"]
    write_summary(run_dir, summary)


def document_rows(
    connection: sqlite3.Connection, counts: Counter[tuple[str, str]], flagged: Counter[str]
) -> Iterator[dict[str, object]]:
    """Per-document metadata and counts, one row per file whose cleaned text duplicates a stored
    document (status ``duplicate``, ``same_text_as`` naming it), and one row per file that failed.

    ``counts`` are records per (doc_id, kind), ``flagged`` flagged records per doc_id. Documents are
    streamed, their text left out."""
    chunk_failures: Counter[str] = Counter(
        dict(connection.execute("SELECT doc_id, COUNT(*) FROM failures WHERE doc_id IS NOT NULL GROUP BY doc_id"))
    )
    same_text: dict[str, list[str]] = {}
    primary: dict[str, str] = {}
    for file in connection.execute(
        "SELECT f.source_file, f.doc_id, d.source_file AS first FROM files f JOIN documents d ON d.doc_id = f.doc_id"
        " WHERE f.source_file != d.source_file ORDER BY f.source_file"
    ):
        same_text.setdefault(file["doc_id"], []).append(file["source_file"])
        primary[file["doc_id"]] = file["first"]
    for doc in connection.execute(
        "SELECT doc_id, source_file, encoding, region, region_code, region_level, target_year, report_year,"
        " document_flags, n_chars, backend, warnings FROM documents ORDER BY source_file"
    ):
        yield {
            "doc_id": doc["doc_id"],
            "source_file": doc["source_file"],
            "status": "ok",
            "encoding": doc["encoding"],
            "region": doc["region"],
            "region_code": doc["region_code"],
            "region_level": doc["region_level"],
            "report_year": doc["report_year"] if doc["report_year"] is not None else doc["target_year"],
            "document_flags": json.loads(doc["document_flags"]) if doc["document_flags"] else [],
            "n_chars": doc["n_chars"],
            "targets": counts[(doc["doc_id"], "target")],
            "projects": counts[(doc["doc_id"], "project")],
            "flagged": flagged[doc["doc_id"]],
            "failed_chunks": chunk_failures[doc["doc_id"]],
            "backend": doc["backend"],
            "warnings": json.loads(doc["warnings"]) if doc["warnings"] else [],
            "same_text_files": same_text.get(doc["doc_id"], []),
            "error": None,
        }
    for doc_id, names in same_text.items():
        for name in names:
            yield {
                "doc_id": doc_id,
                "source_file": name,
                "status": "duplicate",
                "same_text_as": primary[doc_id],
                "error": None,
            }
    for failure in connection.execute(
        "SELECT source_file, stage, reason FROM failures WHERE doc_id IS NULL ORDER BY id"
    ):
        yield {
            "doc_id": None,
            "source_file": failure["source_file"],
            "status": "failed",
            "stage": failure["stage"],
            "error": failure["reason"],
        }
