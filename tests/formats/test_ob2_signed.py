"""Open Badges 2.0 signed assertions (RS256 JWS), CryptographicKey and RevocationList."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from badgeservice.crypto.keypairs import public_key_from_pem, public_pem
from badgeservice.formats.ob2_documents import (
    OB2_CONTEXT,
    AssertionInput,
    RecipientInput,
    RecipientKind,
    hosted_assertion,
    signed_assertion,
)
from badgeservice.formats.ob2_signed import (
    SignedAssertionError,
    assertion_json_bytes,
    cryptographic_key,
    revocation_list,
    sign_assertion,
    unverified_assertion,
    verify_signed_assertion,
)

ISSUER_ID = "https://badges.example.org/ob2/issuers/isopolis"
KEY_ID = f"{ISSUER_ID}/keys/rsa1"
ASSERTION_INPUT = AssertionInput(
    id="urn:uuid:2b0a8f6e-8d7c-4c5e-9d59-6d1f6f0b6a01",
    recipient=RecipientInput(kind=RecipientKind.EMAIL, identity="ana@example.org", salt="s"),
    badge="https://badges.example.org/ob2/badge-classes/faiseur/versions/1",
    issued_on=datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
    narrative="Ana a animé un tiers-lieu — été 2025.",
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def assertion() -> dict[str, object]:
    return signed_assertion(ASSERTION_INPUT, creator=KEY_ID)


@pytest.fixture(scope="module")
def token(assertion: dict[str, object], rsa_key: rsa.RSAPrivateKey) -> str:
    return sign_assertion(assertion, private_key=rsa_key)


def test_jws_payload_is_the_assertion_json(token: str, assertion: dict[str, object]) -> None:
    payload = _b64decode(token.split(".")[1])
    assert payload == assertion_json_bytes(assertion)
    assert json.loads(payload) == assertion
    assert "—" in payload.decode("utf-8")  # UTF-8, not \u escapes


def test_jws_header_is_rs256(token: str) -> None:
    assert json.loads(_b64decode(token.split(".")[0])) == {"alg": "RS256", "typ": "JWT"}


def test_signature_verifies_independently_with_rsassa_pkcs1_sha256(
    token: str, rsa_key: rsa.RSAPrivateKey
) -> None:
    signing_input, _, signature = token.rpartition(".")
    rsa_key.public_key().verify(
        _b64decode(signature), signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def test_signature_with_another_key_fails_the_independent_check(token: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    signing_input, _, signature = token.rpartition(".")
    with pytest.raises(InvalidSignature):
        other.verify(
            _b64decode(signature), signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()
        )


def test_signed_assertion_verifies_with_the_creator_key(
    token: str, rsa_key: rsa.RSAPrivateKey, assertion: dict[str, object]
) -> None:
    assert verify_signed_assertion(token, public_key=rsa_key.public_key()) == assertion
    assert unverified_assertion(token) == assertion


def test_tampered_assertion_fails(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    header, payload, signature = token.split(".")
    forged = json.loads(_b64decode(payload))
    forged["badge"] = "https://evil.example/badge"
    tampered = f"{header}.{_b64(json.dumps(forged).encode())}.{signature}"
    with pytest.raises(SignedAssertionError, match="signature"):
        verify_signed_assertion(tampered, public_key=rsa_key.public_key())


def test_wrong_key_fails(token: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    with pytest.raises(SignedAssertionError, match="signature"):
        verify_signed_assertion(token, public_key=other)


def test_alg_none_fails(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    header = _b64(b'{"alg":"none"}')
    unsecured = f"{header}.{token.split('.')[1]}."
    with pytest.raises(SignedAssertionError, match="none"):
        verify_signed_assertion(unsecured, public_key=rsa_key.public_key())


def test_hs256_with_the_public_pem_as_secret_fails(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    header = _b64(b'{"alg":"HS256"}')
    signing_input = f"{header}.{token.split('.')[1]}"
    secret = public_pem(rsa_key.public_key()).encode()
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(SignedAssertionError, match="HS256"):
        verify_signed_assertion(f"{signing_input}.{_b64(mac)}", public_key=rsa_key.public_key())


def test_hosted_assertion_cannot_be_signed(rsa_key: rsa.RSAPrivateKey) -> None:
    hosted_input = AssertionInput(
        id="https://badges.example.org/ob2/assertions/42",
        recipient=ASSERTION_INPUT.recipient,
        badge=ASSERTION_INPUT.badge,
        issued_on=ASSERTION_INPUT.issued_on,
    )
    with pytest.raises(ValueError, match="SignedBadge"):
        sign_assertion(hosted_assertion(hosted_input), private_key=rsa_key)


def test_unverified_assertion_refuses_garbage() -> None:
    with pytest.raises(SignedAssertionError):
        unverified_assertion("not-a-jws")
    with pytest.raises(SignedAssertionError):
        unverified_assertion(f"e30.{_b64(b'[1]')}.AA")


def test_cryptographic_key_points_at_its_owner(rsa_key: rsa.RSAPrivateKey) -> None:
    pem = public_pem(rsa_key.public_key())
    document = cryptographic_key(KEY_ID, ISSUER_ID, pem)
    assert document == {
        "@context": OB2_CONTEXT,
        "type": "CryptographicKey",
        "id": KEY_ID,
        "owner": ISSUER_ID,
        "publicKeyPem": pem,
    }
    assert public_key_from_pem(str(document["publicKeyPem"])) == rsa_key.public_key()


@pytest.mark.parametrize(
    "key",
    [
        ed25519.Ed25519PrivateKey.generate().public_key(),
        ec.generate_private_key(ec.SECP256R1()).public_key(),
    ],
)
def test_cryptographic_key_refuses_non_rsa_keys(
    key: ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey,
) -> None:
    with pytest.raises(ValueError, match="RSA"):
        cryptographic_key(KEY_ID, ISSUER_ID, public_pem(key))


def test_revocation_list_holds_objects_even_for_one_entry() -> None:
    document = revocation_list(
        f"{ISSUER_ID}/revocations", ISSUER_ID, [("urn:uuid:1", "Attribué par erreur")]
    )
    assert document == {
        "@context": OB2_CONTEXT,
        "type": "RevocationList",
        "id": f"{ISSUER_ID}/revocations",
        "issuer": ISSUER_ID,
        "revokedAssertions": [{"id": "urn:uuid:1", "revocationReason": "Attribué par erreur"}],
    }


def test_revocation_list_keeps_order_and_omits_missing_reasons() -> None:
    document = revocation_list(
        f"{ISSUER_ID}/revocations", ISSUER_ID, [("urn:uuid:2", None), ("urn:uuid:1", "r")]
    )
    assert document["revokedAssertions"] == [
        {"id": "urn:uuid:2"},
        {"id": "urn:uuid:1", "revocationReason": "r"},
    ]
    empty = revocation_list(f"{ISSUER_ID}/revocations", ISSUER_ID, [])
    assert empty["revokedAssertions"] == []
