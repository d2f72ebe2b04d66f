"""The model backend's parts, each on its own: prompts, schema, config, transport policy, cache, merge."""

from __future__ import annotations

import asyncio
import json
import shutil
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from fake_openai import completion_body
from pydantic import ValidationError

from extractor.backends import hybrid
from extractor.backends.llm.cache import CacheKeyParts, ResponseCache, chunk_hash
from extractor.backends.llm.client import LLMExtractor
from extractor.backends.llm.config import (
    PRESETS,
    ModelConfig,
    ModelConfigError,
    model_configured,
    redact,
    resolve_config,
)
from extractor.backends.llm.prompt import (
    PROMPTS_DIR,
    build_messages,
    load_example,
    load_prompts,
    parts_from_message,
    prompt_version,
)
from extractor.backends.llm.response import clean_content
from extractor.backends.llm.schema import (
    ChunkExtraction,
    PromptedExtraction,
    answering,
    compact_schema,
    quote_in_chunk,
    to_records,
)
from extractor.backends.llm.transport import (
    BadResponseBody,
    describe_transport_error,
    is_transient,
    parse_body,
    retry_after_seconds,
    status_error,
)
from extractor.models import Chunk, Flag, Project, Target

pytestmark = [pytest.mark.block_network]
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TEXT = "主要预期目标：地区生产总值增长6%左右；单位GDP能耗下降３%；开工建设城北水厂二期等5个项目。"


def chunk(text: str = TEXT, start: int = 100, path: list[str] | None = None) -> Chunk:
    return Chunk(
        doc_id="d",
        index=0,
        char_start=start,
        char_end=start + len(text),
        text=text,
        section_path=path or ["二、2024年工作安排"],
        section_kind="plan",
        year=2024,
    )


# --- prompts ---------------------------------------------------------------------------------------


def test_every_example_quote_occurs_verbatim_in_its_text() -> None:
    examples = sorted((PROMPTS_DIR / "examples").glob("*.json"))
    assert len(examples) >= 2
    for path in examples:
        example = load_example(path)
        records = example.output["targets"] + example.output["projects"]
        assert records, path.name
        for record in records:
            assert record["quote"] in example.text, f"{path.name}: «{record['quote']}» is not in the example text"


def test_every_example_answer_passes_the_response_schema() -> None:
    for path in sorted((PROMPTS_DIR / "examples").glob("*.json")):
        example = load_example(path)
        piece = chunk(example.text, 0, list(example.heading_path))
        with answering(piece):
            parsed = ChunkExtraction.model_validate(example.output)
        assert len(parsed.targets) == len(example.output["targets"])


def test_prompt_version_is_a_hash_of_the_files(tmp_path: Path) -> None:
    copy = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, copy)
    assert prompt_version(copy) == prompt_version(PROMPTS_DIR) == load_prompts().version
    (copy / "system.md").write_text((copy / "system.md").read_text(encoding="utf-8") + "\n补充。", encoding="utf-8")
    assert prompt_version(copy) != prompt_version(PROMPTS_DIR)


def test_messages_carry_heading_path_year_and_chunk() -> None:
    messages = build_messages(chunk(path=["二、2024年工作安排", "（一）稳增长"]))
    assert [m["role"] for m in messages] == ["system", "user"]
    user = messages[-1]["content"]
    assert user.startswith("<chunk>\n【二、2024年工作安排>（一）稳增长｜2024年】\n") and TEXT in user
    assert "示例1" in messages[0]["content"] and "逐字" in messages[0]["content"]
    assert TEXT not in messages[0]["content"]  # the chunk only ever comes last


def test_report_text_reaches_the_model_verbatim_even_when_it_looks_like_a_template() -> None:
    """No Jinja rendering anywhere: instructor is never given a context, so braces are plain text."""
    text = "力争{{ 生产总值 }}增长{% if x %}6%{% endif %}左右{# 注 #}。"
    messages = build_messages(chunk(text))
    assert text in messages[-1]["content"]


