"""Statements for signing keys."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Select, select

from badgeservice.keys.models import KeyStatus, SigningKey


def list_for_issuer(
    issuer_id: uuid.UUID, *, statuses: Collection[KeyStatus] | None = None
) -> Select[SigningKey]:
    """Oldest first (UUIDv7 ids break ties between keys made at the same instant)."""
    stmt = select(SigningKey).where(SigningKey.issuer_id == issuer_id)
    if statuses is not None:
        stmt = stmt.where(SigningKey.status.in_(list(statuses)))
    return stmt.order_by(SigningKey.created_at, SigningKey.id)


def get_by_kid(issuer_id: uuid.UUID, kid: str) -> Select[SigningKey]:
    return select(SigningKey).where(SigningKey.issuer_id == issuer_id, SigningKey.kid == kid)


def kids_for_issuer(issuer_id: uuid.UUID) -> Select[str]:
    return select(SigningKey.kid).where(SigningKey.issuer_id == issuer_id)
