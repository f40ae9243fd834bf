"""Admin API for issuers: create, read, update, list, with audit events."""

from __future__ import annotations

from fastapi.testclient import TestClient

from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.support.factories import issuer_body


def test_admin_creates_reads_and_updates_an_issuer(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post("/api/v1/issuers", json=issuer_body(), headers=admin_headers)
    assert created.status_code == 201
    body = created.json()
    assert body["slug"] == "labo-test"
    assert body["did"] == "did:web:badges.example.org:issuers:labo-test"
    assert body["links"]["did_document"] == "https://badges.example.org/issuers/labo-test/did.json"
    assert body["name"] == {"fr": "Laboratoire d'essai", "en": "Test lab"}

    fetched = client.get(f"/api/v1/issuers/{body['id']}", headers=admin_headers)
    assert fetched.json() == body

    updated = client.patch(
        f"/api/v1/issuers/{body['id']}",
        json={"email": "bonjour@labo.example.org", "telephone": "+33123456789"},
        headers=admin_headers,
    )
    assert updated.status_code == 200
    assert updated.json()["email"] == "bonjour@labo.example.org"
    assert updated.json()["telephone"] == "+33123456789"
    assert updated.json()["slug"] == "labo-test"

    events = client.get(
        "/api/v1/audit-events", params={"target_id": body["id"]}, headers=admin_headers
    ).json()
    assert [e["action"] for e in events["items"]] == ["issuer.update", "issuer.create"]
    update_event = events["items"][0]
    assert update_event["before"]["email"] == "contact@labo.example.org"
    assert update_event["after"]["email"] == "bonjour@labo.example.org"
    assert update_event["actor"].startswith("client:bsc_")


def test_issuer_slug_is_unique(client: TestClient, admin_headers: dict[str, str]) -> None:
    assert (
        client.post("/api/v1/issuers", json=issuer_body(), headers=admin_headers).status_code == 201
    )
    again = client.post("/api/v1/issuers", json=issuer_body(), headers=admin_headers)
    assert again.status_code == 409
    assert again.json()["type"] == PROBLEM_TYPE_BASE + "conflict"
    assert again.json()["errors"][0]["pointer"] == "/slug"


def test_issuer_slug_cannot_change(client: TestClient, admin_headers: dict[str, str]) -> None:
    created = client.post("/api/v1/issuers", json=issuer_body(), headers=admin_headers).json()
    response = client.patch(
        f"/api/v1/issuers/{created['id']}", json={"slug": "other"}, headers=admin_headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/slug"


def test_issuer_text_with_control_characters_is_refused(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/issuers",
        json=issuer_body(name={"fr": "Labo\u0007", "en": "Lab"}),
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/name/fr"


def test_unknown_issuer_is_404(client: TestClient, admin_headers: dict[str, str]) -> None:
    response = client.get(
        "/api/v1/issuers/00000000-0000-4000-8000-000000000000", headers=admin_headers
    )
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"