def test_compact_schema_names_every_field_and_allowed_value_the_validator_accepts() -> None:
    schema = PromptedExtraction.model_json_schema()
    assert schema == compact_schema() and len(json.dumps(schema, indent=2, ensure_ascii=False)) < 1000
    described = json.dumps(schema, ensure_ascii=False)
    full = ChunkExtraction.model_json_schema()
    for name in ("TargetItem", "ProjectItem"):
        for field, spec in full["$defs"][name]["properties"].items():
            if field == "offset":
                continue
            assert field in described, field
            for value in spec.get("enum", []):
                assert value in described, value
    # the generated schema (the validator's) is untouched and far larger
    assert len(json.dumps(full, ensure_ascii=False)) > 3 * len(described)


def test_packed_chunk_messages_read_back_section_by_section() -> None:
    from extractor.chunks import pack_chunks
    from extractor.pipeline import prepare

    prepared = prepare(SEEDS / "003_4a606b2b17229643.txt")
    packed = [c for c in pack_chunks(prepared.document, prepared.sections) if c.section_kind != "review"]
    assert any(len(c.parts) > 3 for c in packed)
    for piece in packed:
        parts = parts_from_message(build_messages(piece)[-1]["content"])
        assert [(path, year) for path, year, _ in parts] == [(p.section_path, p.year) for p in piece.parts]
        assert [text for _, _, text in parts] == [t.strip("\n") for t in piece.part_texts()]


# --- schema -----------------------------------------------------------------------------------------


def test_validator_rejects_a_quote_that_is_not_in_the_chunk() -> None:
    data = {
        "targets": [{"quote": "生产总值增长7%", "indicator": "生产总值", "metric": "growth", "value": 7, "unit": "%"}]
    }
    with pytest.raises(ValidationError, match="does not occur in the chunk text"), answering(chunk()):
        ChunkExtraction.model_validate(data)
    assert ChunkExtraction.model_validate(data).targets[0].quote == "生产总值增长7%"  # outside ``answering``: no chunk


def test_validator_forgives_full_width_digits_and_line_breaks() -> None:
    assert quote_in_chunk("单位GDP能耗下降3%", TEXT)
    assert quote_in_chunk("地区生产总值\n增长6%左右", TEXT)
    assert not quote_in_chunk("地区生产总值增长7%左右", TEXT)


@pytest.mark.parametrize("payload", [[], {"results": []}, {"targets": "none"}, {"targets": [{"quote": "x"}]}])
def test_wrong_shapes_are_validation_errors(payload: Any) -> None:
    with pytest.raises(ValidationError), answering(chunk("x")):
        ChunkExtraction.model_validate(payload)


def test_conversion_to_records() -> None:
    piece = chunk()
    with answering(piece):
        extraction = ChunkExtraction.model_validate(
            {
                "targets": [
                    {
                        "quote": "地区生产总值增长6%左右",
                        "indicator": "地区生产总值",
                        "metric": "growth",
                        "value": 6,
                        "unit": "％",
                        "qualifier": "左右",
                    },
                    {
                        "quote": "单位GDP能耗下降３%",
                        "indicator": "单位GDP能耗",
                        "metric": "growth",
                        "value": -3,
                        "unit": "%",
                    },
                ],
                "projects": [
                    {
                        "quote": "开工建设城北水厂二期等5个项目",
                        "name": "城北水厂二期",
                        "stage": "start",
                        "stage_raw": "开工建设",
                        "group_count": 5,
                    },
                ],
            }
        )
    gdp, energy, plant = to_records(extraction, piece)
    assert isinstance(gdp, Target) and isinstance(energy, Target) and isinstance(plant, Project)
    assert (gdp.indicator_id, gdp.unit, gdp.bound, gdp.headline, gdp.backend) == ("gdp", "%", "around", True, "llm")
    assert piece.text[gdp.char_start - piece.char_start : gdp.char_end - piece.char_start] == gdp.quote  # type: ignore[operator]
    assert (energy.value, energy.direction) == (3.0, "decrease")
    assert (plant.group_count, plant.target_year, plant.section_path) == (5, 2024, ["二、2024年工作安排"])


# --- configuration ----------------------------------------------------------------------------------


