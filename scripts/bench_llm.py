"""Concurrency benchmark of the llm backend against the local fake server (no network, no key).

Runs the llm backend over the seeds with the fake OpenAI-compatible server answering every request
after a fixed latency, at concurrency 1, 4 and 16, each into a fresh run folder, then repeats the
last run in the same folder to show that the cache makes zero model calls.

    .venv/bin/python scripts/bench_llm.py [--latency 0.2] [--concurrency 1 4 16]

"model phase" is the wall time from the first request to the last answer; "run" is the whole call
of ``run_files`` (ingest of the five files in a worker thread included). The ideal is
calls × latency / concurrency. The server runs in its own process so its work does not share the
benchmark's interpreter lock.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import store  # noqa: E402
from extractor.backends import make_backend  # noqa: E402
from extractor.backends.llm.config import ModelConfig  # noqa: E402
from extractor.pipeline import DocumentOverrides, prepare  # noqa: E402
from extractor.run import run_files  # noqa: E402


def start_server(latency: float, port: int) -> tuple[subprocess.Popen[str], str]:
    """The fake server in a child process, bound to 127.0.0.1; returns it and its base URL."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "fake_openai.py"), "--port", str(port), "--latency", str(latency)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1"):
        process.kill()
        raise SystemExit(f"fake server did not start (got {url!r})")
    return process, url


def run_once(
    files: list[Path], run_dir: Path, config: ModelConfig, concurrency: int
) -> tuple[dict[str, object], float]:
    connection = store.connect(run_dir)
    started = time.perf_counter()
    backend = make_backend("llm", config, connection, concurrency=concurrency)
    summary = run_files(files, connection, backend, DocumentOverrides(), 16 * 1024 * 1024).backend_summary
    elapsed = time.perf_counter() - started
    connection.close()
    return summary, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="llm backend concurrency benchmark (fake server)")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--port", type=int, default=0, help="fake server port (0: any free port)")
    args = parser.parse_args()

    files = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    for path in files:  # warm the one-off lazy loads (region tables) so they are not timed
        prepare(path)
    process, url = start_server(args.latency, args.port)
    config = ModelConfig(base_url=url, model="fake-rules", api_key="sk-bench-not-a-real-key")
    rows = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            last_dir = None
            for concurrency in args.concurrency:
                run_dir = Path(scratch) / f"c{concurrency}"
                summary, elapsed = run_once(files, run_dir, config, concurrency)
                calls = int(summary["model_calls"])  # type: ignore[arg-type]
                ideal = calls * args.latency / concurrency
                model_seconds = float(summary["model_seconds"])  # type: ignore[arg-type]
                rows.append((concurrency, calls, model_seconds, elapsed, ideal))
                last_dir = run_dir
            assert last_dir is not None
            cached, cached_elapsed = run_once(files, last_dir, config, args.concurrency[-1])
    finally:
        process.terminate()
        process.wait(timeout=10)

    print(f"llm backend over {len(files)} seed files, fake server latency {args.latency * 1000:.0f} ms")
    print(f"{'concurrency':>11} {'calls':>6} {'model phase s':>14} {'run s':>7} {'ideal s':>8} {'model/ideal':>12}")
    for concurrency, calls, model_seconds, elapsed, ideal in rows:
        ratio = model_seconds / ideal if ideal else float("nan")
        print(f"{concurrency:>11} {calls:>6} {model_seconds:>14.2f} {elapsed:>7.2f} {ideal:>8.2f} {ratio:>12.2f}")
    print(
        f"second run in the same folder (cached): {cached['model_calls']} model calls, "
        f"{cached['cache_hits']} cache hits, {cached_elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
