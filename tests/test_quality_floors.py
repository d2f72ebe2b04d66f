"""Floors that bite: the rules backend's F1 and field accuracy on the seeds and the development corpus,
as a whole, per document shape, per government level and per document, each a small margin under
the value measured when the floors were written (tests/quality_floors.json).

A change that costs one document a record or two fails here. After a deliberate improvement, raise
the floors in the same commit with `.venv/bin/python scripts/quality_floors.py --write` (it prints
every value beside its floor, and names any floor the new values would lower).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS, ROOT
from tests.quality_floors import load_floors, measure, violations


def test_quality_stays_above_every_floor(seed_run: Path, corpus_run: Path) -> None:
    measured = measure("seeds", ROOT / "tests" / "gold", seed_run, results_gold=ROOT / "tests" / "gold" / "results")
    measured |= measure("corpus", CORPUS / "gold", corpus_run, CORPUS / "manifest.jsonl", CORPUS / "gold_results")
    floors = load_floors()
    assert len(floors) > 200 and any(key.startswith("corpus/doc:") for key in floors)
    problems = violations(measured, floors)
    assert not problems, (
        "\n".join(problems) + "\n(a deliberate change: scripts/quality_floors.py --write, and say why in the commit)"
    )


def test_floors_cover_the_scores_the_issue_names() -> None:
    floors = load_floors()
    for name in ("seeds", "corpus"):
        for score in ("target_f1", "project_f1", "headline_target_strict_f1", "target.qualifier", "project.stage"):
            assert f"{name}/all/{score}" in floors
    assert {key.split("/")[1] for key in floors if key.startswith("corpus/shape:")} >= {
        "shape:full",
        "shape:digest",
        "shape:excerpt",
        "shape:plan",
        "shape:traditional",
        "shape:html",
    }
    assert floors["seeds/all/target_f1"] >= 0.96 and floors["seeds/all/project_f1"] >= 0.87
