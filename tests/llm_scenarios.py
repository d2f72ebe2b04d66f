"""The constructed model exchanges behind ``cassettes/constructed_*.yaml``.

No model endpoint is reachable from the machines this project is built on, so every answer below was
written by hand in the OpenAI chat-completions wire format; none of it is a model's output. The
requests are not written by hand: ``scripts/make_constructed_cassettes.py`` sends each scenario's
chunk through the real client code and records the exact request bodies it produces, so the
cassettes replay (bodies matched) only while the prompt, the schema and the client stay the same.

Two seed chunks are used: the main-targets paragraph of the Linhai 2023 report (HEADLINE) and the
"壮大创新主体" paragraph of the same report (INNOVATION).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from extractor.backends.llm.config import ModelConfig

SEED = "000_2521081b26323744.txt"
HEADLINE = (SEED, 1)
INNOVATION = (SEED, 4)
PLANTED_KEY = "sk-planted-test-key-3f9a1c77e2"  # must never appear in a cassette, a log or a run folder
REPLAY_CONFIG = ModelConfig(
    base_url="https://constructed.invalid/v1", model="constructed-model", api_key=PLANTED_KEY, transport_attempts=4
)
CREATED = 1_700_000_000


def target(
    quote: str,
    indicator: str,
    metric: str,
    value: float | None,
    unit: str | None,
    qualifier: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "quote": quote,
        "indicator": indicator,
        "metric": metric,
        "value": value,
        "value_high": None,
        "unit": unit,
        "qualifier": qualifier,
        "direction": "increase",
        "modality": None,
        **extra,
    }


# --- hand-written answers ----------------------------------------------------------------------------

HEADLINE_CLEAN: list[dict[str, Any]] = [
    target("生产总值增长6.5%以上", "生产总值", "growth", 6.5, "%", "以上"),
    target("财政总收入和地方财政收入均增长6.5%以上", "财政总收入", "growth", 6.5, "%", "以上"),
    target("财政总收入和地方财政收入均增长6.5%以上", "地方财政收入", "growth", 6.5, "%", "以上"),
    target("固定资产投资增长15%以上", "固定资产投资", "growth", 15, "%", "以上"),
    target("外贸自营出口总额增长5%以上", "外贸自营出口总额", "growth", 5, "%", "以上"),
    target("社会消费品零售总额增长5%以上", "社会消费品零售总额", "growth", 5, "%", "以上"),
    target(
        "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上", "城镇常住居民人均可支配收入", "growth", 6.5, "%", "以上"
    ),
    target(
        "城镇、农村常住居民人均可支配收入分别增长6.5%和7%以上", "农村常住居民人均可支配收入", "growth", 7, "%", "以上"
    ),
    target("完成节能减排降碳任务", "节能减排降碳任务", "delegated", None, None),
]

# Planted hallucinations: each has a verbatim quote but a number that is not in it.
HEADLINE_PLANTED: list[dict[str, Any]] = [
    target("固定资产投资增长15%以上", "固定资产投资", "growth", 16, "%", "以上", planted="value not in quote"),
    {
        **target("社会消费品零售总额增长5%以上", "社会消费品零售总额", "growth", 5, "%", None),
        "value_high": 6,
        "planted": "invented range end",
    },
    target(
        "生产总值增长6.5%以上", "一般公共预算收入", "growth", 7.5, "%", "以上", planted="indicator and value invented"
    ),
]

INNOVATION_CLEAN: list[dict[str, Any]] = [
    target(
        "力争全社会研发经费投入占GDP比重达3.2%以上",
        "全社会研发经费投入占GDP比重",
        "share",
        3.2,
        "%",
        "以上",
        modality="strive",
    ),
    target("新增国家高新技术企业40家、省级研发机构6家", "国家高新技术企业", "count", 40, "家"),
    target("新增国家高新技术企业40家、省级研发机构6家", "省级研发机构", "count", 6, "家"),
    target("入库国家科技型中小企业300家", "国家科技型中小企业", "count", 300, "家"),
]


def answer(targets: list[dict[str, Any]], projects: list[dict[str, Any]] | None = None) -> str:
    """The JSON object the model is asked for (the ``planted`` markers stay out of the wire)."""
    clean = [{k: v for k, v in t.items() if k != "planted"} for t in targets]
    return json.dumps({"targets": clean, "projects": projects or []}, ensure_ascii=False)


# --- wire format ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One HTTP answer. A 200 with ``content`` becomes a full chat.completion object."""

    status: int = 200
    content: str | None = None
    finish_reason: str = "stop"
    raw_body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = "OK"

    def body(self, scenario: str, serial: int, request: dict[str, Any]) -> str:
        if self.raw_body is not None:
            return self.raw_body
        prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
        completion_chars = len(self.content or "")
        return json.dumps(
            {
                "id": f"chatcmpl-constructed-{scenario}-{serial}",
                "object": "chat.completion",
                "created": CREATED,
                "model": "constructed-by-hand",
                "system_fingerprint": "constructed-by-hand-not-a-model-output",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.content, "refusal": None},
                        "logprobs": None,
                        "finish_reason": self.finish_reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_chars // 2,
                    "completion_tokens": completion_chars // 2,
                    "total_tokens": prompt_chars // 2 + completion_chars // 2,
                },
            },
            ensure_ascii=False,
        )


