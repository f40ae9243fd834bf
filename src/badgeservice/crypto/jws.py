"""Compact JWS (RFC 7515 §7.1) signing and verification with an explicit algorithm allowlist.

PyJWT's :class:`jwt.PyJWS` does the signature arithmetic; this module adds the checks that stop
the classic JOSE attacks before a key is ever used:

* ``alg: none`` (RFC 7518 §3.6) is always refused, and every call names the algorithms it allows;
* the key type must match the algorithm family (RS*/PS* → RSA, ES256 → P-256, EdDSA → Ed25519,
  HS* → raw bytes), so an RSA public key can never be used as an HMAC secret ("algorithm
  confusion", RFC 8725 §2.1, §3.1);
* ``crit`` (RFC 7515 §4.1.11) is refused since no extension is understood, and with
  ``strict_headers`` only ``alg``, ``kid``, ``jwk`` and ``typ`` may appear (OB 3.0 VC-JWT:
  "Additional JOSE Headers are NOT allowed", FACTS §2.9 A);
* duplicate header members are refused rather than resolved (RFC 7515 §5.2 allows either).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.exceptions import (
    DecodeError,
    InvalidAlgorithmError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidTokenError,
)

from badgeservice.crypto.keypairs import PrivateKey, PublicKey

SigningKey: TypeAlias = PrivateKey | bytes
VerificationKey: TypeAlias = PublicKey | bytes

STRICT_HEADER_MEMBERS = frozenset({"alg", "kid", "jwk", "typ"})
_RSA_ALGS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
_HMAC_ALGS = frozenset({"HS256", "HS384", "HS512"})
SUPPORTED_ALGS = _RSA_ALGS | _HMAC_ALGS | {"ES256", "EdDSA"}
_MIN_HMAC_KEY_BYTES = 32
_MIN_RSA_KEY_BITS = 2048
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


class JwsError(Exception):
    """A compact JWS was refused; subclasses say why."""


class MalformedJwsError(JwsError):
    """Not three base64url segments with a JSON-object header."""


class AlgorithmNotAllowedError(JwsError):
    """``alg`` is ``none``, unsupported, or not in the caller's allowlist."""


class DisallowedHeaderError(JwsError):
    """The header holds ``crit``, a private ``jwk``, or (strict) a member beyond alg/kid/jwk/typ."""


class KeyTypeMismatchError(JwsError):
    """The key's type does not belong to the header's algorithm family, or it is too weak."""


class UnknownKeyError(JwsError):
    """No key is known for this header; raised by ``key_for`` callbacks."""


class BadSignatureError(JwsError):
    """The signature does not verify with the selected key."""


@dataclass(frozen=True, slots=True)
class JoseHeader:
    """The protected header of a compact JWS (RFC 7515 §4). ``members`` holds every member."""

    alg: str
    kid: str | None = None
    typ: str | None = None
    jwk: Mapping[str, object] | None = field(default=None, hash=False)
    members: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class VerifiedJws:
    """A JWS whose signature verified: its header and the exact payload bytes signed."""

    header: JoseHeader
    payload: bytes


@functools.cache
def _pyjws(alg: str) -> jwt.PyJWS:
    # One algorithm per instance: PyJWT itself then refuses anything else.
    return jwt.PyJWS(algorithms=[alg], options={"enforce_minimum_key_length": True})


def _check_key_family(alg: str, key: object) -> None:
    if alg in _RSA_ALGS:
        ok = isinstance(key, rsa.RSAPublicKey | rsa.RSAPrivateKey) and (
            key.key_size >= _MIN_RSA_KEY_BITS
        )
    elif alg == "ES256":
        ok = isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey) and (
            isinstance(key.curve, ec.SECP256R1)
        )
    elif alg == "EdDSA":
        ok = isinstance(key, ed25519.Ed25519PublicKey | ed25519.Ed25519PrivateKey)
    else:
        ok = isinstance(key, bytes) and len(key) >= _MIN_HMAC_KEY_BYTES and b"-----" not in key
    if not ok:
        raise KeyTypeMismatchError(f"a {type(key).__name__} cannot be used with alg {alg}")


