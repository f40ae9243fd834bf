"""Idempotency keys for requests that create things (IETF draft "The Idempotency-Key HTTP
Header Field", draft-ietf-httpapi-idempotency-key-header).

A key is claimed in a transaction of its own, committed at once, so that a concurrent request
with the same key (another replica, a retry racing the first try) sees it and gets 409. The
response is recorded in the *same* transaction as what the request created: either both are
committed or neither, so an accepted award is never lost and never duplicated. A request that
fails releases its key, so the client can correct it and retry with the same key. A claim left
by a crashed process is taken over once it is older than ``stale_after``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.db import unit_of_work
from badgeservice.i18n import Text
from badgeservice.idempotency import repository
from badgeservice.idempotency.models import IdempotencyRecord, IdempotencyState
from badgeservice.problems import (
    IDEMPOTENCY_IN_PROGRESS,
    IDEMPOTENCY_KEY_MISSING,
    IDEMPOTENCY_KEY_REUSED,
    DomainError,
    FieldError,
)

MAX_KEY_LENGTH = 255
DEFAULT_STALE_AFTER = timedelta(minutes=5)


class IdempotencyKeyMissingError(DomainError):
    kind = IDEMPOTENCY_KEY_MISSING


class IdempotencyKeyReusedError(DomainError):
    kind = IDEMPOTENCY_KEY_REUSED


class IdempotencyInProgressError(DomainError):
    kind = IDEMPOTENCY_IN_PROGRESS


@dataclass(frozen=True)
class Claimed:
    record_id: uuid.UUID


@dataclass(frozen=True)
class Replay:
    status: int
    body: bytes


def fingerprint(payload: object) -> str:
    """SHA-256 of the request payload in a canonical JSON form (sorted keys)."""
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def check_key(key: str | None, *, pointer: str) -> str:
    if key is None or not key.strip():
        text = Text("idempotency_key_missing")
        raise IdempotencyKeyMissingError(text, errors=[FieldError(pointer, text)])
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        text = Text("idempotency_key_invalid", {"max": MAX_KEY_LENGTH})
        raise IdempotencyKeyMissingError(text, errors=[FieldError(pointer, text)])
    return key


def claim(
    factory: sessionmaker[Session],
    *,
    client_id: str,
    key: str,
    request_fingerprint: str,
    now: datetime,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
) -> Claimed | Replay:
    """Claim ``key`` for this client, or say what the earlier request with it answered."""
    try:
        with unit_of_work(factory, write=True) as session:
            record = IdempotencyRecord(
                client_id=client_id,
                key=key,
                fingerprint=request_fingerprint,
                state=IdempotencyState.IN_PROGRESS,
                response_status=None,
                response_body=None,
                created_at=now,
                completed_at=None,
            )
            session.add(record)
            session.flush()
            return Claimed(record.id)
    except IntegrityError:
        pass
    with unit_of_work(factory, write=True) as session:
        existing = session.scalars(repository.get(client_id, key).with_for_update()).one()
        if existing.fingerprint != request_fingerprint:
            raise IdempotencyKeyReusedError(Text("idempotency_key_reused", {"key": key}))
        if existing.state is IdempotencyState.COMPLETED:
            assert existing.response_status is not None  # noqa: S101 - set with the state
            return Replay(existing.response_status, existing.response_body or b"")
        if existing.created_at > now - stale_after:
            raise IdempotencyInProgressError(Text("idempotency_in_progress", {"key": key}))
        existing.created_at = now  # a crashed claim: take it over
        return Claimed(existing.id)


def complete(
    session: Session, *, claimed: Claimed, status: int, body: bytes, now: datetime
) -> None:
    """Record the response in the caller's transaction (with what the request created)."""
    record = session.scalars(repository.get_by_id(claimed.record_id)).one()
    record.state = IdempotencyState.COMPLETED
    record.response_status = status
    record.response_body = body
    record.completed_at = now
    session.flush()


def release(factory: sessionmaker[Session], *, claimed: Claimed) -> None:
    """Forget a claim whose request failed, so the key can be used again."""
    with unit_of_work(factory, write=True) as session:
        session.execute(repository.delete_in_progress(claimed.record_id))
