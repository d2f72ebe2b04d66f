"""Shapes of sets H to N of the development corpus (H–L added on 2026-11-26 in the day's sixth session, M and N in the
seventh: 国务院 2014 and 2008, 河北 2013 and 2008, 保定 2010 and 2025, 高阳 2025, 吉林 and 四川 2025, 湖北 and 云南 2026).

H: 海拉尔区 2017 (a county district), 国务院 2006, 保定市 2018, 河南 2025; I: 高阳县 2023 (a news digest), 国务院 2012, 保定市
2007, 天津 2025; J: 高阳县 2021, 国务院 2010, 保定市 2019, 陕西 2025, 海拉尔区 2015. The reports (tests/corpus,
ADJUDICATION.md) were annotated by people who had not read the rules and scored before any rule was written for them.
Each test reads a whole corpus report through the public API and asserts the records of one shape the rules now read,
and what they no longer take.
"""

from __future__ import annotations

import re

from extractor import Result, Target
from tests.corpus_records import projects as _projects
from tests.corpus_records import records as _records
from tests.corpus_records import targets as _targets


def test_works_on_buildings_and_halls_are_projects_also_after_shishi() -> None:
    """海拉尔 2017: "实施殡仪馆迁建、火化场迁建、公墓新建" and "配合市里实施国际会展中心、…、往日时光音乐厅、银色大厅…等工程" name
    buildings, not programmes; "推进哈萨尔行宫、中华天竺苑等工程建设" a palace and a garden; "配合市里启动中心城区供水第二水源地
    项目" has its stage after 配合市里; "盛源城市广场建设项目" keeps 建设 inside its name; 河南 2025's "推进昭平台水库扩容、白龟山
    水库除险加固" are works on reservoirs."""
    projects = _projects("county_hailar_2017_full")
    for name in ("殡仪馆迁建", "火化场迁建", "公墓新建", "往日时光音乐厅", "银色大厅", "哈萨尔行宫", "中华天竺苑"):
        assert projects[name].stage == "ongoing", name
    assert projects["中心城区供水第二水源地项目"].stage == "start"
    assert projects["盛源城市广场建设项目"].stage == "planning"
    henan = _projects("province_henan_2025_full")
    assert {"昭平台水库扩容", "白龟山水库除险加固"} <= set(henan)


def test_a_kind_before_a_dash_gives_way_to_the_name_after_it() -> None:
    """海拉尔 2017: "建设一座标志性公园——海拉尔河湿地公园" names the park once, and counts one 标志性公园 (a small count
    in Chinese numerals after a verb of work, as "改造提升四个城市出入口")."""
    projects = _projects("county_hailar_2017_full")
    assert "海拉尔河湿地公园" in projects and not [n for n in projects if "——" in n or n.startswith("一座")]
    counts = {(t.indicator, t.value, t.unit) for t in _targets("county_hailar_2017_full") if t.metric == "count"}
    assert {("标志性公园", 1.0, "座"), ("城市出入口", 4.0, "个")} <= counts


def test_a_count_in_chinese_numerals_after_a_verb_of_work_is_a_goal() -> None:
    """河南 2025 "办好十项重点民生实事" and 保定 2011 "一半以上县(市)建成一家新型农村金融机构" count what follows the
    verb; "建设一批…" (a batch) and "两个市场、两种资源" count nothing."""
    henan = {(t.indicator, t.value) for t in _targets("province_henan_2025_full") if t.metric == "count"}
    assert ("重点民生实事", 10.0) in henan
    baoding = {(t.indicator, t.value) for t in _targets("prefecture_baoding_2011_full")}
    assert ("新型农村金融机构", 1.0) in baoding
    everything = [r for stem in ("prefecture_baoding_2014_full", "national_2016_full") for r in _targets(stem)]
    assert not [t for t in everything if t.unit in ("批", "种") or ("一批" in t.quote and t.value == 1.0)]


