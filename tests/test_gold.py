"""Sanity tests for the hand-made gold annotations in tests/gold/.

The gold files are the human reference the extractor is scored against (see docs/annotation.md),
so these tests check the annotations themselves, not the extractor: every record is well formed,
every quote is a verbatim clause of its seed's cleaned text, every number is written in its quote,
and the fields agree with each other the way the guideline says they must.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from extractor.ingest import load_document

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.gold

GOLD_DIR = ROOT / "tests" / "gold"
SEED_DIR = ROOT / "seeds"
VOCAB = ROOT / "schemas" / "indicators.json"

TARGET_FIELDS = {
    "source_file",
    "kind",
    "indicator",
    "indicator_id",
    "metric",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "bound",
    "direction",
    "modality",
    "target_year",
    "headline",
    "quote",
}
PROJECT_FIELDS = {
    "source_file",
    "kind",
    "name",
    "stage",
    "stage_raw",
    "group_count",
    "target_year",
    "quote",
}
METRICS = {"growth", "level", "share", "change_pp", "count", "relative", "delegated"}
BOUNDS = {"point", "around", "at_least", "at_most", "range"}
DIRECTIONS = {"increase", "decrease", "maintain"}
MODALITIES = {None, "ensure", "strive"}
STAGES = {"planning", "signed", "start", "ongoing", "complete", "operate"}

# Bound words and the bound they imply (docs/annotation.md, "Qualifier and bound").
QUALIFIER_BOUND = {
    "以上": "at_least",
    "不低于": "at_least",
    "不少于": "at_least",
    "之上": "at_least",
    "超": "at_least",
    "超过": "at_least",
    "突破": "at_least",
    "左右": "around",
    "以内": "at_most",
    "以下": "at_most",
    "不超过": "at_most",
    "内": "at_most",
    "最多": "at_most",
    "前": "at_most",
}
MODAL_WORDS = {"ensure": ("确保", "必须"), "strive": ("力争", "争取", "努力", "争创")}
DECREASE_WORDS = ("下降", "降低", "缩小", "减少", "只减不增", "双下降")
MAINTAIN_WORDS = ("保持", "稳定在", "继续")
# Plan years per seed (docs/annotation.md, "Target year").
EXPECTED_YEARS = {
    "000_2521081b26323744.txt": {2023},
    "001_332ad4d155dc2366.txt": {2023},
    "002_d348ae63c4c8d8c9.txt": {2024},
    "003_4a606b2b17229643.txt": {2022, 2026},
    "004_198e591ce9b795be.txt": {2023},
}
# A line holding one of these is a main-targets paragraph; its records are the headline ones.
HEADLINE_MARKERS = ("主要预期目标", "主要预期指标", "主要目标是", "主要目标为")
CLAUSE_PUNCT = set("，,；;。：:！!？?")


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.jsonl"))


@cache
def load_gold(path: Path) -> list[dict]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{number}: blank line"
        records.append(json.loads(line))
    return records


def all_records() -> list[tuple[str, dict]]:
    out = []
    for path in gold_files():
        for number, record in enumerate(load_gold(path), 1):
            out.append((f"{path.name}:{number}", record))
    return out


RECORDS = all_records()
RECORD_IDS = [rid for rid, _ in RECORDS]


@cache
def raw_text(source_file: str) -> str:
    """The seed as a human reads it: tags removed, line structure kept."""
    text = (SEED_DIR / source_file).read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", text)


@cache
def cleaned_text(source_file: str) -> str:
    return load_document(SEED_DIR / source_file).text


@cache
def vocabulary_ids() -> set[str]:
    data = json.loads(VOCAB.read_text(encoding="utf-8"))
    return {entry["id"] for entry in data["indicators"]}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def is_clause_in(quote: str, text: str) -> bool:
    """True when ``quote`` occurs in ``text`` as a whole clause (the quote convention)."""
    for match in re.finditer(re.escape(quote), text):
        start, end = match.span()
        before = start - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        left_ok = before < 0 or text[before] == "\n" or text[before] in CLAUSE_PUNCT
        right_ok = end == len(text) or text[end] == "\n" or text[end] in CLAUSE_PUNCT
        if left_ok and right_ok:
            return True
    return False


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def value_written_in(value: float, unit: str | None, quote: str) -> bool:
    """The value is written in the quote: as digits, or as a plain Chinese magnitude word.

    Digits must stand alone (6.5 is not found inside 16.5 or 6.55). Chinese forms are accepted only
    in the few shapes the guideline allows: 千亿元 → 1000 亿元, 万亿元 → 10000 亿元, a bare unit with
    an implicit one (突破亿吨 → 1 亿吨) and 翻番 → growth 100 %.
    """
    quote = fold(quote)
    digits = number_text(value)
    if re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d.])", quote):
        return True
    if unit:
        if value == 1000 and f"千{unit}" in quote:
            return True
        if value == 10000 and f"万{unit}" in quote:
            return True
        if value == 1 and re.search(rf"(?<![\d一二两三四五六七八九十百千万.]){re.escape(unit)}", quote):
            return True
    return bool(value == 100 and unit == "%" and ("翻番" in quote or "翻一番" in quote))


def sentence_around(quote: str, text: str) -> str:
    """The sentence (up to 。；!? or a line break) holding the first clause occurrence of quote."""
    index = text.find(quote)
    start = max(text.rfind(ch, 0, index) for ch in "。；;！!？?\n") + 1
    ends = [text.find(ch, index + len(quote)) for ch in "。；;！!？?\n"]
    ends = [e for e in ends if e != -1]
    end = min(ends) if ends else len(text)
    return text[start:end]


# --- (a) every line parses and has the required fields with allowed values -------------------


def test_gold_files_exist_for_every_seed() -> None:
    seeds = {path.name for path in SEED_DIR.glob("*.txt")}
    stems = {path.stem + ".txt" for path in gold_files()}
    assert seeds, "no seeds found"
    assert stems == seeds, f"gold files and seeds differ: {sorted(stems ^ seeds)}"


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_every_line_parses(path: Path) -> None:
    records = load_gold(path)
    assert records, f"{path.name} is empty"
    for record in records:
        assert isinstance(record, dict)
        assert record["source_file"] == path.stem + ".txt", "record filed under the wrong gold file"


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_record_fields(rid: str, record: dict) -> None:
    assert (SEED_DIR / record["source_file"]).is_file(), f"{rid}: no such seed"
    assert record["kind"] in {"target", "project"}
    expected = TARGET_FIELDS if record["kind"] == "target" else PROJECT_FIELDS
    assert set(record) == expected, f"{rid}: fields differ by {sorted(set(record) ^ expected)}"
    assert isinstance(record["target_year"], int)
    assert record["target_year"] in EXPECTED_YEARS[record["source_file"]]
    quote = record["quote"]
    assert isinstance(quote, str) and quote == quote.strip() and quote
    assert "\n" not in quote, "a quote never spans two lines"
    assert not (quote[0] in CLAUSE_PUNCT or quote[-1] in CLAUSE_PUNCT), "quote keeps its punctuation"

    if record["kind"] == "target":
        assert isinstance(record["indicator"], str) and record["indicator"]
        assert record["indicator_id"] in vocabulary_ids() | {"other"}, record["indicator_id"]
        assert record["metric"] in METRICS
        assert record["bound"] in BOUNDS
        assert record["direction"] in DIRECTIONS
        assert record["modality"] in MODALITIES
        assert isinstance(record["headline"], bool)
        for key in ("value", "value_high"):
            assert record[key] is None or isinstance(record[key], (int, float))
        assert record["unit"] is None or (isinstance(record["unit"], str) and record["unit"])
        assert record["qualifier"] is None or record["qualifier"] in QUALIFIER_BOUND
    else:
        assert isinstance(record["name"], str) and record["name"]
        assert record["stage"] in STAGES
        assert isinstance(record["stage_raw"], str) and record["stage_raw"]
        count = record["group_count"]
        assert count is None or (isinstance(count, int) and count > 1)


# --- (b) every quote is a verbatim clause of its seed -----------------------------------------


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_quote_is_a_clause_of_the_raw_seed(rid: str, record: dict) -> None:
    assert is_clause_in(record["quote"], raw_text(record["source_file"])), (
        f"{rid}: quote is not a whole clause of the (tag-stripped) seed: {record['quote']}"
    )


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_quote_is_a_clause_of_the_cleaned_text(rid: str, record: dict) -> None:
    text = cleaned_text(record["source_file"])
    assert record["quote"] in text, f"{rid}: quote not in the cleaned text: {record['quote']}"
    assert is_clause_in(record["quote"], text), f"{rid}: quote is not a whole clause"


# --- (c) numbers, units and bound words are written in the quote -------------------------------


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_target_value_is_written_in_quote(rid: str, record: dict) -> None:
    if record["kind"] != "target":
        return
    metric, value, high = record["metric"], record["value"], record["value_high"]
    if metric in {"relative", "delegated"}:
        assert value is None and high is None, f"{rid}: {metric} targets carry no value"
        assert record["unit"] is None and record["qualifier"] is None
        return
    assert value is not None, f"{rid}: a {metric} target needs a value"
    assert value_written_in(value, record["unit"], record["quote"]), (
        f"{rid}: value {value} not written in: {record['quote']}"
    )
    if high is not None:
        assert value_written_in(high, record["unit"], record["quote"]), f"{rid}: value_high"
    doubling = "翻番" in record["quote"] or "翻一番" in record["quote"]
    if record["unit"] is not None and not doubling:
        assert record["unit"] in fold(record["quote"]) or record["unit"] in record["quote"], (
            f"{rid}: unit {record['unit']} not in quote"
        )
    if metric == "change_pp":
        assert record["unit"] == "个百分点"
    if metric in {"growth", "share"}:
        assert record["unit"] in {"%", "‰"}, f"{rid}: {metric} in {record['unit']}"


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_qualifier_bound_and_direction_agree(rid: str, record: dict) -> None:
    if record["kind"] != "target":
        return
    qualifier, bound = record["qualifier"], record["bound"]
    if record["value_high"] is not None:
        assert bound == "range" and record["value_high"] > record["value"], rid
    elif qualifier is None:
        assert bound == "point", f"{rid}: no bound word, so bound must be point"
    else:
        assert qualifier in record["quote"], f"{rid}: qualifier {qualifier} not in quote"
        assert bound == QUALIFIER_BOUND[qualifier], f"{rid}: {qualifier} means {QUALIFIER_BOUND[qualifier]}"
    if record["direction"] == "decrease":
        assert any(word in record["quote"] for word in DECREASE_WORDS), rid
    if record["direction"] == "maintain":
        assert any(word in record["quote"] for word in MAINTAIN_WORDS), rid


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_modality_word_governs_the_quote(rid: str, record: dict) -> None:
    if record["kind"] != "target" or record["modality"] is None:
        return
    text = raw_text(record["source_file"])
    sentence = sentence_around(record["quote"], text)
    head = sentence[: sentence.find(record["quote"]) + len(record["quote"])]
    words = MODAL_WORDS[record["modality"]]
    assert any(word in head for word in words), (
        f"{rid}: no {'/'.join(words)} before the record in its sentence: {sentence}"
    )


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_project_name_stage_and_group_in_quote(rid: str, record: dict) -> None:
    if record["kind"] != "project":
        return
    quote = record["quote"]
    assert record["name"] in quote, f"{rid}: name not in quote"
    for piece in record["stage_raw"].split("…"):
        assert piece and piece in quote, f"{rid}: stage word {piece!r} not in quote"
    if record["group_count"] is not None:
        assert f"等{record['group_count']}个" in quote, f"{rid}: group_count not written as 等N个"


# --- (d) headline targets ---------------------------------------------------------------------


def seed_has_main_targets_paragraph(source_file: str) -> bool:
    return any(marker in raw_text(source_file) for marker in HEADLINE_MARKERS)


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_headline_targets_present_when_the_seed_has_a_main_targets_paragraph(path: Path) -> None:
    records = load_gold(path)
    headline = [r for r in records if r["kind"] == "target" and r["headline"]]
    source = path.stem + ".txt"
    if seed_has_main_targets_paragraph(source):
        assert headline, f"{path.name}: the seed states main targets but no record is headline"
    else:
        # 001 is an excerpt of the work arrangements without the 主要预期目标 paragraph.
        assert not headline, f"{path.name}: headline records but no main-targets paragraph"


def test_most_seeds_have_headline_targets() -> None:
    with_headline = [
        path.name for path in gold_files() if any(r["kind"] == "target" and r["headline"] for r in load_gold(path))
    ]
    assert len(with_headline) >= 4, with_headline


@pytest.mark.parametrize(("rid", "record"), RECORDS, ids=RECORD_IDS)
def test_headline_flag_matches_the_paragraph(rid: str, record: dict) -> None:
    if record["kind"] != "target":
        return
    lines = [line for line in raw_text(record["source_file"]).split("\n") if record["quote"] in line]
    in_main = [any(marker in line for marker in HEADLINE_MARKERS) for line in lines]
    if record["headline"]:
        assert any(in_main), f"{rid}: headline record outside the main-targets paragraph"
    else:
        assert not all(in_main), f"{rid}: record from the main-targets paragraph must be headline"


# --- whole-file checks --------------------------------------------------------------------------


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_no_duplicate_records(path: Path) -> None:
    seen = set()
    for record in load_gold(path):
        if record["kind"] == "target":
            key = ("t", record["quote"], record["indicator"], record["value"], record["value_high"])
        else:
            key = ("p", record["quote"], record["name"])
        assert key not in seen, f"{path.name}: duplicate record {key}"
        seen.add(key)


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_grouped_projects_come_with_their_count_target(path: Path) -> None:
    """ "A、B等83个重大项目" gives projects A and B and a count target 83 个 with the same quote."""
    records = load_gold(path)
    counts = {(r["quote"], r["value"]) for r in records if r["kind"] == "target" and r["metric"] == "count"}
    for record in records:
        if record["kind"] == "project" and record["group_count"] is not None:
            assert (record["quote"], record["group_count"]) in counts, (
                f"{path.name}: no count target for {record['name']} (等{record['group_count']}个)"
            )
