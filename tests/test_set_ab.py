"""Shapes of set AB of the development corpus (added on 2026-11-27 in the day's fifth session) and what they showed.

AB: three districts of 深圳 (罗湖 2014, 南山 2018, 福田 2022), 南昌 2002, 合肥 2008 and two autonomous prefectures (凉山 2014,
恩施 2018), collected and annotated by helpers who had not read the rules (ADJUDICATION.md), scored at the session's first
commit before any rule was written for them. Each test reads whole reports through the public API or a run of the
command line over the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

from extractor.models import Result, Target
from tests.conftest import CORPUS
from tests.corpus_records import records, targets


def _offset(stem: str, words: str) -> int:
    from extractor.api import clean

    text = clean((CORPUS / "docs" / f"{stem}.txt").read_text(encoding="utf-8")).text
    assert text.count(words) == 1, words
    return text.index(words)


def test_a_review_with_no_heading_of_its_own_reports_results() -> None:
    """凉山 2014 numbers only its plan's parts: its review opens "去年，在省委、省政府和州委的坚强领导下…" and reports the year
    under lead sentences ("经济平稳较快增长。实现地区生产总值1214.4亿元，增长10.2%…") until "2014年是全面深化改革的开局之年…".
    It had been read as 151 of the year's goals and 3 results."""
    stem = "prefecture_liangshan_2014_full"
    plan_opens = _offset(stem, "2014年是全面深化改革的开局之年")
    review = [r for r in records(stem) if r.char_start < plan_opens]
    assert len(review) >= 100
    assert all(isinstance(r, Result) for r in review)
    gdp = next(r for r in review if r.value == 1214.4)
    assert gdp.indicator == "地区生产总值" and gdp.year == 2013
    headline = {(t.indicator, t.value) for t in targets(stem) if t.headline}
    assert ("地区生产总值", 10) in headline and not [t for t in targets(stem) if t.value == 1214.4]


def test_main_targets_listed_one_per_line_are_all_headline() -> None:
    """南昌 2002 lists its main targets after "2002年全市经济和社会发展的主要预期目标是:" one per line, each ending with a
    semicolon ("财政总收入58亿元，增长10.6%;" … "人口出生率控制在14.63‰以内。"); only the first line had been read as headline
    (南昌's reports of 2003 to 2014 in lawtext/gov write them so too)."""
    listed = [
        t for t in targets("prefecture_nanchang_2002_full") if t.target_year == 2002 and t.indicator and t.unit != "个"
    ]
    headline = {(t.indicator, t.value) for t in listed if t.headline}
    assert {("国内生产总值", 540), ("财政总收入", 58), ("实际利用外资", 2.3), ("人口出生率", 14.63)} <= headline
    assert len(headline) >= 18


def test_figures_a_conversion_lost_are_not_read_and_the_document_says_so(corpus_run: Path) -> None:
    """合肥 2008's copy in lawtext/gov holds "$1.$2" where a faulty conversion lost 114 figures ("城镇登记失业率控制在$1.$2%"):
    the 2 of "$2" had been read as the rate. The intact figures are read; the document carries a warning."""
    stem = "prefecture_hefei_2008_full"
    assert not [r for r in records(stem) if "$" in (r.indicator if isinstance(r, (Target, Result)) else "")]
    assert not [t for t in targets(stem) if "失业率" in (t.indicator or "")]
    assert {("地区生产总值", 15.0), ("人口出生率", 12.0)} <= {
        (t.indicator, t.value) for t in targets(stem) if t.headline
    }
    documents = [json.loads(line) for line in (corpus_run / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    hefei = next(d for d in documents if d["source_file"] == f"{stem}.txt")
    assert any("114 placeholders" in warning for warning in hefei["warnings"])
    assert not [
        d for d in documents if d["source_file"] != hefei["source_file"] and "placeholder" in str(d["warnings"])
    ]


def test_a_glossary_titled_by_its_words_sets_no_goal() -> None:
    """凉山 2014 closes with "词解释和说明" (31 reports of lawtext/gov write "名词解释和说明"): its entries define terms ("力争新建公路
    9091公里", the goals of a programme in 2015) and had been read as the report's goals."""
    stem = "prefecture_liangshan_2014_full"
    glossary = _offset(stem, "词解释和说明")
    assert not [r for r in records(stem) if r.char_start > glossary]
    assert [r for r in records(stem) if r.char_start < glossary]


def test_a_share_of_the_subject_that_does_something_is_a_goal() -> None:
    """ "危险废弃物100%安全处置" (罗湖 2014), "确保二、三类声环境功能区100%达标" (福田 2022): the share of what the clause names that
    is to do what it writes after the percent (855 clauses of 605 scanned reports: 达标, 覆盖, 纳入, 通客车…)."""
    luohu = {(t.indicator, t.value, t.unit) for t in targets("county_luohu_2014_full")}
    assert ("危险废弃物安全处置", 100, "%") in luohu
    futian = {(t.indicator, t.value) for t in targets("county_futian_2022_full")}
    assert {("二类声环境功能区达标", 100), ("三类声环境功能区达标", 100)} <= futian
    ningxia = {(t.indicator, t.value) for t in targets("province_ningxia_2025_full")}
    assert ("新建数据中心使用绿电", 100) in ningxia
