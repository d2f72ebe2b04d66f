"""Shapes of sets S, T, U and V of the development corpus (added on 2026-11-26 in the day's eighth session).

S: 国务院 2004, 河北 2005, 青海, 黑龙江 and 广东 2026. T: ten prefecture cities of nine provinces, most with no title, no
congress line and no government line: 鄂尔多斯 2004, 玉溪 2007, 铜川 2010, 齐齐哈尔 2014, and six cut by their source part-way
through the plan year's work (金华 2008, 黄山 2016, 青岛 2018, 防城港, 鹤壁 and 韶关 2019). U: eight more of the same source
(鞍山 2003, 龙岩 2006, 防城港 2012, 陇南 2014, 铜仁 2013, 长沙 2017, 武威 2021, 贵州 2021). The reports (tests/corpus,
ADJUDICATION.md) were annotated by people who had not read the rules and scored before any rule was written for them.
Each test reads a whole corpus report through the public API and asserts the records of one shape the rules now read,
and what they no longer take.
"""

from __future__ import annotations

from extractor import Result, Target, extract_file
from tests.conftest import CORPUS
from tests.corpus_records import projects as _projects
from tests.corpus_records import records as _records
from tests.corpus_records import targets as _targets


def _results(stem: str) -> list[Result]:
    return [r for r in _records(stem) if isinstance(r, Result)]


def test_a_city_report_that_never_names_itself_is_placed_by_the_counties_it_names() -> None:
    """防城港, 鹤壁, 韶关 2019 and 齐齐哈尔 2014 write no title, congress or government line; each speaks as 全市 and names its own
    counties and districts (东兴、上思、防城区…; 浚县、淇滨区; 南雄、乐昌、仁化…; 富裕、依安、梅里斯…), more often than itself."""
    for stem, region in (
        ("prefecture_fangchenggang_2019_partial", "防城港市"),
        ("prefecture_hebi_2019_partial", "鹤壁市"),
        ("prefecture_shaoguan_2019_partial", "韶关市"),
        ("prefecture_qiqihaer_2014_full", "齐齐哈尔市"),
    ):
        regions = {r.region for r in _records(stem)}
        assert regions == {region}, (stem, regions)


def test_parts_titled_by_their_year_split_the_review_from_the_plan() -> None:
    """韶关 2019 is in two parts, "2018年:铆足干劲抓落实" and "2019年:砥砺前行开新局", whose numbered paragraphs (一、突出产业
    振兴…) restart in each: 2018's figures are results, not 2019's goals, and "2019年是…关键之年" dates the plan."""
    targets = _targets("prefecture_shaoguan_2019_partial")
    assert {t.target_year for t in targets} == {2019}
    assert not [t for t in targets if "1330" in t.quote or "90.4%" in t.quote], [t.quote for t in targets][:5]
    results = {(r.value, r.year) for r in _results("prefecture_shaoguan_2019_partial")}
    assert (1330.0, 2018) in results and (90.4, 2018) in results
    assert {t.target_year for t in _targets("prefecture_huangshan_2016_partial") if not t.headline} == {2016}


def test_a_years_targets_stated_in_a_sentence_are_headline_when_no_paragraph_holds_them() -> None:
    """国务院 2004 and 2003 have no main-targets paragraph: "中央提出今年经济增长预期目标为7%左右", "今年的预期目标是,新增城镇就业
    900万人,下岗失业人员再就业500万人" are the year's main targets; 2005's restatement beside its paragraph is not."""
    headline = {(t.indicator, t.value) for t in _targets("national_2004_full") if t.headline}
    assert headline == {("经济增长", 7.0), ("城镇就业", 900.0), ("下岗失业人员再就业", 500.0)}, headline
    assert {t.value for t in _targets("national_2003_full") if t.headline} == {7.0}
    restated = [t for t in _targets("national_2005_full") if t.quote.startswith("中央提出")]
    assert restated and not [t for t in restated if t.headline]


def test_an_adverbial_and_nianjun_stay_out_of_the_indicator() -> None:
    """国务院 2011 "我国经济增长预期目标是在明显提高质量和效益的基础上年均增长7%" is one goal for 经济增长 (在…基础上 is a condition,
    年均 no 均 shared by a list); "工业投资、民间投资年均增长6%左右" (陕西 2026) shares the rate without a stray 年."""
    national = [t for t in _targets("national_2011_full") if "基础上年均增长7%" in t.quote]
    assert [(t.indicator, t.value) for t in national] == [("经济增长", 7.0)]
    shaanxi = {t.indicator for t in _targets("province_shaanxi_2026_full") if "民间投资年均增长6%" in t.quote}
    assert shaanxi == {"工业投资", "民间投资"}


