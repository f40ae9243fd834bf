"""Issuing awards exactly once: the Idempotency-Key claim, the award and the recorded
response, each in the transaction it belongs to.

The claim commits on its own first, so a concurrent request with the same key (another
replica, an impatient retry) sees it at once and gets 409. The award and the recorded
response then commit together: an accepted award is never lost and never duplicated. When
issuing fails, the award's transaction is rolled back first and the claim released after, so
the client can correct the request and retry with the same key.

On SQLite, which runs one write transaction at a time, a concurrent request could not see the
claim anyway: it waits for the write lock, then finds the key answered (and replays). There
the claim, the award and the response are one transaction, and a failure leaves nothing to
release.

A batch claims the keys of its items together, in one transaction, then issues each item in a
transaction of its own, reading the label, issuer, keys and status list once for all
(``IssuingCache``): each item gets the answer it would have got alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext, IssuingCache, create_award
from badgeservice.db import serialises_writers, unit_of_work
from badgeservice.idempotency import service as idempotency
from badgeservice.idempotency.service import Claimed, Replay
from badgeservice.problems import DomainError

CREATED = 201
# Runs of an award's unit of work, when its flush breaks a unique constraint: another replica
# took the same random status-list index an instant earlier (see ``create_award``).
_ATTEMPTS = 3
RenderAward = Callable[[Award], bytes]
# Items of a batch committed together on SQLite (``_issue_batch_serialised``): the write lock is
# held for this many awards (tens of milliseconds each), other writers waiting meanwhile.
_ITEMS_PER_COMMIT = 16


@dataclass(frozen=True)
class Outcome:
    status: int
    body: bytes
    replayed: bool


def issue_once(
    factory: sessionmaker[Session],
    *,
    data: AwardCreate,
    idempotency_key: str | None,
    context: AwardContext,
    render: RenderAward,
    key_pointer: str = "/headers/idempotency-key",
) -> Outcome:
    return _issue_one(
        factory,
        data=data,
        idempotency_key=idempotency_key,
        context=context,
        render=render,
        key_pointer=key_pointer,
        cache=IssuingCache(),
    )


def _issue_one(
    factory: sessionmaker[Session],
    *,
    data: AwardCreate,
    idempotency_key: str | None,
    context: AwardContext,
    render: RenderAward,
    key_pointer: str,
    cache: IssuingCache,
) -> Outcome:
    key = idempotency.check_key(idempotency_key, pointer=key_pointer)
    if serialises_writers(factory):
        return _issue_in_one_transaction(
            factory, key=key, data=data, context=context, render=render, cache=cache
        )
    claimed = idempotency.claim(
        factory,
        client_id=context.actor.client_id,
        key=key,
        request_fingerprint=_fingerprint(data),
        now=context.now,
    )
    if isinstance(claimed, Replay):
        return _replay(claimed)
    return _issue_claimed(
        factory, claimed=claimed, key=key, data=data, context=context, render=render, cache=cache
    )


def _issue_in_one_transaction(
    factory: sessionmaker[Session],
    *,
    key: str,
    data: AwardCreate,
    context: AwardContext,
    render: RenderAward,
    cache: IssuingCache,
) -> Outcome:
    """The key's check, the award and its recorded response, committed together (SQLite)."""
    try:
        with unit_of_work(factory, write=True) as session:
            return _issue_in(
                session, key=key, data=data, context=context, render=render, cache=cache
            )
    except BaseException:
        cache.forget()  # what the cache read in this transaction was rolled back with it
        raise


