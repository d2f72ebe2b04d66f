"""The progress bar knows its total before the first document is read and shows the time left, for
every backend; with a model backend it moves with each answered chunk, not only with whole documents."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI
from rich.console import Console

from extractor.api import run_folder
from extractor.backends.llm.config import ModelConfig

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LONG = SEEDS / "003_4a606b2b17229643.txt"  # four packed chunks
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]
FRAME = re.compile(r"documents.*?(\d+)%\s+(\d+)/(\d+)\s+\S+\s+left\s+(\S+)")


def frames(out: io.StringIO) -> list[tuple[int, int, int, str]]:
    """(percent, documents done, documents in all, time left) of every frame the bar drew."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", out.getvalue())
    return [(int(p), int(d), int(n), left) for p, d, n, left in FRAME.findall(text)]


def console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=200, color_system=None), buffer


def test_rules_run_bar_has_its_total_from_the_first_frame(tmp_path: Path) -> None:
    screen, buffer = console()
    run_folder([SEEDS], tmp_path / "run", console=screen, workers=1)
    drawn = frames(buffer)
    assert drawn, buffer.getvalue()[-500:]
    assert drawn[0][1:3] == (0, 5) and drawn[-1][:3] == (100, 5, 5)  # 0 of 5 before any document is done
    assert all(n == 5 for _, _, n, _ in drawn)
    assert re.fullmatch(r"\d+:\d\d:\d\d|-:--:--", drawn[-1][3])


def test_model_run_bar_moves_with_each_chunk(tmp_path: Path) -> None:
    """One report of four chunks, one request at a time: the bar passes through 25–75 % while the
    document count is still 0 of 1, and shows a time left."""
    screen, buffer = console()
    with FakeOpenAI(latency=0.5, max_requests=50) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key="sk-progress")
        run_folder([LONG], tmp_path / "run", backend="llm", config=config, console=screen, concurrency=1, workers=1)
    drawn = frames(buffer)
    assert drawn[0][1:3] == (0, 1) and drawn[-1][:3] == (100, 1, 1)
    partial = [f for f in drawn if f[1] == 0 and 0 < f[0] < 100]
    assert partial, drawn
    assert any(re.fullmatch(r"\d+:\d\d:\d\d", left) for _, _, _, left in partial)  # an estimate, not -:--:--
