"""Stage 7: flat files from the run database, written atomically.

Every file is written to a temporary name in the same folder and renamed into place, so a reader
never sees half a file and a crash never leaves one. Rows are one record each, ready to be read
as a region × year × indicator panel.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from extractor.decisions import EDIT_INVALID, apply_decision
from extractor.models import Project, Record, Target
from extractor.store import latest_reviews, load_documents, load_failures, load_files, load_records

COMMON_COLUMNS = [
    "id",
    "doc_id",
    "source_file",
    "region",
    "region_code",
    "region_level",
    "target_year",
    "section_path",
]
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
    "quote",
    "char_start",
    "char_end",
    "match",
    "backend",
    "status",
    "flags",
]
PROJECT_COLUMNS = [
    *COMMON_COLUMNS,
    "name",
    "stage",
    "stage_raw",
    "group_count",
    "investment",
    "investment_unit",
    "quote",
    "char_start",
    "char_end",
    "match",
    "backend",
    "status",
    "flags",
]
log = logging.getLogger(__name__)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def flat_row(record: Record) -> dict[str, object]:
    """One record as a flat row: lists joined, flags as their codes."""
    row = record.model_dump()
    row["section_path"] = " > ".join(record.section_path)
    row["flags"] = ";".join(flag.code for flag in record.flags)
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
    return value.replace("\r\n", "\n").replace("\r", "\n")


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


def write_run_files(run_dir: Path, connection: sqlite3.Connection, summary: dict[str, object]) -> None:
    """items.jsonl, targets.csv, projects.csv, documents.jsonl and summary.json of a run folder."""
    records = load_records(connection)
    reviews = latest_reviews(connection)
    records = [_with_review_status(r, reviews) for r in records]
    targets = [flat_row(r) for r in records if isinstance(r, Target)]
    projects = [flat_row(r) for r in records if isinstance(r, Project)]
    atomic_write(run_dir / "items.jsonl", jsonl_bytes(r.model_dump() for r in records))
    atomic_write(run_dir / "targets.csv", csv_bytes(targets, TARGET_COLUMNS))
    atomic_write(run_dir / "projects.csv", csv_bytes(projects, PROJECT_COLUMNS))
    atomic_write(run_dir / "documents.jsonl", jsonl_bytes(document_rows(connection, records)))
    atomic_write(run_dir / "summary.json", (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _with_review_status(record: Record, reviews: dict[str, sqlite3.Row]) -> Record:
    review = reviews.get(record.id)
    if review is None:
        return record
    status = {"accept": "accepted", "reject": "rejected", "edit": "edited"}.get(review["decision"], record.status)
    return record.model_copy(update={"status": status})


def document_rows(connection: sqlite3.Connection, records: Sequence[Record]) -> list[dict[str, object]]:
    """Per-document metadata and counts, one row per file whose cleaned text duplicates a stored
    document (status ``duplicate``, ``same_text_as`` naming it), and one row per file that failed."""
    counts: Counter[tuple[str, str]] = Counter()
    flagged: Counter[str] = Counter()
    for record in records:
        counts[(record.doc_id, record.kind)] += 1
        if record.status == "flagged":
            flagged[record.doc_id] += 1
    failures = load_failures(connection)
    chunk_failures: Counter[str] = Counter(f["doc_id"] for f in failures if f["doc_id"])
    documents = load_documents(connection)
    primary = {doc["doc_id"]: doc["source_file"] for doc in documents}
    same_text: dict[str, list[str]] = {}
    for file in load_files(connection):
        if file["doc_id"] in primary and file["source_file"] != primary[file["doc_id"]]:
            same_text.setdefault(file["doc_id"], []).append(file["source_file"])
    rows: list[dict[str, object]] = []
    for doc in documents:
        rows.append(
            {
                "doc_id": doc["doc_id"],
                "source_file": doc["source_file"],
                "status": "ok",
                "encoding": doc["encoding"],
                "region": doc["region"],
                "region_code": doc["region_code"],
                "region_level": doc["region_level"],
                "target_year": doc["target_year"],
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
        )
    for doc_id, names in same_text.items():
        for name in names:
            rows.append(
                {
                    "doc_id": doc_id,
                    "source_file": name,
                    "status": "duplicate",
                    "same_text_as": primary[doc_id],
                    "error": None,
                }
            )
    for failure in failures:
        if failure["doc_id"] is None:
            rows.append(
                {
                    "doc_id": None,
                    "source_file": failure["source_file"],
                    "status": "failed",
                    "stage": failure["stage"],
                    "error": failure["reason"],
                }
            )
    return rows
