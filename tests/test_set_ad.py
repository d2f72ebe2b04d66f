"""Shapes found on 2026-11-27's seventh session: in set AC's and set AD's misses (reports collected and annotated by
helpers who had not read the rules, set AD scored at the session's first commit before any rule was written for it),
each counted in the 2,942 scanned reports. Each test reads whole reports through the public API.
"""

from __future__ import annotations

from extractor import Project
from tests.conftest import CORPUS
from tests.corpus_records import projects, records, targets


def test_places_before_a_count_of_one_kind_of_facility_are_each_that_facility() -> None:
    """泉州 2006: "江南、德化、长新等7个220千伏变电站…动工建设"; 自贡 2023: "完成南湖等5个110千伏输变电站建设". The places
    listed write no type word of their own; the count after 等 says what each is (the gold's 江南220千伏变电站,
    南湖110千伏输变电站). They had been read as bare places (江南, 长新; 德化 dropped as a division's name). Names that
    write their own type word keep it ("启动海心小学、山海小学等3所学校建设", 盐田 2020)."""
    quanzhou = projects("prefecture_quanzhou_2006_full")
    assert {"江南220千伏变电站", "德化220千伏变电站", "长新220千伏变电站"} <= set(quanzhou)
    assert not {"江南", "长新"} & set(quanzhou)
    zigong = projects("prefecture_zigong_2023_full")
    assert zigong["南湖110千伏输变电站"].group_count == 5 and "南湖" not in zigong
    yantian = projects("county_yantian_2020_full")
    assert {"海心小学", "山海小学"} <= set(yantian)


def test_reaching_design_output_is_operation() -> None:
    """达产 (a plant reaches its design output) stands 461 times in the scanned reports, alone or after 投产/竣工/建成
    ("推动贵州同益管业达产", 黔西南 2014, set AD; "抓好宝新不锈钢一期投产达产", 宁波 1999): the project operates. It had not
    been a stage word, so such projects were read as under way or not at all. Inside a firm's name before 产业园
    (莆田 2023's "加快推进恒而达产业园、海安装备产业园等项目") it is no stage; a way of serving projects
    ("全流程服务项目开工达产", 青海 2026) is no project."""
    from extractor.api import extract_text

    assert projects("prefecture_ningbo_1999_full")["宝新不锈钢一期"].stage == "operate"
    assert projects("province_chongqing_2026_full")["智联电动车项目"].stage == "operate"
    assert not [name for name in projects("province_qinghai_2026_full") if "全流程服务" in name]
    found = extract_text("二、2023年工作安排\n加快推进恒而达产业园、海安装备产业园等项目。\n", year=2023)
    assert {(r.name, r.stage) for r in found if isinstance(r, Project)} == {
        ("恒而达产业园", "ongoing"),
        ("海安装备产业园", "ongoing"),
    }


def test_a_space_by_a_clause_mark_is_typesetting() -> None:
    """黔西南 2014 (set AD) sets spaces around its clause marks: "民生工程投资 100亿元 ，商贸流通投资 45亿元"; 88 of the 2,942
    scanned reports write such spaces ("增长6% 、7.3%", "提高低保标准度 ，稳妥推进"). A clause had ended on a space, so
    a quote copied whole did not stand by its mark; cleaning drops the space as it drops one by a number, and ``evaluate``
    folds gold quotes the same way. 韶关 2010 writes "30.6公里 、路面大中修 105公里 。"."""
    from extractor.api import clean
    from extractor.ingest import fold_quote

    assert fold_quote("民生工程投资 100亿元 ，商贸流通投资 45亿元") == "民生工程投资100亿元,商贸流通投资45亿元"
    raw = (CORPUS / "docs" / "prefecture_shaoguan_2010_excerpt.txt").read_text(encoding="utf-8")
    assert "30.6公里 、路面大中修 105公里 。" in raw
    assert "30.6公里、路面大中修105公里。" in clean(raw).text


def test_a_first_part_opening_on_the_past_reviews_it() -> None:
    """西双版纳 2022, a term's last report: "一、攻坚克难、砥砺奋进，全面建成小康社会" names no review, but its first paragraph opens
    "过去的5年，是西双版纳发展历史上…"; its five years' figures ("一般公共预算收入由30.48亿元增加到40.26亿元") had been read as
    the year's targets. A report's first part that opens on the time it looks back on (过去的5年, 刚刚过去的, 一年来…) reviews it
    (7 of the 2,942 scanned reports: 哈尔滨 2005, 安庆 2015, 云南 2020, 宁夏 2014, 江西 2006, 福建 2002); a later part opening so may still plan (国务院 2005's
    "六、加强行政能力建设和政风建设" opens "一年来,我们…"). Under the plan, "(五)突出促统筹,在推动城乡融合发展上取得新成就"
    names a goal, not a review."""
    from extractor.models import Result, Target

    found = records("prefecture_xishuangbanna_2022_full")
    revenue = [r for r in found if r.quote == "一般公共预算收入由30.48亿元增加到40.26亿元"]
    assert revenue and all(isinstance(r, Result) for r in revenue)
    roads = [r for r in found if r.quote == "新建改建农村公路350公里"]
    assert [(type(r), r.value) for r in roads] == [(Target, 350)]
    defence = [r for r in records("national_2005_full") if r.quote == "圆满完成裁减军队员额20万的任务"]
    assert [(type(r), r.target_year) for r in defence] == [(Target, 2005)]


