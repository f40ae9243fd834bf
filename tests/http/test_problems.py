"""Every error is an RFC 9457 problem with a stable type, a pointer for invalid fields,
and never a stack trace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from badgeservice.app import create_app
from badgeservice.auth.models import Scope
from badgeservice.issuers.models import Issuer
from badgeservice.problems import PROBLEM_TYPE_BASE
from badgeservice.settings import Settings
from tests.conftest import committed_client_credentials
from tests.support.factories import issuer_body

PROBLEM = "application/problem+json"


def assert_problem(response_status: int, body: dict[str, object], slug: str) -> None:
    assert body["type"] == PROBLEM_TYPE_BASE + slug
    assert body["status"] == response_status
    assert isinstance(body["title"], str)
    assert isinstance(body["detail"], str)
    assert isinstance(body["instance"], str)


def test_unknown_route_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert_problem(404, response.json(), "not-found")
    assert response.json()["instance"] == "/nowhere"


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert_problem(405, response.json(), "method-not-allowed")


def test_non_json_body_is_a_415_problem(client: TestClient, admin_headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/issuers",
        content=b"slug=x",
        headers={**admin_headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415
    assert_problem(415, response.json(), "unsupported-media-type")


def test_oversize_body_is_a_413_problem(client: TestClient, admin_headers: dict[str, str]) -> None:
    big = b'{"slug": "' + b"a" * 70_000 + b'"}'
    response = client.post(
        "/api/v1/issuers",
        content=big,
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert_problem(413, response.json(), "payload-too-large")


def test_oversize_chunked_body_is_a_413_problem(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"slug": "'
        for _ in range(20):
            yield b"a" * 5_000
        yield b'"}'

    response = client.post(
        "/api/v1/issuers",
        content=chunks(),
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert_problem(413, response.json(), "payload-too-large")


def test_malformed_json_is_a_400_problem_with_a_pointer(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/issuers",
        content=b'{"slug": "x",',
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    body = response.json()
    assert_problem(400, body, "malformed-request")
    assert body["errors"][0]["pointer"] == ""


def test_invalid_field_is_a_422_problem_pointing_at_it(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/issuers",
        json=issuer_body(email="not-an-email", name={"fr": "", "en": "Lab"}),
        headers=admin_headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert_problem(422, body, "invalid-request")
    pointers = {e["pointer"] for e in body["errors"]}
    assert pointers == {"/email", "/name/fr"}


def test_problem_detail_follows_accept_language(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    english = client.get("/nowhere")
    french = client.get("/nowhere", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert english.json()["detail"].startswith("No resource")
    assert french.json()["detail"].startswith("Aucune ressource")
    assert english.json()["type"] == french.json()["type"]
    assert english.json()["title"] == french.json()["title"]


def test_unexpected_error_is_a_500_problem_without_trace(app: FastAPI, client: TestClient) -> None:
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/test-boom", boom)
    response = client.get("/test-boom")
    assert response.status_code == 500
    body = response.json()
    assert_problem(500, body, "internal-error")
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["request_id"] in body["detail"]


@pytest.fixture
def committing_client(settings: Settings, fresh_engine: Engine) -> Iterator[TestClient]:
    """The app with its real unit of work (no test savepoint), on a database of its own."""
    application = create_app(settings, engine=fresh_engine)
    with TestClient(application, raise_server_exceptions=False) as test_client:
        yield test_client


def test_failed_commit_returns_a_problem_and_writes_nothing(
    committing_client: TestClient, fresh_engine: Engine, settings: Settings
) -> None:
    client_id, secret = committed_client_credentials(fresh_engine, settings, Scope.ADMIN)
    token = committing_client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    ).json()["access_token"]
    admin_headers_committed = {"Authorization": f"Bearer {token}"}

    def fail(_: Session) -> None:
        raise RuntimeError("disk full")

    event.listen(Session, "before_commit", fail)
    try:
        response = committing_client.post(
            "/api/v1/issuers",
            json=issuer_body(slug="never-written"),
            headers=admin_headers_committed,
        )
    finally:
        event.remove(Session, "before_commit", fail)
    assert response.status_code == 500
    assert_problem(500, response.json(), "internal-error")
    with Session(fresh_engine) as check:
        count = check.scalar(
            select(func.count()).select_from(Issuer).where(Issuer.slug == "never-written")
        )
    assert count == 0
