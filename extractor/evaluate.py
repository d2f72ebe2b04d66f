"""Precision / recall / F1 of a run against hand-made gold annotations.

Matching rule (also in `extractor eval --help` and the README): a predicted record and a gold
record can match only when they come from the same document (source file name) and are of the
same kind. Targets match when their quote spans overlap (at any place the gold quote stands, its own
place first) and they agree on the indicator (same
indicator_id other than ``other``, or similar indicator text) or on the value; or, anywhere in the
document, when they have the same indicator_id (not ``other``), value and target year. Projects
match when their names are equal after light normalisation (NFKC, quotes and spaces removed) or one
contains the other, with overlapping quotes or not. Each record matches at most once; the best
scoring pairs are taken first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz

from extractor.ingest import fold_quote

RESULT_FIELDS = ("value", "value_high", "unit", "year", "estimate", "indicator", "indicator_id", "metric", "direction")
TARGET_FIELDS = (
    "indicator",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "target_year",
    "indicator_id",
    "metric",
    "direction",
    "modality",
)
PROJECT_FIELDS = ("name", "stage", "target_year", "group_count")
"""``indicator`` and ``name`` count as right when equal after ``normalize_name`` (NFKC, no quotes or spaces):
the text a panel's column holds, beside the canonical id."""


@dataclass
class Item:
    """A gold or predicted record reduced to what scoring needs."""

    data: dict[str, object]
    span: tuple[int, int] | None
    elsewhere: tuple[tuple[int, int], ...] = ()
    """Other places a gold quote stands in its text ("职业介绍670人" in 清苑 2008's review and again in its plan): a record
    found at one of them still pairs, after any found at ``span``."""

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def document(self) -> str:
        return Path(str(self.data["source_file"])).name


def normalize_name(name: str) -> str:
    """Names compared after NFKC, without quotes, brackets and spaces."""
    name = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s\"“”‘’'《》()（）]", "", name)


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _same_number(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]


def pair_score(gold: Item, predicted: Item) -> float:
    """How well two records match; 0 means they may not be paired."""
    if gold.kind != predicted.kind or gold.document != predicted.document:
        return 0.0
    g, p = gold.data, predicted.data
    overlap = _overlap(gold.span, predicted.span)
    if not overlap and any(_overlap(place, predicted.span) for place in gold.elsewhere):
        return max(0.0, pair_score(replace(gold, span=predicted.span, elsewhere=()), predicted) - 0.5)
    if gold.kind == "result":
        same_value = _same_number(g.get("value"), p.get("value"))
        if overlap and (
            same_value or fuzz.partial_ratio(str(g.get("indicator", "")), str(p.get("indicator", ""))) >= 60
        ):
            return 2.0 + same_value + (g.get("year") == p.get("year"))
        return 0.0
    if gold.kind == "project":
        a, b = normalize_name(str(g["name"])), normalize_name(str(p["name"]))
        if not a or not b:
            return 0.0
        if a == b:
            return 3.0 + overlap
        if a in b or b in a:
            return 2.0 + overlap
        return 1.0 if overlap and fuzz.ratio(a, b) >= 80 else 0.0
    same_id = g.get("indicator_id") not in (None, "other") and g.get("indicator_id") == p.get("indicator_id")
    same_value = _same_number(g.get("value"), p.get("value"))
    text_similarity = fuzz.partial_ratio(str(g.get("indicator", "")), str(p.get("indicator", ""))) / 100
    if overlap and (same_id or same_value or text_similarity >= 0.6):
        return 2.0 + same_id + same_value + text_similarity
    if same_id and same_value and g.get("target_year") == p.get("target_year"):
        return 1.0 + text_similarity
    return 0.0


