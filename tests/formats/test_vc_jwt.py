"""OB 3.0 VC-JWT encoding and verification (FACTS §2.9 A), with a negative twin per check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from badgeservice.crypto.jws import JoseHeader, VerificationKey, sign_compact
from badgeservice.crypto.keypairs import public_key_from_jwk, public_pem
from badgeservice.formats.did import (
    VerificationMethodInput,
    did_document,
    find_verification_method,
    verification_method_id,
)
from badgeservice.formats.vc_jwt import (
    AlgorithmRefusedError,
    BadSignatureError,
    ClaimsMismatchError,
    ExpiredError,
    KeyRefusedError,
    MalformedVcJwtError,
    NotYetValidError,
    decode_vc_jwt,
    encode_vc_jwt,
)

ISSUER = "did:web:127.0.0.1%3A8000:issuers:isopolis"
KID = f"{ISSUER}#key-rsa1"
VALID_FROM = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
VALID_UNTIL = datetime(2027, 6, 1, 12, 0, 0, tzinfo=UTC)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _credential(**overrides: object) -> dict[str, object]:
    credential: dict[str, object] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2b0a8f6e-8d7c-4c5e-9d59-6d1f6f0b6a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Isopolis"},
        "validFrom": "2025-06-01T12:00:00Z",
        "validUntil": "2027-06-01T12:00:00Z",
        "name": "Faiseur de changement",
        "credentialSubject": {
            "id": "urn:uuid:7e0f7c1a-9b7b-4f0c-a1a2-4e7a0b8d2c11",
            "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.org/a/1", "type": ["Achievement"]},
        },
    }
    credential.update(overrides)
    return {k: v for k, v in credential.items() if v is not None}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _payload(token: str) -> dict[str, object]:
    segment = token.split(".")[1]
    loaded = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    assert isinstance(loaded, dict)
    return loaded


def _fixed(key: VerificationKey) -> Callable[[JoseHeader], VerificationKey]:
    return lambda _header: key


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def token(rsa_key: rsa.RSAPrivateKey) -> str:
    return encode_vc_jwt(_credential(), private_key=rsa_key, alg="RS256", kid=KID)


def _resign(rsa_key: rsa.RSAPrivateKey, payload: dict[str, object], **header: str) -> str:
    data = json.dumps(payload).encode()
    return sign_compact(data, private_key=rsa_key, alg="RS256", kid=header.get("kid", KID))


def _decode(token: str, key: VerificationKey, now: datetime = NOW) -> object:
    return decode_vc_jwt(token, key_for=_fixed(key), now=now)


def test_payload_is_the_credential_plus_the_registered_claims(token: str) -> None:
    payload = _payload(token)
    claims = {name: payload.pop(name) for name in ("iss", "jti", "nbf", "sub", "exp")}
    assert payload == _credential()
    assert "vc" not in payload
    assert claims == {
        "iss": ISSUER,
        "jti": "urn:uuid:2b0a8f6e-8d7c-4c5e-9d59-6d1f6f0b6a01",
        "nbf": int(VALID_FROM.timestamp()),
        "sub": "urn:uuid:7e0f7c1a-9b7b-4f0c-a1a2-4e7a0b8d2c11",
        "exp": int(VALID_UNTIL.timestamp()),
    }


def test_header_holds_only_alg_kid_and_typ(token: str) -> None:
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "RS256", "kid": KID, "typ": "JWT"}


def test_exp_is_present_only_with_valid_until(rsa_key: rsa.RSAPrivateKey) -> None:
    token = encode_vc_jwt(_credential(validUntil=None), private_key=rsa_key, alg="RS256", kid=KID)
    assert "exp" not in _payload(token)
    decoded = decode_vc_jwt(token, key_for=_fixed(rsa_key.public_key()), now=NOW)
    assert "exp" not in decoded.claims


def test_string_issuer_is_accepted(rsa_key: rsa.RSAPrivateKey) -> None:
    token = encode_vc_jwt(_credential(issuer=ISSUER), private_key=rsa_key, alg="RS256", kid=KID)
    assert _payload(token)["iss"] == ISSUER
    decoded = decode_vc_jwt(token, key_for=_fixed(rsa_key.public_key()), now=NOW)
    assert decoded.credential["issuer"] == ISSUER


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"validFrom": "2025-06-01T12:00:00.5Z"}, "whole seconds"),
        ({"validUntil": "2027-06-01T12:00:00.001+02:00"}, "whole seconds"),
        ({"validFrom": "2025-06-01T12:00:00"}, "time zone"),
        ({"validFrom": None}, "time zone"),
        ({"credentialSubject": {"type": ["AchievementSubject"]}}, "credentialSubject.id"),
        ({"issuer": {"type": ["Profile"]}}, "issuer id"),
        ({"id": None}, "id"),
        ({"jti": "x"}, "JWT claim names"),
        ({"vc": {}}, "JWT claim names"),
    ],
)
def test_encode_refuses_credentials_that_cannot_round_trip(
    rsa_key: rsa.RSAPrivateKey, overrides: dict[str, object], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        encode_vc_jwt(_credential(**overrides), private_key=rsa_key, alg="RS256", kid=KID)


def test_whole_seconds_with_zero_fraction_are_accepted(rsa_key: rsa.RSAPrivateKey) -> None:
    token = encode_vc_jwt(
        _credential(validFrom="2025-06-01T14:00:00.000+02:00"),
        private_key=rsa_key,
        alg="RS256",
        kid=KID,
    )
    assert _payload(token)["nbf"] == int(VALID_FROM.timestamp())
    decode_vc_jwt(token, key_for=_fixed(rsa_key.public_key()), now=NOW)


def test_encode_refuses_eddsa_which_the_1edtech_validator_rejects(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    with pytest.raises(ValueError, match="RS256 or ES256"):
        encode_vc_jwt(_credential(), private_key=rsa_key, alg="EdDSA", kid=KID)  # type: ignore[arg-type]  # the refusal under test


def test_decode_returns_the_original_credential_and_claims(
    token: str, rsa_key: rsa.RSAPrivateKey
) -> None:
    decoded = decode_vc_jwt(token, key_for=_fixed(rsa_key.public_key()), now=NOW)
    assert decoded.credential == _credential()
    assert decoded.claims["iss"] == ISSUER
    assert decoded.header.kid == KID
    assert not decoded.legacy_vc_claim


def test_es256_round_trips() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    token = encode_vc_jwt(_credential(), private_key=key, alg="ES256", kid=KID)
    decoded = decode_vc_jwt(token, key_for=_fixed(key.public_key()), now=NOW)
    assert decoded.header.alg == "ES256"


def test_key_found_through_the_issuer_did_document_verifies(
    token: str, rsa_key: rsa.RSAPrivateKey
) -> None:
    document = did_document(
        ISSUER, [VerificationMethodInput(key_id="rsa1", public_key=rsa_key.public_key())]
    )
    assert verification_method_id(ISSUER, "rsa1") == KID

    def key_for(header: JoseHeader) -> VerificationKey:
        method = find_verification_method(document, header.kid or "")
        assert method is not None
        jwk = method["publicKeyJwk"]
        assert isinstance(jwk, dict)
        return public_key_from_jwk(jwk)

    assert decode_vc_jwt(token, key_for=key_for, now=NOW).credential == _credential()


def test_tampered_payload_fails(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    header, _, signature = token.split(".")
    payload = _payload(token)
    payload["name"] = "Forged"
    forged = f"{header}.{_b64(json.dumps(payload).encode())}.{signature}"
    with pytest.raises(BadSignatureError):
        _decode(forged, rsa_key.public_key())


def test_wrong_key_fails(token: str) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(BadSignatureError):
        _decode(token, other.public_key())


def test_key_of_another_type_is_refused(token: str) -> None:
    with pytest.raises(KeyRefusedError):
        _decode(token, ec.generate_private_key(ec.SECP256R1()).public_key())


def test_alg_none_is_refused(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    header = _b64(json.dumps({"alg": "none", "kid": KID, "typ": "JWT"}).encode())
    unsecured = f"{header}.{token.split('.')[1]}."
    with pytest.raises(AlgorithmRefusedError):
        _decode(unsecured, rsa_key.public_key())


def test_hs256_signed_with_the_public_key_pem_is_refused(
    token: str, rsa_key: rsa.RSAPrivateKey
) -> None:
    header = _b64(json.dumps({"alg": "HS256", "kid": KID, "typ": "JWT"}).encode())
    signing_input = f"{header}.{token.split('.')[1]}"
    pem = public_pem(rsa_key.public_key()).encode()
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{_b64(mac)}"
    with pytest.raises(AlgorithmRefusedError):
        _decode(forged, rsa_key.public_key())
    with pytest.raises(ValueError, match="asymmetric"):
        decode_vc_jwt(
            forged,
            key_for=_fixed(pem),
            now=NOW,
            allowed_algs=frozenset({"RS256", "HS256"}),
        )


def test_alg_outside_the_allowlist_is_refused(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(AlgorithmRefusedError):
        decode_vc_jwt(
            token,
            key_for=_fixed(rsa_key.public_key()),
            now=NOW,
            allowed_algs=frozenset({"ES256"}),
        )


@pytest.mark.parametrize(
    "change",
    [
        {"iss": "did:web:evil.example"},
        {"iss": None},
        {"jti": "urn:uuid:00000000-0000-0000-0000-000000000000"},
        {"jti": None},
        {"sub": "did:example:someone-else"},
        {"sub": None},
        {"nbf": int(VALID_FROM.timestamp()) + 1},
        {"nbf": None},
        {"exp": int(VALID_UNTIL.timestamp()) - 1},
        {"exp": None},
        {"validFrom": "2025-06-01T12:00:01Z"},
        {"validUntil": None},
        {"issuer": {"id": "did:web:evil.example", "type": ["Profile"]}},
    ],
)
def test_claims_disagreeing_with_the_credential_are_refused(
    token: str, rsa_key: rsa.RSAPrivateKey, change: dict[str, object]
) -> None:
    payload = {**_payload(token), **change}
    payload = {k: v for k, v in payload.items() if v is not None}
    with pytest.raises(ClaimsMismatchError):
        _decode(_resign(rsa_key, payload), rsa_key.public_key())


def test_claims_that_agree_after_resigning_still_verify(
    token: str, rsa_key: rsa.RSAPrivateKey
) -> None:
    # The twin of the mismatch cases: re-signing alone does not make a token fail.
    decoded = _decode(_resign(rsa_key, _payload(token)), rsa_key.public_key())
    assert decoded is not None


def test_non_numeric_nbf_is_malformed(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    payload = {**_payload(token), "nbf": "1748779200"}
    with pytest.raises(MalformedVcJwtError):
        _decode(_resign(rsa_key, payload), rsa_key.public_key())


def test_expired_credential_is_refused_as_expired(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ExpiredError):
        _decode(token, rsa_key.public_key(), now=VALID_UNTIL)
    _decode(token, rsa_key.public_key(), now=VALID_UNTIL - timedelta(seconds=1))


def test_leeway_tolerates_small_clock_skew(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    key_for = _fixed(rsa_key.public_key())
    late = VALID_UNTIL + timedelta(seconds=30)
    early = VALID_FROM - timedelta(seconds=30)
    decode_vc_jwt(token, key_for=key_for, now=late, leeway=timedelta(minutes=1))
    decode_vc_jwt(token, key_for=key_for, now=early, leeway=timedelta(minutes=1))
    with pytest.raises(ExpiredError):
        decode_vc_jwt(token, key_for=key_for, now=late, leeway=timedelta(seconds=10))


def test_not_yet_valid_credential_is_refused_as_not_yet_valid(
    token: str, rsa_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(NotYetValidError):
        _decode(token, rsa_key.public_key(), now=VALID_FROM - timedelta(seconds=1))
    _decode(token, rsa_key.public_key(), now=VALID_FROM)


def test_naive_now_is_a_programming_error(token: str, rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ValueError, match="timezone"):
        _decode(token, rsa_key.public_key(), now=datetime(2026, 1, 1))  # noqa: DTZ001 - the error under test


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "RS256", "kid": KID, "typ": "JWT", "cty": "vc+ld+json"},
        {"alg": "RS256", "kid": KID, "typ": "vc+jwt"},
        {"alg": "RS256", "typ": "JWT"},
    ],
)
def test_headers_beyond_the_vc_jwt_profile_are_refused(
    token: str, rsa_key: rsa.RSAPrivateKey, header: dict[str, object]
) -> None:
    import jwt

    payload = base64.urlsafe_b64decode(token.split(".")[1] + "==")
    extra = {k: v for k, v in header.items() if k != "alg"}
    forged = jwt.PyJWS().encode(payload, rsa_key, algorithm="RS256", headers=extra)
    with pytest.raises(MalformedVcJwtError):
        _decode(forged, rsa_key.public_key())


def test_payload_with_duplicate_members_is_malformed(rsa_key: rsa.RSAPrivateKey) -> None:
    data = b'{"id":"a","id":"b"}'
    forged = sign_compact(data, private_key=rsa_key, alg="RS256", kid=KID)
    with pytest.raises(MalformedVcJwtError, match="repeats"):
        _decode(forged, rsa_key.public_key())


def _legacy_payload() -> dict[str, object]:
    return {
        "iss": ISSUER,
        "jti": "urn:uuid:2b0a8f6e-8d7c-4c5e-9d59-6d1f6f0b6a01",
        "nbf": int(VALID_FROM.timestamp()),
        "sub": "did:example:ana",
        "vc": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {"type": ["AchievementSubject"]},
        },
    }


def test_legacy_vc_claim_is_unwrapped_and_completed(rsa_key: rsa.RSAPrivateKey) -> None:
    token = _resign(rsa_key, _legacy_payload())
    decoded = decode_vc_jwt(token, key_for=_fixed(rsa_key.public_key()), now=NOW)
    assert decoded.legacy_vc_claim
    assert decoded.credential == {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:ana"},
        "issuer": ISSUER,
        "id": "urn:uuid:2b0a8f6e-8d7c-4c5e-9d59-6d1f6f0b6a01",
        "issuanceDate": "2025-06-01T12:00:00Z",
    }


def test_legacy_vc_claim_disagreeing_with_its_claims_is_refused(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    payload = _legacy_payload()
    vc = payload["vc"]
    assert isinstance(vc, dict)
    vc["issuer"] = "did:web:evil.example"
    with pytest.raises(ClaimsMismatchError):
        _decode(_resign(rsa_key, payload), rsa_key.public_key())
