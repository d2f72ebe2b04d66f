"""Shapes found on 2026-11-27's sixth session: in the development corpus's false projects, counted in the 2,942 scanned
reports, and in set AC (collected and annotated by helpers who had not read the rules, scored at the session's first
commit before any rule was written for them). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects


def test_a_clause_that_keeps_projects_out_names_none() -> None:
    """恩施 2018: "坚决杜绝高投入、高消耗、高污染、低效益项目落地" keeps such projects out; it had given four signed projects
    (高消耗, 高污染…). The scan held 23 such records in 13 reports ("坚决防止高能耗、高污染项目引进", "坚决遏制违法违规项目开工建设"),
    none a project. The report's projects aimed at are still read ("鹤峰江坪河电站"-like names under 抓好)."""
    names = projects("prefecture_enshi_2018_full")
    assert not {"高消耗", "高污染", "低效益项目", "坚决杜绝高投入"} & set(names)
    assert len(names) >= 20


def test_a_count_and_a_kind_names_no_project() -> None:
    """富平 2013: "实施一个项目、一个领导、一套班子、一个方案、一抓到底" is a way of working, not a project named 一个项目; the
    scan's "“一个中心、三个基地”建设", "10大项目", "这批项目" are a slogan's members or a class (31 names of 27 reports)."""
    names = projects("county_fuping_2013_full")
    assert "一个项目" not in names
    assert not [name for name in names if name.startswith(("一个", "一套", "一个方案"))]
    assert len(names) >= 20
