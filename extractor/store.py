"""Stage 6: the run folder's SQLite database.

One database per run folder holds documents, sections, chunks, items, flags, model calls, review
decisions and failures. Each document is written in one transaction, so an interrupted run leaves
either all of a document or none of it, and a re-run replaces a document's rows without touching
the review log (decisions are keyed by the stable record id and survive re-extraction).
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: runs are not locked
    fcntl = None  # type: ignore[assignment]

from extractor.errors import ExtractorError, InputError
from extractor.models import Chunk, Document, Failure, Record, Section, record_from_dict

DB_NAME = "run.sqlite"
LOCK_NAME = "run.lock"
APPLICATION_ID = 0x47575258
"""Stamped into run.sqlite (PRAGMA application_id) so another program's database is never mistaken for a run."""
RUN_TABLES = frozenset({"documents", "sections", "chunks", "items", "flags", "model_calls", "reviews", "failures"})
BUSY_TIMEOUT_S = 30.0
"""How long a write waits for another connection's write (a review decision during a run, say)."""


class RunFolderError(InputError):
    """The run folder cannot be used (a file, another program's database, locked by another run); one line."""


class DiskFull(ExtractorError):
    """No space left while writing the run folder; the run stops, what was stored is kept."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source_file TEXT NOT NULL, encoding TEXT, title TEXT,
    region TEXT, region_code TEXT, region_level TEXT, target_year INTEGER,
    n_chars INTEGER, text TEXT NOT NULL, backend TEXT, updated_at TEXT, warnings TEXT
);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, level INTEGER, heading TEXT, path TEXT,
    char_start INTEGER, char_end INTEGER, kind TEXT, year INTEGER, headline INTEGER,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS chunks (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, char_start INTEGER, char_end INTEGER,
    section_path TEXT, kind TEXT, year INTEGER, text_hash TEXT, status TEXT DEFAULT 'done',
    error TEXT, PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
    char_start INTEGER, char_end INTEGER, record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_doc ON items (doc_id);
CREATE TABLE IF NOT EXISTS flags (
    item_id TEXT NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL, message TEXT
);
CREATE INDEX IF NOT EXISTS flags_item ON flags (item_id);
CREATE TABLE IF NOT EXISTS model_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT, chunk_idx INTEGER, cache_key TEXT,
    model TEXT, attempt INTEGER, status TEXT, error TEXT, prompt_tokens INTEGER,
    completion_tokens INTEGER, cached INTEGER DEFAULT 0, latency_ms REAL, created_at TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL, decision TEXT NOT NULL,
    edits TEXT, note TEXT, reviewer TEXT, created_at TEXT NOT NULL, undoes INTEGER, record TEXT
);
CREATE TABLE IF NOT EXISTS run_state (key TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS reviews_item ON reviews (item_id);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT, source_file TEXT NOT NULL, stage TEXT NOT NULL,
    reason TEXT NOT NULL, doc_id TEXT, chunk_idx INTEGER, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    source_file TEXT PRIMARY KEY, doc_id TEXT NOT NULL, updated_at TEXT
);
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS failures_doc ON failures (doc_id);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source_file);
"""
"""Lookups a run makes per file (is it unchanged, what did it give before): without them a run over
thousands of files scans the tables once per file."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_run_dir(run_dir: Path) -> None:
    """Raise ``RunFolderError`` unless ``run_dir`` is absent, empty of a database, or a run folder.

    A path that is a file, a ``run.sqlite`` that is not SQLite, or one whose tables are another
    program's is refused before anything is written into it.
    """
    if run_dir.exists() and not run_dir.is_dir():
        raise RunFolderError(f"{run_dir}: exists and is not a folder; choose another --out")
    database = run_dir / DB_NAME
    if not database.exists():
        return
    if not database.is_file():
        raise RunFolderError(f"{database}: is not a file; choose another --out")
    try:
        with _read_only(database) as probe:
            application_id = probe.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise RunFolderError(f"{database}: not a run database ({exc}); choose another --out") from exc
    ours = application_id == APPLICATION_ID or (application_id == 0 and (not tables or tables >= RUN_TABLES))
    if not ours:
        shown = ", ".join(sorted(tables)[:5]) or "none"
        raise RunFolderError(
            f"{database}: belongs to another program (application id {application_id}, tables: {shown}); "
            "choose another --out"
        )


@contextmanager
def _read_only(database: Path) -> Iterator[sqlite3.Connection]:
    probe = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        yield probe
    finally:
        probe.close()


def connect(run_dir: Path) -> sqlite3.Connection:
    """Open (creating if needed) the run database with the schema in place.

    Raises ``RunFolderError`` for a folder that is not a run folder (see ``check_run_dir``).
    """
    check_run_dir(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(run_dir / DB_NAME, timeout=BUSY_TIMEOUT_S)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    connection.execute("PRAGMA journal_mode=WAL")
    stamped = connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    current = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'files'").fetchone()
    if not (stamped and current):  # a new folder, or one made by an older version
        with transaction(connection):
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
    # WAL with NORMAL sync: a crash of the program never loses a committed document; only a power cut
    # may lose the last few (which the next run redoes), and a commit costs no fsync.
    connection.execute("PRAGMA synchronous=NORMAL")
    _add_missing_columns(connection)
    return connection


ADDED_COLUMNS = {
    "documents": (
        ("warnings", "TEXT"),
        ("report_year", "INTEGER"),
        ("document_flags", "TEXT"),
        ("input_hash", "TEXT"),
        ("settings_hash", "TEXT"),
    ),
    "reviews": (("undoes", "INTEGER"), ("record", "TEXT")),
}
"""Columns added since the first version, in order; an older run folder gains them when opened."""

EFFECTIVE_REVIEWS = """
CREATE VIEW IF NOT EXISTS effective_reviews AS
SELECT r.* FROM reviews r JOIN (
    SELECT item_id, MAX(id) AS id FROM reviews
    WHERE decision != 'undo' AND id NOT IN (SELECT undoes FROM reviews WHERE undoes IS NOT NULL)
    GROUP BY item_id
) last ON r.id = last.id
"""
"""The decision in force per record: the latest one that no later 'undo' row cancelled."""


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    """Run folders written by an earlier version gain the columns (and the view) added since."""
    for table, added in ADDED_COLUMNS.items():
        columns = {row["name"] for row in connection.execute(f"PRAGMA table_info({table})")}
        for name, kind in added:
            if name not in columns:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    connection.execute(EFFECTIVE_REVIEWS)
    for statement in INDEXES.split(";"):
        if statement.strip():
            connection.execute(statement)


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing writes.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits for the busy
    timeout instead of failing at once with "database is locked" (a deferred transaction that
    reads first cannot wait when it later upgrades to a write). When SQLite has already rolled the
    transaction back itself (disk full), the original error is raised, not "cannot rollback".
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise


def is_disk_full(exc: BaseException) -> bool:
    """Out of space (or over a file-size or quota limit) while writing the run folder."""
    if isinstance(exc, sqlite3.Error):
        return "disk is full" in str(exc) or getattr(exc, "sqlite_errorcode", None) == 13  # SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class RunLock:
    """One ``extractor run`` at a time per run folder: an exclusive ``flock`` on ``run.lock``.

    The operating system releases the lock when the process ends, however it ends (kill -9
    included), so a crashed run never leaves a stale lock. A second run waits up to ``wait``
    seconds, then is refused with one line naming the process that holds the folder.
    """

    def __init__(self, run_dir: Path, wait: float = 0.0) -> None:
        self.path = run_dir / LOCK_NAME
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        if fcntl is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, self.wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
                    os.close(fd)
                    raise RunFolderError(
                        f"{self.path.parent}: another `extractor run` (pid {holder}) is writing to this folder; "
                        f"waited {self.wait:g} s (--lock-wait). Let it finish or choose another --out"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


@dataclass
class DocumentRows:
    """One document's rows, ready to insert: built where the document was extracted (a worker process
    of a parallel run), written by the run's one SQLite writer (``save_rows``)."""

    doc_id: str
    source_file: str
    document: tuple[object, ...]
    sections: list[tuple[object, ...]]
    chunks: list[tuple[object, ...]]
    records: list[RecordRows]
    """Each record's rows (``record_rows``): serialised where it was extracted, so a worker sends strings."""
    chunk_errors: dict[int, str] = field(default_factory=dict)


