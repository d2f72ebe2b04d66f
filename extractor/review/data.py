"""Read-side queries for the review page and the HTML report.

The queue is built from the ``items`` columns and a few ``json_extract`` calls rather than by
parsing every record, so a run with tens of thousands of records still pages quickly; only the
record on screen is rebuilt as a pydantic model.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from extractor import store
from extractor.checks import PLAIN_WORDS, duplicate_key, qualifier_span, value_spans
from extractor.decisions import STATUS_FOR_DECISION, apply_decision, editable_fields
from extractor.models import Project, Record, Target, record_from_dict
from extractor.numbers import fold
from extractor.store import review_history

KINDS = ("target", "project")
STATUS_FILTERS = ("unreviewed", "reviewed", "flagged", "ok", "accepted", "rejected", "edited", "added", "spot")
"""``spot``: the spot-check sample, a seeded random sample of records the checks did not flag."""
SPOT_SIZE = 20
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
    q: str = ""
    indicator: str = ""
    region: str = ""
    year: str = ""
    headline: str = ""

    def query(self, **extra: str) -> str:
        """Query string that keeps these filters (empty ones left out)."""
        return urlencode({k: v for k, v in {**self.params(), **extra}.items() if v})

    def params(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @property
    def active(self) -> bool:
        return any(self.params().values())


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
    indicator_id: str = ""
    target_year: int | None = None
    headline: bool = False
    region: str = ""
    quote: str = ""
    spot: bool = False

    @property
    def status(self) -> str:
        """Current status: the latest decision's, else the extraction's (ok / flagged)."""
        return STATUS_FOR_DECISION.get(self.decision or "", self.extracted_status)

    @property
    def reviewed(self) -> bool:
        return self.decision in STATUS_FOR_DECISION

    @property
    def added(self) -> bool:
        return self.decision == "add"

    @property
    def was_flagged(self) -> bool:
        return self.extracted_status == "flagged"

    def matches(self, filters: Filters) -> bool:
        status_ok = {
            "": True,
            "unreviewed": not self.reviewed,
            "reviewed": self.reviewed,
            "flagged": self.was_flagged,
            "added": self.added,
            "spot": self.spot,
        }.get(filters.status, self.status == filters.status)
        query = filters.q.strip().lower()
        return (
            status_ok
            and (not filters.doc or self.doc_id == filters.doc)
            and (not filters.kind or self.kind == filters.kind)
            and (not filters.flag or filters.flag in self.flags)
            and (not filters.indicator or self.indicator_id == filters.indicator)
            and (not filters.region or self.region == filters.region)
            and (not filters.year or str(self.target_year or "") == filters.year)
            and (not filters.headline or self.headline == (filters.headline == "yes"))
            and (not query or query in f"{self.label}\n{self.quote}\n{self.source_file}".lower())
        )

    def is_work(self, filters: Filters) -> bool:
        """Whether this record is part of the work of the queue: the spot-check sample in spot mode,
        else the records the checks flagged."""
        return self.spot if filters.status == "spot" else self.was_flagged

    def needs_review(self, filters: Filters) -> bool:
        """Work left: a record of the queue's work without a decision."""
        return not self.reviewed and self.is_work(filters)