def test_presets_cover_the_providers() -> None:
    assert set(PRESETS) >= {"openai", "deepseek", "qwen", "moonshot", "zhipu", "vllm", "ollama"}
    assert all(p.mode in ("json", "md_json") and p.base_url.startswith("http") for p in PRESETS.values())


def test_flags_win_over_environment_and_environment_over_presets() -> None:
    env = {"EXTRACTOR_PROVIDER": "deepseek", "DEEPSEEK_API_KEY": "sk-deep", "EXTRACTOR_MODEL": "deepseek-reasoner"}
    config = resolve_config(env=env)
    assert (config.base_url, config.model, config.mode, config.api_key) == (
        "https://api.deepseek.com/v1",
        "deepseek-reasoner",
        "json",
        "sk-deep",
    )
    config = resolve_config(model="m2", mode="md_json", env={**env, "EXTRACTOR_API_KEY": "sk-x"})
    assert (config.model, config.mode, config.api_key, config.fallback_mode) == ("m2", "md_json", "sk-x", None)
    assert resolve_config(provider="qwen", env={"DASHSCOPE_API_KEY": "k1"}).base_url.endswith("/compatible-mode/v1")


def test_key_lookup_and_errors() -> None:
    assert resolve_config(base_url="http://h/v1", model="m", env={"OPENAI_API_KEY": "sk-o"}).api_key == "sk-o"
    assert resolve_config(provider="ollama", env={}).api_key == "not-needed"
    assert resolve_config(api_key_env="MY_KEY", base_url="http://h/v1", model="m", env={"MY_KEY": "k"}).api_key == "k"
    with pytest.raises(ModelConfigError, match="DEEPSEEK_API_KEY"):
        resolve_config(provider="deepseek", env={})
    with pytest.raises(ModelConfigError, match="no model name"):
        resolve_config(base_url="http://h/v1", env={})
    with pytest.raises(ModelConfigError, match="unknown provider"):
        resolve_config(provider="nope", env={})
    with pytest.raises(ModelConfigError, match="unknown mode"):
        resolve_config(base_url="http://h/v1", model="m", mode="tools", env={})


def test_model_configured_and_secrets_stay_out_of_repr() -> None:
    assert not model_configured(env={})
    assert model_configured(env={"EXTRACTOR_MODEL": "m"}) and model_configured(provider="qwen", env={})
    config = ModelConfig(base_url="http://h/v1", model="m", api_key="sk-secret-value")
    assert "sk-secret-value" not in repr(config)
    assert redact("key sk-secret-value leaked", (config.api_key,)) == "key [REDACTED] leaked"


# --- transport policy -------------------------------------------------------------------------------


def _status_error(
    status: int, headers: dict[str, str] | None = None, body: dict[str, Any] | None = None
) -> openai.APIStatusError:
    request = httpx.Request("POST", "http://h/v1/chat/completions")
    response = httpx.Response(status, headers=headers or {}, json=body or {"error": {"message": "x"}}, request=request)
    client = openai.OpenAI(api_key="k", base_url="http://h/v1", max_retries=0)
    return client._make_status_error_from_response(response)  # the SDK's own mapping from status to exception


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retried_statuses(status: int) -> None:
    assert is_transient(_status_error(status))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_never_retried_statuses(status: int) -> None:
    assert not is_transient(_status_error(status))


def test_exhausted_quota_and_non_network_errors_are_not_retried() -> None:
    assert not is_transient(_status_error(429, body={"error": {"message": "quota", "code": "insufficient_quota"}}))
    request = httpx.Request("POST", "http://h/v1/chat/completions")
    dropped = openai.APIConnectionError(request=request)
    dropped.__cause__ = httpx.RemoteProtocolError("peer closed connection")
    assert is_transient(dropped) and is_transient(openai.APITimeoutError(request=request))
    odd = openai.APIConnectionError(request=request)
    odd.__cause__ = RuntimeError("not a network fault")
    assert not is_transient(odd)


def test_retry_after_forms() -> None:
    assert retry_after_seconds(_status_error(429, {"retry-after": "7"})) == 7.0
    assert retry_after_seconds(_status_error(429, {"retry-after-ms": "1500"})) == 1.5
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after_seconds(_status_error(429, {"retry-after": later})) or 0) <= 31
    assert retry_after_seconds(_status_error(429)) is None
    assert retry_after_seconds(RuntimeError()) is None


