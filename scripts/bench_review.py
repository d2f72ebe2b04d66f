"""Time what one review decision costs now that the page is not reloaded: the decision (POST), the
next-record lookup and the fetch of the next record's page that the browser swaps in.

    .venv/bin/python scripts/bench_review.py

Runs the review app in process (FastAPI TestClient) over a rules run of seeds/ in a temporary folder
and prints the median and worst of 30 decisions beside the floor the issue set (0.7–0.9 s per decision
with full reloads in Chromium; a decision should now stay well under 0.2 s of server time).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from extractor.api import run_folder  # noqa: E402
from extractor.review.app import create_app  # noqa: E402

ROUNDS = 30
FLOOR_SECONDS = 0.2


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        run_dir = Path(scratch) / "run"
        run_folder([ROOT / "seeds"], run_dir)
        client = TestClient(create_app(run_dir, reviewer="bench"), base_url="http://127.0.0.1:8765")
        origin = {"Origin": "http://127.0.0.1:8765"}
        item = client.get("/api/next").json()["next"]
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.post(f"/api/items/{item}/review", json={"decision": "accept"}, headers=origin).raise_for_status()
            item = client.get("/api/next", params={"after": item}).json()["next"]
            client.get("/", params={"item": item}).raise_for_status()
            times.append(time.perf_counter() - started)
            if not item:
                break
    print(f"decisions: {len(times)}  median {statistics.median(times):.3f} s  worst {max(times):.3f} s  "
          f"(floor {FLOOR_SECONDS:.1f} s; before: 0.7-0.9 s per decision with a full reload)")  # fmt: skip


if __name__ == "__main__":
    main()
