"""Shapes of set W of the development corpus (added on 2026-11-26 in the day's ninth session) and what they showed in the
reports already held.

W: seven reports of places and years the corpus did not hold, collected and annotated by helpers who had not read the rules
(ADJUDICATION.md): 徐水 2010, 米易 2022 and 高唐 2023 (counties), 防城港 2009, 鹤岗 2011, 赣州 2015 and 宜昌 2019 (cities).
Each was scored before any rule was written for it. Each test reads whole corpus reports through the public API and
asserts the records of one shape the rules now read, in set W and in the reports of other sets that write it too.
"""

from __future__ import annotations

from extractor import Target
from tests.corpus_records import records as _records
from tests.corpus_records import targets as _targets


def _target(stem: str, quote: str, value: float | None = None) -> Target:
    found = [t for t in _targets(stem) if t.quote == quote and (value is None or t.value == value)]
    assert found, (stem, quote, sorted({t.quote for t in _targets(stem)})[:20])
    return found[0]


def test_a_city_named_after_one_of_its_districts_is_not_read_as_that_district() -> None:
    """防城港 2009 never names its government; it speaks as 我市/全市 and writes 防城港(市) nine times. Each of them also
    holds 防城, the short name of its own district 防城区, which used to tie the two and leave the region empty."""
    assert {r.region for r in _records("prefecture_fangchenggang_2009_excerpt")} == {"防城港市"}


def test_a_part_for_five_years_and_the_year_dates_the_years_tasks_and_the_five_year_goals_apart() -> None:
    """鹤岗 2011's "二、“十二五”时期和2011年主要任务": its subsections are the year's work (2011), while the paragraph opened by
    "“十二五”时期,…" sets the plan's goals ("三个翻番", "712" targets), which are for 2015."""
    stem = "prefecture_hegang_2011_full"
    assert _target(stem, "今年新增水稻面积30万亩").target_year == 2011
    assert _target(stem, "全年实现新增就业2.3万人以上").target_year == 2011
    doubling = [t for t in _targets(stem) if t.quote == "即地区生产总值和财政收入分别比2010年翻一番"]
    assert len(doubling) == 2 and {t.target_year for t in doubling} == {2015}
    levels = [t for t in _targets(stem) if t.quote.startswith("即地区生产总值达到700亿元")]
    assert {t.value for t in levels} == {700, 100, 2000} and {t.target_year for t in levels} == {2015}
