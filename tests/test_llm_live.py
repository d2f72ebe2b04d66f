"""A seed chunk through a real model: recorded once by a user with an endpoint, replayed offline after.

Re-record (writes cassettes/recorded_seed_chunk.yaml; auth headers are filtered):

    EXTRACTOR_BASE_URL=https://api.deepseek.com/v1 EXTRACTOR_API_KEY=sk-... EXTRACTOR_MODEL=deepseek-chat \\
        .venv/bin/python -m pytest tests/test_llm_live.py --record-mode=rewrite

(or EXTRACTOR_PROVIDER=qwen DASHSCOPE_API_KEY=... and so on; see docs/llm.md). Until someone has
recorded, there is no real model's answer in this repository and the test is skipped with a reason
that names the command above: it never stands in a constructed answer for a real one (the
constructed cassettes are tested, as what they are, in tests/test_llm_cassettes.py). The assertions
hold for any competent model, not for one particular answer.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from llm_scenarios import HEADLINE, REPLAY_CONFIG, SEED
from llm_vcr import CASSETTES, VCR_CONFIG

from extractor.backends.llm.client import LLMExtractor
from extractor.backends.llm.config import ModelConfig, resolve_config
from extractor.models import Target
from extractor.pipeline import finalize_records, prepare

ROOT = Path(__file__).resolve().parent.parent
RECORDED = CASSETTES / "recorded_seed_chunk.yaml"
RECORD_COMMAND = (
    "EXTRACTOR_BASE_URL=... EXTRACTOR_API_KEY=... EXTRACTOR_MODEL=... "
    ".venv/bin/python -m pytest tests/test_llm_live.py --record-mode=rewrite"
)
pytestmark = [pytest.mark.block_network]


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return VCR_CONFIG


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture
def default_cassette_name(record_mode: str) -> str:
    # tests/conftest.py collects this module only with a real recording or when recording one.
    assert record_mode != "none" or RECORDED.exists(), f"no real model recording; record one with: {RECORD_COMMAND}"
    return RECORDED.name


def replay_config(cassette: Path) -> ModelConfig:
    """The settings the cassette was recorded with (mode, max_tokens, temperature), so the bodies match."""
    body = yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"][0]["request"]["body"]
    return ModelConfig(
        base_url="https://recorded.invalid/v1",
        model=str(body.get("model", "recorded")),
        mode="json" if "response_format" in body else "md_json",
        api_key=REPLAY_CONFIG.api_key,
        max_tokens=body.get("max_tokens"),
        temperature=body.get("temperature", 0.0),
        transport_attempts=1,
    )


@pytest.mark.vcr
def test_a_real_model_grounds_the_main_targets(record_mode: str, default_cassette_name: str, vcr: Any) -> None:
    # Replaying: the settings the cassette was recorded with; recording: EXTRACTOR_* or a provider preset.
    config = replay_config(CASSETTES / default_cassette_name) if record_mode == "none" else resolve_config()
    prepared = prepare(ROOT / "seeds" / SEED)
    chunk = prepared.chunks[HEADLINE[1]]

    async def run() -> Any:
        extractor = LLMExtractor(config, None)
        try:
            return await extractor.extract(chunk, use_cache=False)
        finally:
            await extractor.aclose()

    outcome = asyncio.run(run())
    assert outcome.error is None, outcome.error
    records = finalize_records(prepared, [(chunk, r) for r in outcome.records])
    targets = [r for r in records if isinstance(r, Target)]
    assert len(targets) >= 5
    assert all(r.match in ("exact", "normalized") and r.char_start is not None for r in records)
    assert any(r.indicator_id == "gdp" and r.value == 6.5 for r in targets)
    text = (CASSETTES / default_cassette_name).read_text(encoding="utf-8") if record_mode == "none" else ""
    assert config.api_key not in text and "authorization" not in text.lower()
