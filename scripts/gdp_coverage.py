"""Which reports of a run give a GDP growth target for their own year: a recall check that needs no gold.

Nearly every government work report states the year's GDP (地区生产总值/经济增长) growth target, the one
number a panel of local targets cannot do without. A report of some length for which the run has none
is either a report that states none (a five-year review, a digest of results) or a miss worth reading.
Prints, per run folder, the documents, how many are long enough to be whole reports, how many of those
have a GDP growth target for their report year, and the file names of the others with their year and
region, so they can be read.

    .venv/bin/python scripts/gdp_coverage.py RUN_DIR [RUN_DIR …] [--min-chars 4000]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path


def coverage(run_dir: Path, min_chars: int) -> tuple[int, list[dict[str, object]], list[dict[str, object]]]:
    """(documents, long documents, long documents without a GDP growth target for their report year)."""
    documents = [json.loads(line) for line in (run_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    years_with_gdp: dict[str, set[str]] = defaultdict(set)
    with (run_dir / "targets.csv").open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["indicator_id"] == "gdp" and row["metric"] == "growth":
                years_with_gdp[row["doc_id"]].add(row["target_year"])
    long = [d for d in documents if d.get("status") == "ok" and int(d.get("n_chars") or 0) >= min_chars]
    missing = [d for d in long if str(d.get("report_year")) not in years_with_gdp[str(d["doc_id"])]]
    return len(documents), long, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", type=Path, help="run folders written by `extractor run`")
    parser.add_argument("--min-chars", type=int, default=4000, help="shorter documents are not counted")
    args = parser.parse_args()
    for run_dir in args.runs:
        total, long, missing = coverage(run_dir, args.min_chars)
        print(
            f"{run_dir}: {total} documents, {len(long)} of at least {args.min_chars} characters, "
            f"{len(long) - len(missing)} of them with a GDP growth target for their report year"
        )
        for document in missing:
            print(f"  without: {document['source_file']} ({document.get('region')}, {document.get('report_year')})")


if __name__ == "__main__":
    main()
