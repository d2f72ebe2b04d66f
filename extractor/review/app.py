"""The review page: a FastAPI app over one run folder's SQLite database.

It only ever writes one thing, an appended row in the run's ``reviews`` table, so it can never
write outside the run folder. Report text is untrusted: every page is rendered by Jinja2 with
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

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from extractor import store
from extractor.checks import QUALIFIER_WORDS
from extractor.decisions import DECISIONS, STAGES, EditError, changed_fields, known_indicator_ids, validate_edits
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


def create_app(run_dir: Path, reviewer: str = "", allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS) -> FastAPI:
    """The review application for ``run_dir``; ``allowed_hosts=None`` disables the Host check."""
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


def _filters(request: Request) -> Filters:
    params = request.query_params
    status = params.get("status", "")
    kind = params.get("kind", "")
    return Filters(
        doc=params.get("doc", ""),
        kind=kind if kind in data.KINDS else "",
        flag=params.get("flag", ""),
        status=status if status in data.STATUS_FILTERS else "",
    )


def _edit_choices() -> dict[str, list[str]]:
    """Suggestions for the edit form (the server validates whatever is typed)."""
    return {
        "stage": list(STAGES),
        "unit": UNITS,
        "qualifier": list(QUALIFIER_WORDS),
        "indicator_id": sorted(known_indicator_ids()),
    }


def _pick_current(entries: list[data.QueueEntry], item_id: str) -> int | None:
    """The requested record, else the first unreviewed one, else the first."""
    if not entries:
        return None
    ids = [e.id for e in entries]
    if item_id in ids:
        return ids.index(item_id)
    return next((i for i, e in enumerate(entries) if not e.reviewed), 0)


def page_context(connection: sqlite3.Connection, filters: Filters, item_id: str, run_dir: Path) -> dict[str, Any]:
    """Everything the page template needs."""
    everything = data.all_entries(connection)
    entries = [e for e in everything if e.matches(filters)]
    index = _pick_current(entries, item_id)
    current = entries[index] if index is not None else None
    view = data.record_view(connection, current.id, _edit_choices()) if current else None
    window_start = max(0, (index or 0) - QUEUE_WINDOW)
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
        "progress": data.progress(entries, everything),
        "prev_url": "/?" + filters.query(item=entries[index - 1].id) if index else "",
        "next_url": "/?" + filters.query(item=entries[index + 1].id)
        if index is not None and index + 1 < len(entries)
        else "",
        "self_url": "/?" + filters.query(item=current.id) if current else "/?" + filters.query(),
        "total_records": len(everything),
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
        progress = data.progress(entries, everything)
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

    @app.post("/api/items/{item_id}/review")
    async def review(item_id: str, request: Request) -> JSONResponse:
        payload = await _json_body(request)
        if isinstance(payload, JSONResponse):
            return payload
        with _connection(app.state.run_dir) as connection:
            return decide(connection, item_id, payload, app.state.reviewer)