def test_clauses_of_doctrine_slogan_campaigns_and_fields_name_no_project() -> None:
    """保定 2018: "始终坚持用习近平新时代中国特色社会主义思想武装头脑、指导实践、推动工作" (推动工作 drives work on, it is no stage),
    "推进人才兴保工程" (a campaign named by a slogan, as 科教兴市); 国务院 2006 "推进和谐社区、和谐村镇建设"; 海拉尔 2017
    "推动社会资本进入基础设施、公共事业、现代服务等领域" (fields)."""
    names = [n for stem in ("prefecture_baoding_2018_full", "national_2006_full") for n in _projects(stem)]
    names += list(_projects("county_hailar_2017_full"))
    assert not [n for n in names if "坚持" in n or "指导实践" in n or n.startswith("和谐") or "兴保" in n], names
    assert not [n for n in names if "社会资本" in n], names


def test_a_value_before_deng_mubiao_is_a_goal_and_a_taken_away_sum_with_le_is_past() -> None:
    """国务院 2006: "《纲要(草案)》提出了“十一五”期间单位国内生产总值能源消耗降低20%左右、主要污染物排放总量减少10%等目标" gives
    two 2010 goals named as written (not "《纲要(草案)》提出了…"); "农村税费改革不仅取消了原先336亿元的农业税赋" is what
    was done, a result, not a goal."""
    targets = _targets("national_2006_full")
    named = {(t.indicator, t.value, t.target_year) for t in targets if "等目标" in t.quote}
    assert named == {("单位国内生产总值能源消耗", 20.0, 2010), ("主要污染物排放总量", 10.0, 2010)}, named
    assert not [t for t in targets if t.value == 336.0]
    results = [r for r in _records("national_2006_full") if isinstance(r, Result)]
    assert [r for r in results if r.value == 336.0]


def test_a_threshold_before_a_place_counts_nothing() -> None:
    """河南 2025: "培育一批全国县域经济百强县、经济总量千亿县、财政收入百亿县、城区人口超50万县": 50万 describes the counties."""
    assert not [t for t in _targets("province_henan_2025_full") if t.value == 50.0 and t.unit == "万"]


def test_shishi_before_lines_phases_and_works_on_a_reservoir_builds_them() -> None:
    """天津 2025: "加快实施京滨城际南段、津潍高铁、京津塘高速改扩建等工程", "加快实施机场三期改扩建工程", "实施尔王庄水库增容等
    供水工程" are projects (实施 before a line, a phase or works on a reservoir builds it); "推动五大道公园、柳林公园三期和
    设计公园一期尽早建成开放" are three parks to complete (五大道 is a place, not a known set of five); "建成环湖医院天塔院区"
    a hospital campus."""
    projects = _projects("province_tianjin_2025_full")
    for name in ("京滨城际南段", "津潍高铁", "京津塘高速改扩建", "机场三期改扩建工程", "尔王庄水库增容"):
        assert projects[name].stage == "ongoing", name
    for name in ("五大道公园", "柳林公园三期", "设计公园一期", "环湖医院天塔院区"):
        assert projects[name].stage == "complete", name


def test_doctrine_trust_and_market_control_name_no_project_and_existing_sets_count_nothing() -> None:
    """国务院 2012: "必须坚持突出主题、贯穿主线、统筹兼顾、协调推进", "大力推进政务诚信、商务诚信、社会诚信建设", "继续搞好房地产市场调控和
    保障性安居工程建设" name no project; 天津 2025 "巩固368个经济薄弱村扶持成效" counts villages already helped, no goal;
    高阳 2023, a news page on the congress with no figure, gives no record at all."""
    names = list(_projects("national_2012_full"))
    assert not [n for n in names if re.search(r"主线|诚信|调控", n)], names
    assert not [t for t in _targets("province_tianjin_2025_full") if t.value == 368.0]
    assert _records("county_gaoyang_2023_digest") == ()


