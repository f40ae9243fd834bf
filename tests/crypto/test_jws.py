"""Compact JWS: signing, verification and every refusal (RFC 7515, RFC 8725)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable

import jwt
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from badgeservice.crypto.jws import (
    AlgorithmNotAllowedError,
    BadSignatureError,
    DisallowedHeaderError,
    JoseHeader,
    KeyTypeMismatchError,
    MalformedJwsError,
    UnknownKeyError,
    VerificationKey,
    parse_header,
    sign_compact,
    verify_compact,
)
from badgeservice.crypto.keypairs import public_jwk, public_pem

PAYLOAD = b'{"hello":"world"}'
ASYMMETRIC = frozenset({"RS256", "ES256", "EdDSA"})
HMAC_KEY = bytes(range(32))
# RFC 8037 Appendix A.4: Ed25519 signature over "Example of Ed25519 signing".
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC8037_JWS = (
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _token(header: dict[str, object], payload: bytes, signature: bytes) -> str:
    header_b64 = _b64(json.dumps(header).encode())
    return f"{header_b64}.{_b64(payload)}.{_b64(signature)}"


def _fixed(key: VerificationKey) -> Callable[[JoseHeader], VerificationKey]:
    return lambda _header: key


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def ed_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def test_rfc8037_ed25519_example_verifies() -> None:
    public = ed25519.Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(RFC8037_X + "="))
    verified = verify_compact(RFC8037_JWS, key_for=_fixed(public), allowed_algs=ASYMMETRIC)
    assert verified.payload == b"Example of Ed25519 signing"
    assert verified.header.alg == "EdDSA"


def test_rfc8037_example_with_one_payload_byte_changed_fails() -> None:
    public = ed25519.Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(RFC8037_X + "="))
    header, _, signature = RFC8037_JWS.split(".")
    tampered = f"{header}.{_b64(b'Example of Ed25519 signinG')}.{signature}"
    with pytest.raises(BadSignatureError):
        verify_compact(tampered, key_for=_fixed(public), allowed_algs=ASYMMETRIC)


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA", "HS256"])
def test_signed_payload_round_trips(
    alg: str,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    pairs: dict[str, tuple[object, VerificationKey]] = {
        "RS256": (rsa_key, rsa_key.public_key()),
        "ES256": (ec_key, ec_key.public_key()),
        "EdDSA": (ed_key, ed_key.public_key()),
        "HS256": (HMAC_KEY, HMAC_KEY),
    }
    private, public = pairs[alg]
    token = sign_compact(PAYLOAD, private_key=private, alg=alg, kid="k1")  # type: ignore[arg-type]  # each pair matches its alg
    verified = verify_compact(token, key_for=_fixed(public), allowed_algs=frozenset({alg}))
    assert verified.payload == PAYLOAD
    assert verified.header == JoseHeader(
        alg=alg, kid="k1", typ="JWT", members={"alg": alg, "kid": "k1", "typ": "JWT"}
    )


def test_header_is_exactly_alg_kid_typ_in_that_order(ed_key: ed25519.Ed25519PrivateKey) -> None:
    token = sign_compact(PAYLOAD, private_key=ed_key, alg="EdDSA", kid="did:web:x#key-1")
    raw = base64.urlsafe_b64decode(token.split(".")[0] + "==")
    assert raw == b'{"alg":"EdDSA","kid":"did:web:x#key-1","typ":"JWT"}'
    no_kid = sign_compact(PAYLOAD, private_key=ed_key, alg="EdDSA")
    assert parse_header(no_kid).members == {"alg": "EdDSA", "typ": "JWT"}


def test_same_input_gives_the_same_token(ed_key: ed25519.Ed25519PrivateKey) -> None:
    first = sign_compact(PAYLOAD, private_key=ed_key, alg="EdDSA", kid="k")
    assert sign_compact(PAYLOAD, private_key=ed_key, alg="EdDSA", kid="k") == first


def test_tampered_payload_fails(rsa_key: rsa.RSAPrivateKey) -> None:
    header, _, signature = sign_compact(PAYLOAD, private_key=rsa_key, alg="RS256").split(".")
    other_payload = _b64(b'{"hello":"there"}')
    tampered = f"{header}.{other_payload}.{signature}"
    with pytest.raises(BadSignatureError):
        verify_compact(tampered, key_for=_fixed(rsa_key.public_key()), allowed_algs=ASYMMETRIC)


def test_wrong_key_fails(rsa_key: rsa.RSAPrivateKey) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    token = sign_compact(PAYLOAD, private_key=rsa_key, alg="RS256")
    with pytest.raises(BadSignatureError):
        verify_compact(token, key_for=_fixed(other), allowed_algs=ASYMMETRIC)


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_unsecured_alg_none_is_refused(alg: str, rsa_key: rsa.RSAPrivateKey) -> None:
    token = _token({"alg": alg, "typ": "JWT"}, PAYLOAD, b"")
    with pytest.raises(AlgorithmNotAllowedError, match="none"):
        verify_compact(token, key_for=_fixed(rsa_key.public_key()), allowed_algs=ASYMMETRIC)


def test_allowlist_may_not_name_none_or_unknown_algs() -> None:
    with pytest.raises(ValueError, match="allowed_algs"):
        verify_compact("a.b.c", key_for=_fixed(HMAC_KEY), allowed_algs=frozenset({"none"}))
    with pytest.raises(ValueError, match="allowed_algs"):
        verify_compact("a.b.c", key_for=_fixed(HMAC_KEY), allowed_algs=frozenset())


def test_alg_outside_the_allowlist_is_refused(ec_key: ec.EllipticCurvePrivateKey) -> None:
    token = sign_compact(PAYLOAD, private_key=ec_key, alg="ES256")
    with pytest.raises(AlgorithmNotAllowedError, match="ES256"):
        verify_compact(
            token, key_for=_fixed(ec_key.public_key()), allowed_algs=frozenset({"RS256"})
        )


def _hs256_with_public_pem(public: rsa.RSAPublicKey) -> str:
    # The classic forgery: an attacker MACs with the issuer's *public* key PEM as HMAC secret.
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    signing_input = f"{header}.{_b64(PAYLOAD)}".encode()
    mac = hmac.new(public_pem(public).encode(), signing_input, hashlib.sha256).digest()
    return f"{signing_input.decode()}.{_b64(mac)}"


def test_hs256_signed_with_the_public_pem_is_refused_by_an_rs256_allowlist(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    token = _hs256_with_public_pem(rsa_key.public_key())
    with pytest.raises(AlgorithmNotAllowedError):
        verify_compact(token, key_for=_fixed(rsa_key.public_key()), allowed_algs=ASYMMETRIC)


@pytest.mark.parametrize("as_pem", [False, True])
def test_hs256_signed_with_the_public_pem_is_refused_even_when_hs256_is_allowed(
    rsa_key: rsa.RSAPrivateKey, as_pem: bool
) -> None:
    public = rsa_key.public_key()
    token = _hs256_with_public_pem(public)
    key: VerificationKey = public_pem(public).encode() if as_pem else public
    with pytest.raises(KeyTypeMismatchError):
        verify_compact(token, key_for=_fixed(key), allowed_algs=frozenset({"RS256", "HS256"}))


@pytest.mark.parametrize(
    ("alg", "wrong"),
    [("ES256", "rsa"), ("RS256", "ec"), ("EdDSA", "ec"), ("ES256", "p384"), ("HS256", "short")],
)
def test_key_of_the_wrong_family_is_refused(
    alg: str,
    wrong: str,
    rsa_key: rsa.RSAPrivateKey,
    ec_key: ec.EllipticCurvePrivateKey,
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    signers: dict[str, object] = {
        "ES256": ec_key,
        "RS256": rsa_key,
        "EdDSA": ed_key,
        "HS256": HMAC_KEY,
    }
    token = sign_compact(PAYLOAD, private_key=signers[alg], alg=alg)  # type: ignore[arg-type]  # matching signer
    wrong_keys: dict[str, VerificationKey] = {
        "rsa": rsa_key.public_key(),
        "ec": ec_key.public_key(),
        "p384": ec.generate_private_key(ec.SECP384R1()).public_key(),
        "short": b"short",
    }
    with pytest.raises(KeyTypeMismatchError):
        verify_compact(token, key_for=_fixed(wrong_keys[wrong]), allowed_algs=frozenset({alg}))


def test_signing_with_a_key_of_the_wrong_family_is_refused(
    ec_key: ec.EllipticCurvePrivateKey,
) -> None:
    with pytest.raises(KeyTypeMismatchError):
        sign_compact(PAYLOAD, private_key=ec_key, alg="RS256")
    with pytest.raises(AlgorithmNotAllowedError):
        sign_compact(PAYLOAD, private_key=ec_key, alg="none")


def test_rsa_key_below_2048_bits_is_refused() -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the point
    with pytest.raises(KeyTypeMismatchError):
        sign_compact(PAYLOAD, private_key=weak, alg="RS256")
    header = _b64(b'{"alg":"RS256"}')
    signing_input = f"{header}.{_b64(PAYLOAD)}"
    signature = weak.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    token = f"{signing_input}.{_b64(signature)}"
    with pytest.raises(KeyTypeMismatchError):
        verify_compact(token, key_for=_fixed(weak.public_key()), allowed_algs=ASYMMETRIC)


def test_crit_header_is_refused_even_when_not_strict(ed_key: ed25519.Ed25519PrivateKey) -> None:
    token = jwt.PyJWS().encode(
        PAYLOAD, ed_key, algorithm="EdDSA", headers={"crit": ["exp"], "exp": 1}
    )
    with pytest.raises(DisallowedHeaderError, match="critical"):
        verify_compact(
            token,
            key_for=_fixed(ed_key.public_key()),
            allowed_algs=ASYMMETRIC,
            strict_headers=False,
        )


def test_extra_header_member_is_refused_only_when_strict(
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    token = jwt.PyJWS().encode(
        PAYLOAD, ed_key, algorithm="EdDSA", headers={"x5u": "https://evil.example/cert"}
    )
    key_for = _fixed(ed_key.public_key())
    with pytest.raises(DisallowedHeaderError, match="x5u"):
        verify_compact(token, key_for=key_for, allowed_algs=ASYMMETRIC)
    verified = verify_compact(token, key_for=key_for, allowed_algs=ASYMMETRIC, strict_headers=False)
    assert verified.payload == PAYLOAD


def test_header_jwk_with_private_members_is_refused(ed_key: ed25519.Ed25519PrivateKey) -> None:
    leaky = {**public_jwk(ed_key.public_key()), "d": "c2VjcmV0"}
    token = jwt.PyJWS().encode(PAYLOAD, ed_key, algorithm="EdDSA", headers={"jwk": leaky})
    with pytest.raises(DisallowedHeaderError, match="private"):
        verify_compact(token, key_for=_fixed(ed_key.public_key()), allowed_algs=ASYMMETRIC)


def test_public_header_jwk_is_accepted(ed_key: ed25519.Ed25519PrivateKey) -> None:
    jwk = public_jwk(ed_key.public_key())
    token = jwt.PyJWS().encode(PAYLOAD, ed_key, algorithm="EdDSA", headers={"jwk": jwk})
    verified = verify_compact(token, key_for=_fixed(ed_key.public_key()), allowed_algs=ASYMMETRIC)
    assert verified.header.jwk == jwk


@pytest.mark.parametrize(
    "token",
    [
        "only.two",
        "a.b.c.d",
        "!!!.e30.AA",
        _b64(b"not json") + ".e30.AA",
        _b64(b"[1]") + ".e30.AA",
        _b64(b'{"typ":"JWT"}') + ".e30.AA",
        _b64(b'{"alg":"RS256","alg":"HS256"}') + ".e30.AA",
        _b64(b'{"alg":"RS256","kid":7}') + ".e30.AA",
        _b64(b'{"alg":"RS256","jwk":"x"}') + ".e30.AA",
        _b64(b'{"alg":"RS256"}') + "=.e30.AA",
    ],
)
def test_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(MalformedJwsError):
        verify_compact(token, key_for=_fixed(HMAC_KEY), allowed_algs=ASYMMETRIC)


def test_malformed_signature_segment_is_refused(ed_key: ed25519.Ed25519PrivateKey) -> None:
    token = sign_compact(PAYLOAD, private_key=ed_key, alg="EdDSA") + "!"
    with pytest.raises(MalformedJwsError):
        verify_compact(token, key_for=_fixed(ed_key.public_key()), allowed_algs=ASYMMETRIC)


def test_key_lookup_failure_propagates(ed_key: ed25519.Ed25519PrivateKey) -> None:
    token = sign_compact(PAYLOAD, private_key=ed_key, alg="EdDSA", kid="unknown")

    def key_for(header: JoseHeader) -> VerificationKey:
        raise UnknownKeyError(f"no key {header.kid}")

    with pytest.raises(UnknownKeyError, match="unknown"):
        verify_compact(token, key_for=key_for, allowed_algs=ASYMMETRIC)