def _issue_in(
    session: Session,
    *,
    key: str,
    data: AwardCreate,
    context: AwardContext,
    render: RenderAward,
    cache: IssuingCache,
) -> Outcome:
    """The key's check, the award and its recorded response, in the caller's write transaction
    (SQLite: see ``idempotency.answer_in``)."""
    client_id, now, fingerprint = context.actor.client_id, context.now, _fingerprint(data)
    answer = idempotency.answer_in(
        session, client_id=client_id, key=key, request_fingerprint=fingerprint, now=now
    )
    if isinstance(answer, Replay):
        return _replay(answer)
    award = create_award(session, data=data, context=context, idempotency_key=key, cache=cache)
    body = render(award)
    if answer is None:
        idempotency.record_in(
            session,
            client_id=client_id,
            key=key,
            request_fingerprint=fingerprint,
            status=CREATED,
            body=body,
            now=now,
        )
    else:  # a crashed claim, taken over
        idempotency.complete(session, claimed=answer, status=CREATED, body=body, now=now)
    return Outcome(status=CREATED, body=body, replayed=False)


def _issue_claimed(
    factory: sessionmaker[Session],
    *,
    claimed: Claimed,
    key: str,
    data: AwardCreate,
    context: AwardContext,
    render: RenderAward,
    cache: IssuingCache,
) -> Outcome:
    """Issue the award of a claimed key with its recorded response, or release the key."""
    try:
        body = _issue_and_record(
            factory,
            claimed=claimed,
            key=key,
            data=data,
            context=context,
            render=render,
            cache=cache,
        )
    except BaseException:
        idempotency.release(factory, claimed=claimed)
        raise
    return Outcome(status=CREATED, body=body, replayed=False)


def _issue_and_record(
    factory: sessionmaker[Session],
    *,
    claimed: Claimed,
    key: str,
    data: AwardCreate,
    context: AwardContext,
    render: RenderAward,
    cache: IssuingCache,
) -> bytes:
    """The award and the response recorded for its key, committed together. The unit of work
    runs again when its flush breaks a unique constraint: another replica took the same
    status-list index an instant earlier."""
    attempt = 1
    while True:
        try:
            with unit_of_work(factory, write=True) as session:
                award = create_award(
                    session, data=data, context=context, idempotency_key=key, cache=cache
                )
                body = render(award)
                idempotency.complete(
                    session, claimed=claimed, status=CREATED, body=body, now=context.now
                )
            return body
        except IntegrityError:
            cache.forget()  # what the cache read in this transaction was rolled back with it
            if attempt == _ATTEMPTS:
                raise
            attempt += 1
        except BaseException:
            cache.forget()
            raise


@dataclass(frozen=True)
class BatchItemOutcome:
    idempotency_key: str
    index: int
    outcome: Outcome | None
    error: DomainError | None


def issue_batch(
    factory: sessionmaker[Session],
    *,
    items: list[tuple[str, AwardCreate]],
    context: AwardContext,
    render: RenderAward,
) -> list[BatchItemOutcome]:
    """Each item on its own: its own key, its own transaction, its own result.

    The items' keys are claimed in one transaction first. An item whose key an earlier item of
    the batch already used is handled when its turn comes, as a request of its own would be
    after the first one (replayed, refused as a reuse, or claimed again if the first failed).
    On SQLite the items are issued as ``_issue_batch_serialised`` says.
    """
    if serialises_writers(factory):
        return _issue_batch_serialised(factory, items=items, context=context, render=render)
    checked: dict[int, str] = {}
    key_errors: dict[int, DomainError] = {}
    first_of_key: dict[str, int] = {}
    for index, (raw_key, _data) in enumerate(items):
        try:
            key = idempotency.check_key(raw_key, pointer=f"/items/{index}/idempotency_key")
        except DomainError as error:
            key_errors[index] = error
            continue
        checked[index] = key
        first_of_key.setdefault(key, index)
    firsts = list(first_of_key.values())
    answers = dict(
        zip(
            firsts,
            idempotency.claim_many(
                factory,
                client_id=context.actor.client_id,
                requests=[(checked[i], _fingerprint(items[i][1])) for i in firsts],
                now=context.now,
            ),
            strict=True,
        )
    )
    unissued = {i: answer for i, answer in answers.items() if isinstance(answer, Claimed)}
    cache = IssuingCache()
    results: list[BatchItemOutcome] = []
    try:
        for index, (raw_key, data) in enumerate(items):
            key_error = key_errors.get(index)
            if key_error is not None:
                results.append(BatchItemOutcome(raw_key, index, None, key_error))
                continue
            key = checked[index]
            try:
                outcome = _batch_item(
                    factory, index, key, data, answers.get(index), unissued, context, render, cache
                )
            except DomainError as refused:
                results.append(BatchItemOutcome(raw_key, index, None, refused))
                continue
            results.append(BatchItemOutcome(raw_key, index, outcome, None))
    except BaseException:
        # The batch stops here: the keys claimed for the items not reached are released.
        idempotency.release_many(factory, claims=list(unissued.values()))
        raise
    return results


