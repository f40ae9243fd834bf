"""Admin API: the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from badgeservice.audit import service
from badgeservice.audit.models import AuditEvent
from badgeservice.deps import AdminDep, SessionDep
from badgeservice.http_problems import problem_responses

router = APIRouter(prefix="/api/v1/audit-events", tags=["audit"])


class AuditEventOut(BaseModel):
    id: uuid.UUID
    occurred_at: datetime
    actor: str
    action: str
    target_type: str
    target_id: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    request_id: str | None


class AuditEventList(BaseModel):
    items: list[AuditEventOut]
    next_cursor: str | None


@router.get("", responses=problem_responses(401, 403, 422))
def list_audit_events(
    session: SessionDep,
    principal: AdminDep,
    target_id: str | None = None,
    action: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditEventList:
    page = service.list_events(
        session, cursor=cursor, limit=limit, target_id=target_id, action=action
    )
    return AuditEventList(items=[to_out(e) for e in page.items], next_cursor=page.next_cursor)


def to_out(event: AuditEvent) -> AuditEventOut:
    return AuditEventOut(
        id=event.id,
        occurred_at=event.occurred_at,
        actor=event.actor,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        before=event.before,
        after=event.after,
        request_id=event.request_id,
    )
