"""Bounds per document (``extractor run --max-records / --max-seconds``) and their budget.

A module of its own, free of the pipeline's imports, so the command line can show the defaults in
``--help`` without loading the stages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from extractor.errors import ExtractorError

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
