"""Heading tree, review/plan classification and plan years on the seeds."""

from __future__ import annotations

import itertools

from extractor.chunks import build_chunks
from extractor.doc_year import detect_year
from extractor.ingest import load_document
from extractor.sections import build_sections, section_at
from tests.conftest import FIXTURES, SEEDS


def _sections(name: str):
    document = load_document(next(SEEDS.glob(f"{name}_*.txt")))
    year = detect_year(document.text, document.title)
    return document, year, build_sections(document.text, year)


def test_five_year_review_five_year_plan_and_annual_plan_in_one_document() -> None:
    document, year, sections = _sections("003")
    assert year == 2022
    by_heading = {s.heading: s for s in sections}
    assert by_heading["一、过去五年工作回顾"].kind == "review"
    assert by_heading["二、今后五年发展目标任务"].kind == "plan"
    assert by_heading["二、今后五年发展目标任务"].year == 2026
    assert by_heading["三、2022年重点工作安排"].year == 2022
    nested = [s for s in sections if s.path[:1] == ["一、过去五年工作回顾"] and s.level == 2]
    assert len(nested) == 6 and all(s.kind == "review" for s in nested)
    review_offset = document.text.index("年均增长6.4%")
    assert section_at(sections, review_offset).kind == "review"


def test_plan_heading_gives_year_and_headline_section() -> None:
    _, year, sections = _sections("000")
    assert year == 2023
    plan = next(s for s in sections if s.heading == "二、2023年目标任务")
    assert plan.kind == "plan" and plan.year == 2023 and plan.headline
    child = next(s for s in sections if s.path[:1] == ["二、2023年目标任务"] and s.level == 2)
    assert child.year == 2023 and child.kind == "plan"


def test_numbered_and_lead_sentence_headings() -> None:
    _, _, sections = _sections("004")
    levels = {s.heading: s.level for s in sections}
    assert levels["1.坚定不移壮大实体经济"] == 3
    assert levels["加快推进产业升级"] == 4
    lead = next(s for s in sections if s.heading == "加快推进产业升级")
    assert lead.path == ["二、2023年工作安排", "1.坚定不移壮大实体经济", "加快推进产业升级"]


def test_year_from_title_when_text_only_says_this_year() -> None:
    _, year, _ = _sections("001")
    assert year == 2023


def test_year_unknown_when_the_report_never_states_it() -> None:
    _, year, _ = _sections("002")
    assert year is None


def test_spans_tile_the_text_and_chunks_stay_inside_sections() -> None:
    document, _, sections = _sections("003")
    assert sections[0].char_start == 0 and sections[-1].char_end == len(document.text)
    for left, right in itertools.pairwise(sections):
        assert left.char_end == right.char_start
    chunks = build_chunks(document, sections, max_chars=300)
    for chunk in chunks:
        assert document.text[chunk.char_start : chunk.char_end] == chunk.text
        owner = section_at(sections, chunk.char_start)
        assert chunk.char_end <= owner.char_end
        assert len(chunk.text) <= 300 or "。" not in chunk.text[:-1]
    assert "".join(c.text for c in chunks).replace("\n", "") == document.text.replace("\n", "")


def test_fixture_national_report_heading_year() -> None:
    document = load_document(FIXTURES / "national_2019_targets.txt")
    assert detect_year(document.text) == 2019
