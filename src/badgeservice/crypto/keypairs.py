"""Signing key pairs and their public encodings: Multikey, JWK, PEM, PKCS#8.

Three key types are used: Ed25519 (Data Integrity ``eddsa-rdfc-2022``), RSA-2048 (OB 2.0 signed
assertions and VC-JWT RS256) and EC P-256 (VC-JWT ES256). Encodings follow RFC 7517/7518/8037
(JWK), the W3C Controlled Identifiers Multikey format
(https://www.w3.org/TR/cid-1.0/#Multikey, FACTS.md §2.11) and RFC 5280/5958 (SPKI, PKCS#8).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeAlias

import base58
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

PrivateKey: TypeAlias = ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey: TypeAlias = ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey

RSA_KEY_BITS = 2048
RSA_PUBLIC_EXPONENT = 65537
_MIN_RSA_KEY_BITS = 2048
_ED25519_MULTICODEC = b"\xed\x01"
_ED25519_KEY_BYTES = 32
_P256_COORDINATE_BYTES = 32
# Members that only a private JWK carries (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2).
_PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


class KeyAlgorithm(StrEnum):
    """The signing algorithms a stored key serves; values match the JOSE/Multikey names."""

    ED25519 = "Ed25519"
    RS256 = "RS256"
    ES256 = "ES256"

    @property
    def jws_alg(self) -> str:
        """The JOSE ``alg`` for this key (RFC 7518 §3.1, RFC 8037 §3.1)."""
        return "EdDSA" if self is KeyAlgorithm.ED25519 else self.value


class KeyFormatError(ValueError):
    """An encoded key is malformed, of an unsupported type, or carries private material."""


def generate_private_key(algorithm: KeyAlgorithm) -> PrivateKey:
    """Generate a fresh key: Ed25519 (RFC 8032), RSA-2048 with e=65537, or EC P-256 (FIPS 186-5)."""
    if algorithm is KeyAlgorithm.ED25519:
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm is KeyAlgorithm.RS256:
        return rsa.generate_private_key(public_exponent=RSA_PUBLIC_EXPONENT, key_size=RSA_KEY_BITS)
    return ec.generate_private_key(ec.SECP256R1())


def key_algorithm(key: PrivateKey | PublicKey) -> KeyAlgorithm:
    """The :class:`KeyAlgorithm` a key serves; refuses RSA under 2048 bits and non-P-256 curves."""
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return KeyAlgorithm.ED25519
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        if key.key_size < _MIN_RSA_KEY_BITS:
            raise KeyFormatError(f"RSA keys must have at least {_MIN_RSA_KEY_BITS} bits")
        return KeyAlgorithm.RS256
    if isinstance(key.curve, ec.SECP256R1):
        return KeyAlgorithm.ES256
    raise KeyFormatError(f"unsupported elliptic curve {key.curve.name}")


# --- Multikey (Ed25519) -------------------------------------------------------------------


def ed25519_public_multibase(public_key: ed25519.Ed25519PublicKey) -> str:
    """``publicKeyMultibase``: ``"z"`` + base58btc(0xed 0x01 ‖ key) (EDDSA §2.1.1, FACTS §2.11)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    encoded: bytes = base58.b58encode(_ED25519_MULTICODEC + raw)
    return "z" + encoded.decode("ascii")


def ed25519_public_from_multibase(multibase: str) -> ed25519.Ed25519PublicKey:
    """Decode an Ed25519 ``publicKeyMultibase``; refuse other bases, codecs and lengths.

    EDDSA §2.1.1: implementations raise errors for a Multikey prefix other than 0xed01, and only
    the base58btc (``z``) multibase form is allowed.
    """
    if not multibase.startswith("z"):
        raise KeyFormatError("publicKeyMultibase must use base58btc (prefix 'z')")
    try:
        decoded: bytes = base58.b58decode(multibase[1:])
    except ValueError as exc:
        raise KeyFormatError("publicKeyMultibase is not valid base58btc") from exc
    if not decoded.startswith(_ED25519_MULTICODEC):
        raise KeyFormatError("publicKeyMultibase is not an Ed25519 public key (multicodec 0xed01)")
    raw = decoded[len(_ED25519_MULTICODEC) :]
    if len(raw) != _ED25519_KEY_BYTES:
        raise KeyFormatError("an Ed25519 public key is 32 bytes")
    return ed25519.Ed25519PublicKey.from_public_bytes(raw)


# --- JWK (RFC 7517, RFC 7518 §6, RFC 8037) ------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(member: str, jwk: Mapping[str, object]) -> bytes:
    value = jwk.get(member)
    if not isinstance(value, str) or not value or "=" in value:
        raise KeyFormatError(f"JWK member {member!r} must be unpadded base64url text")
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError(f"JWK member {member!r} is not base64url") from exc
    # Reject non-canonical encodings so one key has one textual form.
    if _b64url(decoded) != value:
        raise KeyFormatError(f"JWK member {member!r} is not canonical base64url")
    return decoded