def sign_compact(
    payload: bytes, *, private_key: SigningKey, alg: str, kid: str | None = None
) -> str:
    """Sign ``payload`` as a compact JWS (RFC 7515 §7.1) with header ``{alg, kid?, typ: "JWT"}``.

    The header members are written sorted (alg, kid, typ), so the same input gives the same bytes
    for the deterministic algorithms (EdDSA, RS256, HS*).
    """
    if alg not in SUPPORTED_ALGS:
        raise AlgorithmNotAllowedError(f"alg {alg!r} is not supported")
    _check_key_family(alg, private_key)
    headers: dict[str, object] | None = {"kid": kid} if kid is not None else None
    try:
        return _pyjws(alg).encode(payload, private_key, algorithm=alg, headers=headers)
    except InvalidKeyError as exc:
        raise KeyTypeMismatchError(str(exc)) from exc


def _b64url_segment(segment: str, what: str) -> bytes:
    if not _SEGMENT.fullmatch(segment) or len(segment) % 4 == 1:
        raise MalformedJwsError(f"the {what} is not unpadded base64url")
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as exc:
        raise MalformedJwsError(f"the {what} is not base64url") from exc


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for name, value in pairs:
        if name in result:
            raise MalformedJwsError(f"duplicate header member {name!r}")
        result[name] = value
    return result


def parse_header(token: str) -> JoseHeader:
    """Decode (without verifying) the protected header of a compact JWS (RFC 7515 §7.1)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise MalformedJwsError("a compact JWS has exactly three segments")
    try:
        members = json.loads(
            _b64url_segment(parts[0], "header").decode("utf-8"),
            object_pairs_hook=_refuse_duplicates,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedJwsError("the header is not UTF-8 JSON") from exc
    if not isinstance(members, dict):
        raise MalformedJwsError("the header is not a JSON object")
    alg, kid, typ, jwk = (members.get(name) for name in ("alg", "kid", "typ", "jwk"))
    if not isinstance(alg, str):
        raise MalformedJwsError("the header has no alg")
    if kid is not None and not isinstance(kid, str):
        raise MalformedJwsError("kid must be a string")
    if typ is not None and not isinstance(typ, str):
        raise MalformedJwsError("typ must be a string")
    if jwk is not None and not isinstance(jwk, dict):
        raise MalformedJwsError("jwk must be a JSON object")
    return JoseHeader(alg=alg, kid=kid, typ=typ, jwk=jwk, members=members)


def _check_header(header: JoseHeader, allowed_algs: frozenset[str], *, strict: bool) -> None:
    if header.alg.lower() == "none":
        raise AlgorithmNotAllowedError("unsecured JWS (alg none) is never accepted")
    if header.alg not in allowed_algs:
        raise AlgorithmNotAllowedError(f"alg {header.alg!r} is not allowed here")
    if "crit" in header.members or "b64" in header.members:
        raise DisallowedHeaderError("no critical JWS extension is supported")
    if header.jwk is not None and _PRIVATE_JWK_MEMBERS.intersection(header.jwk):
        raise DisallowedHeaderError("the header jwk carries private key members")
    if strict:
        extra = set(header.members) - STRICT_HEADER_MEMBERS
        if extra:
            raise DisallowedHeaderError(f"header members not allowed: {sorted(extra)}")


def verify_compact(
    token: str,
    *,
    key_for: Callable[[JoseHeader], VerificationKey],
    allowed_algs: frozenset[str],
    strict_headers: bool = True,
) -> VerifiedJws:
    """Verify a compact JWS (RFC 7515 §5.2) against the key ``key_for`` picks from its header.

    Order: parse, check the header (alg allowlist, ``none``, ``crit``, strict members), select the
    key, check the key type against the alg family, then verify the signature.
    """
    unsupported = allowed_algs - SUPPORTED_ALGS
    if unsupported or not allowed_algs:
        raise ValueError(f"allowed_algs must be a non-empty subset of {sorted(SUPPORTED_ALGS)}")
    header = parse_header(token)
    _check_header(header, allowed_algs, strict=strict_headers)
    key = key_for(header)
    _check_key_family(header.alg, key)
    try:
        decoded = _pyjws(header.alg).decode_complete(token, key, algorithms=[header.alg])
    except InvalidSignatureError as exc:
        raise BadSignatureError("the signature does not verify") from exc
    except InvalidKeyError as exc:
        raise KeyTypeMismatchError(str(exc)) from exc
    except InvalidAlgorithmError as exc:
        raise AlgorithmNotAllowedError(str(exc)) from exc
    except (DecodeError, InvalidTokenError) as exc:
        raise MalformedJwsError(str(exc)) from exc
    payload = decoded["payload"]
    if not isinstance(payload, bytes):
        raise MalformedJwsError("the payload did not decode to bytes")
    return VerifiedJws(header=header, payload=payload)