def match(gold: Sequence[Item], predicted: Sequence[Item]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), best scores first."""
    candidates = []
    by_document: dict[tuple[str, str], list[int]] = {}
    for j, item in enumerate(predicted):
        by_document.setdefault((item.document, item.kind), []).append(j)
    for i, item in enumerate(gold):
        for j in by_document.get((item.document, item.kind), []):
            score = pair_score(item, predicted[j])
            if score > 0:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_gold or j in used_predicted:
            continue
        used_gold.add(i)
        used_predicted.add(j)
        pairs.append((i, j))
    return sorted(pairs)


@dataclass
class Scores:
    true_positives: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.true_positives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    scores: dict[str, Scores]
    field_accuracy: dict[str, dict[str, float | int]]
    misses: list[dict[str, object]] = field(default_factory=list)
    false_positives: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "scores": {name: s.as_dict() for name, s in self.scores.items()},
            "field_accuracy": self.field_accuracy,
            "misses": self.misses,
            "false_positives": self.false_positives,
        }


def _field_accuracy(pairs: Iterable[tuple[Item, Item]], fields: Sequence[str]) -> dict[str, float | int]:
    pairs = list(pairs)
    out: dict[str, float | int] = {"pairs": len(pairs)}
    for name in fields:
        correct = 0
        for gold, predicted in pairs:
            a, b = gold.data.get(name), predicted.data.get(name)
            if name in ("value", "value_high", "group_count"):
                correct += _same_number(a, b)
            elif name in ("indicator", "name"):
                correct += normalize_name(str(a or "")) == normalize_name(str(b or ""))
            else:
                correct += a == b
        out[name] = round(correct / len(pairs), 4) if pairs else 0.0
    return out


def _strict_headline(gold: Item, predicted: Item) -> bool:
    return all(
        _same_number(gold.data.get(f), predicted.data.get(f))
        if f == "value"
        else gold.data.get(f) == predicted.data.get(f)
        for f in ("value", "unit", "qualifier")
    )


def evaluate(gold: Sequence[Item], predicted: Sequence[Item], documents: Iterable[str] | None = None) -> Evaluation:
    """Score predicted records against gold for the documents the gold covers.

    ``documents`` names every document that has a gold file, including those whose gold is empty
    (a digest that states only past results): a record predicted there is a false positive.
    """
    documents = set(documents or ()) | {item.document for item in gold}
    predicted = [item for item in predicted if item.document in documents]
    # Results are annotated in their own files: score them against results gold only, and the rest without them.
    scoring_results = bool(gold) and all(item.kind == "result" for item in gold)
    predicted = [item for item in predicted if (item.kind == "result") == scoring_results]
    pairs = match(gold, predicted)
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    scores: dict[str, Scores] = {}
    kinds = ["result"] if scoring_results else ["target", "project"]
    for kind in kinds:
        scores[kind] = Scores(
            true_positives=sum(1 for i, _ in pairs if gold[i].kind == kind),
            gold=sum(1 for g in gold if g.kind == kind),
            predicted=sum(1 for p in predicted if p.kind == kind),
        )
    headline_pairs = [(i, j) for i, j in pairs if gold[i].data.get("headline") and predicted[j].data.get("headline")]
    if not scoring_results:
        scores["headline_target"] = Scores(
            true_positives=len(headline_pairs),
            gold=sum(1 for g in gold if g.kind == "target" and g.data.get("headline")),
            predicted=sum(1 for p in predicted if p.kind == "target" and p.data.get("headline")),
        )
        scores["headline_target_strict"] = Scores(
            true_positives=sum(1 for i, j in headline_pairs if _strict_headline(gold[i], predicted[j])),
            gold=scores["headline_target"].gold,
            predicted=scores["headline_target"].predicted,
        )
        scores["project_strict_stage"] = Scores(
            true_positives=sum(
                1
                for i, j in pairs
                if gold[i].kind == "project" and gold[i].data.get("stage") == predicted[j].data.get("stage")
            ),
            gold=scores["project"].gold,
            predicted=scores["project"].predicted,
        )
    target_pairs = [(gold[i], predicted[j]) for i, j in pairs if gold[i].kind == "target"]
    project_pairs = [(gold[i], predicted[j]) for i, j in pairs if gold[i].kind == "project"]
    result_pairs = [(gold[i], predicted[j]) for i, j in pairs if gold[i].kind == "result"]
    return Evaluation(
        scores=scores,
        field_accuracy=(
            {"result": _field_accuracy(result_pairs, RESULT_FIELDS)}
            if scoring_results
            else {
                "target": _field_accuracy(target_pairs, TARGET_FIELDS),
                "headline_target": _field_accuracy(
                    [(gold[i], predicted[j]) for i, j in headline_pairs],
                    ("value", "unit", "qualifier", "target_year", "indicator_id"),
                ),
                "project": _field_accuracy(project_pairs, PROJECT_FIELDS),
            }
        ),
        misses=[_describe(gold[i]) for i in range(len(gold)) if i not in matched_gold],
        false_positives=[_describe(predicted[j]) for j in range(len(predicted)) if j not in matched_predicted],
    )


def _describe(item: Item) -> dict[str, object]:
    keys = (
        "source_file",
        "kind",
        "indicator",
        "indicator_id",
        "value",
        "unit",
        "qualifier",
        "target_year",
        "name",
        "stage",
        "quote",
    )
    return {k: item.data.get(k) for k in keys if k in item.data}


# --- loading ------------------------------------------------------------------------------------


def load_gold(path: Path, texts: dict[str, str]) -> list[Item]:
    """Gold records from a .jsonl file or a folder of them; spans located in the cleaned texts."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    items = []
    seen: Counter[tuple[str, str]] = Counter()
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            data = json.loads(line)
            name = Path(str(data["source_file"])).name
            text = texts.get(name)
            quote = str(data["quote"])
            span: tuple[int, int] | None = None
            elsewhere: tuple[tuple[int, int], ...] = ()
            if text is not None:
                quote = quote if quote in text else fold_quote(quote)
                places = _occurrences(text, quote)
                # Gold records that share a quote ("同比增长18％" after each of two incomes) are written in the document's
                # order: the n-th takes the n-th place (the last one when the quote stands there fewer times).
                span = places[min(seen[(name, quote)], len(places) - 1)] if places else None
                seen[(name, quote)] += 1
                elsewhere = tuple(place for place in places if place != span)
            items.append(Item(data=data, span=span, elsewhere=elsewhere))
    return items


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    places, start = [], text.find(quote) if quote else -1
    while start >= 0:
        places.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return places


