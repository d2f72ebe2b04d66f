"""The guideline and the code share one vocabulary: every bound word and stage word the annotators
decide (docs/annotation.md 3.6 and 4.2) is known to extractor/genre.py with the same meaning, and
genre.py knows no word the guideline does not list."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from extractor import genre
from extractor.ingest import load_document

GUIDELINE = (Path(__file__).resolve().parent.parent / "docs/annotation.md").read_text(encoding="utf-8")


def _table(heading: str) -> list[list[str]]:
    """Rows (cells) of the first table after ``heading``."""
    section = GUIDELINE[GUIDELINE.index(heading) :]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if not set(cells[0]) <= {"-"}:
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header


def _words(cell: str) -> list[str]:
    """Listed words of a cell: "前期 (扎实推进…前期, 深化…前期), 纳入" → 前期, 纳入."""
    return [w.strip() for w in re.sub(r"\([^)]*\)", "", cell).split(",") if w.strip()]


def test_every_bound_word_of_the_guideline_is_known_with_its_bound_and_vice_versa() -> None:
    table = {word: row[1] for row in _table("### 3.6 Qualifier and bound") for word in _words(row[0]) if word != "none"}
    table.pop("(two numbers)", None)
    assert table, "the guideline's qualifier table was not found"
    assert {w: genre.BOUND_OF_QUALIFIER.get(w) for w in table} == table
    assert set(genre.BOUND_OF_QUALIFIER) == set(table)
    assert set(genre.QUALIFIERS_BEFORE) | set(genre.QUALIFIERS_AFTER) == set(table)


def test_every_stage_word_of_the_guideline_names_its_stage_and_vice_versa() -> None:
    rows = _table("### 4.2 Stage")
    table = {word: row[0] for row in rows for word in _words(row[1])}
    assert len(table) > 40
    assert {w: genre.stage_named(w) for w in table} == table
    known = {word for word, _ in genre.ALL_STAGE_WORDS}
    assert known <= set(table), f"genre.py words missing from the guideline: {sorted(known - set(table))}"


PROMPT = (Path(__file__).resolve().parent.parent / "prompts/system.md").read_text(encoding="utf-8")


def test_every_ruling_of_the_guideline_is_in_the_prompt_with_its_reading() -> None:
    """docs/annotation.md section 8: each example is quoted on a prompt line that names every field value
    of its reading, so the prompt and the guideline cannot drift apart."""
    rows = _table("## 8. Decisions the model prompt carries")
    assert len(rows) >= 15
    lines = PROMPT.splitlines()
    for decision, example, reading in rows:
        quoting = [line for line in lines if f"“{example}”" in line]
        assert quoting, f"the prompt does not quote the {decision} example «{example}»"
        for part in (p.strip() for p in reading.split(";")):
            words = part.split(" ", 1)
            assert any(all(w in line for w in words) for line in quoting), f"{decision}: «{part}» not in the prompt"


def test_the_rulings_examples_are_real_report_text() -> None:
    """The examples are copied from the seeds or the development corpus, not written to fit."""
    root = Path(__file__).resolve().parent.parent
    paths = [*(root / "seeds").glob("*.txt"), *(root / "tests/corpus/docs").iterdir()]
    texts = [unicodedata.normalize("NFKC", load_document(path).text) for path in paths]
    for decision, example, _ in _table("## 8. Decisions the model prompt carries"):
        assert any(example in text for text in texts), f"{decision}: «{example}» is in no report here"


def test_the_prompts_stage_and_bound_words_mean_what_the_guideline_says() -> None:
    """Prompt rule 二.2 lists stage words per stage and rule 一.6 the bound words: each is the guideline's."""
    listed = re.findall(r"(planning|signed|start|ongoing|complete|operate)（([^）]+)）", PROMPT)
    assert len(listed) == 6
    for stage, words in listed:
        for word in words.split("、"):
            assert genre.stage_named(word) == stage, f"the prompt files {word} under {stage}"
    bound_line = next(line for line in PROMPT.splitlines() if line.startswith("6. qualifier"))
    words = re.findall(r"[\u4e00-\u9fff]+", bound_line.split("：", 1)[1].split("等")[0])
    assert len(words) >= 6 and all(w in genre.BOUND_OF_QUALIFIER for w in words), words
