"""The model path replayed from cassettes, network blocked: extraction, re-asks, transport faults.

Every cassette here is constructed (hand-written answers, see tests/llm_scenarios.py); the requests
must match the recorded bodies exactly (as JSON), so a change to the prompt, schema or client shows
up here until the cassettes are regenerated with scripts/make_constructed_cassettes.py.
"""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from llm_scenarios import (
    BY_NAME,
    HEADLINE,
    HEADLINE_CLEAN,
    INNOVATION,
    INNOVATION_CLEAN,
    PLANTED_KEY,
    REPLAY_CONFIG,
    SEED,
    planted_keys,
)
from llm_vcr import CASSETTES, VCR_CONFIG

from extractor.backends.llm.client import ChunkOutcome, LLMExtractor
from extractor.models import Record, Target
from extractor.pipeline import PreparedDocument, finalize_records, prepare

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.block_network]


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return VCR_CONFIG


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@cache
def seed() -> PreparedDocument:
    return prepare(ROOT / "seeds" / SEED)


def extract(reference: tuple[str, int]) -> tuple[ChunkOutcome, list[float]]:
    """One chunk through the real client (max_retries=0 inside); waits recorded, never slept."""
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    async def run() -> ChunkOutcome:
        extractor = LLMExtractor(REPLAY_CONFIG, None, sleep=fake_sleep)
        try:
            return await extractor.extract(seed().chunks[reference[1]], use_cache=False)
        finally:
            await extractor.aclose()

    return asyncio.run(run()), waits


def checked(outcome: ChunkOutcome) -> list[Record]:
    return finalize_records(seed(), [(outcome.chunk, r) for r in outcome.records])


