"""Shapes of set W of the development corpus (added on 2026-11-26 in the day's ninth session) and what they showed in the
reports already held.

W: seven reports of places and years the corpus did not hold, collected and annotated by helpers who had not read the rules
(ADJUDICATION.md): 徐水 2010, 米易 2022 and 高唐 2023 (counties), 防城港 2009, 鹤岗 2011, 赣州 2015 and 宜昌 2019 (cities).
Each was scored before any rule was written for it. Each test reads whole corpus reports through the public API and
asserts the records of one shape the rules now read, in set W and in the reports of other sets that write it too.
"""

from __future__ import annotations

from extractor import Target
from tests.corpus_records import projects as _projects
from tests.corpus_records import records as _records
from tests.corpus_records import targets as _targets


def _target(stem: str, quote: str, value: float | None = None) -> Target:
    found = [t for t in _targets(stem) if t.quote == quote and (value is None or t.value == value)]
    assert found, (stem, quote, sorted({t.quote for t in _targets(stem)})[:20])
    return found[0]


def test_a_city_named_after_one_of_its_districts_is_not_read_as_that_district() -> None:
    """防城港 2009 never names its government; it speaks as 我市/全市 and writes 防城港(市) nine times. Each of them also
    holds 防城, the short name of its own district 防城区, which used to tie the two and leave the region empty."""
    assert {r.region for r in _records("prefecture_fangchenggang_2009_excerpt")} == {"防城港市"}


def test_a_part_for_five_years_and_the_year_dates_the_years_tasks_and_the_five_year_goals_apart() -> None:
    """鹤岗 2011's "二、“十二五”时期和2011年主要任务": its subsections are the year's work (2011), while the paragraph opened by
    "“十二五”时期,…" sets the plan's goals ("三个翻番", "712" targets), which are for 2015."""
    stem = "prefecture_hegang_2011_full"
    assert _target(stem, "今年新增水稻面积30万亩").target_year == 2011
    assert _target(stem, "全年实现新增就业2.3万人以上").target_year == 2011
    doubling = [t for t in _targets(stem) if t.quote == "即地区生产总值和财政收入分别比2010年翻一番"]
    assert len(doubling) == 2 and {t.target_year for t in doubling} == {2015}
    levels = [t for t in _targets(stem) if t.quote.startswith("即地区生产总值达到700亿元")]
    assert {t.value for t in levels} == {700, 100, 2000} and {t.target_year for t in levels} == {2015}


def test_works_brought_into_steady_operation_and_passenger_lines() -> None:
    """赣州 2015 "推动赣州进境木材监管区、定南公路口岸作业区常态化运营", 宜昌 2019 "促进茅坪港、白洋港稳健运营": an adverb
    between the names and 运营 (operate, 4.2); 促进 before the names only says work goes on, as in 齐齐哈尔 2014's
    "促进北京首农、棒棒娃食品、百佳居陶瓷等58个项目达产达效". 客专 (客运专线) names a railway: "加快昌赣客专建设"."""
    ganzhou = _projects("prefecture_ganzhou_2015_full")
    assert ganzhou["赣州进境木材监管区"].stage == ganzhou["定南公路口岸作业区"].stage == "operate"
    assert ganzhou["昌赣客专"].stage == "ongoing" and ganzhou["赣深客专"].stage == "start"
    yichang = _projects("prefecture_yichang_2019_full")
    assert yichang["茅坪港"].stage == yichang["白洋港"].stage == "operate"
    qiqihaer = _projects("prefecture_qiqihaer_2014_full")
    assert {qiqihaer[n].stage for n in ("北京首农", "棒棒娃食品", "百佳居陶瓷")} == {"operate"}
    assert "优先支持在建项目" not in _projects("national_2018_full")  # "…平稳建设": no adverb of operation


def test_money_raised_or_put_in_for_a_purpose_named_after_it() -> None:
    """An amount a government raises or puts in, with what it is for written after it (3.3): 宜昌 2019 "市财政筹资10亿元支持
    融资担保体系建设", 赣州 2015 "筹集资金300亿元以上保障民生支出", 国务院 2006 "今后五年中央财政将投入100亿元支持职业
    教育发展" (a five-year goal), 国务院 2007 "…安排500亿元设立中央预算稳定调节基金"."""
    assert _target("prefecture_yichang_2019_full", "市财政筹资10亿元支持融资担保体系建设").unit == "亿元"
    raised = _target("prefecture_ganzhou_2015_full", "筹集资金300亿元以上保障民生支出")
    assert (raised.value, raised.unit) == (300, "亿元")
    vocational = _target("national_2006_full", "今后五年中央财政将投入100亿元支持职业教育发展")
    assert vocational.target_year == 2010
    assert _target("national_2007_full", "今年拟从去年超收收入中安排500亿元设立中央预算稳定调节基金").value == 500