def test_county_works_with_their_stage_written_after_or_shared() -> None:
    """海拉尔 2015: "确保中网科技云计算数据中心建成并投入使用" (a stage phrase joined by 并), "锦江国际酒店开工建设", "重点抓好奋斗镇新镇区
    建设", "加快实施海拉尔河堤防工程", and "实施桃李中学、三中分校、第五中学扩建工程" (works written once after a list of
    buildings: each building's); "为确保上述项目的顺利实施" and "狠抓投资、融资和项目建设" name none."""
    projects = _projects("county_hailar_2015_full")
    assert projects["中网科技云计算数据中心"].stage == "operate"
    assert projects["锦江国际酒店"].stage == "start"
    assert {"奋斗镇新镇区", "海拉尔河堤防工程", "桃李中学扩建工程", "三中分校扩建工程", "第五中学扩建工程"} <= set(
        projects
    )
    assert not [n for n in projects if "上述" in n or "融资" in n]


def test_campaigns_settings_up_and_kinds_of_renovation_build_nothing() -> None:
    """高阳 2021 "重点开展孝义河和潴龙河湿地建设、修复工程…等8项工程" (a campaign: a count goal, no project); 陕西 2025 "推进秦岭
    国家公园、国家植物园设立" (setting up); 国务院 2010 "加快完成边境一线地区危旧房改造" (a kind of renovation)."""
    assert not _projects("county_gaoyang_2021_excerpt").keys() & {"修复工程", "生态廊道"}
    assert ("工程", 8.0) in {(t.indicator, t.value) for t in _targets("county_gaoyang_2021_excerpt")}
    assert not [n for n in _projects("province_shaanxi_2025_full") if n in ("秦岭国家公园", "国家植物园")]
    assert not [n for n in _projects("national_2010_full") if "危旧房" in n]


def test_two_routes_joined_by_he_and_a_limit_written_in_words() -> None:
    """陕西 2025: "开工洋县至西乡和镇巴至陕川界等高速项目" is two roads; "全省PM2.5平均浓度不超过35微克每立方米" a goal in the
    unit written out; "重点做好以下9项工作" counts the report's own items, no goal."""
    projects = _projects("province_shaanxi_2025_full")
    assert projects["洋县至西乡"].stage == projects["镇巴至陕川界"].stage == "start"
    targets = _targets("province_shaanxi_2025_full")
    assert [t for t in targets if t.value == 35.0 and t.unit == "微克每立方米" and t.qualifier == "不超过"]
    assert not [t for t in targets if t.value == 9.0 and "以下" in t.quote]


def test_an_excerpt_of_the_five_year_part_plans_the_five_years() -> None:
    """高阳 2021 (an excerpt): "今后五年经济社会发展主要目标是：…" opens it and no part names a year's own work, so every goal of
    its parts (重点工作方向, "(三)增蓄县域经济动力…", "做优做强平台支撑") is for 2025; 保定 2017's opening names "2017年的主要
    任务" and keeps its year (tests/test_sections.py has the plain cases)."""
    years = {t.target_year for t in _targets("county_gaoyang_2021_excerpt")}
    assert years == {2025}, years


def test_lines_opened_hubs_completed_and_planning_after_jiaqiang() -> None:
    """北京 2025: "开通地铁17号线全线和6号线南延" (开通 completes a line), "基本建成副中心站综合交通枢纽", "加快6G实验室和6G创新产业集聚区
    等项目建设" (two, split after 实验室); 重庆 2025: "加强璧山机场、渝贵高铁等前期工作" (their planning)."""
    beijing = _projects("province_beijing_2025_full")
    assert beijing["6号线南延"].stage == beijing["副中心站综合交通枢纽"].stage == "complete"
    assert {"6G实验室", "6G创新产业集聚区"} <= set(beijing)
    chongqing = _projects("province_chongqing_2025_full")
    assert chongqing["璧山机场"].stage == chongqing["渝贵高铁"].stage == "planning"


def test_a_macro_regions_functions_and_known_batches_are_no_records() -> None:
    """重庆 2025: "加快西部金融中心建设", "加快巴蜀文化旅游走廊建设", "提速西部陆海新通道建设" name a region's functions, not
    works; "深化10个川渝毗邻地区合作功能平台建设" and 北京 2025's "完善首批10个育新基地功能" count what exists (6.6)."""
    names = set(_projects("province_chongqing_2025_full"))
    assert not names & {"西部金融中心", "巴蜀文化旅游走廊", "西部陆海新通道", "西部医学中心"}, names
    assert not [t for t in _targets("province_chongqing_2025_full") if t.value == 10.0 and "深化" in t.quote]
    assert not [t for t in _targets("province_beijing_2025_full") if "首批" in t.quote]


