"""The review page: a FastAPI app over one run folder's SQLite database.

It writes only inside the run folder: appended rows in the run's ``reviews`` table (decisions,
undos, records a reviewer added), the spot-check seed in ``run_state``, and the review progress in
summary.json. Report text is untrusted: every page is rendered by Jinja2 with
autoescaping, scripts come only from ``/static`` and a Content-Security-Policy forbids anything
else. State-changing requests must be same-origin JSON, which a foreign page cannot send.
"""

from __future__ import annotations

import ipaddress
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from extractor import store
from extractor.backends import rules
from extractor.checks import QUALIFIER_WORDS, check_records
from extractor.decisions import (
    CHOICES,
    DECISIONS,
    EditError,
    added_record,
    changed_fields,
    editable_fields,
    known_indicator_ids,
    validate_edits,
)
from extractor.export import refresh_review_summary
from extractor.models import Chunk
from extractor.review import data
from extractor.review.data import Filters

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
IP_LITERALS = "<any IP address>"
"""Marker in ``allowed_hosts``: accept a Host header that is an IP address (see ``host_allowed``)."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
QUEUE_WINDOW = 60
"""Queue rows shown on each side of the current record (the rest is reachable with j/k)."""
NOTE_LIMIT = 2000
MAX_BODY_BYTES = 1_000_000
"""A decision is a few hundred bytes; a larger body is refused before it is read (413)."""
MAX_JSON_DEPTH = 8
"""A decision nests two levels ({"edits": {...}}); deeper bodies are refused (400), never a 500."""
UNITS = [
    "%",
    "亿元",
    "万元",
    "元",
    "万人",
    "人",
    "个",
    "家",
    "亩",
    "万亩",
    "个百分点",
    "‰",
    "公里",
    "万吨",
    "吨",
    "套",
    "户",
]
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def templates() -> Environment:
    """Autoescaping is on for every template: report text is shown as text, never as markup."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    environment.filters["value"] = data.format_value
    return environment


def _host_name(host_header: str) -> str:
    """The host part of a Host header ("127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "[::1]")."""
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def host_allowed(name: str, allowed_hosts: frozenset[str]) -> bool:
    """A Host name the page answers to: a listed name, or any IP address when ``IP_LITERALS`` is listed.

    An IP address in the Host header cannot come from DNS rebinding (the attacker's page would have
    to be served from that very address), so a server reachable from the network accepts the
    addresses it is reached at, and its own names, but never a foreign domain name.
    """
    if name in allowed_hosts:
        return True
    if IP_LITERALS not in allowed_hosts:
        return False
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def request_problem(request: Request, allowed_hosts: frozenset[str] | None) -> tuple[int, str] | None:
    """Why a request must be refused (DNS rebinding, cross-origin writes, oversized bodies), or None."""
    host = request.headers.get("host", "")
    if allowed_hosts is not None and not host_allowed(_host_name(host), allowed_hosts):
        return 400, f"unexpected Host header {host!r}: open the address the review command printed"
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        return 413, f"request body too large (limit {MAX_BODY_BYTES} bytes)"
    if request.method in SAFE_METHODS:
        return None
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{host}":
        return 403, "cross-origin request refused: decisions can only be made from the review page"
    if origin is None and request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return 403, "cross-site request refused: decisions can only be made from the review page"
    return None