def test_a_bound_word_before_a_count_of_people_or_things_served() -> None:
    """广东 2026's ten livelihood items write 超 before each count ("为超300万名婴幼儿发放育儿补贴", "开发储备超8000个公益性岗位");
    "市场主体超过1.5亿户并在持续较快增长" (国务院 2022) counts nothing that follows it."""
    html = [r for r in extract_file(CORPUS / "docs" / "national_2022_html.html") if isinstance(r, Target)]
    counts = {(t.value, t.unit, t.qualifier) for t in _targets("province_guangdong_2026_full") if t.metric == "count"}
    assert {(300.0, "万名", "超"), (8000.0, "个", "超"), (3.0, "万名", "超")} <= counts
    assert html and not [t for t in html if t.value == 1.5 and t.unit == "亿户"]


def test_years_of_schooling_are_measured_in_years() -> None:
    """ "劳动年龄人口平均受教育年限提高到11.7年" (黑龙江 2026), "新增劳动力平均受教育年限达到14.2年" (青海 2026), "…从10.23年提高
    到10.8年" (国务院 2016: the later value): 年 is the unit only after 年限."""
    assert ("劳动年龄人口平均受教育年限", 11.7, "年") in {
        (t.indicator, t.value, t.unit) for t in _targets("province_heilongjiang_2026_full")
    }
    assert [t.value for t in _targets("province_qinghai_2026_full") if t.unit == "年"] == [14.2]
    assert [t.value for t in _targets("national_2016_full") if t.unit == "年"] == [10.8]


def test_a_trend_without_a_number_over_short_listed_items() -> None:
    """青海 2026 "确保粮食、油料种植面积稳中有增" (稳中有增 as 稳中有升): one relative goal per crop, the noun shared; "社保、医保、
    教育等基本民生支出只增不减" (上海 2025) stays one goal (等 closes the list)."""
    relative = {t.indicator for t in _targets("province_qinghai_2026_full") if t.metric == "relative"}
    assert {"粮食种植面积", "油料种植面积"} <= relative


def test_rates_changed_after_naming_what_they_change() -> None:
    """国务院 2004 "逐步降低农业税税率,平均每年降低1个百分点以上": the rate the clause before names; 铜川 2010
    "财政总收入和地方财政收入增长18%": two measures, each named whole, share one rate."""
    rate = [t for t in _targets("national_2004_full") if t.unit == "个百分点"]
    assert [(t.indicator, t.value, t.direction) for t in rate] == [("农业税税率", 1.0, "decrease")]
    shared = {t.indicator for t in _targets("prefecture_tongchuan_2010_full") if "地方财政收入增长18%" in t.quote}
    assert shared == {"财政总收入", "地方财政收入"}


def test_places_share_a_type_word_written_once() -> None:
    """青海 2026: "建好西宁、格尔木国家物流枢纽和西宁国家骨干冷链物流基地" (a two-character place before a three-character one),
    "推动青桂、青粤绿电外送通道尽早核准开工" (the approval before the start); 鄂尔多斯 2004 "…蒙西电厂以及双欣、准能、神东、东源、
    汇能5个矸石电厂" (以及 joins two lists)."""
    qinghai = _projects("province_qinghai_2026_full")
    assert {"西宁国家物流枢纽", "格尔木国家物流枢纽", "西宁国家骨干冷链物流基地"} <= set(qinghai)
    assert qinghai["青桂绿电外送通道"].stage == qinghai["青粤绿电外送通道"].stage == "start"
    ordos = _projects("prefecture_eerduosi_2004_full")
    plants = {n for n in ordos if n.endswith("矸石电厂")}
    assert plants == {f"{p}矸石电厂" for p in ("双欣", "准能", "神东", "东源", "汇能")}, plants
    assert "蒙西电厂" in ordos


