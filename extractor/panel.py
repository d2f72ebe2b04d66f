"""Panel-ready exports: one row per record, in CSV (Excel-safe), JSONL, Parquet or Stata .dta.

With ``reviewed`` the latest review decisions are applied (rejected records left out, edited
values applied); every table carries a ``review_status`` column either way.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from extractor import store
from extractor.export import (
    PROJECT_COLUMNS,
    TARGET_COLUMNS,
    apply_reviews,
    atomic_write,
    csv_bytes,
    flat_row,
    jsonl_bytes,
)
from extractor.models import Project, Target

FORMATS = ("csv", "jsonl", "parquet", "dta")
_STATA_LABELS = {
    "indicator": "指标(原文)",
    "indicator_id": "指标代码",
    "value": "目标值",
    "value_high": "区间上限",
    "unit": "单位",
    "qualifier": "限定词",
    "target_year": "目标年份",
    "region": "地区",
    "region_code": "行政区划代码",
    "quote": "原文",
    "name": "项目名称",
    "stage": "阶段",
    "stage_raw": "阶段原文",
    "review_status": "审核状态",
}


def review_rows(run_dir: Path, reviewed: bool) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(targets, projects) as flat rows with review_status."""
    connection = store.connect(run_dir)
    try:
        records = store.load_records(connection)
        if reviewed:
            pairs = apply_reviews(records, connection)
        else:
            latest = store.latest_reviews(connection)
            names = {"accept": "accepted", "reject": "rejected", "edit": "edited"}
            pairs = [
                (r, names.get(latest[r.id]["decision"], "unreviewed") if r.id in latest else "unreviewed")
                for r in records
            ]
    finally:
        connection.close()
    targets, projects = [], []
    for record, status in pairs:
        row = {**flat_row(record), "review_status": status}
        (targets if isinstance(record, Target) else projects).append(row)
        assert isinstance(record, Target | Project)
    return targets, projects


def _frame(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("value", "value_high", "investment"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("target_year", "char_start", "char_end", "group_count"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    if "headline" in frame:
        frame["headline"] = frame["headline"].astype("boolean")
    return frame


def _stata_bytes(frame: pd.DataFrame) -> bytes:
    """Stata 118 (.dta, UTF-8) so Chinese text and labels survive; nullable ints become floats."""
    out = frame.copy()
    for column in out.columns:
        if str(out[column].dtype) in ("Int64", "boolean"):
            out[column] = out[column].astype("float64")
        elif out[column].dtype == object:
            out[column] = out[column].fillna("").astype(str)
    labels = {c: _STATA_LABELS.get(c, c)[:80] for c in out.columns}
    buffer = io.BytesIO()
    out.to_stata(buffer, write_index=False, version=118, variable_labels=labels)
    return buffer.getvalue()


def export_tables(run_dir: Path, fmt: str, reviewed: bool, out_dir: Path) -> list[Path]:
    """Write targets.<ext> and projects.<ext> to ``out_dir``; return their paths."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    targets, projects = review_rows(run_dir, reviewed)
    written = []
    for name, rows, columns in (
        ("targets", targets, [*TARGET_COLUMNS, "review_status"]),
        ("projects", projects, [*PROJECT_COLUMNS, "review_status"]),
    ):
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            data = csv_bytes(rows, columns)
        elif fmt == "jsonl":
            data = jsonl_bytes({k: row.get(k) for k in columns} for row in rows)
        elif fmt == "parquet":
            buffer = io.BytesIO()
            _frame(rows, columns).to_parquet(buffer, index=False)
            data = buffer.getvalue()
        else:
            data = _stata_bytes(_frame(rows, columns))
        atomic_write(path, data)
        written.append(path)
    return written
