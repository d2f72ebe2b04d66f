"""Shapes of set Y of the development corpus (added on 2026-11-27 in the day's second session) and what they showed in the
reports already held.

Y: seven reports of places and years no set held, collected and annotated by helpers who had not read the rules
(ADJUDICATION.md): 江苏 2010 (province), 吉林 2015, 柳州 2018, 大理 2022 and 本溪 2025 (cities), 阜平 2013 and 涞源 2022
(counties). Each was scored at the session's first commit before any rule was written for it. Each test reads whole
reports through the public API.
"""

from __future__ import annotations

from extractor import Result, clean
from tests.conftest import CORPUS
from tests.corpus_records import projects, records, targets


def _results(stem: str) -> list[Result]:
    return [r for r in records(stem) if isinstance(r, Result)]


def test_parts_titled_slogan_colon_title_split_the_review_from_the_plan() -> None:
    """阜平 2013 titles its three parts "站在新起点:2012年工作回顾", "开启新征程:确保…强势开局" and "塑造新形象:全面加强政府自身
    建设", with no numbers: the first names a review, so its siblings of the same form are parts too. Its figures are
    2012's results ("全年共谋划实施重点项目79项"), not 2013's targets, and the plan part's goals stay targets."""
    stem = "county_fuping_2013_full"
    assert not [t for t in targets(stem) if t.quote in ("全年共谋划实施重点项目79项", "全县生产总值完成27.6亿元")]
    assert {(r.value, r.year) for r in _results(stem) if r.quote == "全年共谋划实施重点项目79项"} == {(79, 2012)}
    gdp = [t for t in targets(stem) if t.indicator_id == "gdp" and t.headline]
    assert gdp and {(t.value, t.target_year) for t in gdp} == {(10, 2013)}


def test_a_part_that_achieved_and_a_part_on_difficulties_set_no_goals() -> None:
    """大理 2022: "一、十四届州人民政府在艰难环境中创造佳绩" reviews four years ("地区生产总值年均增长6.1%" is a result), and
    "(二)困难压力来自一批传统工业倒下归零" under the part of "面临的挑战机遇和今后五年的目标任务" states the present
    ("全州规模以上工业企业最多时达294户"): neither gives a target; the five-year goals of the same part still do."""
    stem = "prefecture_dali_2022_full"
    quotes = {t.quote for t in targets(stem)}
    assert "地区生产总值年均增长6.1%" not in quotes
    assert not [q for q in quotes if "最多时达294户" in q or "停产及负增长面" in q]
    assert [r for r in _results(stem) if r.quote == "地区生产总值年均增长6.1%"]
    assert [t for t in targets(stem) if t.quote == "到2026年经济总量突破2400亿元" and t.target_year == 2026]


def test_the_tasks_under_a_title_of_requirements_and_main_targets_are_not_headline() -> None:
    """涞源 2022's "二、2022年工作总体要求和主要目标" holds the main targets, then the year's tasks as "(一)抢抓扩大内需政策机遇,
    奋力开创…新局面" … "(八)…": the tasks' targets are not headline (as under "…主要目标任务")."""
    laiyuan = targets("county_laiyuan_2022_full")
    assert [t for t in laiyuan if t.headline]
    tasks = [t for t in laiyuan if len(t.section_path) > 1 and t.section_path[1].startswith("(")]
    assert tasks and not [t for t in tasks if t.headline]


def test_within_the_year_in_a_review_is_the_year_reviewed() -> None:
    """年内 sets a goal in a plan ("年内新能源汽车产量达5万台以上") and reports the year in a review: 柳州 2018's "初步核验,
    年内69个贫困村脱贫出列、实现脱贫54766人" and "年内新登记注册市场主体4.41万户" are 2017's results."""
    stem = "prefecture_liuzhou_2018_full"
    quotes = {t.quote for t in targets(stem)}
    assert "年内新登记注册市场主体4.41万户" not in quotes
    assert {(r.value, r.year) for r in _results(stem) if r.quote == "年内新登记注册市场主体4.41万户"} == {(4.41, 2017)}
    assert [t for t in targets(stem) if t.quote == "年内新能源汽车产量达5万台以上" and t.target_year == 2018]


def test_thousands_of_a_magnitude_written_after_the_digits() -> None:
    """ "全市全部工业总产值突破5千亿元,达5077亿元" (柳州 2018): 5千亿元 is 5000 亿元, so the clause is a result and names the
    subject of the verb-only clause after it."""
    results = {(r.quote, r.indicator, r.value, r.unit) for r in _results("prefecture_liuzhou_2018_full")}
    assert ("全市全部工业总产值突破5千亿元", "全部工业总产值", 5000, "亿元") in results
    assert ("达5077亿元", "全部工业总产值", 5077, "亿元") in results


def test_lines_and_parks_of_a_provincial_and_a_city_list() -> None:
    """江苏 2010 "尽快开工建设连盐和沪通铁路、临海高等级公路、通榆河南段航道": two lines' abbreviations share 铁路 across 和, and
    a waterway is a work; 柳州 2018 "推进上汽通用五菱汽车工业物流园、…、毅德商贸物流城等集聚区建设" lists parks, not districts."""
    jiangsu = projects("province_jiangsu_2010_full")
    assert {"连盐铁路", "沪通铁路", "通榆河南段航道"} <= set(jiangsu)
    assert {jiangsu[name].stage for name in ("连盐铁路", "沪通铁路")} == {"start"}
    liuzhou = projects("prefecture_liuzhou_2018_full")
    assert {"上汽通用五菱汽车工业物流园", "官塘多式联运物流园", "传化公路港", "毅德商贸物流城"} <= set(liuzhou)


def test_every_record_of_set_y_stands_at_its_offsets_in_a_placed_dated_report() -> None:
    """Plan and review alike, every record of the seven reports quotes the cleaned text exactly at its offsets, and each
    report is placed in its own region and dated to its own year (none has a title line the rules could lean on for both:
    大理's and 本溪's have no title, 阜平's parts are slogans)."""
    regions = {
        "province_jiangsu_2010_full": "江苏省",
        "prefecture_jilin_2015_full": "吉林市",
        "prefecture_liuzhou_2018_full": "柳州市",
        "prefecture_dali_2022_full": "大理白族自治州",
        "prefecture_benxi_2025_full": "本溪市",
        "county_fuping_2013_full": "阜平县",
        "county_laiyuan_2022_full": "涞源县",
    }
    for stem, region in regions.items():
        text = clean((CORPUS / "docs" / f"{stem}.txt").read_text(encoding="utf-8"), f"{stem}.txt").text
        found = records(stem)
        assert len(found) > 50
        assert all(text[r.char_start : r.char_end] == r.quote for r in found)
        assert {(r.region, r.report_year) for r in found} == {(region, int(stem.split("_")[2]))}
