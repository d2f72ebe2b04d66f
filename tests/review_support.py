"""Helpers for the review and report tests: run folders over seeds/ and a hostile report."""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app as cli_app
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "http://127.0.0.1:8765"
SAME_ORIGIN = {"Origin": ORIGIN}
EVIL_REPORT = """示范县2023年政府工作报告
一、过去一年工作回顾
过去一年,全县经济运行总体平稳,各项事业取得新进展。
二、2023年工作安排
2023年全县经济社会发展的主要预期目标是:地区生产总值增长6%左右<script>alert("xss")</script>;一般公共预算收入增长5%以上<img src=x onerror=alert(2)>;城镇居民人均可支配收入增长7%{{ 7*7 }}{% raw %}。
(一)抓好项目建设。开工建设示范大道改造工程等12个重大项目,全年完成固定资产投资增长10%以上。
"""
_BUILT: dict[str, Path] = {}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENABLE_BROWSER = (
    "install Debian's Chromium and a Chinese font with `apt-get install chromium fonts-wqy-microhei` "
    "(as .ci/run does), or point EXTRACTOR_CHROMIUM at a Chromium binary"
)


def find_chromium() -> Path | None:
    """A Chromium binary: $EXTRACTOR_CHROMIUM, else the first of chromium / chromium-browser / google-chrome
    on PATH (Debian puts chromium in /usr/bin). None when there is none."""
    stated = os.environ.get("EXTRACTOR_CHROMIUM")
    if stated:
        return Path(stated) if Path(stated).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def build_run(inputs: Path, out: Path) -> Path:
    """`extractor run INPUTS --out OUT` with the rules backend, as a user would run it."""
    result = CliRunner().invoke(cli_app, ["run", str(inputs), "--out", str(out), "--backend", "rules"])
    assert result.exit_code in (0, 3), f"{result.output}\n{result.exception!r}"
    assert (out / "run.sqlite").is_file()
    return out


def _cached(factory: pytest.TempPathFactory, name: str, inputs: Path) -> Path:
    if name not in _BUILT:
        _BUILT[name] = build_run(inputs, factory.mktemp(f"base_{name}") / "run")
    return _BUILT[name]


def seeds_run(factory: pytest.TempPathFactory, dest: Path) -> Path:
    """A private copy of a run over seeds/ (built once per session), safe to add decisions to."""
    return Path(shutil.copytree(_cached(factory, "seeds", SEEDS), dest))


def evil_run(factory: pytest.TempPathFactory, dest: Path) -> Path:
    """A run over one report whose text carries markup, an event handler and template syntax."""
    if "evil" not in _BUILT:
        inputs = factory.mktemp("evil_inputs")
        (inputs / "evil_report.txt").write_text(EVIL_REPORT, encoding="utf-8")
        _BUILT["evil"] = build_run(inputs, factory.mktemp("base_evil") / "run")
    return Path(shutil.copytree(_BUILT["evil"], dest))


def review_count(run_dir: Path) -> int:
    with closing(sqlite3.connect(run_dir / "run.sqlite")) as connection:
        return connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]


def start_review(run_dir: Path, *args: str, timeout: float = 30) -> tuple[subprocess.Popen[str], str]:
    """Start `extractor review` and return the process and the address it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", "review", str(run_dir), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump, args=(process, lines), daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if line.startswith("Review page: "):
            return process, line.split(": ", 1)[1].strip()
        if not line:
            break
    stop(process)
    pytest.fail(f"extractor review printed no address (exit {process.returncode}): {''.join(seen)}")


def _pump(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    """Read the server's output so its pipe never fills; an empty string marks the end."""
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)
    lines.put("")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
