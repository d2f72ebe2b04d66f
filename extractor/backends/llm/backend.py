"""The model backend (``llm``) and the hybrid of model and rules, as a ``DocumentBackend``.

The model reads the document in packed chunks (``chunks.pack_chunks``: neighbouring sections of one
kind and plan year up to the budget of ``tokens.budget_for``), not in the rules' section-sized cut;
the chunks it was sent are the ones stored with the document, so a failed chunk names what failed.
Each document's chunks are answered concurrently (requests in flight are bounded inside the
extractor), every answer is committed to the response cache the moment it arrives, and the records
are grounded and checked by the same ``finalize_records`` as the rules' output. Review sections
are not sent: they hold no targets by definition. In hybrid mode the rules run too and the two
readings are merged (``hybrid.merge``).
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from extractor import store
from extractor.backends import hybrid, rules
from extractor.backends.base import DocumentExtraction
from extractor.backends.llm.cache import ResponseCache
from extractor.backends.llm.client import ChunkOutcome, LLMExtractor
from extractor.backends.llm.config import ModelConfig, check_run_limits, redact
from extractor.backends.llm.governor import Governor
from extractor.backends.llm.tokens import budget_for
from extractor.chunks import pack_chunks
from extractor.models import Chunk, Record
from extractor.pipeline import PreparedDocument, extract_document, finalize_records

log = logging.getLogger("extractor")


class RedactingFilter(logging.Filter):
    """Scrubs secrets from every log line that reaches a handler while a model backend is open."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info:  # a traceback quotes the request URL (?key=…) in its exception message
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


@dataclass
class RunStats:
    """Counters for the run summary; failed attempts and rejected answers included."""

    model_calls: int = 0
    transport_retries: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    cached_prompt_tokens: int = 0
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
        self.cached_prompt_tokens += outcome.cached_tokens
        self.completion_tokens += outcome.completion_tokens
        self.failed_chunks += outcome.error is not None


def model_chunks(chunks: list[Chunk]) -> list[Chunk]:
    """The chunks sent to the model: all but review sections."""
    return [c for c in chunks if c.section_kind != "review"]


