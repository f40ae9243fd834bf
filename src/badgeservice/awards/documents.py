"""Building and signing every document of one award, once, at award time.

OB 2.0: the hosted Assertion (linking to the badge class version it was issued under) and a
signed Assertion (JWS RS256). OB 3.0: the OpenBadgeCredential with a Data Integrity
``eddsa-rdfc-2022`` proof, then the same credential (proof included, OB 3.0 §8 "if both are
used, add the embedded proof first") as a VC-JWT. Texts are the French ones: the network's
language, and neither format carries language maps in the places we fill.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from badgeservice.badge_classes.models import BadgeClassVersion
from badgeservice.badge_classes.requirements import RecipientType
from badgeservice.crypto.keypairs import PrivateKey
from badgeservice.formats import ob2_documents as ob2
from badgeservice.formats import ob3_inputs as ob3in
from badgeservice.formats.data_integrity import add_proof
from badgeservice.formats.ob2_signed import assertion_json_bytes, sign_assertion
from badgeservice.formats.ob3 import build_open_badge_credential
from badgeservice.formats.vc_jwt import encode_vc_jwt
from badgeservice.issuers.models import Issuer
from badgeservice.urls import Urls


@dataclass(frozen=True)
class RecipientData:
    type: RecipientType
    identity: str  # normalised; never stored for email and telephone
    salt: str | None
    subject_id: str


@dataclass(frozen=True)
class EvidenceData:
    url: str | None
    name: str | None
    narrative: str | None
    description: str | None
    genre: str | None


@dataclass(frozen=True)
class AwardData:
    award_id: uuid.UUID
    recipient: RecipientData
    evidence: Sequence[EvidenceData]
    narrative: str | None
    issued_on: datetime
    expires: datetime | None
    status_list_url: str
    status_list_index: int


@dataclass(frozen=True, repr=False)
class SigningMaterial:
    """The issuer's current keys, as the keys domain hands them out."""

    ed25519: Ed25519PrivateKey
    ed25519_method: str  # did:web DID URL of the Multikey method
    rsa: RSAPrivateKey
    rsa_key_url: str  # OB 2.0 CryptographicKey URL (verification.creator)
    jwt_key: PrivateKey
    jwt_alg: str  # RS256 or ES256
    jwt_kid: str  # did:web DID URL of the JsonWebKey method
    kids: tuple[str, ...]  # which keys signed, recorded with the award

    def __repr__(self) -> str:
        return "SigningMaterial(<redacted>)"


@dataclass(frozen=True)
class AwardDocuments:
    ob2_hosted: bytes
    ob2_signed: bytes
    ob3_json: bytes
    ob3_jwt: bytes


def build_award_documents(
    *,
    urls: Urls,
    issuer: Issuer,
    version: BadgeClassVersion,
    award: AwardData,
    keys: SigningMaterial,
    now: datetime,
) -> AwardDocuments:
    hosted = ob2.hosted_assertion(
        _ob2_assertion(urls, version, award, urls.ob2_assertion(award.award_id))
    )
    signed_doc = ob2.signed_assertion(
        _ob2_assertion(urls, version, award, signed_assertion_id(award.award_id)),
        creator=keys.rsa_key_url,
    )
    jws = sign_assertion(signed_doc, private_key=keys.rsa)
    credential = build_open_badge_credential(_ob3_credential(urls, issuer, version, award))
    proved = add_proof(
        credential, private_key=keys.ed25519, verification_method=keys.ed25519_method, created=now
    )
    jwt_alg: Literal["RS256", "ES256"] = "ES256" if keys.jwt_alg == "ES256" else "RS256"
    vc_jwt = encode_vc_jwt(proved, private_key=keys.jwt_key, alg=jwt_alg, kid=keys.jwt_kid)
    return AwardDocuments(
        ob2_hosted=assertion_json_bytes(hosted),
        ob2_signed=jws.encode("ascii"),
        ob3_json=orjson.dumps(proved),
        ob3_jwt=vc_jwt.encode("ascii"),
    )


# Award ids are UUIDv7 (time-ordered); 1EdTech's OB 2.0 validator accepts only UUID versions
# 1-5 in urn:uuid ids, so the signed assertion's id is a name-based UUIDv5 of the award id:
# stable, and the revocation list can name it without storing it.
_SIGNED_ASSERTION_NAMESPACE = uuid.UUID("6f1f0f4e-3b9a-5c2e-9d4b-2a7e8c1d0b55")