def _issue_batch_serialised(
    factory: sessionmaker[Session],
    *,
    items: list[tuple[str, AwardCreate]],
    context: AwardContext,
    render: RenderAward,
) -> list[BatchItemOutcome]:
    """A batch on SQLite, where write transactions run one at a time: each item checks its key,
    is issued and records its answer as ``issue_once`` does there, in a savepoint of its own,
    so that a refused item leaves nothing behind; the savepoints of ``_ITEMS_PER_COMMIT`` items
    commit together. A commit costs more than issuing an award's statements, and no other
    request can see an item before its commit whatever the grouping. A later item repeating an
    earlier item's key finds its answer, as a request of its own would after the first."""
    results: list[BatchItemOutcome] = []
    cache = IssuingCache()
    for start in range(0, len(items), _ITEMS_PER_COMMIT):
        failure: Exception | None = None
        try:
            with unit_of_work(factory, write=True) as session:
                for index in range(start, min(start + _ITEMS_PER_COMMIT, len(items))):
                    try:
                        item = _batch_item_in(session, index, items[index], context, render, cache)
                    except Exception as unexpected:  # noqa: BLE001 - raised again below
                        # The batch stops at this item, whose savepoint is rolled back; the items
                        # before it are committed, as they would be with a transaction each.
                        failure = unexpected
                        break
                    results.append(item)
        except BaseException:
            cache.forget()
            raise
        if failure is not None:
            cache.forget()
            raise failure
    return results


def _batch_item_in(
    session: Session,
    index: int,
    item: tuple[str, AwardCreate],
    context: AwardContext,
    render: RenderAward,
    cache: IssuingCache,
) -> BatchItemOutcome:
    raw_key, data = item
    try:
        key = idempotency.check_key(raw_key, pointer=f"/items/{index}/idempotency_key")
        with session.begin_nested():
            outcome = _issue_in(
                session, key=key, data=data, context=context, render=render, cache=cache
            )
    except DomainError as refused:
        cache.forget()  # what the savepoint read was rolled back with it
        return BatchItemOutcome(raw_key, index, None, refused)
    return BatchItemOutcome(raw_key, index, outcome, None)


def _batch_item(
    factory: sessionmaker[Session],
    index: int,
    key: str,
    data: AwardCreate,
    answer: Claimed | Replay | DomainError | None,
    unissued: dict[int, Claimed],
    context: AwardContext,
    render: RenderAward,
    cache: IssuingCache,
) -> Outcome:
    if answer is None:  # the key of an earlier item: its answer is known by now
        return _issue_one(
            factory,
            data=data,
            idempotency_key=key,
            context=context,
            render=render,
            key_pointer=f"/items/{index}/idempotency_key",
            cache=cache,
        )
    if isinstance(answer, DomainError):
        raise answer
    if isinstance(answer, Replay):
        return _replay(answer)
    del unissued[index]  # released by _issue_claimed if issuing fails
    return _issue_claimed(
        factory, claimed=answer, key=key, data=data, context=context, render=render, cache=cache
    )


def _fingerprint(data: AwardCreate) -> str:
    return idempotency.fingerprint(data.model_dump(mode="json"))


def _replay(replay: Replay) -> Outcome:
    return Outcome(status=replay.status, body=replay.body, replayed=True)
