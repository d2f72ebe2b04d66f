"""Targets beside their outcomes: one row per region × year × indicator × metric.

A report sets this year's targets and states last year's results, so the outcome of a target is
usually written in the next year's report. This module joins them across any number of run
folders' records (pure functions: records in, rows out), decides whether each target was met by
its bound word, and sets each target beside the same target of the parent government (county →
prefecture → province → nation) for the same year: the escalation (层层加码) economists study.

Only canonical indicators (``indicator_id`` other than ``other``) are joined: two reports' free-text
indicators cannot be told to be the same quantity. When several reports state an outcome for the
same cell (a first estimate, then a revised figure), the latest report's figure is the outcome and
the first one is kept beside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from extractor.models import Result, Target

DEFAULT_TOLERANCE_PP = 0.5
"""左右 (around) is met within this many percentage points for rates (%, ‰, 个百分点)…"""
DEFAULT_TOLERANCE_SHARE = 0.05
"""…and within this share of the target for amounts and counts."""
_RATE_UNITS = {"%", "‰", "个百分点"}

PANEL_COLUMNS = [
    "region",
    "region_code",
    "region_level",
    "year",
    "indicator_id",
    "metric",
    "indicator",
    "target_value",
    "target_value_high",
    "target_unit",
    "qualifier",
    "bound",
    "direction",
    "modality",
    "headline",
    "target_id",
    "target_report",
    "target_report_year",
    "outcome_value",
    "outcome_unit",
    "outcome_direction",
    "outcome_estimate",
    "outcome_id",
    "outcome_report",
    "outcome_report_year",
    "outcome_first_value",
    "outcome_first_report",
    "outcomes_stated",
    "met",
    "gap",
    "parent_region_code",
    "parent_target_value",
    "escalation",
]


@dataclass
class PanelRow:
    """One cell of the panel; ``met`` is "true", "false" or "unknown"."""

    region: str | None
    region_code: str | None
    region_level: str | None
    year: int
    indicator_id: str
    metric: str
    indicator: str
    target_value: float | None = None
    target_value_high: float | None = None
    target_unit: str | None = None
    qualifier: str | None = None
    bound: str | None = None
    direction: str | None = None
    modality: str | None = None
    headline: bool | None = None
    target_id: str | None = None
    target_report: str | None = None
    target_report_year: int | None = None
    outcome_value: float | None = None
    outcome_unit: str | None = None
    outcome_direction: str | None = None
    outcome_estimate: bool | None = None
    outcome_id: str | None = None
    outcome_report: str | None = None
    outcome_report_year: int | None = None
    outcome_first_value: float | None = None
    outcome_first_report: str | None = None
    outcomes_stated: int = 0
    met: str = "unknown"
    gap: float | None = None
    parent_region_code: str | None = None
    parent_target_value: float | None = None
    escalation: float | None = None

    def as_row(self) -> dict[str, object]:
        return asdict(self)


Cell = tuple[str, int, str, str]
"""(region key, year, indicator_id, metric); a multi-year average or total gets metric "growth (period)"."""
_PERIOD = ("年均", "累计", "五年")


def _metric_key(record: Target | Result) -> str:
    """A five-year average ("年均增长6.4%") or total ("累计下降20%") is not the year's own figure."""
    period = record.period if isinstance(record, Result) else any(word in record.quote for word in _PERIOD)
    return f"{record.metric} (period)" if period else record.metric


_RATE_METRICS = {"growth", "share", "change_pp", "growth (period)", "share (period)"}


def _region_key(record: Target | Result) -> str | None:
    return record.region_code or record.region


def _signed(value: float | None, direction: str | None) -> float | None:
    """A decline is a negative change: "下降3%" is −3, so gaps and comparisons read naturally."""
    if value is None:
        return None
    return -value if direction == "decrease" else value


def parent_code(code: str | None, level: str | None) -> str | None:
    """The GB/T 2260 code of the government one level up: 331082 → 331000 → 330000 → 100000 (nation)."""
    if not code or len(code) != 6 or not code.isdigit() or level == "national":
        return None
    if level == "county" or (level is None and code[4:] != "00"):
        return code[:4] + "00"
    if level == "prefecture" or (level is None and code[2:4] != "00"):
        return code[:2] + "0000"
    return "100000"


