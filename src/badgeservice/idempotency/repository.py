"""Statements for idempotency records."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import cast

from sqlalchemy import (
    Delete,
    Insert,
    Select,
    Table,
    Update,
    bindparam,
    delete,
    insert,
    select,
    update,
)

from badgeservice.idempotency.models import IdempotencyRecord, IdempotencyState


def get(client_id: str, key: str) -> Select[IdempotencyRecord]:
    return select(IdempotencyRecord).where(
        IdempotencyRecord.client_id == client_id, IdempotencyRecord.key == key
    )


def list_for_keys(client_id: str, keys: Collection[str]) -> Select[IdempotencyRecord]:
    return select(IdempotencyRecord).where(
        IdempotencyRecord.client_id == client_id, IdempotencyRecord.key.in_(list(keys))
    )


# Built once, as every award runs them: SQLAlchemy takes longer to build a statement than
# SQLite takes to run one of these. Core statements on the table: the ORM's unit of work costs
# more than the INSERT itself. Their values come with the parameters (``new_claim``,
# ``completion``).
_records = cast("Table", IdempotencyRecord.__table__)
_insert = insert(_records)
_complete = update(_records).where(_records.c.id == bindparam("record_id"))


_existing_id = select(_records.c.id).where(
    _records.c.client_id == bindparam("client_id"), _records.c.key == bindparam("key")
)


def existing_id() -> Select[tuple[uuid.UUID]]:
    """Parameters: ``client_id`` and ``key``."""
    return _existing_id


def insert_claims() -> Insert:
    """Parameters: one ``new_claim`` (or ``completed_record``) per record."""
    return _insert


def new_claim(
    record_id: uuid.UUID, *, client_id: str, key: str, fingerprint: str, now: datetime
) -> dict[str, object]:
    return {
        "id": record_id,
        "client_id": client_id,
        "key": key,
        "fingerprint": fingerprint,
        "state": IdempotencyState.IN_PROGRESS,
        "response_status": None,
        "response_body": None,
        "created_at": now,
        "completed_at": None,
    }


def completed_record(
    record_id: uuid.UUID,
    *,
    client_id: str,
    key: str,
    fingerprint: str,
    status: int,
    body: bytes,
    now: datetime,
) -> dict[str, object]:
    """A record written with its answer, for ``insert_claims``."""
    return {
        "id": record_id,
        "client_id": client_id,
        "key": key,
        "fingerprint": fingerprint,
        "state": IdempotencyState.COMPLETED,
        "response_status": status,
        "response_body": body,
        "created_at": now,
        "completed_at": now,
    }


def complete() -> Update:
    """Parameters: ``record_id`` and the ``completion`` values."""
    return _complete


def completion(
    record_id: uuid.UUID, *, status: int, body: bytes, now: datetime
) -> dict[str, object]:
    return {
        "record_id": record_id,
        "state": IdempotencyState.COMPLETED,
        "response_status": status,
        "response_body": body,
        "completed_at": now,
    }


def delete_in_progress(record_ids: Collection[uuid.UUID]) -> Delete:
    return delete(IdempotencyRecord).where(
        IdempotencyRecord.id.in_(list(record_ids)),
        IdempotencyRecord.state == IdempotencyState.IN_PROGRESS,
    )
