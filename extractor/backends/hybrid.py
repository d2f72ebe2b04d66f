"""Hybrid: rule and model records of one document merged, every field compared, no side winning silently.

Two records are the same finding when their grounded quote spans overlap and they name the same
thing (the same indicator, canonical or in words, or the same project name) or, for targets, read
the same value from the same span; the pairs that agree on the most fields are taken first. A pair is
then compared field by field: value and range end, unit, qualifier and bound, direction, metric and
year for targets; value and range end, unit, direction, metric and the year reported on for results;
name, stage and year for projects.

- Equal on every field: one record, ``backend="both"``.
- Different, and the text settles it: the checks already flagged the field on one side only (the
  value is not in the quote, the bound word next to the number is another one, the stage word names
  another stage…). The supported record is kept with an info flag ``READINGS_SETTLED`` that shows
  both readings; the other is dropped.
- Different and not settled: both records are kept, each with a warning per differing field
  (``VALUE_DISAGREEMENT`` for the value, ``READING_DISAGREEMENT`` for the others), both readings shown.

A record only one backend found gets ``MISSED_BY_MODEL`` (warning: the rules' patterns overreach
more often than a model overlooks) or ``NOT_FOUND_BY_RULES`` (info: the model's record has passed
every check of the text, and the rules miss what they have no pattern for); no MISSED_BY_MODEL is
added for chunks the model never answered (a failed chunk is reported as a failure), nor for results,
which the model is not asked for (prompts/). Input records
are already grounded and checked by ``pipeline.finalize_records``; only hybrid flags are added here.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from extractor.checks import FIELDS_OF_FLAG, PLAIN_WORDS, status_for
from extractor.models import Flag, Project, Record, Result, Severity, Target
from extractor.numbers import fold

TARGET_FIELDS = ("value", "value_high", "unit", "qualifier", "bound", "direction", "metric", "target_year")
PROJECT_FIELDS = ("name", "stage", "target_year")
RESULT_FIELDS = ("value", "value_high", "unit", "direction", "metric", "year")
FIELDS_OF_KIND = {"target": TARGET_FIELDS, "project": PROJECT_FIELDS, "result": RESULT_FIELDS}
MODEL_KINDS = {"target", "project"}
"""What the model is asked for: a record of another kind the model did not give was not missed by it."""
_QUOTE_MARKS = str.maketrans("", "", "“”\"'‘’《》「」")


def _flag(code: str, detail: str = "", severity: Severity = "warning") -> Flag:
    return Flag(code=code, severity=severity, message=f"{PLAIN_WORDS[code]} {detail}".strip())


def overlap(a: Record, b: Record) -> int:
    """Characters shared by the two quote spans (0 when either is ungrounded or they are apart)."""
    if a.char_start is None or a.char_end is None or b.char_start is None or b.char_end is None:
        return 0
    return max(0, min(a.char_end, b.char_end) - max(a.char_start, b.char_start))


def _words(text: str) -> str:
    return fold(text).translate(_QUOTE_MARKS).strip()


def _same_words(a: str, b: str) -> bool:
    x, y = _words(a), _words(b)
    return bool(x) and bool(y) and (x == y or x in y or y in x)


def same_subject(a: Record, b: Record) -> bool:
    """Same indicator (targets, results) or same project name, on any wording the two backends chose."""
    if isinstance(a, Target | Result) and isinstance(b, Target | Result) and a.kind == b.kind:
        if a.indicator_id != "other" and a.indicator_id == b.indicator_id:
            return True
        return _same_words(a.indicator, b.indicator)
    if isinstance(a, Project) and isinstance(b, Project):
        return _same_words(a.name, b.name)
    return False


def _field_value(record: Record, name: str) -> object:
    value = getattr(record, name)
    if name == "name":
        return _words(str(value))
    if name == "qualifier":
        return value or None
    return value


def differing_fields(a: Record, b: Record) -> list[str]:
    """The compared fields on which two paired records disagree."""
    fields = FIELDS_OF_KIND[a.kind]
    return [name for name in fields if _field_value(a, name) != _field_value(b, name)]


def _show(record: Record, name: str) -> str:
    value = getattr(record, name)
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pairs(rules: Sequence[Record], model: Sequence[Record]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing: same subject first, then most fields equal, then largest overlap.

    Only model records whose span can overlap are looked at (found by bisection over their starts),
    so a long document costs O(n log n), not rules × model.
    """
    grounded = sorted(
        (m.char_start, m.char_end, j)
        for j, m in enumerate(model)
        if m.char_start is not None and m.char_end is not None
    )
    starts = [start for start, _, _ in grounded]
    longest = max((end - start for start, end, _ in grounded), default=0)
    candidates = []
    for i, r in enumerate(rules):
        if r.char_start is None or r.char_end is None:
            continue
        low = bisect.bisect_left(starts, r.char_start - longest)
        high = bisect.bisect_left(starts, r.char_end)
        for _, _, j in grounded[low:high]:
            m = model[j]
            if r.kind != m.kind:
                continue
            shared = overlap(r, m)
            if shared <= 0:
                continue
            subject = same_subject(r, m)
            same_value = (
                isinstance(r, Target | Result)
                and isinstance(m, Target | Result)
                and r.value is not None
                and r.value == m.value
            )
            if not (subject or same_value):
                continue
            agreeing = len(FIELDS_OF_KIND[r.kind]) - len(differing_fields(r, m))
            candidates.append(((subject, same_value, agreeing, shared), i, j))
    used_r: set[int] = set()
    used_m: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, key=lambda c: (tuple(-x for x in c[0]), c[1], c[2])):
        if i not in used_r and j not in used_m:
            used_r.add(i)
            used_m.add(j)
            pairs.append((i, j))
    return pairs


