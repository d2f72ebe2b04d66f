"""A local OpenAI-compatible chat-completions server for tests and benchmarks (loopback only).

It answers like a model would, in the exact wire format, but deterministically: the "model" is the
rules backend run on each section of the chunk found between ``<chunk>`` tags in the last user
message (read back from its marker lines), so its answers ground and pass the checks, and the same
answers can be replayed through any chunking. Like a provider with automatic prefix caching, it
reports a repeated system message as cached prompt tokens. Latency, a fault rate (alternating 429
with Retry-After and 500) and a request budget are configurable; counters let tests assert how many
calls were made, and ``log`` keeps every request body it answered.

    python tests/fake_openai.py --port 8765 --latency 0.2

This is test code: it lives in tests/, not in the product package.
"""

from __future__ import annotations

import argparse
import email.policy
import json
import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from extractor.backends import rules
from extractor.backends.llm.prompt import parts_from_message
from extractor.models import Chunk, Project, Record, Target

LOOPBACK = ("127.0.0.1", "::1", "localhost")
Responder = Callable[[dict[str, Any]], str]
Script = Callable[[int], str | None]
"""Request number (from 1) → the fault to answer it with, or None for a normal answer. Faults:
``http_<status>[:<Retry-After>]``, ``reset`` (TCP RST before any answer), ``close`` (connection
closed without an answer), ``truncated`` (fewer body bytes than Content-Length), ``stall:<s>`` (no
answer for s seconds), ``malformed`` (not JSON), ``cut_json`` (a completion cut mid-object),
``html`` (a proxy's error page with status 200), ``empty`` (200 with no body), ``empty_choices``,
``null_message``, ``length`` (finish_reason length), ``content_filter``."""

BatchScript = Callable[[str], str | None]
"""A batch line's custom_id → its fate when the batch completes: None (answered), ``http_<status>``,
``expired``, or an answer that fails: ``length``, ``content_filter``, ``cut_json`` (as ``Script``)."""
_ANSWERS = {
    "length": ('{"targets": [', "length"),
    "content_filter": ('{"targets": [', "content_filter"),
    "cut_json": ('{"targets": [{"quote": "生产总', "stop"),
}


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name → (file name, bytes)."""
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


def user_content(request: dict[str, Any]) -> str | None:
    """The last user message that carries a chunk."""
    for message in reversed(request.get("messages", [])):
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, str) and "<chunk>" in content:
            return content
    return None


def rules_records(request: dict[str, Any]) -> list[Record]:
    """The rules' records for every section of the request's chunk."""
    content = user_content(request)
    records: list[Record] = []
    for path, year, text in parts_from_message(content) if content else []:
        part = Chunk(
            doc_id="fake",
            index=0,
            char_start=0,
            char_end=len(text),
            text=text,
            section_path=path,
            section_kind="plan",
            year=year,
        )
        records.extend(rules.extract(part))
    return records


def rules_answer(request: dict[str, Any]) -> str:
    """The JSON a careful model would give for the request's chunk, computed by the rules backend."""
    targets, projects = [], []
    for record in rules_records(request):
        if isinstance(record, Target):
            targets.append(
                {
                    "quote": record.quote,
                    "indicator": record.indicator,
                    "metric": record.metric,
                    "value": record.value,
                    "value_high": record.value_high,
                    "unit": record.unit,
                    "qualifier": record.qualifier,
                    "direction": record.direction,
                    "modality": record.modality,
                    "target_year": record.target_year,
                }
            )
        elif isinstance(record, Project):
            projects.append(
                {
                    "quote": record.quote,
                    "name": record.name,
                    "stage": record.stage,
                    "stage_raw": record.stage_raw,
                    "group_count": record.group_count,
                    "investment": record.investment,
                    "investment_unit": record.investment_unit,
                }
            )
    return json.dumps({"targets": targets, "projects": projects}, ensure_ascii=False)


def completion_body(
    request: dict[str, Any], content: str, finish_reason: str = "stop", serial: int = 0, cached_chars: int = 0
) -> dict[str, Any]:
    """A chat.completion object as OpenAI sends it; token counts are rough character-based estimates,
    ``cached_chars`` of the prompt reported as served from the prefix cache."""
    prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
    return {
        "id": f"chatcmpl-fake-{serial:06d}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake-rules"),
        "system_fingerprint": "fake-openai-rules",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_chars // 2,
            "completion_tokens": len(content) // 2,
            "total_tokens": prompt_chars // 2 + len(content) // 2,
            "prompt_tokens_details": {"cached_tokens": cached_chars // 2},
        },
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default of 5 drops simultaneous connects and costs a 1 s SYN retry


