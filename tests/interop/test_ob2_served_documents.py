"""The OB 2.0 documents this service serves (issuer profile, CryptographicKey, RevocationList,
BadgeClass version, image) pass 1EdTech's OB 2.0 validator with a badge signed by the issuer's
active RSA key; the validator fetches nothing but what the app answered."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.auth.principal import SYSTEM
from badgeservice.formats.ob2_documents import (
    OB2_CONTEXT,
    AssertionInput,
    RecipientInput,
    RecipientKind,
    signed_assertion,
)
from badgeservice.formats.ob2_signed import sign_assertion
from badgeservice.keys import service
from badgeservice.keys.models import KeyPurpose
from badgeservice.urls import Urls
from tests.conftest import PUBLIC_URL, TokenFactory
from tests.interop.test_ob2_validator import (
    OB2_CONTEXT_FILE,
    VALIDATOR,
    VALIDATOR_ENV,
    _entry,
    _errors,
    _validate,
)
from tests.support.awards import award_body, awardable
from tests.support.factories import NOW, TEST_KEY_RING, make_badge_class, make_issuer
from tests.support.resolve import fetch_json
from tests.support.tools import missing_tool

URLS = Urls(PUBLIC_URL)


@pytest.fixture(autouse=True)
def _require_validator() -> None:
    if VALIDATOR is None:
        missing_tool(
            "1EdTech OB 2.0 validator not installed: run `make interop-tools` "
            f"or set {VALIDATOR_ENV}"
        )


def _signed_badge(session: Session, issuer_id: uuid.UUID, badge: str) -> str:
    key = service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer_id, purpose=KeyPurpose.JWS
    )
    assert key.key_url is not None
    assert isinstance(key.private_key, rsa.RSAPrivateKey)
    assertion = AssertionInput(
        id=f"urn:uuid:{uuid.uuid4()}",
        recipient=RecipientInput(RecipientKind.EMAIL, "ana@example.org", salt="s4lt"),
        badge=badge,
        issued_on=datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
    )
    return sign_assertion(
        signed_assertion(assertion, creator=key.key_url), private_key=key.private_key
    )


def _served(client: TestClient, urls: list[str]) -> dict[str, dict[str, object]]:
    served = {OB2_CONTEXT: _entry(OB2_CONTEXT_FILE.read_bytes(), "application/ld+json")}
    for url in urls:
        response = client.get(url.removeprefix(PUBLIC_URL))
        served[url] = _entry(
            response.content, response.headers["content-type"], response.status_code
        )
    return served


def _documents(session: Session) -> tuple[uuid.UUID, str, list[str]]:
    issuer = make_issuer(session)
    view = make_badge_class(session, issuer)
    badge = URLS.ob2_badge_class_version(view.badge_class.id, 1)
    key = service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=KeyPurpose.JWS
    )
    assert key.key_url is not None
    urls = [
        URLS.ob2_issuer(issuer.id),
        key.key_url,
        URLS.ob2_revocation_list(issuer.id),
        badge,
        URLS.image_png(view.version.image_id),
    ]
    return issuer.id, badge, urls


def test_badge_signed_with_the_served_key_passes_the_1edtech_validator(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    issuer_id, badge, urls = _documents(session)
    token = _signed_badge(session, issuer_id, badge)
    report = _validate(tmp_path, _served(client, urls), token)
    assert _errors(report) == []
    assert report["warningCount"] == 0
    assert report["valid"] is True


def test_badge_signed_with_a_revoked_key_fails_the_1edtech_validator(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    issuer_id, badge, urls = _documents(session)
    token = _signed_badge(session, issuer_id, badge)
    kid = urls[1].rsplit("/", 1)[1]
    revocation = service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer_id,
        kid=kid,
        reason="leaked",
        actor=SYSTEM,
        now=NOW,
    )
    # An error response rolls the request's session back: keep the setup out of its reach.
    session.commit()
    assert revocation.replacement is not None
    replacement = URLS.ob2_issuer_key(issuer_id, revocation.replacement.kid)
    report = _validate(tmp_path, _served(client, [*urls, replacement]), token)
    assert report["valid"] is False
    # The key answers 410 and is no longer the issuer's: the signature cannot be checked.
    assert any(e.startswith("VERIFY_JWS") for e in _errors(report))


def _issued_award(
    client: TestClient, auth_headers: TokenFactory, session: Session
) -> dict[str, object]:
    _, label = awardable(session)
    response = client.post(
        "/api/v1/awards",
        json=award_body(str(label.badge_class.id)),
        headers={**auth_headers(Scope.AWARDS_WRITE), "Idempotency-Key": "val2"},
    )
    assert response.status_code == 201, response.text
    award: dict[str, object] = response.json()
    return award


def _award_documents(client: TestClient, award: dict[str, object]) -> list[str]:
    links = award["links"]
    assert isinstance(links, dict)
    hosted = fetch_json(client, str(links["ob2_hosted"]))
    badge_class = fetch_json(client, str(hosted["badge"]))
    issuer_profile = fetch_json(client, str(badge_class["issuer"]))
    keys = issuer_profile["publicKey"]
    return [
        str(links["ob2_hosted"]),
        str(hosted["badge"]),
        str(badge_class["issuer"]),
        str(badge_class["image"]),
        str(issuer_profile["revocationList"]),
        *(keys if isinstance(keys, list) else [str(keys)]),
    ]


def test_issued_award_passes_the_1edtech_validator_hosted_and_signed(
    client: TestClient, session: Session, auth_headers: TokenFactory, tmp_path: Path
) -> None:
    award = _issued_award(client, auth_headers, session)
    links = award["links"]
    assert isinstance(links, dict)
    served = _served(client, _award_documents(client, award))
    hosted = _validate(tmp_path, served, str(links["ob2_hosted"]))
    assert _errors(hosted) == []
    assert hosted["valid"] is True
    jws = client.get(str(links["ob2_signed"]).removeprefix(PUBLIC_URL)).text
    signed = _validate(tmp_path, served, jws)
    assert _errors(signed) == []
    assert signed["valid"] is True
    # Negative twin: the validator checks the recipient against the salted hash.
    stranger = _validate(tmp_path, served, jws, email="bob@example.org")
    assert stranger["valid"] is False


def test_revoked_award_fails_the_1edtech_validator_hosted_and_signed(
    client: TestClient, session: Session, auth_headers: TokenFactory, tmp_path: Path
) -> None:
    _, label = awardable(session, slug="revocable")
    writer = {**auth_headers(Scope.AWARDS_WRITE)}
    revoker = auth_headers(Scope.AWARDS_REVOKE)
    awards: list[dict[str, object]] = []
    documents: list[str] = []
    # Two revoked awards: with a single entry, the validator's JSON-LD compaction turns
    # revokedAssertions into an object and it misses the revocation (see the strict xfail in
    # test_ob2_validator.py); our list holds the entry either way (tests/awards).
    for n in range(2):
        body = award_body(
            str(label.badge_class.id), recipient={"type": "email", "identity": "ana@example.org"}
        )
        response = client.post(
            "/api/v1/awards", json=body, headers={**writer, "Idempotency-Key": f"val2-rev-{n}"}
        )
        assert response.status_code == 201, response.text
        award = response.json()
        if n == 0:
            documents = _award_documents(client, award)
        revoked = client.post(
            f"/api/v1/awards/{award['id']}/revoke", json={"reason": "doublon"}, headers=revoker
        )
        assert revoked.status_code == 200, revoked.text
        awards.append(award)
    links = awards[0]["links"]
    assert isinstance(links, dict)
    served = _served(client, documents)
    hosted = _validate(tmp_path, served, str(links["ob2_hosted"]))
    assert hosted["valid"] is False
    jws = client.get(str(links["ob2_signed"]).removeprefix(PUBLIC_URL)).text
    signed = _validate(tmp_path, served, jws)
    assert signed["valid"] is False
    assert any(e.startswith("VERIFY_SIGNED_ASSERTION_NOT_REVOKED") for e in _errors(signed))
