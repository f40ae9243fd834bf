"""Open Badges 3.0 documents as plain JSON: the OpenBadgeCredential, its parts, the status list.

Implements the OB 3.0 data model (1EdTech, Final Release 1.2, Dec 2024,
https://www.imsglobal.org/spec/ob/v3p0/) in its JSON serialization (§ Serialization): unordered
sets are arrays even with one item, complex types are objects, and nulls and empty arrays are
left out. The output validates against 1EdTech's plain JSON Schemas and expands under the
pinned JSON-LD contexts with no dropped term. Proofs are added elsewhere: ``data_integrity.py``
(embedded ``eddsa-rdfc-2022``) and ``vc_jwt.py`` (VC-JWT).

``credentialSchema`` type: ``1EdTechJsonSchemaValidator2019``, not VC 2.0's ``JsonSchema``.
The OB 3.0 examples use it, and 1EdTech's validator only acts on entries of that type
(``InlineJsonSchemaProbe``) while ignoring ``JsonSchema``. The term is defined only in
``https://purl.imsglobal.org/spec/ob/v3p0/extensions.json``, so that context becomes the third
``@context`` entry whenever a schema is referenced; without it the ``type`` would not expand and
the credential could not be canonicalised for signing. Passing ``credential_schema_url=None``
leaves out both the entry and that context.

The BitstringStatusListCredential (W3C Bitstring Status List v1.0 § 2.2) needs only the VC 2.0
context, which defines every status-list term; an embedded issuer Profile brings the OB context.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from badgeservice.formats.ob3_inputs import (
    AchievementInput,
    AlignmentInput,
    CredentialInput,
    EvidenceInput,
    IdentityInput,
    ProfileInput,
    StatusEntryInput,
    SubjectInput,
    require_absolute_iri,
    require_whole_second_utc,
)
from badgeservice.formats.status_list import encode_list

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CREDENTIAL_SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"
OPEN_BADGE_CREDENTIAL_TYPES = ("VerifiableCredential", "OpenBadgeCredential")
STATUS_LIST_CREDENTIAL_TYPES = ("VerifiableCredential", "BitstringStatusListCredential")


def _compact(pairs: Iterable[tuple[str, object]]) -> dict[str, object]:
    """Drop None values and empty lists (OB 3.0 § Serialization: omit nulls and empty arrays)."""
    return {key: value for key, value in pairs if value is not None and value != []}


def format_datetime(value: datetime, what: str = "datetime") -> str:
    """Render an aware, whole-second datetime as UTC ``YYYY-MM-DDThh:mm:ssZ`` (OB 3.0 DateTimeZ).

    Sub-second values are refused rather than truncated: VC-JWT ``nbf``/``exp`` carry whole
    seconds and must equal ``validFrom``/``validUntil`` exactly (OB 3.0 § JSON Web Token Proof
    Format).
    """
    require_whole_second_utc(value, what)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _format_optional_datetime(value: datetime | None, what: str) -> str | None:
    return None if value is None else format_datetime(value, what)


def _image(url: str | None, caption: str | None = None) -> dict[str, object] | None:
    """An OB 3.0 Image: always an object, ``type`` the plain string ``Image``."""
    if url is None:
        return None
    return _compact((("id", url), ("type", "Image"), ("caption", caption)))


def build_profile(profile: ProfileInput) -> dict[str, object]:
    """Return the OB 3.0 Profile (data model, Profile) to embed as ``issuer`` or ``creator``.

    Uses ``phone``, not OB 2.0's ``telephone``; ``type`` is an array (1EdTech's validator reads
    it as such).
    """
    return _compact(
        (
            ("id", profile.id),
            ("type", ["Profile"]),
            ("name", profile.name),
            ("url", profile.url),
            ("email", profile.email),
            ("phone", profile.phone),
            ("description", profile.description),
            ("image", _image(profile.image_url)),
        )
    )


def _alignment(alignment: AlignmentInput) -> dict[str, object]:
    return _compact(
        (
            ("type", ["Alignment"]),
            ("targetName", alignment.target_name),
            ("targetUrl", alignment.target_url),
            ("targetDescription", alignment.target_description),
            ("targetFramework", alignment.target_framework),
            ("targetCode", alignment.target_code),
            ("targetType", alignment.target_type),
        )
    )


def build_achievement(achievement: AchievementInput) -> dict[str, object]:
    """Return the OB 3.0 Achievement (data model, Achievement) to embed in the subject."""
    criteria = _compact(
        (("id", achievement.criteria_id), ("narrative", achievement.criteria_narrative))
    )
    return _compact(
        (
            ("id", achievement.id),
            ("type", ["Achievement"]),
            ("achievementType", achievement.achievement_type),
            ("name", achievement.name),
            ("description", achievement.description),
            ("criteria", criteria),
            ("image", _image(achievement.image_url, achievement.image_caption)),
            ("tag", list(achievement.tags)),
            ("alignment", [_alignment(alignment) for alignment in achievement.alignments]),
            ("inLanguage", achievement.in_language),
            ("version", achievement.version),
            (
                "creator",
                None if achievement.creator is None else build_profile(achievement.creator),
            ),
        )
    )


def _identity(identity: IdentityInput) -> dict[str, object]:
    return _compact(
        (
            ("type", "IdentityObject"),
            ("identityHash", identity.identity_hash),
            ("identityType", identity.identity_type),
            ("hashed", identity.hashed),
            ("salt", identity.salt),
        )
    )


def _subject(subject: SubjectInput, achievement: AchievementInput) -> dict[str, object]:
    identifiers = [] if subject.identifier is None else [_identity(subject.identifier)]
    return _compact(
        (
            ("id", subject.id),
            ("type", ["AchievementSubject"]),
            ("identifier", identifiers),
            ("achievement", build_achievement(achievement)),
            ("narrative", subject.narrative),
            ("role", subject.role),
            # The schema wants date-time here (the context's xsd:date does not check values).
            (
                "activityStartDate",
                _format_optional_datetime(subject.activity_start_date, "activityStartDate"),
            ),
            (
                "activityEndDate",
                _format_optional_datetime(subject.activity_end_date, "activityEndDate"),
            ),
        )
    )


def _evidence(evidence: EvidenceInput) -> dict[str, object]:
    return _compact(
        (
            ("id", evidence.id),
            ("type", ["Evidence"]),
            ("name", evidence.name),
            ("description", evidence.description),
            ("narrative", evidence.narrative),
            ("genre", evidence.genre),
            ("audience", evidence.audience),
        )
    )


def build_status_entry(status: StatusEntryInput) -> dict[str, object]:
    """Return a BitstringStatusListEntry (Bitstring Status List v1.0 § 2.1).

    A single object, as the OB 3.0 schema requires; ``statusListIndex`` is a base-10 string.
    """
    return {
        "id": status.id,
        "type": "BitstringStatusListEntry",
        "statusPurpose": status.purpose,
        "statusListIndex": str(status.index),
        "statusListCredential": status.status_list_credential,
    }


def build_open_badge_credential(credential: CredentialInput) -> dict[str, object]:
    """Return the unsigned OpenBadgeCredential (OB 3.0 data model, AchievementCredential).

    ``@context`` is VC 2.0, OB 3.0.3, then extensions.json when ``credentialSchema`` (a 1EdTech
    type) is present, in that order (OB 3.0 § Serialization). Same input, same dict, same key
    order.
    """
    contexts = [VC_V2_CONTEXT, OB_V3_CONTEXT]
    schemas: list[dict[str, object]] = []
    if credential.credential_schema_url is not None:
        contexts.append(OB_V3_EXTENSIONS_CONTEXT)
        schemas.append({"id": credential.credential_schema_url, "type": CREDENTIAL_SCHEMA_TYPE})
    return _compact(
        (
            ("@context", contexts),
            ("id", credential.id),
            ("type", list(OPEN_BADGE_CREDENTIAL_TYPES)),
            ("name", credential.name),
            ("description", credential.description),
            ("image", _image(credential.image_url)),
            ("issuer", build_profile(credential.issuer)),
            ("validFrom", format_datetime(credential.valid_from, "validFrom")),
            ("validUntil", _format_optional_datetime(credential.valid_until, "validUntil")),
            ("awardedDate", _format_optional_datetime(credential.awarded_date, "awardedDate")),
            ("credentialSubject", _subject(credential.subject, credential.achievement)),
            ("evidence", [_evidence(item) for item in credential.evidence]),
            ("credentialSchema", schemas),
            (
                "credentialStatus",
                None if credential.status is None else build_status_entry(credential.status),
            ),
        )
    )


def build_profile_document(profile: ProfileInput) -> dict[str, object]:
    """Return the issuer Profile served on its own, with ``@context`` (OB 3.0 data model, Profile).

    The profile schema (ob_v3p0_profile_schema.json) requires only ``id`` and ``type``; the
    context makes the document JSON-LD like the OB 3.0 API's getProfile examples.
    """
    return {"@context": [VC_V2_CONTEXT, OB_V3_CONTEXT], **build_profile(profile)}


def build_achievement_document(achievement: AchievementInput) -> dict[str, object]:
    """Return an Achievement served on its own (``/ob3/achievements/{id}``), with ``@context``."""
    return {"@context": [VC_V2_CONTEXT, OB_V3_CONTEXT], **build_achievement(achievement)}


def build_status_list_credential(
    *,
    credential_id: str,
    issuer: ProfileInput | str,
    valid_from: datetime,
    bitstring: bytes | bytearray,
    purpose: str = "revocation",
    valid_until: datetime | None = None,
    ttl_ms: int | None = None,
) -> dict[str, object]:
    """Return the unsigned BitstringStatusListCredential (Bitstring Status List v1.0 § 2.2, § 3.1).

    ``credentialSubject.id`` is ``credential_id + "#list"``. With ``issuer`` as a string the
    document uses the VC 2.0 context alone, like the spec's example; an embedded Profile adds
    the OB 3.0 context, which defines ``Profile``.
    """
    require_absolute_iri(credential_id, "status list credential id")
    if not purpose or purpose == "message":
        # "message" needs statusSize and statusMessages, which this builder does not produce.
        raise ValueError("statusPurpose must be revocation, suspension, refresh or custom")
    if ttl_ms is not None and ttl_ms <= 0:
        raise ValueError("ttl is a positive number of milliseconds")
    contexts = [VC_V2_CONTEXT]
    issuer_json: object
    if isinstance(issuer, ProfileInput):
        contexts.append(OB_V3_CONTEXT)
        issuer_json = build_profile(issuer)
    else:
        require_absolute_iri(issuer, "issuer")
        issuer_json = issuer
    valid_from_z = format_datetime(valid_from, "validFrom")
    valid_until_z = _format_optional_datetime(valid_until, "validUntil")
    if valid_until is not None and valid_until <= valid_from:
        raise ValueError("validUntil must be later than validFrom")
    subject = _compact(
        (
            ("id", f"{credential_id}#list"),
            ("type", "BitstringStatusList"),
            ("statusPurpose", purpose),
            ("encodedList", encode_list(bitstring)),
            ("ttl", ttl_ms),
        )
    )
    return _compact(
        (
            ("@context", contexts),
            ("id", credential_id),
            ("type", list(STATUS_LIST_CREDENTIAL_TYPES)),
            ("issuer", issuer_json),
            ("validFrom", valid_from_z),
            ("validUntil", valid_until_z),
            ("credentialSubject", subject),
        )
    )
