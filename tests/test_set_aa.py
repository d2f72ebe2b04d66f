"""Shapes of set AA of the development corpus (added on 2026-11-27 in the day's third session) and what they showed.

AA: seven city reports of seven provinces and 2005–2022, collected and annotated by helpers who had not read the rules
(ADJUDICATION.md): 太原 2005, 昆明 2007, 兰州 2009, 海口 2011, 福州 2012, 珠海 2013 and 黔东南 2022. They were scored at the
session's first commit before any rule was written for them. Each test reads whole reports through the public API.
"""

from __future__ import annotations

from extractor.models import Result, Target
from tests.corpus_records import projects, records


def test_a_review_titled_by_its_verdict_reports_results() -> None:
    """昆明 2007 titles its review "一、团结奋斗,真抓实干,“十一五”开局之年成效显著": no 回顾, no year; it had been read as 119
    of the year's goals."""
    review = [
        r
        for r in records("prefecture_kunming_2007_full")
        if r.section_path[:1] == ["一、团结奋斗,真抓实干,“十一五”开局之年成效显著"]
    ]
    assert len(review) >= 100
    assert all(isinstance(r, Result) for r in review)
    assert not [r for r in records("prefecture_kunming_2007_full") if isinstance(r, Target) and r.value == 1203]


def test_works_on_a_named_river_are_projects() -> None:
    """昆明 2007 "完成盘龙江中段水环境治理,启动南段、北段综合整治工程" and "完成船房河、乌龙河整治": the works on each river, the
    last river's works shared by the one before it; not the works on a kind of water."""
    found = projects("prefecture_kunming_2007_full")
    assert {name: found[name].stage for name in ("盘龙江中段水环境治理", "船房河整治", "乌龙河整治")} == dict.fromkeys(
        ("盘龙江中段水环境治理", "船房河整治", "乌龙河整治"), "complete"
    )
    assert found["玉带河-篆塘河综合整治"].stage == "start"


def test_adverbs_before_the_stage_word_are_no_part_of_a_name() -> None:
    """福州 2012 "认真抓好蓝星化工、中国软包装、中化工程己内酰胺、宝钢德盛不锈钢、兆元光电等一批重大产业项目建设" and
    "全线推进地铁1号线建设"."""
    found = projects("prefecture_fuzhou_2012_full")
    names = ("蓝星化工", "中国软包装", "中化工程己内酰胺", "宝钢德盛不锈钢", "兆元光电", "地铁1号线")
    assert {found[name].stage for name in names} == {"ongoing"}


def test_the_government_itself_and_some_projects_are_no_names() -> None:
    """兰州 2009 "三、加快推进政府自身建设" and 珠海 2013 "争取部分项目年内开工"."""
    assert "政府自身" not in projects("prefecture_lanzhou_2009_full")
    assert "部分项目" not in projects("prefecture_zhuhai_2013_full")
