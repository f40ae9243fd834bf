"""The ``recipient`` check: does the badge belong to the identity the caller names?

OB 2.0 §IdentityObject and OB 3.0 §"Verify the Recipient" (FACTS §1.2, §2.5): hashed
identities (``sha256$…`` of the identity followed by the salt) are compared through the hash,
never published in clear; plaintext ones (URLs, DIDs) are compared as they are. Emails are
compared as given and as we normalise them (trimmed, lower-cased), since issuers hash the form
their recipients type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from badgeservice.formats.ob3_inputs import EMAIL_IDENTITY_TYPE, TELEPHONE_IDENTITY_TYPE
from badgeservice.formats.recipient_hash import matches_identity_hash, normalise_email
from badgeservice.i18n import Text
from badgeservice.verification.checks import CheckStatus


class IdentityType(StrEnum):
    EMAIL = "email"
    TELEPHONE = "telephone"
    URL = "url"
    DID = "did"


@dataclass(frozen=True)
class RecipientClaim:
    """An identity a caller says the badge was awarded to."""

    type: IdentityType
    identity: str

    def candidates(self) -> tuple[str, ...]:
        identity = self.identity.strip()
        if self.type is IdentityType.EMAIL:
            return tuple(dict.fromkeys((identity, normalise_email(identity))))
        return (identity,)


@dataclass(frozen=True)
class RecipientOutcome:
    status: CheckStatus
    text: Text


_OB2_TYPES = {
    IdentityType.EMAIL: ("email",),
    IdentityType.TELEPHONE: ("telephone",),
    IdentityType.URL: ("url",),
    IdentityType.DID: ("id", "did"),
}
_OB3_IDENTITY_TYPES = {
    IdentityType.EMAIL: (EMAIL_IDENTITY_TYPE,),
    IdentityType.TELEPHONE: (TELEPHONE_IDENTITY_TYPE, "ext:phone"),
}


def not_asked() -> RecipientOutcome:
    return RecipientOutcome(CheckStatus.SKIPPED, Text("recipient_not_asked"))


def match_ob2(recipient: object, claim: RecipientClaim | None) -> RecipientOutcome:
    """OB 2.0: the assertion's ``recipient`` IdentityObject against the claimed identity."""
    if claim is None:
        return not_asked()
    if not isinstance(recipient, Mapping):
        return RecipientOutcome(CheckStatus.FAILED, Text("recipient_missing"))
    if recipient.get("type") not in _OB2_TYPES[claim.type]:
        return _mismatch(claim)
    published = recipient.get("identity")
    if not isinstance(published, str):
        return RecipientOutcome(CheckStatus.FAILED, Text("recipient_missing"))
    salt = recipient.get("salt")
    hashed = recipient.get("hashed") is True
    return _compare(claim, published, salt if isinstance(salt, str) else None, hashed=hashed)


def match_ob3(subject: object, claim: RecipientClaim | None) -> RecipientOutcome:
    """OB 3.0: ``credentialSubject.id`` (URLs, DIDs) or an ``identifier`` entry of the claimed
    identity type (emails, telephones, hashed or not)."""
    if claim is None:
        return not_asked()
    if not isinstance(subject, Mapping):
        return RecipientOutcome(CheckStatus.FAILED, Text("recipient_missing"))
    if claim.type in (IdentityType.URL, IdentityType.DID):
        subject_id = subject.get("id")
        if isinstance(subject_id, str) and subject_id == claim.identity.strip():
            return RecipientOutcome(CheckStatus.PASSED, Text("recipient_matches"))
    wanted = _OB3_IDENTITY_TYPES.get(claim.type, ())
    identifiers = subject.get("identifier")
    for entry in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(entry, Mapping) or entry.get("identityType") not in wanted:
            continue
        published, salt = entry.get("identityHash"), entry.get("salt")
        if not isinstance(published, str):
            continue
        outcome = _compare(
            claim,
            published,
            salt if isinstance(salt, str) else None,
            hashed=entry.get("hashed") is True,
        )
        if outcome.status is CheckStatus.PASSED:
            return outcome
    return _mismatch(claim)


def _compare(
    claim: RecipientClaim, published: str, salt: str | None, *, hashed: bool
) -> RecipientOutcome:
    for identity in claim.candidates():
        if hashed and matches_identity_hash(identity, salt, published):
            return RecipientOutcome(CheckStatus.PASSED, Text("recipient_matches"))
        if not hashed and identity == published.strip():
            return RecipientOutcome(CheckStatus.PASSED, Text("recipient_matches"))
    return _mismatch(claim)


def _mismatch(claim: RecipientClaim) -> RecipientOutcome:
    return RecipientOutcome(
        CheckStatus.FAILED, Text("recipient_mismatch", {"type": claim.type.value})
    )