RecordRows = tuple[tuple[object, ...], list[tuple[object, ...]]]
"""A record's row of ``items`` (with its JSON form) and its rows of ``flags``."""


def record_rows(record: Record) -> RecordRows:
    """The ``items`` row and the ``flags`` rows of one record."""
    item = (record.id, record.doc_id, record.kind, record.status, record.char_start, record.char_end)
    return (*item, record.model_dump_json()), [(record.id, f.code, f.severity, f.message) for f in record.flags]


def rows_for_document(
    document: Document,
    sections: list[Section],
    chunks: list[Chunk],
    records: list[Record],
    backend: str,
    chunk_errors: dict[int, str] | None = None,
    fingerprint: tuple[str | None, str | None] = (None, None),
) -> DocumentRows:
    """The rows ``save_rows`` writes for one document (pure: no database needed)."""
    chunk_errors = chunk_errors or {}
    return DocumentRows(
        doc_id=document.doc_id,
        source_file=document.source_file,
        document=(
            document.doc_id,
            document.source_file,
            document.encoding,
            document.title,
            document.region,
            document.region_code,
            document.region_level,
            document.target_year,
            len(document.text),
            document.text,
            backend,
            now(),
            json.dumps(document.warnings, ensure_ascii=False),
            document.report_year,
            json.dumps(document.document_flags),
            fingerprint[0],
            fingerprint[1],
        ),
        sections=[
            (
                document.doc_id,
                s.index,
                s.level,
                s.heading,
                json.dumps(s.path, ensure_ascii=False),
                s.char_start,
                s.char_end,
                s.kind,
                s.year,
                int(s.headline),
            )
            for s in sections
        ],
        chunks=[
            (
                document.doc_id,
                c.index,
                c.char_start,
                c.char_end,
                json.dumps(c.section_path, ensure_ascii=False),
                c.section_kind,
                c.year,
                c.text_hash,
                "failed" if c.index in chunk_errors else "done",
                chunk_errors.get(c.index),
            )
            for c in chunks
        ],
        records=[record_rows(record) for record in records],
        chunk_errors=dict(chunk_errors),
    )


