"""Shapes found in set AP (six whole reports of prefectures lawtext/gov holds and the corpus did not, from six more
provinces, 2014–2025, annotated by helpers who had not read the rules, scored at the commit before their rules). Each test
reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects, targets


def test_main_targets_named_as_what_a_task_finishes_open_no_headline_paragraph() -> None:
    """江门 2018: "按照…攻坚战主要目标任务2018年基本完成的要求,大力推进环保达标行动" names the main targets as what a task is to
    finish, not as the list that follows; the paragraph after it had been read as headline (seven targets). The year's
    own "今年全市经济社会发展主要预期目标是:…" stays headline (about fifty lawtext lines write 主要目标…基本完成/全面完成)."""
    headline = {t.quote for t in targets("prefecture_jiangmen_2018_full") if t.headline}
    assert "地区生产总值增长8%" in headline
    assert not {"市区6条黑臭水体全面消灭黑臭现象", "建成镇街公园5个"} & headline


def test_owning_a_level_aimed_at_is_a_goal_and_an_existing_set_lends_no_past() -> None:
    """江门 2018: "实现每千名老人拥有养老床位36张以上" — 拥有 after 实现 is a level to reach, not what the city has; 赤峰 2025:
    "提档升级…等现有创新平台,…,培育高能级创新平台10家以上" — 现有 after 等 describes the platforms listed, so the sentence's
    last clause is a goal, not background."""
    jiangmen = [(t.indicator, t.value) for t in targets("prefecture_jiangmen_2018_full") if "养老床位" in t.quote]
    assert jiangmen == [("每千名老人拥有养老床位", 36.0)]
    chifeng = [(t.indicator, t.value) for t in targets("prefecture_chifeng_2025_full") if "高能级创新平台" in t.quote]
    assert chifeng == [("高能级创新平台", 10.0)]


def test_counts_of_what_a_region_makes_stronger_are_known_sets() -> None:
    """丹东 2020: "做强4个省级以上外贸基地", "做大5个省级产业集群规模", "扩大6个国家级行业区域品牌影响力" count the bases,
    clusters and brands there are (6.6); some sixty lawtext lines write 做强N个…, nearly all such sets."""
    counted = [t.quote for t in targets("prefecture_dandong_2020_full")]
    assert not [q for q in counted if q.startswith(("做强", "做大", "扩大"))]


def test_works_on_a_kind_of_land_or_a_kind_of_facility_name_no_project() -> None:
    """甘南 2016: "实施水源地保护、地质灾害防治、农业面源污染防治、农牧村环境综合治理等项目" — works on kinds of land and hazard,
    even in a list the text calls projects; 赤峰 2025: "新建幼儿园、中小学16所" counts a kind of facility. A work on a named
    place stays one (拉卜楞寺文物保护修缮工程)."""
    gannan = set(projects("prefecture_gannan_2016_full"))
    assert not {"水源地保护", "地质灾害防治", "农业面源污染防治", "矿山环境恢复"} & gannan
    assert "拉卜楞寺文物保护修缮工程" in gannan
    assert not [name for name in projects("prefecture_chifeng_2025_full") if name == "幼儿园"]
