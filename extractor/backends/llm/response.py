"""An answer's text: clean-up before instructor validates it, and re-validation of a cached answer.

Only instructor's public surface is used: ``instructor.Mode`` to pick the JSON mode and
``instructor.response_schema`` to prepare the response model once (instructor would otherwise wrap a
plain model in a new class on every call). A cached answer is re-validated with pydantic directly,
inside the same ``answering`` block as a live answer, so both meet exactly the same validators.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import re
from typing import Any

import instructor
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from extractor.backends.llm.schema import ChunkExtraction, PromptedExtraction, answering, quotes_unchecked
from extractor.models import Chunk

INSTRUCTOR_MODES = {"json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}
RESPONSE_MODEL = instructor.response_schema(PromptedExtraction)
_THINK = re.compile(r"<think>.*?</think>", flags=re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```(?:json|JSON)?\s*\n?(.*?)\n?```$", flags=re.DOTALL)
_FENCED_BLOCK = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)\n?```", flags=re.DOTALL)


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


def answer_json(content: str | None, mode: str) -> str:
    """The JSON text of an answer: as ``clean_content`` leaves it, and in md_json mode the last fenced block."""
    text = clean_content(content, mode)
    if mode == "md_json":
        blocks = _FENCED_BLOCK.findall(text)
        if blocks:
            text = blocks[-1].strip()
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


def quote_errors_only(error: ValidationError) -> bool:
    """Whether every complaint is a quote not found in the chunk (the one per-record error)."""
    return bool(error.errors()) and all(item["loc"][-1:] == ("quote",) for item in error.errors())


def parse_answer(completion: ChatCompletion, mode: str, chunk: Chunk) -> tuple[ChunkExtraction, int]:
    """Validate an answer for ``chunk`` as a live one is validated, per record: when the only errors are
    quotes not found in the chunk, the answer is kept (those records go on to grounding, which stores them
    with QUOTE_FUZZY or QUOTE_NOT_FOUND for a reviewer) and their number is returned beside it. Any other error raises
    ``ValueError`` (pydantic's ``ValidationError`` included)."""
    if not completion.choices:
        raise ValueError("completion has no choices")
    text = answer_json(completion.choices[0].message.content, mode)
    with answering(chunk):
        try:
            return ChunkExtraction.model_validate_json(text), 0
        except ValidationError as exc:
            if not quote_errors_only(exc):
                raise
            unfound = len(exc.errors())
    with quotes_unchecked():
        return ChunkExtraction.model_validate_json(text), unfound


def parse_cached(completion: ChatCompletion, mode: str, chunk: Chunk) -> ChunkExtraction:
    """Validate a stored answer for ``chunk`` as a live one is validated (``parse_answer``); raises
    ``ValueError`` when it no longer passes."""
    return parse_answer(completion, mode, chunk)[0]


class _Built(Exception):
    """Raised by the stand-in ``create`` of ``built_request``: the request was built, not sent."""


def built_request(arguments: dict[str, Any], mode: str) -> dict[str, Any] | None:
    """The keyword arguments instructor hands to ``create`` for ``arguments`` in ``mode`` (its JSON modes
    add the response schema to the system message), built by instructor itself with a stand-in ``create``
    that sends nothing; None when instructor built no request. The one way the model path sees a request
    without sending it: the run's request template, the Batch interface's bodies and ``--dry-run``."""
    captured: dict[str, Any] = {}

    def capture(**kwargs: Any) -> ChatCompletion:
        captured.update(copy.deepcopy(kwargs))
        raise _Built

    create = instructor.patch(create=capture, mode=INSTRUCTOR_MODES[mode])
    logger = logging.getLogger("instructor")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its "API call failed" lines would be about the stand-in
    try:
        with contextlib.suppress(Exception):  # instructor wraps the stand-in's _Built; only the request matters
            create(**{**arguments, "max_retries": 0})
    finally:
        logger.setLevel(level)
    return captured or None


def request_messages(messages: list[dict[str, str]], mode: str) -> list[dict[str, str]]:
    """The messages as instructor sends them in ``mode``: what ``--dry-run`` counts is what a run pays for."""
    arguments = {"response_model": RESPONSE_MODEL, "messages": messages, "model": "dry-run", "strict": False}
    built = (built_request(arguments, mode) or {}).get("messages")
    if not isinstance(built, list):
        return messages
    return [{"role": str(m.get("role")), "content": str(m.get("content") or "")} for m in built]
