"""Rate limits and money, through the run (``run_files`` / ``extractor run``) against the local fake server.

* --rpm / --tpm: one sliding window for every request of the run; checked on the server's arrival
  times (a lower bound on the gaps, with half the window as margin for a loaded machine).
* adaptive concurrency: a 429 with Retry-After halves the requests in flight run-wide and pauses
  every sender until it has passed (a fake clock: 30 s cost nothing).
* --dry-run: zero requests, nothing written, the numbers printed.
* --max-total-tokens / --max-cost: the run stops cleanly, exit 5, and a re-run completes.
"""

from __future__ import annotations

import asyncio
import json
import math
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI
from fault_support import FakeClock
from typer.testing import CliRunner

from extractor import store
from extractor.api import run_folder
from extractor.backends import make_backend
from extractor.backends.llm.config import ModelConfig, Prices, resolve_config
from extractor.backends.llm.governor import RateLimiter, Throttle
from extractor.backends.llm.pricing import PUBLISHED
from extractor.backends.llm.prompt import build_messages
from extractor.backends.llm.response import request_messages
from extractor.backends.llm.tokens import estimate_request, estimator_for
from extractor.chunks import pack_chunks
from extractor.cli import EXIT_BUDGET, app
from extractor.errors import InputError
from extractor.models import Chunk
from extractor.pipeline import DocumentOverrides, prepare
from extractor.run import run_files

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KEY = "sk-planted-limits-key-77c1"
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]
SMALL = [SEEDS / "001_332ad4d155dc2366.txt", SEEDS / "004_198e591ce9b795be.txt"]
LONG = SEEDS / "003_4a606b2b17229643.txt"  # four packed chunks


def packed(path: Path) -> list[Chunk]:
    prepared = prepare(path)
    return [c for c in pack_chunks(prepared.document, prepared.sections) if c.section_kind != "review"]


def run(
    files: list[Path], out: Path, config: ModelConfig, concurrency: int = 4, clock: FakeClock | None = None
) -> tuple[dict[str, Any], sqlite3.Connection]:
    connection = store.connect(out)
    backend = make_backend(
        "llm",
        config,
        connection,
        concurrency=concurrency,
        sleep=clock.sleep if clock else None,
        clock=clock,
    )
    result = run_files(files, connection, backend, DocumentOverrides(), 16 * 1024 * 1024, resume=False)
    return {**result.backend_summary, "stopped": result.stopped}, connection


def min_gap(times: list[float], apart: int) -> float:
    """The shortest time between an arrival and the one ``apart`` arrivals later."""
    ordered = sorted(times)
    return min(b - a for a, b in zip(ordered, ordered[apart:], strict=False))


# --- rpm / tpm ------------------------------------------------------------------------------------


def test_rpm_holds_across_every_request_of_the_run(tmp_path: Path) -> None:
    """rpm 2 per 1.5 s window over three documents' chunks: in any 0.75 s of server time at most two
    requests arrive (third-next arrivals are at least 0.75 s apart), and the whole run takes at least
    as many windows as the limit demands."""
    files = [*SMALL, LONG]
    expected = sum(len(packed(f)) for f in files)
    window = 1.5
    with FakeOpenAI(max_requests=100) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, rpm=2, rate_window=window)
        started = time.monotonic()
        summary, connection = run(files, tmp_path / "run", config, concurrency=4)
        connection.close()
    arrivals = [at for _, _, at in server.arrivals]
    assert summary["failed_model_chunks"] == 0 and len(arrivals) == expected >= 6
    assert min_gap(arrivals, 2) >= window / 2
    assert max(arrivals) - started >= window * ((expected - 1) // 2)  # a lower bound: slowness only adds
    assert summary["rate"]["rpm"] == 2 and summary["rate"]["rate_limit_wait_seconds"] > 0


def test_tpm_lets_one_request_at_a_time_when_each_fills_the_window(tmp_path: Path) -> None:
    """A token budget smaller than any request: each goes alone in its window (never refused)."""
    window = 1.0
    expected = len(packed(LONG))
    with FakeOpenAI(max_requests=100) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, tpm=1, rate_window=window)
        summary, connection = run([LONG], tmp_path / "run", config, concurrency=4)
        connection.close()
    arrivals = [at for _, _, at in server.arrivals]
    assert summary["failed_model_chunks"] == 0 and len(arrivals) == expected == 4
    assert min_gap(arrivals, 1) >= window / 2  # consecutive arrivals a window apart, half of it as margin
    assert max(arrivals) - min(arrivals) >= window * (expected - 1) / 2


