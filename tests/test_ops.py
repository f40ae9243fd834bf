"""Probes and logs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth import service as auth_service
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import SYSTEM
from badgeservice.clock import FixedClock
from badgeservice.logging_setup import configure_logging


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok"}


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 16
    kept = client.get("/healthz", headers={"X-Request-Id": "ero-trace-0001"})
    assert kept.headers["x-request-id"] == "ero-trace-0001"
    refused = client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert refused.headers["x-request-id"] != "bad id with spaces"


def test_logs_are_json_and_never_hold_the_client_secret(
    client: TestClient,
    session: Session,
    auth_keys: AuthKeys,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    created = auth_service.create_client(
        session,
        name="x",
        scopes=[Scope.ADMIN],
        issuer_refs=None,
        keys=auth_keys,
        actor=SYSTEM,
        now=clock.now(),
    )
    session.flush()
    configure_logging(level="INFO", json=True)
    capsys.readouterr()
    response = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created.client.client_id,
            "client_secret": created.secret,
        },
    )
    assert response.status_code == 200
    logged = capsys.readouterr().err
    assert '"event":"request"' in logged
    assert '"path":"/oauth/token"' in logged
    assert created.secret not in logged
    assert response.json()["access_token"] not in logged
