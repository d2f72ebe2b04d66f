"""The Python API: grounded, checked records for one text or file, with any backend, no run folder.

    >>> from extractor import extract_text
    >>> records = extract_text("今年主要预期目标是:地区生产总值增长6.5%以上…", year=2024, region="临海市")

Every record is grounded in the cleaned text (``record.quote == text[record.char_start:record.char_end]``
where ``text`` is ``extractor.clean(raw).text``) and carries the same flags as a run's records. The
command line (``extractor run``) is a layer over the same stages that also stores and exports.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    import pandas as pd

    from extractor.dryrun import DryRunReport

from extractor import store
from extractor.backends import DocumentBackend, make_backend
from extractor.backends.llm.config import ModelConfig
from extractor.errors import InputError, RunInterrupted
from extractor.evaluate import Evaluation, evaluate, gold_documents, load_gold, load_run
from extractor.export import write_run_files
from extractor.ingest import DEFAULT_MAX_BYTES, display_name, document_from_text, load_document
from extractor.models import Document, Record
from extractor.pipeline import (
    DocumentOverrides,
    Limits,
    PreparedDocument,
    check_stated_region,
    match_meta,
    prepare_document,
    read_meta_csv,
)
from extractor.run import InputFile, Inputs, collect_inputs, default_workers, run_files, summarize

log = logging.getLogger("extractor")


def clean(text: str, source_file: str = "text") -> Document:
    """The cleaned document every offset refers to (HTML stripped, furniture dropped, widths folded)."""
    return document_from_text(text, source_file)


def extract_text(
    text: str,
    *,
    year: int | None = None,
    region: str | None = None,
    backend: str = "rules",
    config: ModelConfig | None = None,
    cache_path: Path | None = None,
    source_file: str = "text",
) -> list[Record]:
    """Targets and projects of one report text (plain or HTML).

    ``year`` and ``region`` state what the text may not (they win over what it says, as ``--year``
    and ``--region`` do). ``backend`` is ``rules`` (default, offline), ``llm`` or ``hybrid``; the
    model backends read ``config`` or the ``EXTRACTOR_*`` environment, and cache answers in
    ``cache_path`` (a temporary file when not given). Raises ``IngestError`` for text that is not a report.
    """
    if region:
        check_stated_region(region, year)
    document = document_from_text(text, source_file)
    return _extract(prepare_document(document, region, year), backend, config, cache_path)


def extract_file(
    path: str | Path,
    *,
    year: int | None = None,
    region: str | None = None,
    backend: str = "rules",
    config: ModelConfig | None = None,
    cache_path: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Record]:
    """Targets and projects of one report file (UTF-8, GB18030/GBK, Big5, HTML…); see ``extract_text``."""
    if region:
        check_stated_region(region, year)
    document = load_document(Path(path), max_bytes=max_bytes)
    return _extract(prepare_document(document, region, year), backend, config, cache_path)


def _extract(
    prepared: PreparedDocument, backend: str, config: ModelConfig | None, cache_path: Path | None
) -> list[Record]:
    if backend == "rules":
        return asyncio.run(_records(make_backend("rules"), prepared))
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_backend(backend, config, cache_path=cache_path or Path(scratch) / "llm_cache.sqlite")
        return asyncio.run(_records(engine, prepared))


async def _records(engine: DocumentBackend, prepared: PreparedDocument) -> list[Record]:
    try:
        extraction = await engine.extract(prepared)
    finally:
        await engine.aclose()
    return extraction.records


def run_folder(
    inputs: list[Path] | list[str],
    out: str | Path,
    *,
    backend: str = "rules",
    config: ModelConfig | None = None,
    region: str | None = None,
    year: int | None = None,
    meta: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    concurrency: int = 4,
    use_cache: bool = True,
    workers: int | None = None,
    console: Console | None = None,
    limits: Limits | None = None,
    lock_wait: float = 10.0,
    batch: bool = False,
) -> dict[str, object]:
    """``extractor run`` as a function: extract ``inputs`` (files or folders) into the run folder
    ``out`` and write its run files; returns summary.json's content.

    A run into a folder that already holds a run resumes it: documents whose file and settings are
    unchanged are kept as they are (``use_cache=False`` redoes them); a file that changed replaces the
    document it gave before. ``workers`` processes share the work (default: every core; the output is
    the same whatever their number).

    Raises ``InputError`` (and creates nothing) when no input can be read at all, a --meta row is
    ambiguous, a stated region is unknown or ``out`` cannot be a run folder (a file, another program's
    database, another run holding it longer than ``lock_wait`` seconds); ``DiskFull`` when the disk
    fills up (what was stored is kept); ``RunInterrupted`` on Ctrl-C after saving what was done
    (summary.json says ``"partial": true``). When the model budget (``config.max_cost`` or
    ``config.max_total_tokens``) is reached, no request is started any more, what was done is saved,
    and summary.json says ``"partial": true`` and ``"budget_reached"``: the reason.

    ``batch=True`` (a model backend) sends the chunks not yet answered through the provider's Batch
    interface and raises ``BatchPending`` (``extractor.backends.llm.batch``) until every batch it sent
    is back; then the run proceeds from the cache like any other.
    """
    out = Path(out)
    if batch and (backend == "rules" or not use_cache):
        raise InputError("--batch needs a model backend (llm or hybrid) and the response cache (no --no-cache)")
    check_concurrency(concurrency)
    found, files, overrides = _resolve_inputs(inputs, out, region=region, year=year, meta=meta)
    lock = store.RunLock(out, wait=lock_wait)
    try:
        lock.acquire()
        connection = store.connect(out)
    except (OSError, sqlite3.Error) as exc:
        lock.release()
        reason = str(getattr(exc, "strerror", None) or exc)
        raise store.RunFolderError(f"{display_name(out)}: cannot open the run folder ({reason})") from exc
    try:
        for failure in found.failures:
            log.error("%s: %s", failure.source_file, failure.reason)
            store.save_failure(connection, failure)
        engine = make_backend(backend, config, connection, concurrency=concurrency, use_cache=use_cache)
        if batch:
            _batch_phase(files, connection, engine, overrides, max_bytes, limits or Limits())
        store.set_run_state(connection, state="running", inputs=len(files), finished=0)
        result = run_files(
            files,
            connection,
            engine,
            overrides,
            max_bytes,
            console,
            limits,
            resume=use_cache,
            workers=workers or default_workers(),
        )
        if result.unchanged:
            log.info("%d unchanged documents kept from the previous run (same file, same settings)", result.unchanged)
        store.set_run_state(
            connection,
            state="partial" if result.interrupted or result.stopped else "complete",
            inputs=len(files),
            finished=result.finished,
        )
        summary = summarize(connection, backend, result)
        if batch:
            from extractor.backends.llm.batch import summary as batch_summary

            summary["batch"] = batch_summary(connection)
        write_run_files(out, connection, summary)
    except Exception as exc:
        if not store.is_disk_full(exc):
            raise
        raise store.DiskFull(
            f"{display_name(out)}: disk full while writing the run folder ({exc}); what was stored before is "
            "kept: free space and run the same command again"
        ) from exc
    finally:
        connection.close()
        lock.release()
    if result.stopped:
        log.warning(
            "stopped: %s; %d of %d files done and saved in %s; run the same command again to continue "
            "(answered chunks come from the cache and cost nothing)",
            result.stopped,
            result.finished,
            len(files),
            display_name(out),
        )
    if result.interrupted:
        raise RunInterrupted(
            f"interrupted: {result.finished} of {len(files)} files done and saved in {display_name(out)}; "
            "summary.json marks the run partial; run the same command again to resume",
            summary,
        )
    return summary


def _batch_phase(
    files: list[InputFile],
    connection: sqlite3.Connection,
    engine: DocumentBackend,
    overrides: DocumentOverrides,
    max_bytes: int,
    limits: Limits,
) -> None:
    """Submit or collect batches before the run; the backend is closed when the run must wait."""
    from extractor.backends.llm.backend import ModelBackend
    from extractor.backends.llm.batch import prepare_batches

    assert isinstance(engine, ModelBackend)
    try:
        prepare_batches(files, connection, engine, overrides, max_bytes, limits)
    except BaseException:
        asyncio.run(engine.aclose())
        raise


def check_concurrency(concurrency: int) -> None:
    """Refuse a number of requests in flight below 1 or above ``MAX_CONCURRENCY``."""
    from extractor.backends.llm.governor import MAX_CONCURRENCY

    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise InputError(f"--concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}")


def _resolve_inputs(
    inputs: list[Path] | list[str],
    out: Path,
    *,
    region: str | None,
    year: int | None,
    meta: Path | None,
    check_out: bool = True,
) -> tuple[Inputs, list[InputFile], DocumentOverrides]:
    """The files to extract with their stated region and year; ``InputError`` when none can be used."""
    if check_out:
        store.check_run_dir(out)
    found = collect_inputs([Path(p) for p in inputs], out)
    for skipped, reason in found.skipped:
        log.info("skipped %s: %s", skipped, reason)
    if not found.files:
        causes = "; ".join(f"{f.source_file}: {f.reason}" for f in found.failures) or "no report files in the input"
        raise InputError(f"nothing to extract ({causes})")
    files = found.named()
    per_file: dict[str, tuple[str | None, int | None]] = {}
    if meta:
        try:
            rows = read_meta_csv(meta)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{meta}: cannot read the --meta table ({exc})") from exc
        per_file = match_meta(rows, [f.source_file for f in files], meta)
    if region:
        check_stated_region(region, year)
    for source_file, (stated, stated_year) in per_file.items():
        if stated:
            check_stated_region(stated, stated_year or year, where=f"{meta} ({source_file})")
    return found, files, DocumentOverrides(region=region, year=year, per_file=per_file)


def dry_run(
    inputs: list[Path] | list[str],
    out: str | Path,
    *,
    backend: str = "llm",
    config: ModelConfig | None = None,
    region: str | None = None,
    year: int | None = None,
    meta: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: Limits | None = None,
    use_cache: bool = True,
) -> DryRunReport:
    """``extractor run --dry-run`` as a function: every document and chunk prepared as a run would
    prepare them, the requests' tokens and cost estimated, the chunks already in the response cache
    counted; no model call, nothing written (``out`` is only read: its response cache)."""
    # Imported here: the planner reads the model path's prompts and tokenizer (openai, 0.5 CPU-s to
    # import), which a rules run never needs.
    from extractor.dryrun import plan

    out = Path(out)
    # The run folder is not even probed: opening its WAL database would leave files beside it.
    found, files, overrides = _resolve_inputs(inputs, out, region=region, year=year, meta=meta, check_out=False)
    report = plan(
        files,
        out,
        backend=backend,
        config=config,
        overrides=overrides,
        max_bytes=max_bytes,
        limits=limits or Limits(),
        use_cache=use_cache,
    )
    report.failed[:0] = [(f.source_file, f.reason) for f in found.failures]
    report.files += len(found.failures)
    return report


def evaluate_run(gold: str | Path, run_dir: str | Path) -> Evaluation:
    """``extractor eval`` as a function: precision, recall and F1 of a run folder against gold files."""
    gold, run_dir = Path(gold), Path(run_dir)
    predicted, texts = load_run(run_dir)
    return evaluate(load_gold(gold, texts), predicted, gold_documents(gold, texts))


def export_run(
    run_dir: str | Path,
    fmt: str = "csv",
    reviewed: bool = False,
    out_dir: str | Path | None = None,
    allow_partial: bool = False,
) -> list[Path]:
    """``extractor export`` as a function: panel-ready tables of a run folder; returns the files written."""
    from extractor.panel import export_tables

    run_dir = Path(run_dir)
    return export_tables(run_dir, fmt, reviewed, Path(out_dir) if out_dir else run_dir / "export", allow_partial)


def load_panel(path: str | Path) -> pd.DataFrame:
    """An exported table (.csv, .jsonl, .parquet, .dta or .xlsx) in pandas with the panel's types:
    region codes as text, years as nullable integers, coded columns as words."""
    from extractor.panel import load_panel as load

    return load(path)


def panel_runs(
    run_dirs: list[str | Path] | list[Path],
    output: str | Path,
    *,
    tolerance_pp: float | None = None,
    tolerance_share: float | None = None,
) -> list[dict[str, object]]:
    """``extractor panel`` as a function: targets beside outcomes (region × year × indicator × metric)
    across the records of one or more run folders, written to ``output`` (its suffix is the format:
    .csv, .jsonl, .parquet, .dta or .xlsx); returns the rows."""
    from extractor import outcomes
    from extractor.models import Result, Target
    from extractor.panel import write_table

    pairs = []
    for run_dir in run_dirs:
        connection = store.connect(Path(run_dir))
        try:
            for record in store.load_records(connection):
                if isinstance(record, Target | Result):
                    pairs.append((record, record.report_year))
        finally:
            connection.close()
    rows = outcomes.build_panel(
        pairs,
        tolerance_pp if tolerance_pp is not None else outcomes.DEFAULT_TOLERANCE_PP,
        tolerance_share if tolerance_share is not None else outcomes.DEFAULT_TOLERANCE_SHARE,
    )
    output = Path(output)
    table = [row.as_row() for row in rows]
    write_table(table, outcomes.PANEL_COLUMNS, output.suffix.lstrip(".").lower(), output, "panel")
    return table
