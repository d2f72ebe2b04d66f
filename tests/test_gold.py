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


RECORDS_ALL = [record for _, record in all_records()]


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


# --- checks of one record: each returns the problems it finds, never returns early unseen -------


def field_problems(record: dict) -> list[str]:
    problems = []
    if not (SEED_DIR / str(record.get("source_file"))).is_file():
        return ["no such seed"]
    if record.get("kind") not in {"target", "project"}:
        return [f"kind {record.get('kind')!r}"]
    expected = TARGET_FIELDS if record["kind"] == "target" else PROJECT_FIELDS
    if set(record) != expected:
        return [f"fields differ by {sorted(set(record) ^ expected)}"]
    if not isinstance(record["target_year"], int) or record["target_year"] not in EXPECTED_YEARS[record["source_file"]]:
        problems.append(f"target_year {record['target_year']!r}")
    quote = record["quote"]
    if not (isinstance(quote, str) and quote and quote == quote.strip()):
        return [*problems, "quote empty or padded"]
    if "\n" in quote:
        problems.append("a quote never spans two lines")
    if quote[0] in CLAUSE_PUNCT or quote[-1] in CLAUSE_PUNCT:
        problems.append("quote keeps its punctuation")
    if record["kind"] == "target":
        if not (isinstance(record["indicator"], str) and record["indicator"]):
            problems.append("indicator empty")
        if record["indicator_id"] not in vocabulary_ids() | {"other"}:
            problems.append(f"indicator_id {record['indicator_id']!r}")
        for key, allowed in (
            ("metric", METRICS),
            ("bound", BOUNDS),
            ("direction", DIRECTIONS),
            ("modality", MODALITIES),
        ):
            if record[key] not in allowed:
                problems.append(f"{key} {record[key]!r}")
        if not isinstance(record["headline"], bool):
            problems.append("headline not a boolean")
        for key in ("value", "value_high"):
            if not (record[key] is None or isinstance(record[key], (int, float))):
                problems.append(f"{key} {record[key]!r}")
        if not (record["unit"] is None or (isinstance(record["unit"], str) and record["unit"])):
            problems.append(f"unit {record['unit']!r}")
        if not (record["qualifier"] is None or record["qualifier"] in QUALIFIER_BOUND):
            problems.append(f"qualifier {record['qualifier']!r}")
    else:
        if not (isinstance(record["name"], str) and record["name"]):
            problems.append("name empty")
        if record["stage"] not in STAGES:
            problems.append(f"stage {record['stage']!r}")
        if not (isinstance(record["stage_raw"], str) and record["stage_raw"]):
            problems.append("stage_raw empty")
        count = record["group_count"]
        if not (count is None or (isinstance(count, int) and count > 1)):
            problems.append(f"group_count {count!r}")
    return problems


def quote_problems(record: dict) -> list[str]:
    """Every quote is a verbatim clause of its seed, as read (tags stripped) and as cleaned."""
    problems = []
    if not is_clause_in(record["quote"], raw_text(record["source_file"])):
        problems.append("quote is not a whole clause of the (tag-stripped) seed")
    text = cleaned_text(record["source_file"])
    if record["quote"] not in text:
        problems.append("quote not in the cleaned text")
    elif not is_clause_in(record["quote"], text):
        problems.append("quote is not a whole clause of the cleaned text")
    return problems


def target_value_problems(record: dict) -> list[str]:
    """Numbers, units and bound words are written in the quote; the fields agree with each other."""
    problems = []
    metric, value, high, quote = record["metric"], record["value"], record["value_high"], record["quote"]
    if metric in {"relative", "delegated"}:
        if value is not None or high is not None or record["unit"] is not None or record["qualifier"] is not None:
            problems.append(f"{metric} targets carry no value, unit or qualifier")
    elif value is None:
        problems.append(f"a {metric} target needs a value")
    else:
        if not value_written_in(value, record["unit"], quote):
            problems.append(f"value {value} not written in the quote")
        if high is not None and not value_written_in(high, record["unit"], quote):
            problems.append(f"value_high {high} not written in the quote")
        doubling = "翻番" in quote or "翻一番" in quote
        if record["unit"] is not None and not doubling and record["unit"] not in fold(quote):
            problems.append(f"unit {record['unit']} not in quote")
        if metric == "change_pp" and record["unit"] != "个百分点":
            problems.append("a change_pp target is in 个百分点")
        if metric in {"growth", "share"} and record["unit"] not in {"%", "‰"}:
            problems.append(f"{metric} in {record['unit']}")
    qualifier, bound = record["qualifier"], record["bound"]
    if high is not None:
        if bound != "range" or value is None or high <= value:
            problems.append("two values: bound range and value_high above value")
    elif qualifier is None:
        if bound != "point":
            problems.append("no bound word, so bound must be point")
    else:
        if qualifier not in quote:
            problems.append(f"qualifier {qualifier} not in quote")
        if bound != QUALIFIER_BOUND[qualifier]:
            problems.append(f"{qualifier} means {QUALIFIER_BOUND[qualifier]}")
    if record["direction"] == "decrease" and not any(word in quote for word in DECREASE_WORDS):
        problems.append("decrease without a decrease word")
    if record["direction"] == "maintain" and not any(word in quote for word in MAINTAIN_WORDS):
        problems.append("maintain without a maintain word")
    return problems


