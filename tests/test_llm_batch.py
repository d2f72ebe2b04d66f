"""Batch mode (``run --batch``) end to end through the CLI, against the fake server's Batch interface.

Submit → a second invocation while the batch runs → the provider finishes it → collect: the records
equal those of a synchronous run given the same answers, the request bodies equal the synchronous
ones, the response cache is filled (a later synchronous run replays it with no call), failed lines are
sent again in a new batch and only they, and the API key reaches no file and no output line.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI
from typer.testing import CliRunner, Result

from extractor import store
from extractor.backends.llm import batch
from extractor.backends.llm.config import PRESETS
from extractor.cli import EXIT_BATCH_PENDING, EXIT_FAILED, app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FILES = [SEEDS / "001_332ad4d155dc2366.txt", SEEDS / "003_4a606b2b17229643.txt"]  # 5 packed chunks
KEY = "sk-planted-batch-key-77c3a1"
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]


def invoke(server: FakeOpenAI, out: Path, *extra: str, files: list[Path] = FILES, backend: str = "llm") -> Result:
    env = {"EXTRACTOR_BASE_URL": server.url, "EXTRACTOR_MODEL": "fake-rules", "EXTRACTOR_API_KEY": KEY}
    args = ["run", *map(str, files), "--out", str(out), "--backend", backend, *extra]
    return CliRunner().invoke(app, args, env=env)


def db(out: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(out / store.DB_NAME)
    connection.row_factory = sqlite3.Row
    return connection


def batch_lines(server: FakeOpenAI, batch_id: str) -> list[dict[str, Any]]:
    """The request lines of a batch, as uploaded."""
    return server.batch_inputs[batch_id]


def items(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]


def test_submit_wait_collect_gives_the_records_of_a_synchronous_run(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        sync = invoke(server, tmp_path / "sync")
        sync_bodies = list(server.log)
        calls_before = server.requests
        assert sync.exit_code in (0, 3), sync.output

        out = tmp_path / "batch"
        submitted = invoke(server, out, "--batch")
        assert submitted.exit_code == EXIT_BATCH_PENDING, submitted.output
        assert "batch submitted: 5 requests, batch id batch-fake-" in submitted.output
        assert "run the same command again later to collect" in submitted.output
        assert not (out / "items.jsonl").exists()  # nothing is extracted while the batch runs
        (batch_id,) = server.batches
        job = db(out).execute("SELECT * FROM batch_jobs").fetchone()
        assert job["batch_id"] == batch_id and job["status"] == "in_progress" and job["requests"] == 5
        assert job["input_file_id"] == server.batches[batch_id]["input_file_id"] and job["collected_at"] is None
        keys = {r["custom_id"]: r["cache_key"] for r in db(out).execute("SELECT * FROM batch_requests")}
        lines = batch_lines(server, batch_id)
        assert {line["custom_id"] for line in lines} == set(keys) and len(keys) == 5
        assert all(line["method"] == "POST" and line["url"] == "/v1/chat/completions" for line in lines)
        # Each body is byte for byte what the synchronous path sent for the same chunk.
        assert sorted(json.dumps(line["body"], sort_keys=True) for line in lines) == sorted(
            json.dumps(body, sort_keys=True) for body in sync_bodies
        )

        waiting = invoke(server, out, "--batch")
        assert waiting.exit_code == EXIT_BATCH_PENDING
        assert f"batch {batch_id} in progress: 0 of 5 requests done, 0 failed" in waiting.output
        assert len(server.batches) == 1  # nothing sent twice

        assert server.complete_batches() == 5
        collected = invoke(server, out, "--batch")
        assert server.requests == calls_before  # not one synchronous chat call in batch mode
    assert collected.exit_code == sync.exit_code, collected.output
    assert items(out) == items(tmp_path / "sync") and items(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["cache_hits"] == 5 and summary["model_calls"] == 0 and summary["failed_chunks"] == 0
    assert summary["batch"]["answered"] == 5 and summary["batch"]["failed"] == 0
    assert summary["batch"]["prompt_tokens"] > 0 and summary["batch"]["jobs"][0]["status"] == "completed"
    connection = db(out)
    assert connection.execute("SELECT collected_at FROM batch_jobs").fetchone()[0] is not None
    statuses = [r[0] for r in connection.execute("SELECT status FROM model_calls WHERE status LIKE 'batch_%'")]
    assert statuses == ["batch_ok"] * 5
    cached = sqlite3.connect(out / "llm_cache.sqlite").execute("SELECT key FROM responses").fetchall()
    assert {k for (k,) in cached} == set(keys.values())
    # No key anywhere: it went in the Authorization header of the Batch interface's calls, and only there.
    assert server.headers_seen and all(h == f"Bearer {KEY}" for h in server.headers_seen)
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in submitted.output + waiting.output + collected.output


def test_a_later_synchronous_run_replays_the_batch_answers_from_the_cache(tmp_path: Path) -> None:
    out, again = tmp_path / "batch", tmp_path / "again"
    with FakeOpenAI() as server:
        assert invoke(server, out, "--batch").exit_code == EXIT_BATCH_PENDING
        server.complete_batches()
        assert invoke(server, out, "--batch").exit_code in (0, 3)
        again.mkdir()
        shutil.copy(out / "llm_cache.sqlite", again / "llm_cache.sqlite")
        replay = invoke(server, again)
        assert server.requests == 0
    assert replay.exit_code in (0, 3), replay.output
    summary = json.loads((again / "summary.json").read_text(encoding="utf-8"))
    assert summary["cache_hits"] == 5 and summary["model_calls"] == 0
    assert items(again) == items(out)


def test_failed_lines_are_sent_again_alone_and_a_rejected_request_is_left_to_a_synchronous_run(
    tmp_path: Path,
) -> None:
    out = tmp_path / "batch"
    with FakeOpenAI() as server:
        assert invoke(server, out, "--batch").exit_code == EXIT_BATCH_PENDING
        ids = [r["custom_id"] for r in db(out).execute("SELECT custom_id FROM batch_requests ORDER BY rowid")]
        fates = {ids[0]: "http_500", ids[1]: "expired", ids[2]: "http_400"}
        server.batch_script = fates.get
        server.complete_batches()
        resent = invoke(server, out, "--batch")
        assert resent.exit_code == EXIT_BATCH_PENDING, resent.output
        assert "batch submitted: 2 requests" in resent.output
        first, second = server.batches
        assert {line["custom_id"] for line in batch_lines(server, second)} == {ids[0], ids[1]}
        assert server.batch_answered == 2  # the other three lines of the first batch
        server.batch_script = None
        server.complete_batches()
        finished = invoke(server, out, "--batch")
        assert server.requests == 0
        assert finished.exit_code == EXIT_FAILED, finished.output  # the 400 is a failed chunk, as in a sync run
        failures = store.load_failures(store.connect(out))
        assert len(failures) == 1
        assert "HTTP 400" in failures[0]["reason"] and "run without --batch" in failures[0]["reason"]
        assert "run without --batch to finish them synchronously" in finished.output
        rows = db(out).execute("SELECT batch_id, custom_id, status, retry FROM batch_requests").fetchall()
        assert [(r["custom_id"], r["status"], r["retry"]) for r in rows if r["batch_id"] == first] == [
            (ids[0], "failed", 1),
            (ids[1], "failed", 1),
            (ids[2], "failed", 0),
            (ids[3], "answered", None),
            (ids[4], "answered", None),
        ]
        assert all(r["status"] == "answered" for r in rows if r["batch_id"] == second)

        synchronous = invoke(server, out)  # --no-batch: the one failed chunk is asked over the chat API
        assert server.requests == 1
    assert synchronous.exit_code in (0, 3), synchronous.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed_chunks"] == 0 and summary["model_calls"] == 1


def test_a_request_that_keeps_failing_is_sent_in_at_most_three_batches(tmp_path: Path) -> None:
    out = tmp_path / "batch"
    with FakeOpenAI() as server:
        assert invoke(server, out, "--batch", files=FILES[:1]).exit_code == EXIT_BATCH_PENDING
        (doomed,) = [r[0] for r in db(out).execute("SELECT custom_id FROM batch_requests ORDER BY rowid LIMIT 1")]
        server.batch_script = {doomed: "http_503"}.get
        codes = []
        for _ in range(4):
            server.complete_batches()
            codes.append(invoke(server, out, "--batch", files=FILES[:1]).exit_code)
        sent = [line["custom_id"] for line in server.batch_log]
    assert codes == [EXIT_BATCH_PENDING, EXIT_BATCH_PENDING, EXIT_FAILED, EXIT_FAILED]
    assert sent.count(doomed) == 3 and len(server.batches) == 3
    reason = store.load_failures(store.connect(out))[0]["reason"]
    assert "HTTP 503" in reason and "sent in 3 batches" in reason


@pytest.mark.parametrize("fate", ["length", "content_filter"])
def test_a_bad_batch_answer_fails_its_chunk_with_the_reason_a_synchronous_answer_gets(
    tmp_path: Path, fate: str
) -> None:
    with FakeOpenAI(script=lambda n: fate if n == 1 else None) as server:
        invoke(server, tmp_path / "sync", files=FILES[:1])
        sync_reasons = [f["reason"] for f in store.load_failures(store.connect(tmp_path / "sync"))]
        out = tmp_path / "batch"
        invoke(server, out, "--batch", files=FILES[:1])
        (first,) = [r[0] for r in db(out).execute("SELECT custom_id FROM batch_requests ORDER BY rowid LIMIT 1")]
        server.batch_script = {first: fate}.get
        server.complete_batches()
        result = invoke(server, out, "--batch", files=FILES[:1])
    assert result.exit_code == EXIT_FAILED, result.output
    (reason,) = [f["reason"] for f in store.load_failures(store.connect(out))]
    assert len(sync_reasons) == 1 and sync_reasons[0] in reason and "batch answer rejected" in reason
    assert db(out).execute("SELECT status, retry FROM batch_requests WHERE custom_id = ?", (first,)).fetchone()[:] == (
        "failed",
        0,
    )


def test_batch_needs_a_model_backend_and_the_cache(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        no_cache = invoke(server, tmp_path / "a", "--batch", "--no-cache")
        rules = CliRunner().invoke(
            app, ["run", str(FILES[0]), "--out", str(tmp_path / "b"), "--backend", "rules", "--batch"]
        )
        assert server.batches == {}
    assert no_cache.exit_code == 2 and "--batch needs a model backend" in no_cache.output
    assert rules.exit_code == 2 and not (tmp_path / "b").exists()


def test_more_requests_than_one_batch_takes_are_split_and_all_collected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_REQUESTS", 2)
    out = tmp_path / "batch"
    with FakeOpenAI() as server:
        submitted = invoke(server, out, "--batch")
        assert len(server.batches) == 3 and "batch submitted: 5 requests, batch id " in submitted.output
        assert all(f"{batch_id}" in submitted.output for batch_id in server.batches)
        assert sorted(len(lines) for lines in server.batch_inputs.values()) == [1, 2, 2]
        server.complete_batches()
        collected = invoke(server, out, "--batch")
    assert collected.exit_code in (0, 3), collected.output
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["batch"]["answered"] == 5


@pytest.mark.parametrize(
    ("provider", "path"),
    [
        ("openai", "/v1/chat/completions"),
        ("qwen", "/v1/chat/completions"),
        ("moonshot", "/v1/chat/completions"),
        ("zhipu", "/v4/chat/completions"),
        ("vllm", "/v1/chat/completions"),
    ],
)
def test_the_batch_names_the_chat_path_in_the_version_of_the_base_url(provider: str, path: str) -> None:
    assert batch.batch_endpoint(PRESETS[provider].base_url) == path
    assert batch.batch_endpoint("http://proxy.local:4000") == "/v1/chat/completions"


def test_hybrid_in_batch_mode_stores_what_a_synchronous_hybrid_run_stores(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        sync = invoke(server, tmp_path / "sync", files=FILES[:1], backend="hybrid")
        submitted = invoke(server, tmp_path / "batch", "--batch", files=FILES[:1], backend="hybrid")
        assert submitted.exit_code == EXIT_BATCH_PENDING
        server.complete_batches()
        collected = invoke(server, tmp_path / "batch", "--batch", files=FILES[:1], backend="hybrid")
    assert collected.exit_code == sync.exit_code, collected.output
    stored = items(tmp_path / "batch")
    assert stored == items(tmp_path / "sync") and {r["backend"] for r in stored} >= {"both"}


def test_a_failing_batch_interface_stops_the_run_with_one_line_and_keeps_the_job(tmp_path: Path) -> None:
    out = tmp_path / "batch"
    with FakeOpenAI() as server:
        assert invoke(server, out, "--batch", files=FILES[:1]).exit_code == EXIT_BATCH_PENDING
        server.batches.clear()  # the provider no longer knows the batch: 404 on retrieve
        result = invoke(server, out, "--batch", files=FILES[:1])
    assert result.exit_code == EXIT_FAILED
    lines = [line for line in result.output.splitlines() if "batch interface" in line]
    assert len(lines) == 1 and "404" in lines[0] and KEY not in result.output
    assert db(out).execute("SELECT collected_at FROM batch_jobs").fetchone()[0] is None
