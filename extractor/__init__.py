"""gwr-extractor: validated, source-grounded targets and projects from Chinese government work reports.

The Python API (the command line is a layer over it)::

    from extractor import extract_text, extract_file, Target, Project
    records = extract_text(report_text, year=2024, region="临海市")          # rules backend, offline
    summary = run_folder(["reports/"], "runs/all")                          # = extractor run
    scores = evaluate_run("tests/corpus/gold", "runs/all")                  # = extractor eval
    files = export_run("runs/all", "parquet", reviewed=True)                # = extractor export
    panel = load_panel(files[0])                                            # region codes as text
"""

from extractor.api import (
    clean,
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
    "evaluate_run",
    "export_run",
    "extract_file",
    "extract_text",
    "load_panel",
    "panel_runs",
    "run_folder",
]
