"""The model's response schema, its validators, and conversion to the shared record models.

The model fills a small schema of its own (no ids, offsets, flags or document fields): every field
it returns is something a human coder would copy from the text. The one hard rule is enforced at
validation time, with the chunk as validation context: a quote must be a verbatim piece of the chunk.
A violation raises, and instructor re-asks the model with the error. Everything else (numbers that
are not in the quote, wrong units, past results) is the checks' job, so it ends as a flag.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from extractor.backends.rules import bound_of, headline_spans
from extractor.models import Chunk, Project, Record, Target
from extractor.vocabulary import indicator_id_for

_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """NFKC with whitespace removed: the comparison the validator forgives (full-width digits, line breaks)."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def quote_in_chunk(quote: str, chunk_text: str) -> bool:
    return quote in chunk_text or (bool(squash(quote)) and squash(quote) in squash(chunk_text))


class _Item(BaseModel):
    """Fields shared by both kinds; extra keys from a chatty model are ignored, not fatal."""

    model_config = ConfigDict(extra="ignore")

    quote: str = Field(min_length=1, description="从片段中逐字复制的连续原文，包含指标（或项目名称）和数字（或阶段词）")
    offset: int | None = Field(default=None, ge=0, description="可选：quote 在片段中的起始字符位置（从0开始）")

    @field_validator("quote")
    @classmethod
    def _quote_is_verbatim(cls, quote: str, info: ValidationInfo) -> str:
        context = info.context or {}
        chunk_text = context.get("chunk_text")
        if chunk_text is not None and not quote_in_chunk(quote, chunk_text):
            raise ValueError(
                f"quote «{quote}» does not occur in the chunk text; copy a continuous span of the chunk "
                "character for character (same punctuation), or leave the record out"
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

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The default schema is built once per class: instructor asks for it on every call, and
        rebuilding it costs more CPU than the rest of a request put together."""
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(_default_schema(cls))

    @model_validator(mode="before")
    @classmethod
    def _has_the_shape(cls, data: Any) -> Any:
        """An object without either list is the wrong shape, not an empty answer: re-ask rather than drop."""
        if not isinstance(data, dict) or not ({"targets", "projects"} & data.keys()):
            raise ValueError('expected a JSON object {"targets": [...], "projects": [...]}')
        return data


@functools.cache
def _default_schema(model: type[BaseModel]) -> dict[str, Any]:
    return BaseModel.model_json_schema.__func__(model)  # type: ignore[attr-defined]


def schema_hash() -> str:
    """A hash of the response schema: part of every cache key, so a schema change invalidates the cache."""
    schema = json.dumps(ChunkExtraction.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:12]


def validation_context(chunk: Chunk) -> dict[str, Any]:
    return {"chunk_text": chunk.text}


def _span_in_chunk(chunk: Chunk, quote: str, offset: int | None) -> tuple[int | None, int | None]:
    """Document offsets of the quote when it is written exactly in the chunk (nearest to the model's offset)."""
    positions = [m.start() for m in re.finditer(re.escape(quote), chunk.text)]
    if not positions:
        return None, None
    best = min(positions, key=lambda p: abs(p - offset)) if offset is not None else positions[0]
    start = chunk.char_start + best
    return start, start + len(quote)


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
    spans = headline_spans(chunk)
    records: list[Record] = []
    for item in extraction.targets:
        start, end = _span_in_chunk(chunk, item.quote, item.offset)
        value, high, direction = item.value, item.value_high, item.direction
        if value is not None and value < 0 and (high is None or high <= 0):
            value, high, direction = -value, (-high if high is not None else None), "decrease"
        qualifier = _blank_to_none(item.qualifier)
        records.append(
            Target(
                quote=item.quote,
                char_start=start,
                char_end=end,
                section_path=chunk.section_path,
                target_year=item.target_year or chunk.year,
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
    for item in extraction.projects:
        start, end = _span_in_chunk(chunk, item.quote, item.offset)
        records.append(
            Project(
                quote=item.quote,
                char_start=start,
                char_end=end,
                section_path=chunk.section_path,
                target_year=chunk.year,
                name=item.name,
                stage=item.stage,
                stage_raw=item.stage_raw,
                group_count=item.group_count,
                investment=item.investment,
                investment_unit=_blank_to_none(item.investment_unit),
                backend="llm",
            )
        )
    return records
