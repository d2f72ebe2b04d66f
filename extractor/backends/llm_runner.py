"""The model path of ``extractor run``: every document's chunks sent concurrently, results stored as they arrive.

Files are prepared one after another, a bounded backlog ahead of the model calls; the chunks of all
documents share one bound on requests in flight (``--concurrency``). Each answer is committed to the
response cache the moment it arrives and each document is written to the run database as soon as its
last chunk is back, so an interrupted run loses nothing it paid for and a re-run only sends the
chunks that failed. Review sections (past results) are not sent: they hold no targets by definition.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import Progress

from extractor import store
from extractor.backends import hybrid, rules
from extractor.backends.llm_cache import ResponseCache, cache_path_for
from extractor.backends.llm_client import ChunkOutcome, LLMExtractor
from extractor.backends.llm_config import ModelConfig, redact, resolve_config
from extractor.ingest import IngestError
from extractor.models import Chunk, Failure, Record
from extractor.pipeline import DocumentOverrides, PreparedDocument, extract_document, finalize_records, prepare
from extractor.progress import progress_bar

log = logging.getLogger("extractor")


@dataclass
class RunStats:
    """Counters for the run summary; failed attempts and rejected answers included."""

    model_calls: int = 0
    transport_retries: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0
    chunks: int = 0
    failed_chunks: int = 0
    model_seconds: float = 0.0
    first_call: float | None = None
    last_answer: float | None = None

    def add(self, outcome: ChunkOutcome) -> None:
        self.chunks += 1
        if outcome.cached:
            self.cache_hits += 1
            return
        self.model_calls += len(outcome.calls)
        self.transport_retries += sum(1 for c in outcome.calls if c.retried)
        self.reasks += outcome.reasks
        self.prompt_tokens += outcome.prompt_tokens
        self.completion_tokens += outcome.completion_tokens
        self.failed_chunks += outcome.error is not None


@dataclass
class DocumentJob:
    path: Path
    prepared: PreparedDocument
    rule_records: list[Record] = field(default_factory=list)
    rule_errors: dict[int, str] = field(default_factory=dict)

    @property
    def model_chunks(self) -> list[Chunk]:
        return [c for c in self.prepared.chunks if c.section_kind != "review"]


class Backlog:
    """Chunks of prepared documents not yet answered; documents are prepared only while it is short.

    Ingest runs on the event loop between model calls (it is CPU work: a worker thread would only
    fight the loop for the interpreter lock), and only as far ahead as the backlog allows, so a run
    over thousands of files holds a bounded number of them in memory.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._room = asyncio.Event()
        self._room.set()

    def add(self, count: int) -> None:
        self.size += count
        if self.size >= self.limit:
            self._room.clear()

    def done(self, count: int) -> None:
        self.size -= count
        if self.size < self.limit:
            self._room.set()

    async def room(self) -> None:
        await self._room.wait()


