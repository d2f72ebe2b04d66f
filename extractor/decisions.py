"""Review decisions: which fields a reviewer may correct, how a correction is validated, and how
the latest decision turns an extracted record into the reviewed one.

The review server and the exports both go through ``validate_edits``, so a value the page refuses
can never reach an export either (and an edit stored by hand that is invalid is not applied).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Mapping
from typing import get_args

from pydantic import ValidationError

from extractor.backends.rules import bound_of
from extractor.models import Bound, Direction, Metric, Modality, Project, Record, Stage, Target
from extractor.vocabulary import known_ids

DECISIONS = ("accept", "reject", "edit")
STATUS_FOR_DECISION = {"accept": "accepted", "reject": "rejected", "edit": "edited", "add": "accepted"}
UNREVIEWED = "unreviewed"
EDIT_INVALID = "edit_invalid"
ADDED = "added"

TARGET_FIELDS = (
    "value", "value_high", "unit", "qualifier", "bound", "direction", "metric", "modality", "headline",
    "indicator", "indicator_id", "target_year",
)  # fmt: skip
"""In the order of the edit form: the fields reviewers correct most come first. Every field of the
record's content is editable; the document's own fields (region, report year) come from --meta."""
PROJECT_FIELDS = ("name", "stage", "stage_raw", "group_count", "investment", "investment_unit", "target_year")
STAGES: tuple[str, ...] = get_args(Stage)
BOUNDS: tuple[str, ...] = get_args(Bound)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
METRICS: tuple[str, ...] = get_args(Metric)
MODALITIES: tuple[str, ...] = get_args(Modality)
CHOICES: dict[str, tuple[str, ...]] = {
    "stage": STAGES,
    "bound": BOUNDS,
    "direction": DIRECTIONS,
    "metric": METRICS,
    "modality": ("", *MODALITIES),
    "headline": ("false", "true"),
}
"""Fields with a closed set of values (shown as a choice on the page)."""
_MINUS = "-−－"
MAX_ADDED_QUOTE = 400
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ID = re.compile(r"[a-z0-9_]+")


class EditError(ValueError):
    """An edit that cannot be stored; ``errors`` maps each bad field to a plain message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


def editable_fields(record: Record) -> tuple[str, ...]:
    """The fields a reviewer may correct for this kind of record."""
    return TARGET_FIELDS if isinstance(record, Target) else PROJECT_FIELDS


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError("must be text")
    return unicodedata.normalize("NFKC", str(raw)).strip()


