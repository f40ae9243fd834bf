"""A claim left in progress by a crashed request is taken over once stale, on every backend
(SQLite records the key with the award, PostgreSQL claims it first): one award, one record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.auth.principal import SYSTEM
from badgeservice.awards.issuance import issue_once
from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext
from badgeservice.db import new_id
from badgeservice.idempotency import repository
from badgeservice.idempotency import service as idempotency
from badgeservice.idempotency.models import IdempotencyRecord, IdempotencyState
from badgeservice.problems import IDEMPOTENCY_IN_PROGRESS, DomainError
from badgeservice.settings import Settings
from tests.conftest import T0
from tests.support.awards import award_body, award_context, awardable, render_award


@pytest.fixture
def context(settings: Settings) -> AwardContext:
    return award_context(settings, SYSTEM)


def _left_in_progress(session: Session, data: AwardCreate, *, age: timedelta) -> None:
    session.execute(
        insert(IdempotencyRecord),
        repository.new_claim(
            new_id(),
            client_id=SYSTEM.client_id,
            key="crashed",
            fingerprint=idempotency.fingerprint(data.model_dump(mode="json")),
            now=T0 - age,
        ),
    )


def _issue(factory: sessionmaker[Session], context: AwardContext, data: AwardCreate) -> int:
    outcome = issue_once(
        factory,
        data=data,
        idempotency_key="crashed",
        context=context,
        render=render_award,
    )
    return outcome.status


def test_a_stale_claim_is_taken_over_and_completed(
    factory: sessionmaker[Session], context: AwardContext, session: Session
) -> None:
    _, label = awardable(session)
    data = AwardCreate.model_validate(award_body(str(label.badge_class.id)))
    _left_in_progress(session, data, age=2 * idempotency.DEFAULT_STALE_AFTER)
    assert _issue(factory, context, data) == 201
    records = session.scalars(select(IdempotencyRecord)).all()
    assert [r.state for r in records] == [IdempotencyState.COMPLETED]
    assert session.scalar(select(func.count()).select_from(Award)) == 1


def test_a_fresh_claim_of_another_request_is_refused(
    factory: sessionmaker[Session], context: AwardContext, session: Session
) -> None:
    _, label = awardable(session)
    data = AwardCreate.model_validate(award_body(str(label.badge_class.id)))
    _left_in_progress(session, data, age=timedelta(seconds=5))
    with pytest.raises(DomainError) as refused:
        _issue(factory, context, data)
    assert refused.value.kind is IDEMPOTENCY_IN_PROGRESS
    assert session.scalar(select(func.count()).select_from(Award)) == 0
