"""Salted recipient identity hashes, shared by Open Badges 2.0 and 3.0.

OB 2.0 IdentityHash and OB 3.0 IdentityObject.identityHash use the same construction:
``"sha256$" + hex(SHA-256(UTF8(identity) + UTF8(salt)))``
(https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#IdentityHash,
https://www.imsglobal.org/spec/ob/v3p0/#identityobject).
"""

from __future__ import annotations

import hashlib
import hmac

_PREFIXES = ("sha256$", "md5$")


def identity_hash(identity: str, salt: str) -> str:
    """Return ``sha256$<lowercase hex>`` of the identity followed by the salt."""
    digest = hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def matches_identity_hash(identity: str, salt: str | None, published: str) -> bool:
    """Whether ``published`` (``sha256$…`` or ``md5$…``, any hex case) hashes ``identity``."""
    lowered = published.strip().lower()
    if not lowered.startswith(_PREFIXES):
        return False
    algorithm, _, expected = lowered.partition("$")
    data = (identity + (salt or "")).encode("utf-8")
    if algorithm == "sha256":
        actual = hashlib.sha256(data).hexdigest()
    else:
        # md5 is permitted for reading legacy badges only; we never emit it.
        actual = hashlib.md5(data, usedforsecurity=False).hexdigest()
    return hmac.compare_digest(actual, expected)


def normalise_email(email: str) -> str:
    """Trim and lower-case an email the way recipients type it (DESIGN.md "Recipients")."""
    return email.strip().lower()