def test_clean_content() -> None:
    assert clean_content('<think>想一想 {"a": 1}</think>\n{"targets": []}', "json") == '{"targets": []}'
    assert clean_content('```json\n{"targets": []}\n```', "json") == '{"targets": []}'
    assert clean_content('```json\n{"targets": []}\n```', "md_json") == '```json\n{"targets": []}\n```'
    assert clean_content(None, "json") == ""


def test_bodies_that_are_not_completions_are_rejected() -> None:
    for body in (b"", b"   ", b"<html>502</html>", b"[]", b'{"error": "x"}'):
        with pytest.raises(BadResponseBody):
            parse_body(body)
    lenient = parse_body(
        json.dumps(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": "{}"}, "finish_reason": "eos"}]}
        )
    )
    assert lenient.choices[0].message.content == "{}"


# --- client behaviour on a mock transport ---------------------------------------------------------


def _answer(request: dict[str, Any], targets: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(
        200, json=completion_body(request, json.dumps({"targets": targets, "projects": []}, ensure_ascii=False))
    )


GDP = {
    "quote": "地区生产总值增长6%左右",
    "indicator": "地区生产总值",
    "metric": "growth",
    "value": 6,
    "unit": "%",
    "qualifier": "左右",
}


def _extract(handler: Any, config: ModelConfig | None = None, cache: ResponseCache | None = None) -> Any:
    async def no_sleep(_: float) -> None:
        return None

    async def run() -> Any:
        extractor = LLMExtractor(
            config or ModelConfig(base_url="http://h/v1", model="m", api_key="sk-unit-test-key"),
            cache,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            sleep=no_sleep,
        )
        try:
            return extractor, await extractor.extract(chunk())
        finally:
            await extractor.aclose()

    return asyncio.run(run())


def test_json_mode_rejected_by_the_server_falls_back_to_md_json() -> None:
    seen: list[bool] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append("response_format" in body)
        if "response_format" in body:
            return httpx.Response(
                400, json={"error": {"message": "response_format json_object is not supported", "code": None}}
            )
        response = _answer(body, [GDP])
        data = response.json()
        data["choices"][0]["message"]["content"] = "```json\n" + data["choices"][0]["message"]["content"] + "\n```"
        return httpx.Response(200, json=data)

    extractor, outcome = _extract(handler)
    assert seen == [True, False] and extractor.mode == "md_json"
    assert outcome.error is None and [r.quote for r in outcome.records] == [GDP["quote"]]


def test_content_filter_finish_is_a_failure_without_reask() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        data = completion_body(json.loads(request.content), "")
        data["choices"][0]["finish_reason"] = "content_filter"
        return httpx.Response(200, json=data)

    _, outcome = _extract(handler)
    assert len(calls) == 1 and outcome.error is not None and "content filter" in outcome.error


def test_an_echoed_key_is_redacted_from_the_failure_reason() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, json={"error": {"message": "Incorrect API key provided: sk-unit-test-key", "code": "invalid_api_key"}}
        )

    _, outcome = _extract(handler)
    assert outcome.error is not None and "HTTP 401 (not retried)" in outcome.error
    assert "sk-unit-test-key" not in outcome.error and "[REDACTED]" in outcome.error


# --- cache ------------------------------------------------------------------------------------------


def test_cache_key_changes_with_every_part() -> None:
    base = CacheKeyParts("http://h/v1", "m", "json", "p1", "s1", chunk_hash(chunk()))
    variants = [
        CacheKeyParts("http://other/v1", "m", "json", "p1", "s1", base.chunk_hash),
        CacheKeyParts("http://h/v1", "m2", "json", "p1", "s1", base.chunk_hash),
        CacheKeyParts("http://h/v1", "m", "md_json", "p1", "s1", base.chunk_hash),
        CacheKeyParts("http://h/v1", "m", "json", "p2", "s1", base.chunk_hash),
        CacheKeyParts("http://h/v1", "m", "json", "p1", "s2", base.chunk_hash),
        CacheKeyParts("http://h/v1", "m", "json", "p1", "s1", chunk_hash(chunk(path=["其他"]))),
    ]
    assert len({base.key, *(v.key for v in variants)}) == len(variants) + 1


