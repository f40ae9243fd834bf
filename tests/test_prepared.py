"""Prepared statements write what SQLAlchemy would, count what they touch, raise a broken
unique constraint as ``IntegrityError`` and bind the values a statement carries (LIMIT)."""

from __future__ import annotations

from typing import cast

import pytest
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from badgeservice.db import new_id
from badgeservice.idempotency import repository
from badgeservice.idempotency.models import IdempotencyRecord, IdempotencyState
from badgeservice.prepared import Prepared
from tests.conftest import T0

_INSERT = Prepared(insert(IdempotencyRecord))
_RECORDS = cast("Table", IdempotencyRecord.__table__)


def _record(key: str) -> dict[str, object]:
    return repository.completed_record(
        new_id(), client_id="c", key=key, fingerprint="f", status=201, body=b"{}", now=T0
    )


def test_an_insert_writes_what_the_orm_reads_back(session: Session) -> None:
    values = _record("k1")
    assert _INSERT.execute(session.connection(), values) == 1
    record = session.scalars(select(IdempotencyRecord)).one()
    assert record.id == values["id"]
    assert record.state is IdempotencyState.COMPLETED
    assert record.response_body == b"{}"
    assert record.created_at == T0


def test_a_broken_unique_constraint_is_an_integrity_error(session: Session) -> None:
    _INSERT.execute(session.connection(), _record("same"))
    with pytest.raises(IntegrityError), session.begin_nested():
        _INSERT.execute(session.connection(), _record("same"))


def test_an_update_counts_its_rows_and_a_statement_binds_its_own_values(
    session: Session,
) -> None:
    for key in ("a", "b", "c"):
        _INSERT.execute(session.connection(), _record(key))
    later = Prepared(
        update(_RECORDS)
        .where(_RECORDS.c.key != bindparam("spared"))
        .values(response_status=bindparam("status"))
    )
    assert later.execute(session.connection(), {"spared": "a", "status": 200}) == 2
    statuses = session.scalars(select(IdempotencyRecord.response_status)).all()
    assert sorted(s or 0 for s in statuses) == [200, 200, 201]
    first_key = Prepared(select(_RECORDS.c.key).order_by(_RECORDS.c.key).limit(1))
    assert first_key.scalar(session.connection(), {}) == "a"
    assert first_key.all(session.connection(), {}) == [("a",)]
    with pytest.raises(KeyError):
        later.execute(session.connection(), {"spared": "a"})
