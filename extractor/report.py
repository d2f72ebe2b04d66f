"""A self-contained HTML view of a run: summaries per indicator and per region, a sortable table of
all records, and every document with its records highlighted in the text and listed beside it.

One file, no server and no network: the CSS is inlined, report text is autoescaped by Jinja2, and a
Content-Security-Policy meta tag forbids remote loads and every script but the report's own table
sorter (allowed by its hash), so a report that contains ``<script>`` or ``{{ }}`` shows it as text.
Every detail is written out (nothing lives only in a hover tooltip), so the file prints as it reads.
Review decisions are applied (colour by status, edited values in the labels), and the spot check's
estimate of the precision of unflagged records is shown.
"""

from __future__ import annotations

import base64
import hashlib
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from extractor import charts, store
from extractor.decisions import apply_decision
from extractor.export import atomic_write
from extractor.models import Project, Record, Result, Target
from extractor.outcomes import build_panel
from extractor.review.data import Segment, explain_flag, format_value, split_spans, spot_estimate

SORT_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.querySelectorAll("thead th");
  heads.forEach(function (th, index) {
    th.tabIndex = 0;
    th.title = "sort";
    function key(row) {
      var cell = row.cells[index];
      var text = cell.getAttribute("data-sort");
      if (text === null) text = cell.textContent.trim();
      return /^-?[0-9]+(\\.[0-9]+)?$/.test(text) ? parseFloat(text) : text;
    }
    function sort() {
      var body = table.tBodies[0];
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), c;
        if (typeof x === "number" && typeof y === "number") c = x - y;
        else if (typeof x === "number") c = -1;
        else if (typeof y === "number") c = 1;
        else c = String(x).localeCompare(String(y), "zh");
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) { if (event.key === "Enter") sort(); });
  });
});
"""
"""The report's one script: click (or Enter on) a column heading to sort its table. It reads only the
table's own cells and is allowed by its hash in the page's Content-Security-Policy."""


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


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
        if isinstance(record, Result):
            estimate = " (estimate)" if record.estimate else ""
            return f"{record.indicator} {format_value(record.value)}{record.unit or ''} in {record.year}{estimate}"
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

    @property
    def details(self) -> list[tuple[str, str]]:
        """The record's fields as (name, value) pairs, written out in the report (no tooltip needed)."""
        record = self.record
        names = (
            ("indicator_id", "metric", "value", "value_high", "unit", "qualifier", "bound", "direction", "modality",
             "headline", "target_year")
            if isinstance(record, Target)
            else ("indicator_id", "metric", "value", "value_high", "unit", "direction", "year", "estimate")
            if isinstance(record, Result)
            else ("stage", "stage_raw", "group_count", "investment", "investment_unit", "target_year")
        )  # fmt: skip
        return [(name, format_value(getattr(record, name))) for name in names if getattr(record, name) is not None]


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
    spans = [
        (i.record.char_start, i.record.char_end, i.record.id)
        for i in items
        if i.record.char_start is not None and i.record.char_end is not None
    ]
    starts = set(by_id)
    out: list[list[Piece]] = []
    offset = 0
    for line in text.split("\n"):
        line_spans = [(s, e, k) for s, e, k in spans if s < offset + len(line) and e > offset]
        segments = split_spans(line, offset, line_spans) if line_spans else [Segment(line, frozenset(), offset)]
        out.append([_piece(segment, by_id, starts) for segment in segments])
        offset += len(line) + 1
    return out


def indicator_summary(items: list[Item]) -> list[dict[str, object]]:
    """Per indicator id: targets, headline targets, documents, regions, target years, flagged and rejected."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if isinstance(item.record, Target):
            groups[item.record.indicator_id].append(item)
    rows = []
    for indicator_id, group in groups.items():
        years = sorted({i.record.target_year for i in group if i.record.target_year is not None})
        rows.append(
            {
                "indicator_id": indicator_id,
                "example": Counter(i.record.indicator for i in group).most_common(1)[0][0],  # type: ignore[union-attr]
                "targets": len(group),
                "headline": sum(1 for i in group if isinstance(i.record, Target) and i.record.headline),
                "documents": len({i.record.doc_id for i in group}),
                "regions": len({i.record.region for i in group if i.record.region}),
                "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else ""),
                "flagged": sum(1 for i in group if i.was_flagged),
                "rejected": sum(1 for i in group if i.status == "rejected"),
            }
        )
    return sorted(rows, key=lambda row: (-int(str(row["targets"])), str(row["indicator_id"])))


def region_summary(documents: list[sqlite3.Row], items: list[Item]) -> list[dict[str, object]]:
    """Per region: code, level, documents, report years, targets, projects, flagged and still open."""
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_doc[item.record.doc_id].append(item)
    groups: dict[tuple[str, str, str], list[sqlite3.Row]] = defaultdict(list)
    for doc in documents:
        groups[(doc["region"] or "(unknown)", doc["region_code"] or "", doc["region_level"] or "")].append(doc)
    rows = []
    for (region, code, level), docs in groups.items():
        group = [item for doc in docs for item in by_doc[doc["doc_id"]]]
        years = sorted({d["report_year"] or d["target_year"] for d in docs if (d["report_year"] or d["target_year"])})
        rows.append(
            {
                "region": region,
                "code": code,
                "level": level,
                "documents": len(docs),
                "years": ", ".join(str(y) for y in years),
                "targets": sum(1 for i in group if i.record.kind == "target"),
                "projects": sum(1 for i in group if i.record.kind == "project"),
                "flagged": sum(1 for i in group if i.was_flagged),
                "open": sum(1 for i in group if i.was_flagged and i.review_status == "unreviewed"),
            }
        )
    return sorted(rows, key=lambda row: (str(row["code"]) == "", str(row["code"]), str(row["region"])))


def build_report(run_dir: Path) -> str:
    """The report as one HTML string."""
    connection = store.connect(run_dir)
    try:
        items = load_items(connection)
        documents = store.load_documents(connection)
        spot = spot_estimate(connection)
        review = store.review_counts(connection)
    finally:
        connection.close()
    per_doc: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        per_doc[item.record.doc_id].append(item)
    docs = [
        {
            "row": doc,
            "anchor": f"doc-{doc['doc_id']}",
            "records": per_doc[doc["doc_id"]],
            "paragraphs": paragraphs(doc["text"], per_doc[doc["doc_id"]]),
            "counts": _counts(per_doc[doc["doc_id"]]),
        }
        for doc in documents
    ]
    panel = build_panel(
        (item.record, item.record.report_year) for item in items if isinstance(item.record, Target | Result)
    )
    regions_with_charts = sorted({row.region for row in panel if row.region})
    pictures = [chart for chart in (charts.target_and_outcome(panel, r) for r in regions_with_charts) if chart]
    environment = Environment(loader=FileSystemLoader(REVIEW_DIR / "templates"), autoescape=True)
    environment.filters["value"] = format_value
    css = Markup((REVIEW_DIR / "static" / "style.css").read_text(encoding="utf-8").replace("</", "<\\/"))
    return environment.get_template("report.html").render(
        run_dir=str(Path(run_dir).resolve()),
        created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=css,
        script=Markup(SORT_SCRIPT),
        script_hash=script_hash(SORT_SCRIPT),
        docs=docs,
        items=items,
        flagged=[item for item in items if item.was_flagged or item.review_status == "edit_invalid"],
        totals=_counts(items),
        indicators=indicator_summary(items),
        regions=region_summary(documents, items),
        spot=spot,
        review=review,
        pictures=pictures,
        escalation=charts.escalation(panel),
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
    return out
