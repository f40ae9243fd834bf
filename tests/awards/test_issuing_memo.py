"""The app's issuing memo never signs with stale material: what another replica changes (a key
rotated or revoked, the issuer edited, the label edited or archived, its status list filled)
is seen by the very next award, though the memo was filled before the change."""

from __future__ import annotations

import uuid

import orjson
import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.auth.principal import SYSTEM
from badgeservice.awards import issuing_memo
from badgeservice.awards.issuance import Outcome, issue_once
from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.schemas import BadgeClassUpdate
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.db import unit_of_work
from badgeservice.issuers import service as issuers
from badgeservice.issuers.models import Issuer
from badgeservice.issuers.schemas import IssuerUpdate
from badgeservice.keys import service as keys
from badgeservice.problems import CONFLICT, DomainError
from badgeservice.settings import Settings
from badgeservice.status.models import StatusList
from tests.conftest import T0
from tests.support.awards import award_body, award_context, awardable, render_award
from tests.support.factories import TEST_KEY_RING


@pytest.fixture
def awardable_label(session: Session) -> tuple[Issuer, BadgeClassView]:
    return awardable(session)


@pytest.fixture
def context(settings: Settings) -> AwardContext:
    # Its memo is shared by every award of the test, as the app's by its requests.
    return award_context(settings, SYSTEM)


def _issue(
    factory: sessionmaker[Session], context: AwardContext, label: BadgeClassView, key: str
) -> dict[str, object]:
    body = award_body(str(label.badge_class.id), recipient={"type": "email", "identity": key})
    outcome: Outcome = issue_once(
        factory,
        data=AwardCreate.model_validate(body),
        idempotency_key=key,
        context=context,
        render=render_award,
    )
    assert outcome.status == 201
    answer: dict[str, object] = orjson.loads(outcome.body)
    return answer


def _credential(session: Session, answer: dict[str, object]) -> dict[str, object]:
    award = session.get_one(Award, uuid.UUID(str(answer["id"])))
    credential: dict[str, object] = orjson.loads(award.ob3_json)
    return credential


def _signed_with(session: Session, answer: dict[str, object]) -> list[str]:
    return list(session.get_one(Award, uuid.UUID(str(answer["id"]))).signed_with)


@pytest.mark.parametrize(
    "dialect",
    [
        make_url("sqlite://").get_dialect()(),
        make_url("postgresql+psycopg://").get_dialect()(),
    ],
    ids=["sqlite", "postgresql"],
)
def test_the_state_read_binds_the_label_alone(dialect: Dialect) -> None:
    """The active status is part of the SQL: bound as a parameter, it keeps SQLite from
    knowing that the partial index of active keys applies until the value is bound, and
    SQLite then compiles the statement again on every award."""
    compiled = issuing_memo._state.compile(dialect=dialect)
    assert list(compiled.params) == ["badge_class_id"]
    assert "signing_keys.status = 'active'" in compiled.string


def test_a_key_rotated_elsewhere_signs_the_next_award(
    factory: sessionmaker[Session],
    context: AwardContext,
    awardable_label: tuple[Issuer, BadgeClassView],
    session: Session,
) -> None:
    issuer, label = awardable_label
    before = _signed_with(session, _issue(factory, context, label, "a@example.org"))
    with unit_of_work(factory, write=True) as other:  # another replica: not through the memo
        rotation = keys.rotate_keys(
            other, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=T0
        )
        new_kids = {key.kid for key in rotation.created}
    after = _signed_with(session, _issue(factory, context, label, "b@example.org"))
    assert set(after) == new_kids
    assert not set(after) & set(before)


def test_a_key_revoked_elsewhere_no_longer_signs(
    factory: sessionmaker[Session],
    context: AwardContext,
    awardable_label: tuple[Issuer, BadgeClassView],
    session: Session,
) -> None:
    issuer, label = awardable_label
    before = _signed_with(session, _issue(factory, context, label, "a@example.org"))
    with unit_of_work(factory, write=True) as other:
        ed25519 = next(
            key
            for key in keys.list_keys(other, issuer_id=issuer.id, actor=SYSTEM).keys
            if key.algorithm is KeyAlgorithm.ED25519
        )
        keys.revoke_key(
            other,
            ring=TEST_KEY_RING,
            issuer_id=issuer.id,
            kid=ed25519.kid,
            reason="compromised",
            actor=SYSTEM,
            now=T0,
        )
    after = _signed_with(session, _issue(factory, context, label, "b@example.org"))
    assert ed25519.kid in before
    assert ed25519.kid not in after  # its replacement signs
    assert len(after) == len(before)


