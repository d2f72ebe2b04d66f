"""Quality measurements of a rules run against gold, and the floors they must stay above.

One home for what tests/test_quality_floors.py asserts and scripts/quality_floors.py prints (and
rewrites after a deliberate improvement). A measurement is named ``set/scope/score``:
``corpus/shape:digest/target_f1``, ``seeds/doc:000_2521081b26323744.txt/project_f1``,
``corpus/all/target.qualifier`` (field accuracy on matched pairs). Floors sit a small margin under
the values measured when they were last written; a document that has no gold record gets a ceiling
on its false positives instead.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from extractor.evaluate import (
    PROJECT_FIELDS,
    TARGET_FIELDS,
    Scores,
    breakdown,
    evaluate,
    gold_documents,
    load_gold,
    load_manifest,
    load_run,
)

FLOORS = Path(__file__).resolve().parent / "quality_floors.json"
MARGIN = {"all": 0.01, "shape": 0.02, "level": 0.02, "doc": 0.03}
"""How far under today's value a floor sits, by scope: whole sets move least, single documents most."""
FP_MARGIN = 1
"""False positives a document without gold may gain before its ceiling is reached."""
SCORES = ("target", "headline_target_strict", "project", "project_strict_stage")
FIELDS = {"target": TARGET_FIELDS, "project": PROJECT_FIELDS}
"""Every field ``extractor eval`` scores on matched pairs has a floor."""


def _f1s(prefix: str, scores: dict[str, Scores], out: dict[str, float]) -> None:
    for name in SCORES:
        score = scores[name]
        if score.gold:
            out[f"{prefix}/{name}_f1"] = score.f1
        elif name in ("target", "project"):
            out[f"{prefix}/{name}_false_positives"] = score.predicted


def measure(
    name: str, gold_dir: Path, run_dir: Path, manifest: Path | None = None, results_gold: Path | None = None
) -> dict[str, float]:
    """Every measurement of one run folder against one gold folder (and its results gold, when given)."""
    predicted, texts = load_run(run_dir)
    gold = load_gold(gold_dir, texts)
    documents = gold_documents(gold_dir, texts)
    out: dict[str, float] = {}
    overall = evaluate(gold, predicted, documents)
    _f1s(f"{name}/all", overall.scores, out)
    for kind, fields in FIELDS.items():
        for field in fields:
            out[f"{name}/all/{kind}.{field}"] = float(overall.field_accuracy[kind][field])
    if manifest is not None:
        rows = load_manifest(manifest)
        for key in ("shape", "level"):
            for group in breakdown(gold, predicted, documents, rows, key):
                _f1s(f"{name}/{key}:{group.group}", group.scores, out)
    for document in sorted(documents):
        result = evaluate(
            [g for g in gold if g.document == document], [p for p in predicted if p.document == document], {document}
        )
        _f1s(f"{name}/doc:{document}", result.scores, out)
    if results_gold is not None:
        out |= _results(name, load_gold(results_gold, texts), predicted, gold_documents(results_gold, texts))
    return out


def _results(name: str, gold: list, predicted: list, documents: set[str]) -> dict[str, float]:
    """The achieved figures (results) against their own gold: F1 and field accuracy, as a whole."""
    overall = evaluate(gold, predicted, documents)
    out = {f"{name}/all/result_f1": overall.scores["result"].f1}
    for field, value in overall.field_accuracy["result"].items():
        if field != "pairs":
            out[f"{name}/all/result.{field}"] = float(value)
    return out


def is_ceiling(key: str) -> bool:
    return key.endswith("_false_positives")


def floor_for(key: str, value: float) -> float:
    """The floor (or ceiling) written for a measured value: a margin under it, rounded down to 3 places."""
    if is_ceiling(key):
        return value + FP_MARGIN
    scope = key.split("/")[1].split(":")[0]
    return max(0.0, math.floor((value - MARGIN[scope]) * 1000) / 1000)


def load_floors() -> dict[str, float]:
    return json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]


def violations(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Measurements below their floor (above their ceiling), and floors nothing measured any more."""
    problems = []
    for key, floor in sorted(floors.items()):
        if key not in measured:
            problems.append(f"{key}: floor {floor} but nothing measured (a gold file or document was removed?)")
        elif is_ceiling(key) and measured[key] > floor:
            problems.append(f"{key}: {measured[key]:g} false positives, ceiling {floor:g}")
        elif not is_ceiling(key) and measured[key] < floor:
            problems.append(f"{key}: {measured[key]:.4f} under its floor {floor:.3f}")
    problems += [f"{key}: measured {measured[key]:.4f} but has no floor" for key in sorted(set(measured) - set(floors))]
    return problems
