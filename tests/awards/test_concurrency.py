"""Several workers (threads here, replicas in production) on one database: an award is
created once whatever the races, and status-list indexes never collide."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from badgeservice.app import create_app
from badgeservice.auth.models import Scope
from badgeservice.awards.models import Award
from badgeservice.db import make_sessionmaker, new_id, unit_of_work
from badgeservice.settings import Settings
from tests.conftest import committed_client_credentials
from tests.support.awards import award_body, awardable

WORKERS = 8


@pytest.fixture
def label_id(fresh_engine: Engine) -> str:
    with unit_of_work(make_sessionmaker(fresh_engine)) as session:
        _, label = awardable(session)
        return str(label.badge_class.id)


@pytest.fixture
def clients(settings: Settings, fresh_engine: Engine) -> Iterator[tuple[TestClient, TestClient]]:
    """Two app instances on the same database, as two replicas would be."""
    first = TestClient(create_app(settings, engine=fresh_engine), raise_server_exceptions=False)
    second = TestClient(create_app(settings, engine=fresh_engine), raise_server_exceptions=False)
    with first, second:
        # FastAPI builds some route machinery lazily on first use, under warnings filters
        # that are not thread-safe: warm both apps up before the threads start.
        for app_client in (first, second):
            app_client.get("/healthz")
            app_client.get("/api/v1/awards")
            app_client.post("/api/v1/awards", json={})
        yield first, second


@pytest.fixture
def token(
    clients: tuple[TestClient, TestClient], fresh_engine: Engine, settings: Settings
) -> dict[str, str]:
    client_id, secret = committed_client_credentials(fresh_engine, settings, Scope.AWARDS_WRITE)
    response = clients[0].post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _awards(engine: Engine) -> list[Award]:
    with Session(engine) as session:
        return list(session.scalars(select(Award)).all())


def test_concurrent_replays_of_one_key_create_one_award(
    clients: tuple[TestClient, TestClient],
    token: dict[str, str],
    label_id: str,
    fresh_engine: Engine,
) -> None:
    body = award_body(label_id)
    headers = {**token, "Idempotency-Key": "race-1"}

    def send(n: int) -> tuple[int, bytes, bool]:
        response = clients[n % 2].post("/api/v1/awards", json=body, headers=headers)
        return response.status_code, response.content, "idempotent-replayed" in response.headers

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(send, range(WORKERS * 2)))
    statuses = [status for status, _, _ in results]
    assert set(statuses) <= {201, 409}, statuses
    created = [(content, replayed) for status, content, replayed in results if status == 201]
    assert sum(1 for _, replayed in created if not replayed) == 1
    assert len({content for content, _ in created}) == 1
    assert len(_awards(fresh_engine)) == 1
    # Once the first request is done, every replay gets its answer.
    again = clients[1].post("/api/v1/awards", json=body, headers=headers)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"


def test_concurrent_awards_get_distinct_status_list_indexes(
    clients: tuple[TestClient, TestClient],
    token: dict[str, str],
    label_id: str,
    fresh_engine: Engine,
) -> None:
    def send(n: int) -> int:
        body = award_body(label_id, recipient={"type": "email", "identity": f"p{n}@example.org"})
        response = clients[n % 2].post(
            "/api/v1/awards", json=body, headers={**token, "Idempotency-Key": f"many-{n}"}
        )
        return response.status_code

    with ThreadPoolExecutor(WORKERS) as pool:
        statuses = list(pool.map(send, range(WORKERS * 3)))
    assert statuses == [201] * (WORKERS * 3)
    awards = _awards(fresh_engine)
    assert len(awards) == WORKERS * 3
    assert len({(a.status_list_id, a.status_list_index) for a in awards}) == len(awards)


def test_the_database_refuses_a_second_award_at_the_same_index(
    clients: tuple[TestClient, TestClient],
    token: dict[str, str],
    label_id: str,
    fresh_engine: Engine,
) -> None:
    response = clients[0].post(
        "/api/v1/awards", json=award_body(label_id), headers={**token, "Idempotency-Key": "solo"}
    )
    assert response.status_code == 201
    [award] = _awards(fresh_engine)
    values = {column.key: getattr(award, column.key) for column in Award.__table__.columns}
    values.update(id=new_id(), idempotency_key="another-key")
    with Session(fresh_engine) as session, pytest.raises(IntegrityError):
        session.execute(insert(Award).values(**values))
    with Session(fresh_engine) as session:
        assert session.scalar(select(func.count()).select_from(Award)) == 1
