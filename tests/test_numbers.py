"""Numbers as real reports write them (extractor/numbers.py): fractions, halves, doublings, bare
magnitudes, Chinese numerals, 万亿, signs and ranges, each on a clause of a report here."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- Chinese numerals: read here, checked against cn2an (a test dependency only) ---------------------------------


def _cn2an_reading(token: str) -> Decimal | None:
    """What cn2an reads a numeral token as, with the readers' own two steps before it (a bare magnitude word is one
    of it; 两 is 二), None where it refuses the token."""
    if token in ("万", "亿"):
        return None
    token = ("一" + token if token[0] in "十百千" else token).replace("两", "二")
    try:
        return Decimal(str(cn2an.cn2an(token, "smart")))
    except (ValueError, KeyError, IndexError):
        return None


def _report_numerals() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("seeds").iterdir())]
    texts += [p.read_text(encoding="utf-8") for p in sorted(Path("tests/corpus/docs").iterdir())]
    return {m.group(0) for text in texts for m in re.finditer(numbers.CHINESE, numbers.fold(text))}


def test_every_chinese_numeral_of_the_reports_reads_as_cn2an_reads_it() -> None:
    """Every run of numeral characters in the seeds and the corpus (六点五, 三万五, 二〇二五, 百亿…) gets the value cn2an
    gives it, or none where cn2an refuses it (二亿五千: 200,005,000 or 250,000,000?)."""
    tokens = _report_numerals()
    assert len(tokens) > 100
    differ = {
        t: (numbers.parse_number(t), _cn2an_reading(t)) for t in tokens if numbers.parse_number(t) != _cn2an_reading(t)
    }
    assert differ == {}


@pytest.mark.parametrize(
    ("token", "value"),
    [("二百五", Decimal(250)), ("三万五", Decimal(35000)), ("一千二", Decimal(1200)), ("一百十一", Decimal(111)),
     ("一千零十", Decimal(1010)), ("一万零五", Decimal(10005)), ("二〇二五", Decimal(2025)), ("三百五十万亿", Decimal(350 * 10**12)),
     ("一亿二千万", Decimal(120_000_000)), ("一亿零五", Decimal(100_000_005)), ("零点五", Decimal("0.5")),
     ("六千六万", None), ("二亿五千", None), ("十十", None), ("一万万", None), ("点五", None), ("一点五万", None),
     ("三百零三十", None), ("一亿零", None)],
)  # fmt: skip
def test_chinese_numerals_as_written_and_the_ones_no_reader_can_settle(token: str, value: Decimal | None) -> None:
    assert numbers.parse_number(token) == value


@settings(max_examples=400, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**13),
    st.one_of(st.none(), st.integers(min_value=0, max_value=999)),
    st.booleans(),
)
def test_a_number_written_out_in_chinese_reads_back_exactly(whole: int, decimals: int | None, liang: bool) -> None:
    """cn2an writes the number (an2cn); the reader gives it back exactly whenever cn2an itself can read what it wrote
    (cn2an reads long decimals through a float: 8985771648936.837 comes back as …838 from cn2an, exact here)."""
    exact = Decimal(whole) if decimals is None else Decimal(f"{whole}.{decimals}")
    written = cn2an.an2cn(str(exact))
    if liang:
        written = written.replace("二", "两")
    if _cn2an_reading(written) is None:
        assert numbers.parse_number(written) is None  # an2cn's own 七千三百三十九亿二千四百七十七: a 零 left out
    else:
        assert numbers.parse_number(written) == exact


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点", min_size=1, max_size=8))
def test_a_string_of_numeral_characters_reads_as_cn2an_reads_it_or_not_at_all(token: str) -> None:
    """Whatever the characters, the reader never gives a value cn2an would not: it refuses more (七十零, 三万七亿)."""
    ours = numbers.parse_number(token)
    if ours is not None:
        theirs = _cn2an_reading(token)
        assert theirs is not None and abs(ours - theirs) <= abs(theirs) * Decimal("1e-12")
