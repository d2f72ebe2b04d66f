"""Cassette plumbing for the model-backend tests: a readable UTF-8 YAML serializer and body matching.

Cassettes live in ``cassettes/`` at the repository root. JSON bodies are stored as YAML data (Chinese
as written, prompts as text blocks, not ``\\u`` escapes) so a reviewer can read them; the body
matcher compares parsed JSON, ignoring only the model name, so a cassette recorded against one
provider replays under the test's placeholder model. No header is kept but the content type: auth
headers never reach a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SERIALIZER = "yaml"  # replaces vcrpy's own YAML serializer in the VCR instances of these tests
KEPT_REQUEST_HEADERS = {"content-type"}
KEPT_RESPONSE_HEADERS = {"content-type", "retry-after", "retry-after-ms", "x-request-id"}
RECORDED_HEADER = (
    "# Recorded from a real OpenAI-compatible endpoint by tests/test_llm_live.py --record-mode=rewrite.\n"
    "# Auth headers are filtered; JSON bodies are stored as YAML data. See docs/llm.md.\n"
)


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def as_data(body: str | bytes | None) -> Any:
    """A JSON body as YAML-able data (so long prompts show as readable blocks); anything else as text."""
    if body is None:
        return None
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except ValueError:
        return text


def as_text(body: Any) -> str | None:
    """Back from ``as_data``: vcrpy and httpx want the body as a string."""
    if body is None or isinstance(body, str | bytes):
        return body
    return json.dumps(body, ensure_ascii=False)


def _clean(interaction: dict[str, Any]) -> dict[str, Any]:
    request = dict(interaction["request"])
    response = dict(interaction["response"])
    request["headers"] = {k: v for k, v in (request.get("headers") or {}).items() if k.lower() in KEPT_REQUEST_HEADERS}
    request["body"] = as_data(request.get("body"))
    headers = {k: v for k, v in (response.get("headers") or {}).items() if k.lower() in KEPT_RESPONSE_HEADERS}
    body = response.get("body") or {}
    response = {**response, "headers": headers, "body": {"string": as_data(body.get("string")) or ""}}
    return {"request": request, "response": response}


class Utf8Yaml:
    """vcrpy serializer: readable YAML, a header comment, nothing but content headers."""

    header = RECORDED_HEADER

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        data = {**cassette, "interactions": [_clean(i) for i in cassette.get("interactions", [])]}
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
        return Utf8Yaml.header + text

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = yaml.safe_load(text) or {"interactions": [], "version": 1}
        for interaction in data.get("interactions", []):
            interaction["request"]["body"] = as_text(interaction["request"].get("body"))
            body = interaction["response"].get("body") or {}
            interaction["response"]["body"] = {"string": as_text(body.get("string")) or ""}
        return data


def chat_path(r1: Any, r2: Any) -> None:
    """Same endpoint path tail (``…/chat/completions``), whatever host or prefix the provider uses."""
    tail1 = "/".join(urlparse(r1.uri).path.rstrip("/").split("/")[-2:])
    tail2 = "/".join(urlparse(r2.uri).path.rstrip("/").split("/")[-2:])
    assert tail1 == tail2, f"{tail1} != {tail2}"


def _json_or_text(body: Any) -> Any:
    text = body.decode("utf-8") if isinstance(body, bytes) else (body or "")
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        data.pop("model", None)
    return data


def json_body(r1: Any, r2: Any) -> None:
    """Bodies equal as JSON, the model name aside (so a recording replays under any model name)."""
    assert _json_or_text(r1.body) == _json_or_text(r2.body), "request bodies differ"


def register(vcr: Any) -> None:
    """Called from tests/conftest.py's ``pytest_recording_configure`` hook."""
    vcr.register_serializer(SERIALIZER, Utf8Yaml)
    vcr.register_matcher("chat_path", chat_path)
    vcr.register_matcher("json_body", json_body)


def _drop_headers(request: Any) -> Any:
    for name in list(request.headers):
        if name.lower() not in KEPT_REQUEST_HEADERS:
            del request.headers[name]
    return request


VCR_CONFIG: dict[str, Any] = {
    "serializer": SERIALIZER,
    "match_on": ["method", "chat_path", "json_body"],
    "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie"],
    "before_record_request": _drop_headers,
    "decode_compressed_response": True,
    "allow_playback_repeats": False,
}
