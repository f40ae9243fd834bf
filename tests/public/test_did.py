"""Issuer DID documents: did:web resolution lands on did.json, which lists the active and retired
keys by full DID URL; signatures verify with nothing but what it publishes."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from badgeservice.app import create_app
from badgeservice.auth.principal import SYSTEM
from badgeservice.clock import FixedClock
from badgeservice.crypto import jws
from badgeservice.crypto.keypairs import ed25519_public_from_multibase, public_key_from_jwk
from badgeservice.deps import request_session
from badgeservice.formats.did import did_web_to_url, find_verification_method
from badgeservice.issuers.models import Issuer
from badgeservice.keys import service
from badgeservice.keys.models import KeyPurpose
from badgeservice.problems import PROBLEM_TYPE_BASE
from badgeservice.settings import Settings
from badgeservice.urls import Urls
from tests.conftest import PUBLIC_URL
from tests.support.factories import NOW, TEST_KEY_RING, make_issuer

DID = "did:web:badges.example.org:issuers:labo-test"
DID_JSON = "/issuers/labo-test/did.json"
URLS = Urls(PUBLIC_URL)
MESSAGE = b"assertion bytes"


@pytest.fixture
def issuer(session: Session) -> Issuer:
    return make_issuer(session)


def _did_document(client: TestClient) -> dict[str, object]:
    response = client.get(DID_JSON)
    assert response.status_code == 200, response.text
    document: dict[str, object] = response.json()
    return document


def _method(document: dict[str, object], did_url: str) -> dict[str, object]:
    method = find_verification_method(document, did_url)
    assert method is not None, f"{did_url} is not an assertion method"
    return method


def _loaded(session: Session, issuer: Issuer, purpose: KeyPurpose) -> service.LoadedKey:
    return service.active_key(
        session, ring=TEST_KEY_RING, urls=URLS, issuer_id=issuer.id, purpose=purpose
    )


def _verify_jws(token: str, document: dict[str, object]) -> bytes:
    def key_for(header: jws.JoseHeader) -> jws.VerificationKey:
        assert header.kid is not None
        jwk = _method(document, header.kid)["publicKeyJwk"]
        assert isinstance(jwk, dict)
        return public_key_from_jwk(jwk)

    verified = jws.verify_compact(token, key_for=key_for, allowed_algs=frozenset({"RS256"}))
    return verified.payload


def _verify_ed25519(signature: bytes, message: bytes, method: dict[str, object]) -> None:
    multibase = method["publicKeyMultibase"]
    assert isinstance(multibase, str)
    ed25519_public_from_multibase(multibase).verify(signature, message)


def test_did_document_lists_every_key_by_full_did_url(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    ed = _loaded(session, issuer, KeyPurpose.DATA_INTEGRITY)
    rsa = _loaded(session, issuer, KeyPurpose.JWS)
    response = client.get(DID_JSON)
    assert response.headers["content-type"] == "application/did+ld+json"
    assert response.headers["access-control-allow-origin"] == "*"
    document = response.json()
    ed_id, rsa_id = f"{DID}#{ed.kid}", f"{DID}#{rsa.kid}"
    assert document["id"] == DID
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/jwk/v1",
    ]
    assert document["assertionMethod"] == [ed_id, rsa_id]
    ed_method, rsa_method = document["verificationMethod"]
    assert ed_method["id"] == ed_id == ed.verification_method
    assert ed_method["type"] == "Multikey"
    assert ed_method["controller"] == DID
    assert ed_method["publicKeyMultibase"].startswith("z6Mk")
    assert rsa_method["id"] == rsa_id == rsa.verification_method
    assert rsa_method["type"] == "JsonWebKey"
    assert rsa_method["controller"] == DID
    assert set(rsa_method["publicKeyJwk"]) == {"kty", "n", "e"}


def test_did_web_resolution_of_the_issuer_did_is_its_did_json(
    client: TestClient, issuer: Issuer
) -> None:
    did = client.get(DID_JSON).json()["id"]
    assert did_web_to_url(did) == URLS.issuer_did_document(issuer.slug) == PUBLIC_URL + DID_JSON


def test_did_json_negotiates_plain_json_and_revalidates_with_its_etag(
    client: TestClient, issuer: Issuer
) -> None:
    plain = client.get(DID_JSON, headers={"Accept": "application/json"})
    assert plain.headers["content-type"] == "application/json"
    assert plain.headers["vary"] == "Accept"
    again = client.get(DID_JSON, headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304


def test_jws_from_the_active_rsa_key_verifies_with_the_did_document_jwk(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    rsa = _loaded(session, issuer, KeyPurpose.JWS)
    token = jws.sign_compact(
        MESSAGE, private_key=rsa.private_key, alg="RS256", kid=rsa.verification_method
    )
    assert _verify_jws(token, _did_document(client)) == MESSAGE


def test_tampered_jws_fails_with_the_did_document_jwk(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    rsa = _loaded(session, issuer, KeyPurpose.JWS)
    token = jws.sign_compact(
        MESSAGE, private_key=rsa.private_key, alg="RS256", kid=rsa.verification_method
    )
    header, _payload, signature = token.split(".")
    other_payload = base64.urlsafe_b64encode(b"other bytes").rstrip(b"=").decode()
    tampered = f"{header}.{other_payload}.{signature}"
    with pytest.raises(jws.BadSignatureError):
        _verify_jws(tampered, _did_document(client))


def test_jws_from_another_issuer_key_fails_with_this_did_document(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    rsa = _loaded(session, issuer, KeyPurpose.JWS)
    stranger = _loaded(session, make_issuer(session, slug="autre"), KeyPurpose.JWS)
    # Claims this issuer's key id, signed with another issuer's key.
    token = jws.sign_compact(
        MESSAGE, private_key=stranger.private_key, alg="RS256", kid=rsa.verification_method
    )
    with pytest.raises(jws.BadSignatureError):
        _verify_jws(token, _did_document(client))


def test_ed25519_signature_verifies_with_the_did_document_multibase(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    ed = _loaded(session, issuer, KeyPurpose.DATA_INTEGRITY)
    assert isinstance(ed.private_key, ed25519.Ed25519PrivateKey)
    signature = ed.private_key.sign(MESSAGE)
    _verify_ed25519(signature, MESSAGE, _method(_did_document(client), ed.verification_method))


def test_ed25519_signature_over_other_bytes_fails_with_the_did_document_multibase(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    ed = _loaded(session, issuer, KeyPurpose.DATA_INTEGRITY)
    assert isinstance(ed.private_key, ed25519.Ed25519PrivateKey)
    signature = ed.private_key.sign(MESSAGE)
    method = _method(_did_document(client), ed.verification_method)
    with pytest.raises(InvalidSignature):
        _verify_ed25519(signature, MESSAGE + b"!", method)
    with pytest.raises(InvalidSignature):
        _verify_ed25519(ed25519.Ed25519PrivateKey.generate().sign(MESSAGE), MESSAGE, method)


def test_retired_key_stays_published_and_verifies_what_it_signed(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    old = _loaded(session, issuer, KeyPurpose.DATA_INTEGRITY)
    assert isinstance(old.private_key, ed25519.Ed25519PrivateKey)
    old_signature = old.private_key.sign(MESSAGE)
    service.rotate_keys(session, ring=TEST_KEY_RING, issuer_id=issuer.id, actor=SYSTEM, now=NOW)
    new = _loaded(session, issuer, KeyPurpose.DATA_INTEGRITY)
    assert new.kid != old.kid
    assert isinstance(new.private_key, ed25519.Ed25519PrivateKey)
    document = _did_document(client)
    assert len(document["assertionMethod"]) == 4  # type: ignore[arg-type]
    _verify_ed25519(old_signature, MESSAGE, _method(document, old.verification_method))
    _verify_ed25519(
        new.private_key.sign(MESSAGE), MESSAGE, _method(document, new.verification_method)
    )
    with pytest.raises(InvalidSignature):
        _verify_ed25519(old_signature, MESSAGE, _method(document, new.verification_method))


def test_revoked_key_leaves_the_did_document(
    client: TestClient, session: Session, issuer: Issuer
) -> None:
    rsa = _loaded(session, issuer, KeyPurpose.JWS)
    token = jws.sign_compact(
        MESSAGE, private_key=rsa.private_key, alg="RS256", kid=rsa.verification_method
    )
    service.revoke_key(
        session,
        ring=TEST_KEY_RING,
        issuer_id=issuer.id,
        kid=rsa.kid,
        reason="leaked",
        actor=SYSTEM,
        now=NOW,
    )
    document = _did_document(client)
    assert rsa.verification_method not in document["assertionMethod"]  # type: ignore[operator]
    ids = [m["id"] for m in document["verificationMethod"]]  # type: ignore[attr-defined]
    assert rsa.verification_method not in ids
    assert find_verification_method(document, rsa.verification_method) is None
    with pytest.raises(AssertionError, match="is not an assertion method"):
        _verify_jws(token, document)


def test_unknown_issuer_has_no_did_document(client: TestClient) -> None:
    response = client.get("/issuers/personne/did.json")
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEM_TYPE_BASE + "not-found"


@pytest.mark.parametrize(
    ("public_url", "did", "scheme"),
    [
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000:issuers:labo-test", "http"),
        (
            "https://badges.example.org:8443",
            "did:web:badges.example.org%3A8443:issuers:labo-test",
            "https",
        ),
        ("https://example.org/badges", "did:web:example.org:badges:issuers:labo-test", "https"),
    ],
    ids=["port", "https-port", "base-path"],
)
def test_did_resolves_to_the_served_did_json_whatever_the_public_url(
    settings: Settings,
    engine: Engine,
    session: Session,
    public_url: str,
    did: str,
    scheme: str,
) -> None:
    make_issuer(session)
    urls = Urls(public_url)
    assert urls.issuer_did("labo-test") == did
    document_url = did_web_to_url(did, scheme="http" if scheme == "http" else "https")
    assert document_url == urls.issuer_did_document("labo-test")
    with _client_for(
        settings.model_copy(update={"public_url": public_url}), engine, session
    ) as client:
        response = client.get(document_url.removeprefix(public_url))
    assert response.status_code == 200
    assert response.json()["id"] == did
    assert response.json()["assertionMethod"][0].startswith(did + "#key-")


def _client_for(settings: Settings, engine: Engine, session: Session) -> TestClient:
    app = create_app(settings, clock=FixedClock(NOW), engine=engine)

    def test_session() -> Iterator[Session]:
        yield session

    app.dependency_overrides[request_session] = test_session
    return TestClient(app, raise_server_exceptions=False)