def test_a_modal_word_governs_the_values_listed_after_it_up_to_a_semicolon() -> None:
    """docs/annotation.md 3.8. 徐水 2010 "年内力争全县蔬菜面积达到15.85万亩,奶牛存栏3.7万头": both strive; 海拉尔 2014 "力争
    年末,完成投资2.5亿元": a bare 力争 governs the clause after it; 宜昌 2019 "同时,还应努力实现以下目标:…" governs its list."""
    assert _target("county_xushui_2010_full", "奶牛存栏3.7万头").modality == "strive"
    assert _target("county_hailar_2014_full", "完成投资2.5亿元").modality == "strive"
    assert _target("prefecture_yichang_2019_full", "税收占一般公共预算收入比重超过70%").modality == "strive"


def test_a_modal_word_does_not_reach_past_a_semicolon_its_own_object_or_a_value_before_it() -> None:
    """国务院 2017 "国内生产总值增长6.5%左右,在实际工作中争取更好结果;居民消费价格涨幅3%左右" (a semicolon ends it); 国务院
    2009 "保证货币信贷总量满足经济发展需求,广义货币增长17%左右" (保证 has its object); 韶关 2019 "地区生产总值增长6%、
    实际执行时努力争取更好结果,人均生产总值增长5%" (no value after the word); 龙游 2025 "…的努力目标为:" names targets."""
    assert _target("national_2017_plan", "居民消费价格涨幅3%左右").modality is None
    assert _target("national_2009_full", "广义货币增长17%左右").modality is None
    assert _target("prefecture_shaoguan_2019_partial", "人均生产总值增长5%").modality is None
    assert _target("county_longyou_2025_excerpt", "全县生产总值增长7%").modality is None


def test_works_after_adverbs_of_effort_and_a_stretch_named_in_brackets() -> None:
    """高唐 2023 "聚力推进书画文创产业园、…、鲤都印象园建设", 米易 2022 "强力推进缅气入攀(米易段)建设": an adverb of effort
    before the stage word; a line's stretch in brackets makes it a work, as 江西 2026 writes "长江国家文化公园(江西段)"."""
    gaotang = _projects("county_gaotang_2023_full")
    assert {gaotang[n].stage for n in ("书画文创产业园", "黄河故道郊野森林公园", "鲤都印象园")} == {"ongoing"}
    assert _projects("county_miyi_2022_full")["缅气入攀(米易段)"].stage == "ongoing"
    jiangxi = _projects("province_jiangxi_2026_full")
    assert "长江国家文化公园(江西段)" in jiangxi and "武夷山国家公园(江西片区)" in jiangxi


def test_named_development_and_bonded_zones_are_works_a_bare_kind_is_not() -> None:
    """赣州 2015 "加快赣州、龙南、瑞金经济技术开发区和…示范区建设": the type word shared by three places; 上海 2020 "推进洋山
    特殊综合保税区建设" and seed 003 "台州综合保税区封关运行" (the guideline's own example, 4.1). 广东 2026's "…产业园区和
    开发区" names a kind, and 海拉尔 2013's "开通…、经济技术开发区等公交线路" names where bus lines go."""
    ganzhou = _projects("prefecture_ganzhou_2015_full")
    assert {n for n in ganzhou if n.endswith("经济技术开发区")} == {
        f"{p}经济技术开发区" for p in ("赣州", "龙南", "瑞金")
    }
    assert "洋山特殊综合保税区" in _projects("province_shanghai_2020_full")
    assert "开发区" not in _projects("province_guangdong_2026_full")
    assert not any("开发区" in n for n in _projects("county_hailar_2013_full"))


def test_a_holiday_before_the_stage_word_and_two_stages_joined_by_bing() -> None:
    """米易 2022 "安宁河一桥国庆前建成通车" (the deadline between the name and its stage); 赣州 2015 "建成并投入使用市人民医院
    新院" and 上海 2020 "建成并开放软X射线、…" (the second stage is no part of the name); 赣州's "贡江左岸截污干管"."""
    assert _projects("county_miyi_2022_full")["安宁河一桥"].stage == "complete"
    ganzhou = _projects("prefecture_ganzhou_2015_full")
    assert "市人民医院新院" in ganzhou and "贡江左岸截污干管" in ganzhou
    assert "软X射线" in _projects("province_shanghai_2020_full")
