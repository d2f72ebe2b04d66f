"""The model path at scale against the local fake server, each figure beside its ideal, in one run.

Builds a corpus in a temporary folder from copies of seeds/ and tests/corpus/docs/ (each copy ends
with its own numbered line, so no two are the same document), enough of them that a run makes at
least ``--calls`` model calls (packed chunks of ``--chunk-size`` characters), and runs the llm
backend over it with ``run_files`` as ``extractor run --no-cache`` does, once per latency and
concurrency, each into a fresh run folder. The fake OpenAI-compatible server runs in its own process
(``tests/fake_openai.py --bench``: each chunk's answer is made once, while the latency runs), so its
CPU is not the client's.

For each case: calls, the model phase (first request to last answer), the ideal
(calls × latency / concurrency: every slot busy all the time, nothing else costing time), their ratio,
and the client's CPU per call: CPU seconds of this process (every thread) during the model phase
divided by the calls, and of it the event loop's thread (the HTTP path, instructor, parsing, the
response cache, storing, orchestration). Ingest, and the grounding and checks of each answered
document, run in the run's worker processes (``--workers``, as the command line does by default);
their CPU is reported apart. Zero latency shows what the client costs on its own.

    .venv/bin/python scripts/bench_llm.py            # 200 and 50 ms and 0, concurrency 16 and 64, ≥ 3,000 calls each
    .venv/bin/python scripts/bench_llm.py --quick    # 400 calls, 50 ms and 0, concurrency 16 and 64 (under a minute)
    .venv/bin/python scripts/bench_llm.py --profile /tmp/c64.prof --latency 0 --concurrency 64
    .venv/bin/python scripts/bench_llm.py --repeat 2   # each case twice, the least disturbed run shown

A second run in the same folder as the last case reads every answer from the response cache
(0 model calls). Wall-clock figures on a shared machine are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import store  # noqa: E402
from extractor.backends import make_backend  # noqa: E402
from extractor.backends.llm.backend import ModelBackend, model_chunks  # noqa: E402
from extractor.backends.llm.config import ModelConfig  # noqa: E402
from extractor.backends.llm.tokens import budget_for  # noqa: E402
from extractor.chunks import pack_chunks  # noqa: E402
from extractor.pipeline import DocumentOverrides, prepare  # noqa: E402
from extractor.run import InputFile, default_workers, run_files  # noqa: E402

SOURCES = sorted((ROOT / "seeds").iterdir()) + sorted((ROOT / "tests" / "corpus" / "docs").iterdir())
GOALS = {0.2: 1.2, 0.05: 1.5}  # latency → the bound on model phase / ideal
CPU_GOAL_MS = 2.0


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    """The fake server in a child process on a free loopback port; returns it and its base URL."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "fake_openai.py"), "--port", "0", "--latency", str(latency), "--bench"],
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


def stop_server(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=10)


def model_config(url: str, chunk_size: int) -> ModelConfig:
    return ModelConfig(base_url=url, model="fake-rules", api_key="sk-bench-not-a-real-key", chunk_size=chunk_size)


def chunks_per_source(chunk_size: int) -> list[int]:
    """Model chunks of each source file at ``chunk_size`` (also warms the one-off lazy loads)."""
    budget = budget_for(model_config("http://127.0.0.1:1/v1", chunk_size))
    counts = []
    for path in SOURCES:
        prepared = prepare(path)
        counts.append(len(model_chunks(pack_chunks(prepared.document, prepared.sections, budget.size, budget.measure))))
    return counts