def test_the_token_estimate_is_replaced_by_the_providers_count() -> None:
    """Settling an over-estimate makes room at once; without it the next request would wait a window."""
    clock = FakeClock()
    limiter = RateLimiter(rpm=None, tpm=150, clock=clock, sleep=clock.sleep, window=60)

    async def scenario() -> list[float]:
        first = await limiter.acquire(100)
        limiter.settle(first, 40)  # the provider counted 40
        await limiter.acquire(100)  # 40 + 100 <= 150: no wait
        at_second = clock.now
        await limiter.acquire(100)  # 140 + 100 > 150: waits for the window to pass
        return [at_second, clock.now]

    at_second, at_third = asyncio.run(scenario())
    assert at_second == 0.0 and at_third == pytest.approx(60.0)


def test_presets_carry_only_cited_limits_and_env_overrides_them() -> None:
    moonshot = resolve_config(provider="moonshot", env={"MOONSHOT_API_KEY": "k"})
    assert (moonshot.rpm, moonshot.tpm) == (3, 500_000)
    qwen = resolve_config(provider="qwen", env={"DASHSCOPE_API_KEY": "k", "EXTRACTOR_RPM": "0", "EXTRACTOR_TPM": "9"})
    assert (qwen.rpm, qwen.tpm) == (None, 9)  # 0 lifts the preset's limit
    for provider in ("deepseek", "openai", "zhipu"):
        config = resolve_config(provider=provider, env={"EXTRACTOR_API_KEY": "k"})
        assert (config.rpm, config.tpm) == (None, None), provider


# --- adaptive concurrency -------------------------------------------------------------------------


def test_a_429_halves_requests_in_flight_and_pauses_every_sender(tmp_path: Path) -> None:
    """The 4th request (three others held 1 s at the server) gets 429 with Retry-After: 30 at once.
    It is not retried (one attempt per call here, so its own wait cannot move the fake clock): the
    other senders must still wait the 30 s (fake time) before any request reaches the server again,
    whichever chunk it is for, and the run goes on with 2 requests in flight, not 4."""
    clock = FakeClock()
    files = [LONG, *SMALL]
    expected = sum(len(packed(f)) for f in files)
    script = {4: "http_429:30"}
    with FakeOpenAI(latency=1.0, fault_latency=0.0, script=script.get, max_requests=100, clock=clock) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, transport_attempts=1)
        summary, connection = run(files, tmp_path / "run", config, concurrency=4, clock=clock)
        failures = store.load_failures(connection)
        connection.close()
    arrivals = {serial: (in_flight, at) for serial, in_flight, at in server.arrivals}
    assert len(arrivals) == expected and summary["failed_model_chunks"] == 1 and "HTTP 429" in failures[0]["reason"]
    assert arrivals[4][0] == 4  # four in flight when the 429 came
    after = [arrivals[s] for s in sorted(arrivals) if s > 4]
    assert after and all(at >= 30.0 for _, at in after)  # every sender waited for the Retry-After
    assert after[0][0] <= 2  # the run went on with half the requests in flight
    rate = summary["rate"]
    assert rate["rate_limited"] == 1 and rate["concurrency_lowest"] == 2 and rate["pauses"] == 1


def test_the_run_settles_under_a_providers_concurrency_limit(tmp_path: Path) -> None:
    """The server allows 2 requests at a time and answers 429 beyond; the client starts at 8. The run
    comes down to at most 2 in flight and answers every chunk, with no more 429s than chunks."""
    files = [LONG, *SMALL, SEEDS / "000_2521081b26323744.txt"]
    expected = sum(len(packed(f)) for f in files)
    with FakeOpenAI(latency=0.2, max_concurrent=2, retry_after="0.2", max_requests=200) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, transport_attempts=8)
        summary, connection = run(files, tmp_path / "run", config, concurrency=8)
        connection.close()
    assert summary["failed_model_chunks"] == 0 and summary["model_chunks"] == expected
    assert 0 < server.over_limit <= expected  # without slowing down, the first burst alone rejects 5 of 7
    assert summary["rate"]["concurrency_lowest"] <= 2 and summary["rate"]["rate_limited"] == server.over_limit


