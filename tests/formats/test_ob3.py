"""OB 3.0 builders: every document validates against 1EdTech's schema and expands strictly.

Schemas and contexts are the official copies in the shared spec folder (see its MANIFEST.md);
contexts load through an offline, URL-keyed loader, and any dropped term or relative IRI fails.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import jsonschema_rs
import pytest
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from badgeservice.formats.ob3 import (
    OB_V3_CONTEXT,
    OB_V3_EXTENSIONS_CONTEXT,
    VC_V2_CONTEXT,
    build_achievement,
    build_achievement_document,
    build_open_badge_credential,
    build_profile_document,
    build_status_list_credential,
    format_datetime,
)
from badgeservice.formats.ob3_inputs import (
    ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
    AchievementInput,
    AlignmentInput,
    CredentialInput,
    EvidenceInput,
    IdentityInput,
    ProfileInput,
    StatusEntryInput,
    SubjectInput,
)
from badgeservice.formats.recipient_hash import matches_identity_hash
from badgeservice.formats.status_list import (
    decode_list,
    get_bit,
    new_bitstring,
    read_status,
    set_bit,
)

# The reference copies beside the repository (../shared/spec), independent of what we bundle.
SPEC_DIR = Path(__file__).resolve().parents[3] / "shared" / "spec"
# Canonical URL -> file, per spec/MANIFEST.md (context-3.0.3: the 1EdTech validator's copy).
CONTEXT_FILES = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3_CONTEXT: "ob-v3p0-3.0.3.validator-variant.jsonld",
    OB_V3_EXTENSIONS_CONTEXT: "ob-v3p0-extensions.jsonld",
}
BASE = "https://badges.example.org"
STATUS_LIST_URL = f"{BASE}/ob3/status-lists/7f0c"
VALID_FROM = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


# --- offline validation helpers ---------------------------------------------------------------


@cache
def _validator(schema_file: str) -> jsonschema_rs.Draft201909Validator:
    schema = json.loads((SPEC_DIR / "schemas" / schema_file).read_text(encoding="utf-8"))
    return jsonschema_rs.Draft201909Validator(schema, validate_formats=True)


def schema_errors(
    doc: dict[str, object], schema_file: str = "ob_v3p0_achievementcredential_schema.json"
) -> list[str]:
    return [error.message for error in _validator(schema_file).iter_errors(doc)]


def _offline_loader(url: str, options: object = None) -> dict[str, object]:
    if url not in CONTEXT_FILES:
        raise LookupError(f"context {url} is not pinned")
    document = json.loads((SPEC_DIR / "contexts" / CONTEXT_FILES[url]).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document, "tag": "static"}


def _refuse_dropped(term: str | None) -> None:
    raise ValueError(f"undefined term {term!r} would be dropped")


def _check_iris(node: object) -> None:
    if isinstance(node, list):
        for item in node:
            _check_iris(item)
    elif isinstance(node, dict):
        types = node.get("@type", [])
        for iri in types if isinstance(types, list) else [types]:
            if not (isinstance(iri, str) and _ABSOLUTE_IRI.fullmatch(iri)):
                raise ValueError(f"@type {iri!r} is not an absolute IRI")
        node_id = node.get("@id")
        if node_id is not None and not (
            isinstance(node_id, str) and _ABSOLUTE_IRI.fullmatch(node_id)
        ):
            raise ValueError(f"@id {node_id!r} is not an absolute IRI")
        for value in node.values():
            _check_iris(value)


def expand_strict(doc: dict[str, object]) -> object:
    """Expand with pinned contexts; refuse dropped terms and relative @id/@type IRIs."""
    options = {
        # pyld resolves an undefined type or a relative id against "http://example.org/base/"
        # when the base is "" (its default); None keeps them relative so _check_iris sees them.
        "base": None,
        "documentLoader": _offline_loader,
        # A private cache: the process-wide one may hold the spec-repo 3.0.3 variant.
        "contextResolver": ContextResolver({}, _offline_loader),
    }
    expanded: object = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped).expand(
        doc, options
    )
    _check_iris(expanded)
    return expanded


# --- factories --------------------------------------------------------------------------------


def make_issuer() -> ProfileInput:
    return ProfileInput(
        id=f"{BASE}/ob3/issuers/isopolis",
        name="Isopolis",
        url="https://isopolis.example.org",
        email="contact@isopolis.example.org",
    )


def make_achievement() -> AchievementInput:
    return AchievementInput(
        id=f"{BASE}/ob3/achievements/faiseur-de-changement/versions/1",
        name="Faiseur de changement",
        description="Reconnaît une personne qui fait bouger son territoire.",
        criteria_narrative="Avoir porté un projet collectif pendant au moins six mois.",
        achievement_type="Badge",
    )


def make_full_achievement() -> AchievementInput:
    return dataclasses.replace(
        make_achievement(),
        criteria_id=f"{BASE}/badges/faiseur-de-changement/criteria",
        image_url=f"{BASE}/badge-classes/faiseur/image.png",
        image_caption="Faiseur de changement",
        tags=("innovation sociale", "territoire"),
        alignments=(
            AlignmentInput(
                target_name="Coopérer",
                target_url="https://framework.example.org/competences/cooperer",
                target_description="Travailler avec d'autres vers un but commun.",
                target_framework="Référentiel Isopolis",
                target_code="COOP-1",
                target_type="CFItem",
            ),
        ),
        in_language="fr",
        version="1",
        creator=make_issuer(),
    )


RECIPIENTS = {
    "email": SubjectInput(
        id="urn:uuid:0b8e4c36-58e6-4c4e-9d3c-7f1e0f3c2a11",
        identifier=IdentityInput.hashed_email(" Ana@Example.org ", "c2FsdC0x"),
    ),
    "telephone": SubjectInput(
        id="urn:uuid:5e7d9a02-1b7c-4b9e-8f0a-2f4f3c1d9e22",
        identifier=IdentityInput.hashed_telephone("+33612345678", "c2FsdC0y"),
    ),
    "url": SubjectInput(id="https://ferme-des-possibles.example.org/"),
    "did": SubjectInput(id="did:web:ana.example.org"),
}


def make_credential(subject: SubjectInput | None = None, *, full: bool = False) -> CredentialInput:
    credential = CredentialInput(
        id="urn:uuid:8f4f1c7e-3a0e-4bde-a3c1-6b0f2d9c1e33",
        issuer=make_issuer(),
        achievement=make_full_achievement() if full else make_achievement(),
        subject=subject or RECIPIENTS["email"],
        valid_from=VALID_FROM,
        name="Faiseur de changement",
    )
    if full:
        credential = dataclasses.replace(
            credential,
            issuer=dataclasses.replace(
                make_issuer(),
                description="Réseau d'innovation sociétale.",
                image_url=f"{BASE}/issuers/isopolis/image.png",
                phone="+33100000000",
            ),
            valid_until=VALID_FROM + timedelta(days=730),
            awarded_date=VALID_FROM,
            description="Décerné à Ana pour le jardin partagé.",
            image_url=f"{BASE}/badges/8f4f1c7e/image.png",
            evidence=(
                EvidenceInput(
                    id="https://ana.example.org/jardin",
                    name="Jardin partagé",
                    narrative="Photos et compte rendu.",
                    description="Le projet.",
                    genre="Reportage",
                    audience="Habitants",
                ),
                EvidenceInput(narrative="Témoignage des voisins."),
            ),
            status=StatusEntryInput(
                id=f"{STATUS_LIST_URL}#94567",
                status_list_credential=STATUS_LIST_URL,
                index=94_567,
            ),
        )
    return credential


def obj(value: object) -> dict[str, object]:
    assert isinstance(value, dict)
    return value


def arr(value: object) -> list[object]:
    assert isinstance(value, list)
    return value


def _walk(node: object) -> list[object]:
    found: list[object] = [node]
    if isinstance(node, dict):
        for value in node.values():
            found.extend(_walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_walk(value))
    return found


# --- the OpenBadgeCredential ------------------------------------------------------------------


@pytest.mark.parametrize("full", [False, True], ids=["minimal", "full"])
@pytest.mark.parametrize("recipient", sorted(RECIPIENTS))
def test_credential_validates_against_schema_and_expands_strictly(
    recipient: str, full: bool
) -> None:
    doc = build_open_badge_credential(make_credential(RECIPIENTS[recipient], full=full))
    assert schema_errors(doc) == []
    expand_strict(doc)


@pytest.mark.parametrize("full", [False, True], ids=["minimal", "full"])
def test_credential_holds_no_nulls_and_no_empty_arrays(full: bool) -> None:
    doc = build_open_badge_credential(make_credential(full=full))
    for value in _walk(doc):
        assert value is not None
        assert value != []


def test_credential_envelope_follows_ob3_with_extensions_context_for_the_schema_type() -> None:
    doc = build_open_badge_credential(make_credential())
    assert doc["@context"] == [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["credentialSchema"] == [
        {"id": ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}
    ]
    issuer = doc["issuer"]
    assert isinstance(issuer, dict)
    assert issuer["type"] == ["Profile"]


def test_credential_without_schema_reference_drops_the_extensions_context() -> None:
    doc = build_open_badge_credential(
        dataclasses.replace(make_credential(), credential_schema_url=None)
    )
    assert doc["@context"] == [VC_V2_CONTEXT, OB_V3_CONTEXT]
    assert "credentialSchema" not in doc
    assert schema_errors(doc) == []
    expand_strict(doc)


def test_email_recipient_is_an_opaque_urn_with_a_salted_hash_of_the_normalised_email() -> None:
    doc = build_open_badge_credential(make_credential(RECIPIENTS["email"]))
    subject = obj(doc["credentialSubject"])
    assert subject["id"] == "urn:uuid:0b8e4c36-58e6-4c4e-9d3c-7f1e0f3c2a11"
    assert "name" not in subject
    [identity_json] = arr(subject["identifier"])
    identity = obj(identity_json)
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert identity["salt"] == "c2FsdC0x"
    published = identity["identityHash"]
    assert isinstance(published, str)
    assert matches_identity_hash("ana@example.org", "c2FsdC0x", published)
    assert not matches_identity_hash("bob@example.org", "c2FsdC0x", published)
    assert "ana@example.org" not in json.dumps(doc)


def test_telephone_recipient_uses_an_ext_identity_type() -> None:
    doc = build_open_badge_credential(make_credential(RECIPIENTS["telephone"]))
    [identity_json] = arr(obj(doc["credentialSubject"])["identifier"])
    identity = obj(identity_json)
    assert identity["identityType"] == "ext:telephone"
    published = identity["identityHash"]
    assert isinstance(published, str)
    assert matches_identity_hash("+33612345678", "c2FsdC0y", published)


@pytest.mark.parametrize("recipient", ["url", "did"])
def test_url_and_did_recipients_carry_their_id_and_no_identifier(recipient: str) -> None:
    doc = build_open_badge_credential(make_credential(RECIPIENTS[recipient]))
    assert doc["credentialSubject"] == {
        "id": RECIPIENTS[recipient].id,
        "type": ["AchievementSubject"],
        "achievement": build_achievement(make_achievement()),
    }


def test_subject_narrative_role_and_activity_dates_validate_and_expand() -> None:
    subject = dataclasses.replace(
        RECIPIENTS["did"],
        narrative="A animé le jardin partagé.",
        role="Coordinatrice",
        activity_start_date=datetime(2024, 9, 1, tzinfo=UTC),
        activity_end_date=datetime(2025, 5, 31, tzinfo=UTC),
    )
    doc = build_open_badge_credential(make_credential(subject))
    subject_json = obj(doc["credentialSubject"])
    assert subject_json["activityStartDate"] == "2024-09-01T00:00:00Z"
    assert subject_json["activityEndDate"] == "2025-05-31T00:00:00Z"
    assert subject_json["role"] == "Coordinatrice"
    assert schema_errors(doc) == []
    expand_strict(doc)


def test_full_credential_shapes_arrays_and_single_objects_as_the_schema_wants() -> None:
    doc = build_open_badge_credential(make_credential(full=True))
    assert doc["validUntil"] == "2027-06-01T09:30:00Z"
    assert doc["image"] == {"id": f"{BASE}/badges/8f4f1c7e/image.png", "type": "Image"}
    assert doc["evidence"] == [
        {
            "id": "https://ana.example.org/jardin",
            "type": ["Evidence"],
            "name": "Jardin partagé",
            "description": "Le projet.",
            "narrative": "Photos et compte rendu.",
            "genre": "Reportage",
            "audience": "Habitants",
        },
        {"type": ["Evidence"], "narrative": "Témoignage des voisins."},
    ]
    assert doc["credentialStatus"] == {
        "id": f"{STATUS_LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": STATUS_LIST_URL,
    }
    achievement = obj(obj(doc["credentialSubject"])["achievement"])
    assert achievement["tag"] == ["innovation sociale", "territoire"]
    assert obj(arr(achievement["alignment"])[0])["type"] == ["Alignment"]
    assert achievement["image"] == {
        "id": f"{BASE}/badge-classes/faiseur/image.png",
        "type": "Image",
        "caption": "Faiseur de changement",
    }
    assert achievement["criteria"] == {
        "id": f"{BASE}/badges/faiseur-de-changement/criteria",
        "narrative": "Avoir porté un projet collectif pendant au moins six mois.",
    }
    assert obj(achievement["creator"])["type"] == ["Profile"]


def test_same_input_gives_the_same_bytes() -> None:
    first = json.dumps(build_open_badge_credential(make_credential(full=True)))
    second = json.dumps(build_open_badge_credential(make_credential(full=True)))
    assert first == second


def test_datetimes_are_rendered_in_utc_with_z() -> None:
    paris_summer = timezone(timedelta(hours=2))
    doc = build_open_badge_credential(
        dataclasses.replace(
            make_credential(), valid_from=datetime(2025, 6, 1, 11, 30, tzinfo=paris_summer)
        )
    )
    assert doc["validFrom"] == "2025-06-01T09:30:00Z"
    assert format_datetime(datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2025-01-02T03:04:05Z"


@pytest.mark.parametrize(
    "valid_from",
    [
        pytest.param(VALID_FROM.replace(microsecond=1), id="sub-second"),
        pytest.param(VALID_FROM.replace(tzinfo=None), id="naive"),
    ],
)
def test_credential_refuses_naive_or_sub_second_datetimes(valid_from: datetime) -> None:
    with pytest.raises(ValueError, match="validFrom"):
        dataclasses.replace(make_credential(), valid_from=valid_from)


def test_credential_refuses_valid_until_not_after_valid_from() -> None:
    with pytest.raises(ValueError, match="validUntil"):
        dataclasses.replace(make_credential(), valid_until=VALID_FROM)


@pytest.mark.parametrize("credential_id", ["8f4f1c7e", "/badges/8f4f1c7e", ""])
def test_credential_refuses_a_relative_id(credential_id: str) -> None:
    with pytest.raises(ValueError, match="absolute IRI"):
        dataclasses.replace(make_credential(), id=credential_id)


def test_status_entry_refuses_the_list_url_as_its_own_id() -> None:
    with pytest.raises(ValueError, match="MUST NOT"):
        StatusEntryInput(id=STATUS_LIST_URL, status_list_credential=STATUS_LIST_URL, index=1)


def test_status_entry_refuses_a_negative_index() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        StatusEntryInput(
            id=f"{STATUS_LIST_URL}#x", status_list_credential=STATUS_LIST_URL, index=-1
        )


# --- Achievement, Profile and identity inputs -------------------------------------------------


def test_achievement_refuses_criteria_without_narrative_or_id() -> None:
    with pytest.raises(ValueError, match="criteria"):
        dataclasses.replace(make_achievement(), criteria_narrative=None)


@pytest.mark.parametrize("achievement_type", ["Badge", "MicroCredential", "ext:LieuInnovation"])
def test_achievement_accepts_enumerated_and_extension_types(achievement_type: str) -> None:
    doc = build_open_badge_credential(
        dataclasses.replace(
            make_credential(),
            achievement=dataclasses.replace(make_achievement(), achievement_type=achievement_type),
        )
    )
    assert schema_errors(doc) == []


@pytest.mark.parametrize("achievement_type", ["badge", "LieuInnovation", "ext:", "x-ext:Foo"])
def test_achievement_refuses_types_outside_the_enumeration(achievement_type: str) -> None:
    with pytest.raises(ValueError, match="achievementType"):
        dataclasses.replace(make_achievement(), achievement_type=achievement_type)


@pytest.mark.parametrize("language", ["french", "FR", "fr_FR"])
def test_achievement_refuses_a_malformed_language(language: str) -> None:
    with pytest.raises(ValueError, match="inLanguage"):
        dataclasses.replace(make_achievement(), in_language=language)


def test_achievement_refuses_a_caption_without_an_image() -> None:
    with pytest.raises(ValueError, match="caption"):
        dataclasses.replace(make_achievement(), image_caption="Sans image")


def test_identity_refuses_an_unknown_identity_type() -> None:
    with pytest.raises(ValueError, match="identityType"):
        IdentityInput.hashed_identity("telephone", "+33612345678", "salt")


def test_hashed_identity_refuses_a_plaintext_value() -> None:
    with pytest.raises(ValueError, match="sha256"):
        IdentityInput(identity_type="emailAddress", identity_hash="ana@example.org")


def test_profile_document_validates_against_the_profile_schema_and_expands() -> None:
    doc = build_profile_document(dataclasses.replace(make_issuer(), phone="+33100000000"))
    assert doc["@context"] == [VC_V2_CONTEXT, OB_V3_CONTEXT]
    assert doc["phone"] == "+33100000000"
    assert "telephone" not in doc
    assert schema_errors(doc, "ob_v3p0_profile_schema.json") == []
    expand_strict(doc)


def test_achievement_document_carries_a_context_and_expands() -> None:
    doc = build_achievement_document(make_full_achievement())
    assert doc["@context"] == [VC_V2_CONTEXT, OB_V3_CONTEXT]
    assert doc["type"] == ["Achievement"]
    expand_strict(doc)


# --- negative twins: the checks above can fail --------------------------------------------


def test_undefined_extra_term_fails_strict_expansion() -> None:
    doc = build_open_badge_credential(make_credential())
    doc["recipientName"] = "Ana"
    with pytest.raises(ValueError, match="recipientName"):
        expand_strict(doc)


def test_undefined_type_value_fails_strict_expansion() -> None:
    doc = build_open_badge_credential(make_credential())
    doc["credentialSchema"] = [
        {"id": ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, "type": "JsonSchemaValidator2019"}
    ]
    with pytest.raises(ValueError, match="@type"):
        expand_strict(doc)


def test_1edtech_schema_type_without_the_extensions_context_fails_strict_expansion() -> None:
    doc = build_open_badge_credential(make_credential())
    doc["@context"] = [VC_V2_CONTEXT, OB_V3_CONTEXT]
    with pytest.raises(ValueError, match="@type"):
        expand_strict(doc)


def test_issuer_with_a_string_type_fails_the_schema() -> None:
    doc = build_open_badge_credential(make_credential())
    issuer = doc["issuer"]
    assert isinstance(issuer, dict)
    issuer["type"] = "Profile"
    assert schema_errors(doc) != []


def test_image_as_a_bare_url_fails_the_schema() -> None:
    doc = build_open_badge_credential(make_credential())
    doc["image"] = f"{BASE}/badges/8f4f1c7e/image.png"
    assert schema_errors(doc) != []


# --- BitstringStatusListCredential ------------------------------------------------------------


def test_status_list_credential_with_issuer_id_uses_the_vc_context_alone() -> None:
    bits = new_bitstring()
    set_bit(bits, 94_567)
    doc = build_status_list_credential(
        credential_id=STATUS_LIST_URL,
        issuer=make_issuer().id,
        valid_from=VALID_FROM,
        bitstring=bits,
    )
    assert doc["@context"] == [VC_V2_CONTEXT]
    assert doc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert doc["issuer"] == make_issuer().id
    subject = doc["credentialSubject"]
    assert isinstance(subject, dict)
    assert subject["id"] == f"{STATUS_LIST_URL}#list"
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert read_status(subject, 94_567) == 1
    assert read_status(subject, 94_566) == 0
    expand_strict(doc)


def test_status_list_credential_with_embedded_issuer_adds_the_ob_context() -> None:
    doc = build_status_list_credential(
        credential_id=STATUS_LIST_URL,
        issuer=make_issuer(),
        valid_from=VALID_FROM,
        valid_until=VALID_FROM + timedelta(days=1),
        bitstring=new_bitstring(),
        ttl_ms=300_000,
    )
    assert doc["@context"] == [VC_V2_CONTEXT, OB_V3_CONTEXT]
    subject = doc["credentialSubject"]
    assert isinstance(subject, dict)
    assert subject["ttl"] == 300_000
    encoded = subject["encodedList"]
    assert isinstance(encoded, str)
    assert not get_bit(decode_list(encoded, max_decompressed_bytes=1 << 20), 0)
    expand_strict(doc)


def test_status_list_credential_with_undefined_term_fails_strict_expansion() -> None:
    doc = build_status_list_credential(
        credential_id=STATUS_LIST_URL,
        issuer=make_issuer().id,
        valid_from=VALID_FROM,
        bitstring=new_bitstring(),
    )
    subject = doc["credentialSubject"]
    assert isinstance(subject, dict)
    subject["revokedCount"] = 1
    with pytest.raises(ValueError, match="revokedCount"):
        expand_strict(doc)


def test_status_list_credential_refuses_the_message_purpose() -> None:
    with pytest.raises(ValueError, match="statusPurpose"):
        build_status_list_credential(
            credential_id=STATUS_LIST_URL,
            issuer=make_issuer().id,
            valid_from=VALID_FROM,
            bitstring=new_bitstring(),
            purpose="message",
        )
