"""Files → run folder, for every backend: prepare, extract, finalize, store.

One loop and one failure policy whatever the backend:

* a file that is not a usable report (``IngestError``) gets one line naming it and the cause, and
  a failed row; the run goes on;
* a chunk a backend could not answer is stored with the document as a failed chunk;
* anything else is a bug: logged with its traceback and stored as an ``internal`` failure, or
  raised in strict mode (``EXTRACTOR_STRICT=1``, which the tests set);
* every document is written in one transaction the moment it is done, so an interrupted run keeps
  what it finished and a re-run only redoes the rest (the model's answers are cached).

Inputs that are not reports are skipped with one info line: the run folder's own outputs, a folder
holding a run.sqlite, and files whose suffix says they are data (.csv, .json, .sqlite …).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from extractor import store
from extractor.backends.base import DocumentBackend
from extractor.errors import ExtractorError, strict_mode
from extractor.ingest import display_name
from extractor.models import Failure, Record
from extractor.pipeline import DocumentOverrides, LimitExceeded, Limits, PreparedDocument, SameText, prepare
from extractor.progress import progress_bar

log = logging.getLogger("extractor")

NOT_REPORT_SUFFIXES = frozenset(
    {
        ".csv",
        ".tsv",
        ".json",
        ".jsonl",
        ".sqlite",
        ".sqlite-wal",
        ".sqlite-shm",
        ".db",
        ".parquet",
        ".dta",
        ".xlsx",
        ".xls",
        ".md",
        ".yaml",
        ".yml",
        ".py",
        ".lock",
        ".log",
        ".pyc",
    }
)
"""Suffixes of data and code, never of a report (reports come as .txt, .html, .htm or no suffix)."""


@dataclass
class Inputs:
    """What ``collect_inputs`` found: files to process, inputs that failed, and what it skipped."""

    files: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def _is_run_folder(folder: Path) -> bool:
    try:
        return (folder / store.DB_NAME).exists()
    except OSError:  # a folder we may not search: os.walk reports it as one that cannot be listed
        return False


def collect_inputs(inputs: Iterable[Path], out: Path | None = None) -> Inputs:
    """Files to process (folders walked in name order), inputs that cannot be read, and skipped ones."""
    found = Inputs()
    out_resolved = out.resolve() if out is not None else None
    for path in inputs:
        if path.is_dir():
            _walk(path, out_resolved, found)
        elif path.exists() or path.is_symlink():
            reason = _skip_reason(path, out_resolved)
            if reason:
                found.skipped.append((path, reason))
            else:
                found.files.append(path)
        else:
            found.failures.append(Failure(source_file=display_name(path), stage="ingest", reason="path does not exist"))
    unique: dict[str, Path] = {}
    for file in found.files:  # a file named twice (or reached twice through links) is read once
        unique.setdefault(os.path.realpath(file), file)
    found.files = list(unique.values())
    return found


def _walk(folder: Path, out: Path | None, found: Inputs) -> None:
    """Files under ``folder``, following folder links once: a link back to a folder already walked is
    a loop and becomes a failure, like a folder that cannot be listed."""
    walked: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        where = display_name(exc.filename or folder)
        found.failures.append(
            Failure(source_file=where, stage="ingest", reason=f"cannot list folder ({exc.strerror or exc})")
        )

    for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=True):
        root_path = Path(root)
        try:
            info = os.stat(root)
        except OSError as exc:
            on_error(exc)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in walked:
            dirs[:] = []
            real = os.path.realpath(root)
            parent = os.path.realpath(os.path.dirname(root))
            if parent == real or parent.startswith(real + os.sep):
                loop = f"symbolic link loop (leads back to {display_name(real)})"
                found.failures.append(Failure(source_file=display_name(root), stage="ingest", reason=loop))
            continue  # else a second link to a folder already walked: its files are listed once
        walked.add((info.st_dev, info.st_ino))
        kept = []
        for name in sorted(dirs):
            sub = root_path / name
            if name.startswith("."):
                continue
            if _is_run_folder(sub) or (out is not None and sub.resolve() == out):
                found.skipped.append((sub, "a run folder, not input"))
                continue
            kept.append(name)
        dirs[:] = kept
        if _is_run_folder(root_path):
            found.skipped.append((root_path, "a run folder, not input"))
            dirs[:] = []
            continue
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = root_path / name
            reason = _skip_reason(path, out)
            if reason:
                found.skipped.append((path, reason))
            else:
                found.files.append(path)


def _skip_reason(path: Path, out: Path | None) -> str | None:
    if path.suffix.lower() in NOT_REPORT_SUFFIXES:
        return f"not a report ({path.suffix} file)"
    try:
        inside = out is not None and out in path.resolve().parents
    except (OSError, RuntimeError):  # a link loop: reading it fails with one line naming the file
        return None
    return "inside the run folder" if inside else None


@dataclass
class RunResult:
    """Counts of one run, for summary.json and the exit code."""

    documents: int = 0
    failed_files: int = 0
    internal_errors: int = 0
    seconds: float = 0.0
    backend_summary: dict[str, object] = field(default_factory=dict)


def run_files(
    files: list[Path],
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    overrides: DocumentOverrides | None = None,
    max_bytes: int = 16 * 1024 * 1024,
    console: Console | None = None,
    limits: Limits | None = None,
) -> RunResult:
    """Extract ``files`` with ``backend`` into the run database; see the module docstring for failures."""
    return asyncio.run(
        _run(files, connection, backend, overrides or DocumentOverrides(), max_bytes, console, limits or Limits())
    )


async def _run(
    files: list[Path],
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    overrides: DocumentOverrides,
    max_bytes: int,
    console: Console | None,
    limits: Limits,
) -> RunResult:
    started = time.perf_counter()
    same_text = SameText()
    result = RunResult()
    progress: Progress | None = progress_bar(console) if console is not None else None
    task_id = progress.add_task("documents", total=len(files)) if progress else None
    in_flight = asyncio.Semaphore(max(1, int(getattr(backend, "documents_in_flight", 1))))
    running: set[asyncio.Task[None]] = set()
    raised: list[BaseException] = []

    def finished(task: asyncio.Task[None]) -> None:
        """A document task that raised (a full disk, a bug in strict mode) stops the run with its error."""
        running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            raised.append(task.exception())  # type: ignore[arg-type]

    def advance() -> None:
        if progress is not None and task_id is not None:
            progress.advance(task_id)

    async def one(path: Path, prepared: PreparedDocument) -> None:
        try:
            await _extract_and_store(path, prepared, connection, backend, result)
        finally:
            in_flight.release()
            advance()

    try:
        if progress is not None:
            progress.start()
        for path in files:
            await in_flight.acquire()
            prepared = _prepare(path, overrides, max_bytes, connection, result, limits)
            if prepared is not None and _same_text_as_earlier(path, prepared, same_text, connection):
                prepared = None
            if prepared is None:
                in_flight.release()
                advance()
                continue
            task = asyncio.create_task(one(path, prepared))
            running.add(task)
            task.add_done_callback(finished)
            await asyncio.sleep(0)  # let finished documents store before the next file is read
            if raised:
                raise raised[0]
        while running:
            await asyncio.gather(*running, return_exceptions=True)
        if raised:
            raise raised[0]
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
        if progress is not None:
            progress.stop()
        try:
            result.backend_summary = backend.summary()
        finally:
            await backend.aclose()
    result.seconds = time.perf_counter() - started
    return result


def _prepare(
    path: Path,
    overrides: DocumentOverrides,
    max_bytes: int,
    connection: sqlite3.Connection,
    result: RunResult,
    limits: Limits,
) -> PreparedDocument | None:
    try:
        return prepare(path, overrides, max_bytes=max_bytes, budget=limits.start())
    except ExtractorError as exc:
        stage = "limit" if isinstance(exc, LimitExceeded) else "ingest"
        log.error("%s: %s", display_name(path), exc)
        store.save_failure(connection, Failure(source_file=display_name(path), stage=stage, reason=str(exc)))
        result.failed_files += 1
    except Exception as exc:
        _internal_error(path, "preparing", exc, connection, result)
    return None


def _same_text_as_earlier(
    path: Path, prepared: PreparedDocument, same_text: SameText, connection: sqlite3.Connection
) -> bool:
    """A file whose cleaned text equals an earlier one's is listed as its duplicate, not extracted again."""
    document = prepared.document
    earlier = same_text.earlier(document)
    if earlier is None:
        return False
    name = display_name(path)
    log.warning("%s: same cleaned text as %s; listed as a duplicate of it, not extracted twice", name, earlier)
    store.save_same_text(connection, document.source_file, document.doc_id, name)
    return True