def test_concurrency_is_bounded(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(SMALL[0]), "--out", str(tmp_path / "a"), "--concurrency", "65"])
    assert result.exit_code == 2 and "64" in result.output
    assert not (tmp_path / "a").exists()
    with pytest.raises(InputError, match="between 1 and 64"):
        run_folder([SMALL[0]], tmp_path / "b", concurrency=0)


# --- dry run ----------------------------------------------------------------------------------------


def _estimated(files: list[Path]) -> tuple[int, int, int]:
    """Requests, prompt tokens and completion tokens, estimated independently of the dry run: the
    messages as instructor sends them (checked against what the server received below)."""
    _, measure = estimator_for(None)
    chunks = [c for f in files for c in packed(f)]
    estimates = [estimate_request(request_messages(build_messages(c), "json"), measure) for c in chunks]
    return len(chunks), sum(e.prompt for e in estimates), sum(e.completion for e in estimates)


def test_dry_run_makes_no_request_writes_nothing_and_prints_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "run"
    requests, prompt, completion = _estimated(sorted(p for p in SEEDS.iterdir() if p.suffix == ".txt"))
    with FakeOpenAI(max_requests=100) as server:
        monkeypatch.setenv("EXTRACTOR_BASE_URL", server.url)
        monkeypatch.setenv("EXTRACTOR_MODEL", "fake-rules")
        monkeypatch.setenv("EXTRACTOR_API_KEY", KEY)
        dry = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--dry-run"])
        assert server.requests == 0 and not out.exists()
        real = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--backend", "llm"])
        sent = server.requests
        _, measure = estimator_for(None)
        sent_prompt = sum(measure(m["content"]) for request in server.log for m in request["messages"])
        before = {p: p.stat().st_mtime_ns for p in out.iterdir()}
        again = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--dry-run"])
        assert server.requests == sent
    assert dry.exit_code == 0, dry.output
    assert real.exit_code in (0, 3) and sent == requests and sent_prompt == prompt  # the estimate counts what is sent
    assert "documents: 5 of 5 files" in dry.output
    assert f"chunks for the model: {requests} " in dry.output and f"{requests} to send" in dry.output
    assert f"estimated prompt tokens: {prompt:,} " in dry.output
    assert f"estimated completion tokens: {completion:,} " in dry.output
    deepseek = PUBLISHED["deepseek"].prices
    cost = deepseek.cost(prompt, 0, completion)
    assert f"USD {cost:.4f}" in dry.output and "api-docs.deepseek.com" in dry.output
    assert KEY not in dry.output + again.output
    # After the real run every chunk is in the cache: nothing left to pay for, and nothing was touched.
    assert f"{requests} already in" in again.output and "0 to send" in again.output
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_dry_run_without_a_model_still_prices_every_preset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EXTRACTOR_BASE_URL", "EXTRACTOR_MODEL", "EXTRACTOR_PROVIDER", "EXTRACTOR_PRICES"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["run", str(SMALL[0]), "--out", str(tmp_path / "run"), "--dry-run"])
    assert result.exit_code == 0 and not (tmp_path / "run").exists()
    assert "the rules backend makes no model call" in result.output
    for provider in ("deepseek", "qwen", "moonshot", "openai", "zhipu", "vllm", "ollama"):
        assert f"  {provider}" in result.output
    assert "set EXTRACTOR_PRICES" in result.output


# --- budgets ------------------------------------------------------------------------------------------


def _cli_run(out: Path, server: FakeOpenAI, *extra: str) -> Any:
    return CliRunner().invoke(
        app,
        ["run", *map(str, [*SMALL, LONG]), "--out", str(out), "--backend", "llm", "--base-url", server.url,
         "--model", "fake-rules", "-j", "1", *extra],
    )  # fmt: skip


