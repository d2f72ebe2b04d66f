"""Shapes of older city and county reports (2006–2015), from set F of the development corpus.

高阳县 2015, 保定市 2009 and 2014 and 河北省 2006 (tests/corpus, ADJUDICATION.md) were annotated by people who had not
read the rules and scored before any rule was written for them. Each test reads a whole corpus report through the
public API and asserts the records of one shape the rules now read, and what they no longer take.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from extractor import Project, Result, Target, extract_file, extract_text
from extractor.checks import check_stage
from tests.conftest import CORPUS, FIXTURES, SEEDS
from tests.corpus_records import projects as _projects
from tests.corpus_records import records as _records
from tests.corpus_records import targets as _targets


def test_a_list_grasped_as_projects_is_read_with_its_stage() -> None:
    """抓好 before a list the text calls projects or transport works is their stage (ongoing, docs/annotation.md 4.2):
    "突出抓好河北动漫产业基地、温泉城在水一方等重大项目", "抓好津保城际、廊涿城际…等重点交通工程"."""
    projects = {**_projects("prefecture_baoding_2009_full"), **_projects("prefecture_baoding_2014_full")}
    for name in ("河北动漫产业基地", "温泉城在水一方", "津保城际", "廊涿城际", "固安至白沟新城城际铁路"):
        assert projects[name].stage == "ongoing" and projects[name].stage_raw == "抓好", name


def test_a_list_closed_by_deng_jianshe_is_read_when_its_items_are_named() -> None:
    """保定 2014: "加快新市区数字印刷产业园、清苑正迪欢乐世界文化创意园…、涞水祖冲之文化园等建设" names seven parks; seed 003's
    "加快技术转移中心、中试基地等建设" lists kinds of places, and gives none."""
    projects = _projects("prefecture_baoding_2014_full")
    assert {"新市区数字印刷产业园", "清苑正迪欢乐世界文化创意园", "涞水祖冲之文化园"} <= set(projects)
    seed = extract_file(next(SEEDS.glob("003_*.txt")))
    assert not [r for r in seed if isinstance(r, Project) and r.name in ("技术转移中心", "中试基地")]


def test_a_count_with_its_investment_before_the_noun_counts_the_noun() -> None:
    """高阳 2015: "着力抓好…、再生资源回收网络建设等27个总投资69.5亿元的重点项目建设": 27 counts 重点项目 (the investment
    describes them), and the listed works are projects of that list, the last one ending on 建设 included."""
    counts = {(t.indicator, t.value) for t in _targets("county_gaoyang_2015_full") if t.metric == "count"}
    assert ("重点项目", 27.0) in counts and not [c for c in counts if c[0].startswith("总投资")]
    projects = _projects("county_gaoyang_2015_full")
    for name in ("生活垃圾综合处理设施", "水循环文化生态博物馆", "再生资源回收网络"):
        assert projects[name].group_count == 27, name


def test_programmes_kinds_of_work_and_sizes_inside_names_are_not_taken() -> None:
    """高阳 2015: "启动实施县城菜市场升级改造工程" is a programme (工程 after 实施); "推进正阳路…、朝阳路、向阳路等主要街道
    亮化工作" is work on a kind of street. 保定 2009: "抓好长城40万辆乘用车及零部件、河北长安30万台发动机…等项目建设" sizes
    the plants it names, and "但没有完成12.5%的预期目标" reports a miss: none of them is a target."""
    gaoyang = _projects("county_gaoyang_2015_full")
    assert not {"县城菜市场升级改造工程", "朝阳路", "向阳路"} & set(gaoyang)
    values = {t.value for t in _targets("prefecture_baoding_2009_full")}
    assert not {40.0, 30.0, 12.5} & values


def test_at_least_one_is_a_count() -> None:
    """ "各县(市、区)、开发区每年至少新增一家企业挂牌上市" (保定 2014), "每个县(市)至少规划建设一个有一定规模的工业园区"
    (保定 2009): 至少 before 一 makes it a count aimed at, bound at_least."""
    found = [
        t
        for stem in ("prefecture_baoding_2014_full", "prefecture_baoding_2009_full")
        for t in _targets(stem)
        if t.value == 1.0 and t.value_high is None and t.metric == "count"
    ]
    assert {t.quote for t in found} >= {
        "各县(市、区)、开发区每年至少新增一家企业挂牌上市",
        "每个县(市)至少规划建设一个有一定规模的工业园区",
    }
    assert all(t.bound == "at_least" for t in found)


def test_a_plans_count_of_indicators_is_no_target_and_each_goal_is_read_once() -> None:
    """河北 2006 as hebei.gov.cn serves it holds the report twice; "形成了包括…26项综合性指标和29个专项指标在内的指标体系"
    describes the plan. The “十一五” goals are read once each, for 2010."""
    targets = _targets("province_hebei_2006_full")
    assert not [t for t in targets if "指标" in t.indicator]
    quotes = Counter(t.quote for t in targets)
    assert quotes["城市化率达到45%"] == 1 and quotes["人均生产总值达到2.4万元"] == 1
    assert {t.target_year for t in targets if t.headline} == {2010}


def test_taking_away_verbs_make_a_result_fall() -> None:
    """保定 2014's review: "关停土小企业4757家", "淘汰取缔燃煤锅炉776台", "打掉各类犯罪团伙837个": what is shut, banned or
    broken up falls (docs/annotation.md 3.7)."""
    results = {r.value: r for r in _records("prefecture_baoding_2014_full") if isinstance(r, Result)}
    for value in (4757.0, 776.0, 837.0):
        assert results[value].direction == "decrease" and results[value].year == 2013, value


def test_next_step_opens_goals_after_a_sentence_about_last_year() -> None:
    """保定 2009: "去年年底通过托管、共建方式,…扩大到130平方公里。下一步,重点是…推进六九硅业、中能风电等重大项目建设":
    下一步 turns to the year's work, so the projects are not read as last year's and are not flagged as such."""
    projects = _projects("prefecture_baoding_2009_full")
    for name in ("六九硅业", "中能风电"):
        assert name in projects and "RETROSPECTIVE" not in {f.code for f in projects[name].flags}, name


def test_yu_shangnian_compares_and_does_not_make_the_main_targets_last_years() -> None:
    """上海 2020 (set G): "…主要预期目标是:全市生产总值增长6%左右,地方一般公共预算收入与上年基本持平,…,居民消费价格涨幅3%左右,…":
    与上年 is the base of a comparison, so the clauses after it stay goals (they were read as 2019 results) and 与上年基本持平
    is itself a relative goal."""
    headline = {t.indicator: t for t in _targets("province_shanghai_2020_full") if t.headline}
    assert {"城镇调查失业率", "城镇登记失业率", "居民消费价格涨幅"} <= set(headline)
    assert headline["地方一般公共预算收入"].metric == "relative"
    assert all(t.target_year == 2020 for t in headline.values())


def test_lists_of_hotels_and_buildings_named_after_new_are_projects() -> None:
    """海拉尔 2013 (set G): "确保包商银行培训中心、呼伦贝尔大饭店、碧海云天等酒店投入运营", "确保新建的学府路中学、呼伦小学、
    第二幼儿园投入使用", "汽配城及专业4S店项目全部投入运营"."""
    projects = _projects("county_hailar_2013_full")
    for name in ("包商银行培训中心", "呼伦贝尔大饭店", "学府路中学", "第二幼儿园", "汽配城"):
        assert projects[name].stage == "operate", name


