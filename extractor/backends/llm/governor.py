"""One run-wide governor of model requests: rate limits, adaptive concurrency and the spending budget.

Every HTTP request of a run passes through the same ``Governor`` (``LLMExtractor._post``), whatever
chunk or document it is for:

* ``Throttle``: requests in flight, adaptive (AIMD). It starts at ``--concurrency``; a 429 (or any
  answer with Retry-After) halves it, once per round of requests sent at the old level, and pauses
  every sender until the Retry-After has passed (at most ``max_pause``); every ``limit`` successes
  in a row add one slot back, up to ``--concurrency`` (four times as many to get back to the level
  the last 429 came at: probing it again costs every sender a pause).
* ``RateLimiter``: requests and tokens per minute (``--rpm``/``--tpm``) over a sliding window. A
  request is admitted with its token estimate (prompt + expected completion, ``tokens.estimate_request``);
  when the answer comes back the estimate is replaced with the provider's usage.
* ``Spend``: tokens and cost of every attempt; once ``--max-cost`` or ``--max-total-tokens`` is
  reached no request is started any more (``BudgetReached``); requests already in flight finish.

Time comes from an injectable clock and sleep, so tests run a minute of rate limiting in no time.
Why not aiolimiter (a leaky bucket, checked at 1.2.1): it cannot take back an over-estimate once the
usage is known, it refuses an amount above the per-minute rate, and it reads the event loop's clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from extractor.backends.llm.config import ModelConfig, Prices
from extractor.errors import ModelError

log = logging.getLogger("extractor.llm")

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
MAX_CONCURRENCY = 64
"""The most requests in flight ``--concurrency`` accepts: more than any provider's published
per-account concurrency we know of needs, and beyond it a 2-core machine spends its time parsing."""


GROWTH_NEAR_FAILURE = 4
"""Successes per slot needed to grow back to the level a 429 came at (1 per slot below it)."""


class BudgetReached(ModelError):
    """The run's --max-cost or --max-total-tokens was reached: the request was not sent."""


@dataclass
class _Entry:
    at: float
    tokens: float


class RateLimiter:
    """Requests and tokens per ``window`` seconds (a minute), counted over a sliding window."""

    def __init__(self, rpm: float | None, tpm: float | None, clock: Clock, sleep: Sleep, window: float = 60.0) -> None:
        self.rpm = rpm
        self.tpm = tpm
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._entries: deque[_Entry] = deque()
        self.waited = 0.0  # seconds senders were told to wait, summed

    @property
    def active(self) -> bool:
        return bool(self.rpm or self.tpm)

    def _prune(self, now: float) -> None:
        while self._entries and self._entries[0].at <= now - self.window:
            self._entries.popleft()

    def _fits(self, tokens: float) -> bool:
        if self.rpm and len(self._entries) >= self.rpm:
            return False
        # a single request above the whole token budget still goes, alone in its window
        return not (self.tpm and self._entries and sum(e.tokens for e in self._entries) + tokens > self.tpm)

    async def acquire(self, tokens: float) -> _Entry | None:
        """Wait until a request of ``tokens`` fits in the window, then count it."""
        if not self.active:
            return None
        while True:
            now = self._clock()
            self._prune(now)
            if self._fits(tokens):
                entry = _Entry(now, tokens)
                self._entries.append(entry)
                return entry
            wait = max(0.001, self._entries[0].at + self.window - now)
            self.waited += wait
            await self._sleep(wait)

    @staticmethod
    def settle(entry: _Entry | None, tokens: float) -> None:
        """Replace a request's estimate with what the provider counted."""
        if entry is not None:
            entry.tokens = tokens