async def _extract_and_store(
    path: Path,
    prepared: PreparedDocument,
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    result: RunResult,
) -> None:
    try:
        extraction = await backend.extract(prepared)
        store.save_document(
            connection,
            prepared.document,
            prepared.sections,
            extraction.chunks if extraction.chunks is not None else prepared.chunks,
            extraction.records,
            backend.name,
            chunk_errors=extraction.chunk_errors,
        )
        store.save_model_calls(connection, backend.drain_call_rows())
        store.clear_file_failure(connection, display_name(path))
        result.documents += 1
    except ExtractorError as exc:
        stage = "limit" if isinstance(exc, LimitExceeded) else "extract"
        log.error("%s: %s", display_name(path), exc)
        store.save_failure(connection, Failure(source_file=display_name(path), stage=stage, reason=str(exc)))
        result.failed_files += 1
    except Exception as exc:
        if store.is_disk_full(exc):
            raise  # nothing more can be stored: the run stops with one line naming the cause
        _internal_error(path, "extracting", exc, connection, result)


def _internal_error(path: Path, doing: str, exc: Exception, connection: sqlite3.Connection, result: RunResult) -> None:
    """A bug: raised in strict mode, else logged with its traceback and kept as an internal failure."""
    if strict_mode() or store.is_disk_full(exc):
        raise exc
    name = display_name(path)
    log.error("%s: internal error while %s (%s: %s); please report it", name, doing, type(exc).__name__, exc)
    log.debug("traceback", exc_info=exc)
    store.save_failure(connection, Failure(source_file=name, stage="internal", reason=f"{type(exc).__name__}: {exc}"))
    result.internal_errors += 1
    result.failed_files += 1