def gold_documents(path: Path, texts: dict[str, str]) -> set[str]:
    """Source file names that have a gold file (``<stem>.jsonl``), empty ones included."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    stems = {file.stem for file in files}
    return {name for name in texts if Path(name).stem in stems}


def load_run(run_dir: Path) -> tuple[list[Item], dict[str, str]]:
    """Predicted records and cleaned texts (by source file name) from a run folder."""
    from extractor import store

    connection = store.connect(run_dir)
    try:
        texts = {Path(row["source_file"]).name: row["text"] for row in store.load_documents(connection)}
        records = store.load_records(connection)
    finally:
        connection.close()
    items = [
        Item(
            data=record.model_dump(),
            span=(record.char_start, record.char_end)
            if record.char_start is not None and record.char_end is not None
            else None,
        )
        for record in records
    ]
    return items, texts


def format_report(evaluation: Evaluation, show_lists: bool = True, limit: int = 200) -> str:
    """Plain-text tables for the terminal."""
    lines = [f"{'':26}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for name, s in evaluation.scores.items():
        lines.append(
            f"{name:26}{s.gold:>6}{s.predicted:>6}{s.true_positives:>7}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
        )
    lines.append("")
    lines.append("field accuracy on matched pairs:")
    for group, accuracy in evaluation.field_accuracy.items():
        parts = ", ".join(f"{k} {v:.3f}" for k, v in accuracy.items() if k != "pairs")
        lines.append(f"  {group} ({accuracy['pairs']} pairs): {parts}")
    if show_lists:
        for title, items in (
            ("misses (gold not found)", evaluation.misses),
            ("false positives", evaluation.false_positives),
        ):
            lines.append("")
            lines.append(f"{title}: {len(items)}")
            for item in items[:limit]:
                label = item.get("indicator") or item.get("name")
                value = (
                    f" {item.get('value')}{item.get('unit') or ''}"
                    if item.get("kind") == "target"
                    else f" [{item.get('stage')}]"
                )
                lines.append(
                    f"  {str(item['source_file'])[:3]} {str(item['kind'])[:1]} {label}{value}  «{item.get('quote')}»"
                )
    return "\n".join(lines)


# --- breakdowns by document shape and government level ------------------------------------------


@dataclass
class Breakdown:
    """Scores of one group of documents (a shape such as "digest", a level such as "county")."""

    group: str
    documents: int
    scores: dict[str, Scores]
    facts: DocumentFacts | None = None


@dataclass
class DocumentFacts:
    """Document-level readings against the manifest: plan year, region, indicator coverage."""

    documents: int = 0
    year_right: int = 0
    year_unknown: int = 0
    region_right: int = 0
    region_unknown: int = 0
    region_wrong: list[str] = field(default_factory=list)
    targets: int = 0
    targets_with_id: int = 0
    cell_collisions: int = 0

    def as_dict(self) -> dict[str, object]:
        n = max(1, self.documents)
        return {
            "documents": self.documents,
            "year_accuracy": round(self.year_right / n, 4),
            "year_unknown": self.year_unknown,
            "region_accuracy": round(self.region_right / n, 4),
            "region_unknown": self.region_unknown,
            "region_wrong": self.region_wrong,
            "indicator_id_coverage": round(self.targets_with_id / max(1, self.targets), 4),
            "cell_collisions": self.cell_collisions,
        }


def load_manifest(path: Path) -> dict[str, dict[str, object]]:
    """Corpus manifest rows (tests/corpus/manifest.jsonl) by document file name."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {Path(str(row["file"])).name: row for row in rows}


