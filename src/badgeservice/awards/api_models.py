"""Award API response models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from badgeservice.problems import Problem


class RecipientOut(BaseModel):
    type: str
    identity: str | None
    hashed: bool
    identity_hash: str | None
    salt: str | None


class AwardLinks(BaseModel):
    page: str
    ob2_hosted: str
    ob2_signed: str
    ob3: str
    ob3_jwt: str
    image_png: str
    image_svg: str


class AwardOut(BaseModel):
    id: uuid.UUID
    status: str
    badge_class_id: uuid.UUID
    badge_class_version: int
    issuer_id: uuid.UUID
    recipient: RecipientOut
    recipient_name: str | None
    evidence: list[dict[str, object]]
    narrative: str | None
    claims: dict[str, object] | None
    issued_on: datetime
    expires: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None
    created_at: datetime
    links: AwardLinks


class AwardList(BaseModel):
    items: list[AwardOut]
    next_cursor: str | None


class BatchResult(BaseModel):
    idempotency_key: str
    status: int
    replayed: bool = False
    award: AwardOut | None = None
    problem: Problem | None = None


class BatchResponse(BaseModel):
    results: list[BatchResult]
