"""Open Badges 2.0 documents: Issuer Profile, BadgeClass, Assertion, IdentityObject.

Spec: Open Badges v2.0 (IMS Final, https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html),
"Open Badges Vocabulary"; required members per FACTS.md §1.1, value types as checked by the
1EdTech OB 2.0 validator (openbadges-validator-core ``tasks/validation.py``). Inputs are frozen
dataclasses; outputs are plain JSON objects whose member order is fixed, so the same input always
serialises to the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import urlsplit

from badgeservice.formats.recipient_hash import identity_hash, normalise_email

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
# Patterns the 1EdTech OB 2.0 validator applies (tasks/validation.py, tasks/utils.py).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_E164 = re.compile(r"\+[1-9]\d{1,14}")
# Versions 1-5 only: 1EdTech's OB 2.0 validator (utils.URN_REGEX) refuses other UUID versions.
_URN_UUID = re.compile(
    r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)
_DID = re.compile(r"did:[a-z0-9]+:\S+")


class RecipientKind(StrEnum):
    """IdentityObject ``type`` values (OB2 §IdentityObject; ``id`` as accepted by VAL2)."""

    EMAIL = "email"
    TELEPHONE = "telephone"
    URL = "url"
    ID = "id"


@dataclass(frozen=True, slots=True)
class RecipientInput:
    kind: RecipientKind
    identity: str
    salt: str | None = None


@dataclass(frozen=True, slots=True)
class IssuerVerificationPolicy:
    """Profile ``verification`` (OB2 §VerificationObject): where hosted assertions may live."""

    allowed_origins: tuple[str, ...] = ()
    starts_with: str | None = None


@dataclass(frozen=True, slots=True)
class IssuerProfileInput:
    id: str
    name: str
    url: str
    email: str
    description: str | None = None
    image: str | None = None
    telephone: str | None = None
    public_keys: tuple[str, ...] = ()
    revocation_list: str | None = None
    verification: IssuerVerificationPolicy | None = None


@dataclass(frozen=True, slots=True)
class AlignmentInput:
    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None


@dataclass(frozen=True, slots=True)
class BadgeClassInput:
    id: str
    name: str
    description: str
    image: str
    criteria_narrative: str
    issuer: str
    criteria_url: str | None = None
    alignments: tuple[AlignmentInput, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    id: str | None = None
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


@dataclass(frozen=True, slots=True)
class AssertionInput:
    id: str
    recipient: RecipientInput
    badge: str
    issued_on: datetime
    expires: datetime | None = None
    evidence: tuple[EvidenceInput, ...] = ()
    narrative: str | None = None
    image: str | None = None


def is_http_url(value: str) -> bool:
    """An absolute http(s) URL with a host (VAL2 ``is_url``)."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def is_urn_uuid(value: str) -> bool:
    """A lower-case RFC 4122 ``urn:uuid:`` of version 1-5 (VAL2 ``URN_REGEX``)."""
    return bool(_URN_UUID.fullmatch(value))


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _url(value: str, what: str) -> str:
    _require(is_http_url(value), f"{what} must be an absolute http(s) URL, got {value!r}")
    return value


def _image(value: str, what: str) -> str:
    _require(
        is_http_url(value) or value.startswith("data:image/"),
        f"{what} must be an http(s) URL or an image data URI",
    )
    return value


def _optional(value: str | None, check: Callable[[str, str], str], what: str) -> str | None:
    return None if value is None else check(value, what)


def _drop_none(document: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in document.items() if value is not None and value != []}


def ob2_datetime(value: datetime) -> str:
    """An OB2 DateTime (OB2 §Primitive datatypes): ISO 8601 in UTC with ``Z``, whole seconds."""
    _require(value.tzinfo is not None, "OB 2.0 dates must be timezone-aware")
    _require(value.microsecond == 0, "OB 2.0 dates are issued in whole seconds")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def recipient_identity(kind: RecipientKind, identity: str, salt: str | None) -> dict[str, object]:
    """An IdentityObject (OB2 §IdentityObject): ``{type, hashed, salt?, identity}``.

    Emails (normalised first) and telephone numbers (E.164) are published as salted
    ``sha256$`` hashes (OB2 §IdentityHash); URLs and DIDs are public and stay plaintext
    (DESIGN.md "Recipients in each format").
    """
    if kind in (RecipientKind.EMAIL, RecipientKind.TELEPHONE):
        if kind is RecipientKind.EMAIL:
            identity = normalise_email(identity)
            _require(bool(_EMAIL.fullmatch(identity)), "not an email address")
        else:
            _require(bool(_E164.fullmatch(identity)), "telephone numbers must be E.164 (+…)")
        hashed = identity_hash(identity, salt or "")
        return _drop_none({"type": kind.value, "hashed": True, "salt": salt, "identity": hashed})
    _require(salt is None, f"{kind.value} recipients are not hashed, so take no salt")
    if kind is RecipientKind.URL:
        _url(identity, "a url recipient")
    else:
        _require(bool(_DID.fullmatch(identity)), "an id recipient must be a DID")
    return {"type": kind.value, "hashed": False, "identity": identity}