def test_works_completed_as_building_tasks_started_and_operated() -> None:
    """玉溪 2007 "年内基本完成聂耳图书馆、聂耳纪念馆和市老年大学建设任务", 铜川 2010 "完成市档案馆主体工程建设任务": the works are
    completed (not "完成保交楼、保交房任务": tasks); 韶关 2019 "动工建设韶铸搬迁、宏大精锻等项目" starts them, and the 去年 of
    "加快去年85个集中动工和签约项目落地建设" before it names last year's projects, not a report of the past."""
    yuxi = _projects("prefecture_yuxi_2007_full")
    assert yuxi["聂耳图书馆"].stage == yuxi["聂耳纪念馆"].stage == "complete"
    assert _projects("prefecture_tongchuan_2010_full")["市档案馆"].stage == "complete"
    shaoguan = _projects("prefecture_shaoguan_2019_partial")
    assert shaoguan["韶铸搬迁"].stage == "start"
    assert "RETROSPECTIVE" not in {f.code for f in shaoguan["韶铸搬迁"].flags}


def test_national_works_ports_and_what_lists_call_themselves() -> None:
    """广东 2026: "建成投用新皇岗口岸" (a named port), "国家超算深圳中心二期" (a national centre's second phase), and no project
    from "加快建设具身智能训练场、…智能体创新中心等产业创新平台" (the text calls them platforms); 黑龙江 2026 "国家黑龙江大豆种子
    基地" (国家 before the place it is built in); 玉溪 2007 "加快市纺织厂、市灯泡厂、市钢铁厂等企业改革步伐" (firms); 铜川 2010's
    kinds of markets and lenders."""
    guangdong = _projects("province_guangdong_2026_full")
    assert guangdong["新皇岗口岸"].stage == "operate"
    assert guangdong["国家超算深圳中心二期"].stage == "complete"
    assert not [n for n in guangdong if "训练场" in n or "适配中心" in n]
    assert "国家黑龙江大豆种子基地" in _projects("province_heilongjiang_2026_full")
    assert not [n for n in _projects("prefecture_yuxi_2007_full") if n.startswith("市") and n.endswith("厂")]
    tongchuan = set(_projects("prefecture_tongchuan_2010_full"))
    assert not tongchuan & {"小额贷款公司", "信用担保公司", "农产品批发市场", "农资物流配送网点"}


def test_main_targets_of_a_five_year_part_and_quotas_of_a_provincial_government() -> None:
    """黄山 2016 "二、“十三五”时期指导思想和奋斗目标": its goals for 2020 are main targets; "…控制在省政府下达目标以内" and 防城港
    2019 "节能减排降碳控制在自治区下达目标内" are quotas handed down; 青岛 2018 "努力在实现社会主义现代化新征程中率先走在前列" is
    a slogan (率先 is no rate); 国务院 2004 "建立与我国国情相适应、…的社会保障体系" describes a system, it sets no goal."""
    huangshan = [t for t in _targets("prefecture_huangshan_2016_partial") if t.target_year == 2020]
    assert len(huangshan) >= 20 and all(t.headline for t in huangshan)
    delegated = {t.indicator for t in _targets("prefecture_fangchenggang_2019_partial") if t.metric == "delegated"}
    assert "节能减排降碳" in delegated
    assert not [t for t in _targets("prefecture_qingdao_2018_partial") if "率先" in t.indicator]
    assert not [t for t in _targets("national_2004_full") if "国情" in t.indicator]


def test_a_subscript_set_on_its_own_line_stays_in_its_word() -> None:
    """广东 2026 as stored breaks "PM<sub>2.5</sub>" into three lines ("…督察整改取得明显成效,PM", "2.5", "年平均浓度保持在20微克/
    立方米左右"): the number line, holding no Chinese, was dropped as page furniture and the result read for "年平均浓度"."""
    pm = [r for r in _results("province_guangdong_2026_full") if "浓度" in r.indicator]
    assert [(r.indicator, r.value, r.quote) for r in pm] == [
        ("PM2.5年平均浓度", 20.0, "PM2.5年平均浓度保持在20微克/立方米左右")
    ], pm


def test_a_congress_line_broken_before_its_congress_and_a_review_of_a_plan_period() -> None:
    """防城港 2012 as stored breaks "在防城港市第五届" / "人民代表大会第二次会议上" over two lines; 长沙 2017 names its county-level
    cities (浏阳…) more than itself; 龙岩 2006 reviews "2005年和“十五”发展回顾" and names "2005—2007年…计划" (a span's end is no
    year named)."""
    assert {r.region for r in _records("prefecture_fangchenggang_2012_partial")} == {"防城港市"}
    assert {r.region for r in _results("prefecture_changsha_2017_excerpt")} == {"长沙市"}
    longyan = _records("prefecture_longyan_2006_partial")
    assert {r.report_year for r in longyan} == {2006}
    assert {r.year for r in longyan if isinstance(r, Result)} == {2005}


