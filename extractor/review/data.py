"""Read-side queries for the review page and the HTML report.

The queue is built from the ``items`` columns and a few ``json_extract`` calls rather than by
parsing every record, so a run with tens of thousands of records still pages quickly; only the
record on screen is rebuilt as a pydantic model.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from extractor.checks import PLAIN_WORDS
from extractor.decisions import STATUS_FOR_DECISION, apply_decision, editable_fields
from extractor.models import Project, Record, Target, record_from_dict
from extractor.store import review_history

KINDS = ("target", "project")
STATUS_FILTERS = ("unreviewed", "reviewed", "flagged", "ok", "accepted", "rejected", "edited")
FLAG_FIELDS = {
    "VALUE_NOT_IN_QUOTE": "value",
    "IMPLAUSIBLE": "value",
    "UNIT_NOT_IN_QUOTE": "unit",
    "QUALIFIER_MISMATCH": "qualifier",
    "INDICATOR_NOT_IN_QUOTE": "indicator",
    "STAGE_NOT_IN_QUOTE": "stage",
    "RETROSPECTIVE": "target_year",
}
"""Which field a reviewer most likely corrects for each flag."""
CONTEXT_LIMIT = 1200
"""Paragraphs longer than this are cut to a window around the quote."""


@dataclass(frozen=True)
class Filters:
    """The queue filters, as given in the page's query string."""

    doc: str = ""
    kind: str = ""
    flag: str = ""
    status: str = ""

    def query(self, **extra: str) -> str:
        """Query string that keeps these filters (empty ones left out)."""
        params = {"doc": self.doc, "kind": self.kind, "flag": self.flag, "status": self.status, **extra}
        return urlencode({k: v for k, v in params.items() if v})


@dataclass
class QueueEntry:
    """One record in the review queue, without rebuilding the record model."""

    id: str
    doc_id: str
    source_file: str
    kind: str
    char_start: int | None
    extracted_status: str
    decision: str | None
    label: str
    flags: list[str]

    @property
    def status(self) -> str:
        """Current status: the latest decision's, else the extraction's (ok / flagged)."""
        return STATUS_FOR_DECISION.get(self.decision or "", self.extracted_status)

    @property
    def reviewed(self) -> bool:
        return self.decision in STATUS_FOR_DECISION

    @property
    def was_flagged(self) -> bool:
        return self.extracted_status == "flagged"

    def matches(self, filters: Filters) -> bool:
        status_ok = {
            "": True,
            "unreviewed": not self.reviewed,
            "reviewed": self.reviewed,
        }.get(filters.status, self.status == filters.status)
        return (
            status_ok
            and (not filters.doc or self.doc_id == filters.doc)
            and (not filters.kind or self.kind == filters.kind)
            and (not filters.flag or filters.flag in self.flags)
        )


_QUEUE_SQL = """
SELECT i.id, i.doc_id, i.kind, i.char_start, d.source_file,
       json_extract(i.record, '$.status') AS extracted_status,
       json_extract(i.record, '$.indicator') AS indicator, json_extract(i.record, '$.value') AS value,
       json_extract(i.record, '$.unit') AS unit, json_extract(i.record, '$.name') AS name,
       json_extract(i.record, '$.stage') AS stage,
       (SELECT GROUP_CONCAT(f.code, ' ') FROM flags f WHERE f.item_id = i.id) AS codes,
       r.decision, r.edits
FROM items i
JOIN documents d ON d.doc_id = i.doc_id
LEFT JOIN (SELECT item_id, MAX(id) AS last_id FROM reviews GROUP BY item_id) last ON last.item_id = i.id
LEFT JOIN reviews r ON r.id = last.last_id
ORDER BY CASE WHEN json_extract(i.record, '$.status') = 'flagged' THEN 0 ELSE 1 END,
         d.source_file, i.char_start, i.kind, i.id
"""


