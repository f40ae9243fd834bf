"""Database plumbing: declarative base, UTC datetimes, engines, and the unit of work.

This module is the one owner of transactions (STYLE.md rule 5): requests commit through
``request_session`` before the response is sent, the CLI and jobs through ``unit_of_work``.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, Engine, MetaData, Uuid, create_engine, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend; naive values are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # SQLite keeps no offset; everything we write is UTC.
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads it as a class attribute
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        dict[str, object]: JSON(),
        dict[str, str]: JSON(),
        list[str]: JSON(),
        list[dict[str, object]]: JSON(),
    }


_id_lock = threading.Lock()
_last_id = 0


WRITE_OPTION = "badgeservice_write"


_Model = TypeVar("_Model", bound="Base")


def detached_copy(obj: _Model) -> _Model:
    """A copy of ``obj``'s column values that belongs to no session: a rollback cannot expire
    it and threads may read it together. Its mutable values (JSON) are shared with ``obj``;
    neither may be modified."""
    mapper = sa_inspect(type(obj))
    return type(obj)(**{attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs})


def new_id() -> uuid.UUID:
    """A UUIDv7 (RFC 9562 §5.7): time-ordered, monotonic within this process (§6.2 method 2,
    the random part is incremented when the millisecond repeats), so ids sort by creation and
    tie-break rows written at the same instant. Not business time: that comes from the clock."""
    global _last_id
    with _id_lock:
        millis = time.time_ns() // 1_000_000
        candidate = (millis << 74) | secrets.randbits(74)
        if candidate <= _last_id:
            candidate = _last_id + 1
        _last_id = candidate
    stamp, rand = candidate >> 74, candidate & ((1 << 74) - 1)
    rand_a, rand_b = rand >> 62, rand & ((1 << 62) - 1)
    value = (stamp << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine with production's settings for the backend.

    SQLite: foreign keys on, WAL, a busy timeout, and the pysqlite SAVEPOINT recipe from
    SQLAlchemy's SQLite dialect documentation (the driver's own BEGIN handling is turned off
    and SQLAlchemy emits BEGIN itself), so nested transactions work as on PostgreSQL.
    """
    if url.startswith("sqlite"):
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes SQLite's write lock when it begins: a deferred one that
        # read first would fail at once (SQLITE_BUSY, no waiting) if another connection had
        # committed since, while BEGIN IMMEDIATE waits its turn (busy_timeout).
        # Straight to the driver: every unit of work begins here, and SQLAlchemy's execution
        # path costs more than the statement.
        begin = (
            "BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "BEGIN"
        )
        connection.connection.driver_connection.execute(begin)

    _savepoints_to_the_driver(engine.dialect)


def _savepoints_to_the_driver(dialect: Dialect) -> None:
    """SAVEPOINT, ROLLBACK TO and RELEASE straight to the driver, as BEGIN above. SQLAlchemy runs
    each through its whole execution path and compiles it anew (every savepoint has a new
    name), which cost more than the rest of a batch item's statements together. The session's
    bookkeeping stays SQLAlchemy's (it calls these methods): only the way to SQLite changes.
    Set on this engine's dialect instance alone."""
    quote = dialect.identifier_preparer.quote
    for method, verb in _SAVEPOINT_STATEMENTS.items():
        setattr(dialect, method, _on_the_driver(verb, quote))


_SAVEPOINT_STATEMENTS = {
    "do_savepoint": "SAVEPOINT",
    "do_rollback_to_savepoint": "ROLLBACK TO SAVEPOINT",
    "do_release_savepoint": "RELEASE SAVEPOINT",
}


def _on_the_driver(verb: str, quote: Callable[[str], str]) -> Callable[[Any, str], None]:
    def run(connection: Any, name: str) -> None:
        connection.connection.driver_connection.execute(f"{verb} {quote(name)}")

    return run


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def serialises_writers(factory: sessionmaker[Session]) -> bool:
    """Whether ``factory``'s database runs one write transaction at a time: SQLite, whose
    write units of work take the write lock when they begin (``unit_of_work``)."""
    bind = factory.kw.get("bind")
    return bind is not None and bind.dialect.name == "sqlite"


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises.

    ``write`` marks a transaction that will write, so SQLite serialises it from its start;
    other backends ignore the mark.
    """
    session = factory()
    if write:
        session.connection(execution_options={WRITE_OPTION: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
