"""The data flow for one document: ingest → sections → chunks → extract → ground + check.

Kept free of I/O beyond reading the input file, so the CLI (and tests) can drive it and decide
what to store. Backends are plain callables from a chunk to candidate records; the model backend
plugs in through the same ``finalize_records`` step, so its output is grounded and checked exactly
like the rules' output.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractor.checks import check_records
from extractor.chunks import DEFAULT_MAX_CHARS, build_chunks, headline_spans_of
from extractor.doc_year import delivered_the_year_before, read_year
from extractor.errors import InputError
from extractor.grounding import ground
from extractor.ingest import DEFAULT_MAX_BYTES, load_document
from extractor.limits import DEFAULT_MAX_RECORDS as DEFAULT_MAX_RECORDS  # re-exported: the pipeline's bounds
from extractor.limits import DEFAULT_MAX_SECONDS as DEFAULT_MAX_SECONDS
from extractor.limits import Budget, Limits
from extractor.limits import LimitExceeded as LimitExceeded
from extractor.models import Chunk, Document, Record, Result, Section, Target
from extractor.numbers import CONVERSION_PLACEHOLDER
from extractor.regions import (
    Region,
    detect_region,
    is_area_name,
    lookup_region,
    resolve_region,
    stated_name_in_force,
    suggest_divisions,
)
from extractor.sections import SectionLookup, build_sections, estimated_spans

ChunkExtractor = Callable[[Chunk], list[Record]]
log = logging.getLogger("extractor")


@dataclass
class DocumentOverrides:
    """What a user states when the text does not: for all inputs (CLI --region / --year) or per
    file (CLI --meta CSV, keyed by ``source_file``: the path relative to the input root); a per-file
    value wins."""

    region: str | None = None
    year: int | None = None
    per_file: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)

    def for_file(self, source_file: str) -> tuple[str | None, int | None]:
        region, year = self.per_file.get(source_file, (None, None))
        return region or self.region, year or self.year


MetaRow = tuple[int, str, str | None, int | None]
"""(line number, file key as written, region, year) of one --meta row."""


def _meta_key(raw: str) -> str:
    key = raw.strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


def read_meta_csv(path: Path) -> list[MetaRow]:
    """file,region,year rows (UTF-8, header required; empty cells mean "detect from the text").

    Raises ``InputError`` for a row whose year is not a year and for two rows naming the same file.
    """
    rows: list[MetaRow] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            key = _meta_key(row.get("file") or "")
            if not key:
                continue
            if key in seen:
                raise InputError(f"{path}: line {line} names {key} again (first on line {seen[key]})")
            seen[key] = line
            year_text = (row.get("year") or "").strip()
            if year_text and not (year_text.isdigit() and len(year_text) == 4):
                raise InputError(f"{path}: line {line}: year {year_text!r} is not a year")
            rows.append((line, key, (row.get("region") or "").strip() or None, int(year_text) if year_text else None))
    return rows


def match_meta(
    rows: list[MetaRow], source_files: list[str], meta_path: Path
) -> dict[str, tuple[str | None, int | None]]:
    """Key each --meta row to the one input file it names; ``source_file → (region, year)``.

    A row names a file by its path relative to the input root (临海/2023/report.txt), by a longer or
    shorter path ending the same way, or by its bare name when only one input file has that name.
    A row that could mean several files is an ``InputError`` naming them (nothing is guessed); a row
    that names no input file is reported as a warning.
    """
    table: dict[str, tuple[str | None, int | None]] = {}
    claimed: dict[str, str] = {}
    for line, key, region, year in rows:
        exact = [f for f in source_files if f == key]
        found = exact or [f for f in source_files if f.endswith("/" + key) or key.endswith("/" + f)]
        if not found:
            log.warning("%s: line %d: %s matches no input file", meta_path, line, key)
            continue
        if len(found) > 1:
            shown = ", ".join(found[:4]) + (" …" if len(found) > 4 else "")
            raise InputError(
                f"{meta_path}: line {line}: {key} matches {len(found)} input files ({shown}); "
                "name the file by its path relative to the input folder"
            )
        source_file = found[0]
        if source_file in claimed:
            raise InputError(f"{meta_path}: line {line}: {key} and {claimed[source_file]} both name {source_file}")
        claimed[source_file] = key
        table[source_file] = (region, year)
    return table


def check_stated_region(name: str, year: int | None, where: str = "--region") -> None:
    """Refuse a stated region the division table does not know, suggesting the nearest names; a new area's name (坪山新区) is
    taken without a code, as the area's own report is read (``regions.is_area_name``)."""
    if (lookup_region(name, year).code and stated_name_in_force(name, year)) or is_area_name(name):
        return
    nearest = suggest_divisions(name, year)
    hint = f"; did you mean {' or '.join(nearest)}?" if nearest else "; give the full name, e.g. 临海市 or 台州市"
    raise InputError(f"{where}: {name} is not a division name known for {year or 'recent years'}{hint}")


