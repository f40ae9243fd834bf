"""ASGI middleware: request ids, access logs, request body size limits, and HEAD."""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

import orjson
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from badgeservice.http_problems import problem_body
from badgeservice.i18n import Lang, Text, negotiate_language
from badgeservice.logging_setup import ACCESS_LOGGER, AccessEvent
from badgeservice.problems import INTERNAL_ERROR, PAYLOAD_TOO_LARGE, ProblemKind
from badgeservice.request_context import reset_request_id, set_request_id

log = structlog.get_logger(ACCESS_LOGGER)
access_log = logging.getLogger(ACCESS_LOGGER)
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_FRAMED_BY_HEADERS = ("1.0", "1.1")


class RequestContextMiddleware:
    """Assigns a request id (kept from ``X-Request-Id`` when well-formed) and logs the access."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID_RE.match(incoming) else None
        request_id = request_id or secrets.token_hex(8)
        token = set_request_id(request_id)
        started = time.perf_counter()
        status_holder: dict[str, int] = {"status": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = 1
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("ascii")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # The trace goes to the log with the request id, never to the client.
            log.error("unhandled_error", error_class=type(exc).__name__, exc_info=exc)
            if status_holder.get("started"):
                raise
            await _send_internal_error(scope, send_with_id, request_id)
        finally:
            # Paths only: query strings may carry identities and are never logged.
            if access_log.isEnabledFor(logging.INFO):
                event = AccessEvent(
                    method=scope.get("method"),
                    path=scope.get("path"),
                    status=status_holder["status"],
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    request_id=request_id,
                )
                # handle(), not info(): the caller is always this line, so the record skips
                # the search for it up the stack (half the cost of the line).
                access_log.handle(
                    access_log.makeRecord(ACCESS_LOGGER, logging.INFO, "", 0, event, (), None)
                )
            reset_request_id(token)


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit for their path with 413, before the app reads them all."""

    def __init__(self, app: ASGIApp, *, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if (
            declared is None
            and scope.get("http_version") in _FRAMED_BY_HEADERS
            and _header(scope, b"transfer-encoding") is None
        ):
            # HTTP/1.x framing (RFC 9112 §6.3): without either header the request has no
            # body, which spares GETs the read-and-replay below.
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_too_large(scope, send, limit)
            return
        # Read the body up to the limit before the app sees it: frameworks turn errors raised
        # while they parse a body into generic 400s, and a 413 must be a 413.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            body = message.get("body", b"")
            received += len(body)
            if received > limit:
                await _send_too_large(scope, send, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replay: list[Message] = [
            {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        ]
        await self.app(scope, _replay(replay, then=receive), send)


class HeadAsGetMiddleware:
    """Answers HEAD as the same request's GET would, without the body (RFC 9110 §9.3.2): same
    status and header fields, Content-Length included, so pages and public documents can be
    checked (by link checkers, crawlers, caches) without being downloaded."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


async def _send_too_large(scope: Scope, send: Send, limit: int) -> None:
    await _send_problem(scope, send, PAYLOAD_TOO_LARGE, Text("payload_too_large", {"limit": limit}))


async def _send_internal_error(scope: Scope, send: Send, request_id: str) -> None:
    text = Text("internal_error", {"request_id": request_id})
    await _send_problem(scope, send, INTERNAL_ERROR, text)


async def _send_problem(scope: Scope, send: Send, kind: ProblemKind, text: Text) -> None:
    lang = negotiate_language(_header(scope, b"accept-language"), default=Lang.EN)
    body = problem_body(kind, text.render(lang), instance=scope["path"])
    payload = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": kind.status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(payload)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None
