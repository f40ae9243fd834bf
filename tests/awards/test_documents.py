"""What an award publishes verifies with keys fetched only from our public endpoints, fits
1EdTech's schemas and the bundled contexts, and fails when tampered, signed with another key,
or signed with a key later revoked. Rotation keeps older awards verifiable."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from functools import cache

import jsonschema_rs
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from badgeservice.auth.models import Scope
from badgeservice.crypto.jws import JoseHeader
from badgeservice.crypto.keypairs import PublicKey
from badgeservice.formats.baking_png import unbake_png
from badgeservice.formats.baking_svg import unbake_svg
from badgeservice.formats.data_integrity import verify_proof
from badgeservice.formats.json_schemas import validate_achievement_credential
from badgeservice.formats.jsonld import expand_strict
from badgeservice.formats.ob2_signed import SignedAssertionError, verify_signed_assertion
from badgeservice.formats.status_list import read_status
from badgeservice.formats.vc_jwt import VcJwtError, decode_vc_jwt
from badgeservice.issuers.models import Issuer
from tests.conftest import SHARED, TokenFactory
from tests.support.awards import award_body, awardable
from tests.support.resolve import cryptographic_key, ed25519_key, fetch_json, jwk_key, local_path

NOW = datetime(2026, 6, 1, 10, 0, 0, tzinfo=UTC)
JWT_CLAIMS = ("iss", "jti", "nbf", "sub", "exp")


@cache
def official_schema() -> jsonschema_rs.Draft201909Validator:
    path = SHARED / "spec" / "schemas" / "ob_v3p0_achievementcredential_schema.json"
    return jsonschema_rs.Draft201909Validator(json.loads(path.read_text()), validate_formats=True)


@pytest.fixture
def issued(
    client: TestClient, session: Session, auth_headers: TokenFactory
) -> tuple[Issuer, dict[str, object]]:
    issuer, label = awardable(session)
    headers = auth_headers(Scope.AWARDS_WRITE)
    response = client.post(
        "/api/v1/awards",
        json=award_body(str(label.badge_class.id)),
        headers={**headers, "Idempotency-Key": "docs-1"},
    )
    assert response.status_code == 201, response.text
    return issuer, response.json()


def _links(award: dict[str, object]) -> dict[str, str]:
    links = award["links"]
    assert isinstance(links, dict)
    return links


def _jwt_payload(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


def test_ob3_credential_fits_the_official_schema_and_contexts(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    credential = fetch_json(client, _links(award)["ob3"])
    assert official_schema().is_valid(credential), list(official_schema().iter_errors(credential))
    assert validate_achievement_credential(credential) == []
    expand_strict(credential)
    inner = {
        k: v
        for k, v in _jwt_payload(client.get(local_path(_links(award)["ob3_jwt"])).text).items()
        if k not in JWT_CLAIMS
    }
    assert official_schema().is_valid(inner), list(official_schema().iter_errors(inner))
    expand_strict(inner)
    assert inner == credential


def test_ob3_credential_shape(client: TestClient, issued: tuple[Issuer, dict[str, object]]) -> None:
    issuer, award = issued
    credential = fetch_json(client, _links(award)["ob3"])
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]
    assert credential["id"] == _links(award)["ob3"]
    issuer_doc = credential["issuer"]
    assert isinstance(issuer_doc, dict)
    assert issuer_doc["id"] == f"did:web:badges.example.org:issuers:{issuer.slug}"
    assert issuer_doc["type"] == ["Profile"]
    status = credential["credentialStatus"]
    assert isinstance(status, dict)
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["id"] != status["statusListCredential"]
    subject = credential["credentialSubject"]
    assert isinstance(subject, dict)
    assert str(subject["id"]).startswith("urn:uuid:")
    assert "ana@example.org" not in json.dumps(credential).lower()


def test_data_integrity_proof_verifies_with_the_did_web_key(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    credential = fetch_json(client, _links(award)["ob3"])
    check = verify_proof(credential, public_key_for=lambda vm: ed25519_key(client, vm))
    assert check.ok, check
    tampered = {**credential, "name": "Autre chose"}
    assert not verify_proof(tampered, public_key_for=lambda vm: ed25519_key(client, vm)).ok
    stranger = ed25519.Ed25519PrivateKey.generate().public_key()
    assert not verify_proof(credential, public_key_for=lambda vm: stranger).ok


def test_vc_jwt_verifies_with_the_did_web_jwk(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    token = client.get(local_path(_links(award)["ob3_jwt"])).text

    def key_for(header: JoseHeader) -> PublicKey:
        assert header.kid is not None
        return jwk_key(client, header.kid)

    decoded = decode_vc_jwt(token, key_for=key_for, now=NOW)
    assert decoded.header.alg == "RS256"
    assert set(decoded.header.members) == {"alg", "kid", "typ"}
    head, payload, signature = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged["name"] = "Autre chose"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with pytest.raises(VcJwtError):
        decode_vc_jwt(f"{head}.{forged_payload}.{signature}", key_for=key_for, now=NOW)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    with pytest.raises(VcJwtError):
        decode_vc_jwt(token, key_for=lambda _h: stranger, now=NOW)


def test_ob2_documents_verify_with_the_cryptographic_key(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    hosted = fetch_json(client, _links(award)["ob2_hosted"])
    for field in ("id", "type", "recipient", "badge", "verification", "issuedOn"):
        assert field in hosted
    assert hosted["verification"] == {"type": "HostedBadge"}
    badge_class = fetch_json(client, str(hosted["badge"]))
    for field in ("id", "type", "name", "description", "image", "criteria", "issuer"):
        assert field in badge_class
    issuer_profile = fetch_json(client, str(badge_class["issuer"]))
    for field in ("id", "type", "name", "url", "email", "publicKey"):
        assert field in issuer_profile

    jws = client.get(local_path(_links(award)["ob2_signed"])).text
    payload = _jwt_payload(jws)
    verification = payload["verification"]
    assert isinstance(verification, dict)
    creator = str(verification["creator"])
    public_keys = issuer_profile["publicKey"]
    assert creator in (public_keys if isinstance(public_keys, list) else [public_keys])
    key_document = fetch_json(client, creator)
    assert key_document["owner"] == issuer_profile["id"]
    public_key = cryptographic_key(client, creator)
    assert isinstance(public_key, rsa.RSAPublicKey)
    assert verify_signed_assertion(jws, public_key=public_key)["id"] == payload["id"]
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    with pytest.raises(SignedAssertionError):
        verify_signed_assertion(jws, public_key=stranger)


def test_status_list_is_signed_and_holds_the_award_unrevoked(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    credential = fetch_json(client, _links(award)["ob3"])
    entry = credential["credentialStatus"]
    assert isinstance(entry, dict)
    status_list = fetch_json(client, str(entry["statusListCredential"]))
    assert "BitstringStatusListCredential" in status_list["type"]  # type: ignore[operator]
    assert verify_proof(status_list, public_key_for=lambda vm: ed25519_key(client, vm)).ok
    expand_strict(status_list)
    subject = status_list["credentialSubject"]
    assert isinstance(subject, dict)
    assert read_status(subject, int(str(entry["statusListIndex"]))) == 0


def test_baked_images_carry_each_format(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    links = _links(award)
    credential = client.get(local_path(links["ob3"])).text
    png = client.get(local_path(links["image_png"]))
    assert png.headers["content-type"] == "image/png"
    baked = unbake_png(png.content, max_text_bytes=1_000_000)
    assert baked is not None
    assert baked.format == "ob3"
    assert baked.text == credential
    signed = unbake_png(
        client.get(local_path(links["image_png"]) + "?format=ob2-signed").content,
        max_text_bytes=1_000_000,
    )
    assert signed is not None
    assert signed.format == "ob2"
    assert signed.text == client.get(local_path(links["ob2_signed"])).text
    svg = unbake_svg(client.get(local_path(links["image_svg"]) + "?format=ob3-jwt").content)
    assert svg is not None
    assert svg.verify == client.get(local_path(links["ob3_jwt"])).text
    assert client.get(local_path(links["image_png"]) + "?format=gif").status_code == 422


def test_credential_negotiates_json_and_jwt(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    url = local_path(_links(award)["ob3"])
    default = client.get(url)
    assert default.headers["content-type"] == "application/vc+ld+json"
    assert default.headers["access-control-allow-origin"] == "*"
    jwt = client.get(url, headers={"Accept": "application/vc+jwt"})
    assert jwt.headers["content-type"].startswith("application/vc+jwt")
    assert jwt.text.count(".") == 2
    assert client.get(url, headers={"If-None-Match": default.headers["etag"]}).status_code == 304
    hosted = local_path(_links(award)["ob2_hosted"])
    assert client.get(hosted).headers["content-type"] == "application/ld+json"
    assert (
        client.get(hosted, headers={"Accept": "application/json"}).headers["content-type"]
        == "application/json"
    )


def test_rotation_keeps_old_awards_verifiable_and_revocation_breaks_them(
    client: TestClient,
    issued: tuple[Issuer, dict[str, object]],
    admin_headers: dict[str, str],
) -> None:
    issuer, award = issued
    credential = fetch_json(client, _links(award)["ob3"])

    def verified() -> bool:
        return verify_proof(credential, public_key_for=lambda vm: ed25519_key(client, vm)).ok

    assert verified()
    rotated = client.post(f"/api/v1/issuers/{issuer.id}/keys/rotate", headers=admin_headers)
    assert rotated.status_code in (200, 201), rotated.text
    assert verified()  # the retired key is still published
    proof = credential["proof"]
    assert isinstance(proof, list)
    old_kid = str(proof[0]["verificationMethod"]).rpartition("#")[2]
    revoked = client.post(
        f"/api/v1/issuers/{issuer.id}/keys/{old_kid}/revoke",
        json={"reason": "compromised laptop"},
        headers=admin_headers,
    )
    assert revoked.status_code == 200, revoked.text
    assert not verified()


def test_achievement_document_is_served_and_expands(
    client: TestClient, issued: tuple[Issuer, dict[str, object]]
) -> None:
    _, award = issued
    credential = fetch_json(client, _links(award)["ob3"])
    subject = credential["credentialSubject"]
    assert isinstance(subject, dict)
    achievement = subject["achievement"]
    assert isinstance(achievement, dict)
    document = fetch_json(client, str(achievement["id"]))
    expand_strict(document)
    assert document["name"] == achievement["name"]
    assert document["type"] == ["Achievement"]


def test_rotation_keeps_jws_and_vc_jwt_verifiable_and_key_revocation_breaks_them(
    client: TestClient,
    issued: tuple[Issuer, dict[str, object]],
    admin_headers: dict[str, str],
    auth_headers: TokenFactory,
) -> None:
    issuer, award = issued
    links = _links(award)
    vc_jwt = client.get(local_path(links["ob3_jwt"])).text
    jws = client.get(local_path(links["ob2_signed"])).text
    creator = str(_jwt_payload(jws)["verification"]["creator"])  # type: ignore[index]

    def jwt_ok() -> bool:
        try:
            decode_vc_jwt(vc_jwt, key_for=lambda h: jwk_key(client, str(h.kid)), now=NOW)
        except (VcJwtError, LookupError):
            return False
        return True

    def jws_ok() -> bool:
        response = client.get(local_path(creator))
        if response.status_code != 200:
            return False
        key = cryptographic_key(client, creator)
        assert isinstance(key, rsa.RSAPublicKey)
        try:
            verify_signed_assertion(jws, public_key=key)
        except SignedAssertionError:
            return False
        return True

    assert jwt_ok()
    assert jws_ok()
    client.post(f"/api/v1/issuers/{issuer.id}/keys/rotate", headers=admin_headers)
    # A new award is signed with the new key; the old one still verifies with the retired key.
    label_id = str(award["badge_class_id"])
    fresh = client.post(
        "/api/v1/awards",
        json=award_body(label_id, recipient={"type": "email", "identity": "bea@example.org"}),
        headers={**auth_headers(Scope.AWARDS_WRITE), "Idempotency-Key": "after-rotation"},
    ).json()
    fresh_jws = client.get(local_path(_links(fresh)["ob2_signed"])).text
    assert str(_jwt_payload(fresh_jws)["verification"]["creator"]) != creator  # type: ignore[index]
    assert jwt_ok()
    assert jws_ok()
    old_kid = creator.rpartition("/")[2]
    revoked = client.post(
        f"/api/v1/issuers/{issuer.id}/keys/{old_kid}/revoke",
        json={"reason": "compromised laptop"},
        headers=admin_headers,
    )
    assert revoked.status_code == 200, revoked.text
    assert not jwt_ok()
    assert not jws_ok()