def met(target: Target, outcome: Result, tolerance_pp: float, tolerance_share: float) -> str:
    """Whether the outcome meets the target by its bound word (以上 at least, 以内 at most, 左右 within a
    tolerance, a range within its ends, a bare value at least, in the target's direction)."""
    if target.value is None or outcome.value is None or target.unit != outcome.unit:
        return "unknown"
    goal, achieved = _signed(target.value, target.direction), _signed(outcome.value, outcome.direction)
    assert goal is not None and achieved is not None
    if target.bound == "range" and target.value_high is not None:
        low, high = sorted((goal, _signed(target.value_high, target.direction) or goal))
        return str(low <= achieved <= high).lower()
    if target.bound == "around":
        tolerance = tolerance_pp if target.unit in _RATE_UNITS else abs(goal) * tolerance_share
        return str(abs(achieved - goal) <= tolerance + 1e-9).lower()
    declining = target.direction == "decrease"
    if target.bound == "at_most":
        return str(achieved >= goal if declining else achieved <= goal).lower()
    return str(achieved <= goal if declining else achieved >= goal).lower()


def _pick_target(candidates: list[tuple[Target, int | None]], year: int) -> tuple[Target, int | None]:
    """The annual plan's own target first (a report of that year), then a headline one, then the latest report."""
    return sorted(
        candidates,
        key=lambda pair: (pair[1] != year, not pair[0].headline, -(pair[1] or 0), pair[0].char_start or 0),
    )[0]


def build_panel(
    records: Iterable[tuple[Target | Result, int | None]],
    tolerance_pp: float = DEFAULT_TOLERANCE_PP,
    tolerance_share: float = DEFAULT_TOLERANCE_SHARE,
) -> list[PanelRow]:
    """Panel rows from (record, report_year) pairs of any number of reports and runs."""
    targets: dict[Cell, list[tuple[Target, int | None]]] = defaultdict(list)
    outcomes: dict[Cell, list[tuple[Result, int | None]]] = defaultdict(list)
    for record, report_year in records:
        region = _region_key(record)
        if region is None or record.indicator_id == "other" or record.value is None:
            continue
        if isinstance(record, Target) and record.target_year is not None:
            targets[(region, record.target_year, record.indicator_id, _metric_key(record))].append(
                (record, report_year)
            )
        elif isinstance(record, Result) and record.year is not None:
            outcomes[(region, record.year, record.indicator_id, _metric_key(record))].append((record, report_year))
    rows: dict[Cell, PanelRow] = {}
    for cell in sorted(set(targets) | set(outcomes), key=lambda c: (c[0], c[1], c[2], c[3])):
        region, year, indicator_id, metric = cell
        target: Target | None = None
        target_report_year: int | None = None
        if cell in targets:
            target, target_report_year = _pick_target(targets[cell], year)
        example: Target | Result = target or outcomes[cell][0][0]
        row = PanelRow(
            region=example.region,
            region_code=example.region_code,
            region_level=example.region_level,
            year=year,
            indicator_id=indicator_id,
            metric=metric,
            indicator=example.indicator,
        )
        if target is not None:
            row.target_value, row.target_value_high, row.target_unit = target.value, target.value_high, target.unit
            row.qualifier, row.bound, row.direction = target.qualifier, target.bound, target.direction
            row.modality, row.headline, row.target_id = target.modality, target.headline, target.id
            row.target_report, row.target_report_year = target.source_file, target_report_year
        stated = sorted(outcomes.get(cell, []), key=lambda pair: (pair[1] or 0, pair[0].estimate is False))
        if stated:
            latest, latest_year = stated[-1]
            first, _ = stated[0]
            row.outcome_value, row.outcome_unit = latest.value, latest.unit
            row.outcome_direction, row.outcome_estimate = latest.direction, latest.estimate
            row.outcome_id, row.outcome_report, row.outcome_report_year = latest.id, latest.source_file, latest_year
            row.outcomes_stated = len(stated)
            if first.value != latest.value or first.source_file != latest.source_file:
                row.outcome_first_value, row.outcome_first_report = first.value, first.source_file
            if target is not None:
                row.met = met(target, latest, tolerance_pp, tolerance_share)
                if row.met != "unknown":
                    row.gap = round(
                        (_signed(latest.value, latest.direction) or 0) - (_signed(target.value, target.direction) or 0),
                        6,
                    )
        row.parent_region_code = parent_code(example.region_code, example.region_level)
        rows[cell] = row
    by_code = {(r.region_code, r.year, r.indicator_id, r.metric): r for r in rows.values() if r.region_code}
    for row in rows.values():
        if row.parent_region_code is None:
            continue
        parent = by_code.get((row.parent_region_code, row.year, row.indicator_id, row.metric))
        if parent is None or parent.target_value is None or row.target_value is None or row.metric not in _RATE_METRICS:
            continue  # counts and amounts of different governments are not comparable; rates are
        row.parent_target_value = parent.target_value
        if parent.target_unit == row.target_unit:
            row.escalation = round(
                (_signed(row.target_value, row.direction) or 0) - (_signed(parent.target_value, parent.direction) or 0),
                6,
            )
    return list(rows.values())
