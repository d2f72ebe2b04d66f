"""The model path end to end over the seeds: local fake server (loopback only) or an in-memory transport.

Covers the run-level promises: a second run makes zero model calls, a failed chunk is recorded in the
run folder and is the only one sent again, the concurrency bound holds, transport faults are
retried, hybrid marks agreement, and the API key reaches no file and no log line.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from fake_openai import FakeOpenAI, completion_body, rules_answer
from typer.testing import CliRunner

from extractor import store
from extractor.backends import make_backend
from extractor.backends.llm.config import ModelConfig
from extractor.chunks import pack_chunks
from extractor.cli import EXIT_FAILED, app
from extractor.models import Chunk
from extractor.pipeline import DocumentOverrides, prepare
from extractor.run import run_files

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KEY = "sk-planted-runner-key-5d1e90"
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]
SMALL = [SEEDS / "001_332ad4d155dc2366.txt", SEEDS / "004_198e591ce9b795be.txt"]
LONG = SEEDS / "003_4a606b2b17229643.txt"  # four packed chunks


def packed(path: Path) -> list[Chunk]:
    """The chunks the model backend sends for one file (packed to the default budget)."""
    prepared = prepare(path)
    return [c for c in pack_chunks(prepared.document, prepared.sections) if c.section_kind != "review"]


def model_chunks(files: list[Path]) -> int:
    return sum(len(packed(f)) for f in files)


async def no_sleep(_: float) -> None:
    return None


def run(
    files: list[Path],
    out: Path,
    config: ModelConfig,
    mode: str = "llm",
    concurrency: int = 4,
    use_cache: bool = True,
    http_client: httpx.AsyncClient | None = None,
    resume: bool = False,
) -> tuple[dict[str, Any], sqlite3.Connection]:
    """One run_files call; ``resume=False`` (the default here) re-extracts unchanged documents so the
    response cache is what is tested."""
    connection = store.connect(out)
    backend = make_backend(
        mode,
        config,
        connection,
        concurrency=concurrency,
        use_cache=use_cache,
        http_client=http_client,
        sleep=no_sleep,
    )
    result = run_files(files, connection, backend, DocumentOverrides(), 16 * 1024 * 1024, resume=resume)
    return {**result.backend_summary, "unchanged": result.unchanged}, connection


def test_second_run_makes_zero_model_calls(tmp_path: Path) -> None:
    expected = model_chunks(SMALL)
    with FakeOpenAI(max_requests=4 * expected) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY)
        first, connection = run(SMALL, tmp_path / "run", config)
        records_first = [r.id for r in store.load_records(connection)]
        connection.close()
        second, connection = run(SMALL, tmp_path / "run", config)
        records_second = [r.id for r in store.load_records(connection)]
        assert server.requests == expected
        third, connection2 = run(SMALL, tmp_path / "run", config, use_cache=False)
        connection2.close()
        assert server.requests == 2 * expected
        fourth, connection3 = run(SMALL, tmp_path / "run", config, resume=True)  # unchanged: not even looked up
        connection3.close()
        assert server.requests == 2 * expected
    assert first["model_calls"] == expected and first["cache_hits"] == 0 and first["prompt_tokens"] > 0
    assert second["model_calls"] == 0 and second["cache_hits"] == expected and second["prompt_tokens"] == 0
    assert third["model_calls"] == expected
    assert records_first == records_second and records_first
    assert fourth["unchanged"] == len(SMALL) and fourth["cache_hits"] == 0
    rows = connection.execute("SELECT status, cached FROM model_calls").fetchall()
    assert sum(1 for r in rows if r["status"] == "cache_hit" and r["cached"] == 1) == expected
    assert (tmp_path / "run" / "llm_cache.sqlite").is_file()
    connection.close()


def test_requests_in_flight_stay_within_the_bound(tmp_path: Path) -> None:
    with FakeOpenAI(latency=0.05, max_requests=200) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY)
        summary, connection = run([SEEDS / "000_2521081b26323744.txt", *SMALL], tmp_path / "run", config, concurrency=3)
        connection.close()
    assert summary["failed_model_chunks"] == 0
    assert 2 <= server.max_in_flight <= 3


def test_transport_faults_are_retried_until_every_chunk_is_answered(tmp_path: Path) -> None:
    expected = model_chunks(SMALL)
    with FakeOpenAI(fault_rate=0.4, seed=7, max_requests=6 * expected) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, transport_attempts=8)
        summary, connection = run(SMALL, tmp_path / "run", config)
        failures = store.load_failures(connection)
        connection.close()
    assert server.faults > 0 and summary["transport_retries"] == server.faults
    assert summary["failed_model_chunks"] == 0 and not failures
    assert summary["model_calls"] == server.requests == expected + server.faults


def test_a_failed_chunk_is_recorded_and_the_only_one_sent_again(tmp_path: Path) -> None:
    victim = next(c for c in packed(SMALL[1]) if len(c.text) > 100)
    mark = victim.part_texts()[0].strip()
    sent: list[str] = []
    reject = {"on": True}

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        user = body["messages"][-1]["content"]
        sent.append(user)
        if reject["on"] and mark in user:
            return httpx.Response(
                400,
                json={
                    "error": {
                        "code": "data_inspection_failed",
                        "message": "Input data may contain inappropriate content.",
                    }
                },
            )
        return httpx.Response(200, json=completion_body(body, rules_answer(body)))

    config = ModelConfig(base_url="http://fake.invalid/v1", model="m", api_key=KEY)
    expected = model_chunks(SMALL)
    summary, connection = run(
        SMALL, tmp_path / "run", config, http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    failures = [dict(f) for f in store.load_failures(connection)]
    chunk_rows = connection.execute(
        "SELECT status, error FROM chunks WHERE doc_id = ? AND idx = ?", (victim.doc_id, victim.index)
    ).fetchone()
    connection.close()
    assert len(sent) == expected and summary["failed_model_chunks"] == 1 and summary["transport_retries"] == 0
    assert (
        len(failures) == 1 and failures[0]["chunk_idx"] == victim.index and "content rejected" in failures[0]["reason"]
    )
    assert chunk_rows["status"] == "failed" and "data_inspection_failed" in chunk_rows["error"]

    reject["on"] = False
    sent.clear()
    summary, connection = run(
        SMALL,
        tmp_path / "run",
        config,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        resume=True,
    )
    assert len(sent) == 1 and mark in sent[0]
    # Resuming: the complete document is kept as it is, the one with the failed chunk is redone from the cache.
    assert summary["unchanged"] == 1 and summary["cache_hits"] == model_chunks([SMALL[1]]) - 1
    assert not store.load_failures(connection)
    connection.close()


def test_hybrid_runs_both_backends_through_the_run_folder(tmp_path: Path) -> None:
    """Plumbing only: this fake model answers what the rules find, so every record is "both" by
    construction. The merge itself is tested with answers that differ from the rules in every field
    it compares (tests/test_bench_checks.py plants a differing value, unit, bound word, direction, year,
    metric, stage, indicator or name into copies of every gold record and runs them through hybrid)."""
    with FakeOpenAI(max_requests=100) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY)
        summary, connection = run(SMALL, tmp_path / "run", config, mode="hybrid")
        records = store.load_records(connection)
        backend = connection.execute("SELECT DISTINCT backend FROM documents").fetchall()
        connection.close()
    assert records and {r.backend for r in records} == {"both"}  # the fake model answers what the rules find
    assert [row[0] for row in backend] == ["hybrid"]
    assert summary["failed_model_chunks"] == 0


def test_a_bad_file_is_recorded_not_raised(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    config = ModelConfig(base_url="http://fake.invalid/v1", model="m", api_key=KEY)
    transport = httpx.MockTransport(lambda r: httpx.Response(500))
    summary, connection = run([empty], tmp_path / "run", config, http_client=httpx.AsyncClient(transport=transport))
    failures = store.load_failures(connection)
    connection.close()
    assert summary["model_calls"] == 0 and len(failures) == 1 and failures[0]["stage"] == "ingest"


def test_cli_runs_hybrid_by_default_when_a_model_is_configured_and_never_leaks_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "run"
    with FakeOpenAI(max_requests=100) as server:
        monkeypatch.setenv("EXTRACTOR_BASE_URL", server.url)
        monkeypatch.setenv("EXTRACTOR_MODEL", "fake-rules")
        monkeypatch.setenv("EXTRACTOR_API_KEY", KEY)
        first = CliRunner().invoke(app, ["run", str(SMALL[0]), "--out", str(out), "-v"])
        second = CliRunner().invoke(app, ["run", str(SMALL[0]), "--out", str(out)])
        requests = server.requests
    assert first.exit_code in (0, 3), first.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert requests == model_chunks(SMALL[:1])  # the second run resumed: the unchanged document was not redone
    assert summary["backend"] == "hybrid" and summary["model_calls"] == 0 and summary["cache_hits"] == 0
    assert summary["unchanged"] == 1 and summary["documents"] == 1
    assert second.exit_code in (0, 3)
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    assert "model: fake-rules at" in first.output and "unchanged documents kept" in second.output  # logs captured
    assert KEY not in first.output + second.output  # -v: every debug line of the SDKs included


def test_cli_without_a_model_says_it_uses_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EXTRACTOR_BASE_URL", "EXTRACTOR_MODEL", "EXTRACTOR_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["run", str(SMALL[0]), "--out", str(tmp_path / "run")])
    assert result.exit_code in (0, 3)
    lines = [line for line in result.output.splitlines() if "no model configured" in line]
    assert len(lines) == 1 and "using the rules backend" in lines[0]
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["backend"] == "rules" and summary["model_calls"] == 0


def test_cli_reports_an_incomplete_model_configuration_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DEEPSEEK_API_KEY", "EXTRACTOR_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["run", str(SMALL[0]), "--out", str(tmp_path / "run"), "--provider", "deepseek"])
    assert result.exit_code == 2
    assert not (tmp_path / "run").exists()


def test_cli_exit_code_when_a_chunk_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeOpenAI(max_requests=1) as server:  # the budget answers the rest with 400: failures, not a crash
        result = CliRunner().invoke(
            app,
            [
                "run",
                str(LONG),
                "--out",
                str(tmp_path / "run"),
                "--backend",
                "llm",
                "--base-url",
                server.url,
                "--model",
                "fake-rules",
            ],
        )
    assert result.exit_code == EXIT_FAILED
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed_chunks"] == summary["failed_model_chunks"] == model_chunks([LONG]) - 1
    assert all("budget" in f["reason"] for f in summary["failures"])


def test_validation_in_worker_processes_gives_the_records_of_one_process(tmp_path: Path) -> None:
    """With workers, a model run grounds, checks and merges each document in a worker process (off the
    event loop); the records and failures are those of a run in one process."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted(SEEDS.iterdir())
    for index in range(34):  # at least 16 files per worker, or the run keeps to one process
        source = sources[index % len(sources)]
        (corpus / f"{index:03d}_{source.name}").write_bytes(source.read_bytes() + f"\n（副本{index}。）\n".encode())
    files = sorted(corpus.iterdir())
    found = {}
    with FakeOpenAI(max_requests=1000) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY)
        for workers in (1, 2):
            connection = store.connect(tmp_path / f"run{workers}")
            backend = make_backend("hybrid", config, connection, concurrency=8, sleep=no_sleep)
            result = run_files(files, connection, backend, DocumentOverrides(), workers=workers)
            assert result.documents == len(files) and result.backend_summary["failed_model_chunks"] == 0
            found[workers] = sorted(r.model_dump_json() for r in store.load_records(connection))
            connection.close()
    assert found[1] == found[2] and len(found[1]) > 100
