"""One chunk in, validated records (or a one-line failure reason) out, through any OpenAI-compatible endpoint.

Two retry layers with separate jobs, so neither multiplies the other:

* transport (tenacity, here): 429, 5xx, 408, timeouts and dropped connections are retried with
  exponential backoff, honouring Retry-After / Retry-After-Ms. The openai client is built with
  ``max_retries=0`` so it never retries underneath. 400/401/403/404/422 (a provider's content-safety
  rejection included) are never retried.
* content (instructor): a response that fails the schema or the quote validator is re-asked with
  the error, at most ``max_reasks`` times. Each re-ask is one more transport call with its own
  transport retries.

Every HTTP attempt is counted (status, tokens, latency) for the run summary and the ``model_calls``
table, failed and rejected attempts included. Answers that validate are stored in the response cache.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException, ResponseParsingError
from openai.types.chat import ChatCompletion
from openai.types.completion_usage import CompletionUsage
from pydantic import ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any
from tenacity.stop import stop_base

from extractor.backends.llm.cache import CacheKeyParts, ResponseCache, chunk_hash
from extractor.backends.llm.config import ModelConfig, redact
from extractor.backends.llm.governor import MAX_CONCURRENCY, BudgetReached, Governor, Ticket
from extractor.backends.llm.prompt import PromptSet, build_messages, load_prompts
from extractor.backends.llm.response import (
    INSTRUCTOR_MODES,
    RESPONSE_MODEL,
    built_request,
    cleaned_completion,
    parse_answer,
    parse_cached,
)
from extractor.backends.llm.schema import ChunkExtraction, answering, schema_hash, to_records
from extractor.backends.llm.tokens import estimate_request, estimator_for
from extractor.backends.llm.transport import (
    CONTENT_REJECTION,
    BadResponseBody,
    ContentRejected,
    describe_transport_error,
    is_transient,
    one_line,
    parse_body,
    retry_after_seconds,
    status_error,
    status_of,
)
from extractor.models import Chunk, Record

log = logging.getLogger("extractor.llm")
_MODE_UNSUPPORTED = re.compile(r"response_format|json_object|json mode", flags=re.IGNORECASE)

Sleep = Callable[[float], Awaitable[None]]
_CHUNK_SLOT = "\x00the chunk's user message\x00"
LANE_SIZE = 8
"""Requests in flight per HTTP connection pool. httpcore's pool scans (and polls) every connection it
holds at each request it hands out, so one pool of 64 cost about eight times what a pool of 8 does per
request; the requests of a run are spread over ``concurrency / LANE_SIZE`` pools instead. With the
aiohttp transport (``_pooled_http_client``) lanes of 8 measured no worse than one pool of 64."""


@dataclass
class CallRecord:
    """One HTTP attempt, as it goes into the ``model_calls`` table."""

    attempt: int
    status: str
    mode: str
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # prompt tokens the provider served from its prefix cache (part of prompt_tokens)
    latency_ms: float = 0.0
    retried: bool = False
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


@dataclass
class RetryBudget:
    """When one chunk must stop retrying: its own deadline (``retry_deadline``) or the run's.

    A retry is not started when its wait would end past the deadline, so ``Retry-After: 3600`` fails
    the chunk at once with that reason instead of holding the run for an hour (or ten minutes of
    capped waits).
    """

    deadline: float
    reason: str
    gave_up: str | None = None


@dataclass
class ChunkOutcome:
    """What became of one chunk: records, or a failure reason; never both silently empty."""

    chunk: Chunk
    records: list[Record] = field(default_factory=list)
    error: str | None = None
    calls: list[CallRecord] = field(default_factory=list)
    cached: bool = False
    reasks: int = 0
    cache_key: str | None = None
    mode: str = "json"

    @property
    def prompt_tokens(self) -> int:
        return sum(c.prompt_tokens for c in self.calls)

    @property
    def completion_tokens(self) -> int:
        return sum(c.completion_tokens for c in self.calls)

    @property
    def cached_tokens(self) -> int:
        return sum(c.cached_tokens for c in self.calls)


def cached_prompt_tokens(usage: CompletionUsage | None) -> int:
    """Prompt tokens served from the provider's prefix cache: OpenAI's (and Qwen's, Moonshot's…)
    ``usage.prompt_tokens_details.cached_tokens``, or DeepSeek's ``usage.prompt_cache_hit_tokens``."""
    if usage is None:
        return 0
    details = usage.prompt_tokens_details
    cached = details.get("cached_tokens") if isinstance(details, dict) else getattr(details, "cached_tokens", None)
    if cached is None:
        cached = (usage.model_extra or {}).get("prompt_cache_hit_tokens")
    return int(cached) if isinstance(cached, int | float) else 0


