"""Shapes found in set AL (six whole reports of prefectures lawtext/gov holds and the corpus did not, 2014–2025, annotated by
helpers who had not read the rules, scored at the commit before their rules). Each test reads whole reports through the
public API.
"""

from __future__ import annotations

from extractor import Result, Target, extract_file
from tests.conftest import FIXTURES
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


def test_a_part_titled_for_next_year_in_a_december_report_plans() -> None:
    """怀化 2016 (tests/fixtures/lawtext), delivered on 2015-12-29: "今年工作为“十二五”发展赢得圆满收官" reviews 2015 (its 今年工作
    says what was achieved, as 楚雄's "…各项目标任务圆满完成" does), and the unnumbered "“十三五”蓝图为明年开局指明奋进方向" plans
    2016: 明年 is the plan year. Read as one review, the plan's 134 targets had been lost."""
    records = extract_file(FIXTURES / "lawtext" / "huaihua_2016.txt")
    goals = [r for r in records if isinstance(r, Target)]
    achieved = [r for r in records if isinstance(r, Result)]
    assert len(goals) > 40 and {r.target_year for r in goals} <= {2016, 2020}
    assert len(achieved) > 100 and {r.year for r in achieved} == {2015}
    assert "预计全年实现生产总值1280亿元" in {r.quote for r in achieved}