def build_corpus(folder: Path, calls: int, chunk_size: int) -> tuple[list[InputFile], int]:
    """Copies of the sources, each with its own last line, until their chunks reach ``calls``."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = chunks_per_source(chunk_size)
    files: list[InputFile] = []
    expected = index = 0
    while expected < calls:
        source = SOURCES[index % len(SOURCES)]
        path = folder / f"{index:05d}_{source.name}"
        path.write_bytes(source.read_bytes() + f"\n（本副本编号{index}。）\n".encode())
        files.append(InputFile(path, path.name))
        expected += counts[index % len(SOURCES)]
        index += 1
    return files, expected


@dataclass
class Case:
    latency: float
    concurrency: int
    calls: int
    chunks: int
    failed: int
    model_seconds: float
    run_seconds: float
    cpu_model: float  # this process, during the model phase
    cpu_loop: float  # the event loop's thread, during the model phase
    cpu_run: float  # this process, the whole run_files call
    cpu_workers: float  # the run's worker processes (ingest, validation)
    load: float

    @property
    def ideal(self) -> float:
        return self.calls * self.latency / self.concurrency

    @property
    def ratio(self) -> float | None:
        return self.model_seconds / self.ideal if self.ideal else None

    @property
    def cpu_per_call_ms(self) -> float:
        return 1000 * self.cpu_model / max(1, self.calls)

    @property
    def loop_per_call_ms(self) -> float:
        return 1000 * self.cpu_loop / max(1, self.calls)


def timed_extract(backend: ModelBackend, marks: dict[str, float]) -> None:
    """Note this process's CPU time, and the event loop thread's, at the first request and after every
    answer (the model phase)."""
    extract: Callable[..., Awaitable[Any]] = backend.extractor.extract

    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        marks.setdefault("first", time.process_time())
        marks.setdefault("loop_first", time.thread_time())
        try:
            return await extract(*args, **kwargs)
        finally:
            marks["last"] = time.process_time()
            marks["loop_last"] = time.thread_time()

    backend.extractor.extract = wrapped  # type: ignore[method-assign]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_case(
    files: list[InputFile],
    run_dir: Path,
    url: str,
    latency: float,
    concurrency: int,
    chunk_size: int,
    workers: int,
    profile: Path | None,
) -> Case:
    connection = store.connect(run_dir)
    backend = make_backend("llm", model_config(url, chunk_size), connection, concurrency=concurrency, use_cache=False)
    assert isinstance(backend, ModelBackend)
    marks: dict[str, float] = {}
    timed_extract(backend, marks)
    profiler = cProfile.Profile(time.thread_time) if profile else None  # CPU of the loop thread, not wall
    children, cpu, started = children_cpu(), time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    result = run_files(files, connection, backend, DocumentOverrides(), 16 * 1024 * 1024, workers=workers)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    run_seconds, cpu_run = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    summary = result.backend_summary
    return Case(
        latency=latency,
        concurrency=concurrency,
        calls=int(summary["model_calls"]),  # type: ignore[call-overload]
        chunks=int(summary["model_chunks"]),  # type: ignore[call-overload]
        failed=int(summary["failed_model_chunks"]),  # type: ignore[call-overload]
        model_seconds=float(summary["model_seconds"]),  # type: ignore[arg-type]
        run_seconds=run_seconds,
        cpu_model=marks.get("last", 0.0) - marks.get("first", 0.0),
        cpu_loop=marks.get("loop_last", 0.0) - marks.get("loop_first", 0.0),
        cpu_run=cpu_run,
        cpu_workers=children_cpu() - children,
        load=os.getloadavg()[0],
    )


def cached_rerun(files: list[InputFile], run_dir: Path, url: str, chunk_size: int) -> dict[str, object]:
    """The last case's files again in its folder, from the response cache (stored documents re-read)."""
    connection = store.connect(run_dir)
    backend = make_backend("llm", model_config(url, chunk_size), connection, concurrency=16)
    summary = run_files(files, connection, backend, DocumentOverrides(), resume=False).backend_summary
    connection.close()
    return summary


