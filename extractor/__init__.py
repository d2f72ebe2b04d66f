"""gwr-extractor: validated, source-grounded targets and projects from Chinese government work reports.

The Python API (the command line is a layer over it)::

    from extractor import extract_text, extract_file, Target, Project
    records = extract_text(report_text, year=2024, region="临海市")          # rules backend, offline
    summary = run_folder(["reports/"], "runs/all")                          # = extractor run
    plan = dry_run(["reports/"], "runs/all", backend="llm")                 # = extractor run --dry-run
    scores = evaluate_run("tests/corpus/gold", "runs/all")                  # = extractor eval
    files = export_run("runs/all", "parquet", reviewed=True)                # = extractor export
    panel = load_panel(files[0])                                            # region codes as text
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.api import (
        clean,
        dry_run,
        evaluate_run,
        export_run,
        extract_file,
        extract_text,
        load_panel,
        panel_runs,
        run_folder,
    )
    from extractor.errors import ExtractorError, IngestError, InputError, ModelError
    from extractor.models import Document, Flag, Project, Record, Result, Target

_HOMES = {
    "clean": "extractor.api",
    "dry_run": "extractor.api",
    "evaluate_run": "extractor.api",
    "export_run": "extractor.api",
    "extract_file": "extractor.api",
    "extract_text": "extractor.api",
    "load_panel": "extractor.api",
    "panel_runs": "extractor.api",
    "run_folder": "extractor.api",
    "ExtractorError": "extractor.errors",
    "IngestError": "extractor.errors",
    "InputError": "extractor.errors",
    "ModelError": "extractor.errors",
    "Document": "extractor.models",
    "Flag": "extractor.models",
    "Project": "extractor.models",
    "Record": "extractor.models",
    "Result": "extractor.models",
    "Target": "extractor.models",
}
"""Names of the API and the modules they live in: imported on first use, so that ``extractor --help``
and a worker process do not pay for the whole pipeline (and the model client) at start-up."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "Document",
    "ExtractorError",
    "Flag",
    "IngestError",
    "InputError",
    "ModelError",
    "Project",
    "Record",
    "Result",
    "Target",
    "clean",
    "dry_run",
    "evaluate_run",
    "export_run",
    "extract_file",
    "extract_text",
    "load_panel",
    "panel_runs",
    "run_folder",
]
