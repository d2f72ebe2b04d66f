"""Batch mode (``extractor run --batch``): the chunks a run still needs, answered through the
OpenAI-compatible Batch interface (``/v1/files`` + ``/v1/batches``) instead of the chat endpoint.

Invariant: a batch only ever fills the response cache. Every answer it brings back goes through
``LLMExtractor.outcome_from_body`` (the checks and validators of a live answer) and, when accepted,
into ``llm_cache.sqlite`` under the key the synchronous path uses; the records are then made by the
ordinary run, which finds every chunk in the cache. So a batch run and a synchronous run given the
same answers store the same records, and any later run, batch or not, replays them. Each request
body is the one the synchronous path would send (``LLMExtractor.request_body``).

One invocation of ``run --batch``:

1. plans the chunks the run needs (the files that are not unchanged, packed as the model backend
   packs them) and keeps those whose answer is not cached;
2. checks every batch it submitted before and has not collected (``batch_jobs`` in run.sqlite): one
   still running stops the invocation (``BatchPending``: counts, "run the same command again later");
   a finished one (completed, expired, failed, cancelled) is collected: its output and error files are
   read line by line, answers cached, failures recorded per request (``batch_requests``);
3. sends what is still missing in a new batch and stops (``BatchPending``). Sent again are only the
   chunks never sent and the requests that failed in a way worth retrying (429, 5xx, expired, a
   batch that ended without answering them), each at most ``MAX_ROUNDS`` times; an answer that the
   validators reject, a 4xx and a content filter are not, like the synchronous path does not retry
   them;
4. when nothing is left to send, returns: the run proceeds as usual, and a chunk that failed for good
   is stored as a failed chunk with its batch reason (``ModelBackend.batch_failures``); ``run`` without
   ``--batch`` then finishes it synchronously, with re-asks.

The API key is only ever in the client's headers: the request file, the tables and the logs hold none.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast
from urllib.parse import urlsplit

import openai

from extractor import store
from extractor.backends.llm.config import redact
from extractor.backends.llm.transport import describe_transport_error, one_line
from extractor.errors import BatchError, BatchPending, ExtractorError
from extractor.models import Chunk
from extractor.pipeline import DocumentOverrides, Limits, prepare_input

if TYPE_CHECKING:
    from extractor.backends.llm.backend import ModelBackend
    from extractor.backends.llm.client import LLMExtractor
    from extractor.run import InputFile

log = logging.getLogger("extractor")

_VERSION = re.compile(r"^v\d+$")
COMPLETION_WINDOW: Final = "24h"
MAX_ROUNDS = 3
"""Batches a chunk may be sent in before it is left to a synchronous run."""
MAX_REQUESTS = 50_000
MAX_FILE_BYTES = 180 * 1024 * 1024
"""Per batch (OpenAI: 50,000 requests and 200 MB per input file); more is split into several batches."""
RUNNING = ("validating", "in_progress", "finalizing", "cancelling")

SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_jobs (
    batch_id TEXT PRIMARY KEY, input_file_id TEXT NOT NULL, endpoint TEXT, model TEXT, mode TEXT,
    requests INTEGER, status TEXT, output_file_id TEXT, error_file_id TEXT, completed INTEGER DEFAULT 0,
    failed INTEGER DEFAULT 0, submitted_at TEXT NOT NULL, checked_at TEXT, collected_at TEXT
);
CREATE TABLE IF NOT EXISTS batch_requests (
    batch_id TEXT NOT NULL, custom_id TEXT NOT NULL, cache_key TEXT NOT NULL, doc_id TEXT, chunk_idx INTEGER,
    status TEXT NOT NULL DEFAULT 'submitted', retry INTEGER, error TEXT, PRIMARY KEY (batch_id, custom_id)
);
CREATE INDEX IF NOT EXISTS batch_requests_key ON batch_requests (cache_key);
"""


@dataclass(frozen=True)
class Planned:
    """A chunk the run needs and the key its answer is cached under."""

    key: str
    chunk: Chunk


def batch_endpoint(base_url: str) -> str:
    """The chat-completions path a batch names, in the version of the base URL: ``/v1/chat/completions``
    (OpenAI, DashScope's compatible mode, Moonshot), ``/v4/chat/completions`` for Zhipu's ``…/api/paas/v4``."""
    segments = [s for s in urlsplit(base_url).path.split("/") if s]
    version = segments[-1] if segments and _VERSION.match(segments[-1]) else "v1"
    return f"/{version}/chat/completions"


def ensure_tables(connection: sqlite3.Connection) -> None:
    with store.transaction(connection) as db:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)


