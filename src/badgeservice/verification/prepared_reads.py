"""The reads every verification of our own badges makes, with less fixed cost per call.

Verifying one of our credentials reads two rows (its signing key, its status list) between
pyld's canonicalizations. Through ``Connection.execute`` each read pays SQLAlchemy's fixed work
per call (cache key, compiled-cache lookup, execution context, result metadata): about 0.1 ms
on warm CPU caches and several times that right after a canonicalization has evicted them,
which made the two reads a sixth of a Data Integrity verification. ``PreparedRead`` compiles a
``repository`` statement once per dialect and runs it on the DBAPI cursor of the session's
connection (SQLAlchemy's documented way to reach the driver): the same SQL, parameters
(through each bind's type) and result values (through each column's type), in the same
transaction. Driver errors are not wrapped in ``sqlalchemy.exc`` classes; nothing here catches
them, so a failing read fails the request as before. Nothing is cached but the compiled SQL.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import MultipleResultsFound

_Processor = Callable[[Any], Any] | None
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    binds: tuple[tuple[str, _Processor], ...]
    columns: tuple[_Processor, ...]


class PreparedRead:
    """A statement returning at most one row, compiled once per dialect (thread-safe)."""

    def __init__(self, statement: AnySelect) -> None:
        self._statement = statement
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def one_or_none(
        self, connection: Connection, parameters: Mapping[str, object]
    ) -> tuple[Any, ...] | None:
        """The row, its values converted by their column types; None without one;
        ``MultipleResultsFound`` with several, as ``Result.one_or_none``."""
        compiled = self._compiled.get(connection.dialect) or self._compile(connection.dialect)
        values = [
            parameters[name] if process is None else process(parameters[name])
            for name, process in compiled.binds
        ]
        arguments: Sequence[object] | Mapping[str, object] = (
            tuple(values)
            if compiled.positional
            else {name: value for (name, _), value in zip(compiled.binds, values, strict=True)}
        )
        # The DBAPI cursor of the connection the session holds: same transaction.
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, arguments)
            rows = cursor.fetchmany(2)
        finally:
            cursor.close()
        if not rows:
            return None
        if len(rows) > 1:
            raise MultipleResultsFound("more than one row for a one-row read")
        return tuple(
            value if process is None else process(value)
            for process, value in zip(compiled.columns, rows[0], strict=True)
        )

    def _compile(self, dialect: Dialect) -> _Compiled:
        with self._lock:
            compiled = self._compiled.get(dialect)
            if compiled is None:
                compiled = self._compiled[dialect] = _compile(self._statement, dialect)
            return compiled


def _compile(statement: AnySelect, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    names = compiled.positiontup if dialect.positional else list(compiled.binds)
    if names is None:
        raise ValueError("a positional dialect without bind positions")
    binds = tuple(
        (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in names
    )
    columns = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    return _Compiled(compiled.string, dialect.positional, binds, columns)