_QUEUE_SQL = """
SELECT i.id, i.doc_id, i.kind, i.char_start, d.source_file,
       json_extract(i.record, '$.status') AS extracted_status,
       json_extract(i.record, '$.indicator') AS indicator, json_extract(i.record, '$.value') AS value,
       json_extract(i.record, '$.unit') AS unit, json_extract(i.record, '$.name') AS name,
       json_extract(i.record, '$.stage') AS stage,
       json_extract(i.record, '$.indicator_id') AS indicator_id, json_extract(i.record, '$.target_year') AS target_year,
       json_extract(i.record, '$.headline') AS headline, json_extract(i.record, '$.quote') AS quote,
       d.region AS region,
       (SELECT GROUP_CONCAT(f.code, ' ') FROM flags f WHERE f.item_id = i.id) AS codes,
       r.decision, r.edits
FROM items i
JOIN documents d ON d.doc_id = i.doc_id
LEFT JOIN effective_reviews r ON r.item_id = i.id
WHERE i.kind IN ('target', 'project')
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


def _entry(row: sqlite3.Row, spot: frozenset[str] = frozenset()) -> QueueEntry:
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
        indicator_id=row["indicator_id"] or "",
        target_year=edits.get("target_year", row["target_year"]),  # type: ignore[arg-type]
        headline=bool(edits.get("headline", row["headline"])),
        region=row["region"] or "",
        quote=row["quote"] or "",
        spot=row["id"] in spot,
    )


def all_entries(connection: sqlite3.Connection) -> list[QueueEntry]:
    """Every record, flagged ones first, then in document order (stable under decisions)."""
    spot = frozenset(spot_ids(connection))
    return [_entry(row, spot) for row in connection.execute(_QUEUE_SQL)]


def spot_settings(connection: sqlite3.Connection, size: int | None = None) -> tuple[str, int]:
    """The spot check's seed and size, chosen once per run folder (kept in run_state) so the sample
    stays the same across sessions and reviewers; ``size`` changes the size."""
    state = store.run_state(connection)
    seed = state.get("spot_seed")
    stored = state.get("spot_size")
    if not isinstance(seed, str) or (size is not None and size != stored):
        seed = seed if isinstance(seed, str) else secrets.token_hex(8)
        store.set_run_state(connection, spot_seed=seed, spot_size=size or stored or SPOT_SIZE)
        state = store.run_state(connection)
    return str(state["spot_seed"]), int(state.get("spot_size") or SPOT_SIZE)  # type: ignore[call-overload]


def spot_ids(connection: sqlite3.Connection) -> list[str]:
    """The spot-check sample: records the checks did not flag (reviewer-added ones excluded), ranked by
    a hash of the run's seed and the record id, the first ``size`` of them. Empty until a seed is set."""
    state = store.run_state(connection)
    seed, size = state.get("spot_seed"), state.get("spot_size")
    if not isinstance(seed, str) or not isinstance(size, int):
        return []
    rows = connection.execute(
        "SELECT id FROM items WHERE json_extract(record, '$.status') = 'ok' "
        "AND json_extract(record, '$.backend') != 'reviewer' AND kind IN ('target', 'project')"
    )
    ranked = sorted(row["id"] for row in rows)
    ranked.sort(key=lambda item_id: hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest())
    return ranked[:size]


@dataclass(frozen=True)
class SpotEstimate:
    """What the spot check says about the records that were not flagged."""

    sample: int
    checked: int
    correct: int
    unflagged: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.checked if self.checked else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """Wilson 95 % interval of the precision (sound for small samples and for 0 or all correct)."""
        if not self.checked:
            return None
        z, n, p = 1.96, self.checked, self.correct / self.checked
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    @property
    def done(self) -> bool:
        return self.sample > 0 and self.checked == self.sample

    def sentence(self) -> str:
        if not self.sample:
            return "No spot check yet: open the review page and choose Spot check."
        if not self.checked:
            return f"Spot check: 0 of {self.sample} sampled unflagged records checked."
        low, high = self.interval or (0.0, 0.0)
        return (
            f"Spot check: {self.correct} of {self.checked} sampled unflagged records correct "
            f"({self.checked} of {self.sample} checked): estimated precision of the {self.unflagged} unflagged "
            f"records {100 * (self.precision or 0):.0f}% (95% interval {100 * low:.0f}–{100 * high:.0f}%)."
        )


def spot_estimate(connection: sqlite3.Connection) -> SpotEstimate:
    """Accepted sample records count as correct; rejected or edited ones as wrong."""
    sample = spot_ids(connection)
    reviews = store.latest_reviews(connection)
    decided = [reviews[i]["decision"] for i in sample if i in reviews]
    unflagged = connection.execute(
        "SELECT COUNT(*) FROM items WHERE json_extract(record, '$.status') = 'ok' "
        "AND json_extract(record, '$.backend') != 'reviewer' AND kind IN ('target', 'project')"
    ).fetchone()[0]
    return SpotEstimate(
        sample=len(sample), checked=len(decided), correct=decided.count("accept"), unflagged=int(unflagged)
    )


def queue(connection: sqlite3.Connection, filters: Filters) -> list[QueueEntry]:
    return [entry for entry in all_entries(connection) if entry.matches(filters)]


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int
    flagged_reviewed: int
    flagged_total: int
    open: int = 0  # records of this queue that still need a decision (flagged or spot-check)

    @property
    def flagged_open(self) -> int:
        return self.flagged_total - self.flagged_reviewed