def make_client(engine: ModelBackend) -> openai.OpenAI:
    """A synchronous client for the few control calls (upload, create, retrieve, download); the SDK's own
    retries (which honour Retry-After) are enough for them."""
    config = engine.config
    return openai.OpenAI(base_url=config.base_url, api_key=config.api_key, timeout=config.timeout, max_retries=3)


def plan(
    files: Sequence[InputFile],
    connection: sqlite3.Connection,
    engine: ModelBackend,
    overrides: DocumentOverrides,
    max_bytes: int,
    limits: Limits,
) -> dict[str, Planned]:
    """The chunks of every file the run will extract (unchanged documents are kept, as the run keeps
    them), by cache key in the current mode. A file that cannot be prepared is left to the run, which
    records why."""
    from extractor.backends.llm.backend import model_chunks
    from extractor.run import file_hash, settings_hash

    backend_settings = engine.settings()
    extractor = engine.extractor
    planned: dict[str, Planned] = {}
    for item in files:
        region, year = overrides.for_file(item.source_file)
        input_hash = file_hash(item.path, max_bytes)
        settings = settings_hash(backend_settings, (region, year), limits)
        if store.unchanged_document(connection, item.source_file, input_hash, settings) is not None:
            continue
        logging.disable(logging.WARNING)  # the run that follows says what is worth saying about the file, once
        try:
            prepared = prepare_input(item.path, item.source_file, overrides, max_bytes, limits)
        except ExtractorError:
            continue
        finally:
            logging.disable(logging.NOTSET)
        for chunk in model_chunks(engine.chunks_for(prepared)):
            key = extractor.key_parts(chunk, extractor.mode).key
            planned.setdefault(key, Planned(key, chunk))
    return planned


def prepare_batches(
    files: Sequence[InputFile],
    connection: sqlite3.Connection,
    engine: ModelBackend,
    overrides: DocumentOverrides,
    max_bytes: int,
    limits: Limits,
    client: openai.OpenAI | None = None,
) -> None:
    """Steps 1–4 of the module docstring. Returns when the run can proceed (every needed chunk cached
    or failed for good, the failures set on ``engine.batch_failures``); raises ``BatchPending`` when it
    must wait and ``BatchError`` when the Batch interface fails."""
    ensure_tables(connection)
    secrets = engine.config.secrets
    own_client = client is None
    client = client or make_client(engine)
    try:
        needed = plan(files, connection, engine, overrides, max_bytes, limits)
        running = [_check(connection, client, engine, job, needed) for job in _open_jobs(connection)]
        waiting = [line for line in running if line]
        if waiting:
            raise BatchPending("; ".join(waiting) + "; run the same command again later to collect")
        missing = {key: p for key, p in needed.items() if engine.extractor.from_cache(p.chunk) is None}
        resend, failures = _triage(connection, missing)
        engine.batch_failures = failures
        if resend:
            ids = _submit(connection, client, engine.extractor, resend)
            raise BatchPending(
                f"batch submitted: {len(resend)} requests, batch id {', '.join(ids)}; "
                "run the same command again later to collect"
            )
        if failures:
            log.warning(
                "%d chunks got no usable answer from batches; run without --batch to finish them synchronously",
                len(failures),
            )
    except openai.APIError as exc:
        raise BatchError(redact(one_line(f"batch interface: {describe_transport_error(exc)}"), secrets)) from exc
    finally:
        if own_client:
            client.close()


def _open_jobs(connection: sqlite3.Connection) -> list[sqlite3.Row]:
    return connection.execute(
        "SELECT * FROM batch_jobs WHERE collected_at IS NULL ORDER BY submitted_at, batch_id"
    ).fetchall()


def _check(
    connection: sqlite3.Connection,
    client: openai.OpenAI,
    engine: ModelBackend,
    job: sqlite3.Row,
    needed: dict[str, Planned],
) -> str | None:
    """Look at one submitted batch: a line saying it is still running, or None once it is collected."""
    batch = client.batches.retrieve(job["batch_id"])
    counts = batch.request_counts  # some compatible servers leave it out or send a bare number
    completed, failed = (int(getattr(counts, name, 0) or 0) for name in ("completed", "failed"))
    with store.transaction(connection) as db:
        db.execute(
            "UPDATE batch_jobs SET status = ?, completed = ?, failed = ?, checked_at = ?, output_file_id = ?, "
            "error_file_id = ? WHERE batch_id = ?",
            (batch.status, completed, failed, store.now(), batch.output_file_id, batch.error_file_id, batch.id),
        )
    if batch.status in RUNNING:
        log.debug(
            "batch %s: %s, %d of %d requests done, %d failed",
            batch.id,
            batch.status,
            completed,
            job["requests"],
            failed,
        )
        return f"batch {batch.id} {batch.status.replace('_', ' ')}: {completed} of {job['requests']} requests done, {failed} failed"
    _collect(connection, client, engine, job, batch, needed)
    return None