class GuardMiddleware(BaseHTTPMiddleware):
    """Refuse foreign hosts and cross-origin writes; add security headers to every answer."""

    def __init__(self, app: Any, allowed_hosts: frozenset[str] | None) -> None:
        super().__init__(app)
        self.allowed_hosts = allowed_hosts

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        problem = request_problem(request, self.allowed_hosts)
        response = JSONResponse({"error": problem[1]}, status_code=problem[0]) if problem else await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def create_app(
    run_dir: Path,
    reviewer: str = "",
    allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS,
    spot_size: int | None = None,
) -> FastAPI:
    """The review application for ``run_dir``; ``allowed_hosts=None`` disables the Host check.

    ``spot_size`` sets how many unflagged records the spot check samples (default 20, kept per run)."""
    run_dir = Path(run_dir).resolve()
    if not (run_dir / store.DB_NAME).is_file():
        raise FileNotFoundError(f"{run_dir}: not a run folder (no {store.DB_NAME})")
    app = FastAPI(title="extractor review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(GuardMiddleware, allowed_hosts=frozenset(allowed_hosts) if allowed_hosts is not None else None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.run_dir = run_dir
    app.state.reviewer = reviewer
    app.state.templates = templates()
    with _connection(run_dir) as connection:
        store.sync_review_statuses(connection)
        data.spot_settings(connection, spot_size)
    _routes(app)
    return app


@contextmanager
def _connection(run_dir: Path) -> Iterator[sqlite3.Connection]:
    """One short-lived connection per request (SQLite in WAL mode handles the concurrency)."""
    connection = store.connect(run_dir)
    try:
        yield connection
    finally:
        connection.close()


def filters_from(params: Any) -> Filters:
    """The queue filters of a query string (unknown values dropped)."""
    status = params.get("status", "")
    kind = params.get("kind", "")
    headline = params.get("headline", "")
    year = params.get("year", "")
    return Filters(
        doc=params.get("doc", ""),
        kind=kind if kind in data.KINDS else "",
        flag=params.get("flag", ""),
        status=status if status in data.STATUS_FILTERS else "",
        q=params.get("q", "")[:200],
        indicator=params.get("indicator", ""),
        region=params.get("region", ""),
        year=year if year.isdigit() else "",
        headline=headline if headline in ("yes", "no") else "",
    )


def _filters(request: Request) -> Filters:
    return filters_from(request.query_params)


def _edit_choices() -> dict[str, list[str]]:
    """Suggestions for the edit form (the server validates whatever is typed)."""
    return {
        **{name: list(values) for name, values in CHOICES.items()},
        "unit": UNITS,
        "investment_unit": ["亿元", "万元"],
        "qualifier": list(QUALIFIER_WORDS),
        "indicator_id": sorted(known_indicator_ids()),
    }


def _pick_current(entries: list[data.QueueEntry], item_id: str, filters: Filters) -> int | None:
    """The requested record, else the first one that needs a decision; None (the done screen) when the
    queue's work is all decided; the first record for a queue that has no work (browsing)."""
    ids = [e.id for e in entries]
    if item_id in ids:
        return ids.index(item_id)
    first_open = next((i for i, e in enumerate(entries) if e.needs_review(filters)), None)
    if first_open is not None or any(e.is_work(filters) for e in entries):
        return first_open
    return 0 if entries else None


def next_open(entries: list[data.QueueEntry], after: str, filters: Filters) -> str:
    """Where a decision moves on to: the next record that needs one after ``after`` (wrapping round),
    "" when none is left (the done screen); in a queue without work, simply the next record."""
    ids = [e.id for e in entries]
    start = ids.index(after) + 1 if after in ids else 0
    if not any(e.is_work(filters) for e in entries):
        return ids[start] if start < len(ids) else ""
    for entry in [*entries[start:], *entries[:start]]:
        if entry.needs_review(filters) and entry.id != after:
            return entry.id
    return ""


def page_context(connection: sqlite3.Connection, filters: Filters, item_id: str, run_dir: Path) -> dict[str, Any]:
    """Everything the page template needs; no current record means the done screen."""
    everything = data.all_entries(connection)
    entries = [e for e in everything if e.matches(filters)]
    index = _pick_current(entries, item_id, filters)
    current = entries[index] if index is not None else None
    view = data.record_view(connection, current.id, _edit_choices()) if current else None
    window_start = max(0, (index or 0) - QUEUE_WINDOW)
    spot = data.spot_estimate(connection)
    return {
        "run_name": run_dir.name,
        "run_dir": str(run_dir),
        "filters": filters,
        "options": data.filter_options(connection),
        "kinds": data.KINDS,
        "statuses": data.STATUS_FILTERS,
        "entries": entries[window_start : (index or 0) + QUEUE_WINDOW + 1],
        "hidden_before": window_start,
        "hidden_after": max(0, len(entries) - ((index or 0) + QUEUE_WINDOW + 1)),
        "position": (index or 0) + 1,
        "current": current,
        "view": view,
        "progress": data.progress(entries, everything, filters),
        "prev_url": "/?" + filters.query(item=entries[index - 1].id) if index else "",
        "next_url": "/?" + filters.query(item=entries[index + 1].id)
        if index is not None and index + 1 < len(entries)
        else "",
        "self_url": "/?" + filters.query(item=current.id) if current else "/?" + filters.query(),
        "first_url": "/?" + filters.query(item=entries[0].id) if entries else "",
        "total_records": len(everything),
        "spot": spot,
        "spot_url": "/?" + Filters(status="spot").query(),
        "run_path": str(run_dir),
        "bulk_count": sum(1 for e in entries if not e.reviewed),
        "edit_names": list(CHOICES),
        "edit_choices": _edit_choices(),
    }


def _error(status: int, message: str, fields: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "fields": fields or {}}, status_code=status)


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (iterative: a deep value cannot exhaust the stack here)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


