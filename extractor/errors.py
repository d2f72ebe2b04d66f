"""The failures this tool expects, and nothing else.

Every expected failure is an ``ExtractorError`` whose message is the one line a user sees
("in/scan.txt: not a text report: looks like a PDF file"). The run orchestrator catches these per
file or per chunk, records a failed row and goes on. Anything else is a bug: it is logged with its
traceback, counted as an internal error, and in strict mode (``EXTRACTOR_STRICT=1``, set by the
test suite) it is raised, so a bug fails a test instead of becoming a quiet "failed" row.
"""

from __future__ import annotations

import os


class ExtractorError(Exception):
    """An expected failure; the message is one line for the user."""


class IngestError(ExtractorError):
    """A file that cannot become a document (binary, empty, too large, no Chinese text…)."""


class InputError(ExtractorError):
    """A command-line input that cannot be used (a missing path, a clashing --meta row…)."""


class RunInterrupted(ExtractorError):
    """Ctrl-C during a run: what was finished is saved and the run folder is marked partial."""

    def __init__(self, message: str, summary: dict[str, object]) -> None:
        super().__init__(message)
        self.summary = summary


class ModelError(ExtractorError):
    """A chunk the model path could not answer after its retries (transport, refusal, invalid output)."""


class BatchPending(ExtractorError):
    """``run --batch`` waits for a batch (just submitted, or still running); the message says which."""


class BatchError(ExtractorError):
    """The provider's Batch interface refused or failed a call (not a chunk's answer); one line, no secret."""


class ConfigError(ExtractorError, ValueError):
    """Model or run settings that are incomplete or contradictory."""


def strict_mode() -> bool:
    """Whether internal errors are raised instead of recorded (tests, debugging)."""
    return os.environ.get("EXTRACTOR_STRICT", "") not in ("", "0", "false", "no")
