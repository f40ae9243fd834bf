"""Issuing awards exactly once: the Idempotency-Key claim, the award and the recorded
response, each in the transaction it belongs to.

The claim commits on its own first, so a concurrent request with the same key (another
replica, an impatient retry) sees it at once and gets 409. The award and the recorded
response then commit together: an accepted award is never lost and never duplicated. When
issuing fails, the award's transaction is rolled back first and the claim released after, so
the client can correct the request and retry with the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext, create_award
from badgeservice.db import unit_of_work
from badgeservice.idempotency import service as idempotency
from badgeservice.idempotency.service import Replay
from badgeservice.problems import DomainError

CREATED = 201
RenderAward = Callable[[Award], bytes]


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
    key = idempotency.check_key(idempotency_key, pointer=key_pointer)
    claimed = idempotency.claim(
        factory,
        client_id=context.actor.client_id,
        key=key,
        request_fingerprint=idempotency.fingerprint(data.model_dump(mode="json")),
        now=context.now,
    )
    if isinstance(claimed, Replay):
        return Outcome(status=claimed.status, body=claimed.body, replayed=True)
    try:
        with unit_of_work(factory, write=True) as session:
            award = create_award(session, data=data, context=context, idempotency_key=key)
            body = render(award)
            idempotency.complete(
                session, claimed=claimed, status=CREATED, body=body, now=context.now
            )
    except BaseException:
        idempotency.release(factory, claimed=claimed)
        raise
    return Outcome(status=CREATED, body=body, replayed=False)


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
    """Each item on its own: its own key, its own transaction, its own result."""
    results: list[BatchItemOutcome] = []
    for index, (key, data) in enumerate(items):
        try:
            outcome = issue_once(
                factory,
                data=data,
                idempotency_key=key,
                context=context,
                render=render,
                key_pointer=f"/items/{index}/idempotency_key",
            )
        except DomainError as error:
            results.append(BatchItemOutcome(key, index, None, error))
            continue
        results.append(BatchItemOutcome(key, index, outcome, None))
    return results