class ModelBackend:
    """``llm`` (model only) or ``hybrid`` (model and rules, merged)."""

    def __init__(
        self,
        config: ModelConfig,
        *,
        mode: str = "llm",
        concurrency: int = 4,
        use_cache: bool = True,
        cache_path: Path,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] | None = None,
        pack: bool = True,
    ) -> None:
        check_run_limits(config)
        self.name = mode
        self.pack = pack  # False: send the rules' section-sized chunks (for comparisons only)
        self.config = config
        self._guard = RedactingFilter(config.secrets)
        self._guarded = list(logging.getLogger().handlers)
        for handler in self._guarded:
            handler.addFilter(self._guard)
        self.use_cache = use_cache
        self.budget = budget_for(config)
        self.concurrency = max(1, concurrency)
        self.documents_in_flight = max(2, 2 * self.concurrency)
        self.cache = ResponseCache(cache_path)
        self.governor = Governor(config, self.concurrency, clock or time.monotonic, sleep or asyncio.sleep)
        self.extractor = LLMExtractor(
            config,
            self.cache,
            http_client=http_client,
            in_flight=self.concurrency,
            sleep=sleep or asyncio.sleep,
            clock=clock or time.monotonic,
            governor=self.governor,
        )
        # A looser bound than the extractor's: a few chunks wait with their request built, so a freed
        # slot is reused at once.
        self._bound = asyncio.Semaphore(2 * self.concurrency)
        self._validator = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extractor-validate")
        self.offload: Callable[..., Awaitable[DocumentExtraction]] | None = None
        """Set by the run while it has worker processes: runs ``finish_document`` in one of them."""
        self.stats = RunStats()
        # Batch mode (batch.py): the run reads answers from the cache only; a miss fails the chunk with
        # the batch's reason, keyed by cache key. None: misses are asked synchronously.
        self.batch_failures: dict[str, str] | None = None
        self._call_rows: list[dict[str, object]] = []
        self.chunk_done: Callable[[Chunk], None] | None = None
        """Called with every chunk answered (or failed), so the run's progress bar moves per chunk."""
        log.info(
            "model: %s at %s (%s mode), concurrency %d%s",
            config.model,
            redact(config.endpoint, config.secrets),
            config.mode,
            self.concurrency,
            _limits_note(config),
        )

    @property
    def stop_reason(self) -> str | None:
        """Why no more requests are sent (the budget was reached), or None; the run stops taking new files."""
        return self.governor.stop_reason

    @property
    def unsent_chunks(self) -> int:
        """Chunks not sent because the budget was reached (stored as failed chunks, sent next run)."""
        return self.governor.spend.unsent

    async def _answer(self, chunk: Chunk) -> ChunkOutcome:
        outcome = self.extractor.from_cache(chunk) if self.use_cache else None
        if outcome is None and self.batch_failures is not None:
            key = self.extractor.key_parts(chunk, self.extractor.mode).key
            reason = self.batch_failures.get(key, "not answered by a batch yet; run the same command again")
            outcome = ChunkOutcome(chunk=chunk, error=reason, cache_key=key, mode=self.extractor.mode)
        if outcome is None:
            async with self._bound:
                if self.stats.first_call is None:
                    self.stats.first_call = time.perf_counter()
                outcome = await self.extractor.extract(chunk, use_cache=False)
                self.stats.last_answer = time.perf_counter()
        self.stats.add(outcome)
        self._call_rows.extend(call_rows(outcome, self.config.model))
        if self.chunk_done is not None:
            self.chunk_done(chunk)
        if outcome.error:
            log.warning("chunk %d of %s failed: %s", chunk.index, chunk.doc_id[:12], outcome.error)
        return outcome

    def chunks_for(self, prepared: PreparedDocument) -> list[Chunk]:
        """The document packed to the model's budget."""
        if not self.pack:
            return prepared.chunks
        return pack_chunks(prepared.document, prepared.sections, self.budget.size, self.budget.measure)

    async def extract(self, prepared: PreparedDocument) -> DocumentExtraction:
        chunks = self.chunks_for(prepared)
        outcomes = await asyncio.gather(*(self._answer(chunk) for chunk in model_chunks(chunks)))
        answers = [(o.chunk, o.records, o.error) for o in outcomes]
        # Grounding and checks (and in hybrid mode the rules) run off the event loop, so answers keep
        # arriving and requests keep leaving while a finished document is validated: in the run's worker
        # processes when it has them (``offload``), else in one thread beside the loop.
        if self.offload is not None:
            return await self.offload(finish_document, self.name, prepared, chunks, answers)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._validator, finish_document, self.name, prepared, chunks, answers)

    def drain_call_rows(self) -> list[dict[str, object]]:
        rows, self._call_rows = self._call_rows, []
        return rows

    def settings(self) -> dict[str, object]:
        """What decides the records besides the text (a stored document made with other settings is
        extracted again by a resumed run); secrets are redacted even though only a hash is kept."""
        config = self.config
        return {
            "backend": self.name,
            "model": config.model,
            "endpoint": redact(config.endpoint, config.secrets),
            "mode": self.extractor.mode,
            "max_tokens": config.max_tokens,
            "prompt_version": self.extractor.prompts.version,
        }

    def summary(self) -> dict[str, object]:
        stats, secrets = self.stats, self.config.secrets
        if stats.first_call is not None and stats.last_answer is not None:
            stats.model_seconds = stats.last_answer - stats.first_call
        prices = self.config.prices
        cost = (
            round(prices.cost(stats.prompt_tokens, stats.cached_prompt_tokens, stats.completion_tokens), 6)
            if prices
            else None
        )
        line = (
            f"model: {stats.model_calls} calls ({stats.transport_retries} transport retries), {stats.reasks} re-asks, "
            f"{stats.prompt_tokens} prompt tokens ({stats.cached_prompt_tokens} from the provider's prefix cache) + "
            f"{stats.completion_tokens} completion tokens, {stats.cache_hits} cache hits, "
            f"{stats.failed_chunks} failed chunks" + (f", estimated cost {cost:.4f}" if cost is not None else "")
        )
        log.info("%s", line)
        return {
            "model": self.config.model,
            "endpoint": redact(self.config.endpoint, secrets),
            "mode": self.extractor.mode,
            "prompt_version": self.extractor.prompts.version,
            "model_chunks": stats.chunks,
            "model_calls": stats.model_calls,
            "transport_retries": stats.transport_retries,
            "reasks": stats.reasks,
            "prompt_tokens": stats.prompt_tokens,
            "cached_prompt_tokens": stats.cached_prompt_tokens,
            "completion_tokens": stats.completion_tokens,
            "cost_estimate": cost,
            "prices_per_million_tokens": (
                {"prompt": prices.prompt, "cached_prompt": prices.cached_prompt, "completion": prices.completion}
                if prices
                else None
            ),
            "chunk_budget": self.budget.describe() if self.pack else "section-bounded chunks (no packing)",
            "cache_hits": stats.cache_hits,
            "failed_model_chunks": stats.failed_chunks,
            "model_seconds": round(stats.model_seconds, 3),
            "cache": str(self.cache.path),
            "rate": self.governor.summary(),
            "budget": {
                "max_cost": self.config.max_cost,
                "max_total_tokens": self.config.max_total_tokens,
                "spent_tokens": self.governor.spend.tokens,
                "spent_cost": round(self.governor.spend.cost, 6) if prices else None,
                "reached": self.governor.stop_reason,
                "unsent_chunks": self.governor.spend.unsent,
            },
        }

    async def aclose(self) -> None:
        try:
            await self.extractor.aclose()
        finally:
            self._validator.shutdown(wait=True)
            self.cache.close()
            for handler in self._guarded:
                handler.removeFilter(self._guard)