def test_an_issuer_edited_elsewhere_is_published_by_the_next_award(
    factory: sessionmaker[Session],
    context: AwardContext,
    awardable_label: tuple[Issuer, BadgeClassView],
    session: Session,
) -> None:
    issuer, label = awardable_label
    first = _credential(session, _issue(factory, context, label, "a@example.org"))
    with unit_of_work(factory, write=True) as other:
        issuers.update_issuer(
            other,
            issuer_id=issuer.id,
            data=IssuerUpdate.model_validate({"name": {"fr": "Nouveau nom", "en": "New name"}}),
            actor=SYSTEM,
            now=T0,  # the same instant: the memo may not rely on updated_at
        )
    second = _credential(session, _issue(factory, context, label, "b@example.org"))
    assert first["issuer"]["name"] != "Nouveau nom"  # type: ignore[index]
    assert second["issuer"]["name"] == "Nouveau nom"  # type: ignore[index]


def test_a_label_edited_elsewhere_is_awarded_in_its_new_version(
    factory: sessionmaker[Session],
    context: AwardContext,
    awardable_label: tuple[Issuer, BadgeClassView],
    session: Session,
) -> None:
    _, label = awardable_label
    first = _issue(factory, context, label, "a@example.org")
    with unit_of_work(factory, write=True) as other:
        badge_classes.update_badge_class(
            other,
            badge_class_id=label.badge_class.id,
            data=BadgeClassUpdate.model_validate(
                {"name": {"fr": "Label renommé", "en": "Renamed label"}}
            ),
            actor=SYSTEM,
            now=T0,
        )
    second = _issue(factory, context, label, "b@example.org")
    assert session.get_one(Award, uuid.UUID(str(first["id"]))).badge_class_version == 1
    assert session.get_one(Award, uuid.UUID(str(second["id"]))).badge_class_version == 2
    achievement = _credential(session, second)["credentialSubject"]["achievement"]  # type: ignore[index]
    assert achievement["name"] == "Label renommé"


def test_a_label_archived_elsewhere_accepts_no_award(
    factory: sessionmaker[Session],
    context: AwardContext,
    awardable_label: tuple[Issuer, BadgeClassView],
) -> None:
    _, label = awardable_label
    _issue(factory, context, label, "a@example.org")
    with unit_of_work(factory, write=True) as other:
        badge_classes.archive_badge_class(
            other, badge_class_id=label.badge_class.id, actor=SYSTEM, now=T0
        )
    with pytest.raises(DomainError) as refused:
        _issue(factory, context, label, "b@example.org")
    assert refused.value.kind is CONFLICT
    assert refused.value.text.key == "badge_class_archived"


def test_a_list_filled_elsewhere_sends_the_next_award_to_a_new_list(
    factory: sessionmaker[Session],
    context: AwardContext,
    awardable_label: tuple[Issuer, BadgeClassView],
    session: Session,
) -> None:
    _, label = awardable_label
    first = session.get_one(Award, uuid.UUID(str(_issue(factory, context, label, "a@x.org")["id"])))
    full = first.status_list_id
    with unit_of_work(factory, write=True) as other:  # other replicas took half of the list
        other.execute(update(StatusList).where(StatusList.id == full).values(allocated=65_536))
    second = session.get_one(
        Award, uuid.UUID(str(_issue(factory, context, label, "b@x.org")["id"]))
    )
    third = session.get_one(Award, uuid.UUID(str(_issue(factory, context, label, "c@x.org")["id"])))
    assert second.status_list_id != full
    assert third.status_list_id == second.status_list_id
    lists = {row.id: row for row in session.scalars(select(StatusList)).all()}
    assert lists[full].allocated == 65_536  # no index taken beyond its fill limit
    assert lists[second.status_list_id].allocated == 2
    assert lists[second.status_list_id].size >= 131_072
