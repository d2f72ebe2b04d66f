"""The data flow for one document: ingest → sections → chunks → extract → ground + check.

Kept free of I/O beyond reading the input file, so the CLI (and tests) can drive it and decide
what to store. Backends are plain callables from a chunk to candidate records; the model backend
plugs in through the same ``finalize_records`` step, so its output is grounded and checked exactly
like the rules' output.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractor.checks import check_records
from extractor.chunks import DEFAULT_MAX_CHARS, build_chunks
from extractor.doc_year import read_year
from extractor.errors import ExtractorError
from extractor.grounding import ground
from extractor.ingest import DEFAULT_MAX_BYTES, load_document
from extractor.models import Chunk, Document, Record, Section
from extractor.regions import resolve_region
from extractor.sections import SectionLookup, build_sections

ChunkExtractor = Callable[[Chunk], list[Record]]
log = logging.getLogger("extractor")

DEFAULT_MAX_RECORDS = 5000
"""Records per document: real reports give a few hundred; a dump or one sentence repeated a
hundred thousand times gives a hundred thousand, which nobody can review."""
DEFAULT_MAX_SECONDS = 120.0
"""Seconds of local work per document (ingest, rules, grounding and checks; model calls have their
own deadlines). A 1 MB report takes about 2 s."""


class LimitExceeded(ExtractorError):
    """A document beyond a bound the user can set; the message is the one-line cause."""


@dataclass(frozen=True)
class Limits:
    """Bounds per document (``extractor run --max-records / --max-seconds``)."""

    max_records: int = DEFAULT_MAX_RECORDS
    max_seconds: float = DEFAULT_MAX_SECONDS

    def start(self) -> Budget:
        return Budget(self)


@dataclass
class Budget:
    """One document's use of its ``Limits``, checked between steps (a step is never interrupted)."""

    limits: Limits
    started: float = field(default_factory=time.perf_counter)

    def check_time(self, step: str) -> None:
        elapsed = time.perf_counter() - self.started
        if elapsed > self.limits.max_seconds:
            raise LimitExceeded(
                f"gave up after {elapsed:.0f} s ({step}): over the limit of {self.limits.max_seconds:g} s "
                "per document; raise --max-seconds for a very large file"
            )

    def restarted(self) -> Budget:
        """The same limits with the clock started now (after waiting on a model, say)."""
        return Budget(self.limits)

    def check_records(self, count: int) -> None:
        if count > self.limits.max_records:
            raise LimitExceeded(
                f"more than {self.limits.max_records} records in one document (--max-records): a dump or a "
                "repeated text rather than one report? Raise --max-records to extract it anyway"
            )


@dataclass
class DocumentOverrides:
    """What a user states when the text does not: for all inputs (CLI --region / --year) or per
    file (CLI --meta CSV, keyed by file name); a per-file value wins."""

    region: str | None = None
    year: int | None = None
    per_file: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)

    def for_file(self, path: Path) -> tuple[str | None, int | None]:
        region, year = self.per_file.get(path.name, (None, None))
        return region or self.region, year or self.year


