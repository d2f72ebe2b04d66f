"""The model's response schema, its validators, its compact text for the prompt, and conversion to records.

The model fills a small schema of its own (no ids, offsets, flags or document fields): every field
it returns is something a human coder would copy from the text. The one hard rule is enforced at
validation time: a quote must be a verbatim piece of one part of the chunk. The validator finds the
chunk in a context variable (``answering``), set around every validation of an answer for that chunk,
so nothing is passed through instructor's ``context=`` (which would also make instructor render every
message as a Jinja template). A violation raises, and instructor re-asks the model with the error.
Everything else (numbers not in the quote, wrong units, past results) is the checks' job: a flag.

The prompt does not carry the generated JSON Schema (5,600 characters, most of it titles and
nesting): ``PromptedExtraction`` hands instructor a compact schema whose field list is written for
the model; validation is the same pydantic model either way.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
import types
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractor.backends.rules import bound_of
from extractor.chunks import headline_spans_of
from extractor.models import Chunk, Project, Record, Target
from extractor.numbers import QUOTE_MARKS
from extractor.vocabulary import indicator_id_for

_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """NFKC, quotation marks folded, whitespace removed: the comparison the validator forgives (full-width
    digits, “ for ", line breaks), the same as grounding's normalized match (``grounding._normalize_with_map``)."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS))


def quote_in_chunk(quote: str, chunk_text: str) -> bool:
    return quote in chunk_text or (bool(squash(quote)) and squash(quote) in squash(chunk_text))


_ANSWERING: ContextVar[tuple[str, ...] | None] = ContextVar("extractor_answering", default=None)
"""The texts of the parts of the chunk whose answer is being validated; None outside ``answering``."""


@contextmanager
def answering(chunk: Chunk) -> Iterator[None]:
    """Validate answers for ``chunk`` inside this block: the quote validator checks against its parts.

    A context variable is local to the asyncio task (and thread) that sets it, so concurrent chunks
    never see each other's text.
    """
    token = _ANSWERING.set(tuple(chunk.part_texts()))
    try:
        yield
    finally:
        _ANSWERING.reset(token)


@contextmanager
def quotes_unchecked() -> Iterator[None]:
    """Validate without the quote check, even inside an ``answering`` block: for keeping an answer whose
    only faults are quotes the chunk does not contain (grounding then flags them QUOTE_FUZZY or QUOTE_NOT_FOUND)."""
    token = _ANSWERING.set(None)
    try:
        yield
    finally:
        _ANSWERING.reset(token)


def quote_in_parts(quote: str, parts: tuple[str, ...] | list[str]) -> bool:
    """A quote must lie inside one part: a span across two sections is no verbatim quote."""
    return any(quote_in_chunk(quote, part) for part in parts)


class _Item(BaseModel):
    """Fields shared by both kinds; extra keys from a chatty model are ignored, not fatal."""

    model_config = ConfigDict(extra="ignore")

    quote: str = Field(min_length=1, description="从片段中逐字复制的连续原文，包含指标（或项目名称）和数字（或阶段词）")
    offset: int | None = Field(default=None, ge=0, description="可选：quote 在片段中的起始字符位置（从0开始）")

    @field_validator("quote")
    @classmethod
    def _quote_is_verbatim(cls, quote: str) -> str:
        parts = _ANSWERING.get()
        if parts is not None and not quote_in_parts(quote, parts):
            raise ValueError(
                f"quote «{quote}» does not occur in the chunk text; copy a continuous span of one section of "
                "the chunk character for character (same punctuation, no 【】 marker line), or leave the record out"
            )
        return quote