def progress(
    entries: Sequence[QueueEntry], everything: Sequence[QueueEntry], filters: Filters | None = None
) -> Progress:
    """Reviewed counts for the queue on screen and for all flagged records of the run."""
    flagged = [e for e in everything if e.was_flagged]
    return Progress(
        reviewed=sum(e.reviewed for e in entries),
        total=len(entries),
        flagged_reviewed=sum(e.reviewed for e in flagged),
        flagged_total=len(flagged),
        open=sum(e.needs_review(filters or Filters()) for e in entries),
    )


def filter_options(connection: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for the document, flag-code, indicator, region and year filters."""
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
    indicators = [
        (row["v"], f"{row['v']} ({row['n']})")
        for row in connection.execute(
            "SELECT json_extract(record, '$.indicator_id') AS v, COUNT(*) AS n FROM items WHERE kind = 'target' "
            "GROUP BY v ORDER BY v"
        )
        if row["v"]
    ]
    regions = [
        (row["region"], row["region"])
        for row in connection.execute("SELECT DISTINCT region FROM documents WHERE region IS NOT NULL ORDER BY region")
    ]
    years = [
        (str(row["y"]), str(row["y"]))
        for row in connection.execute(
            "SELECT DISTINCT json_extract(record, '$.target_year') AS y FROM items WHERE y IS NOT NULL ORDER BY y"
        )
    ]
    return {"documents": documents, "flags": codes, "indicators": indicators, "regions": regions, "years": years}


# --- one record ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagView:
    code: str
    severity: str
    plain: str
    detail: str
    span: tuple[int, int] | None = None  # the characters of the document the flag is about
    span_text: str = ""
    twin: str = ""  # DUPLICATE: the id of the record this one repeats


@dataclass(frozen=True)
class Segment:
    """A piece of text and the keys of the highlighted spans that cover it."""

    text: str
    keys: frozenset[str]
    start: int

    @property
    def flag_codes(self) -> list[str]:
        """Codes of the flags that point at this piece of text (keys ``flag:CODE``)."""
        return sorted(key[5:] for key in self.keys if key.startswith("flag:"))


@dataclass
class Context:
    """The paragraph around a record, cut into highlighted segments."""

    segments: list[Segment]
    located: bool
    clause: tuple[int, int] | None = None
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
    """The decision in force on one record (undone decisions skipped)."""
    return connection.execute("SELECT * FROM effective_reviews WHERE item_id = ?", (item_id,)).fetchone()


def _flag_views(connection: sqlite3.Connection, record: Record) -> list[FlagView]:
    spans = flag_spans(record)
    text = ""
    if spans:
        row = connection.execute("SELECT text FROM documents WHERE doc_id = ?", (record.doc_id,)).fetchone()
        text = row["text"] if row else ""
    views = []
    for flag in record.flags:
        view = explain_flag(flag.code, flag.severity, flag.message)
        span = spans.get(flag.code)
        twin = duplicate_twin(connection, record) if flag.code == "DUPLICATE" else ""
        views.append(replace(view, span=span, span_text=text[span[0] : span[1]] if span else "", twin=twin))
    return views


def explain_flag(code: str, severity: str, message: str) -> FlagView:
    """The flag in plain words, with the record-specific detail the check added."""
    plain = PLAIN_WORDS.get(code, "")
    detail = message[len(plain) :].strip() if plain and message.startswith(plain) else message
    return FlagView(code=code, severity=severity, plain=plain or message, detail="" if detail == plain else detail)


TARGET_DISPLAY = (
    "indicator", "indicator_id", "metric", "value", "value_high", "unit", "qualifier", "bound", "direction",
    "modality", "headline", "target_year", "report_year", "region", "region_code", "match", "backend",
)  # fmt: skip
PROJECT_DISPLAY = (
    "name", "stage", "stage_raw", "group_count", "investment", "investment_unit", "target_year", "report_year",
    "region", "region_code", "match", "backend",
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
            value=_edit_value(getattr(record, name)),
            choices=choices.get(name, []),
            numeric=name in ("value", "value_high", "target_year", "group_count", "investment"),
        )
        for name in editable_fields(record)
    ]


def _edit_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return format_value(value)


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
    clause = clause_span(record)
    if clause:
        spans.append((*clause, "clause"))
    for code, span in flag_spans(record).items():
        spans.append((*span, f"flag:{code}"))
    section = connection.execute(
        "SELECT path, kind, year FROM sections WHERE doc_id = ? AND char_start <= ? AND ? < char_end "
        "ORDER BY level DESC, idx DESC LIMIT 1",
        (record.doc_id, record.char_start, record.char_start),
    ).fetchone()
    return Context(
        segments=split_spans(text[start:end], start, spans),
        located=True,
        clause=clause,
        cut_before=cut_before,
        cut_after=cut_after,
        section=" › ".join(record.section_path),
        section_kind=section["kind"] if section else "",
        section_year=section["year"] if section else None,
    )


_CLAUSE_BREAK = re.compile(r"[、,，;；。:：!！?？\n]")


def clause_span(record: Record) -> tuple[int, int] | None:
    """The record's own clause inside a longer quote (one item of a list), in document offsets.

    The clause holds the record's value (targets; the occurrence after the indicator when the
    quote names it) or name (projects), cut at the list's separators. None when the clause is the
    whole quote or cannot be told.
    """
    if record.char_start is None:
        return None
    quote = record.quote
    anchor: tuple[int, int] | None = None
    if isinstance(record, Target) and record.value is not None:
        occurrences = value_spans(quote, record.value)
        named = fold(quote).find(fold(record.indicator))
        after = [o for o in occurrences if named >= 0 and o[0] >= named]
        anchor = (after or occurrences)[0] if (after or occurrences) else None
    elif isinstance(record, Project):
        named = quote.find(record.name)
        anchor = (named, named + len(record.name)) if named >= 0 else None
    if anchor is None:
        return None
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(quote)]
    left = max((b + 1 for b in breaks if b < anchor[0]), default=0)
    right = min((b for b in breaks if b >= anchor[1]), default=len(quote))
    if left == 0 and right >= len(quote.rstrip("。;；,，")):
        return None
    return record.char_start + left, record.char_start + right


def flag_spans(record: Record) -> dict[str, tuple[int, int]]:
    """For flags about particular characters, where they are in the document.

    QUALIFIER_MISMATCH points at the bound word written next to the value (which 以上), UNIT_NOT_IN_QUOTE
    and IMPLAUSIBLE at the value, RETROSPECTIVE at the cue word it quotes («预计»).
    """
    if record.char_start is None:
        return {}
    spans: dict[str, tuple[int, int]] = {}
    base, quote = record.char_start, record.quote
    clause = clause_span(record)
    for flag in record.flags:
        found: tuple[int, int] | None = None
        if isinstance(record, Target) and record.value is not None:
            if flag.code == "QUALIFIER_MISMATCH":
                found = qualifier_span(quote, record.value_high or record.value, record.unit)
                if clause and found:
                    local = quote[clause[0] - base : clause[1] - base]
                    inside = qualifier_span(local, record.value_high or record.value, record.unit)
                    found = (inside[0] + clause[0] - base, inside[1] + clause[0] - base) if inside else found
            elif flag.code in ("UNIT_NOT_IN_QUOTE", "IMPLAUSIBLE"):
                occurrences = value_spans(quote, record.value)
                in_clause = [o for o in occurrences if clause and clause[0] - base <= o[0] < clause[1] - base]
                found = (in_clause or occurrences)[0] if (in_clause or occurrences) else None
        if flag.code == "RETROSPECTIVE":
            cue = re.search(r"«([^»]+)»", flag.message)
            if cue:
                position = quote.find(cue.group(1))
                found = (position, position + len(cue.group(1))) if position >= 0 else None
        if found:
            spans[flag.code] = (base + found[0], base + found[1])
    return spans


def duplicate_twin(connection: sqlite3.Connection, record: Record) -> str:
    """The record of the same document that a DUPLICATE flag means: same key, not itself flagged
    DUPLICATE (the first one the checks met), else the nearest other one."""
    key = duplicate_key(record)
    twins = [o for o in store.load_records(connection, record.doc_id) if o.id != record.id and duplicate_key(o) == key]
    twins.sort(
        key=lambda o: (any(f.code == "DUPLICATE" for f in o.flags), abs((o.char_start or 0) - (record.char_start or 0)))
    )
    return twins[0].id if twins else ""


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
        flags=_flag_views(connection, extracted),
        fields=field_views(record, extracted),
        edit_fields=edit_fields(record, choices),
        context=context_for(connection, extracted),
        history=review_history(connection, item_id),
    )
