"""Statements run on every award and every verification, with less fixed cost per call.

Issuing an award runs seven small statements between pyld's canonicalizations, and
verifying one of ours two. Through ``Connection.execute`` each pays SQLAlchemy's fixed work
per call (cache key, compiled-cache lookup, execution context, result metadata): about 0.1 ms
on warm CPU caches and several times that right after a canonicalization has evicted them,
which made those statements as costly as a canonicalization. ``Prepared`` compiles a statement
once per dialect and runs it on the DBAPI cursor of the session's connection (SQLAlchemy's
documented way to reach the driver): the same SQL, parameters (through each bind's type) and
result values (through each column's type), in the same transaction, which the caller has
begun (``Session.connection()`` begins it). Driver errors are not wrapped in ``sqlalchemy.exc``
classes except a unique constraint broken by a write, raised as ``IntegrityError`` as the
callers expect; nothing else here catches them, so a failing statement fails the request as
before. Nothing is cached but the compiled SQL.

SQLite keeps each statement compiled too, unless a bound value could change its plan: compared
with a column whose partial index depends on the value, a parameter makes SQLite compile the
statement again at every run. Write such constants into the SQL (``issuing_memo._ACTIVE``).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError, MultipleResultsFound
from sqlalchemy.sql.expression import Executable, Select

_Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    # Each bind: its name, its type's processor and, for a bind the statement gives a value
    # (LIMIT 1), that value.
    binds: tuple[tuple[str, _Processor, object], ...]
    columns: tuple[_Processor, ...]


_MISSING = object()


class Prepared:
    """A statement compiled once per dialect (thread-safe)."""

    def __init__(self, statement: Executable) -> None:
        self._statement = statement
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def all(
        self, connection: Connection, parameters: Mapping[str, object]
    ) -> list[tuple[Any, ...]]:
        """Every row, its values converted by their column types."""
        compiled, cursor = self._run(connection, parameters)
        try:
            rows = cursor.fetchall()
        finally:
            cursor.close()
        return [_row(compiled, row) for row in rows]

    def one_or_none(
        self, connection: Connection, parameters: Mapping[str, object]
    ) -> tuple[Any, ...] | None:
        """The row; None without one; ``MultipleResultsFound`` with several, as
        ``Result.one_or_none``."""
        compiled, cursor = self._run(connection, parameters)
        try:
            rows = cursor.fetchmany(2)
        finally:
            cursor.close()
        if not rows:
            return None
        if len(rows) > 1:
            raise MultipleResultsFound("more than one row for a one-row read")
        return _row(compiled, rows[0])

    def scalar(self, connection: Connection, parameters: Mapping[str, object]) -> Any:
        """The first column of the first row, or None."""
        compiled, cursor = self._run(connection, parameters)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else _row(compiled, row)[0]

    def execute(self, connection: Connection, parameters: Mapping[str, object]) -> int:
        """An INSERT, UPDATE or DELETE: the count of rows it touched."""
        _compiled, cursor = self._run(connection, parameters)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _run(
        self, connection: Connection, parameters: Mapping[str, object]
    ) -> tuple[_Compiled, Any]:
        compiled = self._compiled.get(connection.dialect) or self._compile(connection.dialect)
        values = []
        for name, process, given in compiled.binds:
            value = parameters.get(name, given)
            if value is _MISSING:
                raise KeyError(f"no value for the statement's parameter {name!r}")
            values.append(value if process is None else process(value))
        arguments: Sequence[object] | Mapping[str, object] = (
            tuple(values)
            if compiled.positional
            else {name: value for (name, _, _), value in zip(compiled.binds, values, strict=True)}
        )
        # The DBAPI cursor of the connection the session holds: same transaction.
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, arguments)
        except connection.dialect.loaded_dbapi.IntegrityError as broken:
            cursor.close()
            raise IntegrityError(compiled.sql, arguments, broken) from broken
        except BaseException:
            cursor.close()
            raise
        return compiled, cursor

    def _compile(self, dialect: Dialect) -> _Compiled:
        with self._lock:
            compiled = self._compiled.get(dialect)
            if compiled is None:
                compiled = self._compiled[dialect] = _compile(self._statement, dialect)
            return compiled


def _row(compiled: _Compiled, row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(
        value if process is None else process(value)
        for process, value in zip(compiled.columns, row, strict=True)
    )


def _compile(statement: Executable, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    names = compiled.positiontup if dialect.positional else list(compiled.binds)
    if names is None:
        raise ValueError("a positional dialect without bind positions")
    binds = []
    for name in names:
        bind = compiled.binds[name]
        given = _MISSING if bind.required or bind.value is None else bind.effective_value
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        binds.append((name, process, given))
    columns: tuple[_Processor, ...] = ()
    if isinstance(statement, Select):
        columns = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        )
    return _Compiled(compiled.string, dialect.positional, tuple(binds), columns)
