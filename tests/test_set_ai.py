"""Shapes found in set AI (six city reports of 2003–2023 from ``lawtext/gov``, annotated by helpers who had not read the
rules, scored at the commit before their rules). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects, results, targets


def test_a_glossary_titled_with_de_is_no_plan() -> None:
    """贵阳 2009 (and 2008, 2010, 2011) close with "《政府工作报告》有关术语的说明": its 51 entries give lengths, investments and
    areas ("全长7.04公里", "投资预估算总额为1616亿元", "占地面积42亩"), which had been read as 49 targets and 12 results."""
    guiyang = {t.quote for t in targets("prefecture_guiyang_2009_full")}
    assert not {"全长7.04公里", "投资预估算总额为1616亿元"} & guiyang
    assert "占地面积42亩" not in {r.quote for r in results("prefecture_guiyang_2009_full")}
    assert len(guiyang) > 50  # the plan before it is read


def test_a_part_named_for_a_governments_main_goals_is_headline() -> None:
    """济南 2003: "二、今后五年发展总的指导思想和主要奋斗目标", whose list follows "…主要奋斗目标是:" in paragraphs of their own
    ("国民经济实现新的跨越。…国内生产总值年均增长12%…"): every goal of the part is headline, dated 2007 (合肥 2008, 湖南 2002 and
    11 more lawtext reports title a part or paragraph with 主要奋斗目标)."""
    gdp = next(t for t in targets("prefecture_jinan_2003_full") if t.quote == "国内生产总值年均增长12%")
    assert (gdp.value, gdp.target_year, gdp.headline) == (12, 2007, True)


def test_a_main_targets_paragraph_holding_its_list_leaves_the_tasks_after_it_out() -> None:
    """A part named for the main targets whose lead writes them on its own line ("主要预期目标是:地区生产总值年均增长7.5%;…",
    绥化 2016's "二、“十三五”时期经济社会发展主要目标"; "未来五年主要奋斗目标是，到2012年，…", 合肥 2008): its "——从…入手" lines
    after it are tasks, and their figures are no headline targets."""
    suihua = targets("prefecture_suihua_2016_full")
    assert next(t for t in suihua if t.quote == "地区生产总值年均增长7.5%").headline
    assert not [t for t in suihua if t.quote == "森林覆盖率达到12.7%" and t.headline]
    hefei = targets("prefecture_hefei_2008_full")
    assert next(t for t in hefei if t.quote == "地区生产总值年均增长16%以上").headline
    assert not [t for t in hefei if t.quote == "城镇化率达到65%左右" and t.headline]


def test_a_numbered_pledge_opening_on_its_work_lists_projects() -> None:
    """贵阳 2009's ten pledges are numbered as parts are ("（六）建成新庄、修文、息烽、清镇百花湖、清镇站街污水处理厂及配套管网，…";
    304 lawtext reports open 502 lines so): the number stood before the work verb, and no plant was read; a county and its
    lake (清镇百花湖) is a place of five characters sharing the type word. A part's title ("（二）强力服务保障雄安新区建设",
    保定 2019) stays no project."""
    guiyang = projects("prefecture_guiyang_2009_full")
    plants = {f"{place}污水处理厂" for place in ("新庄", "修文", "息烽", "清镇百花湖", "清镇站街")}
    assert plants <= set(guiyang)
    assert {guiyang[name].stage for name in plants} == {"complete"}
    assert guiyang["一环四路综合管网入地二期工程"].quote.startswith("(十)")
    assert "雄安新区" not in projects("prefecture_baoding_2019_full")


def test_programmes_shortfalls_and_firms_moving_in_are_no_projects() -> None:
    """绥化 2016: "大力推进脱贫攻坚、社会保障、社会治理三大工程" (a set of programmes: 624 lawtext lines count a set of 工程; its
    members are works only when they name a built thing), "加快补上博物馆、文化艺术中心、综合体育场等文体设施短板" (shortfalls, as
    1,016 lawtext reports write 补…短板; "全民健身补短板项目", 大理 2022, is a programme), "推动市区汽配企业入驻汽配城" and
    "…资产评估所和金融机构进园区" (firms moving in). A plant moved into a park is a work (宜化搬迁入园, 宜昌 2019's gold)."""
    suihua = projects("prefecture_suihua_2016_full")
    assert not {"社会保障工程", "社会治理工程", "文化艺术中心", "综合体育场"} & set(suihua)
    assert not [name for name in suihua if "入驻" in name or "进园区" in name]
    assert "全民健身补短板项目" not in projects("prefecture_dali_2022_full")
    assert "宜化搬迁入园" in projects("prefecture_yichang_2019_full")
    assert "沙中工业园" in projects("prefecture_lanzhou_2009_full")


def test_a_clause_opening_on_the_building_it_does_names_its_projects() -> None:
    """扩建, 新建 and their compounds are stage words the checks knew but the rules did not read (22 gold projects of the
    corpus were missed): "新建育才路市场和花园街农贸市场" (绥化 2016), "新改扩建杨春湖、戴家湖、长丰、后湖公园等9个公园" (武汉 2012),
    "新建改扩建银川第三十六中学、西夏区第二十小学…" (银川 2021), "新建东川工业园工业废水处理厂" (西宁 2017). Read only at a clause's
    head: inside a list they end a name ("区三院改扩建"). Kinds after 一批 or 部分 are no names ("新建一批商贸中心、配送中心、…
    平价商店", 黔西南 2014)."""
    assert projects("prefecture_suihua_2016_full")["花园街农贸市场"].stage == "ongoing"
    assert {"杨春湖公园", "戴家湖公园", "长丰公园", "后湖公园"} <= set(projects("prefecture_wuhan_2012_full"))
    assert {"银川第三十六中学", "西夏区第二十小学"} <= set(projects("prefecture_yinchuan_2021_full"))
    assert "东川工业园工业废水处理厂" in projects("prefecture_xining_2017_full")
    assert "区三院改扩建" in projects("county_longgang_2017_full")
    assert not {"平价商店", "零售市场"} & set(projects("prefecture_qianxinan_2014_full"))


def test_a_goal_told_in_a_review_stays_in_its_item() -> None:
    """河北 2008's review of the five years: "…京石高速铁路客运专线今年开工建设,邯黄铁路等其他项目前期工作进展顺利,…;改扩建
    石家庄机场,新建邯郸机场,筹划建设秦皇岛、唐山、承德、张家口机场,努力提高航空运输能力": 今年 had carried past the semicolon,
    and the airports the five years built came out as the plan's projects. With the goal kept to its item, 筹划建设 is a stage
    word of the rules too (松原 2021's gold: "筹划建设通用航空产业园")."""
    hebei = projects("province_hebei_2008_full")
    assert not {"石家庄机场", "邯郸机场", "秦皇岛机场"} & set(hebei)
    assert projects("prefecture_songyuan_2021_full")["通用航空产业园"].stage == "planning"


def test_an_extent_after_a_start_sizes_what_is_built() -> None:
    """开工建设 and 开工 before an extent open a works list as 建设 does: "开工建设5万平方米标准厂房" (贵阳 2009), "开工13.7公里
    大沙河生态长廊" (南山 2018), "开工建设10万平方米职工住宅小区、5万平方米公安小区和2万平方米回迁房等开发项目" (海拉尔 2013); each
    extent had been dropped (five gold targets)."""
    guiyang = [t for t in targets("prefecture_guiyang_2009_full") if t.quote == "开工建设5万平方米标准厂房"]
    assert [(t.indicator, t.value, t.unit) for t in guiyang] == [("标准厂房", 5, "万平方米")]
    hailar = {t.indicator: t.value for t in targets("county_hailar_2013_full") if "回迁房" in t.quote}
    assert hailar == {"职工住宅小区": 10, "公安小区": 5, "回迁房": 2}


def test_dwellings_then_their_floor_area_are_two_values() -> None:
    """ "建成廉租住房1000套5万平方米" (贵阳 2009): the count of dwellings ran into their area and was lost, and the area's
    indicator kept the count (廉租住房1000套); 32 lawtext reports write a count of 套, 户 or 栋 before its area (鹤岗 2011,
    佳木斯 2019's results)."""
    guiyang = {
        (t.indicator, t.value, t.unit) for t in targets("prefecture_guiyang_2009_full") if "廉租住房1000套" in t.quote
    }
    assert guiyang == {("廉租住房", 1000, "套"), ("廉租住房", 5, "万平方米")}
    jiamusi = {(r.indicator, r.value) for r in results("prefecture_jiamusi_2019_full") if "老旧小区124栋" in r.quote}
    assert {("老旧小区", 124), ("老旧小区", 66)} <= jiamusi