def summarize(connection: sqlite3.Connection, backend: str, result: RunResult) -> dict[str, object]:
    """summary.json: counts by kind, status and flag, failures, model calls and time."""
    records: list[Record] = store.load_records(connection)
    failures = store.load_failures(connection)
    by_flag: Counter[str] = Counter(flag.code for record in records for flag in record.flags)
    summary: dict[str, object] = {
        "backend": backend,
        "documents": len(store.load_documents(connection)),
        "failed_documents": sum(1 for f in failures if f["doc_id"] is None),
        "failed_chunks": sum(1 for f in failures if f["doc_id"] is not None),
        "internal_errors": sum(1 for f in failures if f["stage"] == "internal"),
        "failures": [
            {"source_file": f["source_file"], "stage": f["stage"], "reason": f["reason"], "chunk": f["chunk_idx"]}
            for f in failures
        ],
        "targets": sum(1 for r in records if r.kind == "target"),
        "projects": sum(1 for r in records if r.kind == "project"),
        "by_status": dict(Counter(r.status for r in records)),
        "by_flag": dict(sorted(by_flag.items())),
        "flagged": sum(1 for r in records if r.status == "flagged"),
        "seconds": round(result.seconds, 3),
        "model_calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
    }
    summary.update(result.backend_summary)
    return summary
