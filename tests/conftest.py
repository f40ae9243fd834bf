"""Shared fixtures: real databases (SQLite, and PostgreSQL when configured) migrated with
Alembic, a rolled-back transaction per test, the ASGI app with a fixed clock, and API clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.app import create_app
from badgeservice.auth import service as auth_service
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import SYSTEM
from badgeservice.clock import FixedClock
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.db import make_engine
from badgeservice.deps import get_sessionmaker, request_session
from badgeservice.keys.ring import KeyRing
from badgeservice.migrate import upgrade
from badgeservice.settings import Environment, Settings
from tests.support.databases import backends, drop_database, new_database_url

TEST_KEK = "dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM"  # 32 bytes, tests only
PUBLIC_URL = "https://badges.example.org"
T0 = datetime(2026, 6, 1, 10, 0, 0, tzinfo=UTC)
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session", params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = new_database_url(backend, tmp_path_factory.mktemp("db"), "suite")
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        transaction = conn.begin()
        yield conn
        transaction.rollback()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    with Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as db_session:
        yield db_session


@pytest.fixture
def factory(connection: Connection) -> sessionmaker[Session]:
    """Units of work as savepoints of the test's transaction, as the app's are in ``app``."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        environment=Environment.TEST,
        database_url=database_url,
        public_url=PUBLIC_URL,
        key_encryption_key=SecretStr(TEST_KEK),
        max_body_bytes=65_536,
        max_upload_bytes=65_536,
    )


@pytest.fixture
def auth_keys(settings: Settings) -> AuthKeys:
    return AuthKeys.derive(settings.kek_bytes())


@pytest.fixture
def key_ring(settings: Settings) -> KeyRing:
    return KeyRing.derive(
        settings.kek_bytes(), vc_jwt_algorithm=KeyAlgorithm(settings.vc_jwt_algorithm)
    )


@pytest.fixture
def app(
    settings: Settings,
    clock: FixedClock,
    engine: Engine,
    factory: sessionmaker[Session],
    session: Session,
) -> FastAPI:
    application = create_app(settings, clock=clock, engine=engine)
    # Units of work opened by the app (idempotency claims, awards) become savepoints of the
    # test's transaction too.
    test_factory = factory

    def test_session() -> Iterator[Session]:
        # Each request runs in a savepoint: kept when the request succeeds, rolled back when it
        # fails (without losing what the test set up before); the test's rollback undoes all.
        savepoint = session.begin_nested()
        try:
            yield session
            savepoint.commit()
        except BaseException:
            savepoint.rollback()
            raise

    application.dependency_overrides[request_session] = test_session
    application.dependency_overrides[get_sessionmaker] = lambda: test_factory
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


TokenFactory = Callable[..., dict[str, str]]


@pytest.fixture
def auth_headers(
    client: TestClient, session: Session, auth_keys: AuthKeys, clock: FixedClock
) -> TokenFactory:
    """Headers with a bearer token for a new client holding ``scopes`` (and ``issuers``)."""

    def make(*scopes: Scope, issuers: list[str] | None = None) -> dict[str, str]:
        created = auth_service.create_client(
            session,
            name="test client",
            scopes=list(scopes),
            issuer_refs=issuers,
            keys=auth_keys,
            actor=SYSTEM,
            now=clock.now(),
        )
        session.flush()
        response = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(created.client.client_id, created.secret),
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return make


@pytest.fixture
def admin_headers(auth_headers: TokenFactory) -> dict[str, str]:
    return auth_headers(Scope.ADMIN)


@pytest.fixture
def fresh_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """A new database of its own, migrated to head, for tests that need real commits."""
    url = new_database_url(backend, tmp_path, "fresh")
    fresh = make_engine(url)
    upgrade(fresh)
    yield fresh
    fresh.dispose()
    drop_database(url)


def committed_client_credentials(
    engine: Engine, settings: Settings, *scopes: Scope
) -> tuple[str, str]:
    """Create an API client with a real commit; returns (client_id, secret)."""
    from badgeservice.db import make_sessionmaker, unit_of_work

    with unit_of_work(make_sessionmaker(engine)) as db_session:
        created = auth_service.create_client(
            db_session,
            name="committed test client",
            scopes=list(scopes),
            issuer_refs=None,
            keys=AuthKeys.derive(settings.kek_bytes()),
            actor=SYSTEM,
            now=T0,
        )
        return created.client.client_id, created.secret
