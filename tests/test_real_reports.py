"""Any real report, any shape: no internal error, exact offsets, goals told from results, year and region.

The inputs are the seeds and the development corpus (tests/corpus: national, provincial, city and
county reports, digests, excerpts, HTML pages, traditional-script reprints), mangled the way
scrapers mangle them. Property tests run with a fixed, derandomised hypothesis profile so CI is
repeatable (tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor import Target, clean, extract_text
from extractor.doc_year import read_year
from extractor.errors import IngestError
from extractor.ingest import REPEATED_LINE_MIN_CHARS, REPEATED_LINES_MIN
from extractor.regions import detect_region
from extractor.run import collect_inputs
from tests.conftest import CORPUS, FIXTURES, SEEDS

DOCS = sorted((CORPUS / "docs").iterdir())
MANIFEST = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
SOURCES = [*sorted(SEEDS.glob("*.txt")), *DOCS]
_TO_TRADITIONAL = opencc.OpenCC("s2t")
FURNITURE = [
    "第3/118页",
    "上一篇：返回列表",
    "下一篇",
    "【打印】【关闭】",
    "分享到：微信 微博",
    "责任编辑：张三",
    "扫一扫在手机打开当前页",
]


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _records(raw: str, year: int | None = None) -> list:
    try:
        return extract_text(raw, year=year)
    except IngestError:
        return []  # a cut that leaves no report text is bad input, reported as such


def _grounded(raw: str, records: list) -> None:
    """Offsets recomputed from the cleaned text: the slice is the quote and holds the value as written."""
    if not records:
        return
    text = clean(raw).text
    for record in records:
        assert text[record.char_start : record.char_end] == record.quote
        if isinstance(record, Target) and record.value is not None and record.metric != "growth":
            written = {float(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", record.quote)}
            assert (
                record.value in written or not written or re.search(r"[一二两三四五六七八九十百千万亿]", record.quote)
            )


def _values(records: list) -> Counter[tuple[float | None, str | None]]:
    return Counter((r.value, r.unit) for r in records if isinstance(r, Target) and r.value is not None)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_real_document_is_processed_with_exact_offsets(path: Path) -> None:
    raw = _raw(path)
    _grounded(raw, _records(raw))


@given(source=st.sampled_from(SOURCES), data=st.data())
def test_mangled_layouts_never_raise_and_keep_offsets(source: Path, data: st.DataObject) -> None:
    raw = _raw(source)
    lines = raw.split("\n")
    how = data.draw(
        st.sampled_from(["join", "cut", "furniture", "duplicate", "drop", "traditional", "fullwidth", "wrap"])
    )
    if how == "join":
        mangled = "".join(lines)
    elif how == "wrap":
        mangled = _wrapped(raw, data.draw(st.integers(8, 120)), data.draw(st.booleans()))
    elif how == "cut":
        mangled = raw[: data.draw(st.integers(0, len(raw)))]
    elif how == "furniture":
        at = data.draw(st.integers(0, len(lines)))
        mangled = "\n".join([*lines[:at], data.draw(st.sampled_from(FURNITURE)), *lines[at:]])
    elif how == "duplicate":
        at = data.draw(st.integers(0, max(0, len(lines) - 1)))
        mangled = "\n".join([*lines[: at + 1], *lines[at:]])
    elif how == "drop":
        at = data.draw(st.integers(0, max(0, len(lines) - 1)))
        mangled = "\n".join(lines[:at] + lines[at + 1 :])
    elif how == "traditional":
        mangled = _TO_TRADITIONAL.convert(raw)
    else:
        mangled = raw.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789%"})
    _grounded(mangled, _records(mangled))


@given(source=st.sampled_from(SOURCES), at=st.integers(0, 10_000), line=st.sampled_from(FURNITURE))
def test_furniture_and_widths_do_not_change_the_targets(source: Path, at: int, line: str) -> None:
    """Only the layout changed, so the same values are found."""
    raw = _raw(source)
    lines = raw.split("\n")
    position = at % (len(lines) + 1)
    year = read_year(clean(raw).text).year
    original = _values(_records(raw, year))
    assert _values(_records("\n".join([*lines[:position], line, *lines[position:]]), year)) == original
    wide = raw.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert _values(_records(wide, year)) == original


@given(source=st.sampled_from(SOURCES), line=st.sampled_from(FURNITURE))
def test_a_page_holding_the_report_twice_reads_as_the_report_once(source: Path, line: str) -> None:
    """Some pages hold the whole report twice (河北省 2001–2025 on hebei.gov.cn: a print view below the page): the
    copy's paragraphs are dropped, every paragraph of the report stays (the last may run on into the page's
    furniture), and so no target is read twice. A report needs three paragraphs of 40 characters to be told
    from a digest that repeats one sentence."""
    raw = _raw(source)
    once = clean(raw).text.split("\n")
    paragraphs = [p for p in once if len(p) >= REPEATED_LINE_MIN_CHARS]
    twice = Counter(clean(f"{raw}\n{line}\n{raw}").text.split("\n"))
    if len(set(paragraphs)) >= REPEATED_LINES_MIN:
        assert not [p for p in paragraphs if twice[p] > 1]
        assert all(twice[p] == 1 for p in paragraphs[:-1])


def test_a_term_set_apart_on_its_own_line_and_a_print_copy_are_mended() -> None:
    """河北 2006 as hebei.gov.cn serves it (tests/fixtures/hebei_2006_print_copy.txt): a linked term breaks its
    sentence into three lines ("省委六届八" / "次全会" / "通过的《中共河北省委…"), and the page repeats the report
    below itself. The sentence is one line again, and each paragraph is read once."""
    text = clean((FIXTURES / "hebei_2006_print_copy.txt").read_text(encoding="utf-8")).text
    lines = text.split("\n")
    assert any(
        line.startswith("从今年开始,我省将实施第十一个五年规划。省委六届八次全会通过的《中共河北省委") for line in lines
    )
    assert "次全会" not in lines
    assert sum(1 for line in lines if line.startswith("从今年开始")) == 1
    assert sum(1 for line in lines if line.startswith("一、“十五”时期")) == 1
    assert sum(1 for line in lines if line.startswith("综合实力上了一个大台阶")) == 1


def _wrapped(raw: str, width: int, columns: bool) -> str:
    """Every line cut at ``width`` characters, or at ``width`` display columns (Chinese characters count
    two), as PDF extraction and some pages cut them."""

    def size(char: str) -> int:
        return 2 if columns and unicodedata.east_asian_width(char) in "WF" else 1

    out = []
    for line in raw.split("\n"):
        current, used = "", 0
        for char in line:
            if used + size(char) > width and current:
                out.append(current)
                current, used = "", 0
            current += char
            used += size(char)
        out.append(current)
    return "\n".join(out)


LAID_OUT = [p for p in SOURCES if p.stat().st_size > 3000 and p.suffix == ".txt" and "\n" in _raw(p).strip()]
"""Reports stored with their line breaks: one stored as a single line (上海 2020 and 2021 as a dataset keeps them) has
no layout a page could wrap; its own test is the em-space one in tests/test_ingest.py."""


@pytest.mark.parametrize("path", LAID_OUT, ids=lambda p: p.name)
def test_a_hard_wrapped_text_keeps_its_targets(path: Path) -> None:
    """Lines cut at a fixed width (38 characters; 70 display columns) are joined back into paragraphs, so
    sentences, clauses and numbers ("固定资产投资增\n长11.5%") are read whole; without that a wrapped corpus lost
    half its targets (F1 0.57) and most headline ones (0.27)."""
    raw = _raw(path)
    year = read_year(clean(raw).text).year
    original = _values(_records(raw, year))
    for width, columns, paged in ((38, False, False), (70, True, False), (38, False, True), (38, False, None)):
        lines = _wrapped(raw, width, columns).split("\n")
        if paged is None:  # double-spaced, as some pages are: a blank line after every line
            lines = [part for line in lines for part in (line, "")]
        elif paged:  # a page number every 30 lines, as PDF extraction leaves them ("- 3 -")
            lines = [
                part
                for i, line in enumerate(lines)
                for part in ([line, f"- {i // 30 + 1} -"] if i % 30 == 29 else [line])
            ]
        wrapped = _values(_records("\n".join(lines), year))
        if original:
            kept = sum((original & wrapped).values()) / sum(original.values())
            assert kept >= 0.95, f"{kept:.2f} of the targets kept at width {width}, page numbers: {paged}"


@pytest.mark.parametrize("path", [p for p in SOURCES if p.stat().st_size > 3000], ids=lambda p: p.name)
def test_one_long_line_keeps_most_targets(path: Path) -> None:
    """A page scraped into one line loses its headings; the clause-level reading keeps the goals."""
    raw = _raw(path)
    year = read_year(clean(raw).text).year
    original = _values(_records(raw, year))
    joined = _values(_records(raw.replace("\n", ""), year))
    if original:
        kept = sum((original & joined).values()) / sum(original.values())
        assert kept >= 0.8, f"{kept:.2f} of the targets kept"


def test_results_and_estimates_are_not_targets_wherever_they_stand() -> None:
    # A digest: the 2018 results follow "2018年涪城全区经济社会发展取得显著成效。" without any heading.
    fucheng = extract_text(_raw(CORPUS / "docs" / "county_fucheng_2019_traditional.txt"))
    assert not [r for r in fucheng if isinstance(r, Target) and r.value in (379.95, 207.11, 9.3)]
    assert {r.value for r in fucheng if isinstance(r, Target) and r.indicator_id == "gdp"} == {9.0}  # the 2019 goal
    # "…GDP有望突破3000亿元", "预计增长8%以上": estimates of the year just ended.
    for name in ("prefecture_huanggang_2024_traditional.txt", "prefecture_mianyang_2024_digest.txt"):
        assert not [r for r in extract_text(_raw(CORPUS / "docs" / name)) if isinstance(r, Target)]


def test_five_year_goals_are_targets_for_their_end_year_not_retrospective() -> None:
    records = extract_text(_raw(SEEDS / "003_4a606b2b17229643.txt"))
    five_year = [r for r in records if isinstance(r, Target) and r.indicator_id == "rd_intensity" and r.value == 3.4]
    assert five_year and five_year[0].target_year == 2026
    assert "RETROSPECTIVE" not in {f.code for f in five_year[0].flags}
    # The 2026 Hebei report's review of 2021–2025 ("从2020年的3.68万亿元增长到2025年的4.93万亿元") is past.
    hebei = extract_text(_raw(CORPUS / "docs" / "province_hebei_2026_full.txt"))
    assert not [r for r in hebei if isinstance(r, Target) and r.value in (4.93, 4398.6)]


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: Path(e["file"]).name)
def test_region_is_right_or_explicitly_unknown(entry: dict) -> None:
    text = clean(_raw(CORPUS / entry["file"])).text
    reading = detect_region(text, entry["plan_year"])
    if reading.region is None:
        assert reading.reason  # a warning that says why, never a silent gap
    else:
        assert reading.region.name == entry["region"], reading


def test_year_and_region_accuracy_on_the_corpus() -> None:
    years = regions = 0
    for entry in MANIFEST:
        text = clean(_raw(CORPUS / entry["file"])).text
        year = read_year(text).year
        years += year == entry["plan_year"]
        found = detect_region(text, year).region
        regions += found is not None and found.name == entry["region"]
    assert years / len(MANIFEST) >= 0.80 and regions / len(MANIFEST) >= 0.80, (years, regions, len(MANIFEST))


LAWTEXT = FIXTURES / "lawtext"
"""Whole reports of provinces and cities from 1998 to 2023 that read wrongly before (tests/fixtures/README.md)."""
LAWTEXT_EXPECTED = {
    "gansu_2012": (2012, "甘肃省"),  # 资本市场 is no 本市: the province's voice, not its capital's
    "gansu_2015": (2015, "甘肃省"),
    "gansu_2020": (2020, "甘肃省"),  # "…参加全国两会甘肃代表团审议" in its opening: not the national report
    "neimenggu_2014": (2014, "内蒙古自治区"),  # "——二0一四年一月十五日在…": a zero among the numerals
    "neimenggu_2023": (2023, None),  # "…参加全国人民代表大会内蒙古代表团审议": not the nation's; no name dominates
    "lanzhou_2012": (2012, "兰州市"),  # "2011年11月15日在兰州市…": a November congress plans the next year
    "ningbo_1998": (1998, "宁波市"),  # a congress line of the 1990s
    "ningbo_2010": (2010, "宁波市"),  # "一、2009年的主要工作" reviews, "二、2010年工作的总体要求" plans
    "zhejiang_2014": (2014, "浙江省"),  # "一、2013年主要工作", "二、2014年工作总体要求"
    "hainan_2007": (2007, "海南省"),  # "一、2006年的主要工作" is its only year heading: the review
    "henan_2020": (2020, "河南省"),  # "…参加十三届全国人大二次会议河南代表团审议" is no NPC session of its own
    "haerbin_2003": (2003, "哈尔滨市"),  # "2002年12月28日在哈尔滨市十二届人大一次会议上"
    "guizhou_2008": (2008, "贵州省"),  # "三、2008年政府工作的目标和重点"
}


@pytest.mark.parametrize("name", sorted(LAWTEXT_EXPECTED))
def test_year_and_region_of_reports_read_wrongly_before(name: str) -> None:
    text = clean(_raw(LAWTEXT / f"{name}.txt")).text
    year, region = LAWTEXT_EXPECTED[name]
    assert read_year(text).year == year
    found = detect_region(text, year)
    assert (found.region.name if found.region else None) == region, found
    if region is None:
        assert found.reason and found.region is None  # unknown, said so: never 全国 for a region's report


def test_common_words_are_not_counties() -> None:
    """合作, 资源, 和平 and 示范县 name counties only by accident; a national report is the nation's."""
    for entry in MANIFEST:
        if entry["level"] == "national":
            found = detect_region(clean(_raw(CORPUS / entry["file"])).text, entry["plan_year"]).region
            assert found is None or found.level == "national"
    text = "深化区域合作,节约资源,维护和平,建设示范县。" * 5
    assert detect_region(text, 2023).region is None


def test_run_outputs_and_data_files_are_not_read_as_reports(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "report.txt").write_text(_raw(SEEDS / "004_198e591ce9b795be.txt"), encoding="utf-8")
    for name in ("targets.csv", "items.jsonl", "notes.md", "summary.json"):
        (inputs / name).write_text("x", encoding="utf-8")
    run = inputs / "runs" / "old"
    run.mkdir(parents=True)
    (run / "run.sqlite").write_bytes(b"")
    (run / "targets.csv").write_text("x", encoding="utf-8")
    found = collect_inputs([inputs], out=inputs / "runs" / "new")
    assert [p.name for p in found.files] == ["report.txt"]
    assert {p.name for p, _ in found.skipped} >= {"targets.csv", "items.jsonl", "notes.md", "summary.json", "old"}
