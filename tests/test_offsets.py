"""Offsets verified independently: each record's span is cut from the stored document text and must
say what the record claims (value, unit and qualifier, or project name and stage word), with no
clause mark at either end.

Nothing here compares a quote with the slice grounding copied into it (that comparison cannot fail:
grounding writes the quote from the slice). The reading of a span is tests/span_reading.py, which
shares no code with extractor/grounding.py or extractor/numbers.py. A record whose span does not
say what it claims must carry the flag for it; only a span that is out of bounds or ends on a mark
is never excused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import store
from extractor.grounding import ground
from extractor.ingest import load_document
from extractor.models import Target
from tests.conftest import SEEDS
from tests.span_reading import span_problems


def _unexcused(run_dir: Path) -> tuple[int, list[str]]:
    connection = store.connect(run_dir)
    try:
        texts = {row["doc_id"]: row["text"] for row in store.load_documents(connection)}
        records = store.load_records(connection)
    finally:
        connection.close()
    problems = []
    for record in records:
        codes = {flag.code for flag in record.flags}
        for code, message in span_problems(record.model_dump(), texts[record.doc_id]):
            if code == "SPAN" or code not in codes:
                problems.append(f"{record.source_file} {record.char_start}:{record.char_end}: {message}")
    return len(records), problems


@pytest.mark.parametrize("run", ["seed_run", "corpus_run"])
def test_every_span_says_what_its_record_claims(run: str, request: pytest.FixtureRequest) -> None:
    count, problems = _unexcused(request.getfixturevalue(run))
    assert count > 400
    assert not problems, "\n".join(problems)


def test_the_stored_text_is_the_cleaned_text_of_the_file(seed_run: Path) -> None:
    """Spans are cut from the stored text, so it must be the text ingest made of the file."""
    connection = store.connect(seed_run)
    try:
        stored = {Path(row["source_file"]).name: row["text"] for row in store.load_documents(connection)}
    finally:
        connection.close()
    assert stored == {path.name: load_document(path).text for path in SEEDS.glob("*.txt")}


# --- quotes as a model might return them, on real seed text --------------------------------------

TEXT = load_document(next(SEEDS.glob("000_*.txt"))).text
CLAUSE = "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上"
AT = TEXT.index(CLAUSE)


def _grounded(quote: str) -> Target:
    planted = Target(
        quote=quote,
        indicator="农村常住居民人均可支配收入",
        metric="growth",
        value=7.0,
        unit="%",
        qualifier="以上",
        backend="llm",
    )
    return ground(planted, TEXT)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("quote", "match"),
    [
        (CLAUSE, "exact"),
        (CLAUSE.replace("6.5%", "６．５％").replace("分别", "分 别"), "normalized"),
        (CLAUSE.replace("常住居民", "居民"), "fuzzy"),
        (CLAUSE.replace("农村常住居民", "农村居民"), "fuzzy"),
    ],
)
def test_a_located_quote_gets_the_span_of_its_clause_in_the_source(quote: str, match: str) -> None:
    """The span is the clause's own position, found here with str.index on the source text."""
    record = _grounded(quote)
    assert record.match == match
    assert (record.char_start, record.char_end) == (AT, AT + len(CLAUSE))
    assert not span_problems(record.model_dump(), TEXT)


def test_a_quote_in_the_chunk_window_is_preferred_over_an_earlier_copy() -> None:
    """A clause written twice ("…增长6.5%以上" in a review and in the plan) is placed in the record's chunk."""
    repeated = next(clause for clause in ("地区生产总值增长6.5%以上", "增长6.5%以上") if TEXT.count(clause) >= 2)
    first = TEXT.index(repeated)
    second = TEXT.index(repeated, first + 1)
    planted = Target(quote=repeated, indicator="地区生产总值", metric="growth", value=6.5, unit="%", backend="llm")
    in_window = ground(planted, TEXT, window=(second - 5, second + len(repeated) + 5))
    assert (in_window.char_start, in_window.char_end) == (second, second + len(repeated))
    near_hint = ground(planted.model_copy(update={"char_start": second + 3}), TEXT)
    assert (near_hint.char_start, near_hint.char_end) == (second, second + len(repeated))
    anywhere = ground(planted, TEXT)
    assert (anywhere.char_start, anywhere.char_end) == (first, first + len(repeated))


def test_an_approximate_span_snaps_to_the_marks_of_its_clause() -> None:
    from extractor.grounding import snap_to_clause

    end = AT + len(CLAUSE)
    assert TEXT[AT - 1] in "，,；;：:\n" and TEXT[end] in "，,；;。\n"
    assert snap_to_clause(TEXT, AT, end, 3) == (AT, end)  # already a clause
    assert snap_to_clause(TEXT, AT + 2, end - 2, 3) == (AT, end)  # short at both ends, within the slack
    assert snap_to_clause(TEXT, AT - 1, end + 1, 3) == (AT, end)  # took in the marks around it
    assert snap_to_clause(TEXT, AT + 5, end - 5, 3) == (AT + 5, end - 5)  # too far from any mark: kept
    assert snap_to_clause(TEXT, AT + 3, end - 3, 3) == (AT, end)  # exactly the slack
    assert snap_to_clause(TEXT, AT + 4, end, 3) == (AT + 4, end)  # one past it
    assert snap_to_clause(TEXT, 2, 6, 3)[0] == 0  # the text's start counts as a mark
    assert snap_to_clause(TEXT, len(TEXT) - 6, len(TEXT) - 2, 3)[1] == len(TEXT) - (TEXT[-1] in "。\n")
