"""Panel-ready exports: one row per record, in CSV (Excel-safe), JSONL, Parquet, Stata .dta or .xlsx.

Every format carries the same columns with the same types (``COLUMN_TYPES``, the one home of the
types): region codes are text everywhere (GB/T 2260 codes are labels, not numbers), years are
nullable integers, and the coded columns (metric, bound, stage…) are words, stored in Stata as
labelled integers. ``load_panel`` reads any of them back into pandas with these types.

With ``reviewed`` the decisions in force are applied (rejected records left out, edits applied,
records reviewers added included) and the files are named ``targets_reviewed.*``, so a reviewed and
a plain export never overwrite each other. A plain export keeps every record as extracted and says
``edited_not_applied`` where an edit exists.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Literal, get_args

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extractor import store
from extractor.decisions import ADDED, EDIT_INVALID, UNREVIEWED
from extractor.errors import InputError
from extractor.export import (
    FORMULA_START,
    PROJECT_COLUMNS,
    TARGET_COLUMNS,
    apply_reviews,
    atomic_write,
    atomic_write_with,
    csv_bytes,
    jsonl_bytes,
    record_rows,
    unapplied_rows,
)
from extractor.models import Backend, Bound, Direction, Kind, MatchKind, Metric, Modality, RegionLevel, Stage, Status

log = logging.getLogger("extractor")

FORMATS = ("csv", "jsonl", "parquet", "dta", "xlsx")
ColumnType = Literal["string", "int", "float", "bool"]
REVIEW_STATUSES = (UNREVIEWED, "accepted", "edited", "rejected", "edited_not_applied", EDIT_INVALID, ADDED)
CODED: dict[str, tuple[str, ...]] = {
    "kind": get_args(Kind),
    "region_level": get_args(RegionLevel),
    "metric": get_args(Metric),
    "bound": get_args(Bound),
    "direction": get_args(Direction),
    "modality": get_args(Modality),
    "stage": get_args(Stage),
    "match": get_args(MatchKind),
    "backend": get_args(Backend),
    "status": get_args(Status),
    "review_status": REVIEW_STATUSES,
    "met": ("true", "false", "unknown"),
    "outcome_direction": get_args(Direction),
}
"""Columns with a closed vocabulary: Stata gets integer codes 1…n with these words as value labels."""
COLUMN_TYPES: dict[str, ColumnType] = {
    "report_year": "int",
    "target_year": "int",
    "char_start": "int",
    "char_end": "int",
    "group_count": "int",
    "value": "float",
    "value_high": "float",
    "investment": "float",
    "headline": "bool",
    "year": "int",
    "target_value": "float",
    "target_value_high": "float",
    "target_report_year": "int",
    "outcome_value": "float",
    "outcome_estimate": "bool",
    "outcome_report_year": "int",
    "outcome_first_value": "float",
    "outcomes_stated": "int",
    "gap": "float",
    "parent_target_value": "float",
    "escalation": "float",
    "estimate": "bool",
    "period": "bool",
}
"""Every other column is text (region_code included)."""
LABELS: dict[str, str] = {
    "id": "记录编号 record id (stable hash)",
    "doc_id": "文档编号 document id (hash of the cleaned text)",
    "source_file": "文件 source file, relative to the input folder",
    "region": "地区 region (issuing government)",
    "region_code": "行政区划代码 GB/T 2260 region code (text)",
    "region_level": "行政级别 region level",
    "report_year": "报告年份 year the report was delivered",
    "target_year": "目标年份 year the record is for",
    "section_path": "章节 section path",
    "indicator": "指标(原文) indicator as written",
    "indicator_id": "指标代码 indicator id (schemas/indicators.json)",
    "metric": "度量 metric",
    "value": "目标值 value",
    "value_high": "区间上限 upper end of a range",
    "unit": "单位 unit",
    "qualifier": "限定词 qualifier as written (以上/左右…)",
    "bound": "界限 bound",
    "direction": "方向 direction",
    "modality": "语气 modality (ensure/strive)",
    "headline": "主要预期目标 headline target",
    "name": "项目名称 project name",
    "stage": "阶段 stage",
    "stage_raw": "阶段原文 stage as written",
    "group_count": "项目个数 projects in the group (等N个)",
    "investment": "投资额 investment",
    "investment_unit": "投资单位 investment unit",
    "quote": "原文 quote (exact characters of the cleaned text)",
    "char_start": "起始位置 first character of the quote",
    "char_end": "结束位置 character after the quote",
    "match": "定位 how the quote was located",
    "backend": "来源 backend that found the record",
    "status": "状态 status",
    "flag_codes": "标记 flag codes (;-separated)",
    "review_status": "审核状态 review status",
    "year": "年份 year of the target and its outcome",
    "estimate": "估计 first estimate (预计/初步统计)",
    "period": "多年 figure for several years (过去五年, 年均, 累计)",
    "target_value": "目标值 target value",
    "target_value_high": "目标区间上限 target range upper end",
    "target_unit": "目标单位 target unit",
    "target_id": "目标记录 target record id",
    "target_report": "目标来源 report stating the target",
    "target_report_year": "目标报告年份 year of that report",
    "outcome_value": "实际值 outcome (latest statement)",
    "outcome_unit": "实际值单位 outcome unit",
    "outcome_direction": "实际方向 outcome direction",
    "outcome_estimate": "实际值为估计 outcome is an estimate",
    "outcome_id": "实际记录 outcome record id",
    "outcome_report": "实际来源 report stating the outcome",
    "outcome_report_year": "实际报告年份 year of that report",
    "outcome_first_value": "首次实际值 first stated outcome, when revised",
    "outcome_first_report": "首次来源 report of the first statement",
    "outcomes_stated": "表述次数 outcomes stated for this cell",
    "met": "是否完成 target met (true/false/unknown)",
    "gap": "差距 outcome minus target (declines negative)",
    "parent_region_code": "上级代码 parent government's code",
    "parent_target_value": "上级目标 parent's target, same year and indicator",
    "escalation": "加码 target minus parent's target",
}
"""Stata variable labels (at most 80 characters), one for every column."""
_ARROW = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}


def column_type(column: str) -> ColumnType:
    return COLUMN_TYPES.get(column, "string")


def arrow_schema(columns: list[str]) -> pa.Schema:
    """The explicit Parquet schema: the same types in every run, whatever is empty."""
    return pa.schema([pa.field(c, _ARROW[column_type(c)], nullable=True) for c in columns])


def _typed(value: object, kind: ColumnType) -> object:
    if value is None or value == "":
        return None
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    if kind == "float":
        return float(value)  # type: ignore[arg-type]
    if kind == "bool":
        return bool(value)
    return str(value)


def typed_rows(rows: list[dict[str, object]], columns: list[str]) -> list[dict[str, object]]:
    return [{c: _typed(row.get(c), column_type(c)) for c in columns} for row in rows]


def frame(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    """The rows as a DataFrame with the panel's dtypes (text as ``string``, nullable ints and booleans)."""
    table = pa.Table.from_pylist(typed_rows(rows, columns), schema=arrow_schema(columns))
    return _with_dtypes(table.to_pandas(), columns)