def test_a_figure_measured_against_the_years_target_is_past_with_the_clauses_after_it() -> None:
    """国务院 2005: "…城镇新增就业980万人，超过预期目标；城镇居民人均可支配收入9422元，农村居民人均纯收入2936元，…分别实际增长
    7.7%和6.8%": 2004's results, not 2005's goals (超过预期目标 is no goal word); 高阳 2020's "完成全年目标任务" names no
    indicator."""
    values = {t.value for t in _targets("national_2005_full")}
    assert not values & {9422.0, 2936.0, 7.7, 6.8}, values
    results = {r.value for r in _records("national_2005_full") if isinstance(r, Result)}
    assert {9422.0, 2936.0} <= results
    assert not [t for t in _targets("county_gaoyang_2020_digest") if t.metric == "delegated" and "全年" in t.indicator]


def test_a_growth_written_as_a_multiple_is_a_result_in_bei() -> None:
    """国务院 2006 and 保定 2011 (five-year reviews): "财政收入增长1.36倍", "进出口贸易总额增长两倍", "出口总值增长3.9倍" are growth results with the
    unit as written (倍, 7.2); a multiple of a base ("是2010年的2.6倍", 海拉尔 2016) is not recorded, as the gold reads it,
    and the checks flag none of them."""
    national = [r for r in _records("national_2006_full") if isinstance(r, Result) and r.unit == "倍"]
    assert [(r.indicator, r.value, r.metric, r.year, r.flags) for r in national] == [
        ("财政收入", 1.36, "growth", 2005, []),
        ("进出口贸易总额", 2.0, "growth", 2005, []),  # "增长两倍": a multiple in words, read since the eighth session
    ]
    baoding = {
        r.indicator: r.value
        for r in _records("prefecture_baoding_2011_full")
        if isinstance(r, Result) and r.unit == "倍"
    }
    assert {"出口总值": 3.9, "新能源产业销售收入": 6.2}.items() <= baoding.items(), baoding
    hailar = [r for r in _records("county_hailar_2016_full") if isinstance(r, Result) and r.unit == "倍"]
    assert hailar == []


def test_an_amount_invested_before_a_listed_name_marks_a_project() -> None:
    """保定 2010 (set M): "力促投资43.9亿元的六九硅业二期、…、投资19亿元的易县北易水综合治理…等一批项目开工建设" — the verb, then
    the amount, then the name: each is a project whatever its name ends on (治理, 开发, 服饰), at the list's stage; a count
    after the amount ("总投资52亿元的34个配套项目", 保定 2021) is a target, not a name."""
    projects = _projects("prefecture_baoding_2010_full")
    expected = {"六九硅业二期": "start", "易县北易水综合治理": "start", "涞水天鹅湖旅游开发": "ongoing"}
    expected |= {"中纺依棉纺织服装": "operate", "华润东北郊热电联产": "planning"}
    assert {name: projects[name].stage for name in expected if name in projects} == expected
    assert not [n for n in _projects("prefecture_baoding_2021_full") if re.match(r"\d+个", n)]


def test_kinds_slogans_and_quoted_names_of_set_m_give_no_record() -> None:
    """国务院 2014, 吉林 and 四川 2025 (set M): "着重解决好现有“三个1亿人”问题" names a problem (no 1亿人 target); corridors of
    strategy (孟中印缅、中巴经济走廊) and the seeds' 长江经济带 are no works; parks named by a trade alone (制品产业园,
    传感器产业园, 冰雪装备产业园), 海外仓 and slogans "产业进园区", "田园变公园" name no project."""
    assert not [t for t in _targets("national_2014_full") if "问题" in t.indicator and t.value == 1.0]
    national = _projects("national_2014_full")
    assert not {"中巴经济走廊", "孟中印缅"} & set(national), national
    jilin = _projects("province_jilin_2025_full")
    assert not {"制品产业园", "传感器产业园", "冰雪装备产业园", "绿能产业园区"} & set(jilin), sorted(jilin)
    sichuan = _projects("province_sichuan_2025_full")
    assert not {"产业进园区", "田园变公园", "海外仓"} & set(sichuan), sorted(sichuan)