def test_cached_answer_is_revalidated_and_a_stale_one_is_a_miss(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache.sqlite")
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return _answer(json.loads(request.content), [GDP])

    extractor, first = _extract(handler, cache=cache)
    assert first.error is None and len(calls) == 1 and len(cache) == 1
    hit = extractor.from_cache(chunk())
    assert hit is not None and hit.cached and [r.quote for r in hit.records] == [GDP["quote"]]
    parts = extractor.key_parts(chunk(), "json")
    bad = completion_body({}, json.dumps({"targets": [{**GDP, "metric": "speed"}], "projects": []}, ensure_ascii=False))
    cache.put(parts, json.dumps(bad, ensure_ascii=False))
    assert extractor.from_cache(chunk()) is None and len(cache) == 0  # fails validation: dropped
    # An answer kept after re-asking with a quote the chunk lacks replays as it was kept (not re-asked on
    # every run): the record comes back unplaced, for grounding to flag QUOTE_NOT_FOUND.
    kept = completion_body(
        {}, json.dumps({"targets": [GDP, {**GDP, "quote": "不在片段里的引文"}], "projects": []}, ensure_ascii=False)
    )
    cache.put(parts, json.dumps(kept, ensure_ascii=False))
    replay = extractor.from_cache(chunk())
    assert replay is not None and [r.char_start is None for r in replay.records] == [False, True]
    cache.close()


# --- hybrid merge -----------------------------------------------------------------------------------


def _target(quote: str, start: int, value: float, backend: str, indicator: str = "地区生产总值") -> Target:
    return Target(
        quote=quote,
        char_start=start,
        char_end=start + len(quote),
        indicator=indicator,
        indicator_id="gdp",
        metric="growth",
        value=value,
        unit="%",
        backend=backend,
    ).with_id()  # type: ignore[arg-type]


def test_hybrid_marks_agreement_and_flags_the_rest() -> None:
    agree_rule = _target("地区生产总值增长6%左右", 0, 6, "rules")
    agree_model = _target("生产总值增长6%左右", 2, 6, "llm", "生产总值")
    rule_only = Target(
        quote="粮食产量稳定在40万吨",
        char_start=50,
        char_end=61,
        indicator="粮食产量",
        metric="level",
        value=40,
        unit="万吨",
        backend="rules",
    ).with_id()
    model_only = Project(
        quote="开工建设城北水厂二期",
        char_start=80,
        char_end=90,
        name="城北水厂二期",
        stage="start",
        stage_raw="开工建设",
        backend="llm",
    ).with_id()
    dispute_rule = Target(
        quote="单位GDP能耗下降3%",
        char_start=20,
        char_end=31,
        indicator="单位GDP能耗",
        indicator_id="energy_intensity",
        metric="growth",
        value=3,
        unit="%",
        backend="rules",
    ).with_id()
    dispute_model = dispute_rule.model_copy(update={"value": 4.0, "backend": "llm"}).with_id()
    merged = hybrid.merge([agree_rule, rule_only, dispute_rule], [agree_model, model_only, dispute_model])
    by_code = {(r.backend, tuple(f.code for f in r.flags)) for r in merged}
    assert ("both", ()) in by_code
    assert ("rules", ("MISSED_BY_MODEL",)) in by_code
    assert ("llm", ("NOT_FOUND_BY_RULES",)) in by_code
    assert ("rules", ("VALUE_DISAGREEMENT",)) in by_code and ("llm", ("VALUE_DISAGREEMENT",)) in by_code
    assert len(merged) == 5
    # A model-only record that passed every check is not sent to review; the note stays as info.
    assert all(r.status == ("ok" if r.backend == "both" or r.kind == "project" else "flagged") for r in merged)


def test_hybrid_does_not_blame_the_model_for_chunks_it_never_answered() -> None:
    rule = _target("地区生产总值增长6%左右", 0, 6, "rules")
    merged = hybrid.merge([rule], [], model_read=lambda record: False)
    assert merged[0].flags == [] and merged[0].backend == "rules"


def test_hybrid_keeps_the_cleaner_of_two_agreeing_records() -> None:
    rule = _target("地区生产总值增长6%左右", 0, 6, "rules")
    noisy = rule.model_copy(update={"flags": [Flag(code="QUALIFIER_MISMATCH", severity="warning", message="m")]})
    model = _target("地区生产总值增长6%左右", 0, 6, "llm")
    (merged,) = hybrid.merge([noisy], [model])
    assert merged.backend == "both" and merged.flags == []


# --- validation per record (issue 10.4) -------------------------------------------------------------

SEED_002_GOALS = (
    "综合各方面因素,建议今年全县经济社会发展主要预期目标为:生产总值增长6.5%以上,一般公共预算收入增长8.5%,"
    "城乡居民人均可支配收入分别增长6%和7%左右,完成省市下达的能源和环境指标计划目标。"
)
"""Seed 002's main-targets sentence, verbatim."""


def _extract_from(text: str, handler: Any) -> Any:
    async def no_sleep(_: float) -> None:
        return None

    async def run() -> Any:
        extractor = LLMExtractor(
            ModelConfig(base_url="http://h/v1", model="m", api_key="sk-unit-test-key", max_reasks=1),
            None,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            sleep=no_sleep,
        )
        try:
            return await extractor.extract(chunk(text))
        finally:
            await extractor.aclose()

    return asyncio.run(run())


GOOD_GDP = {"quote": "生产总值增长6.5%以上", "indicator": "生产总值", "metric": "growth", "value": 6.5, "unit": "%",
            "qualifier": "以上"}  # fmt: skip
PARAPHRASED = {"quote": "一般公共预算收入要增长8.5%", "indicator": "一般公共预算收入", "metric": "growth",
               "value": 8.5, "unit": "%"}  # fmt: skip


def test_a_quote_still_not_found_after_reasking_keeps_the_chunks_other_records() -> None:
    """The model repeats a paraphrase on every re-ask: its good record stays, the paraphrased one is kept
    with its quote unplaced (grounding stores it with QUOTE_NOT_FOUND), and the chunk does not fail."""
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        asked.append(body["messages"][-1]["content"])
        return _answer(body, [GOOD_GDP, PARAPHRASED])

    outcome = _extract_from(SEED_002_GOALS, handler)
    assert len(asked) == 2 and "一般公共预算收入要增长8.5%" in asked[1]  # re-asked once, with the bad quote named
    assert outcome.error is None
    placed = {r.quote: r.char_start for r in outcome.records}
    assert placed[GOOD_GDP["quote"]] == 100 + SEED_002_GOALS.index(GOOD_GDP["quote"])
    assert placed[PARAPHRASED["quote"]] is None


def test_any_other_validation_error_still_fails_the_chunk() -> None:
    broken = {**GOOD_GDP, "metric": "speed"}

    def handler(request: httpx.Request) -> httpx.Response:
        return _answer(json.loads(request.content), [broken, PARAPHRASED])

    outcome = _extract_from(SEED_002_GOALS, handler)
    assert outcome.error is not None and outcome.records == []


def test_the_validator_forgives_quotation_marks_as_grounding_does() -> None:
    """Seed 001 writes 建设"标准地"15个以上 with straight marks; a model that copies it with “ ” or 「 」 has
    still copied the text, and the validator accepts it as grounding does."""
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if '建设"标准地"15个以上' in line)
    written = ['建设"标准地"15个以上', "建设“标准地”15个以上", "建设「标准地」15个以上"]
    item = {"indicator": "标准地", "metric": "count", "value": 15, "unit": "个", "qualifier": "以上"}
    with answering(chunk(sentence)):
        for quote in written:
            ChunkExtraction.model_validate({"targets": [{**item, "quote": quote}], "projects": []})
        with pytest.raises(ValidationError, match="does not occur"):
            ChunkExtraction.model_validate({"targets": [{**item, "quote": "建设标准地15个以上"}], "projects": []})


