"""Shapes found in set AL (six whole reports of prefectures lawtext/gov holds and the corpus did not, 2014–2025, annotated by
helpers who had not read the rules, scored at the commit before their rules). Each test reads whole reports through the
public API.
"""

from __future__ import annotations

from tests.corpus_records import results, targets


def test_a_year_titled_part_under_a_part_that_says_the_term_was_achieved_reviews() -> None:
    """楚雄 2022, a new term's report: "一、克难奋进,十二届州人民政府各项目标任务圆满完成" (its 目标任务 is what was completed,
    not planned) holds "(一)关于过去五年的工作" and "(二)关于2021年的工作". The part for 2021 had been read as a plan for 2021,
    so 2021's results (地区生产总值增长11.2%, 城镇新增就业4.81万人…) came out as 68 targets and the results were lost."""
    chuxiong_targets = targets("prefecture_chuxiong_2022_full")
    assert not [t for t in chuxiong_targets if t.target_year == 2021]
    gdp = [r for r in results("prefecture_chuxiong_2022_full") if r.quote == "地区生产总值增长11.2%"]
    assert [(r.value, r.unit, r.year) for r in gdp] == [(11.2, "%", 2021)]
    assert {t.target_year for t in chuxiong_targets} == {2022, 2026}