def format_value(value: object) -> str:
    """Numbers as a person writes them (7, 6.5), None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _label(row: sqlite3.Row, edits: dict[str, object]) -> str:
    data = {key: row[key] for key in ("indicator", "value", "unit", "name", "stage")} | edits
    if row["kind"] == "project":
        return f"{data['name']} · {data['stage']}"
    return f"{data['indicator']} {format_value(data['value'])}{data['unit'] or ''}".strip()


def _entry(row: sqlite3.Row) -> QueueEntry:
    edits: dict[str, object] = {}
    if row["decision"] == "edit":
        try:
            loaded = json.loads(row["edits"] or "{}")
            edits = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            edits = {}
    return QueueEntry(
        id=row["id"],
        doc_id=row["doc_id"],
        source_file=row["source_file"],
        kind=row["kind"],
        char_start=row["char_start"],
        extracted_status=row["extracted_status"] or "ok",
        decision=row["decision"],
        label=_label(row, edits),
        flags=(row["codes"] or "").split(),
    )


def all_entries(connection: sqlite3.Connection) -> list[QueueEntry]:
    """Every record, flagged ones first, then in document order (stable under decisions)."""
    return [_entry(row) for row in connection.execute(_QUEUE_SQL)]


def queue(connection: sqlite3.Connection, filters: Filters) -> list[QueueEntry]:
    return [entry for entry in all_entries(connection) if entry.matches(filters)]


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int
    flagged_reviewed: int
    flagged_total: int


def progress(entries: Sequence[QueueEntry], everything: Sequence[QueueEntry]) -> Progress:
    """Reviewed counts for the queue on screen and for all flagged records of the run."""
    flagged = [e for e in everything if e.was_flagged]
    return Progress(
        reviewed=sum(e.reviewed for e in entries),
        total=len(entries),
        flagged_reviewed=sum(e.reviewed for e in flagged),
        flagged_total=len(flagged),
    )


def filter_options(connection: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for the document and flag-code filters."""
    documents = [
        (row["doc_id"], f"{row['source_file']}" + (f" · {row['region']}" if row["region"] else ""))
        for row in connection.execute("SELECT doc_id, source_file, region FROM documents ORDER BY source_file")
    ]
    codes = [
        (row["code"], f"{row['code']} ({row['n']})")
        for row in connection.execute(
            "SELECT code, COUNT(DISTINCT item_id) AS n FROM flags GROUP BY code ORDER BY code"
        )
    ]
    return {"documents": documents, "flags": codes}


# --- one record ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagView:
    code: str
    severity: str
    plain: str
    detail: str


@dataclass(frozen=True)
class Segment:
    """A piece of text and the keys of the highlighted spans that cover it."""

    text: str
    keys: frozenset[str]
    start: int


@dataclass
class Context:
    """The paragraph around a record, cut into highlighted segments."""

    segments: list[Segment]
    located: bool
    cut_before: bool = False
    cut_after: bool = False
    section: str = ""
    section_kind: str = ""
    section_year: int | None = None


@dataclass
class FieldView:
    name: str
    value: str
    original: str | None = None


@dataclass
class EditField:
    name: str
    value: str
    choices: list[str] = field(default_factory=list)
    numeric: bool = False


@dataclass
class RecordView:
    record: Record
    extracted: Record
    status: str
    review_status: str
    flags: list[FlagView]
    fields: list[FieldView]
    edit_fields: list[EditField]
    context: Context
    history: list[sqlite3.Row]

    @property
    def focus_field(self) -> str:
        """The field the first flag points at, focused when the edit form opens."""
        editable = editable_fields(self.record)
        for flag in self.flags:
            name = FLAG_FIELDS.get(flag.code)
            if name in editable:
                return name
        return editable[0]

    @property
    def label(self) -> str:
        if isinstance(self.record, Project):
            return self.record.name
        return f"{self.record.indicator} {format_value(self.record.value)}{self.record.unit or ''}"


def load_record(connection: sqlite3.Connection, item_id: str) -> Record | None:
    row = connection.execute("SELECT record FROM items WHERE id = ?", (item_id,)).fetchone()
    return record_from_dict(json.loads(row["record"])) if row else None


def latest_review(connection: sqlite3.Connection, item_id: str) -> sqlite3.Row | None:
    return connection.execute("SELECT * FROM reviews WHERE item_id = ? ORDER BY id DESC LIMIT 1", (item_id,)).fetchone()


def explain_flag(code: str, severity: str, message: str) -> FlagView:
    """The flag in plain words, with the record-specific detail the check added."""
    plain = PLAIN_WORDS.get(code, "")
    detail = message[len(plain) :].strip() if plain and message.startswith(plain) else message
    return FlagView(code=code, severity=severity, plain=plain or message, detail="" if detail == plain else detail)


