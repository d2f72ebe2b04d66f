"""A self-contained HTML view of a run: every document with its records highlighted in the text.

One file, no server, no network and no script: the CSS is inlined, report text is autoescaped
by Jinja2, and a Content-Security-Policy meta tag forbids scripts and remote loads, so a report
that contains ``<script>`` or ``{{ }}`` shows it as text. Review decisions are applied (colour by
status, edited values in the labels).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from extractor import store
from extractor.decisions import apply_decision
from extractor.export import atomic_write
from extractor.models import Project, Record
from extractor.review.data import Segment, explain_flag, format_value, split_spans

REVIEW_DIR = Path(__file__).resolve().parent / "review"
STATUS_PRIORITY = ("flagged", "rejected", "edited", "accepted", "ok")
"""When records overlap, the segment shows the status that most needs attention."""


@dataclass
class Item:
    """A record as the report shows it: decisions applied, flags explained."""

    record: Record
    status: str
    review_status: str
    was_flagged: bool

    @property
    def label(self) -> str:
        record = self.record
        if isinstance(record, Project):
            return f"{record.name} · {record.stage} ({record.stage_raw})"
        bound = f" {record.qualifier}" if record.qualifier else ""
        high = f"–{format_value(record.value_high)}" if record.value_high is not None else ""
        return f"{record.indicator} {format_value(record.value)}{high}{record.unit or ''}{bound}"

    @property
    def title(self) -> str:
        codes = ", ".join(f.code for f in self.record.flags)
        return f"{self.record.kind} · {self.label} · {self.status}" + (f" · {codes}" if codes else "")

    @property
    def flags(self) -> list[object]:
        return [explain_flag(f.code, f.severity, f.message) for f in self.record.flags]


@dataclass
class Piece:
    """A run of document text, highlighted when records cover it."""

    text: str
    css: str = ""
    title: str = ""
    anchors: tuple[str, ...] = ()


def load_items(connection: sqlite3.Connection) -> list[Item]:
    reviews = store.latest_reviews(connection)
    items = []
    for record in store.load_records(connection):
        reviewed, review_status = apply_decision(record, reviews.get(record.id))
        items.append(Item(reviewed, reviewed.status, review_status, record.status == "flagged"))
    return items


def _piece(segment: Segment, by_id: dict[str, Item], starts: set[str]) -> Piece:
    if not segment.keys:
        return Piece(segment.text)
    covering = sorted((by_id[key] for key in segment.keys), key=lambda i: i.record.id)
    kinds = {item.record.kind for item in covering}
    kind = kinds.pop() if len(kinds) == 1 else "mixed"
    status = min(
        (item.status for item in covering), key=lambda s: STATUS_PRIORITY.index(s) if s in STATUS_PRIORITY else 9
    )
    anchors = tuple(f"r-{item.record.id}" for item in covering if item.record.id in starts)
    starts.difference_update(item.record.id for item in covering)
    return Piece(segment.text, f"hl k-{kind} st-{status}", "\n".join(i.title for i in covering), anchors)


def paragraphs(text: str, items: list[Item]) -> list[list[Piece]]:
    """The document's lines, each cut into pieces at record boundaries."""
    by_id = {item.record.id: item for item in items}
    spans = [(i.record.char_start, i.record.char_end, i.record.id) for i in items if i.record.char_start is not None]
    starts = set(by_id)
    out: list[list[Piece]] = []
    offset = 0
    for line in text.split("\n"):
        line_spans = [(s, e, k) for s, e, k in spans if s < offset + len(line) and e > offset]
        segments = split_spans(line, offset, line_spans) if line_spans else [Segment(line, frozenset(), offset)]
        out.append([_piece(segment, by_id, starts) for segment in segments])
        offset += len(line) + 1
    return out


def build_report(run_dir: Path) -> str:
    """The report as one HTML string."""
    connection = store.connect(run_dir)
    try:
        items = load_items(connection)
        documents = store.load_documents(connection)
    finally:
        connection.close()
    per_doc: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        per_doc[item.record.doc_id].append(item)
    docs = [
        {
            "row": doc,
            "anchor": f"doc-{doc['doc_id']}",
            "items": per_doc[doc["doc_id"]],
            "paragraphs": paragraphs(doc["text"], per_doc[doc["doc_id"]]),
            "counts": _counts(per_doc[doc["doc_id"]]),
        }
        for doc in documents
    ]
    environment = Environment(loader=FileSystemLoader(REVIEW_DIR / "templates"), autoescape=True)
    css = Markup((REVIEW_DIR / "static" / "style.css").read_text(encoding="utf-8").replace("</", "<\\/"))
    return environment.get_template("report.html").render(
        run_dir=str(Path(run_dir).resolve()),
        created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=css,
        docs=docs,
        flagged=[item for item in items if item.was_flagged or item.review_status == "edit_invalid"],
        totals=_counts(items),
    )


def _counts(items: list[Item]) -> dict[str, int]:
    return {
        "targets": sum(1 for i in items if i.record.kind == "target"),
        "projects": sum(1 for i in items if i.record.kind == "project"),
        "flagged": sum(1 for i in items if i.was_flagged),
        "reviewed": sum(1 for i in items if i.review_status not in ("unreviewed", "edit_invalid")),
        "rejected": sum(1 for i in items if i.status == "rejected"),
    }


def write_report(run_dir: Path, out: Path) -> Path:
    """Write the report atomically; returns its path."""
    atomic_write(out, build_report(run_dir).encode("utf-8"))
    out.chmod(0o644)  # a report is meant to be opened and shared, unlike the temporary file it came from
    return out
