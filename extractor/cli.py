"""Command line: wires the stages together. Progress and logs go to stderr, results to files."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from extractor import export as exporting
from extractor import store
from extractor.backends import rules
from extractor.ingest import IngestError
from extractor.models import Failure, Record
from extractor.pipeline import DocumentOverrides, extract_document, prepare, read_meta_csv
from extractor.progress import progress_bar

EXIT_OK = 0
EXIT_FLAGGED = 3
EXIT_FAILED = 4

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Extract targets and projects from government work reports."
)
console = Console(stderr=True)
log = logging.getLogger("extractor")


class OneLineHandler(logging.Handler):
    """Log records as single unwrapped lines on stderr ("error: FILE: cause"), above any progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        level = record.levelname.lower()
        prefix = "" if level == "info" else f"{level}: "
        console.print(prefix + self.format(record), soft_wrap=True, markup=False, highlight=False)


def _setup_logging(verbose: bool) -> None:
    handler = OneLineHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)


def collect_inputs(inputs: list[Path]) -> tuple[list[Path], list[Failure]]:
    """Files to process (folders walked in name order) and the inputs that cannot be read."""
    files: list[Path] = []
    failures: list[Failure] = []
    for path in inputs:
        if path.is_dir():
            try:
                found = sorted(p for p in path.rglob("*") if not p.name.startswith(".") and not p.is_dir())
            except OSError as exc:
                failures.append(
                    Failure(source_file=str(path), stage="ingest", reason=f"cannot list folder ({exc.strerror})")
                )
                continue
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            failures.append(Failure(source_file=str(path), stage="ingest", reason="path does not exist"))
    return files, failures


def model_configured(provider: str | None = None, base_url: str | None = None, model: str | None = None) -> bool:
    """A model is configured by --provider/--base-url/--model or EXTRACTOR_PROVIDER/_BASE_URL/_MODEL."""
    from extractor.backends.llm_config import model_configured as configured

    return configured(provider, base_url, model, os.environ)


def summarize(
    connection: sqlite3.Connection, backend: str, seconds: float, extra: dict[str, object] | None = None
) -> dict[str, object]:
    records: list[Record] = store.load_records(connection)
    failures = store.load_failures(connection)
    by_flag: Counter[str] = Counter(flag.code for record in records for flag in record.flags)
    summary: dict[str, object] = {
        "backend": backend,
        "documents": len(store.load_documents(connection)),
        "failed_documents": sum(1 for f in failures if f["doc_id"] is None),
        "failed_chunks": sum(1 for f in failures if f["doc_id"] is not None),
        "failures": [
            {"source_file": f["source_file"], "stage": f["stage"], "reason": f["reason"], "chunk": f["chunk_idx"]}
            for f in failures
        ],
        "targets": sum(1 for r in records if r.kind == "target"),
        "projects": sum(1 for r in records if r.kind == "project"),
        "by_status": dict(Counter(r.status for r in records)),
        "by_flag": dict(sorted(by_flag.items())),
        "flagged": sum(1 for r in records if r.status == "flagged"),
        "seconds": round(seconds, 3),
        "model_calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
    }
    summary.update(extra or {})
    return summary


