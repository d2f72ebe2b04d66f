"""Record models shared by every stage.

Offsets are first-class data: every record carries the span of the cleaned document text it
came from, and ``text[char_start:char_end] == quote`` is an invariant checked by the grounding
stage. The models are deliberately flat so they export to CSV / Stata without reshaping.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["target", "project", "result"]
Metric = Literal["growth", "level", "share", "change_pp", "count", "relative", "delegated"]
Bound = Literal["point", "around", "at_least", "at_most", "range"]
Direction = Literal["increase", "decrease", "maintain"]
Modality = Literal["ensure", "strive"]
Stage = Literal["planning", "signed", "start", "ongoing", "complete", "operate"]
MatchKind = Literal["exact", "normalized", "fuzzy", "none"]
Backend = Literal["rules", "llm", "both", "reviewer"]
"""``reviewer``: a record a reviewer added on the review page (a target or project the extraction missed)."""
Status = Literal["ok", "flagged", "accepted", "rejected", "edited"]
Severity = Literal["error", "warning", "info"]
SectionKind = Literal["review", "plan", "other", "notes"]
"""``notes``: a glossary appended to the report (名词解释, 注释): definitions, not the report's own statements."""
RegionLevel = Literal["national", "province", "prefecture", "county"]


class Flag(BaseModel):
    """A reason a reviewer should look at a record."""

    model_config = ConfigDict(extra="forbid")

    code: str
    severity: Severity
    message: str


class RecordBase(BaseModel):
    """Fields shared by targets and projects."""

    model_config = ConfigDict(extra="forbid")

    id: str = ""
    kind: Kind
    doc_id: str = ""
    source_file: str = ""
    region: str | None = None
    region_code: str | None = None
    region_level: RegionLevel | None = None
    report_year: int | None = None  # the year the report was delivered (and plans for); one per document
    target_year: int | None = None  # the year this record is for: 2026 for a five-year goal in a 2022 report
    section_path: list[str] = Field(default_factory=list)
    quote: str
    char_start: int | None = None
    char_end: int | None = None
    match: MatchKind = "none"
    backend: Backend = "rules"
    flags: list[Flag] = Field(default_factory=list)
    status: Status = "ok"

    def identity(self) -> tuple[object, ...]:
        """What makes two records the same record (used for the stable id)."""
        raise NotImplementedError

    def with_id(self) -> Self:
        """Return a copy whose ``id`` is a hash of the document, kind, span and identity.

        The id is stable across runs and machines so that review decisions survive a re-run.
        """
        return self.model_copy(update={"id": self.stable_id()})

    def stable_id(self) -> str:
        """The id ``with_id`` gives: a hash of the document, kind, span and identity."""
        payload = _ID_ENCODER.encode([self.doc_id, self.kind, self.char_start, self.char_end, *self.identity()])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


_ID_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)
"""``json.dumps(…, ensure_ascii=False, default=str)``, made once rather than for every record."""


class Target(RecordBase):
    """A quantitative goal for a plan year, one indicator per record."""

    kind: Literal["target"] = "target"
    indicator: str
    indicator_id: str = "other"
    metric: Metric
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    bound: Bound = "point"
    direction: Direction = "increase"
    modality: Modality | None = None
    headline: bool = False

    def identity(self) -> tuple[object, ...]:
        return (self.indicator, self.metric, self.value, self.value_high, self.unit)


class Project(RecordBase):
    """A named project with the stage the plan assigns it."""

    kind: Literal["project"] = "project"
    name: str
    stage: Stage
    stage_raw: str
    group_count: int | None = None
    investment: float | None = None
    investment_unit: str | None = None

    def identity(self) -> tuple[object, ...]:
        return (self.name, self.stage)