def assert_all_played(cassette: Any) -> None:
    assert cassette is not None and cassette.all_played, "the client did not send every recorded request"


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["clean_extraction"].cassette)
def test_clean_extraction_is_grounded_and_unflagged(vcr: Any) -> None:
    outcome, _ = extract(HEADLINE)
    assert outcome.error is None and len(outcome.calls) == 1 and outcome.reasks == 0
    records = checked(outcome)
    assert len(records) == len(HEADLINE_CLEAN)
    for record in records:
        assert record.backend == "llm" and record.match == "exact"
        assert record.flags == [] and record.status == "ok", (record.quote, record.flags)
        assert seed().document.text[record.char_start : record.char_end] == record.quote  # type: ignore[misc]
        assert record.target_year == 2023 and record.headline
    income = [r for r in records if isinstance(r, Target) and "农村" in r.indicator]
    assert [(r.value, r.qualifier, r.bound, r.indicator_id) for r in income] == [
        (7.0, "以上", "at_least", "rural_disposable_income")
    ]
    assert outcome.prompt_tokens > 0 and outcome.completion_tokens > 0
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["hallucinated_number"].cassette)
def test_every_planted_hallucination_is_flagged_and_no_clean_record_is(vcr: Any) -> None:
    outcome, _ = extract(HEADLINE)
    records = checked(outcome)
    planted = planted_keys()
    flagged_planted = set()
    assert len(records) == len(HEADLINE_CLEAN) + len(planted)
    for record in records:
        assert isinstance(record, Target)
        key = (record.quote, record.indicator, record.value, record.value_high)
        codes = {f.code for f in record.flags}
        if key in planted:
            assert "VALUE_NOT_IN_QUOTE" in codes and record.status == "flagged", (key, codes)
            flagged_planted.add(key)
        else:
            assert not codes - {"DUPLICATE"} and record.status == "ok", (key, codes)
    assert len(flagged_planted) == len(planted)
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["quote_not_in_chunk"].cassette)
def test_quote_from_another_chunk_is_reasked_then_corrected(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is None
    assert len(outcome.calls) == 2 and outcome.reasks == 1
    assert sorted(r.quote for r in outcome.records) == sorted(t["quote"] for t in INNOVATION_CLEAN)
    second_request = vcr.requests[1].body.decode() if isinstance(vcr.requests[1].body, bytes) else vcr.requests[1].body
    assert "does not occur in the chunk text" in second_request  # the re-ask carried the validator's error
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["quote_kept_after_reasks"].cassette)
def test_a_quote_paraphrased_on_every_reask_costs_only_its_own_record(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is None and len(outcome.calls) == 3 and outcome.reasks == 2
    records = checked(outcome)
    assert len(records) == len(INNOVATION_CLEAN)
    # Grounding finds the paraphrase's sentence (入库国家科技型中小企业300家) only fuzzily: it is kept at that
    # span, flagged for a reviewer, and the chunk's exact records are untouched.
    kept = [r for r in records if r.match != "exact"]
    assert [(r.quote, r.match, r.status) for r in kept] == [("入库国家科技型中小企业300家", "fuzzy", "flagged")]
    assert "QUOTE_FUZZY" in {f.code for f in kept[0].flags}
    good = [r for r in records if r.match == "exact"]
    assert good and all(r.char_start is not None and r.status == "ok" for r in good), [(r.quote, r.flags) for r in good]
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["malformed_json"].cassette)
def test_malformed_json_is_reasked(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is None and outcome.reasks == 1 and len(outcome.records) == len(INNOVATION_CLEAN)
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["rate_limited"].cassette)
def test_429_waits_for_retry_after_then_succeeds(vcr: Any) -> None:
    outcome, waits = extract(INNOVATION)
    assert outcome.error is None and len(outcome.records) == len(INNOVATION_CLEAN)
    assert waits == [7.0]
    assert [c.status for c in outcome.calls] == ["http_429", "response"]
    assert [c.retried for c in outcome.calls] == [True, False]
    assert outcome.reasks == 0
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["server_error"].cassette)
def test_500_is_retried_with_backoff(vcr: Any) -> None:
    outcome, waits = extract(INNOVATION)
    assert outcome.error is None
    assert [c.status for c in outcome.calls] == ["http_500", "response"]
    assert len(waits) == 1 and 0.5 <= waits[0] <= 1.0
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["content_rejected"].cassette)
def test_content_rejection_is_a_recorded_failure_and_not_retried(vcr: Any) -> None:
    outcome, waits = extract(INNOVATION)
    assert outcome.records == [] and waits == []
    assert len(outcome.calls) == 1 and outcome.calls[0].status == "http_400" and not outcome.calls[0].retried
    assert outcome.error is not None
    assert "content rejected by the provider" in outcome.error and "data_inspection_failed" in outcome.error
    assert vcr.play_count == 1
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["truncated"].cassette)
def test_truncated_answer_is_a_recorded_failure(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is not None and "truncated" in outcome.error
    assert len(outcome.calls) == 1 and outcome.records == []
    assert outcome.completion_tokens > 0  # tokens of failed attempts are counted
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["think_block"].cassette)
def test_think_block_before_the_json_is_ignored(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is None and outcome.reasks == 0 and len(outcome.records) == len(INNOVATION_CLEAN)
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["wrong_shape"].cassette)
def test_wrong_shape_ends_as_a_failure_after_two_reasks(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.records == [] and outcome.error is not None
    assert len(outcome.calls) == 3 and outcome.reasks == 2
    assert "invalid response after 3 attempts (2 re-asks)" in outcome.error
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["negative_offset"].cassette)
def test_negative_offset_is_reasked(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is None and outcome.reasks == 1
    assert all(r.char_start is not None and r.char_start >= 0 for r in outcome.records)
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["empty_content"].cassette)
def test_empty_content_is_reasked(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.error is None and outcome.reasks == 1 and len(outcome.records) == len(INNOVATION_CLEAN)
    assert_all_played(vcr)


@pytest.mark.vcr
@pytest.mark.default_cassette(BY_NAME["empty_body"].cassette)
def test_empty_http_body_is_a_recorded_failure(vcr: Any) -> None:
    outcome, _ = extract(INNOVATION)
    assert outcome.records == [] and outcome.error is not None and "empty body" in outcome.error
    assert_all_played(vcr)


def test_cassettes_are_labelled_constructed_and_hold_no_secret() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert {f.name for f in files} >= {s.cassette for s in BY_NAME.values()}
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("constructed_"):
            assert text.startswith("# CONSTRUCTED CASSETTE - the responses below were written by hand")
            assert "constructed-by-hand-not-a-model-output" in text or "error:" in text or "string: ''" in text
        assert PLANTED_KEY not in text and "sk-" not in text
        assert "authorization" not in text.lower() and "bearer" not in text.lower()