def _doubted(record: Record) -> set[str]:
    """Fields the checks found unsupported by the text on this record."""
    fields: set[str] = set()
    for flag in record.flags:
        if flag.severity in ("error", "warning"):
            fields |= FIELDS_OF_FLAG.get(flag.code, set())
    return fields


def settle(rule: Record, answer: Record, fields: Sequence[str]) -> str | None:
    """``"rules"`` or ``"model"`` when the text supports that side on every differing field, else None."""
    rule_doubts, model_doubts = _doubted(rule), _doubted(answer)
    sides = set()
    for name in fields:
        rule_bad, model_bad = name in rule_doubts, name in model_doubts
        if rule_bad == model_bad:
            return None
        sides.add("model" if rule_bad else "rules")
    return sides.pop() if len(sides) == 1 else None


def _with_flags(record: Record, extra: Iterable[Flag], backend: str | None = None) -> Record:
    flags = [*record.flags, *extra]
    update: dict[str, object] = {"flags": flags, "status": status_for(flags)}
    if backend:
        update["backend"] = backend
    return record.model_copy(update=update)


def _readings(rule: Record, answer: Record, fields: Sequence[str]) -> str:
    return "; ".join(f"{name}: rules {_show(rule, name)}, model {_show(answer, name)}" for name in fields)


def merge_traced(
    rules: Sequence[Record],
    model: Sequence[Record],
    model_read: Callable[[Record], bool] = lambda record: True,
) -> list[tuple[Record, int | None, int | None]]:
    """Merged records with the index of the rule and the model record each came from (None: not from it)."""
    pairs = _pairs(rules, model)
    paired_r = {i: j for i, j in pairs}
    paired_m = {j for _, j in pairs}
    merged: list[tuple[Record, int | None, int | None]] = []
    for i, j in pairs:
        rule, answer = rules[i], model[j]
        fields = differing_fields(rule, answer)
        if not fields:
            keep = rule if _weight(rule) <= _weight(answer) else answer
            merged.append((_with_flags(keep, [], backend="both"), i, j))
            continue
        winner = settle(rule, answer, fields)
        if winner is not None:
            keep = rule if winner == "rules" else answer
            note = _flag("READINGS_SETTLED", f"({_readings(rule, answer, fields)}; kept: {winner})", "info")
            merged.append(
                (_with_flags(keep, [note]), i if winner == "rules" else None, j if winner == "model" else None)
            )
            continue
        flags = []
        value_fields = [f for f in fields if f in ("value", "value_high")]
        other_fields = [f for f in fields if f not in ("value", "value_high")]
        if value_fields:
            flags.append(_flag("VALUE_DISAGREEMENT", f"({_readings(rule, answer, value_fields)})"))
        if other_fields:
            flags.append(_flag("READING_DISAGREEMENT", f"({_readings(rule, answer, other_fields)})"))
        merged.append((_with_flags(rule, flags), i, None))
        merged.append((_with_flags(answer, flags), None, j))
    for i, rule in enumerate(rules):
        if i in paired_r:
            continue
        if rule.kind in MODEL_KINDS and model_read(rule):
            merged.append((_with_flags(rule, [_flag("MISSED_BY_MODEL")]), i, None))
        else:
            merged.append((rule, i, None))
    for j, answer in enumerate(model):
        if j not in paired_m:
            merged.append((_with_flags(answer, [_flag("NOT_FOUND_BY_RULES", severity="info")]), None, j))
    merged.sort(
        key=lambda item: (
            item[0].char_start if item[0].char_start is not None else 1 << 60,
            item[0].kind,
            item[0].backend,
            item[0].id,
        )
    )
    seen: set[str] = set()
    unique = []
    for item in merged:
        if item[0].id not in seen:
            seen.add(item[0].id)
            unique.append(item)
    return unique


def merge(
    rules: Sequence[Record],
    model: Sequence[Record],
    model_read: Callable[[Record], bool] = lambda record: True,
) -> list[Record]:
    """One document's merged records, in document order.

    ``model_read(record)`` says whether the model answered for the chunk the record comes from; rule
    records from chunks it did not answer are kept without a MISSED_BY_MODEL flag.
    """
    return [record for record, _, _ in merge_traced(rules, model, model_read)]


def _weight(record: Record) -> tuple[int, int]:
    """Fewer error, then warning flags is better: the cleaner of two agreeing records is kept."""
    return (
        sum(1 for f in record.flags if f.severity == "error"),
        sum(1 for f in record.flags if f.severity == "warning"),
    )