def error(status: int, code: str | None, message: str, kind: str, reason: str, **headers: str) -> Reply:
    body = json.dumps({"error": {"message": message, "type": kind, "param": None, "code": code}}, ensure_ascii=False)
    return Reply(status=status, raw_body=body, headers=dict(headers), reason=reason)


@dataclass(frozen=True)
class Scenario:
    name: str
    chunk: tuple[str, int]
    replies: tuple[Reply, ...]
    about: str

    @property
    def cassette(self) -> str:
        return f"constructed_{self.name}.yaml"


OTHER_CHUNK_QUOTE = target("生产总值增长6.5%以上", "生产总值", "growth", 6.5, "%", "以上")
TRUNCATED = answer(INNOVATION_CLEAN)[:120]
PARAPHRASED = target("全年入库国家科技型中小企业300家", "国家科技型中小企业", "count", 300, "家")
"""INNOVATION_CLEAN's last record with a word the report does not write (全年): a paraphrase."""

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "clean_extraction",
        HEADLINE,
        (Reply(content=answer(HEADLINE_CLEAN)),),
        "a clean extraction of the main-targets paragraph",
    ),
    Scenario(
        "hallucinated_number",
        HEADLINE,
        (Reply(content=answer(HEADLINE_CLEAN + HEADLINE_PLANTED)),),
        "the clean answer plus three planted numbers that are not in their quotes; the checks must flag them",
    ),
    Scenario(
        "quote_not_in_chunk",
        INNOVATION,
        (Reply(content=answer([OTHER_CHUNK_QUOTE, *INNOVATION_CLEAN[:2]])), Reply(content=answer(INNOVATION_CLEAN))),
        "a quote copied from another chunk: rejected by the validator, re-asked, then corrected",
    ),
    Scenario(
        "quote_kept_after_reasks",
        INNOVATION,
        tuple(Reply(content=answer([*INNOVATION_CLEAN[:-1], PARAPHRASED])) for _ in range(3)),
        "the same paraphrased quote on every re-ask: the other records stay, the paraphrase is kept for "
        "grounding, which places it fuzzily and flags it",
    ),
    Scenario(
        "malformed_json",
        INNOVATION,
        (Reply(content=TRUNCATED), Reply(content=answer(INNOVATION_CLEAN))),
        "JSON cut off mid-object with finish_reason stop: re-asked, then corrected",
    ),
    Scenario(
        "rate_limited",
        INNOVATION,
        (
            error(
                429,
                "rate_limit_exceeded",
                "Rate limit reached for requests",
                "requests",
                "Too Many Requests",
                **{"retry-after": "7"},
            ),
            Reply(content=answer(INNOVATION_CLEAN)),
        ),
        "429 with Retry-After: 7, retried after exactly that wait",
    ),
    Scenario(
        "server_error",
        INNOVATION,
        (
            error(
                500,
                None,
                "The server had an error while processing your request.",
                "server_error",
                "Internal Server Error",
            ),
            Reply(content=answer(INNOVATION_CLEAN)),
        ),
        "500, retried with backoff",
    ),
    Scenario(
        "content_rejected",
        INNOVATION,
        (
            error(
                400,
                "data_inspection_failed",
                "Input data may contain inappropriate content.",
                "data_inspection_failed",
                "Bad Request",
            ),
        ),
        "a provider's content-safety rejection (DashScope's wording): recorded as the chunk's failure, not retried",
    ),
    Scenario(
        "truncated",
        INNOVATION,
        (Reply(content=TRUNCATED, finish_reason="length"),),
        "the answer hit max_tokens (finish_reason length): recorded as a failure, not re-asked",
    ),
    Scenario(
        "think_block",
        INNOVATION,
        (
            Reply(
                content="<think>先找出片段中的量化目标：研发投入比重、高新技术企业……</think>\n"
                + answer(INNOVATION_CLEAN)
            ),
        ),
        "reasoning text in a <think> block before the JSON: removed, no re-ask",
    ),
    Scenario(
        "wrong_shape",
        INNOVATION,
        (
            Reply(content=json.dumps([INNOVATION_CLEAN[0]], ensure_ascii=False)),
            Reply(content='{"results": []}'),
            Reply(content='{"targets": "none"}'),
        ),
        "JSON of the wrong shape three times: two re-asks, then the chunk's failure is recorded",
    ),
    Scenario(
        "negative_offset",
        INNOVATION,
        (Reply(content=answer([{**INNOVATION_CLEAN[0], "offset": -5}])), Reply(content=answer(INNOVATION_CLEAN))),
        "a record with a negative offset: rejected by the schema, re-asked, then corrected",
    ),
    Scenario(
        "empty_content",
        INNOVATION,
        (Reply(content=""), Reply(content=answer(INNOVATION_CLEAN))),
        "an empty message content: re-asked, then answered",
    ),
    Scenario(
        "empty_body",
        INNOVATION,
        (Reply(raw_body=""),),
        "HTTP 200 with an empty body: recorded as the chunk's failure",
    ),
)
BY_NAME = {s.name: s for s in SCENARIOS}


def planted_keys() -> set[tuple[str, str, float | None, float | None]]:
    """(quote, indicator, value, value_high) of every planted hallucination."""
    return {(t["quote"], t["indicator"], t["value"], t["value_high"]) for t in HEADLINE_PLANTED}