def test_quotas_within_a_range_handed_down_and_gaps_narrowed() -> None:
    """ "万元地区生产总值能耗和主要污染物排放量控制在自治区要求范围内" (防城港 2012) and "居民消费价格指数控制在国家调控范围内"
    (贵州 2021) are quotas; "城乡收入差距进一步缩小" a relative decrease; "城乡居民人均可支配收入之比下降到3.08" a level."""
    fcg = {t.indicator for t in _targets("prefecture_fangchenggang_2012_partial") if t.metric == "delegated"}
    assert fcg == {"万元地区生产总值能耗和主要污染物排放量"}
    guizhou = {(t.indicator, t.metric, t.direction, t.value) for t in _targets("province_guizhou_2021_partial")}
    assert ("居民消费价格指数", "delegated", "increase", None) in guizhou
    assert ("城乡收入差距", "relative", "decrease", None) in guizhou
    assert ("城乡居民人均可支配收入之比", "level", "decrease", 3.08) in guizhou


def test_a_doubling_of_two_measures_and_the_main_goals_of_a_new_government() -> None:
    """龙岩 2006 "发展目标是:…力争到2010年,地区生产总值和财政总收入比2005年翻一番" (two goals, without the base year), under a
    line that opens the five-year goals; 鞍山 2003 "今后五年乃至到2010年全市经济和社会发展的主要奋斗目标:" ends its line, and the
    goals on the next are main targets; 黄山 2016 "城镇、农村常住居民人均可支配收入均比2010年翻一番"."""
    doubled = {(t.indicator, t.headline) for t in _targets("prefecture_longyan_2006_partial") if t.value == 100.0}
    assert {("地区生产总值", True), ("财政总收入", True)} <= doubled
    anshan = [t for t in _targets("prefecture_anshan_2003_partial") if t.target_year in (2005, 2007, 2010)]
    assert len(anshan) >= 5 and all(t.headline for t in anshan)
    incomes = {t.indicator for t in _targets("prefecture_huangshan_2016_partial") if t.value == 100.0}
    assert {"城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"} <= incomes


def test_titles_given_are_no_results_and_multiples_in_words_are() -> None:
    """防城港 2012 "市检察院等4家单位被评为全国文明单位", 齐齐哈尔 2014 "9个乡镇被命名为国家级生态乡镇" are titles (7.1);
    陇南 2014 "比上届增长一倍" and 国务院 2004 "增长近两倍" are growths written as multiples in words."""
    titled = [
        r for stem in ("prefecture_fangchenggang_2019_partial", "prefecture_qiqihaer_2014_full") for r in _results(stem)
    ]
    assert not [r for r in titled if "被评为" in r.quote or "被命名为" in r.quote]
    multiples = {(r.value, r.unit) for r in _results("prefecture_longnan_2014_excerpt") if "比上届增长一倍" in r.quote}
    assert multiples == {(1.0, "倍")}
    assert (2.0, "倍") in {(r.value, r.unit) for r in _results("national_2004_full")}


def test_a_year_described_above_its_results_is_the_year_reviewed() -> None:
    """Set V (the session's last blind set): 金华 2011 writes "2010年是“十一五”收官之年" above 2010's results — the report plans 2011,
    and its review gives results, not goals (the rule for 韶关 2019's "2019年是…关键之年" had dated it 2010 and read 55 goals);
    邯郸 2016 "一、“十二五”时期经济社会发展回顾" dates the year after the plan."""
    jinhua = _records("prefecture_jinhua_2011_excerpt")
    assert {r.report_year for r in jinhua} == {2011}
    assert {r.region for r in jinhua} == {"金华市"}
    assert not [r for r in jinhua if isinstance(r, Target)]
    assert len([r for r in jinhua if isinstance(r, Result)]) > 100
    assert {r.report_year for r in _records("prefecture_handan_2016_excerpt")} == {2016}
    assert {r.report_year for r in _records("prefecture_shaoguan_2019_partial")} == {2019}
