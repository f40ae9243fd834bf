"""Revoking an award reaches every format at once and cannot be undone."""

from __future__ import annotations

import json
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.awards.documents import signed_assertion_id
from badgeservice.formats.data_integrity import verify_proof
from badgeservice.formats.status_list import read_status
from badgeservice.problems import PROBLEM_TYPE_BASE
from tests.conftest import TokenFactory
from tests.support.awards import award_body, awardable
from tests.support.resolve import ed25519_key, fetch_json, local_path


@pytest.fixture
def issued(client: TestClient, session: Session, auth_headers: TokenFactory) -> dict[str, object]:
    _, label = awardable(session)
    response = client.post(
        "/api/v1/awards",
        json=award_body(str(label.badge_class.id)),
        headers={**auth_headers(Scope.AWARDS_WRITE), "Idempotency-Key": "rev-1"},
    )
    assert response.status_code == 201, response.text
    award: dict[str, object] = response.json()
    return award


@pytest.fixture
def revoker(auth_headers: TokenFactory) -> dict[str, str]:
    return auth_headers(Scope.AWARDS_REVOKE, Scope.AWARDS_READ)


def _links(award: dict[str, object]) -> dict[str, str]:
    links = award["links"]
    assert isinstance(links, dict)
    return links


def _status(client: TestClient, award: dict[str, object]) -> tuple[dict[str, object], int]:
    credential = fetch_json(client, _links(award)["ob3"])
    entry = credential["credentialStatus"]
    assert isinstance(entry, dict)
    status_list = fetch_json(client, str(entry["statusListCredential"]))
    subject = status_list["credentialSubject"]
    assert isinstance(subject, dict)
    return status_list, read_status(subject, int(str(entry["statusListIndex"])))


def test_revocation_reaches_every_format(
    client: TestClient, issued: dict[str, object], revoker: dict[str, str]
) -> None:
    links = _links(issued)
    hosted_before = client.get(local_path(links["ob2_hosted"]))
    list_before, bit_before = _status(client, issued)
    assert bit_before == 0

    response = client.post(
        f"/api/v1/awards/{issued['id']}/revoke",
        json={"reason": "Critères non remplis"},
        headers=revoker,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "revoked"
    assert response.json()["revocation_reason"] == "Critères non remplis"

    hosted = client.get(local_path(links["ob2_hosted"]))
    assert hosted.status_code == 410
    assert json.loads(hosted.content) == {
        "@context": "https://w3id.org/openbadges/v2",
        "id": links["ob2_hosted"],
        "revoked": True,
        "revocationReason": "Critères non remplis",
    }
    assert hosted.headers.get("etag") != hosted_before.headers["etag"]

    status_list, bit = _status(client, issued)
    assert bit == 1
    assert status_list["proof"] != list_before["proof"]
    assert verify_proof(status_list, public_key_for=lambda vm: ed25519_key(client, vm)).ok

    badge_class = fetch_json(client, str(json.loads(hosted_before.content)["badge"]))
    issuer_profile = fetch_json(client, str(badge_class["issuer"]))
    revocations = fetch_json(client, str(issuer_profile["revocationList"]))
    signed_id = signed_assertion_id(uuid.UUID(str(issued["id"])))
    assert revocations["revokedAssertions"] == [
        {"id": signed_id, "revocationReason": "Critères non remplis"}
    ]


def test_revocation_is_irreversible_and_audited(
    client: TestClient,
    issued: dict[str, object],
    revoker: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    url = f"/api/v1/awards/{issued['id']}/revoke"
    assert client.post(url, json={"reason": "doublon"}, headers=revoker).status_code == 200
    again = client.post(url, json={"reason": "encore"}, headers=revoker)
    assert again.status_code == 409
    assert again.json()["type"] == PROBLEM_TYPE_BASE + "conflict"
    events = client.get(
        "/api/v1/audit-events", params={"target_id": str(issued["id"])}, headers=admin_headers
    )
    [event] = events.json()["items"]
    assert event["action"] == "award.revoke"
    assert event["before"]["revoked_at"] is None
    assert event["after"]["revocation_reason"] == "doublon"


def test_revocation_needs_a_reason_and_the_revoke_scope(
    client: TestClient,
    issued: dict[str, object],
    auth_headers: TokenFactory,
    revoker: dict[str, str],
) -> None:
    url = f"/api/v1/awards/{issued['id']}/revoke"
    blank = client.post(url, json={"reason": "   "}, headers=revoker)
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["pointer"] == "/reason"
    writer = auth_headers(Scope.AWARDS_WRITE)
    forbidden = client.post(url, json={"reason": "x"}, headers=writer)
    assert forbidden.status_code == 403
    assert forbidden.json()["type"] == PROBLEM_TYPE_BASE + "forbidden"
    unknown = client.post(
        "/api/v1/awards/00000000-0000-4000-8000-000000000000/revoke",
        json={"reason": "x"},
        headers=revoker,
    )
    assert unknown.status_code == 404


def test_revoked_awards_are_listed_only_on_request(
    client: TestClient, issued: dict[str, object], revoker: dict[str, str]
) -> None:
    client.post(f"/api/v1/awards/{issued['id']}/revoke", json={"reason": "x"}, headers=revoker)
    default = client.get("/api/v1/awards", headers=revoker).json()
    assert default["items"] == []
    everything = client.get(
        "/api/v1/awards", params={"include_revoked": True}, headers=revoker
    ).json()
    assert [a["id"] for a in everything["items"]] == [issued["id"]]
    assert everything["items"][0]["status"] == "revoked"