def describe_failure(exc: BaseException, calls: list[CallRecord]) -> str:
    """The one-line reason a chunk failed, for the failures table and the log."""
    if isinstance(exc, IncompleteOutputException):
        completion = getattr(exc, "last_completion", None)
        usage = getattr(completion, "usage", None)
        tokens = f" after {usage.completion_tokens} completion tokens" if usage is not None else ""
        return f"response truncated (finish_reason=length{tokens}); raise EXTRACTOR_MAX_TOKENS or split the chunk"
    cause = exc.__cause__ if isinstance(exc, InstructorRetryException) and exc.__cause__ else exc
    if isinstance(cause, BudgetReached):
        return one_line(str(cause))
    responses = sum(1 for c in calls if c.status == "response")
    if isinstance(cause, ValidationError | ResponseParsingError | ValueError):
        first = str(cause).strip().splitlines()
        errors = cause.errors() if isinstance(cause, ValidationError) else []
        summary = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:3]) or (
            first[0] if first else ""
        )
        return one_line(f"invalid response after {responses} attempts ({max(0, responses - 1)} re-asks): {summary}")
    if isinstance(cause, ContentRejected):
        return one_line(f"response stopped by the provider's content filter (not retried): {cause}")
    if isinstance(cause, BadResponseBody):
        return one_line(f"{cause} (not retried)")
    if isinstance(cause, openai.APIError | httpx.HTTPError):
        attempts = sum(1 for c in calls if c.status != "response")
        return one_line(f"{describe_transport_error(cause)}; {attempts} attempt(s)")
    return one_line(f"{type(cause).__name__}: {cause}")


# --- the extractor ---------------------------------------------------------------------------------


def _pooled_http_client(connections: int) -> httpx.AsyncClient:
    """The SDK's own HTTP client on aiohttp (``openai.DefaultAioHttpClient``: its timeouts, redirects;
    about 1 ms less client CPU per request than httpcore), its pool sized to one lane: that many
    connections kept alive (and room for as many again, so a request never waits for the pool while a
    finished one's connection is being handed back). A given ``http_client`` (tests, cassettes) is
    used as it is."""
    kept = max(connections, 1)
    return openai.DefaultAioHttpClient(limits=httpx.Limits(max_connections=2 * kept, max_keepalive_connections=kept))


def _accepted(completion: ChatCompletion, chunk: Chunk) -> ChunkExtraction | None:
    """The answer as instructor's JSON mode accepts it (not truncated; the response model validated from
    the message's text, not strict), or None when instructor should judge it (and re-ask)."""
    if not completion.choices or completion.choices[0].finish_reason == "length":
        return None
    text = completion.choices[0].message.content or ""
    with answering(chunk):
        try:
            extraction: ChunkExtraction = RESPONSE_MODEL.model_validate_json(text, strict=False)
        except (ValidationError, ValueError):
            return None
    return extraction


@dataclass(frozen=True)
class _Lane:
    """One SDK client and its HTTP client, with what a chat-completions request needs from the SDK
    (its URL and headers: authentication, user agent, platform), read once."""

    sdk: openai.AsyncOpenAI
    http: httpx.AsyncClient
    url: httpx.URL = field(repr=False)  # a key may be part of the base URL
    headers: dict[str, str] = field(repr=False)  # the key itself

    @classmethod
    def of(cls, sdk: openai.AsyncOpenAI, http: httpx.AsyncClient) -> _Lane:
        url = sdk.base_url.copy_with(raw_path=sdk.base_url.raw_path + b"chat/completions")
        headers = {**sdk.default_headers, **sdk.auth_headers}
        return cls(sdk, http, url, {name: value for name, value in headers.items() if isinstance(value, str)})


