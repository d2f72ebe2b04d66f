"""Stage 3: pieces of text small enough for one backend call.

Two cuts of the same sections:

* ``build_chunks`` (the rules' cut): a chunk never crosses a section boundary, so its heading path
  and plan year are unambiguous;
* ``pack_chunks`` (the model's cut): consecutive sections of the same part of the report (review
  sections on one side, plan and other sections on the other) share one chunk up to a budget, each
  listed as a part with its own span, heading path and plan year, so a model call carries a few
  thousand characters of neighbouring text instead of one or two sentences.

Neither cut covers a glossary appended to the report (``notes`` sections: 名词解释, 注释): its definitions are
read by no backend. Either way long sections are split after sentence ends (。；;!?) or line breaks, never inside a
sentence, so a quote is always wholly inside one chunk, and every offset is a document offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor import genre
from extractor.models import Chunk, ChunkPart, Document, Section

DEFAULT_MAX_CHARS = 1800
DEFAULT_PACK_BUDGET = 4000  # characters (or tokens, with a tokenizer) per packed chunk
_SENTENCE_END = re.compile(r"[。;!?\n]")


def split_span(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into spans of at most ``max_chars`` at sentence ends.

    A single sentence longer than ``max_chars`` becomes its own (oversized) span rather than being
    cut mid-sentence.
    """
    spans: list[tuple[int, int]] = []
    piece_start = start
    last_cut = None
    for match in _SENTENCE_END.finditer(text, start, end):
        cut = match.end()
        if cut - piece_start > max_chars and last_cut is not None and last_cut > piece_start:
            spans.append((piece_start, last_cut))
            piece_start = last_cut
        last_cut = cut
    if end > piece_start:
        if end - piece_start > max_chars and last_cut and piece_start < last_cut < end:
            spans.append((piece_start, last_cut))
            piece_start = last_cut
        spans.append((piece_start, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def build_chunks(
    document: Document,
    sections: list[Section],
    max_chars: int = DEFAULT_MAX_CHARS,
    delivered_the_year_before: bool = False,
) -> list[Chunk]:
    """All chunks of a document in order, numbered from 0."""
    chunks: list[Chunk] = []
    for section in _extracted(sections):
        spans = split_span(document.text, section.char_start, section.char_end, max_chars)
        # a section read in pieces: its main-targets paragraphs are found on all of it, once
        headline = (
            list(
                genre.headline_spans(
                    document.text[section.char_start : section.char_end], section.char_start, section.path
                )
            )
            if len(spans) > 1
            else None
        )
        for start, end in spans:
            chunks.append(
                Chunk(
                    doc_id=document.doc_id,
                    index=len(chunks),
                    char_start=start,
                    char_end=end,
                    text=document.text[start:end],
                    section_path=section.path,
                    section_kind=section.kind,
                    year=section.year,
                    report_year=document.target_year,
                    delivered_the_year_before=delivered_the_year_before,
                    section_headline_spans=headline,
                )
            )
    return chunks


def headline_spans_of(chunk: Chunk) -> tuple[tuple[int, int], ...]:
    """Document spans of the chunk's main-targets paragraphs (``genre.headline_spans``): read on its whole section when the
    section was cut in pieces (a piece may hold the end of the lead's line without the lead, as 保定 2021's five-year goals
    do), else on the chunk's own text."""
    if chunk.section_headline_spans is not None:
        return tuple(chunk.section_headline_spans)
    return genre.headline_spans(chunk.text, chunk.char_start, chunk.section_path)


def pack_chunks(
    document: Document,
    sections: list[Section],
    budget: int = DEFAULT_PACK_BUDGET,
    measure: Callable[[str], int] = len,
    part_chars: int = DEFAULT_MAX_CHARS,
) -> list[Chunk]:
    """Consecutive sections of one part of the report packed into chunks of at most ``budget``.

    Review sections are packed apart from plan and other sections (the model is never sent them), so
    a chunk never mixes results being reported with goals being set. ``measure`` sizes a text
    (characters by default, a model's tokens where a tokenizer is at hand). A section larger than the
    budget is split at sentence ends into parts of its own; a single sentence larger than the budget
    stays whole (an oversized part rather than a cut sentence). Parts are cut exactly where
    ``build_chunks`` cuts (sections longer than ``part_chars`` at sentence ends), so every part is one
    of the rules' chunks and the same answers read the same through either cut.
    """
    text = document.text
    chunks: list[Chunk] = []
    parts: list[ChunkPart] = []
    kinds: set[str] = set()
    size = 0
    group: bool | None = None

    def close() -> None:
        nonlocal parts, size, kinds
        if not parts:
            return
        start, end = parts[0].char_start, parts[-1].char_end
        years = {p.year for p in parts}
        kind = "review" if "review" in kinds else "plan" if "plan" in kinds else "other"
        chunks.append(
            Chunk(
                doc_id=document.doc_id,
                index=len(chunks),
                char_start=start,
                char_end=end,
                text=text[start:end],
                section_path=_shared_path(parts),
                section_kind=kind,  # type: ignore[arg-type]
                year=years.pop() if len(years) == 1 else None,
                report_year=document.target_year,
                parts=parts,
            )
        )
        parts, size, kinds = [], 0, set()

    for section in sections:
        if section.kind == "notes":
            close()  # a glossary is read by no backend: the chunk ends before it, never spans it
            continue
        review = section.kind == "review"
        for start, end in split_span(text, section.char_start, section.char_end, min(budget, part_chars)):
            piece = measure(text[start:end])
            if review != group or (parts and size + piece > budget):
                close()
                group = review
            parts.append(ChunkPart(char_start=start, char_end=end, section_path=section.path, year=section.year))
            kinds.add(section.kind)
            size += piece
    close()
    return chunks


def _extracted(sections: list[Section]) -> list[Section]:
    """The sections any backend reads: all but a glossary's (``notes``), whose definitions state no goal or result."""
    return [section for section in sections if section.kind != "notes"]


def _shared_path(parts: list[ChunkPart]) -> list[str]:
    """The heading path every part of a chunk lies under (empty when they share none)."""
    shared = list(parts[0].section_path)
    for part in parts[1:]:
        common = 0
        for mine, theirs in zip(shared, part.section_path, strict=False):
            if mine != theirs:
                break
            common += 1
        shared = shared[:common]
    return shared
