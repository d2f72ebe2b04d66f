"""Targets beside outcomes (extractor panel): real consecutive reports of one region, and met/gap/escalation rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor import Result, Target, load_panel
from extractor.cli import app
from extractor.outcomes import build_panel, met, parent_code
from tests.conftest import CORPUS

runner = CliRunner()
PAIRS = [
    ("county_gaoyang_2018_full.txt", "county_gaoyang_2019_excerpt.txt"),
    ("prefecture_mianyang_2023_plan.txt", "prefecture_mianyang_2024_digest.txt"),
    ("national_2017_plan.txt", "national_2018_full.txt"),
]


@pytest.fixture(scope="module")
def consecutive_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pairs")
    for pair in PAIRS:
        for name in pair:
            shutil.copy(CORPUS / "docs" / name, folder / name)
    out = folder / "run"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
    assert result.exit_code in (0, 3), result.output
    return out


def _cell(panel: pd.DataFrame, region: str, year: int, indicator_id: str, metric: str = "growth") -> pd.Series:
    rows = panel[
        (panel.region == region)
        & (panel.year == year)
        & (panel.indicator_id == indicator_id)
        & (panel.metric == metric)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_each_consecutive_pair_is_joined(consecutive_run: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["panel", str(consecutive_run), "-o", str(tmp_path / "panel.parquet")])
    assert result.exit_code == 0, result.output
    panel = load_panel(tmp_path / "panel.parquet")
    # 高阳县: the 2018 report sets 生产总值增长9%; the 2019 report estimates it (初步预计) at 9%.
    gaoyang = _cell(panel, "高阳县", 2018, "gdp")
    assert (gaoyang.target_value, gaoyang.outcome_value, gaoyang.met) == (9.0, 9.0, "true")
    assert bool(gaoyang.outcome_estimate) and gaoyang.outcome_report == "county_gaoyang_2019_excerpt.txt"
    # 绵阳市: 7.5% set in 2023, "预计增长8%以上" stated in 2024.
    mianyang = _cell(panel, "绵阳市", 2023, "gdp")
    assert (mianyang.target_value, mianyang.outcome_value, mianyang.gap) == (7.5, 8.0, 0.5)
    # The nation: 6.5%左右 in 2017, 6.9% reported in 2018; met within the 0.5-point tolerance of 左右.
    nation = _cell(panel, "全国", 2017, "gdp")
    assert (nation.qualifier, nation.outcome_value, nation.met) == ("左右", 6.9, "true")
    assert nation.region_code == "100000" and nation.outcome_report_year == 2018
    joined = panel[panel.target_value.notna() & panel.outcome_value.notna()]
    assert set(joined.region) >= {"高阳县", "绵阳市", "全国"}


def test_tolerance_is_a_setting(consecutive_run: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["panel", str(consecutive_run), "-o", str(tmp_path / "p.csv"), "--tolerance-pp", "0.3"])
    assert _cell(load_panel(tmp_path / "p.csv"), "全国", 2017, "gdp").met == "false"  # 6.9 is 0.4 above 6.5


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "dta", "xlsx"])
def test_every_format_reads_back_with_text_codes(consecutive_run: Path, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"panel.{fmt}"
    assert runner.invoke(app, ["panel", str(consecutive_run), "-o", str(path)]).exit_code == 0
    panel = load_panel(path)
    assert "331082" not in set(panel.region_code.dropna())  # no county of another region leaked in
    assert set(panel.region_code.dropna()) >= {"100000"} and panel.year.dtype.name.startswith(("int", "Int"))


def test_unknown_format_is_one_line(consecutive_run: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["panel", str(consecutive_run), "-o", str(tmp_path / "panel.txt")])
    assert result.exit_code == 2 and "unknown format" in result.output


def _target(value: float, **fields: object) -> Target:
    base: dict[str, object] = dict(
        quote="生产总值增长6.5%左右", indicator="生产总值", indicator_id="gdp", metric="growth", value=value,
        unit="%", qualifier="左右", bound="around", target_year=2023, region="临海市", region_code="331082",
        region_level="county", source_file="a.txt",
    )  # fmt: skip
    return Target(**{**base, **fields})  # type: ignore[arg-type]


def _result(value: float, **fields: object) -> Result:
    base: dict[str, object] = dict(
        quote="生产总值增长7.1%", indicator="生产总值", indicator_id="gdp", metric="growth", value=value, unit="%",
        year=2023, region="临海市", region_code="331082", region_level="county", source_file="b.txt",
    )  # fmt: skip
    return Result(**{**base, **fields})  # type: ignore[arg-type]


def test_met_follows_the_bound_word_and_the_direction() -> None:
    assert met(_target(6.5), _result(7.0), 0.5, 0.05) == "true"  # 左右 within 0.5 points
    assert met(_target(6.5), _result(7.1), 0.5, 0.05) == "false"
    assert met(_target(6.5, qualifier="以上", bound="at_least"), _result(7.1), 0.5, 0.05) == "true"
    assert met(_target(6.5, qualifier="以上", bound="at_least"), _result(6.4), 0.5, 0.05) == "false"
    assert (
        met(_target(5.5, qualifier="以内", bound="at_most", metric="share"), _result(5.6, metric="share"), 0.5, 0.05)
        == "false"
    )
    decline = dict(direction="decrease", qualifier=None, bound="point")
    assert met(_target(3, **decline), _result(3.5, direction="decrease"), 0.5, 0.05) == "true"  # fell more
    assert met(_target(3, **decline), _result(2, direction="decrease"), 0.5, 0.05) == "false"
    assert met(_target(6.5), _result(7.0, unit="亿元"), 0.5, 0.05) == "unknown"  # different units


def test_revised_outcome_keeps_the_first_statement_and_escalation_reads_the_parent() -> None:
    city = _target(
        6.0, region="台州市", region_code="331000", region_level="prefecture", qualifier="以上", bound="at_least"
    )
    rows = build_panel(
        [
            (_target(6.5), 2023),
            (city, 2023),
            (_result(7.0, estimate=True, source_file="2024.txt"), 2024),
            (_result(7.2, source_file="2025.txt"), 2025),
        ]
    )
    county = next(r for r in rows if r.region_code == "331082")
    assert (county.outcome_value, county.outcome_first_value, county.outcomes_stated) == (7.2, 7.0, 2)
    assert county.outcome_report == "2025.txt" and county.outcome_estimate is False
    assert (county.parent_region_code, county.parent_target_value, county.escalation) == ("331000", 6.0, 0.5)
    assert parent_code("331000", "prefecture") == "330000" and parent_code("330000", "province") == "100000"
    assert parent_code("100000", "national") is None


def test_report_draws_target_and_outcome_pictures_without_external_resources(
    consecutive_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(consecutive_run), "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    section = html[
        html.index('<section id="outcomes">') : html.index("</section>", html.index('<section id="outcomes">'))
    ]
    assert section.count("<svg") >= 4  # 高阳县, 绵阳市, 全国 and the escalation by level
    assert "2018 outcome 9% (met: true)" in section  # 高阳县
    assert "2017 outcome 6.9% (met: true)" in section and "GDP growth targets by level" in section
    assert "<script src" not in html and "<link" not in html
