"""Stage 5a: locate every record's quote in the cleaned text.

Whatever the backend, a record is only as good as its provenance. The quote is searched exactly
(near the chunk first), then after folding widths (NFKC), quotation marks and whitespace, then fuzzily; on success the
record gets offsets with ``text[char_start:char_end] == quote`` (the quote is replaced by the
exact slice when the match was not exact). On failure the record keeps no offsets and gets a
``QUOTE_NOT_FOUND`` error: it is still stored and shown to the reviewer, never dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from rapidfuzz import fuzz

from extractor import genre
from extractor.models import Flag, MatchKind, Record
from extractor.numbers import QUOTE_MARKS

FUZZY_MIN_SCORE = 85.0


def locate(
    text: str, quote: str, window: tuple[int, int] | None = None, hint: int | None = None
) -> tuple[int, int, MatchKind] | None:
    """Span of ``quote`` in ``text``: exact, normalized or fuzzy; None when it is not there.

    ``window`` (a chunk's span) is searched before the whole text, and ``hint`` picks the nearest
    of several exact occurrences.
    """
    if not quote.strip():
        return None
    areas = [window, (0, len(text))] if window else [(0, len(text))]
    for start, end in areas:
        span = _exact(text, quote, start, end, hint)
        if span:
            return span[0], span[1], "exact"
    for start, end in areas:
        span = _normalized(text, quote, start, end)
        if span:
            return span[0], span[1], "normalized"
    for start, end in areas:
        span = _fuzzy(text, quote, start, end)
        if span:
            return span[0], span[1], "fuzzy"
    return None


def _exact(text: str, quote: str, start: int, end: int, hint: int | None) -> tuple[int, int] | None:
    positions = []
    position = text.find(quote, start, end)
    while position >= 0:
        positions.append(position)
        position = text.find(quote, position + 1, end)
    if not positions:
        return None
    best = min(positions, key=lambda p: abs(p - hint)) if hint is not None else positions[0]
    return best, best + len(quote)


def subject_hint(record: Record, text: str, window: tuple[int, int] | None) -> int | None:
    """Where a record's own subject is written, for a quote the text may write more than once: "城镇人均可支配收入
    达到23896元，同比增长18％；农民人均纯收入达到16892元，同比增长18％" (海拉尔 2012) — the second 同比增长18％ is the
    farmers'. None when the record has offsets already or no sentence names its subject before the quote."""
    subject = getattr(record, "indicator", None) or getattr(record, "name", None)
    if record.char_start is not None or not subject:
        return None
    start, end = window or (0, len(text))
    position = text.find(record.quote, start, end)
    while position >= 0:
        if subject in text[genre.sentence_span(text, position)[0] : position]:
            return position  # the first place whose sentence names the subject before the quote
        position = text.find(record.quote, position + 1, end)
    return None


_QUOTE_MARKS = QUOTE_MARKS


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC per character, quote marks folded, whitespace dropped; ``index_map[i]`` is the source index
    of output char i."""
    out: list[str] = []
    index_map: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).translate(_QUOTE_MARKS)
        for piece in folded:
            if piece.isspace():
                continue
            out.append(piece)
            index_map.append(index)
    return "".join(out), index_map


def _normalized(text: str, quote: str, start: int, end: int) -> tuple[int, int] | None:
    haystack, index_map = _normalize_with_map(text[start:end])
    needle, _ = _normalize_with_map(quote)
    if not needle:
        return None
    position = haystack.find(needle)
    if position < 0:
        return None
    first = start + index_map[position]
    last = start + index_map[position + len(needle) - 1] + 1
    return first, last


CLAUSE_MARKS = frozenset("，,；;。：:！!？?\n﹐﹔﹕﹒﹗﹖")


def _fuzzy(text: str, quote: str, start: int, end: int) -> tuple[int, int] | None:
    if len(quote) < 6:
        return None  # short strings match anything somewhere
    alignment = fuzz.partial_ratio_alignment(quote, text[start:end], score_cutoff=FUZZY_MIN_SCORE)
    if alignment is None:
        return None
    return snap_to_clause(text, start + alignment.dest_start, start + alignment.dest_end, len(quote) // 5 + 1)


def snap_to_clause(text: str, start: int, end: int, slack: int) -> tuple[int, int]:
    """Widen an approximate span to the clause marks around it when they are at most ``slack``
    characters away, and drop marks it took in at its edges.

    The alignment is as long as the model's quote: a quote that left out words ("居民" for "常住居民")
    ends short of its clause and would cut off the bound word ("…7%以上" → "…7%").
    """
    while start < end and (text[start] in CLAUSE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in CLAUSE_MARKS or text[end - 1].isspace()):
        end -= 1
    left = start
    while left > 0 and start - left < slack and text[left - 1] not in CLAUSE_MARKS:
        left -= 1
    if left == 0 or text[left - 1] in CLAUSE_MARKS:
        start = left
    right = end
    while right < len(text) and right - end < slack and text[right] not in CLAUSE_MARKS:
        right += 1
    if right == len(text) or text[right] in CLAUSE_MARKS:
        end = right
    return start, end


def ground(
    record: Record, text: str, window: tuple[int, int] | None = None, update: Mapping[str, object] | None = None
) -> Record:
    """Return the record with offsets, match kind and quote set from the located span (and the fields
    of ``update`` set in the same copy)."""
    hint = record.char_start if record.char_start is not None else subject_hint(record, text, window)
    span = locate(text, record.quote, window, hint=hint)
    extra = update or {}
    if span is None:
        flag = Flag(code="QUOTE_NOT_FOUND", severity="error", message="the quote does not occur in the cleaned text")
        return record.model_copy(
            update={**extra, "char_start": None, "char_end": None, "match": "none", "flags": [*record.flags, flag]}
        )
    start, end, match = span
    flags = list(record.flags)
    if match == "fuzzy":
        flags.append(
            Flag(
                code="QUOTE_FUZZY",
                severity="warning",
                message=f"quote located only approximately; source says: {text[start:end]}",
            )
        )
    return record.model_copy(
        update={**extra, "char_start": start, "char_end": end, "match": match, "quote": text[start:end], "flags": flags}
    )
