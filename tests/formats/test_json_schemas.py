"""1EdTech OB 3.0 JSON Schemas (FACTS.md §2.2) and the checks on admin-written claims schemas."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from badgeservice.formats.json_schemas import (
    ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
    InvalidClaimsSchemaError,
    SchemaError,
    UnknownSchemaError,
    bundled_schema_urls,
    check_claims_schema,
    validate_achievement_credential,
    validate_claims,
    validate_endorsement_credential,
    validate_profile,
    validate_with_schema,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC = REPO_ROOT / ".." / "shared" / "spec"
SCHEMAS = REPO_ROOT / "src" / "badgeservice" / "formats" / "schemas"
VECTOR = json.loads(
    (SPEC / "test-vectors/ob-v3p0-eddsa-rdfc-2022/vector.json").read_text(encoding="utf-8")
)


def credential() -> dict[str, object]:
    """The spec's test-vector credential, with ``proof`` as the array the schema requires."""
    document: dict[str, object] = copy.deepcopy(VECTOR["signedCredential"])
    document["proof"] = [document["proof"]]
    return document


def member(document: dict[str, object], *path: str) -> dict[str, object]:
    value: object = document
    for name in path:
        assert isinstance(value, dict)
        value = value[name]
    assert isinstance(value, dict)
    return value


def pointers(errors: list[SchemaError]) -> set[str]:
    return {error.pointer for error in errors}


# --- OB 3.0 schemas -----------------------------------------------------------------------


def test_bundled_schemas_are_the_official_files_under_their_canonical_urls() -> None:
    sources = json.loads((SCHEMAS / "SOURCES.json").read_text(encoding="utf-8"))
    for entry in sources["schemas"]:
        bundled = (SCHEMAS / entry["file"]).read_bytes()
        assert bundled == (SPEC / "schemas" / entry["file"]).read_bytes()
        assert hashlib.sha256(bundled).hexdigest() == entry["sha256"]
        assert entry["url"].endswith("/schema/json/" + entry["file"])
    assert ACHIEVEMENT_CREDENTIAL_SCHEMA_URL in bundled_schema_urls()
    assert len(bundled_schema_urls()) == len(sources["schemas"])


def test_spec_credential_with_proof_array_is_valid() -> None:
    assert validate_achievement_credential(credential()) == []
    assert validate_with_schema(ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, credential()) == []


def test_proof_as_a_single_object_is_invalid() -> None:
    document = credential()
    document["proof"] = VECTOR["signedCredential"]["proof"]
    assert pointers(validate_achievement_credential(document)) == {"/proof"}


def test_issuer_type_as_a_string_is_invalid() -> None:
    document = credential()
    member(document, "issuer")["type"] = "Profile"
    assert "/issuer" in pointers(validate_achievement_credential(document))


def test_image_as_a_url_string_is_invalid() -> None:
    document = credential()
    member(document, "credentialSubject", "achievement")["image"] = "https://example.com/i.png"
    errors = validate_achievement_credential(document)
    assert "/credentialSubject/achievement/image" in pointers(errors)


def test_image_as_an_image_object_is_valid() -> None:
    document = credential()
    member(document, "credentialSubject", "achievement")["image"] = {
        "id": "https://example.com/i.png",
        "type": "Image",
    }
    assert validate_achievement_credential(document) == []


def test_credential_status_as_an_array_is_invalid() -> None:
    document = credential()
    document["credentialStatus"] = [
        {"id": "https://example.com/status/1", "type": "1EdTechRevocationList"}
    ]
    assert "/credentialStatus" in pointers(validate_achievement_credential(document))


@pytest.mark.parametrize(
    ("value", "valid"), [("Badge", True), ("ext:Makerspace", True), ("Sticker", False)]
)
def test_achievement_type_must_be_in_the_enum_or_an_extension(value: str, valid: bool) -> None:
    document = credential()
    member(document, "credentialSubject", "achievement")["achievementType"] = value
    errors = validate_achievement_credential(document)
    assert (errors == []) is valid
    if not valid:
        assert "/credentialSubject/achievement/achievementType" in pointers(errors)


def test_missing_required_member_is_reported_at_its_own_pointer() -> None:
    document = credential()
    del document["validFrom"]
    errors = validate_achievement_credential(document)
    assert SchemaError("/validFrom", "required", "'validFrom' is required") in errors


def test_malformed_date_time_is_invalid_because_formats_are_asserted() -> None:
    document = credential()
    document["validFrom"] = "1 January 2010"
    assert "/validFrom" in pointers(validate_achievement_credential(document))