def test_max_total_tokens_stops_cleanly_and_a_rerun_completes(tmp_path: Path) -> None:
    """Concurrency 1, two documents open at a time: the first answer spends the budget; the request
    in flight is kept, the open documents' other chunks are not sent, the third file is not started."""
    out = tmp_path / "run"
    total = sum(len(packed(f)) for f in [*SMALL, LONG])
    with FakeOpenAI(latency=0.2, max_requests=100) as server:
        stopped = _cli_run(out, server, "--concurrency", "1", "--max-total-tokens", "1")
        first = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        spent = server.requests
        resumed = _cli_run(out, server)
        second = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert stopped.exit_code == EXIT_BUDGET, stopped.output
    assert spent == 1 and first["model_calls"] == 1
    assert first["partial"] is True and "--max-total-tokens 1 reached" in first["budget_reached"]
    lines = [line for line in stopped.output.splitlines() if line.startswith("budget reached:")]
    assert len(lines) == 1 and "run the same command again" in lines[0]
    assert first["finished_inputs"] == 2 and first["inputs"] == 3  # the third file was not started
    assert all("not sent" in f["reason"] for f in first["failures"]) and first["failed_chunks"] >= 1
    assert resumed.exit_code in (0, 3), resumed.output
    assert server.requests - spent == total - 1  # the answered chunk came from the cache
    assert second["partial"] is False and second["budget_reached"] is None and second["failed_chunks"] == 0
    assert second["documents"] == 3


def test_max_cost_keeps_the_requests_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two requests in flight when the first answer spends the budget: both are kept (answered and
    cached); nothing else is sent."""
    monkeypatch.setenv("EXTRACTOR_PRICES", "1000000,1000000,1000000")  # 1 per token
    monkeypatch.setenv("EXTRACTOR_API_KEY", KEY)
    out = tmp_path / "run"
    with FakeOpenAI(latency=0.5, max_requests=100) as server:
        result = CliRunner().invoke(
            app,
            ["run", str(LONG), "--out", str(out), "--backend", "llm", "--base-url", server.url, "--model",
             "fake-rules", "--concurrency", "2", "--max-cost", "1"],
        )  # fmt: skip
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert result.exit_code == EXIT_BUDGET, result.output
    assert server.requests == 2 and summary["model_calls"] == 2
    assert summary["failed_chunks"] == len(packed(LONG)) - 2
    assert summary["budget"]["spent_cost"] == pytest.approx(summary["prompt_tokens"] + summary["completion_tokens"])
    with sqlite3.connect(out / "llm_cache.sqlite") as cache:
        assert cache.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 2
    assert KEY not in result.output and "budget reached:" in result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_max_cost_needs_prices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXTRACTOR_PRICES", raising=False)
    result = CliRunner().invoke(
        app,
        ["run", str(LONG), "--out", str(tmp_path / "run"), "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
         "--max-cost", "0.5"],
    )  # fmt: skip
    assert result.exit_code == 2 and "EXTRACTOR_PRICES" in result.output
    assert not (tmp_path / "run").exists()


def test_costs_are_prices_per_million() -> None:
    assert math.isclose(Prices(1.0, 0.5, 2.0).cost(1_000_000, 500_000, 1_000_000), 0.5 + 0.25 + 2.0)


def test_a_freed_slot_goes_to_the_longest_waiting_sender_and_survives_its_cancellation() -> None:
    # Each answer wakes as many waiting senders as there are free slots, oldest first; a sender woken
    # and then cancelled (its chunk abandoned) hands the slot on instead of leaving it idle.
    async def scenario() -> list[str]:
        clock = FakeClock()
        throttle = Throttle(1, clock, clock.sleep)
        got: list[str] = []

        async def sender(name: str) -> None:
            epoch = await throttle.acquire()
            got.append(name)
            await asyncio.sleep(0)
            throttle.release(epoch, ok=True)

        first = await throttle.acquire()
        tasks = {name: asyncio.create_task(sender(name)) for name in "BCDE"}
        await asyncio.sleep(0)  # all four now wait, in this order
        throttle.release(first, ok=True)  # wakes B only
        tasks["B"].cancel()  # before B ran: its slot must go to C
        # An idle slot would leave C, D and E waiting for ever: fail within seconds instead.
        await asyncio.wait_for(asyncio.gather(*tasks.values(), return_exceptions=True), timeout=5)
        assert throttle.in_flight == 0
        return got

    assert asyncio.run(scenario()) == ["C", "D", "E"]