# --- the first request without instructor's per-call machinery ------------------------------------


def test_first_request_is_the_body_instructor_builds_for_every_seed_chunk() -> None:
    """The template filled with a chunk equals what instructor itself builds for it, for every packed seed
    chunk, with and without max_tokens; in md_json mode instructor builds every request."""
    from extractor.chunks import pack_chunks
    from extractor.pipeline import prepare

    for config in (
        ModelConfig(base_url="http://h/v1", model="m", api_key="sk-unit-test-key"),
        ModelConfig(base_url="http://h/v1", model="m", api_key="sk-unit-test-key", max_tokens=4096, temperature=0.3),
    ):
        extractor = LLMExtractor(config, None, http_client=httpx.AsyncClient())
        for path in sorted(SEEDS.iterdir()):
            prepared = prepare(path)
            for packed in pack_chunks(prepared.document, prepared.sections, 4000, len):
                filled = extractor._filled_template(packed, "json")
                assert filled is not None
                assert json.dumps(filled, ensure_ascii=False) == json.dumps(
                    extractor.request_body(packed, "json"), ensure_ascii=False
                )
        assert extractor._filled_template(chunk(), "md_json") is None
        asyncio.run(extractor.aclose())


def test_an_answer_the_first_check_rejects_is_judged_and_reasked_by_instructor_once() -> None:
    """A bad first answer is not asked for twice: instructor re-validates it, re-asks with its error, and
    the chunk's calls are the two HTTP attempts."""
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        if len(bodies) == 1:
            return _answer(body, [{**GDP, "metric": "speed"}])
        return _answer(body, [GDP])

    _, outcome = _extract(handler)
    assert len(bodies) == 2 and outcome.error is None and outcome.reasks == 1
    assert [c.status for c in outcome.calls] == ["response", "response"]
    assert "speed" in json.dumps(bodies[1]["messages"][2:], ensure_ascii=False)  # the re-ask quotes the answer
    assert [r.quote for r in outcome.records] == [GDP["quote"]]