class RedactingFilter(logging.Filter):
    """Scrubs secrets from every log line that reaches a handler during the run."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def run_model_backend(
    files: list[Path],
    connection: sqlite3.Connection,
    overrides: DocumentOverrides,
    max_bytes: int,
    *,
    mode: str = "llm",
    concurrency: int = 4,
    use_cache: bool = True,
    console: Console | None = None,
    config: ModelConfig | None = None,
    http_client: httpx.AsyncClient | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> dict[str, object]:
    """Extract ``files`` with the model (``mode="llm"``) or model + rules (``"hybrid"``) into the run database.

    Returns the model part of summary.json. ``config`` defaults to the environment; ``http_client``
    and ``sleep`` are for tests.
    """
    config = config or resolve_config()
    secrets = (config.api_key,)
    guard = RedactingFilter(secrets)
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(guard)
    try:
        return asyncio.run(
            _run(
                files,
                connection,
                overrides,
                max_bytes,
                mode,
                max(1, concurrency),
                use_cache,
                console,
                config,
                http_client,
                sleep,
            )
        )
    finally:
        for handler in handlers:
            handler.removeFilter(guard)


async def _run(
    files: list[Path],
    connection: sqlite3.Connection,
    overrides: DocumentOverrides,
    max_bytes: int,
    mode: str,
    concurrency: int,
    use_cache: bool,
    console: Console | None,
    config: ModelConfig,
    http_client: httpx.AsyncClient | None,
    sleep: Callable[[float], Awaitable[None]] | None,
) -> dict[str, object]:
    cache = ResponseCache(cache_path_for(connection, config.cache_dir))
    extractor = LLMExtractor(
        config, cache, http_client=http_client, in_flight=concurrency, **({"sleep": sleep} if sleep else {})
    )
    stats = RunStats()
    # Requests in flight are bounded inside the extractor (``in_flight``); this looser bound keeps a
    # few chunks with their request built and waiting for a slot, so a freed slot is reused at once.
    bound = asyncio.Semaphore(2 * concurrency)
    backlog = Backlog(limit=max(4 * concurrency, 32))
    call_log: list[dict[str, object]] = []
    progress = _progress(console)
    task_id = progress.add_task("chunks", total=0) if progress else None
    log.info(
        "model: %s at %s (%s mode), concurrency %d",
        config.model,
        redact(config.endpoint, (config.api_key,)),
        config.mode,
        concurrency,
    )

    async def answer(chunk: Chunk) -> ChunkOutcome:
        try:
            outcome = extractor.from_cache(chunk) if use_cache else None
            if outcome is None:
                async with bound:
                    if stats.first_call is None:
                        stats.first_call = time.perf_counter()
                    outcome = await extractor.extract(chunk, use_cache=False)
                    stats.last_answer = time.perf_counter()
        finally:
            backlog.done(1)
        stats.add(outcome)
        call_log.extend(_call_rows(outcome, config.model))
        if outcome.error:
            log.warning("chunk %d of %s failed: %s", chunk.index, chunk.doc_id[:12], outcome.error)
        if progress is not None and task_id is not None:
            progress.advance(task_id)
        return outcome

    async def document(job: DocumentJob) -> None:
        outcomes = await asyncio.gather(*(answer(chunk) for chunk in job.model_chunks))
        _save(connection, job, outcomes, mode)
        flush_calls()

    def flush_calls() -> None:
        """The call log goes to the run database with each stored document (answers are already cached)."""
        rows, call_log[:] = list(call_log), []
        store.save_model_calls(connection, rows)

    running: set[asyncio.Task[None]] = set()
    try:
        if progress is not None:
            progress.start()
        for path in files:
            await backlog.room()
            job = _prepare_job(path, overrides, max_bytes, mode)
            if isinstance(job, Failure):
                store.save_failure(connection, job)
                continue
            if progress is not None and task_id is not None:
                progress.update(task_id, total=(progress.tasks[0].total or 0) + len(job.model_chunks))
            backlog.add(len(job.model_chunks))
            task = asyncio.create_task(document(job))
            running.add(task)
            task.add_done_callback(running.discard)
        while running:
            await asyncio.gather(*running)
    finally:
        flush_calls()
        if progress is not None:
            progress.stop()
        await extractor.aclose()
        cache.close()
    if stats.first_call is not None and stats.last_answer is not None:
        stats.model_seconds = stats.last_answer - stats.first_call
    summary = _summary(stats, config, extractor, cache.path)
    line = (
        f"model: {stats.model_calls} calls ({stats.transport_retries} transport retries), {stats.reasks} re-asks, "
        f"{stats.prompt_tokens} prompt + {stats.completion_tokens} completion tokens, "
        f"{stats.cache_hits} cache hits, {stats.failed_chunks} failed chunks"
    )
    if console is not None:
        console.print(line)
    else:
        log.info("%s", line)
    return summary


def _progress(console: Console | None) -> Progress | None:
    return progress_bar(console) if console is not None else None


def _prepare_job(path: Path, overrides: DocumentOverrides, max_bytes: int, mode: str) -> DocumentJob | Failure:
    """Ingest and cut one file (and run the rules for hybrid); a bad file comes back as a Failure."""
    try:
        prepared = prepare(path, overrides, max_bytes=max_bytes)
    except IngestError as exc:
        log.error("%s: %s", path, exc)
        return Failure(source_file=str(path), stage="ingest", reason=str(exc))
    except Exception as exc:
        log.error("%s: internal error while preparing (%s: %s)", path, type(exc).__name__, exc)
        return Failure(source_file=str(path), stage="extract", reason=f"{type(exc).__name__}: {exc}")
    job = DocumentJob(path=path, prepared=prepared)
    if mode == "hybrid":
        result = extract_document(prepared, rules.extract)
        job.rule_records = result.records
        job.rule_errors = {i: f"rules: {reason}" for i, reason in result.chunk_errors.items()}
    return job


def _save(connection: sqlite3.Connection, job: DocumentJob, outcomes: list[ChunkOutcome], mode: str) -> None:
    """Ground, check, merge (hybrid) and store one document; chunk failures go with it."""
    prepared = job.prepared
    try:
        candidates = [(o.chunk, record) for o in outcomes for record in o.records]
        model_records = finalize_records(prepared, candidates)
        errors = {o.chunk.index: o.error for o in outcomes if o.error}
        if mode == "hybrid":
            answered = [o.chunk for o in outcomes if o.error is None]
            records = hybrid.merge(job.rule_records, model_records, model_read=_reader(answered))
            errors = {**job.rule_errors, **errors}
        else:
            records = model_records
        store.save_document(
            connection, prepared.document, prepared.sections, prepared.chunks, records, mode, chunk_errors=errors
        )
        store.clear_file_failure(connection, str(job.path))
    except Exception as exc:
        log.error("%s: internal error while storing (%s: %s)", job.path, type(exc).__name__, exc)
        store.save_failure(
            connection, Failure(source_file=str(job.path), stage="extract", reason=f"{type(exc).__name__}: {exc}")
        )


def _reader(answered: list[Chunk]) -> Callable[[Record], bool]:
    """Whether a record lies in a chunk the model answered (records without a span count as read)."""
    spans = [(c.char_start, c.char_end) for c in answered]

    def read(record: Record) -> bool:
        if record.char_start is None:
            return True
        return any(start <= record.char_start < end for start, end in spans)

    return read


def _call_rows(outcome: ChunkOutcome, model: str) -> list[dict[str, object]]:
    base = {
        "doc_id": outcome.chunk.doc_id,
        "chunk_idx": outcome.chunk.index,
        "cache_key": outcome.cache_key,
        "model": model,
    }
    if outcome.cached:
        return [
            {
                **base,
                "attempt": 0,
                "status": "cache_hit",
                "cached": 1,
                "prompt_tokens": 0,
                "completion_tokens": 0,
                "latency_ms": 0.0,
                "created_at": store.now(),
            }
        ]
    rows = []
    for position, call in enumerate(outcome.calls):
        status = call.status
        if status == "response":
            accepted = outcome.error is None and position == len(outcome.calls) - 1
            status = "ok" if accepted else "rejected"
        rows.append(
            {
                **base,
                "attempt": call.attempt,
                "status": status,
                "error": call.error,
                "cached": 0,
                "prompt_tokens": call.prompt_tokens,
                "completion_tokens": call.completion_tokens,
                "latency_ms": round(call.latency_ms, 1),
                "created_at": call.created_at,
            }
        )
    return rows


def _summary(stats: RunStats, config: ModelConfig, extractor: LLMExtractor, cache_path: Path) -> dict[str, object]:
    secrets = (config.api_key,)
    return {
        "model": config.model,
        "endpoint": redact(config.endpoint, secrets),
        "mode": extractor.mode,
        "prompt_version": extractor.prompts.version,
        "model_chunks": stats.chunks,
        "model_calls": stats.model_calls,
        "transport_retries": stats.transport_retries,
        "reasks": stats.reasks,
        "prompt_tokens": stats.prompt_tokens,
        "completion_tokens": stats.completion_tokens,
        "cache_hits": stats.cache_hits,
        "failed_model_chunks": stats.failed_chunks,
        "model_seconds": round(stats.model_seconds, 3),
        "cache": str(cache_path),
    }
