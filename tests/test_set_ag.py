"""Shapes found on 2026-11-28's session: in the corpus's project misses, and in set AG's (six provincial reports of
1998–2020 the corpus did not hold, from ``lawtext/gov``, annotated by helpers who had not read the rules and scored at
the commit before their rules). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects, results, targets


def test_works_that_implementing_names_on_a_named_place_are_projects() -> None:
    """实施…工程 names a programme (工业强基, 城市更新) unless it names a thing built; works on a place named by its own
    words are such a thing: 银川 2021 "启动实施贺兰县集中供热工程", 凉山 2014 "实施金沙江、雅砻江航道整治工程", 沈阳 2008
    "实施浑河浑南拦河坝改造" (the gold of each names them; 454 clauses of 418 lawtext reports are so written). A kind of
    county is no place (河南 2025 "实施产粮大县公共服务能力提升工程")."""
    assert projects("prefecture_yinchuan_2021_full")["贺兰县集中供热工程"].stage == "start"
    assert {"金沙江航道整治工程", "雅砻江航道整治工程"} <= set(projects("prefecture_liangshan_2014_full"))
    assert "浑河浑南拦河坝改造" in projects("prefecture_shenyang_2008_full")
    assert "产粮大县公共服务能力提升工程" not in projects("province_henan_2025_full")


def test_a_part_titled_for_the_year_reviewed_and_the_year_planned_turns_at_the_year_planned() -> None:
    """浙江 2004: "一、2003年工作回顾和2004年工作总体要求" reviews 2003 until the paragraph naming 2004 ("…建议2004年全省经济和
    社会发展的主要预期调控目标是:生产总值增长10%以上…"). The whole part had been read as a plan for 2003: 2003's figures came out
    as targets and 2004's main targets were dated 2003 (浙江 1995–2005, 山东 2000, 黄石 2014 are titled so). 主要预期调控目标
    and 主要调控目标 open the main targets as 主要预期目标 does (9 lawtext reports)."""
    zhejiang = targets("province_zhejiang_2004_full")
    growth = next(t for t in zhejiang if t.quote == "生产总值增长10%以上")
    assert (growth.value, growth.target_year, growth.headline) == (10, 2004, True)
    assert not [t for t in zhejiang if t.target_year == 2003]
    assert not [t for t in zhejiang if t.quote == "全省生产总值9200亿元"]  # 2003's result
    assert {r.value for r in results("province_zhejiang_2004_full") if r.quote == "全省生产总值9200亿元"} == {9200}


def test_an_annex_titled_for_the_plan_year_holds_its_pledges() -> None:
    """广东 2017: "附件" then "2017年省十件民生实事": the year's pledges, told with the counts and verbs a review uses ("支持建设矿山、
    危化品应急救援基地8个"), had been read as 2016's results (成都 2020 and 2024, 广东 2020, 石嘴山 2021 and 2023 annex theirs so)."""
    pledged = [t for t in targets("province_guangdong_2017_full") if t.quote == "支持建设矿山、危化品应急救援基地8个"]
    assert [(t.value, t.target_year) for t in pledged] == [(8, 2017)]
    assert not [r for r in results("province_guangdong_2017_full") if r.quote == "支持建设矿山、危化品应急救援基地8个"]


def test_lines_named_by_their_ends_with_a_dash_sluices_and_phases_of_a_works() -> None:
    """Set AG's misses, each a shape of several reports: a line named by its ends with a dash ("开工建设阜阳—淮北、六安—安庆
    铁路", 安徽 2020; "中心城区—石牌及东桥—子陵等一级公路", 荆门 2016) shares the last one's type word as "至" lines do; a sluice
    is built (曹娥江大闸, 浙江 2004; 24 lawtext reports build a 船闸, 大闸 or 水闸); a phase of a works is named with 建设 in it
    ("启动湘江风光带建设二期工程", 湖南 2009); 集中 before 抓好 is no part of the first name ("集中抓好长沙、张家界国际机场建设")."""
    assert {"阜阳—淮北铁路", "六安—安庆铁路"} <= set(projects("province_anhui_2020_full"))
    assert {"中心城区—石牌", "东桥—子陵"} <= set(projects("prefecture_jingmen_2016_full"))
    assert "曹娥江大闸" in projects("province_zhejiang_2004_full")
    hunan = projects("province_hunan_2009_full")
    assert hunan["湘江风光带建设二期工程"].stage == "start"
    assert {"长沙国际机场", "张家界国际机场"} <= set(hunan)


def test_goals_against_a_reference_without_a_number() -> None:
    """安徽 2020's main targets: "进出口总额增长高于全国平均水平" (a total's growth is measurable), "财政收入增长保持上年
    水平" (kept at last year's); 广东 2017 "进出口总额实现正增长"; 湖南 2009 "行政支出实行零增长" (kept, as 海北 2014's
    "保持“三公”经费零增长" and 兰州 2009's). Each had been missed."""
    anhui = {t.quote: t for t in targets("province_anhui_2020_full")}
    trade = anhui["进出口总额增长高于全国平均水平"]
    assert (trade.metric, trade.headline) == ("relative", True)
    assert anhui["财政收入增长保持上年水平"].direction == "maintain"
    assert "进出口总额实现正增长" in {t.quote for t in targets("province_guangdong_2017_full")}
    (spending,) = [t for t in targets("province_hunan_2009_full") if t.quote == "行政支出实行零增长"]
    assert (spending.indicator, spending.direction) == ("行政支出", "maintain")


def test_people_counted_in_wan_after_a_modal_verb() -> None:
    """广东 2017 "确保60万相对贫困人口脱贫", "帮扶30万有劳动能力贫困人口家庭发展…" (126 lawtext reports write "确保/力争/实现
    N万…贫困人口脱贫"): 万 alone counts the people after it, after 确保, 力争 and 帮扶 as after 实现 (6.6)."""
    guangdong = {t.quote: t for t in targets("province_guangdong_2017_full")}
    lifted = guangdong["确保60万相对贫困人口脱贫"]
    assert (lifted.indicator, lifted.value, lifted.unit) == ("相对贫困人口", 60, "万")
    assert guangdong["帮扶30万有劳动能力贫困人口家庭发展种养殖业等产业"].value == 30


def test_set_ah_goals_against_a_reference_and_kinds_listed_as_projects() -> None:
    """Set AH (six city reports scored blind at 3f4cd03): 松原 2021 "城乡居民收入超过全省平均水平" (超过 a reference, as
    高于), "城乡居民人均可支配收入与经济保持同步增长" (in step with 经济, as with 经济增长); 萍乡 2014 "实现“三公”经费负增长" (a
    fall, as 零增长 is a keep). Kinds a list calls projects are still kinds: 南平 2018 "加快建设一批道路、桥梁、隧道、停车场、
    农超市场、城市公园等项目" names no 桥梁 or 隧道 (the adjudicators read 6.6's "taken at its word" for institutions, not
    kinds; a kind ending on a facility's type word, 停车场, is still taken, as seed 001's 新材料产业园 is)."""
    songyuan = {t.quote: t for t in targets("prefecture_songyuan_2021_full")}
    assert songyuan["城乡居民收入超过全省平均水平"].metric == "relative"
    assert songyuan["城乡居民人均可支配收入与经济保持同步增长"].indicator == "城乡居民人均可支配收入"
    (spending,) = [t for t in targets("prefecture_pingxiang_2014_full") if t.quote == "实现“三公”经费负增长"]
    assert (spending.indicator, spending.direction, spending.flags) == ("“三公”经费", "decrease", [])
    assert not {"桥梁", "隧道"} & set(projects("prefecture_nanping_2018_full"))


def test_set_ah_a_part_presenting_the_five_year_outline_and_estimates_said_once() -> None:
    """松原 2021: "二、未来发展的总体安排和主要任务" opens "…编制了《…第十四个五年规划和二〇三五年远景目标纲要》…提请大会审查"
    (190 lawtext reports present the outline so): its goals are for 2025, not the report's year. Its review opens "预计（下
    同）…" (25 reports): every figure after it is an estimate, not only those of that sentence."""
    urbanization = [t for t in targets("prefecture_songyuan_2021_full") if t.quote == "全市常住人口城镇化率达到55%"]
    assert [t.target_year for t in urbanization] == [2025]
    review = results("prefecture_songyuan_2021_full")
    assert len(review) > 100 and all(r.estimate for r in review)
    assert not any(
        r.estimate for r in results("prefecture_nanping_2018_full") if r.quote == "新增列入省级“五个一批”项目3267项"
    )