def test_people_counted_in_wan_after_a_verb_are_count_targets() -> None:
    """国务院 2009 and 2014, 重庆 2025: "增加500万沼气用户", "今年再解决6000万农村人口的饮水安全问题", "促进约1亿农业
    转移人口落户城镇", "为200万中小学生开展心理健康测评" — a bare magnitude before the people counted is the unit (6.6:
    1000万以上农村贫困人口 → 1000 万), a count, and the checks agree."""
    found = {
        (t.indicator, t.value, t.unit, t.metric, len(t.flags))
        for stem in ("national_2009_full", "national_2014_full", "province_chongqing_2025_full")
        for t in _targets(stem)
    }
    for expected in (
        ("沼气用户", 500.0, "万"),
        ("农村人口", 6000.0, "万"),
        ("农业转移人口", 1.0, "亿"),
        ("中小学生", 200.0, "万"),
    ):
        assert (*expected, "count", 0) in found, expected


def test_set_n_curbed_building_programmes_and_slogans_name_no_project() -> None:
    """Set N: 国务院 2008's "坚决控制高耗能、高排放和产能过剩行业盲目投资和重复建设" curbs building and "推进…农家书屋和农村电影
    放映工程" names programmes; 云南 2026's "推进第五轮示范引领工程", "加快推进“三区一村”、地下管网等更新改造" and "推动稀土冶炼
    分离项目建设", 保定 2025's "源网荷储一体化项目" name kinds and campaigns; but 云南's "昆明长水国际机场东二跑道投入使用" (a
    runway) and 保定's "启动南三环规划建设" (a ring road) are projects."""
    national = _projects("national_2008_full")
    assert not [n for n in national if re.search(r"高耗能|重复|农家书屋", n)], sorted(national)
    yunnan = _projects("province_yunnan_2026_full")
    assert not [n for n in yunnan if re.search(r"第五轮|三区一村|稀土", n)], sorted(yunnan)
    assert yunnan["昆明长水国际机场东二跑道"].stage == "operate"
    baoding = _projects("prefecture_baoding_2025_full")
    assert baoding["南三环"].stage == "planning" and "源网荷储一体化项目" not in baoding
    counts = {(t.indicator, t.value, t.unit, t.metric) for t in _targets("national_2008_full")}
    assert ("农村沼气用户", 500.0, "万", "count") in counts


def test_a_figure_followed_by_its_rank_is_a_result() -> None:
    """宁夏 2025 and 湖北 2026: "固定资产投资增长7.9%、居全国第三", "进出口总额增长18.2%、增速居全国第3位" — the figure is a
    result (7.1), the rank after 、 is not, and the quote stays the whole clause."""
    ningxia = {(r.indicator, r.value, r.quote) for r in _records("province_ningxia_2025_full") if isinstance(r, Result)}
    assert ("固定资产投资", 7.9, "固定资产投资增长7.9%、居全国第三") in ningxia
    hubei = [r for r in _records("province_hubei_2026_full") if isinstance(r, Result) and r.indicator == "进出口总额"]
    assert [(r.value, r.metric, r.year, r.flags) for r in hubei if "居全国" in r.quote] == [(18.2, "growth", 2025, [])]
    assert not [
        r for r in _records("province_ningxia_2025_full") if isinstance(r, Result) and r.indicator.startswith("居全")
    ]


