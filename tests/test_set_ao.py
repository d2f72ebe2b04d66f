"""Shapes found in set AO (six whole reports of prefectures lawtext/gov holds and the corpus did not, from six more
provinces, 2014–2023, annotated by helpers who had not read the rules, scored at the commit before their rules). Each test
reads whole reports through the public API.
"""

from __future__ import annotations

from extractor.ingest import load_document
from extractor.sections import build_sections
from tests.conftest import CORPUS
from tests.corpus_records import projects, results, targets


def _sections(stem: str, year: int) -> list[tuple[str, str, int | None]]:
    text = load_document(CORPUS / "docs" / f"{stem}.txt").text  # cleaned as the pipeline reads it
    return [(s.heading, s.kind, s.year) for s in build_sections(text, year)]


def test_a_part_titled_by_what_was_reached_is_a_review() -> None:
    """六安 2016's first part, "一、团结奋斗,“十二五”发展迈上新台阶", says what the five years reached (迈上新台阶, as 跨上新台阶 in
    宣城 2016 and 再上新水平 in 乌鲁木齐 2017): its "生产总值迈上千亿元台阶,达到1143亿元" is a result, no goal for 2016 (44 of
    its figures had been targets)."""
    assert ("一、团结奋斗,“十二五”发展迈上新台阶", "review", None) in _sections("prefecture_luan_2016_full", 2016)
    assert [(r.indicator, r.value, r.year) for r in results("prefecture_luan_2016_full") if "1143" in r.quote] == [
        ("生产总值", 1143.0, 2015)
    ]
    assert not [t for t in targets("prefecture_luan_2016_full") if "1143" in t.quote]


def test_a_forward_verb_keeps_a_reached_level_a_goal() -> None:
    """A title whose verb drives the level on ("五、加快对外开放步伐，推动开放型经济再上新台阶", "力促政府效能建设再上新台阶")
    names a goal; one with no such verb says what was reached."""
    from extractor.sections import reports_results

    assert reports_results("一、2015年及“十二五”经济社会发展跨上新台阶")
    assert not reports_results("五、加快对外开放步伐，推动开放型经济再上新台阶")
    assert not reports_results("十一、全面加强社会管理，力促政府效能建设再上新台阶")


def test_main_targets_listed_on_dash_lines_after_their_lead_are_headline() -> None:
    """六安 2016: "…提出今后五年全市经济社会发展的主要目标(以下数据均不含寿县):" then "——综合实力再上台阶。生产总值年均增长8.5%
    左右…" lines: each line is an item of the list, not a paragraph under a topic of its own, so the main targets are
    headline (about a hundred lawtext reports write them so; 哈尔滨 2008 had no headline target at all). The part opens on
    "“十三五”是…", so the goals are for 2020."""
    five_years = [
        (t.indicator, t.value, t.target_year, t.headline) for t in targets("prefecture_luan_2016_full") if t.headline
    ]
    assert ("生产总值", 8.5, 2020, True) in five_years
    assert ("森林覆盖率", 47.0, 2020, True) in five_years
    assert ("城镇化率", 48.4, 2020, True) in five_years
    headings = [heading for heading, _, _ in _sections("prefecture_luan_2016_full", 2016)]
    assert "——综合实力再上台阶" not in headings
    # the tasks after the list keep their lead sentences
    assert "一是加快绿色发展" in headings


def test_a_part_titled_by_a_five_year_plan_without_shiqi_is_for_its_end() -> None:
    """宜宾 2016's "“十三五”的主要任务" (and "二、“十四五”发展主要目标任务", "二、“十三五”发展的指导思想和目标任务": about sixty
    lawtext reports) sets goals for the plan's last year, as "“十三五”时期主要目标任务" does; "四、加强政府建设，确保“十一五”目标
    任务圆满完成" (泉州 2006) is this year's work."""
    forest = [(t.value, t.target_year) for t in targets("prefecture_yibin_2016_full") if "森林覆盖率达到45%" in t.quote]
    assert forest == [(45.0, 2020)]
    quanzhou = _sections("prefecture_quanzhou_2006_full", 2006)
    assert ("四、加强政府建设,确保“十一五”目标任务圆满完成", "plan", 2006) in quanzhou


