"""Review decisions: which fields a reviewer may correct, how a correction is validated, and how
the latest decision turns an extracted record into the reviewed one.

The review server and the exports both go through ``validate_edits``, so a value the page refuses
can never reach an export either (and an edit stored by hand that is invalid is not applied).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import get_args

from pydantic import ValidationError

from extractor.models import Record, Stage, Target
from extractor.vocabulary import known_ids

DECISIONS = ("accept", "reject", "edit")
STATUS_FOR_DECISION = {"accept": "accepted", "reject": "rejected", "edit": "edited"}
UNREVIEWED = "unreviewed"
EDIT_INVALID = "edit_invalid"

TARGET_FIELDS = ("value", "value_high", "unit", "qualifier", "indicator", "indicator_id", "target_year")
"""In the order of the edit form: the fields reviewers correct most come first."""
PROJECT_FIELDS = ("name", "stage", "target_year")
STAGES: tuple[str, ...] = get_args(Stage)
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


def _stage(raw: object) -> str:
    text = _text(raw)
    if text not in STAGES:
        raise ValueError(f"«{text}» is not a stage; use one of {', '.join(STAGES)}")
    return text


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
}


def validate_edits(record: Record, edits: Mapping[str, object]) -> tuple[dict[str, object], Record]:
    """Parse a reviewer's edits against ``record``; return (clean edits, edited record).

    Raises ``EditError`` naming every bad field; nothing is partially applied.
    """
    if not isinstance(edits, Mapping):
        raise EditError({"edits": "must be an object of field → value"})
    allowed = editable_fields(record)
    errors: dict[str, str] = {}
    clean: dict[str, object] = {}
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


def apply_decision(record: Record, review: Mapping[str, object] | None) -> tuple[Record, str]:
    """The record as the latest decision leaves it, and its review status.

    Review status is ``accepted`` / ``rejected`` / ``edited``, ``unreviewed`` without a decision,
    or ``edit_invalid`` when a stored edit no longer validates (the record is then left as extracted).
    """
    if review is None or review["decision"] not in DECISIONS:
        return record, UNREVIEWED
    decision = str(review["decision"])
    status = STATUS_FOR_DECISION[decision]
    if decision == "edit":
        try:
            edits = json.loads(str(review["edits"] or "{}"))
            _, record = validate_edits(record, edits)
        except (EditError, ValueError):
            return record, EDIT_INVALID
    return record.model_copy(update={"status": status}), status
