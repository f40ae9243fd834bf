"""Issuing a batch: its keys claimed together, each item still answered as it would be alone."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.auth.models import Scope
from badgeservice.auth.principal import Principal
from badgeservice.awards.issuance import BatchItemOutcome, issue_batch
from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.idempotency import service as idempotency
from badgeservice.idempotency.models import IdempotencyRecord
from badgeservice.idempotency.service import Claimed
from badgeservice.problems import (
    CRITERIA_NOT_MET,
    IDEMPOTENCY_IN_PROGRESS,
    IDEMPOTENCY_KEY_MISSING,
    IDEMPOTENCY_KEY_REUSED,
)
from badgeservice.settings import Settings
from tests.conftest import T0
from tests.support.awards import award_body, award_context, awardable, render_award

CLIENT = "batch-client"


@pytest.fixture
def label(session: Session) -> BadgeClassView:
    return awardable(session)[1]


@pytest.fixture
def context(settings: Settings) -> AwardContext:
    actor = Principal(client_id=CLIENT, scopes=frozenset({Scope.AWARDS_WRITE}), issuer_ids=None)
    return award_context(settings, actor)


def _item(label: BadgeClassView, key: str, **overrides: object) -> tuple[str, AwardCreate]:
    body = award_body(str(label.badge_class.id), **overrides)
    return key, AwardCreate.model_validate(body)


def _statuses(results: list[BatchItemOutcome]) -> list[tuple[int, bool]]:
    answered: list[tuple[int, bool]] = []
    for result in results:
        if result.outcome is not None:
            answered.append((result.outcome.status, result.outcome.replayed))
        else:
            assert result.error is not None
            answered.append((result.error.kind.status, False))
    return answered


def _awards(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Award)) or 0


def _records(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(IdempotencyRecord)) or 0


def test_batch_item_repeating_an_earlier_key_replays_its_answer(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    first = _item(label, "same")
    results = issue_batch(factory, items=[first, first], context=context, render=render_award)
    assert _statuses(results) == [(201, False), (201, True)]
    assert results[0].outcome is not None
    assert results[1].outcome is not None
    assert results[1].outcome.body == results[0].outcome.body
    assert _awards(session) == 1


def test_batch_item_reusing_a_key_with_another_body_is_refused(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    items = [_item(label, "k"), _item(label, "k", recipient_name="Bea")]
    results = issue_batch(factory, items=items, context=context, render=render_award)
    assert _statuses(results) == [(201, False), (422, False)]
    assert results[1].error is not None
    assert results[1].error.kind is IDEMPOTENCY_KEY_REUSED
    assert _awards(session) == 1


def test_batch_item_after_a_refused_one_with_its_key_is_issued(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    # The refused item releases the key (and what the batch read in its transaction): the
    # corrected item that follows claims the key again and is issued.
    items = [_item(label, "fix", narrative=None), _item(label, "fix"), _item(label, "other")]
    results = issue_batch(factory, items=items, context=context, render=render_award)
    assert _statuses(results) == [(422, False), (201, False), (201, False)]
    assert results[0].error is not None
    assert results[0].error.kind is CRITERIA_NOT_MET
    assert _awards(session) == 2


def test_batch_item_whose_key_is_in_progress_is_refused_alone(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    busy = _item(label, "busy")
    claimed = idempotency.claim(
        factory,
        client_id=CLIENT,
        key="busy",
        request_fingerprint=idempotency.fingerprint(busy[1].model_dump(mode="json")),
        now=T0,
    )
    assert isinstance(claimed, Claimed)
    items = [_item(label, "a"), busy, _item(label, "b", recipient_name="Bea")]
    results = issue_batch(factory, items=items, context=context, render=render_award)
    assert _statuses(results) == [(201, False), (409, False), (201, False)]
    assert results[1].error is not None
    assert results[1].error.kind is IDEMPOTENCY_IN_PROGRESS
    assert _awards(session) == 2


def test_batch_item_with_a_blank_key_is_refused_alone(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    results = issue_batch(
        factory, items=[_item(label, " "), _item(label, "ok")], context=context, render=render_award
    )
    assert _statuses(results) == [(400, False), (201, False)]
    assert results[0].error is not None
    assert results[0].error.kind is IDEMPOTENCY_KEY_MISSING
    assert results[0].error.errors[0].pointer == "/items/0/idempotency_key"
    assert _awards(session) == 1


def test_batch_stopped_by_an_unexpected_error_releases_the_keys_it_did_not_use(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    rendered: list[Award] = []

    def fail_on_second(award: Award) -> bytes:
        rendered.append(award)
        if len(rendered) == 2:
            raise RuntimeError("the response could not be rendered")
        return render_award(award)

    items = [_item(label, f"k{n}", recipient_name=f"P{n}") for n in range(4)]
    with pytest.raises(RuntimeError):
        issue_batch(factory, items=items, context=context, render=fail_on_second)
    # The first award stands with its recorded answer; no other key stays claimed.
    assert _awards(session) == 1
    assert _records(session) == 1
    again = issue_batch(factory, items=items, context=context, render=render_award)
    assert _statuses(again) == [(201, True), (201, False), (201, False), (201, False)]
    assert _awards(session) == 4


def test_a_long_batch_answers_each_item_as_alone(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, session: Session
) -> None:
    """Beyond the items SQLite commits together: a key repeated in a later group replays, a
    refused item leaves nothing and the items around it stand."""
    items = [_item(label, f"k{n}", recipient_name=f"P{n}") for n in range(40)]
    items[21] = items[3]  # the same key and body, two groups later
    items[25] = _item(label, "k25", narrative=None)  # the label requires a narrative
    results = issue_batch(factory, items=items, context=context, render=render_award)
    expected = [(201, False)] * 40
    expected[21] = (201, True)
    expected[25] = (422, False)
    assert _statuses(results) == expected
    assert results[21].outcome is not None
    assert results[3].outcome is not None
    assert results[21].outcome.body == results[3].outcome.body
    assert _awards(session) == 38
    assert _records(session) == 38