def modality_problems(record: dict) -> list[str]:
    if record["modality"] is None:
        return []
    sentence = sentence_around(record["quote"], raw_text(record["source_file"]))
    head = sentence[: sentence.find(record["quote"]) + len(record["quote"])]
    words = MODAL_WORDS[record["modality"]]
    return [] if any(w in head for w in words) else [f"no {'/'.join(words)} before the record in: {sentence}"]


def headline_problems(record: dict) -> list[str]:
    lines = [line for line in raw_text(record["source_file"]).split("\n") if record["quote"] in line]
    in_main = [any(marker in line for marker in HEADLINE_MARKERS) for line in lines]
    if record["headline"] and not any(in_main):
        return ["headline record outside the main-targets paragraph"]
    if not record["headline"] and in_main and all(in_main):
        return ["record from the main-targets paragraph must be headline"]
    return []


def project_problems(record: dict) -> list[str]:
    quote = record["quote"]
    problems = [] if record["name"] in quote else ["name not in quote"]
    problems += [f"stage word {p!r} not in quote" for p in record["stage_raw"].split("…") if not p or p not in quote]
    if record["group_count"] is not None and f"等{record['group_count']}个" not in quote:
        problems.append("group_count not written as 等N个")
    return problems


def record_problems(record: dict) -> list[str]:
    """Every problem of one gold record; checks that need well-formed fields run only when they are."""
    problems = field_problems(record)
    if problems:
        return problems
    problems = quote_problems(record)
    if record["kind"] == "target":
        problems += target_value_problems(record) + modality_problems(record) + headline_problems(record)
    else:
        problems += project_problems(record)
    return problems


# --- one test per gold file: every violation of every record, listed -----------------------------


def test_gold_files_exist_for_every_seed() -> None:
    seeds = {path.name for path in SEED_DIR.glob("*.txt")}
    stems = {path.stem + ".txt" for path in gold_files()}
    assert seeds, "no seeds found"
    assert stems == seeds, f"gold files and seeds differ: {sorted(stems ^ seeds)}"


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_every_record_of_the_gold_file_follows_the_guideline(path: Path) -> None:
    records = load_gold(path)
    assert len(records) >= 10, f"{path.name} has only {len(records)} records"
    problems = []
    for number, record in enumerate(records, 1):
        if record.get("source_file") != path.stem + ".txt":
            problems.append(f"{number}: filed under the wrong gold file")
            continue
        problems += [f"{number}: {p}  «{record.get('quote')}»" for p in record_problems(record)]
    assert not problems, "\n".join(problems)


def test_the_record_checks_find_what_they_look_for() -> None:
    """Each check reports a record broken the way it looks for (so an empty list above means something)."""
    target = next(r for r in RECORDS_ALL if r["kind"] == "target" and r["qualifier"] == "以上" and r["modality"])
    project = next(r for r in RECORDS_ALL if r["kind"] == "project" and r["group_count"])
    assert record_problems(target) == [] and record_problems(project) == []
    broken = {
        "value": {**target, "value": 987.0},
        "bound": {**target, "bound": "at_most"},
        "quote": {**target, "quote": target["quote"] + "不存在"},
        "modality": {**target, "modality": "ensure" if target["modality"] == "strive" else "strive"},
        "headline": {**target, "headline": not target["headline"]},
        "fields": {**target, "extra": 1},
        "name": {**project, "name": "不存在的项目"},
        "group": {**project, "group_count": project["group_count"] + 1},
    }
    for label, record in broken.items():
        assert record_problems(record), label


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


def seed_has_main_targets_paragraph(source_file: str) -> bool:
    return any(marker in raw_text(source_file) for marker in HEADLINE_MARKERS)


def test_most_seeds_have_headline_targets() -> None:
    with_headline = [
        path.name for path in gold_files() if any(r["kind"] == "target" and r["headline"] for r in load_gold(path))
    ]
    assert len(with_headline) >= 4, with_headline


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
    grouped = [r for r in records if r["kind"] == "project" and r["group_count"] is not None]
    missing = [r["name"] for r in grouped if (r["quote"], r["group_count"]) not in counts]
    assert not missing, f"{path.name}: no count target for {missing}"
