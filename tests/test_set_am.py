"""Shapes found in set AM (six whole reports of prefectures lawtext/gov holds and the corpus did not, from provinces it held
few reports of, 2014–2025, annotated by helpers who had not read the rules, scored at the commit before their rules). Each
test reads whole reports through the public API.
"""

from __future__ import annotations

from extractor import genre
from tests.corpus_records import targets


def _read(stem: str, quote: str) -> list[tuple[str, float | None, str | None]]:
    return [(t.indicator, t.value, t.unit) for t in targets(stem) if t.quote == quote]


def test_counts_a_keeping_verb_opens_are_known_sets() -> None:
    """吴忠 2025: "聚焦100个重点项目、30项重点工作、20项创新性工作" and "发挥10个重点电商平台作用" count what the city already
    has and works on (6.6: a known set), as 巩固 or 深化 before a count do; the counts listed after the first share its verb.
    They had been read as four goals (the adjudicated gold holds none of them; 66 such counts in lawtext's reports)."""
    stem = "prefecture_wuzhong_2025_full"
    assert _read(stem, "聚焦100个重点项目、30项重点工作、20项创新性工作") == []
    assert _read(stem, "发挥10个重点电商平台作用") == []
    # a count after a verb that works on it is still a goal, in the same report and in the gold
    assert _read(stem, "大力推进80个重点工业项目") == [("重点工业项目", 80.0, "个")]


def test_a_count_of_what_the_clause_then_measures_is_no_goal() -> None:
    """ "力争5个工业园区总产值突破1300亿元" (吴忠 2025) and "全市17个省级重点县域工业园区总产值力争突破850亿元" (宝鸡 2014): the
    goal is the output; the count says how many parks share it. The count had been a goal of its own, and the output's
    indicator had begun with it."""
    assert _read("prefecture_wuzhong_2025_full", "力争5个工业园区总产值突破1300亿元") == [
        ("工业园区总产值", 1300.0, "亿元")
    ]
    assert _read("prefecture_baoji_2014_full", "全市17个省级重点县域工业园区总产值力争突破850亿元") == [
        ("省级重点县域工业园区总产值", 850.0, "亿元")
    ]


def test_an_amount_that_sizes_the_works_sought_is_no_goal() -> None:
    """徐州 2016: "确保各地每年新上一批10亿元以上的产业项目" seeks projects of 1 billion or more; 10亿元 is their size class,
    not an amount to reach (27 lawtext lines write …元以上的…项目 or …企业 so)."""
    assert _read("prefecture_xuzhou_2016_full", "确保各地每年新上一批10亿元以上的产业项目") == []


def test_planning_words_of_set_am_give_planning() -> None:
    """The adjudicated gold's stage phrases the table did not give: 征拆 is 征地拆迁 for short (三亚 2021), and 施工图设计
    is the drawings for the works (宝鸡 2014), not 施工 (which would make "完成…施工图设计" a project being built)."""
    assert genre.stage_named("加快…征拆") == "planning"
    assert genre.stage_named("完成…施工图设计") == "planning"
    assert genre.stage_named("完成…主体施工") == "ongoing"
