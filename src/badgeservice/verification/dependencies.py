"""HTTP plumbing for verification: the app's verification context, a read-only session, the
per-client rate limit of ``POST /verify``, and reading what is submitted to it."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import limits
import orjson
from fastapi import Depends, Request
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from badgeservice.db import unit_of_work
from badgeservice.deps import SessionFactoryDep, UnsupportedMediaTypeError
from badgeservice.i18n import Text
from badgeservice.problems import (
    MALFORMED_REQUEST,
    RATE_LIMITED,
    DomainError,
    FieldError,
    InvalidRequestError,
    json_pointer,
)
from badgeservice.verification.detect import Submission
from badgeservice.verification.recipient import IdentityType, RecipientClaim
from badgeservice.verification.schemas import VerifyRequest, inline_json_schema
from badgeservice.verification.service import VerificationContext

RAW_IMAGE_TYPES = ("image/png", "image/svg+xml")
RAW_TOKEN_TYPES = ("application/jwt", "application/vc+jwt", "text/plain")


def get_verification_context(request: Request) -> VerificationContext:
    context: VerificationContext = request.app.state.verification
    return context


VerificationContextDep = Annotated[VerificationContext, Depends(get_verification_context)]


def read_session(factory: SessionFactoryDep) -> Iterator[Session]:
    """A read-only unit of work: verifying writes nothing, and on SQLite a write transaction
    would hold the write lock while remote documents are fetched."""
    with unit_of_work(factory) as session:
        yield session


ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]


class RateLimitedError(DomainError):
    kind = RATE_LIMITED


class MalformedBodyError(DomainError):
    kind = MALFORMED_REQUEST


class VerifyRateLimiter:
    """A moving window per client address, in this process's memory (LIBRARIES.md: limits)."""

    def __init__(self, rate: str) -> None:
        self._item = limits.parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def retry_after(self, client: str) -> int | None:
        """None when the client may go on; otherwise the seconds until it may."""
        if self._limiter.hit(self._item, "verify", client):
            return None
        stats = self._limiter.get_window_stats(self._item, "verify", client)
        # limits keeps wall-clock epoch seconds; the business clock has no say in throttling.
        return max(1, math.ceil(stats.reset_time - time.time()))


def rate_limit(request: Request) -> None:
    # The socket's address, never X-Forwarded-For, which any client can write.
    client = request.client.host if request.client is not None else "unknown"
    limiter: VerifyRateLimiter = request.app.state.verify_rate_limiter
    wait = limiter.retry_after(client)
    if wait is not None:
        raise RateLimitedError(
            Text("rate_limited", {"retry_after": wait}), headers={"Retry-After": str(wait)}
        )


@dataclass(frozen=True)
class VerifyInput:
    submission: Submission
    recipient: RecipientClaim | None


async def read_verify_input(request: Request) -> VerifyInput:
    """JSON ``{url | credential | jwt, recipient?}``, a multipart ``file`` (with optional
    ``recipient_type``/``recipient_identity`` fields), or a raw PNG, SVG or token body (the
    recipient then in the query string). Async only to read the body; the endpoint is sync."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        return _json_input(await request.body())
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                text = Text("invalid_field", {"reason": "multipart field 'file' is required"})
                raise InvalidRequestError(text, errors=[FieldError("/file", text)])
            data = await upload.read()
            recipient = _recipient(form.get("recipient_type"), form.get("recipient_identity"))
        finally:
            await form.close()
        return VerifyInput(Submission(file=data), recipient)
    recipient = _recipient(
        request.query_params.get("recipient_type"), request.query_params.get("recipient_identity")
    )
    if content_type in RAW_IMAGE_TYPES:
        return VerifyInput(Submission(file=await request.body()), recipient)
    if content_type in RAW_TOKEN_TYPES:
        body = (await request.body()).decode("utf-8", errors="replace")
        return VerifyInput(Submission(jwt=body), recipient)
    expected = "application/json, multipart/form-data, image/png, image/svg+xml or text/plain"
    raise UnsupportedMediaTypeError(
        Text(
            "unsupported_media_type",
            {"content_type": content_type or "(none)", "expected": expected},
        )
    )


def _json_input(body: bytes) -> VerifyInput:
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        reason = str(exc)[:200]
        raise MalformedBodyError(
            Text("malformed_json", {"reason": reason}),
            errors=[FieldError("", Text("invalid_field", {"reason": reason}))],
        ) from exc
    try:
        request = VerifyRequest.model_validate(parsed)
    except ValidationError as exc:
        errors = [
            FieldError(
                json_pointer([str(p) for p in e["loc"]]),
                Text("invalid_field", {"reason": e["msg"]}),
            )
            for e in exc.errors()
        ]
        raise InvalidRequestError(
            Text("invalid_request", {"count": len(errors)}), errors=errors
        ) from exc
    recipient = None
    if request.recipient is not None:
        recipient = RecipientClaim(IdentityType(request.recipient.type), request.recipient.identity)
    submission = Submission(url=request.url, credential=request.credential, jwt=request.jwt)
    return VerifyInput(submission, recipient)


_RECIPIENT_PAIR = "recipient_type (email, telephone, url, did) and recipient_identity go together"


def _recipient(kind: object, identity: object) -> RecipientClaim | None:
    if kind is None and identity is None:
        return None
    known = isinstance(kind, str) and kind in set(IdentityType)
    if not known or not isinstance(identity, str) or not identity.strip():
        text = Text("invalid_field", {"reason": _RECIPIENT_PAIR})
        raise InvalidRequestError(text, errors=[FieldError("/recipient_type", text)])
    return RecipientClaim(IdentityType(str(kind)), identity)


VerifyInputDep = Annotated[VerifyInput, Depends(read_verify_input)]

VERIFY_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": inline_json_schema(VerifyRequest)},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "recipient_type": {
                            "type": "string",
                            "enum": [t.value for t in IdentityType],
                        },
                        "recipient_identity": {"type": "string"},
                    },
                }
            },
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "image/svg+xml": {"schema": {"type": "string", "format": "binary"}},
            "text/plain": {"schema": {"type": "string", "description": "a compact JWS"}},
        },
    }
}