async def _json_body(request: Request) -> dict[str, Any] | JSONResponse:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return _error(415, "send the decision as JSON (Content-Type: application/json)")
    body = bytearray()
    async for piece in request.stream():  # a body sent without Content-Length is capped as it arrives
        body += piece
        if len(body) > MAX_BODY_BYTES:
            return _error(413, f"request body too large (limit {MAX_BODY_BYTES} bytes)")
    try:
        payload = json.loads(body)
    except RecursionError:
        return _error(400, f"the request body nests deeper than {MAX_JSON_DEPTH} levels")
    except ValueError:
        return _error(400, "the request body is not valid JSON")
    if not isinstance(payload, dict):
        return _error(400, "the request body must be a JSON object")
    if json_depth(payload) > MAX_JSON_DEPTH:
        return _error(400, f"the request body nests deeper than {MAX_JSON_DEPTH} levels")
    return payload


def _previous_edits(connection: sqlite3.Connection, item_id: str) -> dict[str, Any]:
    """Edits of the latest decision when it is an edit (a new partial edit builds on them)."""
    latest = data.latest_review(connection, item_id)
    if latest is None or latest["decision"] != "edit":
        return {}
    try:
        edits = json.loads(latest["edits"] or "{}")
    except ValueError:
        return {}
    return edits if isinstance(edits, dict) else {}


def decide(connection: sqlite3.Connection, item_id: str, payload: dict[str, Any], reviewer: str) -> JSONResponse:
    """Validate a decision and append it to the log; nothing is stored when anything is invalid."""
    record = data.load_record(connection, item_id)
    if record is None:
        return _error(404, f"no record with id {item_id!r} in this run")
    decision = payload.get("decision")
    if decision not in DECISIONS:
        return _error(422, f"decision must be one of {', '.join(DECISIONS)}")
    note = payload.get("note") or ""
    if not isinstance(note, str) or len(note) > NOTE_LIMIT:
        return _error(422, f"note must be text of at most {NOTE_LIMIT} characters", {"note": "too long"})
    edits: dict[str, Any] = {}
    if decision == "edit":
        raw = payload.get("edits")
        if not isinstance(raw, dict):
            return _error(422, "an edit needs the edited fields as an object", {"edits": "missing"})
        try:
            clean, _ = validate_edits(record, {**_previous_edits(connection, item_id), **raw})
        except EditError as exc:
            return _error(422, f"Not saved: {exc}", exc.errors)
        edits = changed_fields(record, clean)
        if not edits:
            decision = "accept"  # every field is back to its extracted value
    store.add_review(connection, item_id, decision, edits, note.strip() or None, reviewer or None)
    view = data.record_view(connection, item_id, {})
    assert view is not None
    return JSONResponse(
        {
            "ok": True,
            "id": item_id,
            "decision": decision,
            "edits": edits,
            "status": view.status,
            "review_status": view.review_status,
            "record": view.record.model_dump(mode="json"),
        }
    )