def read_meta_csv(path: Path) -> dict[str, tuple[str | None, int | None]]:
    """file,region,year rows (UTF-8, header required; empty cells mean "detect from the text")."""
    table: dict[str, tuple[str | None, int | None]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            name = Path((row.get("file") or "").strip()).name
            if not name:
                continue
            year_text = (row.get("year") or "").strip()
            table[name] = ((row.get("region") or "").strip() or None, int(year_text) if year_text else None)
    return table


class SameText:
    """Files whose cleaned text equals one met earlier in the run (the same ``doc_id``).

    Such a file is listed as a duplicate of the first one (``documents.jsonl`` row ``duplicate``)
    instead of being extracted again into the same document row, where its name would vanish.
    """

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def earlier(self, document: Document) -> str | None:
        """The name of the earlier file with the same text, or None when this is the first."""
        first = self._first.setdefault(document.doc_id, document.source_file)
        return first if first != document.source_file else None


@dataclass
class PreparedDocument:
    """A document cut into sections and chunks, ready for a backend."""

    document: Document
    sections: list[Section]
    chunks: list[Chunk]
    budget: Budget | None = field(default=None, repr=False, compare=False)
    """The document's bounds, started when it was read (``prepare``); the backends check against it."""


@dataclass
class DocumentResult:
    prepared: PreparedDocument
    records: list[Record]
    chunk_errors: dict[int, str] = field(default_factory=dict)


def prepare(
    path: Path,
    overrides: DocumentOverrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chunk_chars: int = DEFAULT_MAX_CHARS,
    budget: Budget | None = None,
) -> PreparedDocument:
    """Ingest a file and cut it up. Raises ``IngestError`` for unusable input, ``LimitExceeded``
    when ``budget`` runs out."""
    overrides = overrides or DocumentOverrides()
    budget = budget or Limits().start()
    document = load_document(path, max_bytes=max_bytes)
    budget.check_time("reading")
    stated_region, stated_year = overrides.for_file(path)
    prepared = prepare_document(document, stated_region, stated_year, max_chunk_chars)
    budget.check_time("cutting into sections")
    prepared.budget = budget
    return prepared


def prepare_document(
    document: Document,
    stated_region: str | None = None,
    stated_year: int | None = None,
    max_chunk_chars: int = DEFAULT_MAX_CHARS,
) -> PreparedDocument:
    """Date, place and cut an ingested document. What cannot be read becomes a warning, never a guess."""
    warnings: list[str] = []
    reading = read_year(document.text, document.title)
    year = stated_year or reading.year
    if year is None:
        warnings.append(f"plan year unknown: {reading.source}; state it with --year or --meta")
    region = resolve_region(document.text, year, stated=stated_region)
    if region.reason:
        warnings.append(f"region unknown: {region.reason}")
    found = region.region
    document = document.model_copy(
        update={
            "target_year": year,
            "region": found.name if found else None,
            "region_code": found.code if found else None,
            "region_level": found.level if found else None,
            "warnings": warnings,
        }
    )
    for warning in warnings:
        log.warning("%s: %s", document.source_file, warning)
    sections = build_sections(document.text, year)
    chunks = build_chunks(document, sections, max_chunk_chars)
    return PreparedDocument(document=document, sections=sections, chunks=chunks)


def finalize_records(
    prepared: PreparedDocument, candidates: Sequence[tuple[Chunk, Record]], budget: Budget | None = None
) -> list[Record]:
    """Ground, stamp document fields, check and id every candidate record of one document.

    Raises ``LimitExceeded`` when there are more candidates than ``budget`` allows or time runs out.
    """
    document = prepared.document
    budget = budget or prepared.budget or Limits().start()
    budget.check_records(len(candidates))
    grounded: list[Record] = []
    for position, (chunk, record) in enumerate(candidates):
        if position % 500 == 499:
            budget.check_time("grounding")
        located = ground(record, document.text, window=(chunk.char_start, chunk.char_end))
        located = located.model_copy(
            update={
                "doc_id": document.doc_id,
                "source_file": document.source_file,
                "region": document.region,
                "region_code": document.region_code,
                "region_level": document.region_level,
                "target_year": located.target_year if located.target_year is not None else document.target_year,
                "section_path": located.section_path or chunk.section_path,
            }
        )
        grounded.append(located)
    grounded.sort(key=lambda r: (r.char_start if r.char_start is not None else 1 << 60, r.kind))

    lookup = SectionLookup(prepared.sections)

    def section_of(record: Record) -> Section | None:
        if record.char_start is None:
            return None
        return lookup.at(record.char_start)

    checked = check_records(grounded, section_of, document.text, document.target_year)
    budget.check_time("checking")
    unique: dict[str, Record] = {}
    for record in checked:
        with_id = record.with_id()
        unique.setdefault(with_id.id, with_id)
    return list(unique.values())


def extract_document(
    prepared: PreparedDocument, extract_chunk: ChunkExtractor, budget: Budget | None = None
) -> DocumentResult:
    """Run a synchronous backend over every chunk. A synchronous backend has no expected failures:
    whatever it raises is a bug and goes to the caller (the orchestrator's internal-error policy).

    Raises ``LimitExceeded`` as soon as the document has more records or has taken longer than its
    budget allows (``budget``, else the one ``prepare`` started, else the default ``Limits``), so a
    hostile file costs seconds, not minutes.
    """
    budget = budget or prepared.budget or Limits().start()
    candidates: list[tuple[Chunk, Record]] = []
    for chunk in prepared.chunks:
        candidates.extend((chunk, record) for record in extract_chunk(chunk))
        budget.check_records(len(candidates))
        budget.check_time(f"extracting chunk {chunk.index + 1} of {len(prepared.chunks)}")
    return DocumentResult(prepared=prepared, records=finalize_records(prepared, candidates, budget))
