"""Issue 16: what a run sends the model per character of report text, and what packing keeps intact.

Packed chunks on every corpus document; over the seeds against the fake server (whose answers are the
rules' records for each section, so the same answers replay through any chunking): the prompt budget,
one byte-identical cacheable prefix, cached prompt tokens in summary.json and the cost estimate,
exact offsets and section paths, and replayed quality no lower than with section-sized chunks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI

from extractor import store
from extractor.api import evaluate_run
from extractor.backends.llm.backend import ModelBackend
from extractor.backends.llm.config import ModelConfig, Prices
from extractor.backends.llm.prompt import parts_from_message
from extractor.chunks import pack_chunks
from extractor.ingest import load_document
from extractor.pipeline import prepare_document
from extractor.run import run_files, summarize
from extractor.sections import build_sections, section_at

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").iterdir())
CORPUS = sorted((ROOT / "tests" / "corpus" / "docs").iterdir())
KEY = "sk-planted-packing-key-77c1"
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_packed_chunks_cover_every_section_in_order_within_the_budget(path: Path) -> None:
    prepared = prepare_document(load_document(path))
    text = prepared.document.text
    budget = 4000
    chunks = pack_chunks(prepared.document, prepared.sections, budget)
    parts = [p for c in chunks for p in c.parts]
    assert [p.char_start for p in parts] == sorted(p.char_start for p in parts)
    covered = "".join(text[p.char_start : p.char_end] for p in parts)
    # nothing lost but blank lines and a glossary (云南 2025's 名词解释), which no backend reads
    read = "".join(text[s.char_start : s.char_end] for s in prepared.sections if s.kind != "notes")
    assert covered.strip() and "".join(covered.split()) == "".join(read.split())
    for chunk in chunks:
        assert chunk.text == text[chunk.char_start : chunk.char_end]
        assert len({p.year for p in chunk.parts}) >= 1
        kinds = {section_at(prepared.sections, p.char_start).kind for p in chunk.parts}
        assert ("review" in kinds) == (kinds == {"review"})  # results are never packed with goals
        for part in chunk.parts:
            section = section_at(prepared.sections, part.char_start)
            assert (part.section_path, part.year) == (section.path, section.year)
            assert section.char_start <= part.char_start < part.char_end <= section.char_end
        if len(chunk.text) > budget:
            assert len(chunk.parts) == 1  # only a single unsplittable sentence may exceed the budget


Run = tuple[dict[str, Any], list[dict[str, Any]], Path]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Run]:
    """The llm backend over the seeds against the fake server: summary, request bodies, run folder
    (each combination of packing and prices run once per module)."""
    runs: dict[tuple[bool, Prices | None], Run] = {}

    def run(pack: bool, prices: Prices | None = None) -> Run:
        if (pack, prices) not in runs:
            out = tmp_path_factory.mktemp("packing") / "run"
            with FakeOpenAI() as server:
                config = ModelConfig(base_url=server.url, model="fake-rules", api_key=KEY, prices=prices)
                connection = store.connect(out)
                backend = ModelBackend(config, cache_path=out / "llm_cache.sqlite", use_cache=False, pack=pack)
                result = run_files(SEEDS, connection, backend)
                summary = summarize(connection, "llm", result)
                connection.close()
                runs[(pack, prices)] = (summary, list(server.log), out)
        return runs[(pack, prices)]

    return run


def test_prompt_characters_stay_within_three_times_the_report_text_over_the_seeds(seed_run: Callable[..., Run]) -> None:
    _, log, _ = seed_run(True)
    report = prompt = prefix = 0
    for request in log:
        contents = [str(m["content"]) for m in request["messages"]]
        report += sum(len(t) for _, _, t in parts_from_message(contents[-1]))
        prompt += sum(len(c) for c in contents)
        prefix += len(contents[0])
    assert report > 20_000  # every plan section of the five seeds was sent
    assert prompt <= 3 * report, prompt / report
    assert prompt - prefix <= 1.5 * report, (prompt - prefix) / report
    assert len(log) <= 2 * len(SEEDS)


def test_the_cacheable_prefix_is_identical_across_every_request_and_the_chunk_comes_last(
    seed_run: Callable[..., Run],
) -> None:
    _, log, _ = seed_run(True)
    assert len(log) > 1
    systems = {request["messages"][0]["content"] for request in log}
    assert len(systems) == 1
    (system,) = systems
    for request in log:
        assert [m["role"] for m in request["messages"]] == ["system", "user"]
        for _, _, text in parts_from_message(request["messages"][-1]["content"]):
            assert text not in system
        assert request["messages"][-1]["content"].rstrip().endswith("</chunk>")


def test_cached_prompt_tokens_are_counted_and_priced(seed_run: Callable[..., Run]) -> None:
    prices = Prices(prompt=2.0, cached_prompt=0.5, completion=8.0)
    summary, log, _ = seed_run(True, prices)
    # the fake provider caches a repeated system message, so every request after the first hits it
    assert 0 < summary["cached_prompt_tokens"] < summary["prompt_tokens"]
    expected = prices.cost(summary["prompt_tokens"], summary["cached_prompt_tokens"], summary["completion_tokens"])
    assert summary["cost_estimate"] == pytest.approx(expected, abs=1e-6)
    full_price = prices.cost(summary["prompt_tokens"], 0, summary["completion_tokens"])
    assert summary["cost_estimate"] < full_price
    assert summary["chunk_budget"] == "4000 chars" and summary["model_calls"] == len(log)
    assert seed_run(True)[0]["cost_estimate"] is None  # no prices given, no guessed cost


def test_packed_records_keep_exact_offsets_and_their_own_section_path(seed_run: Callable[..., Run]) -> None:
    _, _, out = seed_run(True)
    connection = store.connect(out)
    records = store.load_records(connection)
    texts = {d["doc_id"]: d["text"] for d in store.load_documents(connection)}
    stored = connection.execute("SELECT COUNT(*) FROM chunks WHERE kind != 'review'").fetchone()[0]
    connection.close()
    assert stored == len(seed_run(True)[1])  # the chunks stored are the ones the model was sent
    assert len(records) > 50
    for record in records:
        text = texts[record.doc_id]
        assert record.char_start is not None and text[record.char_start : record.char_end] == record.quote
        section = section_at(build_sections(text, None), record.char_start)
        assert record.section_path == section.path, (record.quote, record.section_path, section.path)


def test_replayed_answers_score_no_lower_packed_than_in_section_sized_chunks(seed_run: Callable[..., Run]) -> None:
    gold = ROOT / "tests" / "gold"
    packed = evaluate_run(gold, seed_run(True)[2]).as_dict()["scores"]
    sections = evaluate_run(gold, seed_run(False)[2]).as_dict()["scores"]
    for kind in ("target", "project"):
        assert packed[kind]["f1"] >= sections[kind]["f1"], (kind, packed[kind], sections[kind])  # type: ignore[index]
    assert packed["target"]["f1"] > 0.9  # type: ignore[index]
    assert len(seed_run(False)[1]) > 5 * len(seed_run(True)[1])  # the same answers from far fewer requests
