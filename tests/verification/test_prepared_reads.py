"""The verification's prepared reads (``badgeservice.prepared``) give exactly what
SQLAlchemy's ``execute`` gives, and see a key revoked in the same transaction at once."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.orm import Session

from badgeservice.issuers.models import Issuer
from badgeservice.keys.models import KeyStatus, SigningKey
from badgeservice.prepared import Prepared
from badgeservice.status.models import StatusList
from badgeservice.verification import repository
from tests.verification.conftest import IssueAward


def test_key_read_matches_execute_and_sees_a_revocation(
    issue: IssueAward, session: Session
) -> None:
    issue()
    key = session.scalars(select(SigningKey)).first()
    assert key is not None
    issuer = session.get(Issuer, key.issuer_id)
    assert issuer is not None
    statement = repository.key_by_issuer_slug_and_kid()
    parameters = {"slug": issuer.slug, "kid": key.kid}
    read = Prepared(statement)
    connection = session.connection()

    assert read.one_or_none(connection, parameters) == tuple(
        connection.execute(statement, parameters).one()
    )
    assert read.one_or_none(connection, {"slug": issuer.slug, "kid": "no-such-key"}) is None

    session.execute(
        update(SigningKey)
        .where(SigningKey.id == key.id)
        .values(status=KeyStatus.REVOKED, revocation_reason="compromised")
    )
    row = read.one_or_none(connection, parameters)
    assert row is not None
    assert row[0] == KeyStatus.REVOKED
    assert row[-1] == "compromised"


def test_status_list_read_matches_execute(issue: IssueAward, session: Session) -> None:
    issue()
    status_list = session.scalars(select(StatusList)).first()
    assert status_list is not None
    statement = repository.status_list_credential()
    read = Prepared(statement)
    connection = session.connection()

    row = read.one_or_none(connection, {"id": status_list.id})

    assert row is not None
    assert row[0] == connection.execute(statement, {"id": status_list.id}).scalar_one()
    assert read.one_or_none(connection, {"id": uuid.uuid4()}) is None


def test_several_rows_are_refused(issue: IssueAward, session: Session) -> None:
    issue()
    read = Prepared(select(SigningKey.kid))

    with pytest.raises(MultipleResultsFound):
        read.one_or_none(session.connection(), {})
