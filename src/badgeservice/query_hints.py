"""Hints for SQLite's query planner, which plans without statistics of the data.

Without them SQLite guesses how many rows a condition keeps. Given a LIMIT and an index in the
ORDER BY's order, it prefers reading that index in order and testing each row, even when a
condition on another index would keep a handful of rows: for the award list's ``issued_since``
(a sync asks for the last day's awards), that is every award before them read first.
PostgreSQL plans from its statistics and gets the condition alone.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal, _TraverseInternalsType
from sqlalchemy.types import NullType


class _Selective(ColumnElement[Any]):
    # The condition is part of the cache key, with its parameters: a statement compiled once
    # is run again with each call's values.
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 - SQLAlchemy's own attribute
        ("condition", InternalTraversal.dp_clauseelement)
    ]
    inherit_cache = True
    # Not Boolean: SQLAlchemy would write a Boolean element as ``... = 1`` on SQLite, which
    # keeps SQLite from searching an index with the condition inside.
    type = NullType()

    def __init__(self, condition: ColumnElement[bool]) -> None:
        self.condition = condition


def selective(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """``condition``, which the caller expects to keep few rows: SQLite is told so with
    ``unlikely()`` (its index on the condition's column is then searched, and the few rows
    sorted); other backends get the condition as it is."""
    return cast("ColumnElement[bool]", _Selective(condition))


@compiles(_Selective)
def _as_it_is(element: _Selective, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.condition, **kw)


@compiles(_Selective, "sqlite")
def _unlikely(element: _Selective, compiler: SQLCompiler, **kw: Any) -> str:
    return f"unlikely({compiler.process(element.condition, **kw)})"
