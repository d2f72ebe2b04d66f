"""Write ``cassettes/constructed_*.yaml`` from the hand-written answers in ``tests/llm_scenarios.py``.

Run after changing a prompt file, the response schema or the client (the cassettes match request
bodies, so they go stale on purpose):

    .venv/bin/python scripts/make_constructed_cassettes.py

Each scenario's chunk goes through the real ``LLMExtractor`` with an in-memory transport that
answers with the scenario's replies in order and records the exact requests the client sends. The
answers are constructed by hand, and each file says so in its header; none is a model's output.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from llm_scenarios import REPLAY_CONFIG, SCENARIOS, Scenario  # noqa: E402
from llm_vcr import CASSETTES, Utf8Yaml  # noqa: E402

from extractor.backends.llm.client import LLMExtractor  # noqa: E402
from extractor.models import Chunk  # noqa: E402
from extractor.pipeline import prepare  # noqa: E402

HEADER = """\
# CONSTRUCTED CASSETTE - the responses below were written by hand, not produced by a model.
# No model endpoint is reachable from the machines this project is built on, so the answers are
# hand-written in the exact OpenAI chat-completions wire format (tests/llm_scenarios.py); the
# requests are the exact bodies the client sends for the scenario's seed chunk
# (scripts/make_constructed_cassettes.py). Scenario: {name} - {about}.
"""


def seed_chunk(reference: tuple[str, int]) -> Chunk:
    name, index = reference
    return prepare(ROOT / "seeds" / name).chunks[index]


async def _no_sleep(_: float) -> None:
    return None


def record(scenario: Scenario) -> dict[str, object]:
    """Run the scenario through the client; return the cassette (vcrpy's format) it produced."""
    replies = list(scenario.replies)
    interactions: list[dict[str, object]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if not replies:
            raise AssertionError(f"{scenario.name}: the client sent more requests than the scenario has replies")
        reply = replies.pop(0)
        body = json.loads(request.content)
        text = reply.body(scenario.name, len(interactions) + 1, body)
        headers = {"content-type": "application/json", **reply.headers}
        interactions.append(
            {
                "request": {
                    "body": request.content.decode("utf-8"),
                    "headers": {"content-type": ["application/json"]},
                    "method": request.method,
                    "uri": str(request.url),
                },
                "response": {
                    "status": {"code": reply.status, "message": reply.reason},
                    "headers": {k: [v] for k, v in headers.items()},
                    "body": {"string": text},
                },
            }
        )
        return httpx.Response(reply.status, headers=headers, content=text.encode("utf-8"))

    async def run() -> None:
        client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        extractor = LLMExtractor(REPLAY_CONFIG, None, http_client=client, sleep=_no_sleep)
        try:
            await extractor.extract(seed_chunk(scenario.chunk), use_cache=False)
        finally:
            await extractor.aclose()

    asyncio.run(run())
    if replies:
        raise AssertionError(f"{scenario.name}: {len(replies)} replies were never asked for")
    return {"interactions": interactions, "version": 1}


def main() -> None:
    CASSETTES.mkdir(exist_ok=True)
    for scenario in SCENARIOS:
        cassette = record(scenario)
        Utf8Yaml.header = HEADER.format(name=scenario.name, about=scenario.about)
        (CASSETTES / scenario.cassette).write_text(Utf8Yaml.serialize(cassette), encoding="utf-8")
        print(f"cassettes/{scenario.cassette}: {len(cassette['interactions'])} exchanges")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
