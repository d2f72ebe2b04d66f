"""Form and consistency of the development corpus and its gold (tests/corpus, docs/annotation.md).

One test per gold file lists every violation, so a broken record can never pass silently and the
failure message says all that is wrong at once.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractor.ingest import load_document
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.gold

GOLD = CORPUS / "gold"
MANIFEST = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
VOCABULARY = {i["id"] for i in json.loads((ROOT / "schemas" / "indicators.json").read_text())["indicators"]}
TARGET_FIELDS = {
    "source_file", "kind", "indicator", "indicator_id", "metric", "value", "value_high", "unit", "qualifier",
    "bound", "direction", "modality", "target_year", "headline", "quote",
}  # fmt: skip
PROJECT_FIELDS = {"source_file", "kind", "name", "stage", "stage_raw", "group_count", "target_year", "quote"}
BOUND_OF_QUALIFIER = {
    "以上": "at_least", "不低于": "at_least", "不少于": "at_least", "之上": "at_least", "超": "at_least",
    "超过": "at_least", "突破": "at_least", "多": "at_least", "至少": "at_least", "高于": "at_least",
    "左右": "around", "约": "around", "近": "around", "上下": "around",
    "以内": "at_most", "以下": "at_most", "不超过": "at_most", "不高于": "at_most", "内": "at_most",
    "最多": "at_most", "前": "at_most", "低于": "at_most",
}  # fmt: skip
CLAUSE_MARKS = set("，,；;。：:！!？?\n﹐﹔﹕﹒﹗﹖")


@cache
def _text(file_name: str) -> str:
    return load_document(CORPUS / "docs" / file_name).text


def _is_whole_clause(quote: str, text: str) -> bool:
    start = text.find(quote)
    while start >= 0:
        end = start + len(quote)
        before = text[:start].rstrip(" \t\u3000")
        if (not before or before[-1] in CLAUSE_MARKS) and (end == len(text) or text[end] in CLAUSE_MARKS):
            return True
        start = text.find(quote, start + 1)
    return False


def _violations(record: dict, text: str) -> list[str]:
    problems = []
    kind = record.get("kind")
    expected = TARGET_FIELDS if kind == "target" else PROJECT_FIELDS if kind == "project" else None
    if expected is None:
        return [f"kind {kind!r}"]
    if set(record) != expected:
        problems.append(f"fields {sorted(set(record) ^ expected)}")
    quote = record.get("quote") or ""
    if quote not in text:
        problems.append("quote is not in the cleaned text")
    elif not _is_whole_clause(quote, text):
        problems.append("quote is not a whole clause")
    year = record.get("target_year")
    if year is not None and not (isinstance(year, int) and 1950 <= year <= 2050):
        problems.append(f"target_year {year!r}")
    if kind == "project":
        if record.get("stage") not in {"planning", "signed", "start", "ongoing", "complete", "operate"}:
            problems.append(f"stage {record.get('stage')!r}")
        name = record.get("name") or ""
        if name and name[:2] not in quote and not set(name) <= set(quote):
            problems.append("name not in quote")  # "东、西外环路" gives 东外环路: every character is the quote's
        return problems
    if record.get("indicator_id") not in VOCABULARY | {"other"}:
        problems.append(f"indicator_id {record.get('indicator_id')!r}")
    if record.get("metric") not in {"growth", "level", "share", "change_pp", "count", "relative", "delegated"}:
        problems.append(f"metric {record.get('metric')!r}")
    qualifier, bound = record.get("qualifier"), record.get("bound")
    if record.get("value_high") is not None:
        if bound != "range":
            problems.append("two values but bound is not range")
    elif qualifier is None and bound != "point":
        problems.append(f"no qualifier but bound {bound}")
    elif qualifier is not None and BOUND_OF_QUALIFIER.get(qualifier) not in (bound, None):
        problems.append(f"qualifier {qualifier} with bound {bound}")
    if record.get("metric") in ("relative", "delegated") and record.get("value") is not None:
        problems.append("relative/delegated with a value")
    if record.get("direction") not in {"increase", "decrease", "maintain"}:
        problems.append(f"direction {record.get('direction')!r}")
    if record.get("modality") not in {None, "ensure", "strive"} or not isinstance(record.get("headline"), bool):
        problems.append("modality or headline")
    return problems


def test_every_manifest_document_has_a_gold_file_and_a_source() -> None:
    documents = {Path(row["file"]).name for row in MANIFEST}
    golds = {path.stem for path in GOLD.glob("*.jsonl")}
    assert {Path(name).stem for name in documents} == golds
    assert {p.name for p in (CORPUS / "docs").iterdir()} == documents
    assert all(row["source"] and row["region"] and row["level"] and row["plan_year"] for row in MANIFEST)


def test_corpus_covers_the_genre() -> None:
    """The issue's floor for the development corpus (issue 9)."""
    levels = [row["level"] for row in MANIFEST]
    assert len(MANIFEST) >= 40 and levels.count("national") >= 3
    assert len({r["region"] for r in MANIFEST if r["level"] == "province"}) >= 10
    assert len({r["region"] for r in MANIFEST if r["level"] == "prefecture"}) >= 10
    assert len({r["region"] for r in MANIFEST if r["level"] == "county"}) >= 15
    assert sum(1 for r in MANIFEST if r["whole"]) >= 10
    assert {r["script"] for r in MANIFEST} == {"simplified", "traditional"}
    assert {r["shape"] for r in MANIFEST} >= {"full", "digest", "html", "excerpt", "plan", "traditional"}


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.jsonl")), ids=lambda p: p.stem)
def test_gold_file_is_well_formed(path: Path) -> None:
    document = next(Path(r["file"]).name for r in MANIFEST if Path(r["file"]).stem == path.stem)
    text = _text(document)
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        if record.get("source_file") != document:
            problems.append(f"{number}: source_file {record.get('source_file')!r}")
        problems += [f"{number}: {p}  «{record.get('quote')}»" for p in _violations(record, text)]
    assert not problems, "\n".join(problems)


HELDOUT = CORPUS.parent / "heldout"


@pytest.mark.parametrize(
    "path", sorted([*(HELDOUT / "gold").glob("*.jsonl"), *(HELDOUT / "gold_results").glob("*.jsonl")]), ids=str
)
def test_heldout_gold_quotes_are_in_their_cleaned_texts(path: Path) -> None:
    """tests/heldout (set C): the gold a held-out score is computed from points at real text of its document."""
    text = load_document(HELDOUT / "docs" / f"{path.stem}.txt").text
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records
    problems = [
        r["quote"]
        for r in records
        if r.get("source_file") != f"{path.stem}.txt"
        or r.get("kind") not in ("target", "project", "result")
        or r["quote"] not in text
    ]
    assert not problems, problems
