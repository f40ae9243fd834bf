"""Open Badges 2.0 signed badges: CryptographicKey, RevocationList and the assertion JWS.

Spec: OB2 §SignedBadge, §CryptographicKey, §RevocationList and §Verification (FACTS §1.3):
the JWS payload is the Assertion JSON; "using RSA-SHA256 is recommended", and the 1EdTech
validator verifies RS256 only, with the PEM key found at ``verification.creator``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence

from cryptography.hazmat.primitives.asymmetric import rsa

from badgeservice.crypto import jws
from badgeservice.crypto.keypairs import public_key_from_pem
from badgeservice.formats.ob2_documents import OB2_CONTEXT, is_http_url, is_urn_uuid

SIGNED_ASSERTION_ALG = "RS256"


class SignedAssertionError(Exception):
    """A signed assertion was refused: malformed, not RS256, or its signature fails."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def cryptographic_key(key_id: str, owner: str, public_pem: str) -> dict[str, object]:
    """A CryptographicKey (OB2 §CryptographicKey): ``id``, ``owner`` (issuer id), ``publicKeyPem``.

    Only RSA keys are accepted, since the 1EdTech validator verifies signed badges with RS256.
    """
    _require(is_http_url(key_id), "a CryptographicKey id must be an http(s) URL")
    _require(is_http_url(owner), "a CryptographicKey owner must be the issuer's http(s) id")
    _require(
        isinstance(public_key_from_pem(public_pem), rsa.RSAPublicKey),
        "OB 2.0 signing keys are RSA keys (RS256)",
    )
    return {
        "@context": OB2_CONTEXT,
        "type": "CryptographicKey",
        "id": key_id,
        "owner": owner,
        "publicKeyPem": public_pem,
    }


def revocation_list(
    list_id: str, issuer: str, revoked: Sequence[tuple[str, str | None]]
) -> dict[str, object]:
    """A RevocationList (OB2 §RevocationList) of ``{id, revocationReason?}`` objects.

    ``revokedAssertions`` is always an array of objects, also for one entry; the caller orders
    the entries (stable order keeps the bytes, and so the ETag, stable).
    """
    _require(is_http_url(list_id), "a RevocationList id must be an http(s) URL")
    _require(is_http_url(issuer), "a RevocationList issuer must be the issuer's http(s) id")
    entries: list[dict[str, object]] = []
    for assertion_id, reason in revoked:
        entry: dict[str, object] = {"id": assertion_id}
        if reason is not None:
            entry["revocationReason"] = reason
        entries.append(entry)
    return {
        "@context": OB2_CONTEXT,
        "type": "RevocationList",
        "id": list_id,
        "issuer": issuer,
        "revokedAssertions": entries,
    }


def assertion_json_bytes(assertion: Mapping[str, object]) -> bytes:
    """The exact bytes signed and served: compact UTF-8 JSON, member order as built."""
    text = json.dumps(assertion, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def sign_assertion(
    assertion: Mapping[str, object], *, private_key: rsa.RSAPrivateKey, kid: str | None = None
) -> str:
    """Sign an OB 2.0 signed Assertion as a compact JWS, RS256 (OB2 §SignedBadge).

    The payload is the Assertion JSON as UTF-8 bytes; its ``verification`` must be a
    ``SignedBadge`` naming its ``creator`` key and its id a ``urn:uuid:``.
    """
    verification = assertion.get("verification")
    _require(
        isinstance(verification, Mapping)
        and verification.get("type") == "SignedBadge"
        and isinstance(verification.get("creator"), str),
        "only a SignedBadge assertion with a verification.creator can be signed",
    )
    assertion_id = assertion.get("id")
    _require(isinstance(assertion_id, str) and is_urn_uuid(assertion_id), "id must be urn:uuid")
    return jws.sign_compact(
        assertion_json_bytes(assertion),
        private_key=private_key,
        alg=SIGNED_ASSERTION_ALG,
        kid=kid,
    )


def _parse_assertion(payload: bytes) -> dict[str, object]:
    try:
        loaded = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SignedAssertionError("the JWS payload is not UTF-8 JSON") from exc
    if not isinstance(loaded, dict):
        raise SignedAssertionError("the JWS payload is not a JSON object")
    return loaded


def unverified_assertion(token: str) -> dict[str, object]:
    """The Assertion inside a JWS, *not verified*: read ``verification.creator`` to find the key.

    Mirrors VAL2 ``process_jws_input``; call :func:`verify_signed_assertion` before trusting it.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise SignedAssertionError("a compact JWS has exactly three segments")
    segment = parts[1]
    try:
        payload = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as exc:
        raise SignedAssertionError("the JWS payload is not base64url") from exc
    return _parse_assertion(payload)


def verify_signed_assertion(token: str, *, public_key: rsa.RSAPublicKey) -> dict[str, object]:
    """Verify an OB 2.0 signed assertion with its creator's RSA key, RS256 only (OB2 §Verification).

    Headers beyond alg/kid/jwk/typ are tolerated, as other issuers may add them; ``crit`` is not.
    """
    try:
        verified = jws.verify_compact(
            token,
            key_for=lambda _header: public_key,
            allowed_algs=frozenset({SIGNED_ASSERTION_ALG}),
            strict_headers=False,
        )
    except jws.JwsError as exc:
        raise SignedAssertionError(str(exc)) from exc
    return _parse_assertion(verified.payload)