def save_document(
    connection: sqlite3.Connection,
    document: Document,
    sections: list[Section],
    chunks: list[Chunk],
    records: list[Record],
    backend: str,
    chunk_errors: dict[int, str] | None = None,
    fingerprint: tuple[str | None, str | None] = (None, None),
) -> None:
    """Replace everything stored for one document in a single transaction (see ``save_rows``).

    ``fingerprint`` is (hash of the input file's bytes, hash of the extraction settings): a later
    run skips the document while both are unchanged.
    """
    save_rows(connection, rows_for_document(document, sections, chunks, records, backend, chunk_errors, fingerprint))


def save_rows(connection: sqlite3.Connection, rows: DocumentRows) -> None:
    """Replace everything stored for one document in a single transaction.

    Records a reviewer added to this document are put back (they live in the review log), so a
    re-run never loses them. A document its file gave before (the file changed since) is removed
    with its records, so a changed file never leaves two copies; the file's earlier failure goes too.
    """
    with transaction(connection) as db:
        _delete_contents(db, rows.doc_id)
        db.execute(
            "INSERT OR REPLACE INTO documents (doc_id, source_file, encoding, title, region, region_code, region_level,"
            " target_year, n_chars, text, backend, updated_at, warnings, report_year, document_flags, input_hash,"
            " settings_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows.document,
        )
        db.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?,?,?,?)", rows.sections)
        db.executemany("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?)", rows.chunks)
        records = {item[0]: (item, flags) for item, flags in rows.records}
        for added in _added_records(db, rows.doc_id):
            records[added.id] = record_rows(added)
        db.executemany("INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?,?)", [item for item, _ in records.values()])
        db.executemany("INSERT INTO flags VALUES (?,?,?,?)", [flag for _, flags in records.values() for flag in flags])
        db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?)", (rows.source_file, rows.doc_id, now()))
        # A re-run replaces items; decisions stay in the log and their status follows the same ids.
        # Without any decision the statuses just inserted are already the records' own.
        if db.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is not None:
            _sync_statuses(db, rows.doc_id)
        db.executemany(
            "INSERT INTO failures (source_file, stage, reason, doc_id, chunk_idx, created_at) VALUES (?,?,?,?,?,?)",
            [
                (rows.source_file, "extract", reason, rows.doc_id, index, now())
                for index, reason in rows.chunk_errors.items()
            ],
        )
        db.execute("DELETE FROM failures WHERE source_file = ? AND doc_id IS NULL", (rows.source_file,))
        _drop_documents_of(db, rows.source_file, keep=rows.doc_id)


