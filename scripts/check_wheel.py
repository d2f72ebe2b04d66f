"""Build the wheel, install it into a clean venv outside the checkout, and compare its run with the editable one.

    .venv/bin/python scripts/check_wheel.py

An installed wheel must behave like the checkout: prompts/ and schemas/ travel inside it
(extractor/_data), so `extractor run seeds/` from anywhere gives the same records. Exits 1 and
says what differs when it does not. CI runs it (.ci/run).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode not in (0, 3):  # 3: records flagged for review, a normal outcome
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")
    return result


def records(run_dir: Path) -> dict[str, dict[str, object]]:
    lines = (run_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()
    return {item["id"]: item for item in map(json.loads, lines)}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wheel-check-") as scratch:
        work = Path(scratch)
        run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(work / "dist")], work)
        wheel = next((work / "dist").glob("gwr_extractor-*.whl"))
        venv.create(work / "venv", with_pip=True)
        python = work / "venv" / "bin" / "python"
        run([str(python), "-m", "pip", "install", "-q", str(wheel)], work)
        run(
            [str(work / "venv" / "bin" / "extractor"), "run", str(ROOT / "seeds"), "--out", str(work / "wheel_run")],
            work,
        )
        run(
            [str(ROOT / ".venv" / "bin" / "extractor"), "run", str(ROOT / "seeds"), "--out", str(work / "source_run")],
            ROOT,
        )
        installed = run([str(python), "-c", "import extractor, sys; print(extractor.__file__)"], work).stdout.strip()
        from_wheel, from_source = records(work / "wheel_run"), records(work / "source_run")
        if not installed.startswith(str(work)):
            raise SystemExit(f"the clean venv imported extractor from {installed}, not from the wheel")
        if from_wheel != from_source:
            only = set(from_wheel) ^ set(from_source)
            raise SystemExit(f"the wheel's run differs from the checkout's: {len(only)} records on one side only")
        print(f"wheel {wheel.name}: {len(from_wheel)} records, identical to the editable install's run")


if __name__ == "__main__":
    main()
