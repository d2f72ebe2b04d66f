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
import functools
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from extractor import store
from extractor.backends.base import DocumentBackend
from extractor.chunks import DEFAULT_MAX_CHARS
from extractor.errors import ExtractorError, strict_mode
from extractor.ingest import display_name
from extractor.models import Failure, Record
from extractor.pipeline import DocumentOverrides, LimitExceeded, Limits, PreparedDocument, SameText, prepare
from extractor.progress import progress_bar
from extractor.resources import data_dir

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


@dataclass(frozen=True)
class InputFile:
    """A file to process and its ``source_file``: the path relative to the input root."""

    path: Path
    source_file: str


@dataclass
class Inputs:
    """What ``collect_inputs`` found: files to process, inputs that failed, and what it skipped."""

    files: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)

    def named(self) -> list[InputFile]:
        """The files with their paths relative to the input root (see ``relative_names``)."""
        return [
            InputFile(path, name) for path, name in zip(self.files, relative_names(self.files, self.roots), strict=True)
        ]


def relative_names(files: list[Path], roots: list[Path]) -> list[str]:
    """Each file's path relative to the input root, "/" separated: 临海/2023/report.txt.

    The root is the folder given (or a given file's folder); with several inputs, their common
    folder, so two files never get the same name.
    """
    if not files:
        return []
    bases = [os.path.abspath(r if r.is_dir() else r.parent) for r in roots] or [os.path.abspath(files[0].parent)]
    common = os.path.commonpath(bases)
    return [display_name(Path(os.path.relpath(os.path.abspath(f), common)).as_posix()) for f in files]


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
        if path.exists():
            found.roots.append(path)
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

    inputs: int = 0
    documents: int = 0
    unchanged: int = 0
    failed_files: int = 0
    internal_errors: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    backend_summary: dict[str, object] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        """Input files dealt with (extracted, unchanged or failed); the rest were not reached."""
        return self.documents + self.unchanged + self.failed_files


def run_files(
    files: Sequence[InputFile | Path],
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    overrides: DocumentOverrides | None = None,
    max_bytes: int = 16 * 1024 * 1024,
    console: Console | None = None,
    limits: Limits | None = None,
    resume: bool = True,
) -> RunResult:
    """Extract ``files`` with ``backend`` into the run database; see the module docstring for failures.

    With ``resume``, a file whose bytes and extraction settings match a stored document that has no
    failed chunk is not processed again. Ctrl-C (``KeyboardInterrupt``) stops the run after the
    documents already stored and returns with ``interrupted`` set.
    """
    named = [f if isinstance(f, InputFile) else InputFile(f, display_name(f.name)) for f in files]
    result = RunResult(inputs=len(named))
    started = time.perf_counter()
    try:
        asyncio.run(
            _run(
                named,
                connection,
                backend,
                overrides or DocumentOverrides(),
                max_bytes,
                console,
                limits or Limits(),
                resume,
                result,
            )
        )
    except KeyboardInterrupt:
        result.interrupted = True
    result.seconds = time.perf_counter() - started
    return result


async def _run(
    files: list[InputFile],
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    overrides: DocumentOverrides,
    max_bytes: int,
    console: Console | None,
    limits: Limits,
    resume: bool,
    result: RunResult,
) -> None:
    same_text = SameText()
    progress: Progress | None = progress_bar(console) if console is not None else None
    task_id = progress.add_task("documents", total=len(files)) if progress else None
    in_flight = asyncio.Semaphore(max(1, int(getattr(backend, "documents_in_flight", 1))))
    running: set[asyncio.Task[None]] = set()
    raised: list[BaseException] = []
    settings = backend_settings(backend)

    def finished(task: asyncio.Task[None]) -> None:
        """A document task that raised (a full disk, a bug in strict mode) stops the run with its error."""
        running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            raised.append(task.exception())  # type: ignore[arg-type]

    def advance() -> None:
        if progress is not None and task_id is not None:
            progress.advance(task_id)

    async def one(item: InputFile, prepared: PreparedDocument, fingerprint: Fingerprint) -> None:
        try:
            await _extract_and_store(item, prepared, connection, backend, result, fingerprint)
        finally:
            in_flight.release()
            advance()

    try:
        if progress is not None:
            progress.start()
        for item in files:
            await in_flight.acquire()
            fingerprint = Fingerprint(
                input_hash=file_hash(item.path, max_bytes),
                settings_hash=settings_hash(settings, overrides.for_file(item.source_file)),
            )
            if resume and store.unchanged_document(
                connection, item.source_file, fingerprint.input_hash, fingerprint.settings_hash
            ):
                store.clear_file_failure(connection, item.source_file)
                result.unchanged += 1
                in_flight.release()
                advance()
                await asyncio.sleep(0)
                continue
            prepared = _prepare(item, overrides, max_bytes, connection, result, limits)
            if prepared is not None and _same_text_as_earlier(item, prepared, same_text, connection):
                prepared = None
            if prepared is None:
                in_flight.release()
                advance()
                await asyncio.sleep(0)
                continue
            task = asyncio.create_task(one(item, prepared, fingerprint))
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


@dataclass(frozen=True)
class Fingerprint:
    """What decides whether a stored document is still current: the file's bytes and the settings."""

    input_hash: str | None
    settings_hash: str


