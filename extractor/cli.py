"""Command line: wires the stages together. Progress and logs go to stderr, results to files."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from extractor.errors import BatchError, BatchPending, InputError, RunInterrupted
from extractor.limits import DEFAULT_MAX_RECORDS, DEFAULT_MAX_SECONDS, Limits

if TYPE_CHECKING:
    from extractor.backends.llm.config import ModelConfig

# The stages are imported inside the commands that use them: `extractor --help` stays instant.

EXIT_OK = 0
EXIT_FLAGGED = 3
EXIT_FAILED = 4
EXIT_BUDGET = 5  # the model budget (--max-cost, --max-total-tokens) was reached: run again to continue
EXIT_BATCH_PENDING = 75  # EX_TEMPFAIL: a batch was submitted or is still running; run again later
EXIT_INTERRUPTED = 130

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


def model_configured(provider: str | None = None, base_url: str | None = None, model: str | None = None) -> bool:
    """A model is configured by --provider/--base-url/--model or EXTRACTOR_PROVIDER/_BASE_URL/_MODEL."""
    from extractor.backends.llm.config import model_configured as configured

    return configured(provider, base_url, model, os.environ)


def print_summary(summary: dict[str, object], run_dir: Path) -> None:
    table = Table(title=f"run folder: {run_dir}", show_header=True)
    for column in ("documents", "targets", "projects", "flagged", "open", "failed"):
        table.add_column(column, justify="right")
    table.add_row(
        str(summary["documents"]),
        str(summary["targets"]),
        str(summary["projects"]),
        str(summary["flagged"]),
        str(summary["flagged_open"]),
        str(summary["failed_documents"] + summary["failed_chunks"]),  # type: ignore[operator]
    )
    console.print(table)


def with_deadlines(config: ModelConfig, retry_deadline: float | None, run_deadline: float | None) -> ModelConfig:
    """The model configuration with the retry deadlines given on the command line (flags win over env)."""
    changes: dict[str, Any] = {}
    if retry_deadline is not None:
        changes["retry_deadline"] = retry_deadline
    if run_deadline is not None:
        changes["run_deadline"] = run_deadline
    return dataclasses.replace(config, **changes) if changes else config


@app.command()
def run(
    inputs: Annotated[
        list[Path],
        # readable=False: an unreadable file is one failed row, not a usage error that stops the run.
        typer.Argument(help="Report files or folders (walked recursively).", readable=False),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Run folder (created; an existing one is updated).")] = Path(
        "runs/latest"
    ),
    backend: Annotated[
        str | None, typer.Option(help="rules | llm | hybrid (default: hybrid when a model is configured, else rules).")
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Model calls in flight at once, at most 64 (llm/hybrid).")
    ] = 4,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Ignore the model response cache and redo documents a previous run left unchanged."
        ),
    ] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help="Processes to use (default: every core).")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Region of the input files, when the text does not say (e.g. 临海市).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Plan year of the input files, when the text does not say.")] = None,
    meta: Annotated[
        Path | None,
        typer.Option(
            help="CSV with columns file,region,year stating region/year per file (path relative to the input "
            "folder, or a bare name when it is unique)."
        ),
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this many MB.")] = 16.0,
    max_records: Annotated[
        int, typer.Option(help="Fail a document that yields more records than this (a dump, a repeated text).")
    ] = DEFAULT_MAX_RECORDS,
    max_seconds: Annotated[
        float, typer.Option(help="Fail a document whose local processing takes longer than this (seconds).")
    ] = DEFAULT_MAX_SECONDS,
    lock_wait: Annotated[
        float, typer.Option(help="Seconds to wait for another run writing to the same --out before giving up.")
    ] = 10.0,
    retry_deadline: Annotated[
        float | None,
        typer.Option(help="Seconds a chunk may spend retrying the model endpoint (env EXTRACTOR_RETRY_DEADLINE)."),
    ] = None,
    run_deadline: Annotated[
        float | None,
        typer.Option(help="Seconds after which no model request is retried (env EXTRACTOR_RUN_DEADLINE)."),
    ] = None,
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
    batch: Annotated[
        bool,
        typer.Option(
            "--batch/--no-batch",
            help="Send uncached chunks through the provider's Batch interface (about half price, within 24 h) "
            "and exit 75; run the same command again to collect.",
        ),
    ] = False,
    # -- rate limits and money (docs/llm.md, "Rate limits, budgets and dry runs") --
    rpm: Annotated[
        float | None, typer.Option(help="Model requests per minute, run-wide; 0: no limit (env EXTRACTOR_RPM).")
    ] = None,
    tpm: Annotated[
        float | None, typer.Option(help="Model tokens per minute, run-wide; 0: no limit (env EXTRACTOR_TPM).")
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(help="Stop sending when this much is spent, in the currency of EXTRACTOR_PRICES (exit 5)."),
    ] = None,
    max_total_tokens: Annotated[
        int | None, typer.Option(help="Stop sending when the run's requests have used this many tokens (exit 5).")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Prepare and pack everything, print chunks, tokens and cost; no model call."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Extract targets and projects into a run folder. Exit 0 clean, 3 flagged records, 4 failures,
    5 budget reached, 75 a batch submitted or still running (--batch)."""
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
        from extractor.backends.llm.config import ModelConfigError, resolve_config, with_run_limits

        try:
            model_config = resolve_config(provider, base_url, model, mode, api_key_env)
            model_config = with_deadlines(model_config, retry_deadline, run_deadline)
            model_config = with_run_limits(model_config, rpm, tpm, max_cost, max_total_tokens)
        except ModelConfigError as exc:
            log.error("model configuration: %s", exc)
            raise typer.Exit(2) from exc
    from extractor import store
    from extractor.api import dry_run as plan_run
    from extractor.api import run_folder

    if dry_run:
        try:
            report = plan_run(
                inputs,
                out,
                backend=chosen,
                config=model_config,
                region=region,
                year=year,
                meta=meta,
                max_bytes=int(max_mb * 1024 * 1024),
                limits=Limits(max_records=max_records, max_seconds=max_seconds),
                use_cache=not no_cache,
            )
        except InputError as exc:
            log.error("%s", exc)
            raise typer.Exit(2) from exc
        for line in report.lines():
            typer.echo(line)
        return
    try:
        summary = run_folder(
            inputs,
            out,
            backend=chosen,
            config=model_config,
            region=region,
            year=year,
            meta=meta,
            max_bytes=int(max_mb * 1024 * 1024),
            concurrency=concurrency,
            use_cache=not no_cache,
            workers=workers,
            console=console,
            limits=Limits(max_records=max_records, max_seconds=max_seconds),
            lock_wait=lock_wait,
            batch=batch,
        )
    except BatchPending as exc:
        console.print(str(exc), soft_wrap=True, markup=False, highlight=False)
        raise typer.Exit(EXIT_BATCH_PENDING) from exc
    except InputError as exc:
        log.error("%s", exc)
        raise typer.Exit(2) from exc
    except (store.DiskFull, BatchError) as exc:
        log.error("%s", exc)
        raise typer.Exit(EXIT_FAILED) from exc
    except RunInterrupted as exc:
        console.print(str(exc), soft_wrap=True, markup=False, highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from exc
    print_summary(summary, out)
    if summary.get("budget_reached"):
        console.print(
            f"budget reached: {summary['budget_reached']}; what was done is saved in {out}; "
            "run the same command again to continue",
            soft_wrap=True,
            markup=False,
            highlight=False,
        )
    code = exit_code(summary)
    if code != EXIT_OK:
        raise typer.Exit(code)


def exit_code(summary: dict[str, object]) -> int:
    """5 when the model budget stopped the run (chunks or files left for the next run), else 4 when a
    file or chunk failed (whatever else happened), else 3 when a flagged record is still open (not yet
    reviewed), else 0."""
    if summary.get("budget_reached"):
        return EXIT_BUDGET
    if summary["failed_documents"] or summary["failed_chunks"]:
        return EXIT_FAILED
    if summary["flagged_open"]:
        return EXIT_FLAGGED
    return EXIT_OK


def _require_run_dir(run_dir: Path) -> None:
    """Stop with one line and exit code 2 unless ``run_dir`` is a run folder."""
    from extractor import store

    if not (run_dir / store.DB_NAME).exists():
        log.error("%s: not a run folder (no %s)", run_dir, store.DB_NAME)
        raise typer.Exit(2)


@app.command("export")
def export_command(
    run_dir: Annotated[Path, typer.Argument(help="A run folder.")],
    format: Annotated[str, typer.Option("--format", "-f", help="csv | jsonl | parquet | dta | xlsx")] = "csv",
    reviewed: Annotated[
        bool,
        typer.Option(
            "--reviewed", help="Apply review decisions (rejected left out, edits applied) into targets_reviewed.*."
        ),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output folder (default: RUN_DIR/export).")
    ] = None,
    allow_partial: Annotated[
        bool, typer.Option("--allow-partial", help="Export a run that was interrupted (with a warning).")
    ] = False,
) -> None:
    """Flat tables, one row per record: targets and projects, with report_year, target_year and review_status.

    Read them back with the right types with `extractor.load_panel(path)`.
    """
    from extractor.panel import export_tables

    _setup_logging(False)
    _require_run_dir(run_dir)
    try:
        written = export_tables(run_dir, format, reviewed, output or run_dir / "export", allow_partial)
    except InputError as exc:
        log.error("%s", exc)
        raise typer.Exit(2) from exc
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
    manifest: Annotated[
        Path | None,
        typer.Option(
            help="Corpus manifest (shape, level, region, plan year per document); default: manifest.jsonl beside the gold folder."
        ),
    ] = None,
) -> None:
    """Precision / recall / F1 per kind, for headline targets, and per field on matched pairs.

    Matching: same document and kind. Targets pair when their quote spans overlap (at any place the gold quote stands) and agree on
    indicator_id, indicator text or value, or (anywhere in the document) on indicator_id (not
    `other`), value and target year. Projects pair when names are equal after light normalisation
    (NFKC, no quotes or spaces) or one contains the other. One-to-one, best pairs first. With a
    manifest, the figures are also given per document shape and per government level, with year
    and region accuracy and indicator-id coverage.
    """
    from extractor import evaluate as scoring
    from extractor import export as exporting
    from extractor import store

    _setup_logging(False)
    _require_run_dir(run_dir)
    if not gold.exists():
        log.error("%s: gold path does not exist", gold)
        raise typer.Exit(2)
    predicted, texts = scoring.load_run(run_dir)
    gold_items = scoring.load_gold(gold, texts)
    documents = scoring.gold_documents(gold, texts)
    result = scoring.evaluate(gold_items, predicted, documents)
    report = result.as_dict()
    typer.echo(scoring.format_report(result, show_lists=not quiet))
    manifest = manifest or (gold if gold.is_dir() else gold.parent).parent / "manifest.jsonl"
    if manifest.exists() and "target" in result.scores:
        rows = scoring.load_manifest(manifest)
        connection = store.connect(run_dir)
        try:
            run_documents = [dict(row) for row in store.load_documents(connection)]
        finally:
            connection.close()
        facts = scoring.document_facts(run_documents, predicted, rows)
        report["documents"] = facts.as_dict()
        typer.echo("")
        typer.echo(scoring.format_facts(facts))
        for key in ("shape", "level"):
            table = scoring.breakdown(gold_items, predicted, documents, rows, key, run_documents)
            report[f"by_{key}"] = {b.group: {n: s.as_dict() for n, s in b.scores.items()} for b in table}
            typer.echo("")
            typer.echo(scoring.format_breakdown(key, table))
    if json_out:
        exporting.atomic_write(json_out, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


@app.command("panel")
def panel_command(
    run_dirs: Annotated[list[Path], typer.Argument(help="One or more run folders (their records are joined).")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="File to write; its suffix is the format (.csv .jsonl .parquet .dta .xlsx)."
        ),
    ],
    tolerance_pp: Annotated[
        float | None, typer.Option(help="左右 is met within this many percentage points for rates (default 0.5).")
    ] = None,
    tolerance_share: Annotated[
        float | None, typer.Option(help="…and within this share of the target for amounts (default 0.05).")
    ] = None,
) -> None:
    """Targets beside outcomes: region × year × indicator × metric, with met, gap and the parent's target.

    The outcome of a year's target is the result a later report states for that year (the latest
    statement wins; the first is kept beside it). met follows the bound word: 以上 at least, 以内 at
    most, 左右 within the tolerance, a range within its ends. escalation is the target minus the same
    target of the parent government (prefecture for a county, province for a prefecture, nation for
    a province) in the same year.
    """
    from extractor.api import panel_runs

    _setup_logging(False)
    for run_dir in run_dirs:
        _require_run_dir(run_dir)
    try:
        rows = panel_runs(run_dirs, output, tolerance_pp=tolerance_pp, tolerance_share=tolerance_share)
    except InputError as exc:
        log.error("%s", exc)
        raise typer.Exit(2) from exc
    joined = sum(1 for row in rows if row["target_value"] is not None and row["outcome_value"] is not None)
    typer.echo(f"{output}: {len(rows)} cells, {joined} with both a target and an outcome")


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
    spot_check: Annotated[
        int | None,
        typer.Option(
            "--spot-check",
            min=1,
            help="How many unflagged records the spot check samples (default 20; kept for the run folder).",
        ),
    ] = None,
) -> None:
    """Local review page: flagged records first; a accept, r reject, e edit, u undo, ? all keys.

    Decisions are appended to the run's run.sqlite and survive restarts and re-runs; apply them
    with `extractor export RUN_DIR --reviewed`.
    """
    from extractor.review.server import is_loopback, serve

    _setup_logging(False)
    _require_run_dir(run_dir)
    if not is_loopback(host):
        log.warning("listening on %s: anyone who can reach this address can record decisions", host)
    try:
        serve(
            run_dir,
            host=host,
            port=port,
            reviewer=reviewer or _login_name(),
            announce=typer.echo,
            spot_size=spot_check,
        )
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
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:  # Ctrl-C outside a run's own handling (start-up, a report being written)
        console.print("interrupted", markup=False, highlight=False)
        raise SystemExit(EXIT_INTERRUPTED) from None


if __name__ == "__main__":
    main()