def bulk(connection: sqlite3.Connection, payload: dict[str, Any], reviewer: str) -> JSONResponse:
    """Accept or reject every record of the current filter that has no decision yet, one log row each.

    The page sends the filter and the count it showed in its confirmation; when the queue changed
    meanwhile (another reviewer), nothing is stored and the new count is returned.
    """
    decision = payload.get("decision")
    if decision not in ("accept", "reject"):
        return _error(422, "bulk decisions are accept or reject")
    query = payload.get("query")
    if not isinstance(query, str):
        return _error(422, "send the filter as the page's query string")
    filters = filters_from(dict(parse_qsl(query.lstrip("?"))))
    ids = [e.id for e in data.all_entries(connection) if e.matches(filters) and not e.reviewed]
    if payload.get("expected") != len(ids):
        return _error(
            409, f"the queue changed: {len(ids)} records match now; nothing was saved", {"count": str(len(ids))}
        )
    note = payload.get("note") or ""
    if not isinstance(note, str) or len(note) > NOTE_LIMIT:
        return _error(422, f"note must be text of at most {NOTE_LIMIT} characters")
    store.add_reviews(
        connection, ids, decision, None, note.strip() or f"bulk {decision} of a filtered queue", reviewer or None
    )
    return JSONResponse({"ok": True, "decision": decision, "ids": ids})


def undo(connection: sqlite3.Connection, payload: dict[str, Any], reviewer: str) -> JSONResponse:
    """Cancel the decisions in force on the given records (the page's last action), or, without ids,
    the latest decision in the log."""
    ids = payload.get("ids")
    if ids is None:
        row = connection.execute("SELECT item_id FROM effective_reviews ORDER BY id DESC LIMIT 1").fetchone()
        ids = [row["item_id"]] if row else []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(ids) > 100_000:
        return _error(422, "ids must be a list of record ids")
    undone = store.undo_reviews(connection, ids, reviewer or None)
    if not undone:
        return _error(404, "nothing to undo")
    return JSONResponse({"ok": True, "ids": undone})


def add(connection: sqlite3.Connection, payload: dict[str, Any], reviewer: str) -> JSONResponse:
    """A record the extraction missed, from characters the reviewer selected in the paragraph."""
    doc_id, start, end = payload.get("doc_id"), payload.get("char_start"), payload.get("char_end")
    if not isinstance(doc_id, str) or not isinstance(start, int) or not isinstance(end, int):
        return _error(422, "send doc_id, char_start and char_end of the selection")
    document = connection.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if document is None:
        return _error(404, f"no document with id {doc_id!r} in this run")
    fields = payload.get("fields") or {}
    note = payload.get("note") or ""
    if not isinstance(fields, dict) or not isinstance(note, str) or len(note) > NOTE_LIMIT:
        return _error(422, "fields must be an object and the note short text")
    section = connection.execute(
        "SELECT path FROM sections WHERE doc_id = ? AND char_start <= ? AND ? < char_end ORDER BY level DESC LIMIT 1",
        (doc_id, start, start),
    ).fetchone()
    try:
        record = added_record(
            str(payload.get("kind")), dict(document), start, end, fields, json.loads(section["path"]) if section else []
        )
    except EditError as exc:
        return _error(422, f"Not added: {exc}", exc.errors)
    if data.load_record(connection, record.id) is not None:
        return _error(409, "this record is already in the run", {"selection": "already extracted"})
    flagged = check_records([record], lambda _: None, str(document["text"]), document["report_year"])[0]
    record = flagged.model_copy(update={"status": "accepted"})
    store.add_record(connection, record, note.strip() or None, reviewer or None)
    return JSONResponse({"ok": True, "id": record.id, "record": record.model_dump(mode="json")})