def _delete_contents(db: sqlite3.Connection, doc_id: str) -> None:
    """A document's sections, chunks, records, flags and chunk failures (its own row stays)."""
    db.execute("DELETE FROM flags WHERE item_id IN (SELECT id FROM items WHERE doc_id = ?)", (doc_id,))
    for table in ("items", "sections", "chunks", "failures"):
        db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))


def _drop_documents_of(db: sqlite3.Connection, source_file: str, keep: str | None = None) -> None:
    """Remove what ``source_file`` gave before and gives no more: the document it was the first file
    of (with its records) and its listing as another document's duplicate. A file that still has
    the same text lists it again when the run reaches it."""
    stale = [
        row["doc_id"]
        for row in db.execute(
            "SELECT doc_id FROM documents WHERE source_file = ? AND doc_id IS NOT ?", (source_file, keep)
        )
    ]
    for doc_id in stale:
        _delete_contents(db, doc_id)
        db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM files WHERE doc_id = ?", (doc_id,))
    if keep is None:
        db.execute("DELETE FROM files WHERE source_file = ?", (source_file,))


def _insert_item(db: sqlite3.Connection, record: Record) -> None:
    db.execute(
        "INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?,?)",
        (
            record.id,
            record.doc_id,
            record.kind,
            record.status,
            record.char_start,
            record.char_end,
            record.model_dump_json(),
        ),
    )
    db.execute("DELETE FROM flags WHERE item_id = ?", (record.id,))
    db.executemany(
        "INSERT INTO flags VALUES (?,?,?,?)", [(record.id, f.code, f.severity, f.message) for f in record.flags]
    )


def _added_records(db: sqlite3.Connection, doc_id: str) -> list[Record]:
    """Records reviewers added to a document (an 'add' decision not undone)."""
    rows = db.execute(
        "SELECT record FROM reviews WHERE decision = 'add' AND record IS NOT NULL AND "
        "id NOT IN (SELECT undoes FROM reviews WHERE undoes IS NOT NULL)"
    )
    records = [record_from_dict(json.loads(row["record"])) for row in rows]
    return [r for r in records if r.doc_id == doc_id]


def _sync_statuses(db: sqlite3.Connection, doc_id: str | None = None) -> None:
    """items.status follows the decision in force, else the extraction's own status."""
    db.execute(
        "UPDATE items SET status = COALESCE((SELECT CASE r.decision WHEN 'accept' THEN 'accepted' "
        "WHEN 'reject' THEN 'rejected' WHEN 'edit' THEN 'edited' WHEN 'add' THEN 'accepted' END "
        "FROM effective_reviews r WHERE r.item_id = items.id), json_extract(record, '$.status'))"
        + (" WHERE doc_id = ?" if doc_id else ""),
        (doc_id,) if doc_id else (),
    )


def unchanged_document(
    connection: sqlite3.Connection, source_file: str, input_hash: str | None, settings_hash: str | None
) -> str | None:
    """The id of the document this file gave from the same bytes with the same settings, completely
    (no failed chunk); None when it must be extracted (again)."""
    if not input_hash or not settings_hash:
        return None
    row = connection.execute(
        "SELECT d.doc_id FROM documents d WHERE d.source_file = ? AND d.input_hash = ? AND d.settings_hash = ? "
        "AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.doc_id = d.doc_id AND c.status = 'failed')",
        (source_file, input_hash, settings_hash),
    ).fetchone()
    return row["doc_id"] if row is not None else None


def set_run_state(connection: sqlite3.Connection, **values: object) -> None:
    """Remember facts about the run folder (state running/complete/partial, inputs, done)."""
    with transaction(connection) as db:
        db.executemany(
            "INSERT OR REPLACE INTO run_state (key, value) VALUES (?, ?)",
            [(key, json.dumps(value)) for key, value in values.items()],
        )


def run_state(connection: sqlite3.Connection) -> dict[str, object]:
    return {row["key"]: json.loads(row["value"]) for row in connection.execute("SELECT key, value FROM run_state")}


