"""Every export format read back with the tool a panel user has: pandas (through ``load_panel``),
pyreadstat for Stata and openpyxl for Excel. Columns, types and labels are the same in all of them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pyreadstat
import pytest
from typer.testing import CliRunner

from extractor import load_panel, store
from extractor.cli import app
from extractor.export import TARGET_COLUMNS
from extractor.models import Target
from extractor.panel import CODED, FORMATS, LABELS
from tests.review_support import evil_run

runner = CliRunner()
TAIZHOU = "003_"  # the 台州 report of 2022 sets 2022 goals and five-year goals for 2026


@pytest.fixture(scope="module")
def exports(seed_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    for fmt in FORMATS:
        result = runner.invoke(app, ["export", str(seed_run), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_with_the_panel_types(exports: Path, fmt: str) -> None:
    frame = load_panel(exports / f"targets.{fmt}")
    assert list(frame.columns) == TARGET_COLUMNS and "flags" not in frame.columns
    assert str(frame["region_code"].dtype) == "string" and "331000" in set(frame["region_code"].dropna())
    assert str(frame["report_year"].dtype) == "Int64" and str(frame["target_year"].dtype) == "Int64"
    assert str(frame["headline"].dtype) == "boolean" and frame["value"].dtype == "float64"
    taizhou = frame[frame["source_file"].str.startswith(TAIZHOU)]
    assert set(taizhou["report_year"]) == {2022}  # one report year on every row…
    assert {2022, 2026} <= set(taizhou["target_year"].dropna())  # …beside the year each target is for
    assert set(frame["metric"].dropna()) <= set(CODED["metric"]) and "growth" in set(frame["metric"])
    assert set(frame["review_status"]) == {"unreviewed"}


def test_the_formats_agree_row_for_row(exports: Path) -> None:
    frames = {fmt: load_panel(exports / f"targets.{fmt}").set_index("id").sort_index() for fmt in FORMATS}
    reference = frames["parquet"]
    for fmt, frame in frames.items():
        assert list(frame.index) == list(reference.index), fmt
        for column in ("region_code", "report_year", "target_year", "value", "unit", "bound", "quote", "headline"):
            assert (
                frame[column].astype("object").fillna("").tolist()
                == reference[column].astype("object").fillna("").tolist()
            ), (fmt, column)


def test_stata_file_has_every_variable_labelled_and_value_labels_for_coded_columns(exports: Path) -> None:
    data, meta = pyreadstat.read_dta(exports / "targets.dta")
    assert meta.column_names == TARGET_COLUMNS
    for name, label in meta.column_names_to_labels.items():
        assert label and label == LABELS[name][:80], name
    labelled = meta.variable_value_labels
    for column in ("metric", "bound", "direction", "region_level", "review_status", "headline"):
        assert column in labelled, column
    assert labelled["metric"][CODED["metric"].index("growth") + 1] == "growth"
    assert meta.readstat_variable_types["region_code"] == "string"
    assert "331000" in set(data["region_code"])


def test_excel_cells_keep_region_codes_as_text(exports: Path) -> None:
    sheet = openpyxl.load_workbook(exports / "targets.xlsx", read_only=False)["targets"]
    header = [cell.value for cell in sheet[1]]
    assert header == TARGET_COLUMNS
    code_column = header.index("region_code") + 1
    codes = [sheet.cell(row=r, column=code_column) for r in range(2, sheet.max_row + 1)]
    filled = [cell for cell in codes if cell.value is not None]
    assert filled and all(cell.data_type == "s" and len(cell.value) == 6 for cell in filled)
    assert sheet.freeze_panes == "A2"


def test_parquet_schema_is_the_same_for_runs_with_different_content(
    exports: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    small = evil_run(tmp_path_factory, tmp_path / "evil")  # one short report: many columns all empty
    assert runner.invoke(app, ["export", str(small), "-f", "parquet", "-o", str(tmp_path / "out")]).exit_code == 0
    for name in ("targets", "projects"):
        assert pq.read_schema(tmp_path / "out" / f"{name}.parquet").equals(
            pq.read_schema(exports / f"{name}.parquet"), check_metadata=False
        ), name


def test_reviewed_and_plain_exports_do_not_overwrite_each_other(seed_run: Path, tmp_path: Path) -> None:
    run_dir = Path(str(tmp_path / "run"))
    import shutil

    shutil.copytree(seed_run, run_dir)
    connection = store.connect(run_dir)
    target = next(r for r in store.load_records(connection) if isinstance(r, Target))
    store.add_review(connection, target.id, "edit", {"qualifier": "左右"}, reviewer="t")
    connection.close()
    for extra in ([], ["--reviewed"]):
        assert runner.invoke(app, ["export", str(run_dir), "-f", "csv", *extra]).exit_code == 0
    plain = load_panel(run_dir / "export" / "targets.csv").set_index("id")
    reviewed = load_panel(run_dir / "export" / "targets_reviewed.csv").set_index("id")
    assert plain.loc[target.id, "review_status"] == "edited_not_applied"
    assert plain.loc[target.id, "qualifier"] == target.qualifier
    assert (reviewed.loc[target.id, "qualifier"], reviewed.loc[target.id, "bound"]) == ("左右", "around")
    assert reviewed.loc[target.id, "review_status"] == "edited"


def test_an_unknown_format_is_one_line(seed_run: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(seed_run), "-f", "xls", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == "error: unknown format 'xls'; choose one of csv, jsonl, parquet, dta, xlsx"
    assert not list(tmp_path.iterdir())