def test_households_then_people_are_two_counts_of_one_thing() -> None:
    """博尔塔拉 2016: "年内实现脱贫1911户5024人"; the gold has 1911 户 and 5024 人, both 脱贫. The households had been dropped as a
    number run into another and the people read with "脱贫1911户" for their indicator (218 such pairs in the scanned reports;
    富平 2013's "共搬迁438户1669人", 遵义 2021's "易地扶贫搬迁4.6万户19.8万人")."""
    found = [(t.indicator, t.value, t.unit) for t in targets("prefecture_boertala_2016_full") if "1911户" in t.quote]
    assert found == [("脱贫", 1911, "户"), ("脱贫", 5024, "人")]


def test_counts_of_deeds_in_quotes_and_works_of_a_numbered_list() -> None:
    """黔西南 2014 writes "着力办好“十二件民生实事”" (a count of the year's deeds in quotes, as "办好十件民生实事" is without; 63
    of the scan's 422 such) and numbers its works: "(3)建成20万平方米农村中小学学生宿舍" (the item number had kept the extent
    from being read); 龙岗 2017 "建设改造2万亩生态经济林" (改造 is a verb of work as 建设 is)."""
    qianxinan = {(t.indicator, t.value, t.unit) for t in targets("prefecture_qianxinan_2014_full")}
    assert {("民生实事", 12, "件"), ("环保实事", 12, "件"), ("农村中小学学生宿舍", 20, "万平方米")} <= qianxinan
    assert ("生态经济林", 2, "万亩") in {(t.indicator, t.value, t.unit) for t in targets("county_longgang_2017_full")}


def test_a_coal_mine_is_a_work_and_a_works_name_may_hold_jianshe() -> None:
    """黔西南 2014 "开工建设地瓜一号煤矿", 庆阳 2025 "支持九龙川、马福川、毛家川煤矿全面开工建设": a coal mine is a thing built
    (煤矿 and 矿井 were no project ending; 124 "开工建设/建成/续建…煤矿" in the scan), and the last one's type word is each
    one's; "推进重点煤矿建设" names a kind. 黔西南's "开工建设北盘江光照库区航运建设工程": a works' name may end on 建设工程
    ("推进美丽乡村建设工程" stays a programme of generic words)."""
    assert projects("prefecture_qianxinan_2014_full")["地瓜一号煤矿"].stage == "start"
    assert "北盘江光照库区航运建设工程" in projects("prefecture_qianxinan_2014_full")
    assert {"九龙川煤矿", "马福川煤矿", "毛家川煤矿"} <= set(projects("prefecture_qingyang_2025_full"))


def test_kinds_sizes_batches_and_circumstances_name_no_project() -> None:
    """Set AD's false projects, each of a shape the scan holds more of: a kind written with generic words ("推进综合立体停车场
    建设", "加快推进区级公办养老院、护理院建设", "年内完成主体工程", 龙岗 2017 and 黔西南 2014), a length ending the name
    ("建设10千伏及以上电压等级线路232公里"), batches and counts in 片 ("争取“十四五”二批、三批290万千瓦新能源项目建成", 庆阳
    2025; "15片城市棚户区改造项目"), a verb of attention ("高度重视合作区、试验区建设") and a circumstance ("随着云南建设…面向南亚
    东南亚辐射中心的加快推进", 西双版纳 2022). A place named with 片区 keeps its number ("谋划启动721片区社区公园建设", 涞源 2022)."""
    names = set(projects("county_longgang_2017_full")) | set(projects("prefecture_qianxinan_2014_full"))
    names |= set(projects("prefecture_qingyang_2025_full")) | set(projects("prefecture_xishuangbanna_2022_full"))
    assert (
        not {"综合立体停车场", "护理院", "主体工程", "10千伏及以上电压等级线路232公里", "15片城市棚户区改造项目"}
        & names
    )
    assert not {"“十四五”二批", "三批290万千瓦新能源项目", "高度重视合作区", "面向南亚东南亚辐射中心"} & names
    assert "721片区社区公园" in projects("county_laiyuan_2022_full")


def test_a_part_opening_on_the_five_years_ahead_sets_goals_for_their_end() -> None:
    """西双版纳 2022: "二、坚定信念、勇毅前行，朝着社会主义现代化奋勇前进" opens "未来5年，随着…", and its goals ("进出口贸易总额达
    90亿美元以上", "推动民营经济增加值实现翻番") are for 2026, the year its paragraph names (到2026年); they had taken the plan
    year. 21 parts of the scanned reports open so under a title that names no five years ("二、新一届政府的工作思路" then
    "今后五年,是…")."""
    found = {t.quote: t.target_year for t in targets("prefecture_xishuangbanna_2022_full")}
    assert found["进出口贸易总额达90亿美元以上"] == 2026
    assert found["推动民营经济增加值实现翻番"] == 2026
    assert found["实现第一产业增加值增长8%"] == 2022