def file_hash(path: Path, max_bytes: int) -> str | None:
    """SHA-256 of the file's bytes; None when it cannot be read or is over the size limit."""
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the extractor's code, prompts and vocabulary: a new version re-extracts everything."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for folder in (package, data_dir("prompts"), data_dir("schemas")):
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and path.suffix in (".py", ".json", ".md", ".txt") and not name.startswith("review/"):
                digest.update(name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def backend_settings(backend: DocumentBackend) -> dict[str, object]:
    """The backend's extraction settings (name; model, endpoint and mode for a model backend)."""
    settings: dict[str, object] = {"backend": backend.name}
    config = getattr(backend, "config", None)
    if config is not None:
        settings.update(model=config.model, endpoint=config.endpoint, mode=config.mode, max_tokens=config.max_tokens)
    return settings


def settings_hash(settings: dict[str, object], stated: tuple[str | None, int | None]) -> str:
    """Hash of everything besides the file's bytes that shapes a document's records."""
    payload = json.dumps(
        {**settings, "stated": list(stated), "code": code_fingerprint(), "chunk_chars": DEFAULT_MAX_CHARS},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _prepare(
    item: InputFile,
    overrides: DocumentOverrides,
    max_bytes: int,
    connection: sqlite3.Connection,
    result: RunResult,
    limits: Limits,
) -> PreparedDocument | None:
    try:
        return prepare(item.path, overrides, max_bytes=max_bytes, budget=limits.start(), source_file=item.source_file)
    except ExtractorError as exc:
        stage = "limit" if isinstance(exc, LimitExceeded) else "ingest"
        log.error("%s: %s", display_name(item.path), exc)
        store.save_failure(connection, Failure(source_file=item.source_file, stage=stage, reason=str(exc)))
        result.failed_files += 1
    except Exception as exc:
        _internal_error(item, "preparing", exc, connection, result)
    return None


def _same_text_as_earlier(
    item: InputFile, prepared: PreparedDocument, same_text: SameText, connection: sqlite3.Connection
) -> bool:
    """A file whose cleaned text equals an earlier one's is listed as its duplicate, not extracted again."""
    document = prepared.document
    earlier = same_text.earlier(document)
    if earlier is None:
        return False
    log.warning(
        "%s: same cleaned text as %s; listed as a duplicate of it, not extracted twice", item.source_file, earlier
    )
    store.save_same_text(connection, document.source_file, document.doc_id, item.source_file)
    return True


async def _extract_and_store(
    item: InputFile,
    prepared: PreparedDocument,
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    result: RunResult,
    fingerprint: Fingerprint,
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
            fingerprint=(fingerprint.input_hash, fingerprint.settings_hash),
        )
        store.save_model_calls(connection, backend.drain_call_rows())
        store.clear_file_failure(connection, item.source_file)
        result.documents += 1
    except ExtractorError as exc:
        stage = "limit" if isinstance(exc, LimitExceeded) else "extract"
        log.error("%s: %s", display_name(item.path), exc)
        store.save_failure(connection, Failure(source_file=item.source_file, stage=stage, reason=str(exc)))
        result.failed_files += 1
    except Exception as exc:
        if store.is_disk_full(exc):
            raise  # nothing more can be stored: the run stops with one line naming the cause
        _internal_error(item, "extracting", exc, connection, result)


def _internal_error(
    item: InputFile, doing: str, exc: Exception, connection: sqlite3.Connection, result: RunResult
) -> None:
    """A bug: raised in strict mode, else logged with its traceback and kept as an internal failure."""
    if strict_mode() or store.is_disk_full(exc):
        raise exc
    name = display_name(item.path)
    log.error("%s: internal error while %s (%s: %s); please report it", name, doing, type(exc).__name__, exc)
    log.debug("traceback", exc_info=exc)
    store.save_failure(
        connection, Failure(source_file=item.source_file, stage="internal", reason=f"{type(exc).__name__}: {exc}")
    )
    result.internal_errors += 1
    result.failed_files += 1


def summarize(connection: sqlite3.Connection, backend: str, result: RunResult) -> dict[str, object]:
    """summary.json: counts by kind, status and flag, failures, review progress, model calls and time.

    ``flagged`` counts records the checks flagged; ``flagged_open`` those of them no reviewer has
    decided yet (the review page keeps it current); ``partial`` is true after an interrupted run.
    """
    records: list[Record] = store.load_records(connection)
    failures = store.load_failures(connection)
    by_flag: Counter[str] = Counter(flag.code for record in records for flag in record.flags)
    review = store.review_counts(connection)
    summary: dict[str, object] = {
        "backend": backend,
        "partial": result.interrupted,
        "inputs": result.inputs,
        "finished_inputs": result.finished,
        "unchanged": result.unchanged,
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
        "results": sum(1 for r in records if r.kind == "result"),
        "by_status": dict(Counter(r.status for r in records)),
        "by_flag": dict(sorted(by_flag.items())),
        "flagged": sum(1 for r in records if r.status == "flagged"),
        "flagged_open": review["flagged_open"],
        "review": review,
        "seconds": round(result.seconds, 3),
        "model_calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
    }
    summary.update(result.backend_summary)
    return summary
