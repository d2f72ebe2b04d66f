"""Shapes found on 2026-11-27's sixth session: in the development corpus's false projects, counted in the 2,942 scanned
reports, and in set AC (collected and annotated by helpers who had not read the rules, scored at the session's first
commit before any rule was written for them). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from extractor import Project
from extractor.models import Result, Target
from tests.conftest import CORPUS
from tests.corpus_records import projects, records, targets


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


def test_who_or_when_before_the_verb_is_not_part_of_the_first_name() -> None:
    """ "配合加快德郓高速、济临高速动工建设" (高唐 2023) and "B区完成职中路及排水、天然气管网建设" (徐水 2010): what stands before
    the verb governing the names (配合, B区) had been read into the first name (配合加快德郓高速, B区完成职中路); 完成 before the
    names and 建设 after them are one phrase, so the road is to be completed, not merely under way."""
    gaotang = projects("county_gaotang_2023_full")
    assert gaotang["德郓高速"].stage == "start" and "配合加快德郓高速" not in gaotang
    xushui = [r for r in records("county_xushui_2010_full") if isinstance(r, Project) and r.quote.startswith("B区完成")]
    assert {(r.name, r.stage) for r in xushui} == {("职中路", "complete")}


def test_a_total_since_a_base_year_dates_nothing() -> None:
    """国务院 2008 sums up its term: "五年新增电力装机3.5亿千瓦,是1950年到2002年53年的总和;新增公路19.2万公里…". The
    years of a total the figure is compared with ("是…年到…年的总和", "相当于1950年到1997年…的总和", "超过…总和") are no year
    of the figure: these are the five years to 2007, as every other figure of the paragraph."""
    found = {
        (r.indicator, r.year, r.period)
        for r in records("national_2008_full")
        if isinstance(r, Result) and r.indicator in ("电力装机", "公路", "铁路营运里程")
    }
    assert found == {("电力装机", 2007, True), ("公路", 2007, True), ("铁路营运里程", 2007, True)}


def test_a_space_between_a_number_and_its_unit_is_typesetting() -> None:
    """拉萨 2002 (set AC) writes "国内生产总值达到54 亿元", "市财政将安排 400 万元"; 56 of the 2,942 scanned reports write such
    spaces, over 2,000 in all. 国务院 2004 has "中央财政将投入６０ 亿元": the figure had not been read. The cleaned text drops
    the space, so the figure and its unit are read whole, and a gold quote copied from the file with its space is found
    (``evaluate`` folds quotes as cleaning does)."""
    from extractor.api import clean

    raw = (CORPUS / "docs" / "national_2004_full.txt").read_text(encoding="utf-8")
    assert "６０ 亿元" in raw
    assert "中央财政将投入60亿元" in clean(raw).text
    found = [t for t in targets("national_2004_full") if t.value == 60 and t.unit == "亿元"]
    assert [t.quote for t in found] == ["中央财政将投入60亿元"]


def test_he_before_a_lists_last_item_shares_its_type_word() -> None:
    """ "花山、马兰和西下关毛主席路居" (阜平 2013) ends its list as Chinese lists end, with 和 before the last item; 宁波 1999 (set
    AC) writes "建成宝桥、后西和仓基变电站工程". The item before 和 is an item of the list, as wide as the ones before it:
    "马兰和西下关毛主席路居" had been read as one name."""
    names = projects("county_fuping_2013_full")
    assert "马兰和西下关毛主席路居" not in names and "西下关毛主席路居" in names


def test_a_report_of_the_1990s_has_its_plan_as_a_part_of_its_own() -> None:
    """宁波 1999 (set AC) is titled in two unnumbered parts, "1998年工作的回顾" and "1999年的主要任务", the second holding 一、 to
    十、. A year was read only as 20xx, so "1999年的主要任务" named no period, its parts nested under the review and the year's
    goals were read as results (targets 0.838 on set AC at the session's first commit)."""
    found = {(t.indicator, t.value, t.target_year) for t in targets("prefecture_ningbo_1999_full")}
    assert {("垦造耕地", 1.6, 1999), ("粮食产量", 166.0, 1999)} <= found
    assert len(found) >= 50


def test_spaced_figures_of_a_report_are_its_headline_targets() -> None:
    """拉萨 2002 (set AC) writes its main targets with a space before each unit ("国内生产总值达到54 亿元", "农牧民人均纯收入1950
    元"): read whole once cleaning drops the space, and headline."""
    headline = {(t.indicator, t.value, t.unit) for t in targets("prefecture_lasa_2002_full") if t.headline}
    assert {
        ("国内生产总值", 54.0, "亿元"),
        ("农牧民人均纯收入", 1950.0, "元"),
        ("城镇居民可支配收入", 8500.0, "元"),
    } <= headline


def test_a_report_delivered_in_the_december_before_means_the_year_reviewed_by_this_year() -> None:
    """自贡 2023 (set AC) was delivered "2022年12月28日" and writes 明年 for 2023; its "今年工作中，我们坚持…" paragraph, in the
    part on the government's own work, reports 2022: "490件人大议案、代表建议、政协提案全部办结" is a result of 2022, not a goal
    of 2023. 46 of the 2,942 scanned reports were delivered so and write 明年."""
    zigong = records("prefecture_zigong_2023_full")
    handled = [r for r in zigong if r.quote.startswith("490件人大议案")]
    assert handled and all(isinstance(r, Result) and r.year == 2022 for r in handled)
    assert not [r for r in zigong if isinstance(r, Target) and r.value == 155]
    assert len([r for r in zigong if isinstance(r, Target)]) >= 80


def test_wells_ponds_and_flights_are_counted() -> None:
    """口 counts wells, ponds and digesters, 班 flights (196 and 61 figures of the scan; 乌海 2025's "新增页岩气井45口以上", 宁波
    1999's "争取每月航班达到130班以上"): 凉山 2014's "建设沼气池1.29万口、机耕道400公里" had been read as 1.29 万 of 沼气池 and
    400 公里 of "口、机耕道"."""
    found = [
        (t.indicator, t.value, t.unit)
        for t in targets("prefecture_liangshan_2014_full")
        if t.quote.startswith("建设沼气池")
    ]
    assert found == [("沼气池", 1.29, "万口"), ("机耕道", 400.0, "公里")]
    flights = [t for t in targets("prefecture_ningbo_1999_full") if t.quote == "争取每月航班达到130班以上"]
    assert [(t.value, t.unit, t.qualifier) for t in flights] == [(130.0, "班", "以上")]


def test_on_time_or_without_delay_before_the_stage_verb() -> None:
    """ "如期开通运营轨道交通8号线一期" (盐田 2020), "抓紧启动建设国际会展中心项目" (宁波 1999): 如期, 按期, 抓紧 before the stage verb
    say when, as 尽快 and 年内 do; the names had been lost (649 clauses of the scan open so)."""
    assert projects("county_yantian_2020_full")["轨道交通8号线一期"].stage == "operate"
    assert projects("prefecture_ningbo_1999_full")["国际会展中心项目"].stage == "start"


def test_a_silk_road_is_an_initiative_not_a_work() -> None:
    """国务院 2014: "抓紧规划建设丝绸之路经济带、21世纪海上丝绸之路" plans two initiatives (the belt was already kept out as an
    经济带); 9 scanned reports had "海上丝绸之路", "空中丝绸之路" as projects."""
    assert not [name for name in projects("national_2014_full") if name.endswith("丝绸之路")]


def test_a_size_class_after_a_count_is_part_of_what_it_counts() -> None:
    """ "协调推动东港区3个20万吨级超大型深水泊位开工建设" (盐田 2020), "完成南湖等5个110千伏输变电站建设" (自贡 2023), "建成20个500千伏
    输变电工程" (内蒙古 2026): a count with a voltage or tonnage class before its noun had been dropped as a number run into
    another (95 such counts in the scan)."""
    yantian = [(t.indicator, t.value, t.unit) for t in targets("county_yantian_2020_full") if "深水泊位" in t.quote]
    assert yantian == [("20万吨级超大型深水泊位", 3.0, "个")]
    zigong = [
        (t.indicator, t.value) for t in targets("prefecture_zigong_2023_full") if t.quote.startswith("完成南湖等")
    ]
    assert zigong == [("110千伏输变电站", 5.0)]