def _with_dtypes(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(index=data.index)
    for column in columns:
        series = data[column] if column in data else pd.Series([None] * len(data), index=data.index)
        kind = column_type(column)
        if kind == "int":
            out[column] = pd.to_numeric(series, errors="coerce").round().astype("Int64")
        elif kind == "float":
            out[column] = pd.to_numeric(series, errors="coerce").astype("float64")
        elif kind == "bool":
            out[column] = series.map(_to_bool, na_action="ignore").astype("boolean")
        else:
            text = series.astype("object").where(series.notna(), None)
            out[column] = pd.Series(
                [None if v is None or v == "" else str(v) for v in text], index=data.index, dtype="string"
            )
    return out


def _unguarded(value: object) -> object:
    """A CSV text cell without the apostrophe ``csv_cell`` put before text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _to_bool(value: object) -> bool | None:
    if isinstance(value, str):
        return {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}.get(value.lower())
    return bool(value)


def _stata(rows: list[dict[str, object]], columns: list[str], path: Path) -> None:
    """Stata 15+ (.dta format 118, UTF-8): every variable labelled, coded columns as labelled integers."""
    import pyreadstat

    data = frame(rows, columns)
    out = pd.DataFrame(index=data.index)
    value_labels: dict[str, dict[int | float, str]] = {}
    for column in columns:
        series = data[column]
        if column in CODED:
            codes = {word: number for number, word in enumerate(CODED[column], start=1)}
            out[column] = series.map(lambda v, codes=codes: codes.get(v) if isinstance(v, str) else None).astype(
                "float64"
            )
            value_labels[column] = {number: word for word, number in codes.items()}
        elif column_type(column) == "bool":
            out[column] = series.astype("float64")
            value_labels[column] = {0: "no", 1: "yes"}
        elif column_type(column) in ("int", "float"):
            out[column] = series.astype("float64")
        else:
            out[column] = series.fillna("").astype(str)  # Stata has no missing text: "" (strL rejects nulls)
    pyreadstat.write_dta(
        out,
        str(path),
        file_label="gwr-extractor panel",
        column_labels={c: LABELS.get(c, c)[:80] for c in columns},
        variable_value_labels=value_labels,
        version=15,
    )


def _xlsx(rows: list[dict[str, object]], columns: list[str], path: Path, sheet: str) -> None:
    """One sheet, header frozen; every text cell is written as text (never a formula, codes keep their digits)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(columns)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in typed_rows(rows, columns):
        worksheet.append([row[c] for c in columns])
    text_columns = [i for i, c in enumerate(columns, start=1) if column_type(c) == "string"]
    for index in text_columns:
        for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if cell.value is not None:
                cell.data_type = "s"  # a quote starting with "=" stays text
                cell.number_format = "@"
    worksheet.freeze_panes = "A2"
    workbook.save(path)


def export_rows(run_dir: Path, reviewed: bool) -> tuple[list[dict[str, object]], list[dict[str, object]], int]:
    """(targets, projects, edits not applied): flat rows with review_status."""
    connection = store.connect(run_dir)
    try:
        records = store.load_records(connection)
        pairs = apply_reviews(records, connection) if reviewed else unapplied_rows(records, connection)
    finally:
        connection.close()
    targets, projects = record_rows(pairs)
    unapplied = sum(1 for _, status in pairs if status == "edited_not_applied")
    return targets, projects, unapplied


def check_complete(run_dir: Path, allow_partial: bool) -> None:
    """Refuse (or, with ``allow_partial``, warn about) a run that was interrupted or is still running."""
    connection = store.connect(run_dir)
    try:
        state = store.run_state(connection)
    finally:
        connection.close()
    if state.get("state") not in ("partial", "running"):
        return
    done = f"{state.get('finished', '?')} of {state.get('inputs', '?')} input files done"
    how = "interrupted" if state.get("state") == "partial" else "still running or stopped abruptly"
    if not allow_partial:
        raise InputError(
            f"{run_dir}: the run is partial ({how}, {done}); finish it by running `extractor run` into the "
            "same folder again, or export anyway with --allow-partial"
        )
    log.warning("%s: exporting a partial run (%s, %s)", run_dir, how, done)


def export_tables(run_dir: Path, fmt: str, reviewed: bool, out_dir: Path, allow_partial: bool = False) -> list[Path]:
    """Write targets.<ext> and projects.<ext> (``*_reviewed.<ext>`` with ``reviewed``); return their paths.

    Raises ``InputError`` for an unknown format and for a partial run without ``allow_partial``.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    check_complete(run_dir, allow_partial)
    targets, projects, unapplied = export_rows(run_dir, reviewed)
    if unapplied:
        log.info(
            "%d edited records are exported as extracted (review_status edited_not_applied); "
            "export with --reviewed to apply the edits",
            unapplied,
        )
    suffix = "_reviewed" if reviewed else ""
    written = []
    for name, rows, columns in (("targets", targets, TARGET_COLUMNS), ("projects", projects, PROJECT_COLUMNS)):
        path = out_dir / f"{name}{suffix}.{fmt}"
        write_table(rows, columns, fmt, path, name)
        written.append(path)
    return written


def write_table(rows: list[dict[str, object]], columns: list[str], fmt: str, path: Path, sheet: str) -> None:
    """One table in one of FORMATS, with the panel's column types and (Stata) labels; atomic."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        atomic_write(path, csv_bytes(rows, columns))
    elif fmt == "jsonl":
        atomic_write(path, jsonl_bytes(typed_rows(rows, columns)))
    elif fmt == "parquet":
        table = pa.Table.from_pylist(typed_rows(rows, columns), schema=arrow_schema(columns))
        atomic_write_with(path, lambda temporary: pq.write_table(table, temporary))
    elif fmt == "dta":
        atomic_write_with(path, lambda temporary: _stata(rows, columns, temporary))
    else:
        atomic_write_with(path, lambda temporary: _xlsx(rows, columns, temporary, sheet))


def load_panel(path: str | Path) -> pd.DataFrame:
    """Read an exported table (any format) into pandas with the panel's types.

    Region codes stay text ("331000", never 331000), years are nullable integers (``Int64``),
    Stata's labelled codes come back as their words; columns not known to the panel are kept as read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    text_columns = {c: "string" for c in [*TARGET_COLUMNS, *PROJECT_COLUMNS] if column_type(c) == "string"}
    if suffix == ".csv":
        data = pd.read_csv(path, encoding="utf-8-sig", dtype=text_columns, keep_default_na=False, na_values=[""])
        for column in [c for c in text_columns if c in data]:  # undo csv_cell's guard against formulas
            data[column] = data[column].map(_unguarded, na_action="ignore")
    elif suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        data = pd.DataFrame(rows)
    elif suffix == ".parquet":
        data = pd.read_parquet(path)
    elif suffix == ".dta":
        data = pd.read_stata(path, convert_categoricals=True)
        data = data.astype({c: "object" for c in data.columns if isinstance(data[c].dtype, pd.CategoricalDtype)})
        data = data.replace({"": None})
    elif suffix == ".xlsx":
        data = pd.read_excel(path, dtype=text_columns, engine="openpyxl")
    else:
        raise InputError(f"{path}: not an export (.csv, .jsonl, .parquet, .dta or .xlsx)")
    known = [c for c in data.columns if c in LABELS]
    typed = _with_dtypes(data, known)
    return pd.concat([typed, data[[c for c in data.columns if c not in LABELS]]], axis=1)[list(data.columns)]


__all__ = ["FORMATS", "export_tables", "load_panel"]