def test_the_articles_of_a_document_issued_are_no_result() -> None:
    """保定 2025, 广西 2026, 辽宁 2025: "出台优化营商环境创新行动96条", "出台稳增长措施近100条", "相继出台43条、16条具体举措"
    count the articles of documents (6.6: "30条政策措施" describes a document); 海拉尔 2017's "审定政府部门权力清单5030项"
    stays a result."""
    issued = [
        r
        for stem in ("prefecture_baoding_2025_full", "province_guangxi_2026_full", "province_liaoning_2025_full")
        for r in _records(stem)
        if isinstance(r, Result) and r.unit == "条"
    ]
    assert not [r for r in issued if re.search(r"出台|制定", r.quote)], issued
    assert 5030.0 in {r.value for r in _records("county_hailar_2017_full") if isinstance(r, Result)}


def test_stores_ring_roads_and_zones_with_their_place_are_projects() -> None:
    """海拉尔 2013 and 2015: "红星美凯龙6万平方米主力店…年内完工" is a store being built (店 ends a project's name), while
    its "加盟连锁店、知名品牌店" are kinds; 内蒙古 2026 and 河北 2017 (set O): "巴彦淖尔国家农高区", "北京新机场临空经济区"
    and "满都拉、甘其毛都口岸互贸区" are zones with their own place; "城市东外环道路" (海拉尔 2018) is one road, not a category
    of the city's roads; 海峡西岸经济区 (国务院 2010) is a macro-region's designation."""
    assert "红星美凯龙6万平方米主力店" in _projects("county_hailar_2013_full")
    kinds = {"加盟连锁店", "知名品牌店"}
    assert not kinds & {n for stem in ("county_hailar_2013_full", "county_hailar_2015_full") for n in _projects(stem)}
    assert "海峡西岸经济区" not in _projects("national_2010_full")


def test_a_part_titled_for_targets_and_work_keeps_headline_to_its_targets() -> None:
    """Set O: 内蒙古 2026's part "“十五五”时期主要目标和2026年重点工作" and 国务院 2013's "…主要预期目标和宏观经济政策" hold the
    main-targets paragraph and then the work or the policies: only the paragraph's goals are headline (9 and 6 in the
    gold, 53 and 12 before)."""
    neimenggu = [t for t in _targets("province_neimenggu_2026_full") if t.headline]
    assert 7 <= len(neimenggu) <= 10, [t.indicator for t in neimenggu]
    assert "地区生产总值" in {t.indicator for t in neimenggu}
    national = [t for t in _targets("national_2013_full") if t.headline]
    assert 5 <= len(national) <= 6 and not [t for t in national if "赤字" in t.indicator], national


def test_digest_labels_and_striving_goals_open_their_parts() -> None:
    """Set P: 泽州 2023's "2023“两会”解读政府工作报告要点之一:2022年工作回顾" is a review part, so "58个重点项目进展顺利",
    "煤炭产量达到3215万吨" are 2022 results, not goals; 龙游 2025's "全县经济社会发展的努力目标为:" opens the main targets."""
    zezhou = _records("county_zezhou_2023_digest")
    assert not [r for r in zezhou if isinstance(r, Target)], zezhou
    assert (3215.0, 2022) in {(r.value, r.year) for r in zezhou if isinstance(r, Result)}
    longyou = [t for t in _targets("county_longyou_2025_excerpt") if t.headline]
    assert {t.indicator for t in longyou} >= {"生产总值", "固定资产投资", "一般公共预算收入"}, longyou


def test_zones_with_their_place_are_projects() -> None:
    """内蒙古 2026 and 河北 2017 (set O): "高质量建设巴彦淖尔国家农高区", "推进北京新机场临空经济区规划建设", "建成运营满都拉、
    甘其毛都口岸互贸区" name zones with their own place (6.6)."""
    neimenggu = _projects("province_neimenggu_2026_full")
    assert {"巴彦淖尔国家农高区", "甘其毛都口岸互贸区"} <= set(neimenggu), sorted(neimenggu)
    assert _projects("province_hebei_2017_full")["北京新机场临空经济区"].stage == "planning"