def _collect(
    connection: sqlite3.Connection,
    client: openai.OpenAI,
    engine: ModelBackend,
    job: sqlite3.Row,
    batch: Any,
    needed: dict[str, Planned],
) -> None:
    """Read a finished batch's output and error files into the cache and ``batch_requests``."""
    from extractor.backends.llm.backend import call_rows

    extractor, secrets = engine.extractor, engine.config.secrets
    requests = {
        row["custom_id"]: row
        for row in connection.execute("SELECT * FROM batch_requests WHERE batch_id = ?", (job["batch_id"],))
    }
    marks: dict[str, tuple[str, int | None, str | None]] = {}
    rows: list[dict[str, object]] = []
    for file_id in (batch.output_file_id, batch.error_file_id):
        if not file_id:
            continue
        for line in client.files.content(file_id).text.splitlines():
            item = _json(line)
            custom_id = str(item.get("custom_id"))
            if custom_id not in requests:
                continue
            request = requests[custom_id]
            found = item.get("response")
            response: dict[str, Any] = found if isinstance(found, dict) else {}
            status_code = response.get("status_code")
            body = response.get("body")
            planned = needed.get(request["cache_key"])
            if status_code == 200 and body is not None:
                if planned is None:  # the file changed since: nobody needs this answer any more
                    marks[custom_id] = ("skipped", None, "chunk no longer in the run")
                    continue
                raw = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
                outcome = extractor.outcome_from_body(planned.chunk, job["mode"], raw)
                for row in call_rows(outcome, job["model"]):
                    rows.append({**row, "status": f"batch_{row['status']}"})
                if outcome.error is None:
                    marks[custom_id] = ("answered", None, None)
                else:
                    marks[custom_id] = ("failed", 0, f"batch answer rejected: {outcome.error}")
                continue
            reason, worth_retrying = _line_error(status_code, body, item.get("error"))
            marks[custom_id] = ("failed", int(worth_retrying), redact(reason, secrets))
            rows.append(
                {
                    "doc_id": request["doc_id"],
                    "chunk_idx": request["chunk_idx"],
                    "cache_key": request["cache_key"],
                    "model": job["model"],
                    "attempt": 1,
                    "status": f"batch_http_{status_code}" if status_code else "batch_error",
                    "error": marks[custom_id][2],
                    "cached": 0,
                    "prompt_tokens": 0,
                    "completion_tokens": 0,
                    "latency_ms": 0.0,
                    "created_at": store.now(),
                }
            )
    unanswered = f"not answered: batch {batch.status}" + _batch_errors(batch)
    with store.transaction(connection) as db:
        for custom_id in requests:
            status, retry, error = marks.get(custom_id, ("failed", 1, one_line(redact(unanswered, secrets))))
            db.execute(
                "UPDATE batch_requests SET status = ?, retry = ?, error = ? WHERE batch_id = ? AND custom_id = ?",
                (status, retry, error, job["batch_id"], custom_id),
            )
        db.execute("UPDATE batch_jobs SET collected_at = ? WHERE batch_id = ?", (store.now(), job["batch_id"]))
    store.save_model_calls(connection, rows)
    answered = sum(1 for status, _, _ in marks.values() if status == "answered")
    log.info(
        "batch %s %s: %d of %d requests answered and cached, %d failed",
        batch.id,
        batch.status,
        answered,
        len(requests),
        len(requests) - answered,
    )