def table(cases: list[Case]) -> str:
    lines = [
        "| latency | concurrency | calls | model phase s | ideal s | ratio | goal | client CPU ms/call "
        "| of it, event loop | calls/s | run s | workers CPU-s (ingest, validation) | load |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        goal = GOALS.get(case.latency)
        ratio = f"{case.ratio:.2f}" if case.ratio is not None else "—"
        lines.append(
            f"| {case.latency * 1000:.0f} ms | {case.concurrency} | {case.calls:,} | {case.model_seconds:.2f} "
            f"| {case.ideal:.2f} | {ratio} | {f'≤ {goal:g}' if goal else '—'} | {case.cpu_per_call_ms:.2f} "
            f"| {case.loop_per_call_ms:.2f} "
            f"| {case.calls / max(case.model_seconds, 1e-9):.0f} | {case.run_seconds:.2f} | {case.cpu_workers:.2f} "
            f"| {case.load:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="the model path at scale beside its ideal (fake server)")
    parser.add_argument("--latency", type=float, nargs="+", default=None, help="seconds (default 0.2 0.05 0)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--calls", type=int, default=None, help="at least this many calls per case (default 3000)")
    parser.add_argument("--chunk-size", type=int, default=1000, help="packed chunk budget in characters")
    parser.add_argument("--workers", type=int, default=default_workers(), help="ingest processes (default: cores)")
    parser.add_argument("--quick", action="store_true", help="400 calls, latencies 0.05 and 0: under a minute")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the (single) case into this file")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per case; the one with the least client CPU per call is shown"
    )
    args = parser.parse_args()
    logging.getLogger("extractor").setLevel(logging.ERROR)  # every copy's "region unknown" line, hundreds of times
    latencies = args.latency or ([0.05, 0.0] if args.quick else [0.2, 0.05, 0.0])
    calls = args.calls or (400 if args.quick else 3000)

    with tempfile.TemporaryDirectory() as scratch:
        files, _planned = build_corpus(Path(scratch) / "corpus", calls, args.chunk_size)
        characters = sum(len(f.path.read_text("utf-8")) for f in files)
        cases: list[Case] = []
        tried: list[Case] = []  # every run, shown or not: the server's CPU is the children's minus all workers
        last_dir, cached = None, None
        server_cpu: dict[float, float] = {}
        for latency in latencies:
            before = children_cpu()
            process, url = start_server(latency)
            try:
                for concurrency in args.concurrency:
                    tries = []
                    for attempt in range(args.repeat):
                        run_dir = Path(scratch) / f"l{latency * 1000:.0f}_c{concurrency}_{attempt}"
                        tries.append(
                            run_case(
                                files, run_dir, url, latency, concurrency, args.chunk_size, args.workers, args.profile
                            )
                        )
                    tried.extend(tries)
                    case = min(tries, key=lambda c: c.cpu_per_call_ms)  # the run least disturbed by the machine
                    cases.append(case)
                    print(
                        f"latency {latency * 1000:.0f} ms, concurrency {concurrency}: {case.calls} calls, "
                        f"model phase {case.model_seconds:.2f} s (ideal {case.ideal:.2f}), "
                        f"{case.cpu_per_call_ms:.2f} ms CPU/call, load {case.load:.1f}",
                        file=sys.stderr,
                        flush=True,
                    )
                    last_dir = run_dir
                if latency == latencies[-1] and last_dir is not None:
                    cached = cached_rerun(files, last_dir, url, args.chunk_size)
            finally:
                stop_server(process)
            workers = sum(case.cpu_workers for case in tried if case.latency == latency)
            server_cpu[latency] = children_cpu() - before - workers  # the server, once reaped

    print(
        f"\nllm backend, {len(files)} files ({characters:,} characters; copies of the {len(SOURCES)} sources), "
        f"packed chunks of ≤ {args.chunk_size} characters, --no-cache, {args.workers} worker process(es), "
        f"each case the least client CPU of {args.repeat} run(s); fake server "
        f"in its own process; {os.cpu_count()} cores, python {platform.python_version()}, "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    print(table(cases))
    for latency, cpu in server_cpu.items():
        requests = sum(case.calls for case in tried if case.latency == latency)
        print(
            f"fake server at {latency * 1000:.0f} ms: {1000 * cpu / max(1, requests):.2f} ms CPU per request (own process)"
        )
    print(f"\nclient CPU goal ≤ {CPU_GOAL_MS:g} ms per call; ratio goals: ≤ 1.2 at 200 ms, ≤ 1.5 at 50 ms")
    if cached is not None:
        print(
            f"second run in the last folder, every document read again: {cached['model_calls']} model calls, "
            f"{cached['cache_hits']} cache hits"
        )
    failed = sum(case.failed for case in cases)
    if failed:
        print(f"warning: {failed} chunks failed", file=sys.stderr)


if __name__ == "__main__":
    main()
