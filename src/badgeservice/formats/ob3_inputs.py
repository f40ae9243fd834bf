"""Inputs of the Open Badges 3.0 builders (``formats/ob3.py``): frozen, checked on construction.

Each dataclass mirrors one OB 3.0 class (https://www.imsglobal.org/spec/ob/v3p0/#data-model)
in our snake_case; the builders turn them into the plain JSON the 1EdTech JSON Schemas expect.
Checks here are the ones the schemas and the JSON-LD contexts cannot catch for us later
(absolute IRIs, enumerations, whole-second UTC datetimes), so that a bad award fails at build
time rather than in a verifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from badgeservice.formats.recipient_hash import identity_hash, normalise_email

# OB 3.0 AchievementType enumeration (as in ob_v3p0_achievementcredential_schema.json).
ACHIEVEMENT_TYPES = frozenset(
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree",
        "Award", "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion",
        "Certification", "CommunityService", "Competency", "Course", "CoCurricular", "Degree",
        "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
        "JourneymanCertificate", "LearningProgram", "License", "Membership",
        "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate",
        "MasterDegree", "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma",
    }
)  # fmt: skip
# OB 3.0 IdentifierTypeEnum (IdentityObject.identityType).
IDENTIFIER_TYPES = frozenset(
    {
        "name", "sourcedId", "systemId", "productId", "userName", "accountId", "emailAddress",
        "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId",
        "sisSourcedId", "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId",
        "ltiUserId", "identifier",
    }
)  # fmt: skip
# OB 3.0 AlignmentTargetType.
ALIGNMENT_TARGET_TYPES = frozenset(
    {
        "ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion",
        "CFRubricCriterionLevel", "CTDL",
    }
)  # fmt: skip
EMAIL_IDENTITY_TYPE = "emailAddress"
# The enumeration has no telephone type; extensions use the ``ext:`` prefix (OB 3.0 § EnumExt).
TELEPHONE_IDENTITY_TYPE = "ext:telephone"

# The schemas' extension pattern is ``(ext:)[a-z|A-Z|0-9|.|-|_]+``, unanchored; its class
# contains no hyphen. We anchor it and keep to letters, digits, dot and underscore so that
# stricter readers accept our values too.
_EXTENSION = re.compile(r"ext:[A-Za-z0-9._]+")
_LANGUAGE = re.compile(r"[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_IDENTITY_HASH = re.compile(r"sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32}")


def require_absolute_iri(value: str, what: str) -> None:
    """Refuse a relative or blank IRI: JSON-LD would resolve it against an unknown base."""
    if not _ABSOLUTE_IRI.fullmatch(value):
        raise ValueError(f"{what} must be an absolute IRI, got {value!r}")


def _require_optional_iri(value: str | None, what: str) -> None:
    if value is not None:
        require_absolute_iri(value, what)


def _require_enum_or_extension(value: str, allowed: frozenset[str], what: str) -> None:
    if value not in allowed and not _EXTENSION.fullmatch(value):
        raise ValueError(f"{what} {value!r} is neither a defined value nor an 'ext:' extension")


def require_whole_second_utc(value: datetime, what: str) -> None:
    """Refuse naive datetimes and sub-second precision (VC-JWT nbf/exp round-trip seconds)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    if value.microsecond:
        raise ValueError(f"{what} must be a whole second; pass datetime.replace(microsecond=0)")


@dataclass(frozen=True, kw_only=True, slots=True)
class ProfileInput:
    """An OB 3.0 Profile: the issuer, or an achievement's creator."""

    id: str
    name: str
    url: str | None = None
    email: str | None = None
    description: str | None = None
    image_url: str | None = None
    phone: str | None = None

    def __post_init__(self) -> None:
        require_absolute_iri(self.id, "Profile id")
        _require_optional_iri(self.url, "Profile url")
        _require_optional_iri(self.image_url, "Profile image")


@dataclass(frozen=True, kw_only=True, slots=True)
class AlignmentInput:
    """An OB 3.0 Alignment to a node of an educational framework."""

    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None
    target_type: str | None = None

    def __post_init__(self) -> None:
        require_absolute_iri(self.target_url, "Alignment targetUrl")
        if self.target_type is not None:
            _require_enum_or_extension(
                self.target_type, ALIGNMENT_TARGET_TYPES, "Alignment targetType"
            )


@dataclass(frozen=True, kw_only=True, slots=True)
class AchievementInput:
    """An OB 3.0 Achievement (our badge class, at the version an award was issued under)."""

    id: str
    name: str
    description: str
    criteria_narrative: str | None = None
    criteria_id: str | None = None
    achievement_type: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    tags: tuple[str, ...] = ()
    alignments: tuple[AlignmentInput, ...] = ()
    in_language: str | None = None
    version: str | None = None
    creator: ProfileInput | None = None

    def __post_init__(self) -> None:
        require_absolute_iri(self.id, "Achievement id")
        if self.criteria_narrative is None and self.criteria_id is None:
            # The schema accepts an empty criteria object; 1EdTech's validator does not.
            raise ValueError("Achievement criteria needs a narrative, an id, or both")
        _require_optional_iri(self.criteria_id, "Criteria id")
        _require_optional_iri(self.image_url, "Achievement image")
        if self.image_caption is not None and self.image_url is None:
            raise ValueError("an image caption needs an image")
        if self.achievement_type is not None:
            _require_enum_or_extension(
                self.achievement_type, ACHIEVEMENT_TYPES, "Achievement achievementType"
            )
        if self.in_language is not None and not _LANGUAGE.fullmatch(self.in_language):
            raise ValueError(f"inLanguage {self.in_language!r} is not a BCP 47 code of that form")


