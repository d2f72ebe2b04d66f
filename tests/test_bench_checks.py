"""Floors of the planted-error benchmark (scripts/bench_checks.py) on every gold record of the seeds
and the development corpus, targets, projects and results: checks and hybrid merging catch each kind
of planted model error, and leave right records alone."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts/bench_checks.py"
CAUGHT_FLOOR = 0.95
FALSE_FLAG_CEILING = 0.03
RESULTS_FALSE_FLAG_CEILING = 0.04
"""Achieved figures: the results gold of the 海拉尔 and 上海 reports (added 2026-11-26) completes a clause's subject
from earlier sentences ("全年完成投资15.9亿元" → 东山组团基础设施完成投资), which docs/annotation.md 3.3 allows only from
the same sentence; INDICATOR_NOT_IN_QUOTE flags them for review by design (3.7 % of right results, 2.3 % before)."""


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_checks", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    tally, correct = module.run_parallel(None, None, os.cpu_count() or 1)  # every core: the figures do not change
    return module, tally, correct


def test_every_kind_of_planted_error_is_caught_in_both_modes(bench) -> None:  # type: ignore[no-untyped-def]
    module, tally, correct = bench
    rates = module.rates(tally, correct)
    for mutation in module.MUTATIONS:
        for mode in ("llm", "hybrid"):
            assert tally.cases[(mutation, mode)] >= 100, f"too few {mutation} cases to measure"
            assert rates[f"{mutation}/{mode}"] >= CAUGHT_FLOOR, (
                f"{mutation} in {mode} mode: {rates[f'{mutation}/{mode}']:.1%}"
            )


def test_right_records_are_rarely_flagged(bench) -> None:  # type: ignore[no-untyped-def]
    _, _, correct = bench
    flagged, count = correct["llm"]
    assert count > 1500 and flagged / count <= FALSE_FLAG_CEILING
    flagged, count = correct["llm/result"]  # achieved figures, from the results gold
    assert count > 300 and flagged / count <= RESULTS_FALSE_FLAG_CEILING
    # In hybrid mode a right record is also flagged when the rules read one of its fields otherwise
    # (neither side wins silently); the checks themselves stay under the same ceiling.
    flagged, count = correct["hybrid"]
    by_disagreement = correct["hybrid_disagreement_only"][0]
    assert (flagged - by_disagreement) / count <= FALSE_FLAG_CEILING