class Throttle:
    """Requests in flight, run-wide: multiplicative decrease on 429, additive increase on success,
    and one pause for every sender while a Retry-After lasts."""

    def __init__(self, ceiling: int, clock: Clock, sleep: Sleep, max_pause: float = 120.0) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling
        self.lowest = self.ceiling
        self.in_flight = 0
        self.paused_until = 0.0
        self.rate_limited = 0
        self.decreases = 0
        self.pauses = 0
        self._epoch = 0  # bumped by each decrease: 429s of requests sent before it do not halve again
        self._successes = 0
        self._failed_at = self.ceiling + 1  # the level in flight when the last 429 came
        self._max_pause = max_pause
        self._clock = clock
        self._sleep = sleep
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self, waited_until: float | None = None) -> int:
        """A slot for one request, after any pause; returns the epoch it was sent in. A retry that
        has just waited out its own Retry-After (until ``waited_until``) does not wait for it again."""
        slept_until = waited_until
        while True:
            wait = self.paused_until - self._clock()
            if wait > 0 and (slept_until is None or self.paused_until > slept_until):
                slept_until = self.paused_until  # each pause is waited out once, even with a fake clock
                await self._sleep(wait)
                continue
            if self.in_flight < self.limit:
                self.in_flight += 1
                return self._epoch
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake()  # woken for a free slot, then cancelled: the slot goes to the next sender
                raise
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def release(self, epoch: int, *, ok: bool, rate_limited: bool = False, retry_after: float | None = None) -> None:
        """The request sent in ``epoch`` is back: adapt the limit and wake the waiting senders."""
        self.in_flight = max(0, self.in_flight - 1)
        if rate_limited or retry_after is not None:
            self.rate_limited += rate_limited
            if epoch == self._epoch and self.limit > 1:
                self._failed_at = self.limit
                was, self.limit = self.limit, max(1, self.limit // 2)
                self.decreases += 1
                self._epoch += 1
                self.lowest = min(self.lowest, self.limit)
                log.info("rate limited: at most %d request(s) in flight from now on (was %d)", self.limit, was)
            elif epoch == self._epoch:
                self._epoch += 1
            self._successes = 0
            if retry_after:
                until = self._clock() + min(retry_after, self._max_pause)
                if until > self.paused_until:
                    self.paused_until = until
                    self.pauses += 1
        elif ok and epoch == self._epoch:  # answers to requests sent before the last decrease do not count
            self._successes += 1
            # Back towards the level that failed, four times more slowly: probing it costs a pause.
            needed = self.limit * (GROWTH_NEAR_FAILURE if self.limit + 1 >= self._failed_at else 1)
            if self._successes >= needed and self.limit < self.ceiling:
                self.limit += 1
                self._successes = 0
        self._wake()

    def _wake(self) -> None:
        """Wake as many waiting senders as there are free slots, longest waiting first (waking them all
        at each answer cost CPU in proportion to the queue: hundreds of chunks wait in a large run)."""
        free = self.limit - self.in_flight
        while free > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1


@dataclass
class Spend:
    """Tokens and cost spent by the run's requests, against the budget."""

    max_cost: float | None = None
    max_tokens: int | None = None
    prices: Prices | None = None
    tokens: int = 0
    cost: float = 0.0
    calls: int = 0
    reached: str | None = None
    unsent: int = field(default=0)

    def add(self, prompt: int, cached: int, completion: int) -> None:
        self.calls += 1
        self.tokens += prompt + completion
        if self.prices is not None:
            self.cost += self.prices.cost(prompt, cached, completion)
        if self.reached is None:
            if self.max_cost is not None and self.cost >= self.max_cost:
                self.reached = f"--max-cost {self.max_cost:g} reached ({self.cost:.4f} spent in {self.calls} calls)"
            elif self.max_tokens is not None and self.tokens >= self.max_tokens:
                self.reached = (
                    f"--max-total-tokens {self.max_tokens} reached ({self.tokens} tokens spent in {self.calls} calls)"
                )


@dataclass
class Ticket:
    """One admitted request: its throttle epoch and its entry in the rate window."""

    epoch: int
    entry: _Entry | None


class Governor:
    """The throttle, the rate limiter and the budget of one run, shared by every request."""

    def __init__(self, config: ModelConfig, concurrency: int, clock: Clock, sleep: Sleep) -> None:
        self.throttle = Throttle(concurrency, clock, sleep, max_pause=config.max_wait)
        self.limiter = RateLimiter(config.rpm, config.tpm, clock, sleep, window=config.rate_window)
        self.spend = Spend(config.max_cost, config.max_total_tokens, config.prices)

    @property
    def stop_reason(self) -> str | None:
        return self.spend.reached

    def check_budget(self) -> None:
        if self.spend.reached is not None:
            self.spend.unsent += 1
            raise BudgetReached(f"not sent: {self.spend.reached}; run the same command again to continue")

    async def admit(self, estimated_tokens: float, waited_until: float | None = None) -> Ticket:
        """Wait for a slot, a pause's end and room in the rate window; raises ``BudgetReached``."""
        self.check_budget()
        epoch = await self.throttle.acquire(waited_until)
        try:
            self.check_budget()  # the budget may have been reached while this request waited
            entry = await self.limiter.acquire(estimated_tokens)
            self.check_budget()
        except BaseException:
            self.throttle.release(epoch, ok=False)
            raise
        return Ticket(epoch, entry)

    def answered(
        self, ticket: Ticket, *, ok: bool, rate_limited: bool = False, retry_after: float | None = None
    ) -> None:
        self.throttle.release(ticket.epoch, ok=ok, rate_limited=rate_limited, retry_after=retry_after)

    def charge(self, ticket: Ticket, prompt: int, cached: int, completion: int) -> None:
        """What the provider counted for an answered request: the rate window and the budget."""
        self.limiter.settle(ticket.entry, prompt + completion)
        self.spend.add(prompt, cached, completion)

    def summary(self) -> dict[str, object]:
        throttle, limiter = self.throttle, self.limiter
        return {
            "rpm": limiter.rpm,
            "tpm": limiter.tpm,
            "rate_limit_wait_seconds": round(limiter.waited, 3),
            "concurrency": throttle.ceiling,
            "concurrency_lowest": throttle.lowest,
            "rate_limited": throttle.rate_limited,
            "concurrency_decreases": throttle.decreases,
            "pauses": throttle.pauses,
        }