Answer = tuple[Chunk, list[Record], str | None]
"""One chunk's answer as validation needs it: the chunk, its records, its failure reason or None."""


def finish_document(
    name: str, prepared: PreparedDocument, chunks: list[Chunk], answers: list[Answer]
) -> DocumentExtraction:
    """A document's records from the model's answers: grounded, checked, and in ``hybrid`` mode merged
    with the rules' (a plain function of picklable arguments, so a worker process can run it)."""
    candidates = [(chunk, record) for chunk, records, _ in answers for record in records]
    # The per-document time bound is for local work: the clock restarts after the model's answers.
    budget = prepared.budget.restarted() if prepared.budget else None
    model_records = finalize_records(prepared, candidates, budget)
    errors = {chunk.index: error for chunk, _, error in answers if error}
    if name != "hybrid":
        return DocumentExtraction(records=model_records, chunk_errors=errors, chunks=chunks)
    rule_records = extract_document(prepared, rules.extract, budget).records
    answered = [chunk for chunk, _, error in answers if error is None]
    merged = hybrid.merge(rule_records, model_records, model_read=_reader(answered))
    return DocumentExtraction(records=merged, chunk_errors=errors, chunks=chunks)


def _limits_note(config: ModelConfig) -> str:
    """The run's rate limits and budget for the start-up line ("" when there are none)."""
    notes = []
    if config.rpm:
        notes.append(f"{config.rpm:g} requests/min")
    if config.tpm:
        notes.append(f"{config.tpm:g} tokens/min")
    if config.max_cost is not None:
        notes.append(f"stop at a cost of {config.max_cost:g}")
    if config.max_total_tokens is not None:
        notes.append(f"stop at {config.max_total_tokens} tokens")
    return f"; {', '.join(notes)}" if notes else ""


def _reader(answered: list[Chunk]) -> Callable[[Record], bool]:
    """Whether a record lies in a chunk the model answered (records without a span count as read)."""
    spans = sorted((c.char_start, c.char_end) for c in answered)
    starts = [start for start, _ in spans]

    def read(record: Record) -> bool:
        if record.char_start is None:
            return True
        position = bisect.bisect_right(starts, record.char_start) - 1  # chunks do not overlap
        return position >= 0 and record.char_start < spans[position][1]

    return read


def call_rows(outcome: ChunkOutcome, model: str) -> list[dict[str, object]]:
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