def breakdown(
    gold: Sequence[Item],
    predicted: Sequence[Item],
    documents: Iterable[str],
    manifest: dict[str, dict[str, object]],
    key: str,
    run_documents: Sequence[dict[str, object]] = (),
) -> list[Breakdown]:
    """Scores (and document facts, given the run's documents) per value of a manifest column."""
    groups: dict[str, set[str]] = {}
    for document in documents:
        row = manifest.get(document)
        if row is not None:
            groups.setdefault(str(row.get(key)), set()).add(document)
    out = []
    for name, members in sorted(groups.items()):
        result = evaluate(
            [g for g in gold if g.document in members], [p for p in predicted if p.document in members], members
        )
        facts = document_facts(
            [row for row in run_documents if Path(str(row["source_file"])).name in members],
            [p for p in predicted if p.document in members],
            {name: row for name, row in manifest.items() if name in members},
        )
        out.append(Breakdown(group=name, documents=len(members), scores=result.scores, facts=facts))
    return out


def document_facts(
    run_documents: Sequence[dict[str, object]], predicted: Sequence[Item], manifest: dict[str, dict[str, object]]
) -> DocumentFacts:
    """Plan year and region of each run document against the manifest, and indicator-id coverage."""
    facts = DocumentFacts()
    for row in run_documents:
        name = Path(str(row["source_file"])).name
        entry = manifest.get(name)
        if entry is None:
            continue
        facts.documents += 1
        year = row.get("target_year")
        facts.year_unknown += year is None
        facts.year_right += year == entry.get("plan_year")
        region = row.get("region")
        facts.region_unknown += region is None
        if region == entry.get("region"):
            facts.region_right += 1
        elif region is not None:
            facts.region_wrong.append(f"{name}: {region} (manifest: {entry.get('region')})")
    cells: Counter[tuple[object, ...]] = Counter()
    names = set(manifest)
    for item in predicted:
        if item.kind != "target" or item.document not in names:
            continue
        facts.targets += 1
        indicator_id = item.data.get("indicator_id")
        facts.targets_with_id += indicator_id not in (None, "other")
        if indicator_id not in (None, "other"):
            cells[(item.document, item.data.get("target_year"), indicator_id, item.data.get("metric"))] += 1
    facts.cell_collisions = sum(count - 1 for count in cells.values() if count > 1)
    return facts


def _cell(score: Scores, width: int) -> str:
    """F1, or a dash when there was nothing to find and nothing was found."""
    return f"{'—':>{width}}" if score.gold == 0 and score.predicted == 0 else f"{score.f1:>{width}.3f}"


def format_breakdown(title: str, rows: Sequence[Breakdown]) -> str:
    header = f"  {'':12}{'docs':>5}{'target P':>9}{'R':>6}{'F1':>6}{'headline F1':>12}{'project F1':>11}{'stage F1':>9}"
    lines = [f"by {title}:", header + f"{'year':>6}{'region':>7}"]
    for row in rows:
        s = row.scores
        facts = row.facts.as_dict() if row.facts else {}
        lines.append(
            f"  {row.group:12}{row.documents:>5}{s['target'].precision:>9.3f}{s['target'].recall:>6.3f}"
            f"{_cell(s['target'], 6)}{_cell(s['headline_target'], 12)}{_cell(s['project'], 11)}"
            f"{_cell(s['project_strict_stage'], 9)}{facts.get('year_accuracy', 0):>6.2f}{facts.get('region_accuracy', 0):>7.2f}"
        )
    return "\n".join(lines)


def format_facts(facts: DocumentFacts) -> str:
    d = facts.as_dict()
    lines = [
        f"documents in the manifest: {d['documents']}",
        f"  plan year right: {d['year_accuracy']:.3f} ({d['year_unknown']} unknown, with a warning)",
        f"  region right: {d['region_accuracy']:.3f} ({d['region_unknown']} unknown, with a warning;"
        f" {len(facts.region_wrong)} wrong)",
        f"  targets with a canonical indicator id: {d['indicator_id_coverage']:.3f}",
        f"  (document, year, indicator_id, metric) cells holding more than one target: {d['cell_collisions']}",
    ]
    lines += [f"    wrong region: {line}" for line in facts.region_wrong]
    return "\n".join(lines)