class FakeOpenAI:
    """Start with ``with FakeOpenAI(latency=0.2) as server:`` and point a client at ``server.url``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        fault_rate: float = 0.0,
        max_requests: int | None = None,
        seed: int = 0,
        responder: Responder = rules_answer,
        script: Script | None = None,
        batch_script: BatchScript | None = None,
        fault_latency: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_concurrent: int | None = None,
        retry_after: str = "1",
        bench: bool = False,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError(f"the fake server binds loopback only, not {host!r}")
        self.latency = latency
        self.fault_rate = fault_rate
        self.max_requests = max_requests
        self.responder = responder
        self.script = script
        self.requests = 0
        self.faults = 0
        self.log: list[dict[str, Any]] = []  # every request body answered with 200 (not kept in bench mode)
        # Bench mode (benchmarks of the client at scale): each chunk's answer is computed once and
        # remembered, and a normal answer is computed while its latency runs, so the server adds as
        # little as it can to ``latency`` and keeps no request log.
        self.bench = bench
        self._memo: dict[tuple[str, bool], str] = {}
        self._seen_prefixes: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self.fault_latency = fault_latency  # None: faults wait ``latency`` like answers
        # Like a provider's per-account concurrency limit: a request beyond it is answered 429 with
        # ``Retry-After: retry_after`` (counted in ``faults`` and ``over_limit``).
        self.max_concurrent = max_concurrent
        self.retry_after = retry_after
        self.over_limit = 0
        self.clock = clock
        # (serial, requests in flight at its arrival, itself included, clock() at its arrival), in arrival order
        self.arrivals: list[tuple[int, int, float]] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.batch_script = batch_script
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.batch_inputs: dict[str, list[dict[str, Any]]] = {}
        self.batch_log: list[dict[str, Any]] = []  # every batch line answered (or failed) when completed
        self.batch_answered = 0
        self.headers_seen: list[
            str
        ] = []  # Authorization headers of the batch interface, to check the key went there only
        self._ids = 0
        self._server = _Server((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _admit(self) -> tuple[int, str | None]:
        """Count the request and decide its fate: None, a fault kind, or 'budget' when over budget."""
        with self._lock:
            self.requests += 1
            serial = self.requests
            if self.max_requests is not None and serial > self.max_requests:
                return serial, "budget"
            scripted = self.script(serial) if self.script else None
            if scripted:
                self.faults += 1
                return serial, scripted
            if self.fault_rate and self._rng.random() < self.fault_rate:
                self.faults += 1
                return serial, "429" if self.faults % 2 else "500"
            return serial, None

    def _cached_prefix(self, request: dict[str, Any]) -> int:
        """Characters of a system message this server has seen before (a provider's prefix cache hit)."""
        messages = request.get("messages") or [{}]
        system = str(messages[0].get("content", "")) if messages[0].get("role") == "system" else ""
        with self._lock:
            if not self.bench:
                self.log.append(request)
            hit = system in self._seen_prefixes
            self._seen_prefixes.add(system)
        return len(system) if hit and system else 0

    def answer(self, request: dict[str, Any], serial: int) -> dict[str, Any]:
        """The chat completion this server answers a well-formed request with (the chat endpoint and
        every line of a batch alike): the responder's JSON, fenced when no JSON mode was asked for."""
        fenced = "response_format" not in request
        key = (user_content(request) or "", fenced)
        content = self._memo.get(key) if self.bench else None
        if content is None:
            content = self.responder(request)
            if fenced:
                content = f"```json\n{content}\n```"
            if self.bench:
                self._memo[key] = content
        return completion_body(request, content, serial=serial, cached_chars=self._cached_prefix(request))

    # -- the Batch interface (/v1/files, /v1/batches) ------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        with self._lock:
            self._ids += 1
            return f"{prefix}-fake-{self._ids:04d}"

    def _store_file(self, content: bytes, purpose: str, filename: str) -> dict[str, Any]:
        file_id = self._new_id("file")
        self.files[file_id] = content
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }

    def _create_batch(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        content = self.files.get(str(body.get("input_file_id")))
        if content is None:
            return 404, {"error": {"message": "no such file", "type": "invalid_request_error", "code": "not_found"}}
        if body.get("endpoint") != "/v1/chat/completions" or body.get("completion_window") != "24h":
            return 400, {"error": {"message": "unsupported batch", "type": "invalid_request_error", "code": None}}
        lines = [json.loads(line) for line in content.decode("utf-8").splitlines() if line.strip()]
        batch = {
            "id": self._new_id("batch"),
            "object": "batch",
            "endpoint": body["endpoint"],
            "errors": None,
            "input_file_id": body["input_file_id"],
            "completion_window": "24h",
            "status": "in_progress",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": int(time.time()),
            "in_progress_at": int(time.time()),
            "expires_at": int(time.time()) + 86400,
            "completed_at": None,
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
            "metadata": body.get("metadata"),
        }
        with self._lock:
            self.batches[batch["id"]] = batch
            self.batch_inputs[batch["id"]] = lines
        return 200, batch

    def complete_batches(self, status: str = "completed") -> int:
        """Finish every batch in progress, as the provider would some hours later: each line answered like
        the chat endpoint answers it, or as ``batch_script(custom_id)`` says (``http_<status>``: an error
        line with that status; ``expired``: not reached in the window). ``status`` ``expired``,
        ``failed`` or ``cancelled`` ends the batch so (no output). Returns the lines answered."""
        answered = 0
        for batch_id, batch in list(self.batches.items()):
            if batch["status"] != "in_progress":
                continue
            output: list[dict[str, Any]] = []
            errors: list[dict[str, Any]] = []
            for line in self.batch_inputs[batch_id] if status == "completed" else []:
                custom_id = line["custom_id"]
                fate = self.batch_script(custom_id) if self.batch_script else None
                self.batch_log.append(line)
                if fate is None or fate in _ANSWERS:
                    with self._lock:
                        self.batch_answered += 1
                        serial = self.batch_answered
                    if fate is None:
                        body = self.answer(line["body"], serial)
                    else:  # the same body the chat endpoint's fault of that name answers
                        content, finish = _ANSWERS[fate]
                        body = completion_body(line["body"], content, finish_reason=finish, serial=serial)
                    response = {"status_code": 200, "request_id": f"req-{serial}", "body": body}
                    output.append({"id": f"batch_req_{serial}", "custom_id": custom_id, "response": response})
                    answered += 1
                elif fate == "expired":
                    error = {"code": "batch_expired", "message": "This request could not be executed in time."}
                    errors.append(
                        {"id": f"batch_req_x{len(errors)}", "custom_id": custom_id, "response": None, "error": error}
                    )
                else:
                    code = int(fate.removeprefix("http_"))
                    error_body = {"error": {"message": f"scripted HTTP {code}", "type": "scripted", "code": None}}
                    response = {"status_code": code, "request_id": "req-err", "body": error_body}
                    errors.append(
                        {"id": f"batch_req_e{len(errors)}", "custom_id": custom_id, "response": response, "error": None}
                    )
            if output:
                batch["output_file_id"] = self._store_file(_jsonl(output), "batch_output", "output.jsonl")["id"]
            if errors:
                batch["error_file_id"] = self._store_file(_jsonl(errors), "batch_output", "errors.jsonl")["id"]
            batch["status"] = status
            batch["completed_at"] = int(time.time())
            batch["request_counts"] = {
                "total": len(self.batch_inputs[batch_id]),
                "completed": len(output),
                "failed": len(errors),
            }
        return answered

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Without this, Nagle's algorithm and the client's delayed ACK add ~40 ms to each reply.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self._headers_buffer.append(b"\r\n")  # headers and body leave in one write
                self._headers_buffer.append(data)
                self.flush_headers()

            def do_GET(self) -> None:
                path = self.path.rstrip("/")
                if "/files/" in path or "/batches/" in path:
                    server.headers_seen.append(self.headers.get("Authorization", ""))
                if "/files/" in path and path.endswith("/content"):
                    file_id = path.split("/files/")[1].removesuffix("/content")
                    if file_id in server.files:
                        self._raw(200, server.files[file_id], kind="jsonl")
                        return
                elif "/batches/" in path and path.split("/batches/")[1] in server.batches:
                    self._reply(200, server.batches[path.split("/batches/")[1]])
                    return
                if self.path.rstrip("/").endswith("/models"):
                    self._reply(
                        200, {"object": "list", "data": [{"id": "fake-rules", "object": "model", "owned_by": "local"}]}
                    )
                else:
                    self._reply(
                        404, {"error": {"message": "not found", "type": "invalid_request_error", "code": "not_found"}}
                    )

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.path.rstrip("/").endswith(("/files", "/batches")):
                    self._batch_interface(raw)
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._reply(
                        404, {"error": {"message": "not found", "type": "invalid_request_error", "code": "not_found"}}
                    )
                    return
                serial, fate = server._admit()
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    server.arrivals.append((serial, server.in_flight, server.clock()))
                    if fate is None and server.max_concurrent and server.in_flight > server.max_concurrent:
                        fate = f"http_429:{server.retry_after}"
                        server.faults += 1
                        server.over_limit += 1
                counted = True
                arrived = time.monotonic()
                try:
                    delay = server.latency if fate is None or server.fault_latency is None else server.fault_latency
                    if fate is None and server.bench:  # the answer is made while the latency runs
                        answered = self._completion(raw, serial)
                        delay = max(0.0, delay - (time.monotonic() - arrived))
                    if delay:
                        time.sleep(delay)
                    # Counted out before the answer leaves: a client that sends its next request as
                    # soon as it reads this answer never finds this one still counted in flight.
                    with server._lock:
                        server.in_flight -= 1
                    counted = False
                    if fate is None and server.bench:
                        self._reply(*answered)
                    else:
                        self._answer(raw, serial, fate)
                finally:
                    if counted:
                        with server._lock:
                            server.in_flight -= 1

            def _batch_interface(self, raw: bytes) -> None:
                server.headers_seen.append(self.headers.get("Authorization", ""))
                if self.path.rstrip("/").endswith("/files"):
                    fields = _multipart(self.headers.get("Content-Type", ""), raw)
                    filename, content = fields.get("file", (None, b""))
                    purpose = fields.get("purpose", (None, b""))[1].decode()
                    self._reply(200, server._store_file(content, purpose, filename or "upload.jsonl"))
                    return
                status, body = server._create_batch(json.loads(raw or b"{}"))
                self._reply(status, body)

            def _raw(self, status: int, data: bytes, length: int | None = None, kind: str = "json") -> None:
                self.send_response(status)
                types = {"json": "application/json", "jsonl": "application/jsonl"}
                self.send_header("Content-Type", types.get(kind, "text/html"))
                self.send_header("Content-Length", str(len(data) if length is None else length))
                self._headers_buffer.append(b"\r\n")
                self._headers_buffer.append(data)
                self.flush_headers()

            def _fault(self, raw: bytes, serial: int, fate: str) -> bool:
                """Answer with a scripted fault; False when ``fate`` is not one (a normal answer follows)."""
                name, _, argument = fate.partition(":")
                request = json.loads(raw or b"{}") if name in ("length", "content_filter", "cut_json") else {}
                if name.startswith("http_"):
                    status = int(name[5:])
                    headers = {"Retry-After": argument} if argument else {}
                    error = {"message": f"scripted HTTP {status}", "type": "scripted", "code": f"scripted_{status}"}
                    self._reply(status, {"error": error}, headers)
                elif name == "reset":
                    self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                elif name == "close":
                    self.close_connection = True
                elif name == "truncated":
                    self._raw(200, b'{"id": "chatcmpl-cut", "choices": [', length=4096)
                    self.close_connection = True
                elif name == "stall":
                    time.sleep(float(argument or 5))
                    self.close_connection = True
                elif name == "malformed":
                    self._raw(200, b"this is not JSON {")
                elif name == "html":
                    self._raw(200, b"<html><body>502 Bad Gateway</body></html>", kind="html")
                elif name == "empty":
                    self._raw(200, b"")
                elif name == "empty_choices":
                    self._reply(200, {"id": "chatcmpl-empty", "object": "chat.completion", "choices": []})
                elif name == "null_message":
                    self._reply(200, {"id": "chatcmpl-null", "choices": [{"index": 0, "message": None}]})
                elif name in _ANSWERS:
                    content, finish = _ANSWERS[name]
                    self._reply(200, completion_body(request, content, finish_reason=finish, serial=serial))
                else:
                    return False
                return True

            def _answer(self, raw: bytes, serial: int, fate: str | None) -> None:
                if fate and fate not in ("budget", "429", "500") and self._fault(raw, serial, fate):
                    return
                if fate == "budget":
                    self._reply(
                        400,
                        {
                            "error": {
                                "message": "fake server request budget exhausted",
                                "type": "invalid_request_error",
                                "code": "budget",
                            }
                        },
                    )
                elif fate == "429":
                    self._reply(
                        429,
                        {"error": {"message": "Rate limit reached", "type": "rate_limit_error", "code": "rate_limit"}},
                        {"Retry-After": "0"},
                    )
                elif fate == "500":
                    self._reply(
                        500, {"error": {"message": "The server had an error", "type": "server_error", "code": None}}
                    )
                else:
                    self._reply(*self._completion(raw, serial))

            def _completion(self, raw: bytes, serial: int) -> tuple[int, dict[str, Any]]:
                """The status and body of a normal answer to the request ``raw``."""
                try:
                    request = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    return 400, {
                        "error": {"message": "body is not JSON", "type": "invalid_request_error", "code": None}
                    }
                return 200, server.answer(request, serial)

        return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of requests answered 429/500")
    parser.add_argument("--max-requests", type=int, default=None)
    parser.add_argument(
        "--bench", action="store_true", help="remember each chunk's answer, make it while the latency runs, keep no log"
    )
    args = parser.parse_args()
    server = FakeOpenAI(
        port=args.port,
        latency=args.latency,
        fault_rate=args.fault_rate,
        max_requests=args.max_requests,
        bench=args.bench,
    )
    print(server.url, flush=True)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._server.server_close()


if __name__ == "__main__":
    main()
