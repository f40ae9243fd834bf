"""Render every error as ``application/problem+json`` (RFC 9457)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from badgeservice import problems as p
from badgeservice.i18n import Lang, Text, negotiate_language
from badgeservice.request_context import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger(__name__)

_STATUS_KINDS = {
    400: p.MALFORMED_REQUEST,
    401: p.UNAUTHORIZED,
    403: p.FORBIDDEN,
    404: p.NOT_FOUND,
    405: p.METHOD_NOT_ALLOWED,
    409: p.CONFLICT,
    410: p.GONE,
    413: p.PAYLOAD_TOO_LARGE,
    415: p.UNSUPPORTED_MEDIA_TYPE,
    422: p.INVALID_REQUEST,
    429: p.RATE_LIMITED,
    503: p.SERVICE_UNAVAILABLE,
}


def request_lang(request: Request) -> Lang:
    return negotiate_language(request.headers.get("accept-language"), default=Lang.EN)


def problem_body(
    kind: p.ProblemKind,
    detail: str,
    *,
    instance: str,
    errors: Sequence[tuple[str, str]] = (),
    extra: dict[str, object] | None = None,
) -> dict[str, object]:
    body: dict[str, object] = {
        "type": kind.type,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": instance,
    }
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = [{"pointer": ptr, "detail": msg} for ptr, msg in errors]
    if extra:
        body.update(extra)
    return body


def problem_response(
    request: Request,
    kind: p.ProblemKind,
    text: Text,
    *,
    errors: Sequence[p.FieldError] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    lang = request_lang(request)
    body = problem_body(
        kind,
        text.render(lang),
        instance=request.url.path,
        errors=[(e.pointer, e.text.render(lang)) for e in errors],
    )
    return problem_json(body, status=kind.status, headers=headers)


def problem_json(
    body: dict[str, object], *, status: int, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        content=orjson.dumps(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _loc_to_pointer(loc: Sequence[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where = parts.pop(0)
        if where != "body":
            return p.json_pointer([where, *parts])
    return p.json_pointer([str(x) for x in parts])


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, p.DomainError)  # noqa: S101 - registered for DomainError only
    headers = dict(exc.headers) or None
    if exc.kind is p.UNAUTHORIZED:
        headers = {"WWW-Authenticate": 'Bearer realm="badgeservice"'}
    return problem_response(request, exc.kind, exc.text, errors=exc.errors, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
    raw = list(exc.errors())
    json_errors = [e for e in raw if e.get("type") == "json_invalid"]
    if json_errors:
        ctx = json_errors[0].get("ctx") or {}
        reason = str(ctx.get("error", "unreadable body"))
        text = Text("malformed_json", {"reason": reason})
        field = p.FieldError("", Text("invalid_field", {"reason": reason}))
        return problem_response(request, p.MALFORMED_REQUEST, text, errors=[field])
    errors = [
        p.FieldError(_loc_to_pointer(e.get("loc", ())), Text("invalid_field", {"reason": e["msg"]}))
        for e in raw
    ]
    return problem_response(
        request, p.INVALID_REQUEST, Text("invalid_request", {"count": len(errors)}), errors=errors
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101 - registered for it only
    kind = _STATUS_KINDS.get(exc.status_code)
    if kind is None:
        kind = p.ProblemKind("http-" + str(exc.status_code), "HTTP error", exc.status_code)
    path = request.url.path
    texts = {
        404: Text("not_found", {"path": path}),
        405: Text("method_not_allowed", {"method": request.method, "path": path}),
    }
    text = texts.get(exc.status_code, Text("invalid_field", {"reason": str(exc.detail)}))
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(request, kind, text, headers=headers)


async def _integrity_error(request: Request, exc: Exception) -> Response:
    log.warning("integrity_error", error_class=type(exc).__name__)
    return problem_response(request, p.CONFLICT, Text("conflict_integrity"))


async def _operational_error(request: Request, exc: Exception) -> Response:
    log.error("database_error", error_class=type(exc).__name__)
    return problem_response(request, p.SERVICE_UNAVAILABLE, Text("database_unavailable"))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(p.DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(OperationalError, _operational_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the problems a route may answer."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted(set(statuses)):
        kind = _STATUS_KINDS.get(status, p.INTERNAL_ERROR)
        out[status] = {
            "model": p.Problem,
            "description": kind.title,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return out
