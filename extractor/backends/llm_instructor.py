"""Glue to instructor 1.17: modes, the prepared response model, response clean-up, cached templates.

Kept apart from the client so the places where this project leans on instructor's internals (the
mode registry, the response parser used to re-validate cached answers, the template function) are
in one file, next to the pin in pyproject.toml.
"""

from __future__ import annotations

import functools
import re
import textwrap
from typing import Any

import instructor
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from jinja2.sandbox import SandboxedEnvironment
from openai.types.chat import ChatCompletion

from extractor.backends.llm_schema import ChunkExtraction, validation_context
from extractor.models import Chunk

INSTRUCTOR_MODES = {"json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
_THINK = re.compile(r"<think>.*?</think>", flags=re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```(?:json|JSON)?\s*\n?(.*?)\n?```$", flags=re.DOTALL)
# Prepared once: instructor wraps a plain model in a new class on every call otherwise.
RESPONSE_MODEL = prepare_response_model(ChunkExtraction)


def install_template_cache() -> None:
    """Reuse compiled Jinja templates across calls in instructor's message templating.

    instructor 1.17 builds a fresh sandboxed environment and compiles every message on every call;
    the system message (prompt, examples, schema) is the same for every chunk, and compiling it cost
    more CPU than the rest of a request. Rendering is unchanged (same sandbox, same ``dedent``); only
    the compiled template of an identical text is reused. Idempotent; tested against the original.
    """
    from instructor.v2.core import templating

    if getattr(templating.apply_template, "extractor_cached", False):
        return
    environment = SandboxedEnvironment()
    compiled = functools.lru_cache(maxsize=32)(environment.from_string)

    def apply_template(text: str, context: dict[str, Any]) -> str:
        return textwrap.dedent(compiled(text).render(**context))

    apply_template.extractor_cached = True  # type: ignore[attr-defined]
    templating.apply_template = apply_template


install_template_cache()


def clean_content(content: str | None, mode: str) -> str:
    """Drop reasoning blocks (``<think>…</think>``) and, in JSON mode, one fence around the object.

    Nothing else is repaired: malformed JSON must fail validation and be re-asked, never be cut down
    to some inner object that happens to parse.
    """
    text = _THINK.sub("", content or "").strip()
    if mode == "json":
        fenced = _FENCE.match(text)
        if fenced:
            text = fenced.group(1).strip()
    return text


def cleaned_completion(completion: ChatCompletion, mode: str) -> ChatCompletion:
    """A copy of the completion whose first message content has been through ``clean_content``."""
    if not completion.choices:
        return completion
    first = completion.choices[0]
    message = first.message.model_copy(update={"content": clean_content(first.message.content, mode)})
    return completion.model_copy(
        update={"choices": [first.model_copy(update={"message": message}), *completion.choices[1:]]}
    )


def parse_completion(completion: ChatCompletion, mode: str, chunk: Chunk) -> ChunkExtraction:
    """Validate a completion exactly as instructor does (used for cache hits: re-validated on load)."""
    handlers = mode_registry.get_handlers(Provider.OPENAI, INSTRUCTOR_MODES[mode])
    return handlers.response_parser(
        response=cleaned_completion(completion, mode),
        response_model=RESPONSE_MODEL,
        validation_context=validation_context(chunk),
        strict=False,
        stream=False,
    )
