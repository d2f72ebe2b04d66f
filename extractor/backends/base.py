"""What every backend offers the run orchestrator, and the rules backend itself.

A backend turns one prepared document into grounded, checked records (``DocumentExtraction``).
Expected failures of a chunk (a model that timed out or answered nonsense) come back as chunk
errors; anything a backend raises is a bug and is handled by the orchestrator's one policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from extractor.backends import rules
from extractor.models import Chunk, Record
from extractor.pipeline import PreparedDocument, extract_document


@dataclass
class DocumentExtraction:
    """One document's records and the chunks that failed (index → one-line reason).

    ``chunks`` are the chunks the backend read when it cut the document its own way (the model's
    packed chunks); None means the prepared document's chunks.
    """

    records: list[Record]
    chunk_errors: dict[int, str] = field(default_factory=dict)
    chunks: list[Chunk] | None = None


class DocumentBackend(Protocol):
    """A way to extract a prepared document: the rules, the model, or both."""

    name: str

    async def extract(self, prepared: PreparedDocument) -> DocumentExtraction: ...

    def drain_call_rows(self) -> list[dict[str, object]]:
        """Model-call log rows gathered since the last call (stored with each document)."""
        ...

    def summary(self) -> dict[str, object]:
        """The backend's part of summary.json."""
        ...

    def settings(self) -> dict[str, object]:
        """What decides this backend's output besides the text (model, prompt version…): a stored
        document made with other settings is extracted again by an incremental run."""
        ...

    async def aclose(self) -> None: ...


class RulesBackend:
    """The deterministic patterns of ``backends/rules.py``: no network, no key.

    CPU-bound and stateless, so a parallel run calls ``extract_now`` in its worker processes.
    """

    name = "rules"
    documents_in_flight = 1
    cpu_bound = True

    def extract_now(self, prepared: PreparedDocument) -> DocumentExtraction:
        return DocumentExtraction(records=extract_document(prepared, rules.extract).records)

    async def extract(self, prepared: PreparedDocument) -> DocumentExtraction:
        return self.extract_now(prepared)

    def drain_call_rows(self) -> list[dict[str, object]]:
        return []

    def summary(self) -> dict[str, object]:
        return {}

    def settings(self) -> dict[str, object]:
        return {"backend": self.name}

    async def aclose(self) -> None:
        return None
