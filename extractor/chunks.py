"""Stage 3: section-bounded pieces of text small enough for one model call.

A chunk never crosses a section boundary, so its heading path and plan year are unambiguous. Long
sections are split after sentence ends (。；;!?) or line breaks, never inside a sentence, so a quote
is always wholly inside one chunk.
"""

from __future__ import annotations

import re

from extractor.models import Chunk, Document, Section

DEFAULT_MAX_CHARS = 1800
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


def build_chunks(document: Document, sections: list[Section], max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """All chunks of a document in order, numbered from 0."""
    chunks: list[Chunk] = []
    for section in sections:
        for start, end in split_span(document.text, section.char_start, section.char_end, max_chars):
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
                )
            )
    return chunks
