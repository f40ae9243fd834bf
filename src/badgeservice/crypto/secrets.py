"""Machine client secrets, keyed lookups and HKDF sub-keys of the key-encryption key.

Client secrets are random 256-bit tokens, so a keyed HMAC-SHA256 (RFC 2104) with a server-side
pepper is enough to store them: a slow password hash would only make the token endpoint a
denial-of-service lever (LIBRARIES.md "client secrets"). Every purpose gets its own sub-key
derived from the one configured master key with HKDF-SHA256 (RFC 5869), so a leak of one derived
key exposes nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import StrEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_MIN_KEY_BYTES = 32
_HKDF_INFO_PREFIX = b"badgeservice/v1/"
_SECRET_HASH_PREFIX = "hmac-sha256$"  # noqa: S105 - a format label, not a secret


class SubkeyPurpose(StrEnum):
    """The purposes sub-keys are derived for; the value is the HKDF ``info`` label."""

    # The values are public labels, not secrets (ruff S105 flags the words "token"/"secret").

    PRIVATE_KEY_ENVELOPE = "private-key-envelope"
    ACCESS_TOKEN_SIGNING = "access-token-signing"  # noqa: S105
    CLIENT_SECRET_PEPPER = "client-secret-pepper"  # noqa: S105
    RECIPIENT_LOOKUP_HMAC = "recipient-lookup-hmac"


def _check_key(key: bytes, what: str) -> None:
    if len(key) < _MIN_KEY_BYTES:
        raise ValueError(f"the {what} must be at least {_MIN_KEY_BYTES} bytes")


def derive_subkey(master: bytes, *, purpose: str, length: int = 32) -> bytes:
    """HKDF-SHA256 (RFC 5869) of the master key, no salt, ``info`` = ``badgeservice/v1/<purpose>``.

    The master key is already uniformly random (32 bytes from a CSPRNG), so RFC 5869 §3.1 allows
    omitting the salt; the purpose label in ``info`` separates the outputs.
    """
    _check_key(master, "master key")
    if not purpose or not purpose.isascii():
        raise ValueError("a sub-key purpose is a non-empty ASCII label")
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=length,
        salt=None,
        info=_HKDF_INFO_PREFIX + purpose.encode("ascii"),
    )
    return hkdf.derive(master)


def new_client_secret() -> str:
    """A fresh client secret: 32 random bytes as URL-safe text (Python ``secrets`` module)."""
    return secrets.token_urlsafe(32)


def hash_client_secret(secret: str, *, pepper: bytes) -> str:
    """``hmac-sha256$<hex>``: HMAC-SHA256 (RFC 2104) of the secret, keyed by the pepper."""
    _check_key(pepper, "client-secret pepper")
    digest = hmac.new(pepper, secret.encode("utf-8"), hashlib.sha256).hexdigest()
    return _SECRET_HASH_PREFIX + digest


def verify_client_secret(secret: str, stored: str, *, pepper: bytes) -> bool:
    """Whether ``secret`` hashes to ``stored``, compared in constant time."""
    expected = hash_client_secret(secret, pepper=pepper).encode("ascii")
    # bytes, not str: compare_digest refuses non-ASCII str, and `stored` comes from the database.
    return hmac.compare_digest(expected, stored.encode("utf-8"))


def recipient_lookup_hmac(normalised_identity: str, *, key: bytes) -> str:
    """Keyed HMAC-SHA256 hex of a normalised recipient identity (DESIGN.md "Recipients").

    Lets the service find a recipient's awards without storing the plaintext email or phone;
    unlike the published salted hash, it cannot be brute-forced without the key.
    """
    _check_key(key, "recipient lookup key")
    return hmac.new(key, normalised_identity.encode("utf-8"), hashlib.sha256).hexdigest()