def propose(connection: sqlite3.Connection, doc_id: str, start: int, end: int) -> dict[str, Any]:
    """What the rules read in a selection, to pre-fill the add form (the reviewer corrects the rest)."""
    document = connection.execute("SELECT text, report_year FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if document is None or not (0 <= start < end <= len(document["text"])) or end - start > 400:
        return {}
    chunk = Chunk(
        doc_id=doc_id, index=0, char_start=start, char_end=end, text=document["text"][start:end],
        section_path=[], section_kind="plan", year=document["report_year"], report_year=document["report_year"],
    )  # fmt: skip
    found: dict[str, Any] = {}
    for record in rules.extract(chunk):
        fields = {name: getattr(record, name) for name in editable_fields(record)}
        found.setdefault(record.kind, {k: v for k, v in fields.items() if v is not None})
    return found


def _routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse)
    def page(request: Request) -> HTMLResponse:
        filters = _filters(request)
        with _connection(app.state.run_dir) as connection:
            context = page_context(connection, filters, request.query_params.get("item", ""), app.state.run_dir)
        context["reviewer"] = app.state.reviewer
        html = app.state.templates.get_template("review.html").render(**context)
        return HTMLResponse(html)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api/items")
    def items(request: Request) -> JSONResponse:
        filters = _filters(request)
        with _connection(app.state.run_dir) as connection:
            everything = data.all_entries(connection)
        entries = [e for e in everything if e.matches(filters)]
        progress = data.progress(entries, everything, filters)
        return JSONResponse(
            {
                "progress": progress.__dict__,
                "items": [
                    {"id": e.id, "kind": e.kind, "doc_id": e.doc_id, "source_file": e.source_file, "label": e.label,
                     "status": e.status, "flags": e.flags, "reviewed": e.reviewed}
                    for e in entries
                ],
            }
        )  # fmt: skip

    @app.get("/api/items/{item_id}")
    def item(item_id: str) -> JSONResponse:
        with _connection(app.state.run_dir) as connection:
            view = data.record_view(connection, item_id, {})
            if view is None:
                return _error(404, f"no record with id {item_id!r} in this run")
            history = [dict(row) for row in view.history]
        return JSONResponse(
            {
                "record": view.record.model_dump(mode="json"),
                "status": view.status,
                "review_status": view.review_status,
                "history": history,
            }
        )

    async def write(request: Request, action: Any, *args: Any) -> JSONResponse:
        """Validate the JSON body, run one writing action, keep summary.json's review progress current."""
        payload = await _json_body(request)
        if isinstance(payload, JSONResponse):
            return payload
        with _connection(app.state.run_dir) as connection:
            response: JSONResponse = action(connection, *args, payload, app.state.reviewer)
            if response.status_code == 200:
                refresh_review_summary(app.state.run_dir, connection)
        return response

    @app.post("/api/items/{item_id}/review")
    async def review(item_id: str, request: Request) -> JSONResponse:
        return await write(request, decide, item_id)

    @app.post("/api/bulk")
    async def bulk_review(request: Request) -> JSONResponse:
        return await write(request, bulk)

    @app.post("/api/undo")
    async def undo_review(request: Request) -> JSONResponse:
        return await write(request, undo)

    @app.post("/api/records")
    async def add_record(request: Request) -> JSONResponse:
        return await write(request, add)

    @app.get("/api/propose")
    def proposal(doc: str, start: int, end: int) -> JSONResponse:
        with _connection(app.state.run_dir) as connection:
            return JSONResponse(propose(connection, doc, start, end))

    @app.get("/api/next")
    def next_item(request: Request) -> JSONResponse:
        """The next record that needs a decision in the current filter ("" when the queue is done)."""
        filters = _filters(request)
        with _connection(app.state.run_dir) as connection:
            entries = [e for e in data.all_entries(connection) if e.matches(filters)]
        return JSONResponse({"next": next_open(entries, request.query_params.get("after", ""), filters)})
