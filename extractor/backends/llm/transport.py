"""Transport policy: which HTTP failures are worth another attempt, how long to wait, how to say what went wrong.

429, 5xx, 408/409, timeouts and dropped connections are transient; 400/401/403/404/422 (a provider's
content-safety rejection included) and an exhausted quota are not. Retry-After (seconds or an HTTP
date) and Retry-After-Ms are honoured. Every description is one line, for the failures table.
"""

from __future__ import annotations

import email.utils
import json
import re
from datetime import UTC, datetime
from typing import Any

import aiohttp
import httpx
import openai
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

RETRIED_STATUS = frozenset({408, 409, 429})
CONTENT_REJECTION = re.compile(
    r"data_inspection_failed|content[_ ]?filter|contentfilter|sensitive|inappropriate|safety|1301|risk",
    flags=re.IGNORECASE,
)
_REASON_LIMIT = 400


def one_line(text: str, limit: int = _REASON_LIMIT) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class ContentRejected(Exception):
    """The provider's content filter stopped the answer (HTTP 200 with finish_reason content_filter)."""


class BadResponseBody(Exception):
    """HTTP 200 whose body is not a chat-completion object (empty, HTML from a proxy, a bare list)."""


def parse_body(body: bytes | str) -> ChatCompletion:
    """A chat completion from a response body, as leniently as the openai SDK reads one.

    Compatible servers omit or vary fields the strict type requires (``created``, ``object``, odd
    ``finish_reason`` values); ``construct`` builds the nested objects without rejecting those, for
    the bodies the type's own validation rejects.
    """
    if not body or not str(body if isinstance(body, str) else body.decode("utf-8", "replace")).strip():
        raise BadResponseBody("the endpoint answered HTTP 200 with an empty body")
    try:
        data = json.loads(body)
    except ValueError:
        raise BadResponseBody("the endpoint's HTTP 200 body is not JSON") from None
    if not isinstance(data, dict) or "choices" not in data:
        raise BadResponseBody("the endpoint's HTTP 200 body is not a chat completion (no choices)")
    choices = data["choices"]
    if not isinstance(choices, list) or not choices:
        raise BadResponseBody("the endpoint answered HTTP 200 with an empty choices list (no answer)")
    first = choices[0]
    if not isinstance(first, dict) or not isinstance(first.get("message"), dict):
        raise BadResponseBody("the endpoint's HTTP 200 body has a choice without a message")
    try:  # a well-formed body, validated by pydantic's compiled validator (a tenth of construct's time)
        return ChatCompletion.model_validate(data)
    except ValidationError:
        return ChatCompletion.construct(**data)


_STATUS_ERRORS: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    409: openai.ConflictError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
}


def status_error(response: httpx.Response) -> openai.APIStatusError:
    """The openai SDK's exception for an error response, with the message and body the SDK gives it
    (the error object of a JSON body, else the text), so the retry policy and the failure reasons read
    it as they read the SDK's own."""
    text = response.text.strip()
    try:
        body: Any = json.loads(text)
        message = f"Error code: {response.status_code} - {body}"
    except ValueError:
        body = text or None
        message = text or f"Error code: {response.status_code}"
    data = body.get("error", body) if isinstance(body, dict) else body
    status = response.status_code
    kind = _STATUS_ERRORS.get(status) or (openai.InternalServerError if status >= 500 else openai.APIStatusError)
    return kind(message, response=response, body=data)


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: rate limits (but not an exhausted quota), server errors, timeouts, dropped connections."""
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code == 429 and _error_code(exc) == "insufficient_quota":
            return False
        return exc.status_code in RETRIED_STATUS or exc.status_code >= 500
    if isinstance(exc, openai.APITimeoutError | httpx.TransportError):
        return True
    if isinstance(exc, openai.APIConnectionError):
        # The SDK wraps anything raised below it as a connection error; only real network faults
        # are worth another attempt (a replay mismatch in a test, say, is not).
        cause = exc.__cause__
        return cause is None or isinstance(cause, httpx.TransportError | OSError | TimeoutError)
    return False


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After-Ms, Retry-After as seconds or an HTTP date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_body(exc: openai.APIStatusError) -> dict[str, Any]:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        return inner if isinstance(inner, dict) else {"message": str(inner)}
    return {}


def _error_code(exc: openai.APIStatusError) -> str:
    body = _error_body(exc)
    return str(body.get("code") or body.get("type") or "")


def dropped_connection(exc: BaseException) -> BaseException | None:
    """The aiohttp error under a "timeout" that was really a dropped connection, if any.

    The aiohttp transport (``httpx_aiohttp``, what ``openai.DefaultAioHttpClient`` runs on) raises
    every aiohttp connection error as ``httpx.ConnectTimeout``: a server that closed or reset the
    connection would read as a timeout in the failures table without this.
    """
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, aiohttp.ClientConnectionError) and not isinstance(cause, TimeoutError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def status_of(exc: BaseException) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"http_{exc.status_code}"
    if dropped_connection(exc) is not None:
        return "connection"
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        return "connection"
    if isinstance(exc, ContentRejected):
        return "content_filter"
    return "error"


def describe_transport_error(exc: BaseException) -> str:
    """One line naming the status, the provider's error code and message, and whether it was retried."""
    if isinstance(exc, openai.APIStatusError):
        body = _error_body(exc)
        code = _error_code(exc)
        message = body.get("message") or exc.message
        detail = f"[{code}] {message}" if code else str(message)
        if exc.status_code == 400 and CONTENT_REJECTION.search(f"{code} {message}"):
            return one_line(f"HTTP 400, content rejected by the provider (not retried): {detail}")
        retried = "retried until attempts ran out" if is_transient(exc) else "not retried"
        return one_line(f"HTTP {exc.status_code} ({retried}): {detail}")
    dropped = dropped_connection(exc)
    if dropped is not None:
        return one_line(f"connection failed (retried until attempts ran out): {type(dropped).__name__}: {dropped}")
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
        return "request timed out (retried until attempts ran out)"
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        cause = f" ({type(exc.__cause__).__name__}: {exc.__cause__})" if exc.__cause__ else ""
        retried = "retried until attempts ran out" if is_transient(exc) else "not retried"
        return one_line(f"connection failed ({retried}): {exc}{cause}")
    return one_line(f"{type(exc).__name__}: {exc}")
