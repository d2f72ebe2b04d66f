"""Hybrid: rule and model records of one document merged, agreement marked, disagreement flagged.

Two records are the same finding when their grounded quote spans overlap and they name the same
thing: for targets the same indicator (canonical id, or the same words) and the same value; for
projects the same name. Such a pair becomes one record with ``backend="both"``. A record only one
backend found gets ``MISSED_BY_MODEL`` (rules only) or ``NOT_FOUND_BY_RULES`` (model only), unless
the model never read its chunk (a failed chunk is already reported as a failure). Two records that
name the same thing on overlapping quotes but read different values (or stages) are both kept and
both get ``VALUE_DISAGREEMENT``. Input records are already grounded and checked by
``pipeline.finalize_records``; only the hybrid flags and the status are added here.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from extractor.checks import PLAIN_WORDS, status_for
from extractor.models import Flag, Project, Record, Target
from extractor.numbers import fold


def _flag(code: str, detail: str = "") -> Flag:
    return Flag(code=code, severity="warning", message=f"{PLAIN_WORDS[code]} {detail}".strip())


def overlap(a: Record, b: Record) -> int:
    """Characters shared by the two quote spans (0 when either is ungrounded or they are apart)."""
    if None in (a.char_start, a.char_end, b.char_start, b.char_end):
        return 0
    return max(0, min(a.char_end, b.char_end) - max(a.char_start, b.char_start))  # type: ignore[type-var]


def _same_words(a: str, b: str) -> bool:
    x, y = fold(a).strip(), fold(b).strip()
    return bool(x) and bool(y) and (x == y or x in y or y in x)


def same_subject(a: Record, b: Record) -> bool:
    """Same indicator (targets) or same project name, on any wording the two backends chose."""
    if isinstance(a, Target) and isinstance(b, Target):
        if a.indicator_id != "other" and a.indicator_id == b.indicator_id:
            return True
        return _same_words(a.indicator, b.indicator)
    if isinstance(a, Project) and isinstance(b, Project):
        return _same_words(a.name, b.name)
    return False


def same_reading(a: Record, b: Record) -> bool:
    if isinstance(a, Target) and isinstance(b, Target):
        return a.value == b.value and a.value_high == b.value_high
    if isinstance(a, Project) and isinstance(b, Project):
        return a.stage == b.stage
    return False


def _reading(record: Record) -> str:
    if isinstance(record, Target):
        value = "—" if record.value is None else f"{record.value:g}"
        return value + (f"–{record.value_high:g}" if record.value_high is not None else "") + (record.unit or "")
    return record.stage if isinstance(record, Project) else ""


def _pairs(
    rules: Sequence[Record], model: Sequence[Record], accept: Callable[[Record, Record], bool]
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing by largest span overlap among pairs ``accept`` allows.

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
            shared = overlap(r, m)
            if r.kind == m.kind and shared > 0 and accept(r, m):
                candidates.append((shared, i, j))
    used_r: set[int] = set()
    used_m: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_r and j not in used_m:
            used_r.add(i)
            used_m.add(j)
            pairs.append((i, j))
    return pairs


def _with_flags(record: Record, extra: Iterable[Flag], backend: str | None = None) -> Record:
    flags = [*record.flags, *extra]
    update: dict[str, object] = {"flags": flags, "status": status_for(flags)}
    if backend:
        update["backend"] = backend
    return record.model_copy(update=update)


def merge(
    rules: Sequence[Record],
    model: Sequence[Record],
    model_read: Callable[[Record], bool] = lambda record: True,
) -> list[Record]:
    """One document's merged records, in document order.

    ``model_read(record)`` says whether the model answered for the chunk the record comes from; rule
    records from chunks it did not answer are kept without a MISSED_BY_MODEL flag.
    """
    agreed = _pairs(rules, model, lambda r, m: same_subject(r, m) and same_reading(r, m))
    matched_r = {i for i, _ in agreed}
    matched_m = {j for _, j in agreed}
    rest_r = [i for i in range(len(rules)) if i not in matched_r]
    rest_m = [j for j in range(len(model)) if j not in matched_m]
    disputed = _pairs([rules[i] for i in rest_r], [model[j] for j in rest_m], same_subject)
    disputed_r = {rest_r[a]: rest_m[b] for a, b in disputed}
    disputed_m = {m: r for r, m in disputed_r.items()}

    merged: list[Record] = []
    for i, j in agreed:
        rule, answer = rules[i], model[j]
        keep = rule if _weight(rule) <= _weight(answer) else answer
        merged.append(_with_flags(keep, [], backend="both"))
    for i in rest_r:
        rule = rules[i]
        if i in disputed_r:
            other = model[disputed_r[i]]
            detail = f"(rules: {_reading(rule)}, model: {_reading(other)})"
            merged.append(_with_flags(rule, [_flag("VALUE_DISAGREEMENT", detail)]))
        elif model_read(rule):
            merged.append(_with_flags(rule, [_flag("MISSED_BY_MODEL")]))
        else:
            merged.append(rule)
    for j in rest_m:
        answer = model[j]
        if j in disputed_m:
            other = rules[disputed_m[j]]
            detail = f"(rules: {_reading(other)}, model: {_reading(answer)})"
            merged.append(_with_flags(answer, [_flag("VALUE_DISAGREEMENT", detail)]))
        else:
            merged.append(_with_flags(answer, [_flag("NOT_FOUND_BY_RULES")]))
    merged.sort(key=lambda r: (r.char_start if r.char_start is not None else 1 << 60, r.kind, r.backend, r.id))
    unique: dict[str, Record] = {}
    for record in merged:
        unique.setdefault(record.id, record)
    return list(unique.values())


def _weight(record: Record) -> tuple[int, int]:
    """Fewer error, then warning flags is better: the cleaner of two agreeing records is kept."""
    return (
        sum(1 for f in record.flags if f.severity == "error"),
        sum(1 for f in record.flags if f.severity == "warning"),
    )