TARGET_DISPLAY = (
    "indicator", "indicator_id", "metric", "value", "value_high", "unit", "qualifier", "bound", "direction",
    "modality", "headline", "target_year", "region", "match", "backend",
)  # fmt: skip
PROJECT_DISPLAY = (
    "name", "stage", "stage_raw", "group_count", "investment", "investment_unit", "target_year", "region",
    "match", "backend",
)  # fmt: skip


def field_views(record: Record, extracted: Record) -> list[FieldView]:
    names = TARGET_DISPLAY if isinstance(record, Target) else PROJECT_DISPLAY
    views = []
    for name in names:
        now, before = getattr(record, name), getattr(extracted, name)
        views.append(FieldView(name, format_value(now), format_value(before) if now != before else None))
    return views


def edit_fields(record: Record, choices: dict[str, list[str]]) -> list[EditField]:
    return [
        EditField(
            name=name,
            value=format_value(getattr(record, name)),
            choices=choices.get(name, []),
            numeric=name in ("value", "value_high", "target_year"),
        )
        for name in editable_fields(record)
    ]


def split_spans(text: str, base: int, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``text`` (which starts at offset ``base``) at every span boundary.

    Overlapping spans are common (one quote, two targets), so each segment carries the set of
    span keys covering it instead of nesting marks.
    """
    end_of_text = base + len(text)
    spans = [(max(s, base), min(e, end_of_text), k) for s, e, k in spans if e > base and s < end_of_text and e > s]
    cuts = sorted({base, end_of_text, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        keys = frozenset(k for s, e, k in spans if s <= start and end <= e)
        segments.append(Segment(text=text[start - base : end - base], keys=keys, start=start))
    return segments


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """The line(s) holding [start, end), cut to a window when very long."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    cut_before = cut_after = False
    if para_end - para_start > CONTEXT_LIMIT:
        margin = max(200, (CONTEXT_LIMIT - (end - start)) // 2)
        if start - para_start > margin:
            para_start, cut_before = start - margin, True
        if para_end - end > margin:
            para_end, cut_after = end + margin, True
    return para_start, para_end, cut_before, cut_after


def context_for(connection: sqlite3.Connection, record: Record) -> Context:
    """The paragraph around the record with its quote (and its neighbours' quotes) highlighted."""
    row = connection.execute("SELECT text FROM documents WHERE doc_id = ?", (record.doc_id,)).fetchone()
    if row is None or record.char_start is None or record.char_end is None:
        return Context(segments=[Segment(record.quote, frozenset(), 0)], located=False)
    text: str = row["text"]
    start, end, cut_before, cut_after = paragraph_bounds(text, record.char_start, record.char_end)
    neighbours = connection.execute(
        "SELECT id, char_start, char_end FROM items WHERE doc_id = ? AND char_end > ? AND char_start < ? AND id != ?",
        (record.doc_id, start, end, record.id),
    )
    spans = [(n["char_start"], n["char_end"], "other") for n in neighbours]
    spans.append((record.char_start, record.char_end, "current"))
    section = connection.execute(
        "SELECT path, kind, year FROM sections WHERE doc_id = ? AND char_start <= ? AND ? < char_end "
        "ORDER BY level DESC, idx DESC LIMIT 1",
        (record.doc_id, record.char_start, record.char_start),
    ).fetchone()
    return Context(
        segments=split_spans(text[start:end], start, spans),
        located=True,
        cut_before=cut_before,
        cut_after=cut_after,
        section=" › ".join(record.section_path),
        section_kind=section["kind"] if section else "",
        section_year=section["year"] if section else None,
    )


def record_view(connection: sqlite3.Connection, item_id: str, choices: dict[str, list[str]]) -> RecordView | None:
    """Everything the page shows for one record, with the latest decision applied."""
    extracted = load_record(connection, item_id)
    if extracted is None:
        return None
    record, review_status = apply_decision(extracted, latest_review(connection, item_id))
    return RecordView(
        record=record,
        extracted=extracted,
        status=record.status,
        review_status=review_status,
        flags=[explain_flag(f.code, f.severity, f.message) for f in extracted.flags],
        fields=field_views(record, extracted),
        edit_fields=edit_fields(record, choices),
        context=context_for(connection, extracted),
        history=review_history(connection, item_id),
    )