def issuer_profile(profile: IssuerProfileInput) -> dict[str, object]:
    """An Issuer Profile (OB2 §Profile): id, type, name, url, email required for an issuer."""
    _url(profile.id, "issuer id")
    _url(profile.url, "issuer url")
    _require(bool(_EMAIL.fullmatch(profile.email)), "issuer email is not an email address")
    if profile.telephone is not None:
        _require(bool(_E164.fullmatch(profile.telephone)), "issuer telephone must be E.164")
    verification = None
    if profile.verification is not None:
        policy = profile.verification
        verification = _drop_none(
            {
                "type": "VerificationObject",
                "allowedOrigins": list(policy.allowed_origins),
                "startsWith": _optional(policy.starts_with, _url, "startsWith"),
            }
        )
    return _drop_none(
        {
            "@context": OB2_CONTEXT,
            "type": "Issuer",
            "id": profile.id,
            "name": profile.name,
            "url": profile.url,
            "email": profile.email,
            "telephone": profile.telephone,
            "description": profile.description,
            "image": _optional(profile.image, _image, "issuer image"),
            "publicKey": [_url(key, "publicKey") for key in profile.public_keys],
            "revocationList": _optional(profile.revocation_list, _url, "revocationList"),
            "verification": verification,
        }
    )


def _alignment(alignment: AlignmentInput) -> dict[str, object]:
    return _drop_none(
        {
            "targetName": alignment.target_name,
            "targetUrl": _url(alignment.target_url, "alignment targetUrl"),
            "targetDescription": alignment.target_description,
            "targetFramework": alignment.target_framework,
            "targetCode": alignment.target_code,
        }
    )


def badge_class(badge: BadgeClassInput) -> dict[str, object]:
    """A BadgeClass (OB2 §BadgeClass): id, type, name, description, image, criteria, issuer."""
    _url(badge.id, "badge class id")
    _url(badge.issuer, "badge class issuer")
    criteria = _drop_none(
        {
            "id": _optional(badge.criteria_url, _url, "criteria id"),
            "narrative": badge.criteria_narrative,
        }
    )
    return _drop_none(
        {
            "@context": OB2_CONTEXT,
            "type": "BadgeClass",
            "id": badge.id,
            "name": badge.name,
            "description": badge.description,
            "image": _image(badge.image, "badge class image"),
            "criteria": criteria,
            "issuer": badge.issuer,
            "alignment": [_alignment(alignment) for alignment in badge.alignments],
            "tags": list(badge.tags),
        }
    )


def _evidence(evidence: EvidenceInput) -> dict[str, object]:
    return _drop_none(
        {
            "type": "Evidence",
            "id": _optional(evidence.id, _url, "evidence id"),
            "narrative": evidence.narrative,
            "name": evidence.name,
            "description": evidence.description,
            "genre": evidence.genre,
            "audience": evidence.audience,
        }
    )


def _assertion(assertion: AssertionInput, verification: dict[str, object]) -> dict[str, object]:
    _url(assertion.badge, "assertion badge")
    if assertion.image is not None:
        # VAL2: an Assertion image must be a URL, never a data URI (FACTS §1.1).
        _url(assertion.image, "assertion image")
    recipient = assertion.recipient
    return _drop_none(
        {
            "@context": OB2_CONTEXT,
            "type": "Assertion",
            "id": assertion.id,
            "recipient": recipient_identity(recipient.kind, recipient.identity, recipient.salt),
            "badge": assertion.badge,
            "verification": verification,
            "issuedOn": ob2_datetime(assertion.issued_on),
            "expires": None if assertion.expires is None else ob2_datetime(assertion.expires),
            "image": assertion.image,
            "evidence": [_evidence(evidence) for evidence in assertion.evidence],
            "narrative": assertion.narrative,
        }
    )


def hosted_assertion(assertion: AssertionInput) -> dict[str, object]:
    """A hosted Assertion (OB2 §HostedBadge): its ``id`` is the URL it is served at."""
    _url(assertion.id, "hosted assertion id")
    return _assertion(assertion, {"type": "HostedBadge"})


def signed_assertion(assertion: AssertionInput, *, creator: str) -> dict[str, object]:
    """A signed Assertion (OB2 §SignedBadge): ``urn:uuid:`` id; ``creator`` is the key URL.

    VAL2 loads the verification key from ``verification.creator`` and checks that the issuer
    Profile lists it in ``publicKey`` (FACTS §1.3).
    """
    _require(is_urn_uuid(assertion.id), "a signed assertion id is a lower-case urn:uuid")
    verification: dict[str, object] = {
        "type": "SignedBadge",
        "creator": _url(creator, "verification creator"),
    }
    return _assertion(assertion, verification)


def revoked_assertion_stub(assertion_id: str, reason: str | None) -> dict[str, object]:
    """The body served (with 410 Gone) for a revoked hosted assertion (OB2 §Revocation)."""
    return _drop_none(
        {
            "@context": OB2_CONTEXT,
            "id": assertion_id,
            "revoked": True,
            "revocationReason": reason,
        }
    )
