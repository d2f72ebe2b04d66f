"""Shared fixtures: the seed reports and a rules run over them (built once per session)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT / "tests" / "corpus"

# An internal error (a bug) raises instead of becoming a quiet "failed" row (extractor/errors.py).
os.environ["EXTRACTOR_STRICT"] = "1"

# The test named for a real model runs only against a real recording: without one (and when not
# recording with --record-mode) it is not collected at all, rather than collected and skipped;
# tests/test_recording_path.py checks that the way to make one stays documented.
_RECORDING = ROOT / "cassettes" / "recorded_seed_chunk.yaml"
collect_ignore = (
    [] if _RECORDING.exists() or any(a.startswith("--record-mode") for a in sys.argv) else ["test_llm_live.py"]
)

# Property tests: a bounded, fixed profile so CI is repeatable and fast (tests/test_real_reports.py).
settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder produced by `extractor run seeds/` with the rules backend."""
    from extractor.cli import app

    out = tmp_path_factory.mktemp("seed_run") / "run"
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--backend", "rules"])
    assert result.exit_code in (0, 3), result.output
    return out


def pytest_recording_configure(config: pytest.Config, vcr: object) -> None:
    """Cassette serializer and matchers of the model-backend tests (tests/llm_vcr.py, docs/llm.md)."""
    import llm_vcr

    llm_vcr.register(vcr)


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder produced by `extractor run tests/corpus/docs` with the rules backend."""
    from extractor.cli import app

    out = tmp_path_factory.mktemp("corpus_run") / "run"
    result = CliRunner().invoke(app, ["run", str(CORPUS / "docs"), "--out", str(out), "--backend", "rules"])
    assert result.exit_code in (0, 3), result.output
    return out
