"""OAuth 2.0 client credentials, bearer tokens, scopes and issuer restrictions."""

from __future__ import annotations

from datetime import timedelta

import jwt
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth import service as auth_service
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import SYSTEM
from badgeservice.clock import FixedClock
from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.conftest import PUBLIC_URL, TokenFactory
from tests.support.factories import badge_class_body, issuer_body, make_issuer


def _new_client(
    session: Session, auth_keys: AuthKeys, clock: FixedClock, *scopes: Scope
) -> tuple[str, str]:
    created = auth_service.create_client(
        session,
        name="c",
        scopes=list(scopes),
        issuer_refs=None,
        keys=auth_keys,
        actor=SYSTEM,
        now=clock.now(),
    )
    session.flush()
    return created.client.client_id, created.secret


def test_token_with_client_secret_basic(
    client: TestClient, session: Session, auth_keys: AuthKeys, clock: FixedClock
) -> None:
    cid, secret = _new_client(session, auth_keys, clock, Scope.AWARDS_READ)
    response = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(cid, secret)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "awards:read"
    assert body["expires_in"] == 900
    assert response.headers["cache-control"] == "no-store"


def test_token_with_client_secret_post(
    client: TestClient, session: Session, auth_keys: AuthKeys, clock: FixedClock
) -> None:
    cid, secret = _new_client(session, auth_keys, clock, Scope.AWARDS_READ, Scope.AWARDS_WRITE)
    response = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": cid,
            "client_secret": secret,
            "scope": "awards:read",
        },
    )
    assert response.status_code == 200
    assert response.json()["scope"] == "awards:read"


def test_token_refused_with_wrong_secret(
    client: TestClient, session: Session, auth_keys: AuthKeys, clock: FixedClock
) -> None:
    cid, _ = _new_client(session, auth_keys, clock, Scope.ADMIN)
    response = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(cid, "wrong")
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")


def test_token_refused_for_unknown_grant_and_scope(
    client: TestClient, session: Session, auth_keys: AuthKeys, clock: FixedClock
) -> None:
    cid, secret = _new_client(session, auth_keys, clock, Scope.AWARDS_READ)
    grant = client.post("/oauth/token", data={"grant_type": "password"}, auth=(cid, secret))
    assert grant.status_code == 400
    assert grant.json()["error"] == "unsupported_grant_type"
    scope = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "admin"},
        auth=(cid, secret),
    )
    assert scope.status_code == 400
    assert scope.json()["error"] == "invalid_scope"
    missing = client.post("/oauth/token", data={}, auth=(cid, secret))
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"


def test_missing_token_is_401_with_www_authenticate(client: TestClient) -> None:
    response = client.get("/api/v1/issuers")
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_forged_token_is_401(client: TestClient) -> None:
    forged = jwt.encode(
        {
            "iss": PUBLIC_URL,
            "aud": "badgeservice-api",
            "sub": "bsc_x",
            "scope": "admin",
            "iat": 0,
            "exp": 4_000_000_000,
        },
        b"not-the-key-not-the-key-not-the-key!",
        algorithm="HS256",
    )
    response = client.get("/api/v1/issuers", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_unsigned_token_is_401(client: TestClient, admin_headers: dict[str, str]) -> None:
    real = admin_headers["Authorization"].split()[1]
    claims = jwt.decode(real, options={"verify_signature": False})
    unsigned = jwt.encode(claims, key=None, algorithm="none")  # type: ignore[arg-type]  # alg none on purpose
    response = client.get("/api/v1/issuers", headers={"Authorization": f"Bearer {unsigned}"})
    assert response.status_code == 401


def test_expired_token_is_401(
    client: TestClient, admin_headers: dict[str, str], clock: FixedClock
) -> None:
    assert client.get("/api/v1/issuers", headers=admin_headers).status_code == 200
    clock.set(clock.now() + timedelta(minutes=16))
    response = client.get("/api/v1/issuers", headers=admin_headers)
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "unauthorized"


def test_token_refused_once_its_client_is_disabled(
    client: TestClient,
    session: Session,
    auth_keys: AuthKeys,
    clock: FixedClock,
    admin_headers: dict[str, str],
) -> None:
    cid, secret = _new_client(session, auth_keys, clock, Scope.ISSUERS_WRITE)
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(cid, secret)
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get("/api/v1/issuers", headers=headers).status_code == 200
    disabled = client.post(f"/api/v1/clients/{cid}/disable", headers=admin_headers)
    assert disabled.status_code == 200
    assert disabled.json()["status"] == "disabled"
    assert client.get("/api/v1/issuers", headers=headers).status_code == 401
    again = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(cid, secret)
    )
    assert again.status_code == 401


def test_route_refuses_a_token_without_its_scope(
    client: TestClient, auth_headers: TokenFactory
) -> None:
    headers = auth_headers(Scope.AWARDS_READ)
    response = client.post("/api/v1/issuers", json=issuer_body(), headers=headers)
    assert response.status_code == 403
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "forbidden"
    assert client.get("/api/v1/clients", headers=headers).status_code == 403
    assert client.get("/api/v1/audit-events", headers=headers).status_code == 403


def test_client_limited_to_issuer_a_gets_403_on_issuer_b(
    client: TestClient, session: Session, auth_headers: TokenFactory
) -> None:
    issuer_a = make_issuer(session, slug="issuer-a")
    issuer_b = make_issuer(session, slug="issuer-b")
    headers = auth_headers(Scope.ISSUERS_WRITE, Scope.BADGE_CLASSES_WRITE, issuers=["issuer-a"])

    assert client.get(f"/api/v1/issuers/{issuer_a.id}", headers=headers).status_code == 200
    forbidden = client.get(f"/api/v1/issuers/{issuer_b.id}", headers=headers)
    assert forbidden.status_code == 403
    assert forbidden.json()["type"] == PROBLEM_TYPE_BASE + "forbidden"
    assert (
        client.patch(
            f"/api/v1/issuers/{issuer_b.id}", json={"url": "https://x.example"}, headers=headers
        ).status_code
        == 403
    )
    created_b = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer_b.id)), headers=headers
    )
    assert created_b.status_code == 403
    created_a = client.post(
        "/api/v1/badge-classes", json=badge_class_body(str(issuer_a.id)), headers=headers
    )
    assert created_a.status_code == 201
    listed = client.get("/api/v1/issuers", headers=headers).json()["items"]
    assert [i["slug"] for i in listed] == ["issuer-a"]
    # A restricted client cannot create new issuers either.
    assert (
        client.post(
            "/api/v1/issuers", json=issuer_body(slug="issuer-c"), headers=headers
        ).status_code
        == 403
    )


def test_admin_manages_clients_and_secret_is_shown_once(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/clients",
        json={"name": "ERO", "scopes": ["awards:write", "awards:read"]},
        headers=admin_headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["client_secret"]
    listed = client.get("/api/v1/clients", headers=admin_headers).json()["items"]
    ero = next(c for c in listed if c["client_id"] == body["client_id"])
    assert "client_secret" not in ero
    assert ero["scopes"] == ["awards:write", "awards:read"]
    token = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(body["client_id"], body["client_secret"]),
    )
    assert token.status_code == 200


def test_client_creation_refuses_unknown_scope_with_pointer(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/clients",
        json={"name": "x", "scopes": ["awards:write", "root"]},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/scopes/1"