def test_issuer_profile_validates_against_the_profile_schema() -> None:
    issuer = member(credential(), "issuer")
    assert validate_profile(issuer) == []
    issuer["type"] = "Profile"
    assert "/type" in pointers(validate_profile(issuer))


def test_endorsement_credential_requires_a_name() -> None:
    endorsement: dict[str, object] = {
        "@context": VECTOR["signedCredential"]["@context"],
        "id": "urn:uuid:3f2ebd8e-3c2b-4e38-9f0f-2f0e2d3e9b51",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Isopolis endorses this badge",
        "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"]},
        "validFrom": "2026-06-01T10:00:00Z",
        "credentialSubject": {
            "id": "https://example.com/achievements/21st-century-skills/teamwork",
            "type": ["EndorsementSubject"],
            "endorsementComment": "Well designed criteria.",
        },
    }
    assert validate_endorsement_credential(endorsement) == []
    del endorsement["name"]
    assert pointers(validate_endorsement_credential(endorsement)) == {"/name"}


def test_unknown_schema_url_is_refused_not_fetched() -> None:
    with pytest.raises(UnknownSchemaError):
        validate_with_schema("https://example.com/schema.json", credential())


# --- claims schemas -----------------------------------------------------------------------

CLAIMS_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["hours", "project"],
    "properties": {
        "hours": {"type": "integer", "minimum": 1},
        "project": {"$ref": "#/$defs/project"},
        "completedOn": {"type": "string", "format": "date"},
    },
    "additionalProperties": False,
    "$defs": {
        "project": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        }
    },
}


def test_well_formed_claims_schema_is_accepted() -> None:
    assert check_claims_schema(CLAIMS_SCHEMA) == []


def test_claims_schema_may_declare_draft_2020_12() -> None:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    assert check_claims_schema(schema) == []


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"$ref": "https://evil.example/schema.json"}, "/$ref"),
        ({"properties": {"a": {"$ref": "other.json#/x"}}}, "/properties/a/$ref"),
        ({"$recursiveRef": "https://evil.example/s"}, "/$recursiveRef"),
        ({"$dynamicRef": "http://169.254.169.254/latest"}, "/$dynamicRef"),
    ],
)
def test_claims_schema_with_a_remote_reference_is_refused(
    schema: dict[str, object], pointer: str
) -> None:
    errors = check_claims_schema(schema)
    assert pointers(errors) == {pointer}


def test_reference_lookalike_inside_instance_data_is_not_a_reference() -> None:
    schema = {"const": {"$ref": "https://example.com/not-a-schema"}}
    assert check_claims_schema(schema) == []


@pytest.mark.parametrize(
    "declared",
    ["https://json-schema.org/draft-07/schema#", "https://evil.example/meta", 12],
)
def test_claims_schema_with_an_unsupported_draft_is_refused(declared: object) -> None:
    assert pointers(check_claims_schema({"$schema": declared, "type": "object"})) == {"/$schema"}


def test_invalid_claims_schema_is_refused_with_a_pointer_into_the_schema() -> None:
    assert pointers(check_claims_schema({"type": 12})) == {"/type"}
    errors = check_claims_schema({"properties": {"a": {"minimum": "ten"}}})
    assert pointers(errors) == {"/properties/a/minimum"}


def test_claims_schema_with_a_broken_pattern_is_refused() -> None:
    assert pointers(check_claims_schema({"pattern": "(unclosed"})) == {"/pattern"}


def test_claims_schema_with_a_dangling_local_reference_is_refused() -> None:
    errors = check_claims_schema({"$ref": "#/$defs/missing"})
    assert errors
    assert errors[0].keyword == "schema"


def test_claims_schema_must_be_an_object() -> None:
    assert pointers(check_claims_schema(["type", "object"])) == {""}


def test_valid_claims_pass() -> None:
    claims = {"hours": 12, "project": {"name": "Jardin partagé"}, "completedOn": "2026-05-30"}
    assert validate_claims(CLAIMS_SCHEMA, claims) == []


def test_invalid_claims_report_a_pointer_per_fault() -> None:
    claims = {"hours": 0, "project": {}, "completedOn": "30/05/2026", "extra": True}
    errors = validate_claims(CLAIMS_SCHEMA, claims)
    assert [(e.pointer, e.keyword) for e in errors] == [
        ("/completedOn", "format"),
        ("/extra", "additionalProperties"),
        ("/hours", "minimum"),
        ("/project/name", "required"),
    ]


def test_validating_claims_against_a_refused_schema_raises() -> None:
    with pytest.raises(InvalidClaimsSchemaError) as refused:
        validate_claims({"$ref": "https://evil.example/schema.json"}, {})
    assert pointers(refused.value.errors) == {"/$ref"}
