"""Idempotency keys for requests that create things (IETF draft "The Idempotency-Key HTTP
Header Field", draft-ietf-httpapi-idempotency-key-header).

A key is claimed in a transaction of its own, committed at once, so that a concurrent request
with the same key (another replica, a retry racing the first try) sees it and gets 409. The
response is recorded in the *same* transaction as what the request created: either both are
committed or neither, so an accepted award is never lost and never duplicated. A request that
fails releases its key, so the client can correct it and retry with the same key. A claim left
by a crashed process is taken over once it is older than ``stale_after``.

A batch claims the keys of all its items in one transaction (``claim_many``), each with the
answer ``claim`` would have given it alone.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.db import new_id, unit_of_work
from badgeservice.i18n import Text
from badgeservice.idempotency import repository
from badgeservice.idempotency.models import IdempotencyRecord, IdempotencyState
from badgeservice.prepared import Prepared
from badgeservice.problems import (
    IDEMPOTENCY_IN_PROGRESS,
    IDEMPOTENCY_KEY_MISSING,
    IDEMPOTENCY_KEY_REUSED,
    DomainError,
    FieldError,
)

MAX_KEY_LENGTH = 255
DEFAULT_STALE_AFTER = timedelta(minutes=5)
# Keys looked up per statement by ``claim_many``: well below every backend's bound-parameter
# limit (SQLite's is 32,766).
_KEYS_PER_STATEMENT = 500


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
    record_id = new_id()
    try:
        with unit_of_work(factory, write=True) as session:
            session.execute(
                repository.insert_claims(),
                repository.new_claim(
                    record_id,
                    client_id=client_id,
                    key=key,
                    fingerprint=request_fingerprint,
                    now=now,
                ),
            )
        return Claimed(record_id)
    except IntegrityError:
        pass
    with unit_of_work(factory, write=True) as session:
        existing = session.scalars(repository.get(client_id, key).with_for_update()).one()
        return _answer(existing, request_fingerprint, now=now, stale_after=stale_after)


# The statements every award runs on SQLite (``badgeservice.prepared``).
_EXISTING_ID = Prepared(repository.existing_id())
_INSERT_RECORD = Prepared(repository.insert_claims())


def answer_in(
    session: Session,
    *,
    client_id: str,
    key: str,
    request_fingerprint: str,
    now: datetime,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
) -> Claimed | Replay | None:
    """What ``key`` already answers, read in the caller's write transaction, for a database
    that runs one write transaction at a time (SQLite, from BEGIN IMMEDIATE:
    ``db.unit_of_work``): ``None`` for a new key, whose answer the caller records with
    ``record_in`` in the same transaction; the earlier answer to replay; a crashed claim taken
    over (complete it); or the refusal, raised. No other request can see the key before the
    caller's work commits with it; none could anyway, as it would be waiting for the write
    lock. A failure rolls everything back: there is nothing to release."""
    # The id alone first (a prepared statement): most keys are new.
    params = {"client_id": client_id, "key": key}
    if _EXISTING_ID.scalar(session.connection(), params) is None:
        return None
    existing = session.scalars(repository.get(client_id, key)).one()
    return _answer(existing, request_fingerprint, now=now, stale_after=stale_after)


def record_in(
    session: Session,
    *,
    client_id: str,
    key: str,
    request_fingerprint: str,
    status: int,
    body: bytes,
    now: datetime,
) -> None:
    """The answer to a new key (``answer_in`` gave ``None``), recorded completed at once."""
    _INSERT_RECORD.execute(
        session.connection(),
        repository.completed_record(
            new_id(),
            client_id=client_id,
            key=key,
            fingerprint=request_fingerprint,
            status=status,
            body=body,
            now=now,
        ),
    )


def claim_many(
    factory: sessionmaker[Session],
    *,
    client_id: str,
    requests: Sequence[tuple[str, str]],
    now: datetime,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
) -> list[Claimed | Replay | DomainError]:
    """``claim`` for each (key, request fingerprint) of ``requests``, in one transaction.

    The answers are in the order of ``requests``: a claim, the earlier answer to replay, or the
    error ``claim`` would raise for that key (returned, not raised: the other keys still
    count). The keys must be distinct. When a concurrent request claims one of the keys
    between this transaction's read and its write, the keys are claimed one by one instead.
    """
    keys = [key for key, _ in requests]
    if len(set(keys)) != len(keys):
        raise ValueError("claim_many needs distinct keys")
    try:
        with unit_of_work(factory, write=True) as session:
            existing: dict[str, IdempotencyRecord] = {}
            for start in range(0, len(keys), _KEYS_PER_STATEMENT):
                chunk = keys[start : start + _KEYS_PER_STATEMENT]
                stmt = repository.list_for_keys(client_id, chunk).with_for_update()
                existing.update((record.key, record) for record in session.scalars(stmt))
            answers: list[Claimed | Replay | DomainError] = []
            new_claims: list[dict[str, object]] = []
            for key, request_fingerprint in requests:
                record = existing.get(key)
                if record is None:
                    record_id = new_id()
                    new_claims.append(
                        repository.new_claim(
                            record_id,
                            client_id=client_id,
                            key=key,
                            fingerprint=request_fingerprint,
                            now=now,
                        )
                    )
                    answers.append(Claimed(record_id))
                    continue
                try:
                    answers.append(
                        _answer(record, request_fingerprint, now=now, stale_after=stale_after)
                    )
                except DomainError as error:
                    answers.append(error)
            if new_claims:
                session.execute(repository.insert_claims(), new_claims)
        return answers
    except IntegrityError:
        pass
    return [
        _claim_or_error(factory, client_id, key, request_fingerprint, now, stale_after)
        for key, request_fingerprint in requests
    ]


def _claim_or_error(
    factory: sessionmaker[Session],
    client_id: str,
    key: str,
    request_fingerprint: str,
    now: datetime,
    stale_after: timedelta,
) -> Claimed | Replay | DomainError:
    try:
        return claim(
            factory,
            client_id=client_id,
            key=key,
            request_fingerprint=request_fingerprint,
            now=now,
            stale_after=stale_after,
        )
    except DomainError as error:
        return error


def _answer(
    existing: IdempotencyRecord, request_fingerprint: str, *, now: datetime, stale_after: timedelta
) -> Claimed | Replay:
    """What a request gets for a key already claimed (``existing``, locked by the caller)."""
    key = existing.key
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
    result = session.connection().execute(
        repository.complete(),
        repository.completion(claimed.record_id, status=status, body=body, now=now),
    )
    if result.rowcount != 1:
        raise LookupError(f"idempotency record {claimed.record_id} is gone")


def release(factory: sessionmaker[Session], *, claimed: Claimed) -> None:
    """Forget a claim whose request failed, so the key can be used again."""
    release_many(factory, claims=[claimed])


def release_many(factory: sessionmaker[Session], *, claims: Collection[Claimed]) -> None:
    """Forget claims whose requests failed or were never made, in one transaction."""
    if not claims:
        return
    ids = [claimed.record_id for claimed in claims]
    with unit_of_work(factory, write=True) as session:
        for start in range(0, len(ids), _KEYS_PER_STATEMENT):
            session.execute(repository.delete_in_progress(ids[start : start + _KEYS_PER_STATEMENT]))