def print_summary(summary: dict[str, object], run_dir: Path) -> None:
    table = Table(title=f"run folder: {run_dir}", show_header=True)
    for column in ("documents", "targets", "projects", "flagged", "failed"):
        table.add_column(column, justify="right")
    table.add_row(
        str(summary["documents"]),
        str(summary["targets"]),
        str(summary["projects"]),
        str(summary["flagged"]),
        str(summary["failed_documents"] + summary["failed_chunks"]),  # type: ignore[operator]
    )
    console.print(table)


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="Report files or folders (walked recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Run folder (created; an existing one is updated).")] = Path(
        "runs/latest"
    ),
    backend: Annotated[
        str | None, typer.Option(help="rules | llm | hybrid (default: hybrid when a model is configured, else rules).")
    ] = None,
    concurrency: Annotated[int, typer.Option(help="Model calls in flight at once (llm/hybrid).")] = 4,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ignore the model response cache.")] = False,
    region: Annotated[
        str | None, typer.Option(help="Region of the input files, when the text does not say (e.g. 临海市).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Plan year of the input files, when the text does not say.")] = None,
    meta: Annotated[
        Path | None, typer.Option(help="CSV with columns file,region,year stating region/year per file (by file name).")
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this many MB.")] = 16.0,
    provider: Annotated[
        str | None,
        typer.Option(
            help="Model preset: openai, deepseek, qwen, moonshot, zhipu, vllm, ollama (env EXTRACTOR_PROVIDER)."
        ),
    ] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL (env EXTRACTOR_BASE_URL).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name (env EXTRACTOR_MODEL).")] = None,
    mode: Annotated[
        str | None, typer.Option(help="json | md_json (env EXTRACTOR_MODE; default: the preset's).")
    ] = None,
    api_key_env: Annotated[
        str | None,
        typer.Option(help="Name of the variable holding the API key (default: EXTRACTOR_API_KEY, OPENAI_API_KEY)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Extract targets and projects into a run folder. Exit 0 clean, 3 flagged records, 4 failures."""
    _setup_logging(verbose)
    chosen = backend or ("hybrid" if model_configured(provider, base_url, model) else "rules")
    if chosen not in ("rules", "llm", "hybrid"):
        raise typer.BadParameter("backend must be rules, llm or hybrid", param_hint="--backend")
    if chosen == "rules":
        log.info(
            "no model configured (set EXTRACTOR_MODEL / EXTRACTOR_BASE_URL or --provider): using the rules backend"
            if backend is None
            else "backend: rules"
        )
    model_config = None
    if chosen != "rules":
        from extractor.backends.llm_config import ModelConfigError, resolve_config

        try:
            model_config = resolve_config(provider, base_url, model, mode, api_key_env)
        except ModelConfigError as exc:
            log.error("model configuration: %s", exc)
            raise typer.Exit(2) from exc
    started = time.perf_counter()
    files, input_failures = collect_inputs(inputs)
    connection = store.connect(out)
    for failure in input_failures:
        log.error("%s: %s", failure.source_file, failure.reason)
        store.save_failure(connection, failure)
    try:
        per_file = read_meta_csv(meta) if meta else {}
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.error("%s: cannot read the --meta table (%s)", meta, exc)
        raise typer.Exit(2) from exc
    overrides = DocumentOverrides(region=region, year=year, per_file=per_file)
    extra: dict[str, object] = {}
    if chosen == "rules":
        _run_rules(files, connection, overrides, int(max_mb * 1024 * 1024))
    else:
        from extractor.backends import llm_runner

        extra = llm_runner.run_model_backend(
            files,
            connection,
            overrides,
            int(max_mb * 1024 * 1024),
            mode=chosen,
            concurrency=concurrency,
            use_cache=not no_cache,
            console=console,
            config=model_config,
        )
    summary = summarize(connection, chosen, time.perf_counter() - started, extra)
    exporting.write_run_files(out, connection, summary)
    connection.close()
    print_summary(summary, out)
    if summary["failed_documents"] or summary["failed_chunks"]:
        raise typer.Exit(EXIT_FAILED)
    if summary["flagged"]:
        raise typer.Exit(EXIT_FLAGGED)


def _run_rules(files: list[Path], connection: sqlite3.Connection, overrides: DocumentOverrides, max_bytes: int) -> None:
    with progress_bar(console) as progress:
        task = progress.add_task("documents", total=len(files))
        for path in files:
            process_file(path, connection, overrides, max_bytes)
            progress.advance(task)


def process_file(path: Path, connection: sqlite3.Connection, overrides: DocumentOverrides, max_bytes: int) -> bool:
    """Extract one file with the rules and store it; a bad file is logged and recorded, never raised."""
    try:
        prepared = prepare(path, overrides, max_bytes=max_bytes)
        result = extract_document(prepared, rules.extract)
        store.save_document(
            connection,
            prepared.document,
            prepared.sections,
            prepared.chunks,
            result.records,
            "rules",
            result.chunk_errors,
        )
        store.clear_file_failure(connection, str(path))
        return True
    except IngestError as exc:
        log.error("%s: %s", path, exc)
        store.save_failure(connection, Failure(source_file=str(path), stage="ingest", reason=str(exc)))
    except Exception as exc:
        log.error("%s: internal error while processing (%s: %s)", path, type(exc).__name__, exc)
        store.save_failure(
            connection, Failure(source_file=str(path), stage="extract", reason=f"{type(exc).__name__}: {exc}")
        )
    return False


def _require_run_dir(run_dir: Path) -> None:
    """Stop with one line and exit code 2 unless ``run_dir`` is a run folder."""
    if not (run_dir / store.DB_NAME).exists():
        log.error("%s: not a run folder (no %s)", run_dir, store.DB_NAME)
        raise typer.Exit(2)


@app.command("export")
def export_command(
    run_dir: Annotated[Path, typer.Argument(help="A run folder.")],
    format: Annotated[str, typer.Option("--format", "-f", help="csv | jsonl | parquet | dta")] = "csv",
    reviewed: Annotated[
        bool, typer.Option("--reviewed", help="Apply review decisions: rejected left out, edits applied.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output folder (default: RUN_DIR/export).")
    ] = None,
) -> None:
    """Flat tables, one row per record: targets and projects, with a review_status column."""
    from extractor.panel import export_tables

    _setup_logging(False)
    _require_run_dir(run_dir)
    written = export_tables(run_dir, format, reviewed, output or run_dir / "export")
    for path in written:
        typer.echo(str(path))


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold .jsonl file or folder of them (tests/gold).")],
    run_dir: Annotated[Path, typer.Option("--run", help="Run folder to score.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the numbers (and lists) as JSON.")] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Tables only, no lists of misses and false positives.")
    ] = False,
) -> None:
    """Precision / recall / F1 per kind, for headline targets, and per field on matched pairs.

    Matching: same document and kind. Targets pair when their quote spans overlap and they agree on
    indicator_id, indicator text or value, or (anywhere in the document) on indicator_id (not
    `other`), value and target year. Projects pair when names are equal after light normalisation
    (NFKC, no quotes or spaces) or one contains the other. One-to-one, best pairs first.
    """
    from extractor.evaluate import evaluate, format_report, gold_documents, load_gold, load_run

    _setup_logging(False)
    _require_run_dir(run_dir)
    if not gold.exists():
        log.error("%s: gold path does not exist", gold)
        raise typer.Exit(2)
    predicted, texts = load_run(run_dir)
    result = evaluate(load_gold(gold, texts), predicted, gold_documents(gold, texts))
    typer.echo(format_report(result, show_lists=not quiet))
    if json_out:
        exporting.atomic_write(
            json_out, (json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        )


def _login_name() -> str:
    """Who is reviewing, when --reviewer is not given (stored with each decision)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@app.command("review")
def review_command(
    run_dir: Annotated[Path, typer.Argument(help="A run folder made by `extractor run`.")],
    port: Annotated[
        int | None, typer.Option("--port", "-p", help="Port (default 8765, or any free port if it is taken).")
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; keep 127.0.0.1 unless others must reach the page.")
    ] = "127.0.0.1",
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Name saved with each decision (default: your login name).")
    ] = None,
) -> None:
    """Local review page: flagged records first; a accept, r reject, e edit, j/k next/previous.

    Decisions are appended to the run's run.sqlite and survive restarts and re-runs; apply them
    with `extractor export RUN_DIR --reviewed`.
    """
    from extractor.review.server import is_loopback, serve

    _setup_logging(False)
    _require_run_dir(run_dir)
    if not is_loopback(host):
        log.warning("listening on %s: anyone who can reach this address can record decisions", host)
    try:
        serve(run_dir, host=host, port=port, reviewer=reviewer or _login_name(), announce=typer.echo)
    except OSError as exc:
        log.error("%s", exc)
        raise typer.Exit(2) from exc


@app.command("report")
def report_command(
    run_dir: Annotated[Path, typer.Argument(help="A run folder made by `extractor run`.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file to write (default: RUN_DIR/report.html).")
    ] = None,
) -> None:
    """One self-contained HTML file: each document with its records highlighted, and the flagged list."""
    from extractor.report import write_report

    _setup_logging(False)
    _require_run_dir(run_dir)
    typer.echo(str(write_report(run_dir, output or run_dir / "report.html")))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