def _number(raw: object) -> float | None:
    """A non-negative decimal number; full-width digits are accepted, letters are not."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            raise ValueError("must be a finite number")
        if raw < 0:
            raise ValueError("must not be negative (a decline is a positive value with direction decrease)")
        return float(raw)
    text = _text(raw).replace(",", "")
    if not text:
        return None
    if text.startswith("-") and _NUMBER.fullmatch(text[1:]):
        raise ValueError("must not be negative (a decline is a positive value with direction decrease)")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"«{text}» is not a number (digits and one decimal point only, e.g. 6.5)")
    return float(text)


def _year(raw: object) -> int | None:
    text = _text(raw)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 1949 <= int(text) <= 2100:
        raise ValueError(f"«{text}» is not a year between 1949 and 2100")
    return int(text)


def _short(limit: int, required: bool = False) -> Callable[[object], str | None]:
    def parse(raw: object) -> str | None:
        text = _text(raw)
        if not text:
            if required:
                raise ValueError("must not be empty")
            return None
        if len(text) > limit or any(unicodedata.category(c).startswith("C") for c in text):
            raise ValueError(f"must be one line of at most {limit} characters")
        return text

    return parse


def _indicator_id(raw: object) -> str:
    text = _text(raw) or "other"
    if text in known_indicator_ids() or (not known_indicator_ids() and _ID.fullmatch(text)):
        return text
    raise ValueError(f"«{text}» is not an indicator id of the vocabulary (use other when none fits)")


def known_indicator_ids() -> set[str]:
    try:
        return known_ids()
    except (OSError, ValueError, KeyError):
        return set()


def _choice(name: str, values: tuple[str, ...], optional: bool = False) -> Callable[[object], str | None]:
    def parse(raw: object) -> str | None:
        text = _text(raw)
        if optional and not text:
            return None
        if text not in values:
            raise ValueError(f"«{text}» is not a {name}; use one of {', '.join(values)}")
        return text

    return parse


_stage = _choice("stage", STAGES)


def _flag(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in ("true", "1", "yes", "是", "y"):
        return True
    if text in ("false", "0", "no", "否", "n", ""):
        return False
    raise ValueError(f"«{text}» is not true or false")


def _count(raw: object) -> int | None:
    value = _number(raw)
    if value is None:
        return None
    if not float(value).is_integer():
        raise ValueError(f"«{raw}» is not a whole number")
    return int(value)


PARSERS: dict[str, Callable[[object], object]] = {
    "value": _number,
    "value_high": _number,
    "target_year": _year,
    "unit": _short(16),
    "qualifier": _short(8),
    "indicator": _short(120, required=True),
    "indicator_id": _indicator_id,
    "name": _short(200, required=True),
    "stage": _stage,
    "stage_raw": _short(16, required=True),
    "bound": _choice("bound", BOUNDS),
    "direction": _choice("direction", DIRECTIONS),
    "metric": _choice("metric", METRICS),
    "modality": _choice("modality", MODALITIES, optional=True),
    "headline": _flag,
    "group_count": _count,
    "investment": _number,
    "investment_unit": _short(16),
}


def _signed_value(record: Record, edits: dict[str, object]) -> dict[str, object]:
    """A value typed with a sign sets the direction ("-3" → 3 with direction decrease; "+3" → increase)
    unless the same edit changes the direction itself: values are magnitudes, the sign is the direction."""
    raw = edits.get("value")
    if not isinstance(record, Target) or raw is None or isinstance(raw, bool):
        return edits
    sign = None
    if isinstance(raw, int | float):
        if raw < 0:
            sign, raw = "decrease", -raw
    else:
        text = _text(raw)
        if text[:1] in _MINUS:
            sign, raw = "decrease", text[1:]
        elif text[:1] == "+":
            sign, raw = "increase", text[1:]
    if sign is None:
        return edits
    explicit = "direction" in edits and _text(edits["direction"]) not in ("", record.direction)
    return {**edits, "value": raw, **({} if explicit else {"direction": sign})}


def _consistent_bound(record: Record, clean: dict[str, object]) -> dict[str, object]:
    """The bound follows the qualifier (以上 → at_least, 左右 → around…) and a range's high end, unless
    the reviewer changes the bound itself; a changed bound that contradicts the qualifier is refused."""
    if not isinstance(record, Target):
        return clean
    qualifier = clean.get("qualifier", record.qualifier)
    value_high = clean.get("value_high", record.value_high)
    expected = bound_of(qualifier if isinstance(qualifier, str) else None, value_high)  # type: ignore[arg-type]
    bound_changed = "bound" in clean and clean["bound"] != record.bound
    if not bound_changed:
        moved = clean.get("qualifier", record.qualifier) != record.qualifier or value_high != record.value_high
        return {**clean, "bound": expected} if moved else clean
    if qualifier and expected != "point" and clean["bound"] != expected:
        raise EditError({"bound": f"{clean['bound']} contradicts the qualifier {qualifier} ({expected})"})
    return clean


def validate_edits(record: Record, edits: Mapping[str, object]) -> tuple[dict[str, object], Record]:
    """Parse a reviewer's edits against ``record``; return (clean edits, edited record).

    Raises ``EditError`` naming every bad field; nothing is partially applied.
    """
    if not isinstance(edits, Mapping):
        raise EditError({"edits": "must be an object of field → value"})
    allowed = editable_fields(record)
    errors: dict[str, str] = {}
    clean: dict[str, object] = {}
    edits = _signed_value(record, dict(edits))
    for field, raw in edits.items():
        if field not in allowed:
            errors[field] = f"cannot be edited on a {record.kind} (editable: {', '.join(allowed)})"
            continue
        try:
            clean[field] = PARSERS[field](raw)
        except ValueError as exc:
            errors[field] = str(exc)
    if errors:
        raise EditError(errors)
    clean = _consistent_bound(record, clean)
    edited = _rebuild(record, clean)
    if isinstance(edited, Target) and edited.value_high is not None:
        if edited.value is None:
            raise EditError({"value": "must be given when value_high is"})
        if edited.value_high < edited.value:
            raise EditError({"value_high": "must not be below value"})
    return clean, edited


def _rebuild(record: Record, clean: Mapping[str, object]) -> Record:
    """Re-validate through the pydantic model so the edited record is a valid record."""
    try:
        return type(record).model_validate({**record.model_dump(), **clean})
    except ValidationError as exc:
        errors = {".".join(str(p) for p in error["loc"]) or "record": error["msg"] for error in exc.errors()}
        raise EditError(errors) from exc


def changed_fields(original: Record, clean: Mapping[str, object]) -> dict[str, object]:
    """The edits that differ from the extracted record (what the decision log keeps)."""
    return {field: value for field, value in clean.items() if getattr(original, field) != value}


def apply_decision(record: Record, review: Mapping[str, object] | sqlite3.Row | None) -> tuple[Record, str]:
    """The record as the latest decision leaves it, and its review status.

    Review status is ``accepted`` / ``rejected`` / ``edited``, ``unreviewed`` without a decision,
    or ``edit_invalid`` when a stored edit no longer validates (the record is then left as extracted).
    """
    if review is None or review["decision"] not in (*DECISIONS, "add"):
        return record, UNREVIEWED
    decision = str(review["decision"])
    status = STATUS_FOR_DECISION[decision]
    if decision == "add":
        return record.model_copy(update={"status": status}), ADDED
    if decision == "edit":
        try:
            edits = json.loads(str(review["edits"] or "{}"))
            _, record = validate_edits(record, edits)
        except (EditError, ValueError):
            return record, EDIT_INVALID
    return record.model_copy(update={"status": status}), status


def added_record(
    kind: str,
    document: Mapping[str, object],
    start: int,
    end: int,
    fields: Mapping[str, object],
    section_path: list[str],
) -> Record:
    """A record the extraction missed, built from a selection of the document's text.

    ``document`` is the stored document row (its ``text`` and region fields); the quote is
    ``text[start:end]`` exactly, so the record is grounded by construction. The fields are parsed
    like an edit; what a reviewer leaves out takes the defaults of an extracted record.
    Raises ``EditError`` for offsets outside the text, an empty or over-long selection or bad fields.
    """
    text = str(document["text"])
    if not (0 <= start < end <= len(text)):
        raise EditError({"selection": f"characters {start}–{end} are not inside the document"})
    quote = text[start:end]
    if not quote.strip():
        raise EditError({"selection": "select the words of the record in the paragraph"})
    if len(quote) > MAX_ADDED_QUOTE:
        raise EditError({"selection": f"select at most {MAX_ADDED_QUOTE} characters (the record's clause)"})
    year = document.get("report_year") or document.get("target_year")
    base: dict[str, object] = {
        "doc_id": document["doc_id"],
        "source_file": document["source_file"],
        "region": document.get("region"),
        "region_code": document.get("region_code"),
        "region_level": document.get("region_level"),
        "report_year": year,
        "target_year": year,
        "section_path": section_path,
        "quote": quote,
        "char_start": start,
        "char_end": end,
        "match": "exact",
        "backend": "reviewer",
        "status": "accepted",
    }
    if kind == "target":
        draft: Record = Target(indicator=quote[:20], metric="level", **base)  # type: ignore[arg-type]
    elif kind == "project":
        draft = Project(name=quote[:40], stage="start", stage_raw=quote[:2], **base)  # type: ignore[arg-type]
    else:
        raise EditError({"kind": "must be target or project"})
    _, record = validate_edits(draft, {k: v for k, v in fields.items() if k in editable_fields(draft)})
    return record.with_id()
