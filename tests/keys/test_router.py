"""Admin API for signing keys: list (public parts only), rotate, revoke; scope and issuer checks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.issuers.models import Issuer
from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.conftest import PUBLIC_URL, TokenFactory
from tests.support.factories import make_issuer

FORBIDDEN = PROBLEM_TYPE_BASE + "forbidden"


@pytest.fixture
def issuer(session: Session) -> Issuer:
    return make_issuer(session)


def _keys_url(issuer: Issuer) -> str:
    return f"/api/v1/issuers/{issuer.id}/keys"


def test_admin_lists_public_parts_of_the_issuer_keys(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    response = client.get(_keys_url(issuer), headers=admin_headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(k["algorithm"], k["purpose"], k["status"]) for k in items] == [
        ("Ed25519", "data-integrity", "active"),
        ("RS256", "jws", "active"),
    ]
    did = "did:web:badges.example.org:issuers:labo-test"
    ed, rsa = items
    assert ed["verification_method"] == f"{did}#{ed['kid']}"
    assert ed["public_key_jwk"]["kty"] == "OKP"
    assert ed["key_url"] is None
    assert rsa["key_url"] == f"{PUBLIC_URL}/ob2/issuers/{issuer.id}/keys/{rsa['kid']}"
    assert set(rsa["public_key_jwk"]) == {"kty", "n", "e"}
    assert "envelope" not in response.text
    assert "PRIVATE" not in response.text


def test_rotation_through_the_api_retires_and_creates_keys(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    before = client.get(_keys_url(issuer), headers=admin_headers).json()["items"]
    response = client.post(_keys_url(issuer) + "/rotate", headers=admin_headers)
    assert response.status_code == 200
    body = response.json()
    assert [k["kid"] for k in body["retired"]] == [k["kid"] for k in before]
    assert all(k["status"] == "retired" for k in body["retired"])
    assert [k["algorithm"] for k in body["created"]] == ["Ed25519", "RS256"]
    listed = client.get(_keys_url(issuer), headers=admin_headers).json()["items"]
    assert [k["status"] for k in listed] == ["retired", "retired", "active", "active"]

    events = client.get(
        "/api/v1/audit-events", params={"action": "signing_key.retire"}, headers=admin_headers
    ).json()["items"]
    assert {e["target_id"] for e in events} == {k["id"] for k in before}
    assert all(e["actor"].startswith("client:bsc_") for e in events)


def test_revocation_through_the_api_needs_a_reason(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    kid = client.get(_keys_url(issuer), headers=admin_headers).json()["items"][1]["kid"]
    url = f"{_keys_url(issuer)}/{kid}/revoke"
    missing = client.post(url, json={}, headers=admin_headers)
    assert missing.status_code == 422
    assert missing.json()["type"] == PROBLEM_TYPE_BASE + "invalid-request"
    assert missing.json()["errors"][0]["pointer"] == "/reason"
    blank = client.post(url, json={"reason": "   "}, headers=admin_headers)
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["pointer"] == "/reason"
    not_json = client.post(url, content=b"reason=leak", headers=admin_headers)
    assert not_json.status_code == 415
    assert not_json.json()["type"] == PROBLEM_TYPE_BASE + "unsupported-media-type"


def test_revocation_through_the_api_replaces_an_active_key(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    kid = client.get(_keys_url(issuer), headers=admin_headers).json()["items"][1]["kid"]
    response = client.post(
        f"{_keys_url(issuer)}/{kid}/revoke", json={"reason": "leaked"}, headers=admin_headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["revoked"]["status"] == "revoked"
    assert body["revoked"]["revocation_reason"] == "leaked"
    assert body["replacement"]["algorithm"] == "RS256"
    assert body["replacement"]["status"] == "active"

    again = client.post(
        f"{_keys_url(issuer)}/{kid}/revoke", json={"reason": "again"}, headers=admin_headers
    )
    assert again.status_code == 409
    assert again.json()["type"] == PROBLEM_TYPE_BASE + "conflict"

    events = client.get(
        "/api/v1/audit-events", params={"target_id": body["revoked"]["id"]}, headers=admin_headers
    ).json()["items"]
    assert [e["action"] for e in events] == ["signing_key.revoke", "signing_key.create"]
    assert events[0]["after"]["revocation_reason"] == "leaked"


def test_revoking_an_unknown_kid_is_not_found(
    client: TestClient, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    response = client.post(
        f"{_keys_url(issuer)}/key-00000000/revoke", json={"reason": "x"}, headers=admin_headers
    )
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"


def test_keys_of_an_unknown_issuer_are_not_found(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.get(
        "/api/v1/issuers/00000000-0000-4000-8000-000000000000/keys", headers=admin_headers
    )
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("POST", "/rotate", None),
        ("POST", "/{kid}/revoke", {"reason": "leaked"}),
    ],
    ids=["list", "rotate", "revoke"],
)
def test_keys_api_needs_the_admin_scope(
    client: TestClient,
    auth_headers: TokenFactory,
    admin_headers: dict[str, str],
    issuer: Issuer,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    kid = client.get(_keys_url(issuer), headers=admin_headers).json()["items"][0]["kid"]
    writer = auth_headers(Scope.ISSUERS_WRITE, Scope.AWARDS_WRITE)
    url = _keys_url(issuer) + path.format(kid=kid)
    response = client.request(method, url, json=body, headers=writer)
    assert response.status_code == 403
    assert response.json()["type"] == FORBIDDEN
    assert client.get(_keys_url(issuer), headers=admin_headers).json()["items"][0]["kid"] == kid


def test_keys_api_respects_the_client_issuer_restriction(
    client: TestClient, auth_headers: TokenFactory, session: Session, issuer: Issuer
) -> None:
    other = make_issuer(session, slug="autre-labo")
    restricted = auth_headers(Scope.ADMIN, issuers=[issuer.slug])
    own = client.post(_keys_url(issuer) + "/rotate", headers=restricted)
    assert own.status_code == 200
    for response in (
        client.get(_keys_url(other), headers=restricted),
        client.post(_keys_url(other) + "/rotate", headers=restricted),
    ):
        assert response.status_code == 403
        assert response.json()["type"] == FORBIDDEN


def test_keys_api_needs_a_token(client: TestClient, issuer: Issuer) -> None:
    response = client.get(_keys_url(issuer))
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "unauthorized"
