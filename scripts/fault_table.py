"""Run the fault-injection suite and print its outcome table by group (the README's "Hardening" table).

    .venv/bin/python scripts/fault_table.py            # runs tests/test_faults.py, prints the table
    .venv/bin/python scripts/fault_table.py --cases    # also every case with its outcome and detail

The counts come from the suite's own ledger (tests/fault_support.py): each case is judged survived,
lost or wrong-marked-clean by the test that ran it. Exit status is the test run's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fault_support import GROUPS, LOST, SURVIVED, WRONG  # noqa: E402


def table(rows: list[dict[str, str]]) -> str:
    counts: dict[str, Counter[str]] = {group: Counter() for group in GROUPS}
    for row in rows:
        counts[row["group"]][row["outcome"]] += 1
    lines = [
        "| group | cases | survived | lost | wrong-marked-clean | skipped |",
        "|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for group in GROUPS:
        c = counts[group]
        total.update(c)
        lines.append(f"| {group} | {sum(c.values())} | {c[SURVIVED]} | {c[LOST]} | {c[WRONG]} | {c['skipped']} |")
    lines.append(
        f"| **all** | **{sum(total.values())}** | **{total[SURVIVED]}** | **{total[LOST]}** | "
        f"**{total[WRONG]}** | **{total['skipped']}** |"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="store_true", help="list every case with its outcome")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ledger = Path(folder) / "faults.json"
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", "tests/test_faults.py"],
            cwd=ROOT,
            env={**os.environ, "FAULT_TABLE_JSON": str(ledger)},
            capture_output=True,
            text=True,
        )
        if not ledger.exists():
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            return done.returncode or 1
        rows = json.loads(ledger.read_text(encoding="utf-8"))
    print(table(rows))
    summary = [line for line in done.stdout.splitlines() if " passed" in line or " failed" in line]
    print(f"\n`pytest tests/test_faults.py`: {summary[-1].strip() if summary else 'see output'}")
    if args.cases:
        for row in rows:
            print(f"- {row['group']} / {row['case']}: {row['outcome']} — {row['detail']}")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
