"""Throughput of the rules backend on the seeds: documents and characters per second.

Runs the full offline data flow (ingest, sections, chunks, rules, grounding, checks) in process,
without the SQLite store, several times and prints the best and median rounds. Not a test.

    .venv/bin/python scripts/bench_rules.py [--rounds 5] [FOLDER]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from extractor.backends import rules
from extractor.pipeline import extract_document, prepare

ROOT = Path(__file__).resolve().parent.parent


def one_round(files: list[Path]) -> tuple[float, int, int]:
    started = time.perf_counter()
    characters = records = 0
    for path in files:
        prepared = prepare(path)
        characters += len(prepared.document.text)
        records += len(extract_document(prepared, rules.extract).records)
    return time.perf_counter() - started, characters, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "seeds")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.is_file())
    prepare(files[0])  # warm caches (region table, vocabulary) once, as a long batch run would
    rounds = [one_round(files) for _ in range(args.rounds)]
    times = [seconds for seconds, _, _ in rounds]
    _, characters, records = rounds[0]
    best, median = min(times), statistics.median(times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files: {len(files)}  cleaned characters: {characters}  records: {records}  rounds: {args.rounds}")
    print(f"best   {best:.3f} s  {len(files) / best:8.1f} docs/s  {characters / best:10.0f} chars/s")
    print(f"median {median:.3f} s  {len(files) / median:8.1f} docs/s  {characters / median:10.0f} chars/s")
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
