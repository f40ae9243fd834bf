"""Recipient identities: normalised, hashed for publication, keyed-HMAC'd for lookups
(DESIGN.md "Recipients in each format")."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from badgeservice.awards.documents import RecipientData
from badgeservice.badge_classes.requirements import RecipientType
from badgeservice.crypto.secrets import recipient_lookup_hmac
from badgeservice.formats.recipient_hash import identity_hash, normalise_email

_HASHED = (RecipientType.EMAIL, RecipientType.TELEPHONE)


@dataclass(frozen=True)
class StoredRecipient:
    data: RecipientData
    lookup: str
    published_hash: str | None
    public_identity: str | None


def normalise(kind: RecipientType, identity: str) -> str:
    identity = identity.strip()
    return normalise_email(identity) if kind is RecipientType.EMAIL else identity


def lookup_key(kind: RecipientType, identity: str, *, key: bytes) -> str:
    return recipient_lookup_hmac(f"{kind.value}:{normalise(kind, identity)}", key=key)


def infer_type(identity: str) -> RecipientType:
    """The recipient type a bare identity most likely has (for list filters)."""
    value = identity.strip()
    if value.startswith("did:"):
        return RecipientType.DID
    if value.startswith(("http://", "https://")):
        return RecipientType.URL
    if value.startswith("+"):
        return RecipientType.TELEPHONE
    return RecipientType.EMAIL


def prepare(kind: RecipientType, identity: str, *, key: bytes) -> StoredRecipient:
    value = normalise(kind, identity)
    if kind in _HASHED:
        salt = secrets.token_hex(16)
        # An opaque subject id: the credential never names the email or telephone.
        data = RecipientData(type=kind, identity=value, salt=salt, subject_id=uuid.uuid4().urn)
        published = identity_hash(value, salt)
        public = None
    else:
        data = RecipientData(type=kind, identity=value, salt=None, subject_id=value)
        published = None
        public = value
    return StoredRecipient(
        data=data,
        lookup=lookup_key(kind, value, key=key),
        published_hash=published,
        public_identity=public,
    )
