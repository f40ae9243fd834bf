"""Statements for the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, or_, select

from badgeservice.audit.models import AuditEvent


def list_page(
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
    target_id: str | None = None,
    action: str | None = None,
) -> Select[AuditEvent]:
    """Newest first, keyset-paginated on (occurred_at, id)."""
    stmt = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if target_id is not None:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            or_(
                AuditEvent.occurred_at < at,
                (AuditEvent.occurred_at == at) & (AuditEvent.id < last_id),
            )
        )
    return stmt.limit(limit + 1)
