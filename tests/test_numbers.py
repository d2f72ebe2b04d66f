"""Numbers as real reports write them (extractor/numbers.py): fractions, halves, doublings, bare
magnitudes, Chinese numerals, 万亿, signs and ranges, each on a clause of a report here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import numbers
from tests.test_genre import real_clauses


def _clause(needle: str) -> str:
    found = next((c for c in real_clauses() if needle in c), None)
    assert found is not None, f"no report here writes {needle}"
    return numbers.fold(found)


@pytest.mark.parametrize(
    ("needle", "value"),
    [
        ("中央对地方专项转移支付项目减少三分之一", Decimal("33.33")),
        ("高速铁路运营里程从9000多公里增加到2万5千公里、占世界三分之二", Decimal("66.67")),
        ("外商投资限制性条目减少一半", Decimal(50)),
        ("人均收入比2010年翻一番", Decimal(100)),
        ("海铁联运班列突破万列", Decimal(1)),
        ("林草产业总产值在全国率先突破万亿元", Decimal(10000)),
        ("规上工业总产值跃上万亿元台阶", Decimal(10000)),
        ("实施千万元以上重点项目62个", Decimal(1000)),
        ("实施千万元以上重点项目62个", Decimal(62)),
        ("今年拟安排财政赤字1.62万亿元", Decimal("1.62")),
    ],
)
def test_a_number_written_in_a_real_clause_is_read(needle: str, value: Decimal) -> None:
    clause = _clause(needle)
    assert value in {v for _, _, v in numbers.number_tokens(clause)} | numbers.numbers_in(clause)
    assert numbers.value_in_text(float(value), clause)


def test_a_value_not_written_is_not_found() -> None:
    clause = _clause("今年拟安排财政赤字1.62万亿元")
    assert not numbers.value_in_text(1.6, clause) and not numbers.value_in_text(162, clause)
    assert numbers.value_in_text(16200, clause)  # 1.62万 with its magnitude applied


def test_token_positions_cover_the_written_number() -> None:
    clause = _clause("今年拟安排财政赤字1.62万亿元")
    spans = {clause[start:end] for start, end, _ in numbers.number_tokens(clause)}
    assert "1.62" in spans


def test_two_thirds_and_a_doubling_are_read_as_percent() -> None:
    assert numbers.fraction_percent("三分之二") == Decimal("66.67")
    assert numbers.fraction_percent("一半") == Decimal(50)
    assert numbers.fraction_percent("零分之一") is None
    tokens = numbers.number_tokens("人均地区生产总值翻两番")
    assert [v for _, _, v in tokens] == [Decimal(300)]


@pytest.mark.parametrize(
    ("token", "value"),
    [("6.5", Decimal("6.5")), ("1,200", Decimal(1200)), ("六点五", Decimal("6.5")), ("千", Decimal(1000)),
     ("十", Decimal(10)), ("百", Decimal(100)), ("两千", Decimal(2000)), ("３．５", Decimal("3.5")),
     ("万", None), ("亿", None), ("", None), ("十四五x", None), ("abc", None)],
)  # fmt: skip
def test_parse_number(token: str, value: Decimal | None) -> None:
    assert numbers.parse_number(token) == value


def test_a_minus_sign_is_a_sign_only_where_no_range_is_written() -> None:
    assert numbers.minus_before("增长-5%", 3)
    assert numbers.minus_before("-5%", 1)
    assert not numbers.minus_before("-5%", 0)
    assert not numbers.minus_before("增长5-6%", 4)  # 5-6: a range
    assert not numbers.minus_before("增长5%-6%", 5)
    assert not numbers.minus_before("2万元-3万元", 4)  # after a unit
    assert not numbers.minus_before("增长5", 2)
    assert numbers.minus_before("增长−5%", 3) and numbers.minus_before("增长－5%", 3)


def test_a_percent_word_before_the_number_is_its_unit() -> None:
    assert numbers.percent_word_before("增长百分之六", 5) == "%"
    assert numbers.percent_word_before("千分之三", 3) == "‰"
    assert numbers.percent_word_before("增长六", 2) is None