def save_failure(connection: sqlite3.Connection, failure: Failure, drop: bool = False) -> None:
    """Record a file-level failure; an earlier failure of the same file is replaced.

    With ``drop``, the file no longer gives a document at all (it was emptied, or replaced by a
    binary): the document it gave before is removed with its records.
    """
    with transaction(connection) as db:
        if drop:
            _drop_documents_of(db, failure.source_file)
        db.execute("DELETE FROM failures WHERE source_file = ? AND doc_id IS NULL", (failure.source_file,))
        db.execute(
            "INSERT INTO failures (source_file, stage, reason, doc_id, chunk_idx, created_at) VALUES (?,?,?,?,?,?)",
            (failure.source_file, failure.stage, failure.reason, failure.doc_id, failure.chunk_index, now()),
        )


def save_same_text(connection: sqlite3.Connection, source_file: str, doc_id: str, path: str | None = None) -> None:
    """Record a file whose cleaned text equals an already stored document's (listed, not re-extracted).

    A document the file gave before with other text (it changed into a copy of another file) goes."""
    with transaction(connection) as db:
        db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?)", (source_file, doc_id, now()))
        db.execute("DELETE FROM failures WHERE source_file = ? AND doc_id IS NULL", (path or source_file,))
        _drop_documents_of(db, source_file, keep=doc_id)