def _json(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _line_error(status_code: object, body: object, error: object) -> tuple[str, bool]:
    """A failed line's one-line reason and whether sending it again may help (as the synchronous path
    retries: 408, 409, 429 and 5xx, and a request the batch never ran)."""
    detail = error if isinstance(error, dict) else (body or {}).get("error") if isinstance(body, dict) else None
    message = ""
    if isinstance(detail, dict):
        message = " ".join(str(detail.get(k)) for k in ("code", "message") if detail.get(k))
    if isinstance(status_code, int):
        retry = status_code in (408, 409, 429) or status_code >= 500
        return one_line(f"batch request failed: HTTP {status_code} {message}".strip()), retry
    return one_line(f"batch request not run: {message or 'no answer'}"), True


def _batch_errors(batch: Any) -> str:
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    messages = [str(getattr(e, "message", "") or getattr(e, "code", "")) for e in errors[:2]]
    return f" ({'; '.join(m for m in messages if m)})" if any(messages) else ""


def _triage(connection: sqlite3.Connection, missing: dict[str, Planned]) -> tuple[dict[str, Planned], dict[str, str]]:
    """The chunks to send in a new batch, and those that failed for good with their reason."""
    resend: dict[str, Planned] = {}
    failures: dict[str, str] = {}
    for key, planned in missing.items():
        rows = connection.execute(
            "SELECT r.status, r.retry, r.error FROM batch_requests r JOIN batch_jobs j ON j.batch_id = r.batch_id "
            "WHERE r.cache_key = ? ORDER BY j.submitted_at, r.rowid",
            (key,),
        ).fetchall()
        last = rows[-1] if rows else None
        if last is None or (len(rows) < MAX_ROUNDS and (last["status"] in ("answered", "skipped") or last["retry"])):
            resend[key] = planned  # never sent, its cached answer is gone, or a failure worth another try
        else:
            reason = last["error"] or "no answer"
            if last["retry"]:
                reason = f"{reason} (sent in {len(rows)} batches)"
            failures[key] = one_line(f"{reason}; run without --batch to finish it synchronously")
    return resend, failures


def _submit(
    connection: sqlite3.Connection, client: openai.OpenAI, extractor: LLMExtractor, chunks: dict[str, Planned]
) -> list[str]:
    """Upload the requests as JSONL files (split at the interface's limits) and create one batch each."""
    mode = extractor.mode
    endpoint = batch_endpoint(extractor.config.base_url)
    groups: list[list[tuple[str, Planned, str]]] = [[]]
    size = 0
    for planned in sorted(chunks.values(), key=lambda p: (p.chunk.doc_id, p.chunk.index)):
        custom_id = f"chunk-{planned.key[:32]}"
        line = json.dumps(
            {
                "custom_id": custom_id,
                "method": "POST",
                "url": endpoint,
                "body": extractor.request_body(planned.chunk, mode),
            },
            ensure_ascii=False,
        )
        length = len(line.encode("utf-8")) + 1
        if groups[-1] and (len(groups[-1]) >= MAX_REQUESTS or size + length > MAX_FILE_BYTES):
            groups.append([])
            size = 0
        groups[-1].append((custom_id, planned, line))
        size += length
    ids = []
    for group in groups:
        data = "".join(line + "\n" for _, _, line in group).encode("utf-8")
        uploaded = client.files.create(file=("gwr-extractor-batch.jsonl", data, "application/jsonl"), purpose="batch")
        batch = client.batches.create(
            input_file_id=uploaded.id,
            endpoint=cast(Any, endpoint),  # the SDK's type lists OpenAI's paths; Zhipu's is /v4/…
            completion_window=COMPLETION_WINDOW,
            metadata={"tool": "gwr-extractor"},
        )
        with store.transaction(connection) as db:
            db.execute(
                "INSERT INTO batch_jobs (batch_id, input_file_id, endpoint, model, mode, requests, status, "
                "submitted_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    batch.id,
                    uploaded.id,
                    extractor.config.endpoint,
                    extractor.config.model,
                    mode,
                    len(group),
                    batch.status,
                    store.now(),
                ),
            )
            db.executemany(
                "INSERT INTO batch_requests (batch_id, custom_id, cache_key, doc_id, chunk_idx) VALUES (?,?,?,?,?)",
                [(batch.id, custom_id, p.key, p.chunk.doc_id, p.chunk.index) for custom_id, p, _ in group],
            )
        log.debug("batch %s submitted: %d requests (input file %s)", batch.id, len(group), uploaded.id)
        ids.append(batch.id)
    return ids


def summary(connection: sqlite3.Connection) -> dict[str, object] | None:
    """summary.json's ``batch``: jobs, requests by outcome, and the tokens the batch answers used."""
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'batch_jobs'").fetchone() is None:
        return None
    jobs = connection.execute("SELECT batch_id, status, requests FROM batch_jobs ORDER BY submitted_at").fetchall()
    by_status = dict(connection.execute("SELECT status, COUNT(*) FROM batch_requests GROUP BY status").fetchall())
    tokens = connection.execute(
        "SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0) FROM model_calls "
        "WHERE status LIKE 'batch_%'"
    ).fetchone()
    return {
        "jobs": [{"batch_id": j["batch_id"], "status": j["status"], "requests": j["requests"]} for j in jobs],
        "requests": sum(by_status.values()),
        "answered": by_status.get("answered", 0),
        "failed": by_status.get("failed", 0),
        "prompt_tokens": tokens[0],
        "completion_tokens": tokens[1],
    }
