"""Shapes found in set AN (six whole reports of prefectures lawtext/gov holds and the corpus did not, from six more
provinces, 2014–2024, annotated by helpers who had not read the rules, scored at the commit before their rules). Each test
reads whole reports through the public API.
"""

from __future__ import annotations

from tests.corpus_records import projects, results, targets


def test_a_goal_measured_against_a_base_year_is_for_the_horizon() -> None:
    """鸡西 2016's five-year goals: "发展目标:到2020年,地区生产总值和城乡居民人均收入在2010年基础上翻一番" — 在2010年基础上 is
    the base the doubling is measured against, as 与2007年相比 is; read as a horizon in the past, the two goals had been
    results dated 2010 (68 lawtext lines write 在YYYY年基础上)."""
    doubled = [(t.indicator, t.value, t.unit, t.target_year, t.headline) for t in targets("prefecture_jixi_2016_full")]
    assert ("地区生产总值", 100.0, "%", 2020, True) in doubled
    assert ("城乡居民人均收入", 100.0, "%", 2020, True) in doubled
    assert not [r for r in results("prefecture_jixi_2016_full") if "翻一番" in r.quote]


def test_amounts_alone_before_later_items_of_a_priced_list_are_invested() -> None:
    """鸡西 2016: "重点抓好投资80亿元的韩国GS集团石墨显示面板、10亿元的裕同集团印刷包装、8.4亿元的深圳红源集团中俄商贸交流中心…
    等项目的对接与落地" — the first item's 投资 prices every item, each a project whatever its name ends on (6.6); only the
    first had been read (114 lawtext lines list amounts so)."""
    listed = projects("prefecture_jixi_2016_full")
    named = ("韩国GS集团石墨显示面板", "裕同集团印刷包装", "深圳红源集团中俄商贸交流中心")
    assert [listed[n].stage for n in named] == ["signed"] * 3
    assert {"贝特瑞负极材料扩能和活性炭", "珍宝岛药业三期"} <= set(listed)


def test_long_indicators_each_named_whole_share_a_rate() -> None:
    """周口 2014's main targets: "城镇居民人均可支配收入、农民人均纯收入实际增长9%" — two incomes, each named whole (…收入, 实际
    after it), share the rate (3.2); longer than ten characters, they had been one joined indicator."""
    shared = [
        (t.indicator, t.value, t.headline) for t in targets("prefecture_zhoukou_2014_full") if "实际增长9%" in t.quote
    ]
    assert shared == [("城镇居民人均可支配收入", 9.0, True), ("农民人均纯收入实际", 9.0, True)]
