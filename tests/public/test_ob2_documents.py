"""OB 2.0 public documents: Issuer Profile, CryptographicKey, RevocationList, BadgeClass
(latest and per version), with JSON-LD content negotiation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.principal import SYSTEM
from badgeservice.crypto.keypairs import public_key_from_pem
from badgeservice.formats.ob2_documents import (
    OB2_CONTEXT,
    AssertionInput,
    RecipientInput,
    RecipientKind,
    signed_assertion,
)
from badgeservice.formats.ob2_signed import (
    SignedAssertionError,
    sign_assertion,
    unverified_assertion,
    verify_signed_assertion,
)
from badgeservice.issuers.models import Issuer
from badgeservice.keys import service
from badgeservice.keys.models import KeyPurpose
from badgeservice.problems import PROBLEM_TYPE_BASE
from badgeservice.urls import Urls
from tests.conftest import PUBLIC_URL
from tests.support.factories import NOW, TEST_KEY_RING, make_badge_class, make_issuer

URLS = Urls(PUBLIC_URL)


@pytest.fixture
def issuer(session: Session) -> Issuer:
    return make_issuer(session, telephone="+33123456789")


def _path(url: str) -> str:
    assert url.startswith(PUBLIC_URL)
    return url.removeprefix(PUBLIC_URL)


def _get_json(client: TestClient, url: str) -> dict[str, object]:
    response = client.get(_path(url))
    assert response.status_code == 200, response.text
    document: dict[str, object] = response.json()
    return document


def _rsa_key(session: Session, issuer: Issuer) -> service.LoadedKey:
    return service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=KeyPurpose.JWS
    )


def _signed_badge(session: Session, issuer: Issuer) -> str:
    """A signed OB 2.0 assertion as the award work will make it: creator = the key URL."""
    key = _rsa_key(session, issuer)
    assert key.key_url is not None
    assert isinstance(key.private_key, rsa.RSAPrivateKey)
    assertion = signed_assertion(
        AssertionInput(
            id=f"urn:uuid:{uuid.uuid4()}",
            recipient=RecipientInput(RecipientKind.EMAIL, "ana@example.org", salt="sel"),
            badge=f"{PUBLIC_URL}/ob2/badge-classes/{uuid.uuid4()}/versions/1",
            issued_on=datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
        ),
        creator=key.key_url,
    )
    return sign_assertion(assertion, private_key=key.private_key)


def _verify_as_ob2_validator(client: TestClient, token: str) -> dict[str, object]:
    """VAL2's path (FACTS §1.3): fetch ``verification.creator``, check the issuer lists it in
    ``publicKey``, verify RS256 with its ``publicKeyPem`` only."""
    creator = unverified_assertion(token)["verification"]["creator"]  # type: ignore[index]
    key_document = _get_json(client, creator)
    profile = _get_json(client, str(key_document["owner"]))
    assert creator in profile["publicKey"]  # type: ignore[operator]
    public_key = public_key_from_pem(str(key_document["publicKeyPem"]))
    assert isinstance(public_key, rsa.RSAPublicKey)
    return verify_signed_assertion(token, public_key=public_key)


def test_issuer_profile_has_name_url_email_public_key_and_revocation_list(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    key = _rsa_key(session, issuer)
    response = client.get(f"/ob2/issuers/{issuer.id}")
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json() == {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": f"{PUBLIC_URL}/ob2/issuers/{issuer.id}",
        "name": "Laboratoire d'essai",
        "url": "https://labo.example.org",
        "email": "contact@labo.example.org",
        "telephone": "+33123456789",
        "description": "Un laboratoire.",
        "publicKey": [key.key_url],
        "revocationList": f"{PUBLIC_URL}/ob2/issuers/{issuer.id}/revocations",
    }


def test_issuer_profile_and_its_key_point_at_each_other(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    key = _rsa_key(session, issuer)
    assert key.key_url is not None
    key_document = _get_json(client, key.key_url)
    assert key_document["type"] == "CryptographicKey"
    assert key_document["id"] == key.key_url
    assert key_document["owner"] == URLS.ob2_issuer(issuer.id)
    assert str(key_document["publicKeyPem"]).startswith("-----BEGIN PUBLIC KEY-----")
    assert key.key_url in _get_json(client, URLS.ob2_issuer(issuer.id))["publicKey"]  # type: ignore[operator]


def test_signed_badge_verifies_with_only_the_published_crypto_key(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    token = _signed_badge(session, issuer)
    assert _verify_as_ob2_validator(client, token)["type"] == "Assertion"


def test_tampered_signed_badge_fails_with_the_published_crypto_key(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    header, payload, signature = _signed_badge(session, issuer).split(".")
    other = _signed_badge(session, issuer).split(".")[1]
    assert other != payload
    with pytest.raises(SignedAssertionError):
        _verify_as_ob2_validator(client, f"{header}.{other}.{signature[:-4]}AAAA")
    with pytest.raises(SignedAssertionError):
        _verify_as_ob2_validator(client, f"{header}.{other}.{signature}")


def test_signed_badge_of_another_issuer_key_fails_with_this_crypto_key(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    genuine = _signed_badge(session, issuer)
    forged = _signed_badge(session, make_issuer(session, slug="autre"))
    header, payload, _ = genuine.split(".")
    # This issuer's assertion (creator = its key) with a signature made by another issuer's key.
    with pytest.raises(SignedAssertionError):
        _verify_as_ob2_validator(client, f"{header}.{payload}.{forged.split('.')[2]}")


def test_retired_key_still_verifies_what_it_signed_after_rotation(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    old_token = _signed_badge(session, issuer)
    old_key = _rsa_key(session, issuer)
    service.rotate_keys(session, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=NOW)
    new_key = _rsa_key(session, issuer)
    assert new_key.kid != old_key.kid
    assert _get_json(client, URLS.ob2_issuer(issuer.id))["publicKey"] == [
        old_key.key_url,
        new_key.key_url,
    ]
    assert _verify_as_ob2_validator(client, old_token)["type"] == "Assertion"
    assert _verify_as_ob2_validator(client, _signed_badge(session, issuer))["type"] == "Assertion"


def test_revoked_key_is_gone_and_what_it_signed_no_longer_verifies(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    token = _signed_badge(session, issuer)
    key = _rsa_key(session, issuer)
    assert key.key_url is not None
    service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer.id,
        kid=key.kid,
        reason="leaked",
        actor=SYSTEM,
        now=NOW,
    )
    # An error response rolls the request's session back: keep the setup out of its reach.
    session.commit()
    gone = client.get(_path(key.key_url))
    assert gone.status_code == 410
    assert gone.json()["type"] == PROBLEM_TYPE_BASE + "gone"
    profile = _get_json(client, URLS.ob2_issuer(issuer.id))
    assert key.key_url not in profile["publicKey"]  # type: ignore[operator]
    assert len(profile["publicKey"]) == 1  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        _verify_as_ob2_validator(client, token)


def test_ed25519_key_is_not_an_ob2_crypto_key(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    ed = service.active_key(
        session,
        ring=TEST_KEY_RING,
        urls=URLS,
        issuer_id=issuer.id,
        purpose=KeyPurpose.DATA_INTEGRITY,
    )
    response = client.get(f"/ob2/issuers/{issuer.id}/keys/{ed.kid}")
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"


def test_revocation_list_resolves_empty(client: TestClient, issuer: Issuer) -> None:
    document = _get_json(client, URLS.ob2_revocation_list(issuer.id))
    assert document == {
        "@context": OB2_CONTEXT,
        "type": "RevocationList",
        "id": URLS.ob2_revocation_list(issuer.id),
        "issuer": URLS.ob2_issuer(issuer.id),
        "revokedAssertions": [],
    }


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/ld+json"),
        ("*/*", "application/ld+json"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/json"),
        ("application/json, */*;q=0.1", "application/json"),
        ("application/ld+json;q=0.5, application/json", "application/json"),
        ("application/json;q=0.5, application/*", "application/ld+json"),
        ("text/html", "application/ld+json"),
    ],
)
def test_ob2_documents_are_json_ld_unless_the_client_prefers_plain_json(
    client: TestClient, issuer: Issuer, accept: str | None, media_type: str
) -> None:
    headers = {} if accept is None else {"Accept": accept}
    response = client.get(f"/ob2/issuers/{issuer.id}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["vary"] == "Accept"
    assert response.json()["type"] == "Issuer"


def test_unknown_issuer_profile_is_not_found(client: TestClient) -> None:
    response = client.get("/ob2/issuers/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"


def test_badge_class_versions_are_documents_of_their_own_after_an_edit(
    client: TestClient, session: Session, admin_headers: dict[str, str], issuer: Issuer
) -> None:
    view = make_badge_class(session, issuer)
    badge_id = view.badge_class.id
    edited = client.patch(
        f"/api/v1/badge-classes/{badge_id}",
        json={"name": {"fr": "Faiseuse confirmée", "en": "Seasoned maker"}},
        headers=admin_headers,
    )
    assert edited.status_code == 200
    first = _get_json(client, URLS.ob2_badge_class_version(badge_id, 1))
    second = _get_json(client, URLS.ob2_badge_class_version(badge_id, 2))
    latest = _get_json(client, URLS.ob2_badge_class(badge_id))
    assert first == {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": URLS.ob2_badge_class_version(badge_id, 1),
        "name": "Faiseuse d'essais",
        "description": "Reconnaît des essais.",
        "image": URLS.image_png(view.version.image_id),
        "criteria": {"id": URLS.badge_class_page(badge_id), "narrative": "Avoir essayé."},
        "issuer": URLS.ob2_issuer(issuer.id),
        "tags": ["essai"],
    }
    assert second["name"] == "Faiseuse confirmée"
    assert second["id"] == URLS.ob2_badge_class_version(badge_id, 2)
    assert {k: v for k, v in second.items() if k not in ("id", "name")} == {
        k: v for k, v in first.items() if k not in ("id", "name")
    }
    assert latest == {**second, "id": URLS.ob2_badge_class(badge_id)}
    image = client.get(_path(str(first["image"])))
    assert image.headers["content-type"] == "image/png"


def test_badge_class_version_is_cacheable_and_revalidates(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    badge_id = make_badge_class(session, issuer).badge_class.id
    url = _path(URLS.ob2_badge_class_version(badge_id, 1))
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert client.get(url, headers={"If-None-Match": response.headers["etag"]}).status_code == 304


def test_missing_badge_class_version_is_not_found(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    badge_id = make_badge_class(session, issuer).badge_class.id
    missing = client.get(_path(URLS.ob2_badge_class_version(badge_id, 3)))
    assert missing.status_code == 404
    assert missing.json()["type"] == PROBLEM_TYPE_BASE + "not-found"
    zero = client.get(f"/ob2/badge-classes/{badge_id}/versions/0")
    assert zero.status_code == 422
    assert zero.json()["type"] == PROBLEM_TYPE_BASE + "invalid-request"
