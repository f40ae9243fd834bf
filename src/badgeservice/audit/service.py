"""Recording and reading audit events for every admin change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from badgeservice.audit import repository
from badgeservice.audit.models import AuditEvent
from badgeservice.pagination import Page, decode_cursor, encode_cursor
from badgeservice.request_context import current_request_id


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
    now: datetime,
) -> AuditEvent:
    event = AuditEvent(
        occurred_at=now,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
        request_id=current_request_id(),
    )
    session.add(event)
    session.flush()
    return event


def list_events(
    session: Session,
    *,
    cursor: str | None,
    limit: int,
    target_id: str | None = None,
    action: str | None = None,
) -> Page[AuditEvent]:
    after = decode_cursor(cursor)
    rows: Sequence[AuditEvent] = session.scalars(
        repository.list_page(after=after, limit=limit, target_id=target_id, action=action)
    ).all()
    items = list(rows[:limit])
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(last.occurred_at, last.id)
    return Page(items=items, next_cursor=next_cursor)