def test_a_towns_kinds_of_facilities_name_no_project_but_its_named_ones_do() -> None:
    """海拉尔 2012–2019 and 保定 2014: kinds of a town's facilities and works ("外立面改造工程", "综合指挥大厅", "中小学风雨馆",
    "标准化室外足球运动场", "数字影院", "体育健身主题公园") name no project; "健康社区卫生服务中心" (健康 is a community's name)
    and "加快航空港建设" (the district's one airport) do."""
    stems = [f"county_hailar_{year}_full" for year in (2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019)]
    names = {n for stem in [*stems, "prefecture_baoding_2014_full"] for n in _projects(stem)}
    kinds = {"外立面改造工程", "综合指挥大厅", "中小学风雨馆", "标准化室外足球运动场", "数字影院", "体育健身主题公园"}
    assert not kinds & names, sorted(kinds & names)
    assert {"健康社区卫生服务中心", "航空港"} <= names


def test_places_joined_by_he_or_counted_once_share_their_type_word() -> None:
    """海拉尔 2012, 2013, 2016 and 安徽 2025: "健康和正阳社区卫生服务中心", "正阳和呼伦社区文体馆", "巢湖和新安江流域防洪治理工程" are
    two places sharing the type word written once; "建成哈萨尔和东升路两个市民广场", "重点做好友联、友好两个新村的二期工程建设"
    count the places they list (6.4); "白沟和道国际箱包交易中心" (白沟和道 is one place) stays one name."""
    hailar = {
        n
        for stem in ("county_hailar_2012_full", "county_hailar_2013_full", "county_hailar_2016_full")
        for n in _projects(stem)
    }
    expected = {
        "健康社区卫生服务中心",
        "正阳社区卫生服务中心",
        "哈萨尔市民广场",
        "东升路市民广场",
        "友联新村二期工程",
        "友好新村二期工程",
    }
    assert expected <= hailar, sorted(expected - hailar)
    anhui = _projects("province_anhui_2025_full")
    assert {"巢湖流域防洪治理工程", "新安江流域防洪治理工程"} <= set(anhui)
    assert "白沟" not in _projects("prefecture_baoding_2014_full")


def test_inputs_above_last_years_are_relative_goals() -> None:
    """国务院 2008: "今年财政支农投入的增量要明显高于上年" and its two siblings are relative goals, direction increase;
    "今年土地利用计划总规模控制在去年水平" keeps last year's level (maintain)."""
    relative = {(t.indicator, t.direction) for t in _targets("national_2008_full") if t.metric == "relative"}
    assert {("财政支农投入的增量", "increase"), ("土地利用计划总规模", "maintain")} <= relative, relative


def test_tenths_and_abolitions_of_set_r_are_read_as_written() -> None:
    """Set R (新疆 2026, 国务院 2003): "绿电占比超三成" writes 30 % in tenths, as 一半 writes 50 %; "废止71件" and "宣布失效
    80件" take laws away: the direction check accepts the gold's decrease for them."""
    import json

    from extractor.checks import check_direction
    from extractor.numbers import numbers_in
    from tests.conftest import CORPUS

    assert 30 in numbers_in("外送电量年均增长6%、绿电占比超三成") and 90 in numbers_in("棉花产量连续4年占全国九成以上")
    gold = [
        json.loads(line) for line in (CORPUS / "gold_results" / "national_2003_full.jsonl").read_text().splitlines()
    ]
    taken = [Result.model_validate(r) for r in gold if r["quote"] in ("废止71件", "宣布失效80件")]
    assert len(taken) == 2 and all(r.direction == "decrease" and check_direction(r) == [] for r in taken), taken


def test_national_kinds_and_arrangements_name_no_project() -> None:
    """国务院 2005–2012: "实施内地与香港、澳门更紧密经贸关系安排" is an arrangement (CEPA), "建设现代装备制造基地和高技术产业基地",
    "加快建设新一代信息基础设施", "支持城镇生活污水、垃圾处理和危险废物处理设施建设" and "建设离岸人民币业务中心" name kinds and
    designations: none is a project (the national gold holds few, and these were most of its false ones)."""
    stems = [f"national_{year}_full" for year in (2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012)]
    names = {n for stem in stems for n in _projects(stem)}
    kinds = {"内地与香港", "高技术产业基地", "新一代信息基础设施", "垃圾处理和危险废物处理设施", "离岸人民币业务中心"}
    assert not kinds & names, sorted(kinds & names)