class stop_when(stop_base):
    """A tenacity stop condition from a plain predicate, so it composes with stop_any."""

    def __init__(self, predicate: Callable[[RetryCallState], bool]) -> None:
        self.predicate = predicate

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.predicate(retry_state)


class LLMExtractor:
    """Sends chunks to the endpoint; shared by all concurrent chunk tasks of a run."""

    def __init__(
        self,
        config: ModelConfig,
        cache: ResponseCache | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: Sleep = asyncio.sleep,
        prompts: PromptSet | None = None,
        rng: random.Random | None = None,
        in_flight: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        governor: Governor | None = None,
    ) -> None:
        self.config = config
        self.cache = cache
        self.mode = config.mode
        self.prompts = prompts or load_prompts()
        self.schema_hash = schema_hash()
        self._sleep = sleep
        self._clock = clock
        self._run_deadline: float | None = None
        self._rng = rng or random.Random()
        self._secrets = config.secrets
        # The concurrency bound is on HTTP requests in flight, not on chunks: a chunk whose request is
        # built waits in the governor, so a slot freed by an answer is reused at once, before that
        # answer is parsed. The governor also holds the run's rate limits and budget.
        self.governor = governor or Governor(config, in_flight or MAX_CONCURRENCY, clock, sleep)
        self._measure = functools.lru_cache(maxsize=4)(estimator_for(config.provider)[1])
        # One SDK client per lane of LANE_SIZE requests in flight, each with its own connection pool
        # (kept alive, sized to the lane); a given http_client (tests, cassettes) is the one lane.
        slots = self.governor.throttle.ceiling
        lanes = 1 if http_client is not None else -(-slots // LANE_SIZE)
        self._lanes = [
            _Lane.of(
                openai.AsyncOpenAI(
                    base_url=config.base_url,
                    api_key=config.api_key,
                    max_retries=0,  # transport retries are ours (tenacity): never two layers multiplying
                    timeout=config.timeout,
                    http_client=http,
                ),
                http,
            )
            for http in [http_client or _pooled_http_client(-(-slots // lanes)) for _ in range(lanes)]
        ]
        self._lane_load = [0] * lanes
        self.client = self._lanes[0].sdk
        self._templates: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, Any] | None] = {}
        self._warm_up()
        logging.getLogger("instructor").setLevel(logging.CRITICAL)  # failures are reported per chunk, once
        if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
            logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request drowns the progress bar

    def _warm_up(self) -> None:
        """Import the SDK's resource tree now (~0.5 s on first use) rather than inside the first calls."""
        _ = self.client.chat.completions

    async def aclose(self) -> None:
        for lane in self._lanes:
            await lane.sdk.close()

    def key_parts(self, chunk: Chunk, mode: str) -> CacheKeyParts:
        return CacheKeyParts(
            endpoint=self.config.endpoint,
            model=self.config.model,
            mode=mode,
            prompt_version=self.prompts.version,
            schema_hash=self.schema_hash,
            chunk_hash=chunk_hash(chunk),
        )

    # -- cache ---------------------------------------------------------------------------------

    def from_cache(self, chunk: Chunk) -> ChunkOutcome | None:
        """A cached answer for the chunk in any mode we might use, re-validated; None on a miss."""
        if self.cache is None:
            return None
        for mode in dict.fromkeys([self.mode, self.config.mode, self.config.fallback_mode]):
            if mode is None:
                continue
            parts = self.key_parts(chunk, mode)
            raw = self.cache.get(parts)
            if raw is None:
                continue
            try:
                extraction = parse_cached(parse_body(raw), mode, chunk)
            except (ValueError, BadResponseBody) as exc:
                log.debug("cache entry for chunk %s no longer validates (%s); asking again", chunk.index, exc)
                self.cache.delete(parts)
                continue
            return ChunkOutcome(
                chunk=chunk, records=to_records(extraction, chunk), cached=True, cache_key=parts.key, mode=mode
            )
        return None

    # -- model -----------------------------------------------------------------------------------

    def retry_budget(self) -> RetryBudget:
        """The deadline of a chunk starting now: its own ``retry_deadline`` or the run's, the earlier."""
        now = self._clock()
        if self._run_deadline is None and self.config.run_deadline is not None:
            self._run_deadline = now + self.config.run_deadline
        own = now + self.config.retry_deadline
        if self._run_deadline is not None and self._run_deadline < own:
            return RetryBudget(self._run_deadline, f"run deadline of {self.config.run_deadline:g} s (--run-deadline)")
        return RetryBudget(own, f"retry deadline of {self.config.retry_deadline:g} s per chunk (--retry-deadline)")

    async def extract(self, chunk: Chunk, use_cache: bool = True) -> ChunkOutcome:
        """Records for one chunk, from the cache or the model; any failure becomes ``outcome.error``."""
        if use_cache:
            hit = self.from_cache(chunk)
            if hit is not None:
                return hit
        calls: list[CallRecord] = []
        mode = self.mode
        budget = self.retry_budget()
        try:
            outcome = await self._ask(chunk, mode, calls, budget)
        except Exception as exc:
            fallback = self.config.fallback_mode
            if fallback and mode != fallback and self._mode_unsupported(exc):
                log.warning("the endpoint rejected %s mode; switching to %s for this run", mode, fallback)
                self.mode = fallback
                return await self._retry_in_fallback(chunk, calls, budget)
            return self._failed(chunk, mode, calls, exc, budget)
        return outcome

    async def _retry_in_fallback(self, chunk: Chunk, calls: list[CallRecord], budget: RetryBudget) -> ChunkOutcome:
        try:
            return await self._ask(chunk, self.mode, calls, budget)
        except Exception as exc:
            return self._failed(chunk, self.mode, calls, exc, budget)

    def _failed(
        self, chunk: Chunk, mode: str, calls: list[CallRecord], exc: BaseException, budget: RetryBudget
    ) -> ChunkOutcome:
        reason = describe_failure(exc, calls)
        if budget.gave_up:
            reason = one_line(f"{reason.replace('retried until attempts ran out', 'retried')}; {budget.gave_up}")
        reason = redact(reason, self._secrets)
        responses = sum(1 for c in calls if c.status == "response")
        return ChunkOutcome(chunk=chunk, error=reason, calls=calls, reasks=max(0, responses - 1), mode=mode)

    @staticmethod
    def _mode_unsupported(exc: BaseException) -> bool:
        cause = exc.__cause__ if isinstance(exc, InstructorRetryException) and exc.__cause__ else exc
        return (
            isinstance(cause, openai.BadRequestError)
            and bool(_MODE_UNSUPPORTED.search(str(cause.message)))
            and not CONTENT_REJECTION.search(str(cause.message))
        )

    async def _ask(self, chunk: Chunk, mode: str, calls: list[CallRecord], budget: RetryBudget) -> ChunkOutcome:
        raw_bodies: list[str] = []
        before = sum(1 for c in calls if c.status == "response")
        # The common case without instructor's per-call machinery: the request instructor would build
        # (its template, filled with this chunk) and the answer validated as instructor validates it.
        # An answer that does not pass goes to instructor as its first response, so re-asks, failures
        # and their reasons are instructor's, exactly as before, without a second request.
        unjudged: list[ChatCompletion] = []
        body = self._filled_template(chunk, mode)
        if body is not None:
            completion = await self._send(body, mode, calls, raw_bodies, budget)
            accepted = _accepted(completion, chunk)
            if accepted is not None:
                return self._answered(chunk, mode, calls, raw_bodies, accepted, before)
            unjudged.append(completion)

        async def send(**kwargs: Any) -> ChatCompletion:
            if unjudged:
                return unjudged.pop()
            return await self._send(kwargs, mode, calls, raw_bodies, budget)

        create = instructor.patch(create=send, mode=INSTRUCTOR_MODES[mode])
        with answering(chunk):  # the quote validator reads the chunk from here, on every (re-)validation
            pending: Any = create(**self._create_arguments(chunk))
            try:
                extraction: ChunkExtraction = await pending
            except InstructorRetryException:
                kept = self._kept_after_reasks(chunk, mode, raw_bodies)
                if kept is None:
                    raise
                extraction = kept
        return self._answered(chunk, mode, calls, raw_bodies, extraction, before)

    def _answered(
        self,
        chunk: Chunk,
        mode: str,
        calls: list[CallRecord],
        raw_bodies: list[str],
        extraction: ChunkExtraction,
        before: int,
    ) -> ChunkOutcome:
        parts = self.key_parts(chunk, mode)
        if self.cache is not None and raw_bodies:
            self.cache.put(parts, raw_bodies[-1])
        responses = sum(1 for c in calls if c.status == "response") - before
        return ChunkOutcome(
            chunk=chunk,
            records=to_records(extraction, chunk),
            calls=calls,
            reasks=max(0, responses - 1),
            cache_key=parts.key,
            mode=mode,
        )

    def _filled_template(self, chunk: Chunk, mode: str) -> dict[str, Any] | None:
        """The request body instructor builds for ``chunk``'s first attempt in JSON mode, from a template
        instructor built once for the run's system message with a stand-in for the chunk's user message
        (JSON mode only adds a response format and appends the schema to the system message; what it
        built is used only when the stand-in comes back once, as a whole message). None: ask instructor."""
        if mode != "json":
            return None
        messages = build_messages(chunk, self.prompts)
        if not messages or messages[-1].get("role") != "user":
            return None
        prefix = tuple((m["role"], m["content"]) for m in messages[:-1])
        key = (mode, prefix)
        if key not in self._templates:
            self._templates[key] = self._template(chunk, mode, messages[:-1])
        template = self._templates[key]
        if template is None:
            return None
        user = messages[-1]["content"]
        filled = [{**m, "content": user} if m.get("content") == _CHUNK_SLOT else m for m in template["messages"]]
        return {**template, "messages": filled}

    def _template(self, chunk: Chunk, mode: str, prefix: list[dict[str, str]]) -> dict[str, Any] | None:
        arguments = {**self._create_arguments(chunk), "messages": [*prefix, {"role": "user", "content": _CHUNK_SLOT}]}
        captured = built_request(arguments, mode)
        messages = captured.get("messages") if captured else None
        if captured is None or not isinstance(messages, list):
            return None
        slots = [m for m in messages if isinstance(m, dict) and _CHUNK_SLOT in str(m.get("content"))]
        if len(slots) != 1 or slots[0].get("content") != _CHUNK_SLOT or slots[0].get("role") != "user":
            return None
        return captured

    @staticmethod
    def _kept_after_reasks(chunk: Chunk, mode: str, raw_bodies: list[str]) -> ChunkExtraction | None:
        """The last answer when re-asking left only quotes the chunk does not contain: its other records
        are good and stay; those go on to grounding and are placed fuzzily (QUOTE_FUZZY) or stored with QUOTE_NOT_FOUND (issue 10.4).
        None when anything else is wrong with it (the chunk fails as before)."""
        if not raw_bodies:
            return None
        try:
            extraction, unfound = parse_answer(parse_body(raw_bodies[-1]), mode, chunk)
        except (ValueError, BadResponseBody):
            return None
        log.warning(
            "chunk %s: %d quote(s) still not in the text after re-asking; kept with the answer's other records "
            "for grounding to place or flag",
            chunk.index,
            unfound,
        )
        return extraction

    def _create_arguments(self, chunk: Chunk) -> dict[str, Any]:
        """What ``_ask`` passes to instructor's patched create for ``chunk`` (instructor adds the mode's
        response format and schema before the request goes out)."""
        request: dict[str, Any] = {"temperature": self.config.temperature}
        if self.config.max_tokens:
            request["max_tokens"] = self.config.max_tokens
        return {
            "response_model": RESPONSE_MODEL,
            "messages": build_messages(chunk, self.prompts),
            "model": self.config.model,
            "max_retries": self.config.max_reasks,
            "strict": False,
            **request,
        }

    def request_body(self, chunk: Chunk, mode: str | None = None) -> dict[str, Any]:
        """The JSON body the synchronous path POSTs for ``chunk``'s first attempt (for the Batch interface):
        the same instructor call as ``_ask`` (``built_request``), so the body is exactly what instructor
        would hand to ``_send``."""
        captured = built_request(self._create_arguments(chunk), mode or self.mode)
        if captured is None:
            raise RuntimeError(f"instructor built no request for chunk {chunk.index}")
        return json.loads(json.dumps(captured, ensure_ascii=False))

    def outcome_from_body(self, chunk: Chunk, mode: str, raw: str, *, status: str = "response") -> ChunkOutcome:
        """A chunk's outcome from one chat-completion body answered outside ``_ask`` (a Batch output line).

        The checks are those of a live answer that instructor would not re-ask: a content filter or a
        truncated answer fails the chunk, and the answer is validated by ``parse_cached`` (the same
        cleaning and the same validators, inside ``answering``). An accepted body goes into the response
        cache under the key the synchronous path uses, so any later run replays it from there.
        """
        calls: list[CallRecord] = []
        try:
            completion = parse_body(raw)
        except BadResponseBody as exc:
            calls.append(CallRecord(attempt=1, status="bad_body", mode=mode, error=str(exc)))
            return ChunkOutcome(chunk=chunk, error=one_line(f"{exc} (batch answer)"), calls=calls, mode=mode)
        usage = completion.usage
        calls.append(
            CallRecord(
                attempt=1,
                status=status,
                mode=mode,
                prompt_tokens=usage.prompt_tokens if usage else 0,
                completion_tokens=usage.completion_tokens if usage else 0,
                cached_tokens=cached_prompt_tokens(usage),
            )
        )
        finish = completion.choices[0].finish_reason if completion.choices else None
        parts = self.key_parts(chunk, mode)
        error: str | None = None
        extraction: ChunkExtraction | None = None
        if finish == "content_filter":
            error = "response stopped by the provider's content filter (not retried): finish_reason=content_filter"
        elif finish == "length":
            tokens = f" after {usage.completion_tokens} completion tokens" if usage is not None else ""
            error = f"response truncated (finish_reason=length{tokens}); raise EXTRACTOR_MAX_TOKENS or split the chunk"
        else:
            try:
                extraction = parse_cached(completion, mode, chunk)
            except ValueError as exc:
                error = describe_failure(exc, calls)
        if extraction is None:
            return ChunkOutcome(chunk=chunk, error=redact(one_line(error or ""), self._secrets), calls=calls, mode=mode)
        if self.cache is not None:
            self.cache.put(parts, raw)
        return ChunkOutcome(
            chunk=chunk, records=to_records(extraction, chunk), calls=calls, cache_key=parts.key, mode=mode
        )

    async def _send(
        self, kwargs: dict[str, Any], mode: str, calls: list[CallRecord], raw_bodies: list[str], budget: RetryBudget
    ) -> ChatCompletion:
        """One logical model call with transport retries; every HTTP attempt is recorded."""

        @stop_when
        def past_deadline(state: RetryCallState) -> bool:
            left = budget.deadline - self._clock()
            if state.upcoming_sleep <= left:
                return False
            budget.gave_up = (
                f"gave up: the next attempt would wait {state.upcoming_sleep:.0f} s but the {budget.reason} "
                f"leaves {max(0.0, left):.0f} s"
            )
            return True

        waited_until: list[float] = []  # when this request's own retry wait ends (the run's pause then is past)

        def before_sleep(state: RetryCallState) -> None:
            waited_until[:] = [self._clock() + (state.next_action.sleep if state.next_action else 0.0)]
            self._before_retry(state, calls)

        retrying = AsyncRetrying(
            stop=stop_any(stop_after_attempt(max(1, self.config.transport_attempts)), past_deadline),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            sleep=self._sleep,
            reraise=True,
            before_sleep=before_sleep,
        )
        async for attempt in retrying:
            with attempt:
                started = time.perf_counter()
                number = len(calls) + 1
                ticket = await self._admit(kwargs, waited_until[0] if waited_until else None)  # BudgetReached: not sent
                try:
                    response = await self._post(kwargs, ticket)  # frees the slot itself on an HTTP error
                    try:
                        completion = parse_body(response.content)
                    except Exception:
                        self.governor.answered(ticket, ok=False)
                        raise
                except Exception as exc:
                    calls.append(
                        CallRecord(
                            attempt=number,
                            status=status_of(exc),
                            mode=mode,
                            error=redact(describe_transport_error(exc), self._secrets),
                            latency_ms=(time.perf_counter() - started) * 1000,
                        )
                    )
                    raise
                usage = completion.usage
                record = CallRecord(
                    attempt=number,
                    status="response",
                    mode=mode,
                    prompt_tokens=usage.prompt_tokens if usage else 0,
                    completion_tokens=usage.completion_tokens if usage else 0,
                    cached_tokens=cached_prompt_tokens(usage),
                    latency_ms=(time.perf_counter() - started) * 1000,
                )
                calls.append(record)
                # Charged before the slot is freed: a sender waiting for it sees the budget as spent.
                self.governor.charge(ticket, record.prompt_tokens, record.cached_tokens, record.completion_tokens)
                self.governor.answered(ticket, ok=True)
                # Answers tend to arrive in bursts; step aside once so every answer of the burst frees
                # its slot and the waiting requests go out before any of the answers is parsed and stored.
                await asyncio.sleep(0)
                raw_bodies.append(response.text)
                if completion.choices and completion.choices[0].finish_reason == "content_filter":
                    raise ContentRejected("finish_reason=content_filter")
                return cleaned_completion(completion, mode)
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

    async def _admit(self, kwargs: dict[str, Any], waited_until: float | None) -> Ticket:
        """Wait for the governor: a slot among the requests in flight, the end of any Retry-After
        pause, room in the rpm/tpm window for the request's estimated tokens, and budget left."""
        messages = kwargs.get("messages") or []
        estimate = estimate_request(
            [{"role": str(m.get("role")), "content": str(m.get("content") or "")} for m in messages], self._measure
        )
        return await self.governor.admit(estimate.total, waited_until)

    async def _post(self, kwargs: dict[str, Any], ticket: Ticket) -> httpx.Response:
        lane = min(range(len(self._lanes)), key=self._lane_load.__getitem__)
        self._lane_load[lane] += 1
        try:
            return await self._post_on(self._lanes[lane], kwargs, ticket)
        finally:
            self._lane_load[lane] -= 1

    async def _post_on(self, lane: _Lane, kwargs: dict[str, Any], ticket: Ticket) -> httpx.Response:
        """POST the request as built by instructor to the lane's chat-completions URL, with the SDK's
        own headers, through the SDK's HTTP client; an error status comes back as the SDK's exception.

        Posting on the HTTP client itself skips the SDK's per-request option, URL and header building
        (a quarter of the client's CPU per call) and keeps the body exactly as the server sent it. The
        governor hears how a failed request went: a 429 or a Retry-After slows the whole run down.
        """
        try:
            response = await lane.http.post(lane.url, json=kwargs, headers=lane.headers, timeout=self.config.timeout)
            if not response.is_success:  # as the SDK: an unfollowed redirect is an error too
                raise status_error(response)
        except openai.APIStatusError as exc:
            self.governor.answered(
                ticket, ok=False, rate_limited=exc.status_code == 429, retry_after=retry_after_seconds(exc)
            )
            raise
        except BaseException:
            self.governor.answered(ticket, ok=False)
            raise
        return response  # the caller frees the slot once the answer's usage is charged

    def _wait(self, state: RetryCallState) -> float:
        """Retry-After when the server gives one, else exponential backoff with jitter; both capped."""
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(exc)
        if hinted is not None:
            return min(hinted, self.config.max_wait)
        backoff = min(self.config.max_wait, 2.0 ** (state.attempt_number - 1))
        return backoff * self._rng.uniform(0.5, 1.0)

    def _before_retry(self, state: RetryCallState, calls: list[CallRecord]) -> None:
        if calls:
            calls[-1].retried = True
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info(
            "%s; retrying in %.1f s", redact(describe_transport_error(exc), self._secrets) if exc else "error", wait
        )
