"""Key generation and the Multikey / JWK / PEM / PKCS#8 encodings."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from badgeservice.crypto.keypairs import (
    KeyAlgorithm,
    KeyFormatError,
    PrivateKey,
    clear_private_key_cache,
    ed25519_public_from_multibase,
    ed25519_public_multibase,
    generate_private_key,
    key_algorithm,
    load_private_key_cached,
    private_key_from_der,
    private_key_to_der,
    public_jwk,
    public_key_from_jwk,
    public_key_from_pem,
    public_pem,
)

# 1EdTech OB 3.0 eddsa-rdfc-2022 test vector key (spec/test-vectors, FACTS §2.11).
VECTOR_PUBLIC_HEX = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
VECTOR_MULTIBASE = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
# RFC 8037 Appendix A.2: the Ed25519 public key as a JWK.
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def keys() -> dict[KeyAlgorithm, PrivateKey]:
    return {algorithm: generate_private_key(algorithm) for algorithm in KeyAlgorithm}


def test_generated_keys_have_the_documented_types(keys: dict[KeyAlgorithm, PrivateKey]) -> None:
    rsa_key = keys[KeyAlgorithm.RS256]
    ec_key = keys[KeyAlgorithm.ES256]
    assert isinstance(keys[KeyAlgorithm.ED25519], ed25519.Ed25519PrivateKey)
    assert isinstance(rsa_key, rsa.RSAPrivateKey)
    assert rsa_key.key_size == 2048
    assert rsa_key.public_key().public_numbers().e == 65537
    assert isinstance(ec_key, ec.EllipticCurvePrivateKey)
    assert isinstance(ec_key.curve, ec.SECP256R1)
    assert {key_algorithm(key) for key in keys.values()} == set(KeyAlgorithm)


def test_jws_alg_names_follow_jose() -> None:
    assert [a.jws_alg for a in KeyAlgorithm] == ["EdDSA", "RS256", "ES256"]


def test_multibase_matches_the_official_test_vector() -> None:
    public = ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(VECTOR_PUBLIC_HEX))
    assert ed25519_public_multibase(public) == VECTOR_MULTIBASE
    assert ed25519_public_from_multibase(VECTOR_MULTIBASE) == public


@pytest.mark.parametrize(
    "bad",
    [
        VECTOR_MULTIBASE[1:],  # no multibase prefix
        "u" + VECTOR_MULTIBASE[1:],  # another base
        "z" + "0OIl",  # not base58
        "zQmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",  # a sha2-256 multihash, not 0xed01
        VECTOR_MULTIBASE[:-2],  # truncated key
    ],
)
def test_multibase_refuses_other_prefixes_and_lengths(bad: str) -> None:
    with pytest.raises(KeyFormatError):
        ed25519_public_from_multibase(bad)


def test_ed25519_jwk_matches_rfc8037() -> None:
    public = public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X})
    assert isinstance(public, ed25519.Ed25519PublicKey)
    assert public_jwk(public) == {"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X}


@pytest.mark.parametrize("algorithm", list(KeyAlgorithm))
def test_public_jwk_round_trips_without_private_members(
    keys: dict[KeyAlgorithm, PrivateKey], algorithm: KeyAlgorithm
) -> None:
    public = keys[algorithm].public_key()
    jwk = public_jwk(public)
    assert "d" not in jwk
    assert public_key_from_jwk(jwk) == public


def test_ec_jwk_coordinates_are_fixed_length(keys: dict[KeyAlgorithm, PrivateKey]) -> None:
    jwk = public_jwk(keys[KeyAlgorithm.ES256].public_key())
    assert jwk["kty"] == "EC"
    assert jwk["crv"] == "P-256"
    assert len(str(jwk["x"])) == len(str(jwk["y"])) == 43  # 32 bytes, unpadded base64url


@pytest.mark.parametrize(
    ("jwk", "reason"),
    [
        ({"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X, "d": "AAAA"}, "private"),
        ({"kty": "oct", "k": "AAAA"}, "private"),
        ({"kty": "OKP", "crv": "X25519", "x": RFC8037_X}, "Ed25519"),
        ({"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X[:-4]}, "32 bytes"),
        ({"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X + "="}, "base64url"),
        ({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}, "P-256"),
        ({"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": "A" * 43}, "invalid EC"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, "invalid RSA"),
        ({"kty": "RSA", "n": _b64(b"\xc1" + bytes(126) + b"\x01"), "e": "AQAB"}, "2048"),
        ({"kty": "XYZ"}, "unsupported"),
        ({"crv": "Ed25519", "x": RFC8037_X}, "unsupported"),
    ],
)
def test_public_key_from_jwk_refuses_private_unknown_or_invalid(
    jwk: dict[str, object], reason: str
) -> None:
    with pytest.raises(KeyFormatError, match=reason):
        public_key_from_jwk(jwk)


@pytest.mark.parametrize("algorithm", list(KeyAlgorithm))
def test_public_pem_round_trips(
    keys: dict[KeyAlgorithm, PrivateKey], algorithm: KeyAlgorithm
) -> None:
    public = keys[algorithm].public_key()
    pem = public_pem(public)
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n")
    assert public_key_from_pem(pem) == public


def test_public_key_from_pem_refuses_a_private_key_pem(
    keys: dict[KeyAlgorithm, PrivateKey],
) -> None:
    from cryptography.hazmat.primitives import serialization

    private_pem = keys[KeyAlgorithm.ED25519].private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(KeyFormatError):
        public_key_from_pem(private_pem)


def test_public_key_from_pem_refuses_a_p384_key() -> None:
    p384 = ec.generate_private_key(ec.SECP384R1()).public_key()
    with pytest.raises(KeyFormatError, match="curve"):
        public_key_from_pem(public_pem(p384))


@pytest.mark.parametrize("algorithm", list(KeyAlgorithm))
def test_private_der_round_trips(
    keys: dict[KeyAlgorithm, PrivateKey], algorithm: KeyAlgorithm
) -> None:
    der = private_key_to_der(keys[algorithm])
    loaded = private_key_from_der(der)
    assert private_key_to_der(loaded) == der


def test_private_key_from_der_refuses_garbage() -> None:
    with pytest.raises(KeyFormatError):
        private_key_from_der(b"\x30\x03\x02\x01\x00")


def test_cached_loader_returns_the_same_object_for_the_same_der(
    keys: dict[KeyAlgorithm, PrivateKey],
) -> None:
    clear_private_key_cache()
    der = private_key_to_der(keys[KeyAlgorithm.RS256])
    first = load_private_key_cached(der)
    assert load_private_key_cached(bytes(der)) is first
    other = load_private_key_cached(private_key_to_der(keys[KeyAlgorithm.ED25519]))
    assert other is not first
    clear_private_key_cache()
    assert load_private_key_cached(der) is not first