def signed_assertion_id(award_id: uuid.UUID) -> str:
    return uuid.uuid5(_SIGNED_ASSERTION_NAMESPACE, str(award_id)).urn


_OB2_KIND = {
    RecipientType.EMAIL: ob2.RecipientKind.EMAIL,
    RecipientType.TELEPHONE: ob2.RecipientKind.TELEPHONE,
    RecipientType.URL: ob2.RecipientKind.URL,
    RecipientType.DID: ob2.RecipientKind.ID,
}


def _ob2_assertion(
    urls: Urls, version: BadgeClassVersion, award: AwardData, assertion_id: str
) -> ob2.AssertionInput:
    return ob2.AssertionInput(
        id=assertion_id,
        recipient=ob2.RecipientInput(
            kind=_OB2_KIND[award.recipient.type],
            identity=award.recipient.identity,
            salt=award.recipient.salt,
        ),
        badge=urls.ob2_badge_class_version(version.badge_class_id, version.version),
        issued_on=award.issued_on,
        expires=award.expires,
        evidence=tuple(
            ob2.EvidenceInput(
                id=e.url,
                narrative=e.narrative,
                name=e.name,
                description=e.description,
                genre=e.genre,
            )
            for e in award.evidence
        ),
        narrative=award.narrative,
    )


def _ob3_credential(
    urls: Urls, issuer: Issuer, version: BadgeClassVersion, award: AwardData
) -> ob3in.CredentialInput:
    recipient = award.recipient
    identifier = None
    if recipient.type is RecipientType.EMAIL and recipient.salt is not None:
        identifier = ob3in.IdentityInput.hashed_email(recipient.identity, recipient.salt)
    elif recipient.type is RecipientType.TELEPHONE and recipient.salt is not None:
        identifier = ob3in.IdentityInput.hashed_telephone(recipient.identity, recipient.salt)
    name = version.name.get("fr") or version.name.get("en") or ""
    description = version.description.get("fr") or version.description.get("en") or name
    return ob3in.CredentialInput(
        id=urls.ob3_credential(award.award_id),
        issuer=ob3in.ProfileInput(
            id=urls.issuer_did(issuer.slug),
            name=issuer.name.get("fr") or issuer.name.get("en") or issuer.slug,
            url=issuer.url,
            email=issuer.email,
            image_url=None if issuer.image_id is None else urls.image_png(issuer.image_id),
        ),
        achievement=achievement_input(urls, version),
        subject=ob3in.SubjectInput(
            id=recipient.subject_id, identifier=identifier, narrative=award.narrative
        ),
        valid_from=award.issued_on,
        valid_until=award.expires,
        awarded_date=award.issued_on,
        name=name,
        description=description,
        evidence=tuple(
            ob3in.EvidenceInput(
                id=e.url,
                name=e.name,
                narrative=e.narrative,
                description=e.description,
                genre=e.genre,
            )
            for e in award.evidence
        ),
        status=ob3in.StatusEntryInput(
            id=urls.ob3_credential(award.award_id) + "#status",
            status_list_credential=award.status_list_url,
            index=award.status_list_index,
        ),
    )


def achievement_input(urls: Urls, version: BadgeClassVersion) -> ob3in.AchievementInput:
    """The OB 3.0 Achievement of a badge class version (its stable id is the label's URL)."""
    name = version.name.get("fr") or version.name.get("en") or ""
    description = version.description.get("fr") or version.description.get("en") or name
    return ob3in.AchievementInput(
        id=urls.ob3_achievement(version.badge_class_id),
        name=name,
        description=description,
        criteria_narrative=version.criteria_narrative.get("fr") or None,
        criteria_id=urls.badge_class_page(version.badge_class_id),
        achievement_type=version.achievement_type,
        image_url=urls.image_png(version.image_id),
        tags=tuple(version.tags),
        alignments=tuple(
            ob3in.AlignmentInput(
                target_name=str(a["target_name"]),
                target_url=str(a["target_url"]),
                target_description=_opt(a.get("target_description")),
                target_framework=_opt(a.get("target_framework")),
                target_code=_opt(a.get("target_code")),
            )
            for a in version.alignments
        ),
        in_language="fr",
        version=str(version.version),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