class TargetItem(_Item):
    indicator: str = Field(min_length=1, description="原文中的指标名称")
    metric: Literal["growth", "level", "share", "change_pp", "count", "relative", "delegated"]
    value: float | None = Field(default=None, description="原文写出的数字，按原文单位；下降目标填正数")
    value_high: float | None = Field(default=None, description="区间上限，否则 null")
    unit: str | None = Field(default=None, description="%、‰、个百分点、亿元、万元、万人、个、家、亩 等")
    qualifier: str | None = Field(default=None, description="逐字的限定词：以上、左右、以内、不低于 等")
    direction: Literal["increase", "decrease", "maintain"] = "increase"
    modality: Literal["ensure", "strive"] | None = None
    target_year: int | None = Field(default=None, description="目标所指年份，默认为推断的计划年份")


class ProjectItem(_Item):
    name: str = Field(min_length=1, description="逐字的项目名称")
    stage: Literal["planning", "signed", "start", "ongoing", "complete", "operate"]
    stage_raw: str = Field(min_length=1, description="逐字的阶段词，如 开工建设、加快推进、建成投用")
    group_count: int | None = Field(default=None, ge=0, description="“等N个项目”中的 N，否则 null")
    investment: float | None = None
    investment_unit: str | None = None


class ChunkExtraction(BaseModel):
    """What the model returns for one chunk."""

    model_config = ConfigDict(extra="ignore")

    targets: list[TargetItem] = Field(default_factory=list)
    projects: list[ProjectItem] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _has_the_shape(cls, data: Any) -> Any:
        """An object without either list is the wrong shape, not an empty answer: re-ask rather than drop."""
        if not isinstance(data, dict) or not ({"targets", "projects"} & data.keys()):
            raise ValueError('expected a JSON object {"targets": [...], "projects": [...]}')
        return data


# --- the compact schema the model is shown -------------------------------------------------------

PROMPT_HIDDEN_FIELDS = frozenset({"offset"})
"""Accepted and validated when sent, but not asked for: a model cannot count characters reliably."""


def _type_text(annotation: Any) -> str:
    """A field's type as the model needs it: str, num, int or a|b|c (null is implied by ``?``)."""
    origin = get_origin(annotation)
    if origin is Literal:
        return "|".join(str(a) for a in get_args(annotation))
    if origin in (Union, types.UnionType):
        return "|".join(_type_text(a) for a in get_args(annotation) if a is not type(None))
    return {str: "str", float: "num", int: "int"}.get(annotation, getattr(annotation, "__name__", "?"))


def field_list(model: type[BaseModel]) -> str:
    """``name:type`` for every field the model fills, required ones first; ``name?`` may be left out or null."""
    fields = [(n, f) for n, f in model.model_fields.items() if n not in PROMPT_HIDDEN_FIELDS]
    required = [f"{name}:{_type_text(info.annotation)}" for name, info in fields if info.is_required()]
    optional = [f"{name}?:{_type_text(info.annotation)}" for name, info in fields if not info.is_required()]
    return "{" + ", ".join(required + optional) + "}"


@functools.cache
def compact_schema() -> dict[str, Any]:
    """A valid JSON Schema of the answer's outline, with each list's fields in its description.

    Instructor's JSON modes print the response model's schema into the system message; this one is
    about a sixth of the generated schema and says what the model needs (names, types, allowed
    values). The generated schema stays the validator and the cache's schema hash.
    """
    return {
        "type": "object",
        "properties": {
            "targets": {"type": "array", "description": "每项 " + field_list(TargetItem)},
            "projects": {"type": "array", "description": "每项 " + field_list(ProjectItem)},
        },
    }


