"""`extractor review`: the real command serves the page on 127.0.0.1 and stops cleanly."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.review import server
from tests.review_support import review_count, seeds_run, start_review, stop


def test_review_serves_on_loopback_and_refuses_foreign_writes(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    run_dir = seeds_run(tmp_path_factory, tmp_path / "run")
    process, url = start_review(run_dir, "--port", "0", "--reviewer", "cli-test")
    try:
        assert url.startswith("http://127.0.0.1:")
        page = httpx.get(url, timeout=10)
        assert (
            page.status_code == 200 and "reviewed" in page.text and "reviewer: <strong>cli-test</strong>" in page.text
        )
        item_id = httpx.get(url + "api/items", timeout=10).json()["items"][0]["id"]
        endpoint = f"{url}api/items/{item_id}/review"
        refused = httpx.post(
            endpoint, json={"decision": "reject"}, headers={"Origin": "http://evil.example"}, timeout=10
        )
        assert refused.status_code == 403
        accepted = httpx.post(endpoint, json={"decision": "accept"}, headers={"Origin": url.rstrip("/")}, timeout=10)
        assert accepted.status_code == 200
    finally:
        stop(process)
    assert process.returncode is not None
    assert review_count(run_dir) == 1


def test_review_refuses_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(tmp_path)])
    assert result.exit_code == 2
    assert not (tmp_path / "run.sqlite").exists()


def test_a_busy_default_port_falls_back_and_an_explicit_one_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        taken = busy.getsockname()[1]
        monkeypatch.setattr(server, "DEFAULT_PORT", taken)
        with server.bind("127.0.0.1", None) as fallback:
            assert fallback.getsockname()[1] not in (taken, 0)
            assert fallback.getsockname()[0] == "127.0.0.1"
        with pytest.raises(OSError, match="--port"):
            server.bind("127.0.0.1", taken)


def test_loopback_detection() -> None:
    assert server.is_loopback("127.0.0.1") and server.is_loopback("localhost") and server.is_loopback("::1")
    assert not server.is_loopback("0.0.0.0") and not server.is_loopback("192.0.2.1")
