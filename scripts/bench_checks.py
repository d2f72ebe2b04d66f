"""Planted-error benchmark: do grounding, checks and hybrid merging catch wrong records and stay
quiet on right ones?

Every gold record (tests/gold for the seeds, tests/corpus/gold for the development corpus) becomes
a correct copy, as a faithful model would return it, and mutated copies, as a model that slips would
(a value changed, two values of a list swapped, 万人 read as 人, a bound word added, a direction
flipped, another year, metric or stage, a neighbour's indicator, an invented or generic project, a
past result presented as a goal, a paraphrased or ellipsis-joined quote). The achieved figures of the
results gold (tests/gold/results, tests/corpus/gold_results) are copied and mutated too: value, unit,
year and direction (``result_*`` rows). Each copy runs through
``pipeline.finalize_records`` (grounding and checks: the ``llm`` mode) and then through
``hybrid.merge`` against the rules' records of the same document (the ``hybrid`` mode).

A mutant is *caught* when the record carrying its wrong reading ends with a warning or error flag;
in hybrid mode also when the merge settled the disagreement for the rules' reading because the text
supports only that one (the wrong reading is then not in the output at all; counted apart as
"replaced"). A correct copy is *falsely flagged* when it ends flagged, or, in hybrid mode, replaced.

    .venv/bin/python scripts/bench_checks.py [--only seeds|corpus] [--limit N] [--show TYPE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extractor.backends import hybrid, rules
from extractor.ingest import load_document
from extractor.models import Chunk, Project, Record, Result, Target
from extractor.numbers import value_in_text
from extractor.pipeline import PreparedDocument, extract_document, finalize_records, prepare_document
from extractor.vocabulary import indicator_id_for

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests/gold", None),
    "corpus": (ROOT / "tests/corpus/docs", ROOT / "tests/corpus/gold", ROOT / "tests/corpus/manifest.jsonl"),
}
RESULTS_GOLD = {"seeds": ROOT / "tests/gold/results", "corpus": ROOT / "tests/corpus/gold_results"}
SEED_YEARS = {"002": 2024}
"""Seed 002 never states its year; docs/annotation.md (section 1) dates it 2024, as ``--year 2024`` would."""

MUTATIONS = (
    "value",
    "list_swap",
    "unit",
    "qualifier_changed",
    "qualifier_added",
    "qualifier_dropped",
    "direction",
    "year",
    "metric",
    "stage",
    "indicator_swap",
    "project_invented",
    "project_generic",
    "past_clause",
    "quote_paraphrase",
    "quote_ellipsis",
    "result_value",
    "result_unit",
    "result_year",
    "result_direction",
)
UNIT_SLIPS = {"万人": "人", "人": "万人", "亿元": "万元", "万元": "亿元", "个百分点": "%", "%": "个百分点"}
OTHER_QUALIFIER = {"以上": "左右", "左右": "以上", "以内": "以上", "以下": "以上", "不低于": "不超过"}
OTHER_METRIC = {
    "growth": "share",
    "share": "growth",
    "level": "count",
    "count": "level",
    "change_pp": "growth",
    "relative": "delegated",
    "delegated": "relative",
}
FLIPPED = {"increase": "decrease", "decrease": "increase", "maintain": "increase"}
NEXT_STAGE = {
    "planning": "complete",
    "signed": "operate",
    "start": "complete",
    "ongoing": "planning",
    "complete": "planning",
    "operate": "planning",
}
PARAPHRASES = (
    ("增长", "提高"),
    ("达到", "实现"),
    ("新增", "新建"),
    ("以上", "之上"),
    ("推进", "推动"),
    ("建设", "建造"),
    ("确保", "保证"),
    ("力争", "争取"),
)
GENERIC = ("重大项目", "基础设施项目", "重点项目", "产业项目", "民生项目", "一批项目")


@dataclass
class Case:
    """One planted record among the gold records that share its quote."""

    mutation: str
    group: list[Record]
    mutant: int  # index in ``group``


@dataclass
class Tally:
    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    caught: Counter[tuple[str, str]] = field(default_factory=Counter)
    replaced: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))


# --- loading ------------------------------------------------------------------------------------


def gold_by_document(gold_dir: Path) -> dict[str, list[dict[str, object]]]:
    documents: dict[str, list[dict[str, object]]] = {}
    for file in sorted(gold_dir.glob("*.jsonl")):
        rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        for row in rows:
            documents.setdefault(str(row["source_file"]), []).append(row)
    return documents


def prepared_documents(
    only: str | None, part: tuple[int, int] | None = None
) -> Iterator[tuple[str, PreparedDocument, list[dict[str, object]]]]:
    """Each gold document, prepared as a run would; ``part=(k, n)`` keeps the k-th of every n (a worker's share)."""
    position = -1
    for name, (docs, gold_dir, manifest) in SETS.items():
        if only and name != only:
            continue
        meta: dict[str, dict[str, object]] = {}
        if manifest:
            for line in manifest.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    meta[Path(row["file"]).name] = row
        goals = gold_by_document(gold_dir)
        results = gold_by_document(RESULTS_GOLD[name]) if RESULTS_GOLD[name].is_dir() else {}
        for source in sorted(goals.keys() | results.keys()):
            position += 1
            if part is not None and position % part[1] != part[0]:
                continue
            row = meta.get(source, {})
            year = row.get("plan_year") or SEED_YEARS.get(source[:3])
            document = load_document(docs / source)
            rows = goals.get(source, []) + results.get(source, [])
            yield name, prepare_document(document, row.get("region"), year), rows  # type: ignore[arg-type]


def as_record(row: dict[str, object]) -> Record:
    data = {k: v for k, v in row.items() if k != "source_file"}
    data["backend"] = "llm"
    if data.get("kind") == "result":
        return Result.model_validate(data)
    return Project.model_validate(data) if data.get("kind") == "project" else Target.model_validate(data)


def chunk_of(prepared: PreparedDocument, quote: str, goal: bool = False) -> Chunk | None:
    """The chunk holding the quote; for a goal, the first place it stands outside a review when it is written twice
    ("城镇登记失业率控制在3%以内": 2014's result in 高阳 2015's review, then the year's target), for a result the first
    place outside a plan ("增长15%左右": 青岛 2018's target for 旅游消费, then 2017's 货物进出口总额 in the review)."""
    text = prepared.document.text
    found: Chunk | None = None
    position = text.find(quote)
    avoided = "review" if goal else "plan"
    while position >= 0:
        chunk = next((c for c in prepared.chunks if c.char_start <= position < c.char_end), None)
        if chunk is not None and chunk.section_kind != avoided:
            return chunk
        found = found or chunk
        position = text.find(quote, position + 1)
    return found or (prepared.chunks[0] if prepared.chunks else None)


# --- mutations ----------------------------------------------------------------------------------


def _other_value(record: Target | Result) -> float | None:
    """A number the model might have misread: close to the true one, written nowhere in the quote."""
    assert record.value is not None
    base = record.value
    for candidate in (base + 1, base * 1.5, base + 0.5, base + 3, base * 2 + 1, 97.5):
        candidate = round(candidate, 2)
        if not value_in_text(candidate, record.quote) and candidate != base:
            return candidate
    return None


def _update(record: Record, **fields: object) -> Record:
    return record.model_copy(update=fields)


def mutants(
    index: int,
    group: list[Record],
    document: list[Record],
    position: int,
    text: str,
    past: list[Target],
) -> Iterator[tuple[str, list[Record], int]]:
    """Mutated groups for ``group[index]`` (``document[position]`` is the same record)."""
    record = group[index]

    def replaced(new: Record, partner: int | None = None, partner_record: Record | None = None) -> list[Record]:
        out = list(group)
        out[index] = new
        if partner is not None and partner_record is not None:
            out[partner] = partner_record
        return out

    years = record.target_year
    if years is not None:
        yield "year", replaced(_update(record, target_year=years + 1)), index
    yield from _quote_mutants(record, replaced, text, index)
    if isinstance(record, Project):
        others = [r for r in document if isinstance(r, Project) and r.quote != record.quote and r.name != record.name]
        invented = others[0].name if others else "滨海新区未来科技城综合体"
        yield "project_invented", replaced(_update(record, name=invented)), index
        generic = next((g for g in GENERIC if g in record.quote and g != record.name), "重大项目")
        yield "project_generic", replaced(_update(record, name=generic, group_count=None)), index
        yield "stage", replaced(_update(record, stage=NEXT_STAGE[record.stage])), index
        return
    assert isinstance(record, Target)
    yield "direction", replaced(_update(record, direction=FLIPPED[record.direction])), index
    yield "metric", replaced(_update(record, metric=OTHER_METRIC[record.metric])), index
    if past:
        yield "past_clause", [past[position % len(past)]], 0
    if record.value is not None:
        other = _other_value(record)
        if other is not None:
            yield "value", replaced(_update(record, value=other)), index
    if record.unit in UNIT_SLIPS:
        yield "unit", replaced(_update(record, unit=UNIT_SLIPS[record.unit])), index
    if record.value is not None:
        if record.qualifier is None:
            yield "qualifier_added", replaced(_update(record, qualifier="以上", bound="at_least")), index
        else:
            new = OTHER_QUALIFIER.get(record.qualifier, "左右")
            yield (
                "qualifier_changed",
                replaced(_update(record, qualifier=new, bound=rules.bound_of(new, record.value_high))),
                index,
            )
            yield "qualifier_dropped", replaced(_update(record, qualifier=None, bound="point")), index
    siblings = [
        j
        for j, other in enumerate(group)
        if j != index and isinstance(other, Target) and other.value is not None and record.value is not None
    ]
    swap = next((j for j in siblings if group[j].value != record.value and group[j].unit == record.unit), None)  # type: ignore[union-attr]
    if swap is not None:
        partner = group[swap]
        assert isinstance(partner, Target)
        yield (
            "list_swap",
            replaced(_update(record, value=partner.value), swap, _update(partner, value=record.value)),
            index,
        )
    yield from _indicator_swap(record, index, group, document, position, replaced)


def result_mutants(index: int, group: list[Record]) -> Iterator[tuple[str, list[Record], int]]:
    """A model reporting an achieved figure slips the same way: another value, 亿元 for 万元, the
    report's year for the year reported on, the direction flipped."""
    record = group[index]
    assert isinstance(record, Result)

    def replaced(new: Record) -> list[Record]:
        out = list(group)
        out[index] = new
        return out

    other = _other_value(record) if record.value is not None else None
    if other is not None:
        yield "result_value", replaced(_update(record, value=other)), index
    if record.unit in UNIT_SLIPS:
        yield "result_unit", replaced(_update(record, unit=UNIT_SLIPS[record.unit])), index
    if record.year is not None:
        yield "result_year", replaced(_update(record, year=record.year + 1)), index
    yield "result_direction", replaced(_update(record, direction=FLIPPED[record.direction])), index


def _indicator_swap(record, index, group, document, position, replaced):  # type: ignore[no-untyped-def]
    """The neighbour's indicator: within the list when the quote has one, else the next target's."""

    def differs(other: Record) -> bool:
        return (
            isinstance(other, Target)
            and other.indicator != record.indicator
            and (other.value, other.unit, other.metric) != (record.value, record.unit, record.metric)
        )

    for j, other in enumerate(group):
        if j != index and differs(other):
            return [
                (
                    "indicator_swap",
                    replaced(
                        _update(record, indicator=other.indicator, indicator_id=other.indicator_id),
                        j,
                        _update(other, indicator=record.indicator, indicator_id=record.indicator_id),
                    ),
                    index,
                )
            ]
    for step in (1, -1, 2, -2, 3, -3):
        k = position + step
        if 0 <= k < len(document) and differs(document[k]) and document[k].quote != record.quote:
            other = document[k]
            return [
                (
                    "indicator_swap",
                    replaced(
                        _update(record, indicator=other.indicator, indicator_id=indicator_id_for(other.indicator))
                    ),  # type: ignore[union-attr]
                    index,
                )
            ]
    return []


def _quote_mutants(record: Record, replaced, text: str, index: int):  # type: ignore[no-untyped-def]
    quote = record.quote
    paraphrased = next((quote.replace(a, b, 1) for a, b in PARAPHRASES if a in quote), None)
    if paraphrased is None:
        paraphrased = "全面" + quote[: len(quote) // 2] + quote[len(quote) // 2 + 2 :]
    yield "quote_paraphrase", replaced(_update(record, quote=paraphrased)), index
    start = text.find(quote)
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    after = re.split(r"[,，;；。:：!！?？]", text[start + len(quote) : line_end].lstrip(",，;；。:："))[0]
    if len(after) >= 4:
        joined = quote + "……" + after[:20]
    else:
        line_start = text.rfind("\n", 0, start) + 1
        before = re.split(r"[,，;；。:：!！?？]", text[line_start:start].rstrip(",，;；。:：!！?？"))[-1]
        joined = (before[-20:] + "……" + quote) if len(before) >= 4 else quote[:4] + "……" + quote[-6:]
    yield "quote_ellipsis", replaced(_update(record, quote=joined)), index


def past_clauses(prepared: PreparedDocument, gold_quotes: set[str]) -> list[Target]:
    """Clauses of the review sections that state a figure (results of the past, never annotated),
    presented as targets of the plan year."""
    text = prepared.document.text
    found: list[Target] = []
    for section in prepared.sections:
        if section.kind != "review":
            continue
        body = text[section.char_start : section.char_end]
        for start, end in rules.clauses(body):
            clause = body[start:end]
            if clause in gold_quotes or "\n" in clause:
                continue
            measures = rules.find_measures(clause)
            if not measures:
                continue
            measure = measures[0]
            indicator = rules.indicator_text(clause[: measure.start]) or clause[: measure.start] or clause
            found.append(
                Target(
                    quote=clause,
                    indicator=indicator,
                    indicator_id=indicator_id_for(indicator),
                    metric=rules.metric_of(measure.unit, clause[: measure.start]),  # type: ignore[arg-type]
                    value=measure.value,
                    value_high=measure.value_high,
                    unit=measure.unit,
                    qualifier=measure.qualifier,
                    bound=rules.bound_of(measure.qualifier, measure.value_high),  # type: ignore[arg-type]
                    target_year=prepared.document.target_year,
                    backend="llm",
                )
            )
    # Inside nested sections the same clause is met once per level.
    unique = {(t.quote, t.value): t for t in found}
    return list(unique.values())


# --- running ------------------------------------------------------------------------------------

_TAG = "#bench"


def _tagged(records: list[Record]) -> list[Record]:
    """The section path carries each input's position, so outputs can be traced (checks do not read it)."""
    return [r.model_copy(update={"section_path": [f"{_TAG}{i}"]}) for i, r in enumerate(records)]


def _tag_of(record: Record) -> int | None:
    path = record.section_path
    if path and path[0].startswith(_TAG):
        return int(path[0][len(_TAG) :])
    return None


def _flagged(record: Record) -> bool:
    return any(flag.severity in ("error", "warning") for flag in record.flags)


def _finalize(prepared: PreparedDocument, records: list[Record]) -> list[Record]:
    candidates = []
    for record in records:
        chunk = chunk_of(prepared, record.quote, goal=not isinstance(record, Result)) or prepared.chunks[0]
        candidates.append((chunk, record))
    return finalize_records(prepared, candidates)


def _near(rule_records: list[Record], model: list[Record]) -> list[Record]:
    """Rule records that can pair with any of ``model`` (pairing needs overlapping spans)."""
    spans = [(m.char_start, m.char_end) for m in model if m.char_start is not None]
    return [
        r
        for r in rule_records
        if r.char_start is not None and any(r.char_start < e and s < r.char_end for s, e in spans)  # type: ignore[operator]
    ]


def outcome_llm(prepared: PreparedDocument, group: list[Record], mutant: int) -> tuple[list[Record], Record | None]:
    out = _finalize(prepared, _tagged(group))
    return out, next((r for r in out if _tag_of(r) == mutant), None)


_DISAGREEMENT = {"VALUE_DISAGREEMENT", "READING_DISAGREEMENT"}
_FRAME = re.compile(r"^(?:全年|全市|全省|全县|全区|今年|年度)+")


def _same_statement(a: Record, b: Record) -> bool:
    """The same indicator or project in the same words (a list's neighbour is another statement)."""
    if isinstance(a, Target) and isinstance(b, Target):
        return _FRAME.sub("", a.indicator) == _FRAME.sub("", b.indicator)
    return hybrid.same_subject(a, b)


def outcome_hybrid(
    model_out: list[Record], rule_records: list[Record], mutant: int, wrong: dict[str, object], planted: Record
) -> tuple[bool, bool]:
    """(flagged, replaced) for the mutant's reading after merging with the rules' records."""
    merged = hybrid.merge_traced(_near(rule_records, model_out), model_out)
    positions = [k for k, r in enumerate(model_out) if _tag_of(r) == mutant]
    if not positions:
        return True, False  # the mutant collapsed into an identical record: nothing wrong reached the output
    k = positions[0]
    carriers = [record for record, _, j in merged if j == k]
    if any(_tag_of(record) == mutant for record in carriers):
        return any(_flagged(record) for record in carriers if _tag_of(record) == mutant), False
    # The model's record left the output (settled for the rules' reading) or was folded into an agreeing
    # rules record: the wrong reading survives only when that record repeats it.
    if any(_flagged(record) for record in carriers):
        return True, False
    repeated = any(
        _same_statement(record, planted) and all(getattr(record, f) == v for f, v in wrong.items())
        for record in carriers
    )
    return False, not repeated


def _wrong_fields(planted: Record, original: Record | None) -> list[str]:
    """The fields a mutant changed; a record made up from scratch is wrong as a whole (its quote)."""
    if original is None or original.kind != planted.kind:
        return ["quote"]
    return [f for f in type(planted).model_fields if getattr(planted, f) != getattr(original, f)]


def run_parallel(only: str | None, limit: int | None, workers: int) -> tuple[Tally, dict[str, list[int]]]:
    """``run`` with the documents shared out among ``workers`` processes (each document's cases stay in one), the
    tallies added up: the same figures in about 1/workers of the time."""
    if workers <= 1:
        return run(only, limit, None)
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(_run_part, [(only, limit, (k, workers)) for k in range(workers)]))
    tally, correct = Tally(), {key: [0, 0] for key in parts[0][4]}
    for cases, caught, replaced, missed, part_correct in parts:
        tally.cases.update(cases)
        tally.caught.update(caught)
        tally.replaced.update(replaced)
        for key, lines in missed.items():
            tally.missed[key].extend(lines)
        for key, (flagged, count) in part_correct.items():
            correct[key][0] += flagged
            correct[key][1] += count
    return tally, correct


def _run_part(
    args: tuple[str | None, int | None, tuple[int, int]],
) -> tuple[
    Counter[tuple[str, str]],
    Counter[tuple[str, str]],
    Counter[tuple[str, str]],
    dict[tuple[str, str], list[str]],
    dict[str, list[int]],
]:
    only, limit, part = args
    tally, correct = run(only, limit, None, part)
    return tally.cases, tally.caught, tally.replaced, dict(tally.missed), correct


def run(
    only: str | None, limit: int | None, show: str | None, part: tuple[int, int] | None = None
) -> tuple[Tally, dict[str, list[int]]]:
    tally = Tally()
    correct: dict[str, list[int]] = {
        "llm": [0, 0],
        "hybrid": [0, 0],
        "hybrid_disagreement_only": [0, 0],
        "llm/result": [0, 0],
        "hybrid/result": [0, 0],
    }
    correct_examples: dict[str, list[str]] = {"llm": [], "hybrid": []}
    for _set_name, prepared, rows in prepared_documents(only, part):
        records = [as_record(row) for row in rows]
        document = [r for r in records if not isinstance(r, Result)]
        results = [r for r in records if isinstance(r, Result)]
        if limit:
            document, results = document[:limit], results[:limit]
        text = prepared.document.text
        rule_records = extract_document(prepared, rules.extract).records
        past = past_clauses(prepared, {r.quote for r in document})
        # correct copies, the whole document at once
        model_out = _finalize(prepared, _tagged(document + results))
        merged = hybrid.merge_traced(rule_records, model_out)
        for record in model_out:
            for key in ("llm", "llm/result") if isinstance(record, Result) else ("llm",):
                correct[key][1] += 1
                correct[key][0] += _flagged(record)
            if _flagged(record):
                correct_examples["llm"].append(_describe(record))
        for k, record in enumerate(model_out):
            carriers = [r for r, _, j in merged if j == k]
            correct["hybrid"][1] += 1
            correct["hybrid_disagreement_only"][1] += 1
            correct["hybrid/result"][1] += isinstance(record, Result)
            if not carriers or any(_flagged(r) for r in carriers):
                correct["hybrid"][0] += 1
                correct["hybrid/result"][0] += isinstance(record, Result)
                codes = {f.code for r in carriers for f in r.flags if f.severity != "info"}
                correct["hybrid_disagreement_only"][0] += bool(carriers) and codes <= _DISAGREEMENT
                correct_examples["hybrid"].append(
                    _describe(carriers[0]) if carriers else "replaced: " + _describe(record)
                )
        for mutation, mutated, mutant, group, index in _cases(document, text, past) + _cases(results, text, []):
            out, planted = outcome_llm(prepared, mutated, mutant)
            key = (mutation, "llm")
            tally.cases[key] += 1
            if planted is None or _flagged(planted):
                tally.caught[key] += 1
            else:
                tally.missed[key].append(_describe(planted))
            key = (mutation, "hybrid")
            tally.cases[key] += 1
            planted_in = mutated[mutant]
            original = group[index] if mutation != "past_clause" else None
            wrong = {f: getattr(planted_in, f) for f in _wrong_fields(planted_in, original)}
            flagged, replaced = outcome_hybrid(out, rule_records, mutant, wrong, planted_in)
            if flagged or replaced:
                tally.caught[key] += 1
                tally.replaced[key] += replaced
            elif planted is not None:
                tally.missed[key].append(_describe(planted))
    if show:
        for mode in ("llm", "hybrid"):
            if show == "correct":
                print(f"\ncorrect copies flagged ({mode}):")
                for line in correct_examples[mode]:
                    print("  " + line)
            else:
                print(f"\nmissed {show} ({mode}):")
                for line in tally.missed.get((show, mode), []):
                    print("  " + line)
    return tally, correct


def _cases(
    document: list[Record], text: str, past: list[Target]
) -> list[tuple[str, list[Record], int, list[Record], int]]:
    """(mutation, mutated group, index of the mutant, original group, index of the original) for
    every record of ``document``, grouped with the records that share its quote."""
    out = []
    by_quote: dict[str, list[int]] = defaultdict(list)
    for position, record in enumerate(document):
        by_quote[record.quote].append(position)
    for position, record in enumerate(document):
        members = by_quote[record.quote]
        group = [document[p] for p in members]
        index = members.index(position)
        found = (
            result_mutants(index, group)
            if isinstance(record, Result)
            else mutants(index, group, document, position, text, past)
        )
        out.extend((mutation, mutated, mutant, group, index) for mutation, mutated, mutant in found)
    return out


def _describe(record: Record, verbose: bool = True) -> str:
    flags = "; ".join(f.message if verbose else f.code for f in record.flags if f.severity != "info") or "-"
    if isinstance(record, Target):
        what = f"{record.indicator} {record.value}{record.unit or ''} {record.qualifier or ''} {record.metric} {record.direction} {record.target_year}"
    elif isinstance(record, Result):
        what = f"result {record.indicator} {record.value}{record.unit or ''} {record.metric} {record.direction} {record.year}"
    else:
        what = f"{record.name} [{record.stage} {record.stage_raw}] {record.target_year}"
    return f"{record.source_file[:24]} {what} «{record.quote}» [{flags}]"


def table(tally: Tally, correct: dict[str, list[int]]) -> str:
    lines = [
        "| mutation | cases | caught (llm) | caught (hybrid) | of which replaced by the rules' reading |",
        "|---|---|---|---|---|",
    ]
    total = Counter()
    for mutation in MUTATIONS:
        n = tally.cases[(mutation, "llm")]
        if not n:
            continue
        llm, hyb = tally.caught[(mutation, "llm")], tally.caught[(mutation, "hybrid")]
        total["n"] += n
        total["llm"] += llm
        total["hyb"] += hyb
        total["rep"] += tally.replaced[(mutation, "hybrid")]
        lines.append(
            f"| {mutation} | {n} | {llm} ({llm / n:.1%}) | {hyb} ({hyb / n:.1%}) | {tally.replaced[(mutation, 'hybrid')]} |"
        )
    n = max(1, total["n"])
    lines.append(
        f"| **all mutants** | {total['n']} | {total['llm']} ({total['llm'] / n:.1%}) | {total['hyb']} ({total['hyb'] / n:.1%}) | {total['rep']} |"
    )
    lines.append("")
    for mode in ("llm", "hybrid"):
        flagged, count = correct[mode]
        of_results, results = correct[f"{mode}/result"]
        lines.append(
            f"correct copies flagged ({mode}): {flagged} of {count} ({flagged / max(1, count):.1%}); "
            f"of the results {of_results} of {results} ({of_results / max(1, results):.1%})"
        )
    only = correct["hybrid_disagreement_only"][0]
    lines.append(f"  of which (hybrid) only because the rules read a field differently: {only}")
    return "\n".join(lines)


def rates(tally: Tally, correct: dict[str, list[int]]) -> dict[str, float]:
    """Caught share per (mutation, mode) and false-flag share per mode, for the test's floors."""
    out = {
        f"{mutation}/{mode}": tally.caught[(mutation, mode)] / tally.cases[(mutation, mode)]
        for mutation, mode in tally.cases
        if tally.cases[(mutation, mode)]
    }
    for mode, (flagged, count) in correct.items():
        out[f"correct/{mode}"] = flagged / max(1, count)
    return out


_FIELDS_THAT_MATTER = {
    "target": ("value", "value_high", "unit", "qualifier", "target_year", "metric", "direction"),
    "project": ("stage", "target_year"),
    "result": ("value", "value_high", "unit", "year", "metric", "direction"),
}


def flagged_wrong(run_dir: Path, gold_dir: Path) -> tuple[int, int, Counter[str]]:
    """(flagged records, of which wrong against gold, flags on the right ones) for a run folder.

    Wrong: no gold record matches it (``extractor eval``'s matching), or the matched gold record
    differs in value, unit, qualifier, year, metric or direction (targets), stage or year (projects),
    value, unit, year, metric or direction (results). As in ``extractor eval``, a results gold folder
    scores the run's results and any other folder its targets and projects.
    """
    from extractor.evaluate import _same_number, gold_documents, load_gold, load_run, match

    predicted, texts = load_run(run_dir)
    gold = load_gold(gold_dir, texts)
    documents = gold_documents(gold_dir, texts) | {g.document for g in gold}
    scoring_results = bool(gold) and all(g.kind == "result" for g in gold)
    predicted = [p for p in predicted if p.document in documents and (p.kind == "result") == scoring_results]
    partner = {j: i for i, j in match(gold, predicted)}
    flagged = wrong = 0
    on_right: Counter[str] = Counter()
    for j, item in enumerate(predicted):
        codes = [f["code"] for f in item.data["flags"] if f["severity"] in ("error", "warning")]  # type: ignore[index, union-attr]
        i = partner.get(j)
        bad = i is None or any(
            not _same_number(gold[i].data.get(f), item.data.get(f))
            if f in ("value", "value_high")
            else gold[i].data.get(f) != item.data.get(f)
            for f in _FIELDS_THAT_MATTER[item.kind]
        )
        on_right["wrong records in the run"] += bad
        if not codes:
            continue
        flagged += 1
        wrong += bad
        if not bad:
            on_right.update(codes)
    return flagged, wrong, on_right


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SETS))
    parser.add_argument("--limit", type=int, help="at most N gold records per document")
    parser.add_argument("--show", help="list the missed mutants of one type, or 'correct' for false flags")
    parser.add_argument(
        "--run", type=Path, help="instead: share of a run's flagged records that are wrong against --gold"
    )
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--workers", type=int, default=1, help="processes sharing the documents (not with --show)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.run:
        flagged, wrong, on_right = flagged_wrong(args.run, args.gold)
        print(f"flagged {flagged}, wrong against gold {wrong} ({wrong / max(1, flagged):.1%})")
        total = on_right.pop("wrong records in the run", 0)
        print(f"wrong records in the run: {total} (flagged: {wrong / max(1, total):.1%})")
        print("flags on right records:", dict(on_right.most_common()))
        return
    started = time.perf_counter()
    if args.workers > 1 and not args.show:
        tally, correct = run_parallel(args.only, args.limit, args.workers)
    else:
        tally, correct = run(args.only, args.limit, args.show)
    print(table(tally, correct))
    print(f"\n{time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
