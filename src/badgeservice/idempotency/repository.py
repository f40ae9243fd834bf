"""Statements for idempotency records."""

from __future__ import annotations

import uuid

from sqlalchemy import Delete, Select, delete, select

from badgeservice.idempotency.models import IdempotencyRecord


def get(client_id: str, key: str) -> Select[IdempotencyRecord]:
    return select(IdempotencyRecord).where(
        IdempotencyRecord.client_id == client_id, IdempotencyRecord.key == key
    )


def get_by_id(record_id: uuid.UUID) -> Select[IdempotencyRecord]:
    return select(IdempotencyRecord).where(IdempotencyRecord.id == record_id)


def delete_in_progress(record_id: uuid.UUID) -> Delete:
    return delete(IdempotencyRecord).where(
        IdempotencyRecord.id == record_id, IdempotencyRecord.state == "in_progress"
    )