class PromptedExtraction(ChunkExtraction):
    """``ChunkExtraction`` as instructor is handed it: the same validation, the compact schema in the prompt."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(compact_schema())


def schema_hash() -> str:
    """A hash of the response schema and of its prompt text: part of every cache key, so a change to
    either invalidates the cache."""
    schema = json.dumps([ChunkExtraction.model_json_schema(), compact_schema()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:12]


def _span_in_chunk(
    chunk: Chunk, quote: str, offset: int | None, taken: set[int] | None = None
) -> tuple[int | None, int | None]:
    """Document offsets of the quote when it is written exactly in the chunk: nearest to the model's
    offset, else the first occurrence not ``taken`` by an identical record before it (a packed chunk
    can hold the same sentence in two sections, and two identical answers mean both)."""
    positions = _occurrences(chunk.text, quote)
    positions = [p for p in positions if _within_one_part(chunk, p, p + len(quote))]
    if not positions:
        return None, None
    if offset is not None:
        best = min(positions, key=lambda p: abs(p - offset))
    else:
        best = next((p for p in positions if p not in (taken or set())), positions[0])
    if taken is not None:
        taken.add(best)
    start = chunk.char_start + best
    return start, start + len(quote)


def _occurrences(text: str, quote: str) -> list[int]:
    """Where ``quote`` starts in ``text``, left to right, occurrences not overlapping (as ``re.finditer``
    finds them, without compiling a pattern per quote)."""
    if not quote:
        return list(range(len(text) + 1))
    found: list[int] = []
    at = text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + len(quote))
    return found


def _within_one_part(chunk: Chunk, start: int, end: int) -> bool:
    part = chunk.part_at(chunk.char_start + start)
    return part.char_start <= chunk.char_start + start and chunk.char_start + end <= part.char_end


def _path_of(chunk: Chunk, start: int | None) -> list[str]:
    """The heading path of the part a record's quote lies in (the chunk's shared path when unplaced)."""
    return chunk.part_at(start).section_path if start is not None else chunk.section_path


def _year_of(chunk: Chunk, start: int | None) -> int | None:
    """The plan year of the part a record's quote lies in (the chunk's year when unplaced)."""
    return chunk.part_at(start).year if start is not None else chunk.year


def _clean_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    folded = unicodedata.normalize("NFKC", unit).strip()
    return {"百分点": "个百分点", "percent": "%"}.get(folded, folded) or None


def _blank_to_none(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def to_records(extraction: ChunkExtraction, chunk: Chunk) -> list[Record]:
    """Shared-model records from one validated response, with ``backend="llm"``.

    Derived fields are computed, not asked for: the indicator id from the vocabulary, the bound from
    the qualifier, the headline flag from the chunk's main-targets paragraph. A negative value is read
    as a decline (the design's convention is ``value 3, direction decrease``).
    """
    spans = headline_spans_of(chunk)
    records: list[Record] = []
    taken: dict[tuple[object, ...], set[int]] = {}
    for item in extraction.targets:
        same: tuple[object, ...] = ("target", item.quote, item.indicator, item.value, item.value_high)
        start, end = _span_in_chunk(chunk, item.quote, item.offset, taken.setdefault(same, set()))
        value, high, direction = item.value, item.value_high, item.direction
        if value is not None and value < 0 and (high is None or high <= 0):
            value, high, direction = -value, (-high if high is not None else None), "decrease"
        qualifier = _blank_to_none(item.qualifier)
        records.append(
            Target(
                quote=item.quote,
                char_start=start,
                char_end=end,
                section_path=_path_of(chunk, start),
                target_year=item.target_year or _year_of(chunk, start),
                indicator=item.indicator,
                indicator_id=indicator_id_for(item.indicator),
                metric=item.metric,
                value=value,
                value_high=high,
                unit=_clean_unit(item.unit),
                qualifier=qualifier,
                bound=bound_of(qualifier, high),  # type: ignore[arg-type]
                direction=direction,
                modality=item.modality,
                headline=start is not None and any(s <= start < e for s, e in spans),
                backend="llm",
            )
        )
    for project in extraction.projects:
        same = ("project", project.quote, project.name, project.stage)
        start, end = _span_in_chunk(chunk, project.quote, project.offset, taken.setdefault(same, set()))
        records.append(
            Project(
                quote=project.quote,
                char_start=start,
                char_end=end,
                section_path=_path_of(chunk, start),
                target_year=_year_of(chunk, start),
                name=project.name,
                stage=project.stage,
                stage_raw=project.stage_raw,
                group_count=project.group_count,
                investment=project.investment,
                investment_unit=_blank_to_none(project.investment_unit),
                backend="llm",
            )
        )
    return records
