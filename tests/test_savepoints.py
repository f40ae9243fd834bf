"""Savepoints keep and undo exactly their own writes, on every backend. On SQLite their
statements go straight to the driver (``db._savepoints_to_the_driver``); a batch of awards
stands on them (one per item, ``awards.issuance``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from badgeservice.db import make_engine, new_id
from badgeservice.idempotency.models import IdempotencyRecord, IdempotencyState
from tests.conftest import T0


class _RefusedError(Exception):
    pass


def _record(key: str) -> IdempotencyRecord:
    return IdempotencyRecord(
        id=new_id(),
        client_id="c",
        key=key,
        fingerprint="f",
        state=IdempotencyState.COMPLETED,
        response_status=201,
        response_body=b"{}",
        created_at=T0,
    )


def _written_then_refused(session: Session, key: str) -> None:
    with session.begin_nested():
        session.add(_record(key))
        session.flush()
        raise _RefusedError


def _keys(session: Session) -> set[str]:
    return set(session.scalars(select(IdempotencyRecord.key)).all())


def test_a_savepoint_rolled_back_undoes_its_writes_alone(session: Session) -> None:
    session.add(_record("before"))
    session.flush()
    with pytest.raises(_RefusedError):
        _written_then_refused(session, "refused")
    with session.begin_nested():
        session.add(_record("kept"))
    session.flush()
    assert _keys(session) == {"before", "kept"}


def test_savepoints_nest(session: Session) -> None:
    with session.begin_nested():
        session.add(_record("outer"))
        session.flush()
        with pytest.raises(_RefusedError):
            _written_then_refused(session, "inner")
        session.add(_record("outer again"))
    session.flush()
    assert _keys(session) == {"outer", "outer again"}


def test_sqlite_gets_each_savepoint_statement_in_order(tmp_path: Path) -> None:
    """What reaches SQLite, in order, on the transaction's own connection: each savepoint
    statement with the name SQLAlchemy gave it."""
    engine: Engine = make_engine(f"sqlite:///{tmp_path}/savepoints.db")
    seen: list[str] = []
    try:
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            driver.set_trace_callback(seen.append)
            with connection.begin():
                kept = connection.begin_nested()
                kept.commit()
                undone = connection.begin_nested()
                undone.rollback()
    finally:
        engine.dispose()
    assert seen == [
        "BEGIN",
        "SAVEPOINT sa_savepoint_1",
        "RELEASE SAVEPOINT sa_savepoint_1",
        "SAVEPOINT sa_savepoint_2",
        "ROLLBACK TO SAVEPOINT sa_savepoint_2",
        "COMMIT",
    ]
