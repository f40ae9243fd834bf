"""The award list pages through every award once, in (created_at, id) order, and on SQLite
reads a page in that order from an index instead of sorting every matching award."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Select, event
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.auth.principal import SYSTEM
from badgeservice.awards.issuance import issue_once
from badgeservice.awards.models import Award
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext, AwardFilters, list_awards, list_statement
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.pagination import Page
from badgeservice.settings import Settings
from tests.conftest import T0
from tests.support.awards import award_body, award_context, awardable, render_award


def _issue(
    factory: sessionmaker[Session],
    context: AwardContext,
    label: BadgeClassView,
    key: str,
    **body: object,
) -> None:
    outcome = issue_once(
        factory,
        data=AwardCreate.model_validate(
            award_body(
                str(label.badge_class.id),
                recipient={"type": "email", "identity": f"{key}@example.org"},
                **body,
            )
        ),
        idempotency_key=key,
        context=context,
        render=render_award,
    )
    assert outcome.status == 201


def _page(
    session: Session,
    context: AwardContext,
    filters: AwardFilters,
    *,
    cursor: str | None = None,
    limit: int = 10,
) -> Page[Award]:
    return list_awards(
        session,
        filters=filters,
        actor=SYSTEM,
        recipient_lookup_key=context.recipient_lookup_key,
        now=T0,
        cursor=cursor,
        limit=limit,
    )


def test_pages_hold_every_award_once_in_creation_order(
    factory: sessionmaker[Session], session: Session, settings: Settings
) -> None:
    _issuer, label = awardable(session)
    context = award_context(settings, SYSTEM)
    # Several awards at one instant (ordered by id), others later.
    offsets = [0, 0, 0, 1, 2, 2, 5]
    for n, seconds in enumerate(offsets):
        at = dataclasses.replace(context, now=T0 + timedelta(seconds=seconds))
        _issue(factory, at, label, f"list-{n}")
    seen: list[tuple[datetime, uuid.UUID]] = []
    cursor = None
    pages = 0
    while True:
        page = _page(session, context, AwardFilters(), cursor=cursor, limit=2)
        seen += [(award.created_at, award.id) for award in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(offsets)
    assert seen == sorted(seen)
    assert len(set(seen)) == len(seen)
    assert [at - T0 for at, _ in seen] == [timedelta(seconds=s) for s in offsets]
    assert pages == 4


def test_issued_since_keeps_the_awards_issued_from_then_whatever_was_asked_before(
    factory: sessionmaker[Session], session: Session, settings: Settings
) -> None:
    """Each call's date is the one applied, though SQLAlchemy compiles the statement once."""
    _issuer, label = awardable(session)
    context = award_context(settings, SYSTEM)
    for n, issued_on in enumerate(["2026-01-01", "2026-03-01", "2026-05-01"]):
        _issue(factory, context, label, f"since-{n}", issued_on=f"{issued_on}T00:00:00Z")

    def issued_since(day: str) -> list[str]:
        since = datetime.fromisoformat(f"{day}T00:00:00+00:00")
        page = _page(session, context, AwardFilters(issued_since=since))
        return [award.issued_on.date().isoformat() for award in page.items]

    assert issued_since("2026-02-01") == ["2026-03-01", "2026-05-01"]
    assert issued_since("2026-04-01") == ["2026-05-01"]
    assert issued_since("2025-12-01") == ["2026-01-01", "2026-03-01", "2026-05-01"]
    assert issued_since("2026-06-01") == []


_ISSUER = uuid.UUID("0190a6f2-0000-7000-8000-000000000001")
_AFTER = (T0, uuid.UUID("0190a6f2-0000-7000-8000-000000000002"))


@pytest.mark.parametrize(
    ("issuer_ids", "after", "index"),
    [
        (None, None, "ix_awards_created_at_id"),
        (None, _AFTER, "ix_awards_created_at_id"),
        (frozenset({_ISSUER}), None, "ix_awards_issuer_created_at_id"),
        (frozenset({_ISSUER}), _AFTER, "ix_awards_issuer_created_at_id"),
    ],
    ids=["all", "all after a cursor", "one issuer", "one issuer after a cursor"],
)
def test_sqlite_reads_a_page_in_order_from_an_index(
    session: Session,
    issuer_ids: frozenset[uuid.UUID] | None,
    after: tuple[datetime, uuid.UUID] | None,
    index: str,
) -> None:
    details = _sqlite_plan(
        session,
        list_statement(
            AwardFilters(),
            issuer_ids=issuer_ids,
            recipient_lookup=None,
            now=T0,
            after=after,
            limit=51,
        ),
    )
    assert any(index in detail for detail in details), details
    assert not any("TEMP B-TREE" in detail for detail in details), details


def test_sqlite_searches_the_awards_issued_since_on_their_index(session: Session) -> None:
    """Not every award before them read in order (``query_hints.selective``)."""
    details = _sqlite_plan(
        session,
        list_statement(
            AwardFilters(issued_since=T0),
            issuer_ids=None,
            recipient_lookup=None,
            now=T0,
            after=None,
            limit=51,
        ),
    )
    assert any("ix_awards_issued_on_id (issued_on>?)" in detail for detail in details), details


def _sqlite_plan(session: Session, stmt: Select[Award]) -> list[str]:
    """SQLite's plan for the statement as the session sends it (SQL and parameters)."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    connection = session.connection()
    executed: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        executed.append((args[2], args[3]))  # the statement and parameters sent to SQLite

    event.listen(connection, "before_cursor_execute", capture)
    try:
        session.execute(stmt).all()
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    [(sql, parameters)] = executed
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return [str(row[3]) for row in driver.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]