def test_a_doubling_with_a_bound_and_funds_named_after_their_amount() -> None:
    """保定 2011: "旅游接待总量和总收入翻一番以上" is growth of 100 %, 以上, for each of the two measures (as the gold reads it);
    国务院 2009: "中央财政拟安排200亿元专项资金" and "中央财政今年再安排1300亿元灾后重建资金" are budget lines (docs/annotation.md 6.3)."""
    doubled = [t for t in _targets("prefecture_baoding_2011_full") if t.quote == "旅游接待总量和总收入翻一番以上"]
    assert [(t.value, t.unit, t.metric, t.qualifier) for t in doubled] == [(100.0, "%", "growth", "以上")] * 2
    assert "旅游接待总量" in {t.indicator for t in doubled}
    funds = {(t.value, t.unit) for t in _targets("national_2009_full") if t.metric == "level"}
    assert {(200.0, "亿元"), (1300.0, "亿元")} <= funds


def test_starting_or_finishing_planning_work_is_planning() -> None:
    """海拉尔 2013's gold: "启动火化场搬迁新建和殡仪馆迁址新建的前期工作", "大唐700万吨露天矿完成核准", "启动西山生态景观区规划":
    what is started or finished is the planning (docs/annotation.md 4.2), so the checks accept planning for them."""
    gold = [json.loads(line) for line in (CORPUS / "gold" / "county_hailar_2013_full.jsonl").read_text().splitlines()]
    planning = [
        Project.model_validate({k: v for k, v in r.items() if k != "source_file"} | {"backend": "llm"})
        for r in gold
        if r["kind"] == "project" and r["stage"] == "planning" and re.search(r"前期|核准|规划", r["stage_raw"] or "")
    ]
    assert len(planning) >= 3
    assert not [p.name for p in planning if check_stage(p)]