def _uint_bytes(value: int, length: int | None = None) -> bytes:
    size = length if length is not None else max(1, (value.bit_length() + 7) // 8)
    return value.to_bytes(size, "big")


def public_jwk(public_key: PublicKey) -> dict[str, object]:
    """The public JWK of a key (RFC 7518 §6.2/§6.3, RFC 8037 §2); never contains ``d``."""
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}
    if isinstance(public_key, rsa.RSAPublicKey):
        key_algorithm(public_key)
        numbers = public_key.public_numbers()
        return {
            "kty": "RSA",
            "n": _b64url(_uint_bytes(numbers.n)),
            "e": _b64url(_uint_bytes(numbers.e)),
        }
    key_algorithm(public_key)
    point = public_key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64url(_uint_bytes(point.x, _P256_COORDINATE_BYTES)),
        "y": _b64url(_uint_bytes(point.y, _P256_COORDINATE_BYTES)),
    }


def public_key_from_jwk(jwk: Mapping[str, object]) -> PublicKey:
    """Load a public JWK (RFC 7517): OKP Ed25519, RSA ≥ 2048 bits or EC P-256.

    Refuses private members (``d`` …): a JWK published for verification must never carry them
    (OB 3.0 §8.2 "JSON Web Token Proof Format"; FACTS §2.9 A).
    """
    private = _PRIVATE_JWK_MEMBERS.intersection(jwk)
    if private:
        raise KeyFormatError(f"JWK carries private members {sorted(private)}")
    kty = jwk.get("kty")
    try:
        if kty == "OKP":
            if jwk.get("crv") != "Ed25519":
                raise KeyFormatError("OKP JWK must use crv Ed25519")
            x = _b64url_decode("x", jwk)
            if len(x) != _ED25519_KEY_BYTES:
                raise KeyFormatError("an Ed25519 public key is 32 bytes")
            return ed25519.Ed25519PublicKey.from_public_bytes(x)
        if kty == "RSA":
            n = int.from_bytes(_b64url_decode("n", jwk), "big")
            e = int.from_bytes(_b64url_decode("e", jwk), "big")
            rsa_key = rsa.RSAPublicNumbers(e, n).public_key()
            key_algorithm(rsa_key)
            return rsa_key
        if kty == "EC":
            if jwk.get("crv") != "P-256":
                raise KeyFormatError("EC JWK must use crv P-256")
            x_bytes, y_bytes = _b64url_decode("x", jwk), _b64url_decode("y", jwk)
            if len(x_bytes) != _P256_COORDINATE_BYTES or len(y_bytes) != _P256_COORDINATE_BYTES:
                raise KeyFormatError("P-256 coordinates are 32 bytes each")
            numbers = ec.EllipticCurvePublicNumbers(
                int.from_bytes(x_bytes, "big"), int.from_bytes(y_bytes, "big"), ec.SECP256R1()
            )
            return numbers.public_key()
    except KeyFormatError:
        raise
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError(f"invalid {kty} JWK: {exc}") from exc
    raise KeyFormatError(f"unsupported JWK kty {kty!r}")


# --- PEM / DER ----------------------------------------------------------------------------


def public_pem(public_key: PublicKey) -> str:
    """SubjectPublicKeyInfo PEM (RFC 5280 §4.1.2.7, RFC 7468 §13), as OB 2.0 ``publicKeyPem``."""
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def _checked_public(key: object) -> PublicKey:
    if not isinstance(key, ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise KeyFormatError(f"unsupported public key type {type(key).__name__}")
    key_algorithm(key)
    return key


def public_key_from_pem(pem: str | bytes) -> PublicKey:
    """Load a SubjectPublicKeyInfo PEM public key (RFC 7468 §13) of a supported type."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError("not a PEM SubjectPublicKeyInfo public key") from exc
    return _checked_public(key)


def private_key_to_der(private_key: PrivateKey) -> bytes:
    """Unencrypted PKCS#8 DER (RFC 5958); only ever stored inside a sealed envelope."""
    return private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def private_key_from_der(der: bytes) -> PrivateKey:
    """Load an unencrypted PKCS#8 DER private key (RFC 5958) of a supported type."""
    try:
        key = serialization.load_der_private_key(der, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError("not an unencrypted PKCS#8 DER private key") from exc
    if not isinstance(
        key, ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    ):
        raise KeyFormatError(f"unsupported private key type {type(key).__name__}")
    key_algorithm(key)
    return key


class _PrivateKeyCache:
    """A small thread-safe LRU of loaded private keys, keyed by SHA-256 of their DER bytes.

    Loading an RSA-2048 private key costs ~50 ms (cryptography checks the key on load), which
    would dominate every signature. Keying by the digest keeps no copy of the plaintext DER.
    """

    def __init__(self, max_entries: int) -> None:
        self._max_entries = max_entries
        self._entries: OrderedDict[bytes, PrivateKey] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, der: bytes) -> PrivateKey:
        digest = hashlib.sha256(der).digest()
        with self._lock:
            cached = self._entries.get(digest)
            if cached is not None:
                self._entries.move_to_end(digest)
                return cached
        key = private_key_from_der(der)
        with self._lock:
            self._entries[digest] = key
            self._entries.move_to_end(digest)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return key

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_private_key_cache = _PrivateKeyCache(max_entries=256)


def load_private_key_cached(der: bytes) -> PrivateKey:
    """:func:`private_key_from_der` with a per-process LRU (256 keys) keyed by SHA-256(DER).

    The same DER bytes return the same key object; call after opening the envelope.
    """
    return _private_key_cache.load(der)


def clear_private_key_cache() -> None:
    """Forget every cached private key (after a key is revoked, or between tests)."""
    _private_key_cache.clear()
