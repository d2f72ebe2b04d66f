"""Shared machinery of the fault-injection suite (tests/test_faults.py, scripts/fault_table.py).

Every case ends in one of three outcomes, counted by group:

* ``survived``: handled as documented: the value is read right (or the record is flagged for a
  reviewer), or the bad input gets one line naming it and its cause and a failed row, the rest of the
  run goes on and what was done stays written;
* ``lost``: a crash or traceback, an input or a chunk that vanished without a row, a cause that was
  lost (a failure whose reason does not name it), run files not written;
* ``wrong-marked-clean``: a wrong value stored with status ``ok``.

The suite asserts ``survived`` for every case; ``FAULT_TABLE_JSON=path`` makes it also write the
ledger, which ``scripts/fault_table.py`` prints as the README's table.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_2521081b26323744.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
GDP = "生产总值增长6.5%以上"  # the headline clause of the seed's main-targets paragraph (written once)
SURVIVED, LOST, WRONG = "survived", "lost", "wrong-marked-clean"
OUTCOMES = (SURVIVED, LOST, WRONG)
GROUPS = (
    "encodings",
    "invisible characters",
    "numbers",
    "size",
    "paths",
    "run folder",
    "model endpoint",
    "secrets",
    "review server",
    "csv",
)


@dataclass
class Ledger:
    """Outcome of every case, in the order they ran."""

    rows: list[dict[str, str]] = field(default_factory=list)

    def record(self, group: str, case: str, outcome: str, detail: str = "") -> str:
        assert group in GROUPS and outcome in (*OUTCOMES, "skipped"), (group, outcome)
        self.rows.append({"group": group, "case": case, "outcome": outcome, "detail": detail})
        return outcome

    def check(self, group: str, case: str, verdict: tuple[str, str]) -> None:
        """Record a case and fail the test unless it survived."""
        outcome, detail = verdict
        self.record(group, case, outcome, detail)
        assert outcome == SURVIVED, f"{group} / {case}: {outcome}: {detail}"

    def skip(self, group: str, case: str, reason: str) -> None:
        self.record(group, case, "skipped", reason)
        pytest.skip(reason)

    def write(self) -> None:
        target = os.environ.get("FAULT_TABLE_JSON")
        if target:
            Path(target).write_text(json.dumps(self.rows, ensure_ascii=False, indent=1), encoding="utf-8")


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outputs(run_dir: Path) -> dict[str, Any]:
    """The run files, or a note saying which one is missing."""
    missing = [
        name
        for name in ("run.sqlite", "items.jsonl", "targets.csv", "projects.csv", "documents.jsonl", "summary.json")
        if not (run_dir / name).is_file()
    ]
    if missing:
        return {"missing": missing}
    return {
        "items": jsonl(run_dir / "items.jsonl"),
        "documents": jsonl(run_dir / "documents.jsonl"),
        "summary": json.loads((run_dir / "summary.json").read_text(encoding="utf-8")),
    }


def seed_with(replacement: str, text: str = SEED_TEXT) -> str:
    """The seed report with its GDP headline clause rewritten."""
    assert text.count(GDP) == 1
    return text.replace(GDP, replacement)


_DROP_DAC_AND_EXEC = (
    "import ctypes, os, sys\n"
    "libc = ctypes.CDLL(None, use_errno=True)\n"
    "for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH out of the bounding set (PR_CAPBSET_DROP = 24)\n"
    "    if libc.prctl(24, cap, 0, 0, 0) != 0:\n"
    "        sys.exit(f'prctl: errno {ctypes.get_errno()}')\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n"
)
"""What ``setpriv --bounding-set -dac_override,-dac_read_search`` does, for a machine without util-linux's setpriv: root
keeps no capability outside the bounding set across exec, so permission bits apply to the program it starts."""


def unprivileged_prefix() -> list[str] | None:
    """A command prefix under which permission bits apply to us (root ignores chmod 000), or None off Linux."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is not None:
        return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    return [sys.executable, "-c", _DROP_DAC_AND_EXEC] if sys.platform == "linux" else None


def cli_process(args: list[str], prefix: list[str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``extractor ARGS`` in a fresh process (for faults that need one: kill -9, locks, privileges)."""
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "extractor.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )


def cli_popen(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )


def traceback_in(text: str) -> bool:
    return "Traceback (most recent call last)" in text


class FakeClock:
    """Time for the model client: ``sleep`` advances it at once, so Retry-After: 3600 costs nothing."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds
        await asyncio.sleep(0)