def test_requests_are_spread_over_pools_of_eight_and_a_given_http_client_is_the_one_pool() -> None:
    config = ModelConfig(base_url="http://h/v1", model="m", api_key="sk-unit-test-key")
    wide = LLMExtractor(config, None, in_flight=64)
    narrow = LLMExtractor(config, None, in_flight=4)
    given = LLMExtractor(config, None, in_flight=64, http_client=httpx.AsyncClient())
    assert (len(wide._lanes), len(narrow._lanes), len(given._lanes)) == (8, 1, 1)
    for extractor in (wide, narrow, given):
        asyncio.run(extractor.aclose())


def _error_response(status: int, content: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("POST", "http://127.0.0.1:1/v1/chat/completions")
    return httpx.Response(status, content=content, headers=headers, request=request)


def test_an_error_response_becomes_the_sdks_exception_with_its_error_object() -> None:
    # The client posts on the SDK's HTTP client itself; an error status must read as the SDK's own
    # exception does (class, status, error object), since the retry policy and reasons are written on it.
    body = {"error": {"message": "Input data may contain inappropriate content.", "code": "data_inspection_failed"}}
    rejected = status_error(_error_response(400, json.dumps(body).encode()))
    assert type(rejected) is openai.BadRequestError and rejected.body == body["error"]
    assert not is_transient(rejected) and "content rejected" in describe_transport_error(rejected)
    limited = status_error(_error_response(429, b'{"error": {"code": "rate_limit"}}', {"Retry-After": "7"}))
    assert type(limited) is openai.RateLimitError and is_transient(limited) and retry_after_seconds(limited) == 7
    quota = status_error(_error_response(429, b'{"error": {"code": "insufficient_quota"}}'))
    assert not is_transient(quota)
    proxy = status_error(_error_response(502, b"<html>502 Bad Gateway</html>"))
    assert type(proxy) is openai.InternalServerError and proxy.body == "<html>502 Bad Gateway</html>"
    assert is_transient(proxy)
    teapot = status_error(_error_response(418, b""))
    assert type(teapot) is openai.APIStatusError and teapot.status_code == 418 and not is_transient(teapot)