class SameText:
    """Files whose cleaned text equals one met earlier in the run (the same ``doc_id``).

    Such a file is listed as a duplicate of the first one (``documents.jsonl`` row ``duplicate``)
    instead of being extracted again into the same document row, where its name would vanish.
    """

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def earlier(self, document: Document) -> str | None:
        """The name of the earlier file with the same text, or None when this is the first."""
        return self.earlier_text(document.doc_id, document.source_file)

    def earlier_text(self, doc_id: str, source_file: str) -> str | None:
        """``earlier`` by the document's id and file name (a worker process sends only these)."""
        first = self._first.setdefault(doc_id, source_file)
        return first if first != source_file else None


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
    source_file: str | None = None,
) -> PreparedDocument:
    """Ingest a file and cut it up. Raises ``IngestError`` for unusable input, ``LimitExceeded``
    when ``budget`` runs out.

    ``source_file`` is the path relative to the input root (the run orchestrator knows the root);
    without it the file's name is used."""
    overrides = overrides or DocumentOverrides()
    budget = budget or Limits().start()
    document = load_document(path, max_bytes=max_bytes)
    budget.check_time("reading")
    if source_file is not None:
        document = document.model_copy(update={"source_file": source_file})
    stated_region, stated_year = overrides.for_file(document.source_file)
    prepared = prepare_document(document, stated_region, stated_year, max_chunk_chars)
    budget.check_time("cutting into sections")
    prepared.budget = budget
    return prepared


def prepare_input(
    path: Path, source_file: str, overrides: DocumentOverrides, max_bytes: int, limits: Limits
) -> PreparedDocument:
    """``prepare`` as a run prepares an input file: its own stated region and year (``--meta`` over
    ``--region``/``--year``), the run's size limit and a fresh time budget. The run, ``--dry-run`` and
    ``--batch`` all cut a file this way, so the chunks they count or send are the run's chunks."""
    region, year = overrides.for_file(source_file)
    return prepare(
        path,
        DocumentOverrides(region=region, year=year),
        max_bytes=max_bytes,
        budget=limits.start(),
        source_file=source_file,
    )


def prepare_document(
    document: Document,
    stated_region: str | None = None,
    stated_year: int | None = None,
    max_chunk_chars: int = DEFAULT_MAX_CHARS,
) -> PreparedDocument:
    """Date, place and cut an ingested document. What cannot be read becomes a warning, never a guess."""
    warnings: list[str] = []
    flags: list[str] = []
    reading = read_year(document.text, document.title)
    year = stated_year or reading.year
    if year is None:
        warnings.append(f"plan year unknown: {reading.source}; state it with --year or --meta")
    elif stated_year and reading.year and reading.year != stated_year:
        warnings.append(
            f"stated year {stated_year} contradicts the text, which gives {reading.year} ({reading.source}); "
            f"{stated_year} is used"
        )
        flags.append("YEAR_CONTRADICTS_TEXT")
    placeholders = len(CONVERSION_PLACEHOLDER.findall(document.text))
    if placeholders:
        warnings.append(
            f"the text holds {placeholders} placeholders such as $1 where a faulty conversion lost figures: "
            "no value is read from them; the source's original text has them"
        )
    region = resolve_region(document.text, year, stated=stated_region)
    found = region.region
    if region.reason:
        warnings.append(f"region {'code ' if found is not None else ''}unknown: {region.reason}")
    contradiction = _region_contradiction(document.text, year, found) if stated_region else None
    if contradiction:
        warnings.append(contradiction)
        flags.append("REGION_CONTRADICTS_TEXT")
    document = document.model_copy(
        update={
            "report_year": year,
            "document_flags": flags,
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
    early = reading.year == year and delivered_the_year_before(document.text, year)
    chunks = build_chunks(document, sections, max_chunk_chars, delivered_the_year_before=early)
    return PreparedDocument(document=document, sections=sections, chunks=chunks)


def _region_contradiction(text: str, year: int | None, stated: Region | None) -> str | None:
    """A warning when the text's own self-reference names another division than the stated one."""
    if stated is None or not stated.code:
        return None
    own = detect_region(text, year).region
    if own is None or not own.code or own.code == stated.code:
        return None
    return (
        f"stated region {stated.name} ({stated.code}) contradicts the text, which names itself "
        f"{own.name} ({own.code}); {stated.name} is used"
    )


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
    headline_spans: dict[int, tuple[tuple[int, int], ...]] = {}
    estimated = estimated_spans(document.text, prepared.sections)  # "预计(下同)": the figures after it, any backend
    for position, (chunk, record) in enumerate(candidates):
        if position % 500 == 499:
            budget.check_time("grounding")
        stamp = {
            "doc_id": document.doc_id,
            "source_file": document.source_file,
            "region": document.region,
            "region_code": document.region_code,
            "region_level": document.region_level,
            "report_year": document.report_year,
            "target_year": record.target_year if record.target_year is not None else document.target_year,
            "section_path": record.section_path or chunk.section_path,
        }
        located = ground(record, document.text, window=(chunk.char_start, chunk.char_end), update=stamp)
        if isinstance(located, Target) and located.char_start is not None:
            # From the grounded span, whichever way the quote was found (exact, normalised or fuzzy).
            if chunk.index not in headline_spans:
                headline_spans[chunk.index] = headline_spans_of(chunk)
            spans = headline_spans[chunk.index]
            located.headline = any(s <= located.char_start < e for s, e in spans)  # a copy of our own
        if isinstance(located, Result) and located.char_start is not None and not located.estimate:
            located.estimate = any(s <= located.char_start < e for s, e in estimated)
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
        record.id = record.stable_id()  # check_records made the copy: set in place, not copied again
        unique.setdefault(record.id, record)
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
