"""RFC 9457 problem kinds, the domain error base class and the problem body model.

Every ``type`` URI is stable and the same in every deployment; ``title`` is fixed per type;
``detail`` (localised) describes the occurrence. The HTTP rendering lives in ``http_problems``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from badgeservice.i18n import Text

PROBLEM_TYPE_BASE = "https://badgeservice.example/problems/"


@dataclass(frozen=True)
class ProblemKind:
    slug: str
    title: str
    status: int

    @property
    def type(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug


MALFORMED_REQUEST = ProblemKind("malformed-request", "Malformed request", 400)
IDEMPOTENCY_KEY_MISSING = ProblemKind("idempotency-key-missing", "Idempotency-Key required", 400)
UNAUTHORIZED = ProblemKind("unauthorized", "Authentication required", 401)
FORBIDDEN = ProblemKind("forbidden", "Not allowed", 403)
NOT_FOUND = ProblemKind("not-found", "Not found", 404)
METHOD_NOT_ALLOWED = ProblemKind("method-not-allowed", "Method not allowed", 405)
CONFLICT = ProblemKind("conflict", "Conflict", 409)
IDEMPOTENCY_IN_PROGRESS = ProblemKind(
    "idempotency-request-in-progress", "Request with this Idempotency-Key in progress", 409
)
GONE = ProblemKind("gone", "Gone", 410)
PAYLOAD_TOO_LARGE = ProblemKind("payload-too-large", "Payload too large", 413)
UNSUPPORTED_MEDIA_TYPE = ProblemKind("unsupported-media-type", "Unsupported media type", 415)
INVALID_REQUEST = ProblemKind("invalid-request", "Invalid request", 422)
CRITERIA_NOT_MET = ProblemKind("criteria-not-met", "Award does not meet the criteria", 422)
INVALID_CLAIMS_SCHEMA = ProblemKind("invalid-claims-schema", "Invalid claims schema", 422)
IMAGE_REJECTED = ProblemKind("image-rejected", "Image refused", 422)
IDEMPOTENCY_KEY_REUSED = ProblemKind(
    "idempotency-key-reused", "Idempotency-Key reused with another request", 422
)
UNREADABLE_CREDENTIAL = ProblemKind("unreadable-credential", "Unreadable credential", 422)
RATE_LIMITED = ProblemKind("rate-limited", "Too many requests", 429)
INTERNAL_ERROR = ProblemKind("internal-error", "Internal error", 500)
SERVICE_UNAVAILABLE = ProblemKind("service-unavailable", "Service unavailable", 503)

ALL_KINDS: tuple[ProblemKind, ...] = (
    MALFORMED_REQUEST,
    IDEMPOTENCY_KEY_MISSING,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    CONFLICT,
    IDEMPOTENCY_IN_PROGRESS,
    GONE,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_REQUEST,
    CRITERIA_NOT_MET,
    INVALID_CLAIMS_SCHEMA,
    IMAGE_REJECTED,
    IDEMPOTENCY_KEY_REUSED,
    UNREADABLE_CREDENTIAL,
    RATE_LIMITED,
    INTERNAL_ERROR,
    SERVICE_UNAVAILABLE,
)


@dataclass(frozen=True)
class FieldError:
    """One field at fault: a JSON Pointer (RFC 6901) into the request and why."""

    pointer: str
    text: Text


@dataclass
class DomainError(Exception):
    """A rule of the domain said no. Subclasses fix the problem kind."""

    kind: ClassVar[ProblemKind] = INVALID_REQUEST
    text: Text
    errors: Sequence[FieldError] = field(default_factory=tuple)
    # Response headers the problem needs (e.g. Retry-After on 429).
    headers: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.kind.slug}: {self.text.key}"


class NotFoundError(DomainError):
    kind = NOT_FOUND


class ConflictError(DomainError):
    kind = CONFLICT


class ForbiddenError(DomainError):
    kind = FORBIDDEN


class UnauthorizedError(DomainError):
    kind = UNAUTHORIZED


class InvalidRequestError(DomainError):
    kind = INVALID_REQUEST


def json_pointer(path: Sequence[str | int]) -> str:
    """RFC 6901 JSON Pointer for a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


class ProblemFieldError(BaseModel):
    pointer: str = Field(description="RFC 6901 JSON Pointer to the field at fault")
    detail: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[PROBLEM_TYPE_BASE + "invalid-request"])
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None = None
    errors: list[ProblemFieldError] | None = None
