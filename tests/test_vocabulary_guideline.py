"""The guideline and the code share one vocabulary: every bound word and stage word the annotators
decide (docs/annotation.md 3.6 and 4.2) is known to extractor/genre.py with the same meaning, and
genre.py knows no word the guideline does not list."""

from __future__ import annotations

import re
from pathlib import Path

from extractor import genre

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