class Result(RecordBase):
    """An achieved (or estimated) figure for a past period, as a report states it: the outcome a panel
    sets beside the target of that year ("2022年,全县生产总值增长7.1%")."""

    kind: Literal["result"] = "result"
    indicator: str
    indicator_id: str = "other"
    metric: Metric
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    direction: Direction = "increase"
    year: int | None = None  # the year the figure is for (target_year stays the report's plan year)
    estimate: bool = False  # 预计, 初步统计: a first estimate, to be revised by the next report
    period: bool = False  # a multi-year figure (过去五年…, 年均, 累计) ending in ``year``, not that year's own

    def identity(self) -> tuple[object, ...]:
        return (self.indicator, self.metric, self.value, self.value_high, self.unit, self.year)


Record = Target | Project | Result


class Section(BaseModel):
    """A node of the heading tree with the span of its body in the cleaned text."""

    model_config = ConfigDict(extra="forbid")

    index: int
    level: int
    heading: str
    path: list[str]
    char_start: int
    char_end: int
    kind: SectionKind = "other"
    year: int | None = None
    headline: bool = False


class ChunkPart(BaseModel):
    """One section's share of a packed chunk: its document span, heading path and plan year."""

    model_config = ConfigDict(extra="forbid")

    char_start: int
    char_end: int
    section_path: list[str]
    year: int | None = None


class Chunk(BaseModel):
    """A piece of cleaned text small enough for one model call.

    Section-bounded chunks (the rules' cut) hold one section or part of one. Packed chunks (the model's
    cut, ``chunks.pack_chunks``) hold consecutive sections, listed in ``parts`` in document order with
    their own heading paths and plan years; the chunk's ``section_path`` is what the parts share, and
    its ``year`` the parts' year when they all have the same one.
    """

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    index: int
    char_start: int
    char_end: int
    text: str
    section_path: list[str]
    section_kind: SectionKind
    year: int | None = None
    report_year: int | None = None  # the year the whole report plans for, to read "2022年…" as past
    parts: list[ChunkPart] = Field(default_factory=list)  # packed chunks only
    delivered_the_year_before: bool = False  # delivered in the December before: its 今年 is the year reviewed
    # main-targets spans (genre.headline_spans) of a section read in pieces, read on the whole section: a piece may hold
    # a part of the lead's line without its lead, or a task after it; None: read from the chunk's own text
    section_headline_spans: list[tuple[int, int]] | None = None

    def part_spans(self) -> list[ChunkPart]:
        """The sections inside the chunk; a section-bounded chunk is its own single part."""
        if self.parts:
            return self.parts
        return [
            ChunkPart(
                char_start=self.char_start, char_end=self.char_end, section_path=self.section_path, year=self.year
            )
        ]

    def part_at(self, offset: int) -> ChunkPart:
        """The part holding a document offset (the first part when none does)."""
        parts = self.part_spans()
        return next((p for p in parts if p.char_start <= offset < p.char_end), parts[0])

    def part_texts(self) -> list[str]:
        """Each part's text, cut from the chunk's own text."""
        return [self.text[p.char_start - self.char_start : p.char_end - self.char_start] for p in self.part_spans()]

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class Document(BaseModel):
    """One cleaned report; every offset in every record refers to ``text``."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    source_file: str  # the path relative to the input root (临海/2023/report.txt), "/" separated
    encoding: str
    text: str
    title: str | None = None
    region: str | None = None
    region_code: str | None = None
    region_level: RegionLevel | None = None
    report_year: int | None = None  # the year the report was delivered: the year of its session
    target_year: int | None = None  # the plan year the report's targets are for unless a clause says otherwise
    warnings: list[str] = Field(default_factory=list)  # what could not be read (year, region), for the reviewer
    document_flags: list[str] = Field(
        default_factory=list
    )  # e.g. REGION_CONTRADICTS_TEXT: a stated value the text disputes


class Failure(BaseModel):
    """A document or chunk that could not be processed, with a one-line reason."""

    model_config = ConfigDict(extra="forbid")

    source_file: str
    stage: str
    reason: str
    doc_id: str | None = None
    chunk_index: int | None = None


def record_from_dict(data: dict[str, object]) -> Record:
    """Rebuild a Target, Project or Result from its JSON form."""
    if data.get("kind") == "project":
        return Project.model_validate(data)
    if data.get("kind") == "result":
        return Result.model_validate(data)
    return Target.model_validate(data)