def test_a_five_year_plan_in_ascii_quotes_dates_its_goals_and_its_base_is_no_past() -> None:
    """保定 2011 writes its plan with ASCII quotes ("二、"十二五"时期经济社会发展的战略任务"): the part is the five-year plan,
    its goals are for 2015; "城镇居民人均可支配收入、农民人均纯收入比"十一五"末增长60%" names the old plan's end as the base of
    the goal, not as the time it reports on."""
    targets = _targets("prefecture_baoding_2011_full")
    assert len(targets) > 40 and {t.target_year for t in targets} == {2015}
    assert any(t.value == 60.0 and t.quote.startswith("城镇居民人均可支配收入、农民人均纯收入比") for t in targets)


def test_counted_nouns_of_older_provincial_plans() -> None:
    """河北 2007 and 2009 (tests/fixtures/hebei_200{7,9}_counted_nouns.txt): the counted noun keeps two levels of government
    ("21个国家及省级重点实验室"), a 、 inside brackets does not split a subject ("县(市、区)总数的80%"), a count before a long
    modifier closed by 的 counts the thing named after it, and 人口自然增长率 is a rate (share), its 增长 no verb."""
    hebei_2007 = extract_text((FIXTURES / "hebei_2007_counted_nouns.txt").read_text(encoding="utf-8"), year=2007)
    hebei_2009 = extract_text((FIXTURES / "hebei_2009_counted_nouns.txt").read_text(encoding="utf-8"), year=2009)
    found = {(t.indicator, t.value, t.metric) for t in [*hebei_2007, *hebei_2009] if isinstance(t, Target)}
    assert {
        ("国家及省级重点实验室", 21.0, "count"),
        ("县(市、区)总数的", 80.0, "share"),
        ("创新型企业", 100.0, "count"),
        ("人口自然增长率", 7.1, "share"),
    } <= found
    assert not [f for f in found if f[0] in ("国家", "县(市", "区)总数的", "具有较强自主创新能力")]


def test_a_counted_noun_ends_before_the_verb_that_follows_it() -> None:
    """保定 2021: "推动4个国家级外贸基地做大做强" counts 国家级外贸基地, not 国家级外贸基地做大做强; seed 002's "…等45个重大项目
    前期" keeps its stage in the noun as the gold writes it (重大项目前期); 重要/主要 inside a noun are no verb 要."""
    seed = extract_file(next(SEEDS.glob("002_*.txt")))
    baoding = _records("prefecture_baoding_2021_full")
    counted = {(t.indicator, t.value) for t in [*seed, *baoding] if isinstance(t, Target) and t.metric == "count"}
    assert {("重大项目前期", 45.0), ("国家级外贸基地", 4.0)} <= counted
    assert not [c for c in counted if c[0].endswith("做大做强")]