def test_built_and_in_use_is_operate() -> None:
    """六安 2016: "确保市图书档案馆、科技文化馆建成使用" — built and in use, as 建成投用 (the stage table, 4.2; 532 lawtext lines
    write 建成使用)."""
    listed = projects("prefecture_luan_2016_full")
    assert (listed["市图书档案馆"].stage, listed["科技文化馆"].stage) == ("operate", "operate")


def test_roads_opened_as_dead_ends_are_each_complete() -> None:
    """通化 2020: "打通福明路、会展路两条“断头路”" — each road is opened (4.2's 打通, as 贯通), the count is the list's; about 150
    lawtext lines list the 断头路 they open so. 打通 governs tasks elsewhere (打通堵点), and a kind of road names no project."""
    listed = projects("prefecture_tonghua_2020_full")
    assert [(listed[n].stage, listed[n].group_count) for n in ("福明路", "会展路")] == [("complete", 2)] * 2
    haikou = projects("prefecture_haikou_2011_full")  # "全力以赴打通侨中路、世贸东路、…、和平南路5条断头路"
    assert {"侨中路", "世贸东路", "高登东路", "文明东路", "和平南路"} <= set(haikou)
    assert not [name for name in projects("prefecture_benxi_2025_full") if "断头" in name]  # "打通城市断头路"


def test_what_a_base_grows_is_no_project() -> None:
    """红河 2014: "加快烤烟、水果、蔬菜、…、畜牧等特色产业基地建设" and 六安 2016: "全面推进优质粮油、畜禽、水产、茶叶、水果等主导
    农产品基地建设" list what the bases grow (kinds, 6.6), not where they stand; nor is a manner (…式) a project
    ("探索人才订单式、一站式、团队式引进", 丽水 2023)."""
    assert not {"烤烟", "水果", "茶叶", "畜牧"} & set(projects("prefecture_honghe_2014_full"))
    assert not {"水产", "水果", "茶叶"} & set(projects("prefecture_luan_2016_full"))
    assert not [name for name in projects("prefecture_lishui_2023_full") if name.endswith("式")]


def test_a_rate_set_above_another_is_a_relative_goal() -> None:
    """湘西 2022: "确保争取上级资金增速高于国省计划安排增速" — a rate set above another rate is a relative goal (3.5) whatever it
    is compared with (绥化 2016's "农民收入增速要高于经济发展速度", 海南 2026's "…增速快于城镇居民"); a principle is none
    ("既遵循经济增速高于国家而且不低于自治区增速的原则", 柳州 2018)."""
    relative = [(t.indicator, t.value) for t in targets("prefecture_xiangxi_2022_full") if "上级资金增速" in t.quote]
    assert relative == [("上级资金增速", None)]
    assert [
        t.indicator for t in targets("prefecture_suihua_2016_full") if t.quote == "农民收入增速要高于经济发展速度"
    ] == ["农民收入增速"]
    assert not [t for t in targets("prefecture_liuzhou_2018_full") if "原则" in t.quote]


def test_firms_named_before_a_class_of_chain_projects_are_projects() -> None:
    """乌海 2025: "抓好美邦中科、杰特绿能等下游产业链项目建设" — the text calls them projects; "等…产业链" alone names trades."""
    assert {"美邦中科", "杰特绿能"} <= set(projects("prefecture_wuhai_2025_full"))


def test_a_count_before_a_graded_site_is_the_goal() -> None:
    """湘西 2022: "建成国家全域旅游示范区和2个以上5A级景区" — the grade (5A级) after the count is part of what is counted, as a
    size class is ("新建5座110千伏变电站"); read as a number the count ran into, the goal had been lost (about 130 lawtext lines
    count A级 sites so; 遵义 2021's "完成1个以上4A级旅游景区创建" and 南平 2018's result "新增…15家3A级旅游景区" too)."""
    graded = [(t.indicator, t.value, t.qualifier) for t in targets("prefecture_xiangxi_2022_full") if "A级" in t.quote]
    assert ("5A级景区", 2.0, "以上") in graded
    assert ("4A级旅游景区", 1.0, "以上") in graded
