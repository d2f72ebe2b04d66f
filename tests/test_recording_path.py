"""The real-model recording path stays usable: the README gives the one command that records it, and
that command names the live test and the environment it reads (no recording is stored in the repository,
since no model endpoint is reachable where this project is built)."""

from __future__ import annotations

from tests.conftest import ROOT


def test_the_readme_gives_the_command_that_records_a_real_model() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "--record-mode=rewrite" in line)
    assert "tests/test_llm_live.py" in command
    assert all(name in command for name in ("EXTRACTOR_BASE_URL", "EXTRACTOR_API_KEY", "EXTRACTOR_MODEL"))
    assert (ROOT / "tests" / "test_llm_live.py").exists()
