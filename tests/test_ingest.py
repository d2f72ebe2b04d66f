"""Ingest on real seed files and on the bad inputs users actually have."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import extract_text
from extractor.ingest import IngestError, load_document
from extractor.models import Result, Target
from tests.conftest import FIXTURES, SEEDS

SEED_003 = SEEDS / "003_4a606b2b17229643.txt"
SEED_001 = SEEDS / "001_332ad4d155dc2366.txt"
SEED_002 = SEEDS / "002_d348ae63c4c8d8c9.txt"


def test_html_seed_is_stripped_with_a_parser() -> None:
    document = load_document(SEED_003)
    assert "<" not in document.text and "id=" not in document.text
    assert "二、今后五年发展目标任务" in document.text
    assert "索引号" not in document.text  # page metadata is furniture


def test_pagination_and_next_article_lines_are_dropped() -> None:
    document = load_document(SEED_001)
    assert "第11/118页" not in document.text
    assert "下一篇" not in document.text
    assert document.title and "2023年政府工作报告" in document.title


def test_copyright_comment_box_and_sitemap_are_dropped() -> None:
    text = load_document(SEED_002).text
    for furniture in ("本文仅代表作者观点", "留言与评论", "验证码", "网站地图", "本文地址"):
        assert furniture not in text
    assert text.endswith("规上工业数字化改造覆盖面达到80%。")


def test_gbk_and_bom_files_decode_to_the_same_document(tmp_path: Path) -> None:
    original = load_document(SEED_002)
    raw = SEED_002.read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(raw.encode("gbk", errors="strict"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"))
    assert load_document(gbk).encoding == "gb18030"
    assert load_document(bom).encoding == "utf-8-sig"
    assert load_document(gbk).doc_id == original.doc_id == load_document(bom).doc_id


def test_full_width_digits_are_folded_keeping_line_lengths(tmp_path: Path) -> None:
    path = tmp_path / "fw.txt"
    path.write_text(
        "建议今年主要预期目标为：地区生产总值增长６．５％以上，城镇新增就业１．２万人。" * 2, encoding="utf-8"
    )
    text = load_document(path).text
    assert "6.5%以上" in text and "1.2万人" in text


def test_doc_id_is_a_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(SEED_001.read_bytes().replace(b"\n", b"\r\n"))
    assert load_document(copy).doc_id == load_document(SEED_001).doc_id


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG"),
        (b"This is an English memo about nothing in particular.\n" * 20, "no Chinese text"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_files_raise_one_line_causes(tmp_path: Path, content: bytes, cause: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as error:
        load_document(path)
    assert cause in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_path_and_non_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="does not exist"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(IngestError, match="not a regular file"):
        load_document(tmp_path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    chunk = SEED_002.read_bytes()
    with path.open("wb") as handle:
        while handle.tell() < 20 * 1024 * 1024:
            handle.write(chunk)
    with pytest.raises(IngestError, match=r"too large \(2\d\.\d MB"):
        load_document(path)


def test_traditional_script_report_is_converted(tmp_path: Path) -> None:
    simplified = load_document(SEED_002)
    traditional = tmp_path / "trad.txt"
    import opencc

    traditional.write_text(opencc.OpenCC("s2t").convert(SEED_002.read_text(encoding="utf-8")), encoding="utf-8")
    document = load_document(traditional)
    assert document.encoding.endswith("+t2s")
    assert "生产总值增长6.5%以上" in document.text
    assert len(document.text) == len(simplified.text)


def test_a_text_spaced_throughout_is_read_without_its_spaces() -> None:
    """国务院 2004 as stored (tests/fixtures/national_2004_spaced.txt) is spaced throughout by its extraction:
    "今年经 济增长预期目标为７％左右" is the year's GDP target only once the spaces go. Texts with a few
    deliberate spaces (the corpus: "省长 许勤", "政 府 工 作 报 告") keep them."""
    spaced = load_document(FIXTURES / "national_2004_spaced.txt")
    assert "今年经济增长预期目标为7%左右" in spaced.text
    records = extract_text(spaced.text, year=2004, region="全国")
    assert [(t.indicator_id, t.value, t.target_year) for t in records if isinstance(t, Target) and t.value == 7.0] == [
        ("gdp", 7.0, 2004)
    ]
    seed = load_document(SEEDS / "003_4a606b2b17229643.txt")
    assert "政 府" in seed.text


def test_a_phrase_set_apart_on_its_own_line_is_joined_back() -> None:
    """广东 2026 (tests/fixtures/guangdong_2026_bold_breaks.txt) breaks its lines around the phrases it sets in
    bold ("…经济社会发展的" / "主要目标" / "是：地区生产总值…"): no paragraph ends with 的 or opens with 是：, so the
    sentence is read whole and 主要目标 is no part title of its own; the five-year GDP goal is for 2030."""
    document = load_document(FIXTURES / "guangdong_2026_bold_breaks.txt")
    lines = document.text.split("\n")
    assert any(line.startswith("“十五五”时期经济社会发展的主要目标是:地区生产总值年均增长5%左右") for line in lines)
    assert "主要目标" not in lines
    records = extract_text(document.text, year=2026, region="广东省")
    gdp = [(t.value, t.target_year) for t in records if isinstance(t, Target) and t.indicator_id == "gdp"]
    assert gdp == [(5.0, 2030), (4.5, 2026)]


def test_a_paragraph_indent_inside_a_line_is_a_line_break() -> None:
    """上海 2021 as a dataset stores it (tests/fixtures/shanghai_2021_em_space_indents.txt) is one line whose paragraphs
    keep only their indent, two em spaces: "…提出意见。 \u2003\u2003一、2020年工作回顾 \u2003\u2003过去一年…". Read as one
    paragraph, the review had no heading and its figures ("全社会研发经费支出相当于全市生产总值的比例提高到4.1%左右")
    were taken for the year's targets; with the breaks back, the part title is a line and they are results."""
    document = load_document(FIXTURES / "shanghai_2021_em_space_indents.txt")
    lines = document.text.split("\n")
    assert "一、2020年工作回顾" in lines and len(lines) >= 8
    records = extract_text(document.text, year=2021, region="上海市")
    assert not [r for r in records if isinstance(r, Target)]
    assert any(isinstance(r, Result) and r.value == 4.1 and r.year == 2020 for r in records)


def test_a_report_stored_on_one_line_with_plain_spaces_gets_its_paragraphs_back() -> None:
    """上海 2024 as the same dataset stores it (tests/fixtures/shanghai_2024_one_line.txt): one line, paragraphs joined
    by a single space. Every space between Chinese characters or after a sentence end is a lost break, so the
    review's "全市生产总值达到4.72万亿元，增长5%" is 2023's result and the targets paragraph under "二、2024年主要任务"
    gives the year's main targets. A text with a few spaces in lines of their own keeps them (seed 003, "政 府")."""
    document = load_document(FIXTURES / "shanghai_2024_one_line.txt")
    lines = document.text.split("\n")
    assert "一、2023年工作回顾" in lines and "二、2024年主要任务" in lines
    records = extract_text(document.text, year=2024, region="上海市")
    gdp = [
        (type(r).__name__, r.value, r.unit)
        for r in records
        if isinstance(r, Target | Result) and r.indicator_id == "gdp"
    ]
    assert ("Result", 4.72, "万亿元") in gdp and ("Result", 5.0, "%") in gdp
    headline = [(t.indicator_id, t.value, t.target_year) for t in records if isinstance(t, Target) and t.headline]
    assert ("gdp", 5.0, 2024) in headline and len(headline) >= 6
    assert "政 府" in load_document(SEED_003).text