@dataclass(frozen=True, kw_only=True, slots=True)
class IdentityInput:
    """An OB 3.0 IdentityObject: how a verifier can match the recipient (hashed or plain)."""

    identity_type: str
    identity_hash: str
    hashed: bool = True
    salt: str | None = None

    def __post_init__(self) -> None:
        _require_enum_or_extension(self.identity_type, IDENTIFIER_TYPES, "identityType")
        if self.hashed and not _IDENTITY_HASH.fullmatch(self.identity_hash):
            raise ValueError("a hashed identity must be 'sha256$<hex>' (or legacy 'md5$<hex>')")
        if not self.hashed and self.salt is not None:
            raise ValueError("a plaintext identity takes no salt")

    @classmethod
    def hashed_identity(cls, identity_type: str, identity: str, salt: str) -> IdentityInput:
        """Salt and hash ``identity`` as given (OB 3.0 IdentityHash, ``sha256$``)."""
        return cls(
            identity_type=identity_type, identity_hash=identity_hash(identity, salt), salt=salt
        )

    @classmethod
    def hashed_email(cls, email: str, salt: str) -> IdentityInput:
        """A salted ``emailAddress`` hash of the normalised (trimmed, lower-cased) email."""
        return cls.hashed_identity(EMAIL_IDENTITY_TYPE, normalise_email(email), salt)

    @classmethod
    def hashed_telephone(cls, e164: str, salt: str) -> IdentityInput:
        """A salted ``ext:telephone`` hash of an E.164 number (e.g. ``+33612345678``)."""
        return cls.hashed_identity(TELEPHONE_IDENTITY_TYPE, e164.strip(), salt)


@dataclass(frozen=True, kw_only=True, slots=True)
class SubjectInput:
    """An OB 3.0 AchievementSubject, minus the achievement.

    ``id`` is always set: an opaque ``urn:uuid:`` for email and telephone recipients, the URL of
    a place or organisation, or the recipient's DID. VC-JWT needs it as ``sub``. The schema's
    AchievementSubject has no ``name``: a recipient's display name is not part of the credential.
    """

    id: str
    identifier: IdentityInput | None = None
    narrative: str | None = None
    role: str | None = None
    activity_start_date: datetime | None = None
    activity_end_date: datetime | None = None

    def __post_init__(self) -> None:
        require_absolute_iri(self.id, "credentialSubject id")
        for value, what in (
            (self.activity_start_date, "activityStartDate"),
            (self.activity_end_date, "activityEndDate"),
        ):
            if value is not None:
                require_whole_second_utc(value, what)


@dataclass(frozen=True, kw_only=True, slots=True)
class EvidenceInput:
    """An OB 3.0 Evidence entry; ``id`` is a URL or a data: URI when present."""

    id: str | None = None
    name: str | None = None
    narrative: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None

    def __post_init__(self) -> None:
        _require_optional_iri(self.id, "Evidence id")


@dataclass(frozen=True, kw_only=True, slots=True)
class StatusEntryInput:
    """A Bitstring Status List v1.0 § 2.1 BitstringStatusListEntry for ``credentialStatus``."""

    id: str
    status_list_credential: str
    index: int
    purpose: str = "revocation"

    def __post_init__(self) -> None:
        require_absolute_iri(self.id, "credentialStatus id")
        require_absolute_iri(self.status_list_credential, "statusListCredential")
        if self.id == self.status_list_credential:
            raise ValueError("the status entry id MUST NOT be the status list credential URL")
        if self.index < 0:
            raise ValueError("statusListIndex is a non-negative integer")
        if not self.purpose:
            raise ValueError("statusPurpose is required")


ACHIEVEMENT_CREDENTIAL_SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class CredentialInput:
    """An OB 3.0 OpenBadgeCredential (our award), without its proof."""

    id: str
    issuer: ProfileInput
    achievement: AchievementInput
    subject: SubjectInput
    valid_from: datetime
    name: str
    valid_until: datetime | None = None
    awarded_date: datetime | None = None
    description: str | None = None
    image_url: str | None = None
    evidence: tuple[EvidenceInput, ...] = ()
    status: StatusEntryInput | None = None
    credential_schema_url: str | None = ACHIEVEMENT_CREDENTIAL_SCHEMA_URL

    def __post_init__(self) -> None:
        require_absolute_iri(self.id, "credential id")
        _require_optional_iri(self.image_url, "credential image")
        _require_optional_iri(self.credential_schema_url, "credentialSchema id")
        require_whole_second_utc(self.valid_from, "validFrom")
        if self.valid_until is not None:
            require_whole_second_utc(self.valid_until, "validUntil")
            if self.valid_until <= self.valid_from:
                raise ValueError("validUntil must be later than validFrom")
        if self.awarded_date is not None:
            require_whole_second_utc(self.awarded_date, "awardedDate")