def load_files(connection: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every input file name with the document its cleaned text became."""
    return list(connection.execute("SELECT * FROM files ORDER BY source_file"))


def clear_file_failure(connection: sqlite3.Connection, source_file: str) -> None:
    clear_file_failures(connection, [source_file])


def clear_file_failures(connection: sqlite3.Connection, source_files: list[str]) -> None:
    """Forget earlier file-level failures of these files (they have a current document), in one transaction."""
    if not source_files:
        return
    with transaction(connection) as db:
        db.executemany("DELETE FROM failures WHERE source_file = ? AND doc_id IS NULL", [(f,) for f in source_files])


def latest_reviews(connection: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    """The decision in force per record id: the log is append-only, the latest entry not undone wins."""
    return {row["item_id"]: row for row in connection.execute("SELECT * FROM effective_reviews")}


def load_records(connection: sqlite3.Connection, doc_id: str | None = None) -> list[Record]:
    """Stored records in document order."""
    query = "SELECT i.record FROM items i JOIN documents d ON d.doc_id = i.doc_id"
    params: tuple[str, ...] = ()
    if doc_id:
        query += " WHERE i.doc_id = ?"
        params = (doc_id,)
    query += " ORDER BY d.source_file, i.char_start, i.kind, i.id"
    return [record_from_dict(json.loads(row["record"])) for row in connection.execute(query, params)]


def load_documents(connection: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(connection.execute("SELECT * FROM documents ORDER BY source_file"))


def load_failures(connection: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(connection.execute("SELECT * FROM failures ORDER BY id"))


_STATUS_FOR_DECISION = {"accept": "accepted", "reject": "rejected", "edit": "edited", "add": "accepted"}


def add_review(
    connection: sqlite3.Connection,
    item_id: str,
    decision: str,
    edits: dict[str, object] | None = None,
    note: str | None = None,
    reviewer: str | None = None,
) -> int:
    """Append one decision to the review log and let the item's status column follow it.

    The log is never updated or deleted from: the latest row per item wins, so the full history of
    who decided what stays auditable. Returns the new row id.
    """
    return add_reviews(connection, [item_id], decision, edits, note, reviewer)[0]


def add_reviews(
    connection: sqlite3.Connection,
    item_ids: list[str],
    decision: str,
    edits: dict[str, object] | None = None,
    note: str | None = None,
    reviewer: str | None = None,
) -> list[int]:
    """The same decision on several records, one log row each, in one transaction."""
    if decision not in ("accept", "reject", "edit"):
        raise ValueError(f"unknown decision {decision!r}")
    ids = []
    with transaction(connection) as db:
        for item_id in item_ids:
            cursor = db.execute(
                "INSERT INTO reviews (item_id, decision, edits, note, reviewer, created_at) VALUES (?,?,?,?,?,?)",
                (item_id, decision, json.dumps(edits or {}, ensure_ascii=False), note or None, reviewer, now()),
            )
            ids.append(int(cursor.lastrowid or 0))
            db.execute("UPDATE items SET status = ? WHERE id = ?", (_STATUS_FOR_DECISION[decision], item_id))
    return ids


def add_record(connection: sqlite3.Connection, record: Record, note: str | None, reviewer: str | None) -> int:
    """A record the extraction missed, added by a reviewer: logged (decision 'add', with the record)
    and stored as an item, so exports, the report and later runs see it."""
    with transaction(connection) as db:
        cursor = db.execute(
            "INSERT INTO reviews (item_id, decision, edits, note, reviewer, created_at, record) VALUES (?,?,?,?,?,?,?)",
            (record.id, "add", "{}", note or None, reviewer, now(), record.model_dump_json()),
        )
        _insert_item(db, record)
        db.execute("UPDATE items SET status = 'accepted' WHERE id = ?", (record.id,))
    return int(cursor.lastrowid or 0)


def undo_reviews(connection: sqlite3.Connection, item_ids: list[str], reviewer: str | None = None) -> list[str]:
    """Cancel the decision in force on each record by appending an 'undo' row that names it.

    The earlier decision (if any) is in force again; undoing an 'add' removes the added record.
    Returns the ids that had a decision to undo.
    """
    undone = []
    with transaction(connection) as db:
        for item_id in item_ids:
            row = db.execute("SELECT id, decision FROM effective_reviews WHERE item_id = ?", (item_id,)).fetchone()
            if row is None:
                continue
            db.execute(
                "INSERT INTO reviews (item_id, decision, edits, reviewer, created_at, undoes) VALUES (?,?,?,?,?,?)",
                (item_id, "undo", "{}", reviewer, now(), row["id"]),
            )
            if row["decision"] == "add":
                db.execute("DELETE FROM flags WHERE item_id = ?", (item_id,))
                db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            undone.append(item_id)
        _sync_statuses(db)
    return undone


def review_history(connection: sqlite3.Connection, item_id: str) -> list[sqlite3.Row]:
    """Every decision taken on one record, oldest first."""
    return list(connection.execute("SELECT * FROM reviews WHERE item_id = ? ORDER BY id", (item_id,)))


def sync_review_statuses(connection: sqlite3.Connection) -> None:
    """Make each item's status column follow its decision in force (after a re-run replaced items)."""
    with transaction(connection) as db:
        _sync_statuses(db)


def review_counts(connection: sqlite3.Connection) -> dict[str, object]:
    """How far the review is: flagged records reviewed and still open, and records reviewers added.

    Only the kinds the review page shows count (targets and projects); flagged results are listed in
    results.csv with their flags but are not yet put to a reviewer.
    """
    row = connection.execute(
        "SELECT COUNT(*) AS flagged, SUM(r.item_id IS NOT NULL) AS reviewed FROM items i "
        "LEFT JOIN effective_reviews r ON r.item_id = i.id WHERE json_extract(i.record, '$.status') = 'flagged' "
        "AND i.kind IN ('target', 'project')"
    ).fetchone()
    flagged, reviewed = int(row["flagged"] or 0), int(row["reviewed"] or 0)
    added = connection.execute("SELECT COUNT(*) FROM effective_reviews WHERE decision = 'add'").fetchone()[0]
    decided = connection.execute("SELECT COUNT(*) FROM effective_reviews").fetchone()[0]
    return {
        "flagged": flagged,
        "flagged_reviewed": reviewed,
        "flagged_open": flagged - reviewed,
        "done": flagged == reviewed,
        "decisions": int(decided),
        "added": int(added),
    }


MODEL_CALL_COLUMNS = (
    "doc_id",
    "chunk_idx",
    "cache_key",
    "model",
    "attempt",
    "status",
    "error",
    "prompt_tokens",
    "completion_tokens",
    "cached",
    "latency_ms",
    "created_at",
)


def save_model_calls(connection: sqlite3.Connection, rows: list[dict[str, object]]) -> None:
    """Append model-call rows (one per HTTP attempt, or one per cache hit) in one transaction."""
    if not rows:
        return
    placeholders = ",".join("?" for _ in MODEL_CALL_COLUMNS)
    with transaction(connection) as db:
        db.executemany(
            f"INSERT INTO model_calls ({','.join(MODEL_CALL_COLUMNS)}) VALUES ({placeholders})",
            [tuple(row.get(column) for column in MODEL_CALL_COLUMNS) for row in rows],
        )
