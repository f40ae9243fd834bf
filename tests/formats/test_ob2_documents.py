"""Open Badges 2.0 documents: required members (FACTS §1.1), value types, JSON-LD terms."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pyld import jsonld

from badgeservice.formats.ob2_documents import (
    OB2_CONTEXT,
    AlignmentInput,
    AssertionInput,
    BadgeClassInput,
    EvidenceInput,
    IssuerProfileInput,
    IssuerVerificationPolicy,
    RecipientInput,
    RecipientKind,
    badge_class,
    hosted_assertion,
    issuer_profile,
    ob2_datetime,
    recipient_identity,
    revoked_assertion_stub,
    signed_assertion,
)
from badgeservice.formats.recipient_hash import identity_hash

SPEC_CONTEXT = Path(__file__).resolve().parents[3] / "shared" / "spec" / "contexts" / "ob-v2.jsonld"
BASE = "https://badges.example.org"
ISSUER_ID = f"{BASE}/ob2/issuers/isopolis"
BADGE_ID = f"{BASE}/ob2/badge-classes/faiseur/versions/1"
KEY_ID = f"{ISSUER_ID}/keys/rsa1"
SIGNED_ID = "urn:uuid:2b0a8f6e-8d7c-4c5e-9d59-6d1f6f0b6a01"
ISSUED = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)

ISSUER = IssuerProfileInput(
    id=ISSUER_ID,
    name="Isopolis",
    url="https://isopolis.example.org",
    email="contact@isopolis.example.org",
    description="Réseau",
    image=f"{BASE}/issuers/isopolis/image.png",
    telephone="+33123456789",
    public_keys=(KEY_ID,),
    revocation_list=f"{ISSUER_ID}/revocations",
    verification=IssuerVerificationPolicy(allowed_origins=("badges.example.org",)),
)
BADGE = BadgeClassInput(
    id=BADGE_ID,
    name="Faiseur de changement",
    description="Porte un projet de transformation.",
    image=f"{BASE}/ob2/badge-classes/faiseur/image.png",
    criteria_narrative="A mené une expérimentation.",
    criteria_url=f"{BASE}/badge-classes/faiseur",
    issuer=ISSUER_ID,
    alignments=(
        AlignmentInput(target_name="ODD 11", target_url="https://sdgs.un.org/goals/goal11"),
    ),
    tags=("innovation", "société"),
)
ASSERTION = AssertionInput(
    id=f"{BASE}/ob2/assertions/42",
    recipient=RecipientInput(kind=RecipientKind.EMAIL, identity="Ana@Example.org", salt="s4lt"),
    badge=BADGE_ID,
    issued_on=ISSUED,
    expires=ISSUED + timedelta(days=730),
    evidence=(EvidenceInput(id="https://example.org/proof", narrative="Photos", name="Projet"),),
    narrative="Ana a animé un tiers-lieu.",
    image=f"{BASE}/badges/42/image.png",
)


def _documents() -> dict[str, dict[str, object]]:
    signed_input = AssertionInput(
        id=SIGNED_ID, recipient=ASSERTION.recipient, badge=BADGE_ID, issued_on=ISSUED
    )
    return {
        "issuer": issuer_profile(ISSUER),
        "badge_class": badge_class(BADGE),
        "hosted": hosted_assertion(ASSERTION),
        "signed": signed_assertion(signed_input, creator=KEY_ID),
        "revoked": revoked_assertion_stub(ASSERTION.id, "Attribué par erreur"),
    }


# FACTS §1.1, bold = required (plus @context on every document).
REQUIRED = {
    "issuer": ("@context", "id", "type", "name", "url", "email"),
    "badge_class": (
        "@context",
        "id",
        "type",
        "name",
        "description",
        "image",
        "criteria",
        "issuer",
    ),
    "hosted": ("@context", "id", "type", "recipient", "badge", "verification", "issuedOn"),
    "signed": ("@context", "id", "type", "recipient", "badge", "verification", "issuedOn"),
    "revoked": ("@context", "id", "revoked", "revocationReason"),
}


@pytest.mark.parametrize(("name", "required"), REQUIRED.items())
def test_every_required_member_is_present(name: str, required: tuple[str, ...]) -> None:
    document = _documents()[name]
    assert document["@context"] == OB2_CONTEXT
    missing = [member for member in required if member not in document]
    assert missing == []
    assert all(value not in (None, "", []) for value in document.values())


@pytest.mark.parametrize(
    ("name", "expected_type"),
    [("issuer", "Issuer"), ("badge_class", "BadgeClass"), ("hosted", "Assertion")],
)
def test_documents_carry_their_class(name: str, expected_type: str) -> None:
    assert _documents()[name]["type"] == expected_type


def test_issuer_profile_holds_the_optional_members() -> None:
    document = issuer_profile(ISSUER)
    assert document["publicKey"] == [KEY_ID]
    assert document["revocationList"] == f"{ISSUER_ID}/revocations"
    assert document["telephone"] == "+33123456789"
    assert document["verification"] == {
        "type": "VerificationObject",
        "allowedOrigins": ["badges.example.org"],
    }


def test_minimal_issuer_profile_omits_empty_members() -> None:
    minimal = IssuerProfileInput(id=ISSUER_ID, name="I", url=ISSUER.url, email=ISSUER.email)
    assert issuer_profile(minimal) == {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": ISSUER_ID,
        "name": "I",
        "url": ISSUER.url,
        "email": ISSUER.email,
    }


def test_badge_class_criteria_alignment_and_tags() -> None:
    document = badge_class(BADGE)
    assert document["criteria"] == {
        "id": f"{BASE}/badge-classes/faiseur",
        "narrative": "A mené une expérimentation.",
    }
    assert document["issuer"] == ISSUER_ID
    assert document["alignment"] == [
        {"targetName": "ODD 11", "targetUrl": "https://sdgs.un.org/goals/goal11"}
    ]
    assert document["tags"] == ["innovation", "société"]


def test_hosted_assertion_links_by_iri_and_is_verified_by_hosting() -> None:
    document = hosted_assertion(ASSERTION)
    assert document["id"] == ASSERTION.id
    assert document["badge"] == BADGE_ID
    assert document["verification"] == {"type": "HostedBadge"}
    assert document["issuedOn"] == "2025-06-01T12:00:00Z"
    assert document["expires"] == "2027-06-01T12:00:00Z"
    assert document["evidence"] == [
        {
            "type": "Evidence",
            "id": "https://example.org/proof",
            "narrative": "Photos",
            "name": "Projet",
        }
    ]


def test_signed_assertion_names_its_creator_key() -> None:
    document = _documents()["signed"]
    assert document["id"] == SIGNED_ID
    assert document["verification"] == {"type": "SignedBadge", "creator": KEY_ID}


def test_spec_identity_hash_example_for_mayze() -> None:
    expected = "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"
    assert identity_hash("mayze", "") == expected


def test_email_recipient_is_normalised_salted_and_hashed() -> None:
    identity = recipient_identity(RecipientKind.EMAIL, " Ana@Example.org", "s4lt")
    digest = hashlib.sha256(b"ana@example.orgs4lt").hexdigest()
    assert identity == {
        "type": "email",
        "hashed": True,
        "salt": "s4lt",
        "identity": f"sha256${digest}",
    }


def test_unsalted_email_recipient_omits_salt() -> None:
    identity = recipient_identity(RecipientKind.EMAIL, "ana@example.org", None)
    assert "salt" not in identity
    assert identity["identity"] == identity_hash("ana@example.org", "")


def test_telephone_recipient_is_hashed() -> None:
    identity = recipient_identity(RecipientKind.TELEPHONE, "+33612345678", "x")
    assert identity["hashed"] is True
    assert identity["identity"] == identity_hash("+33612345678", "x")


@pytest.mark.parametrize(
    ("kind", "value"),
    [(RecipientKind.URL, "https://ferme.example.org"), (RecipientKind.ID, "did:web:ferme.example")],
)
def test_url_and_did_recipients_are_plaintext(kind: RecipientKind, value: str) -> None:
    assert recipient_identity(kind, value, None) == {
        "type": kind.value,
        "hashed": False,
        "identity": value,
    }


@pytest.mark.parametrize(
    ("kind", "value", "salt"),
    [
        (RecipientKind.EMAIL, "not-an-email", None),
        (RecipientKind.TELEPHONE, "06 12 34 56 78", None),
        (RecipientKind.URL, "ferme.example.org", None),
        (RecipientKind.URL, "https://ferme.example.org", "salt"),
        (RecipientKind.ID, "https://not-a-did.example", None),
    ],
)
def test_invalid_recipients_are_refused(kind: RecipientKind, value: str, salt: str | None) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        recipient_identity(kind, value, salt)


def test_dates_are_utc_with_z_in_whole_seconds() -> None:
    paris = timezone(timedelta(hours=2))
    assert ob2_datetime(datetime(2025, 6, 1, 14, 0, tzinfo=paris)) == "2025-06-01T12:00:00Z"
    with pytest.raises(ValueError, match="whole seconds"):
        ob2_datetime(ISSUED.replace(microsecond=5))
    with pytest.raises(ValueError, match="timezone"):
        ob2_datetime(datetime(2025, 6, 1))  # noqa: DTZ001 - the refusal under test


def test_assertion_image_must_not_be_a_data_uri() -> None:
    with_data_uri = AssertionInput(
        id=ASSERTION.id,
        recipient=ASSERTION.recipient,
        badge=BADGE_ID,
        issued_on=ISSUED,
        image="data:image/png;base64,iVBORw0KGgo=",
    )
    with pytest.raises(ValueError, match="assertion image"):
        hosted_assertion(with_data_uri)


def test_badge_class_image_may_be_a_data_uri() -> None:
    data_uri = "data:image/svg+xml;base64,PHN2Zy8+"
    document = badge_class(
        BadgeClassInput(
            id=BADGE_ID,
            name="n",
            description="d",
            image=data_uri,
            criteria_narrative="c",
            issuer=ISSUER_ID,
        )
    )
    assert document["image"] == data_uri


def test_hosted_assertion_needs_an_http_id() -> None:
    signed_style = AssertionInput(
        id=SIGNED_ID, recipient=ASSERTION.recipient, badge=BADGE_ID, issued_on=ISSUED
    )
    with pytest.raises(ValueError, match="hosted assertion id"):
        hosted_assertion(signed_style)


@pytest.mark.parametrize(
    "bad_id",
    [ASSERTION.id, "urn:uuid:2B0A8F6E-8D7C-4C5E-9D59-6D1F6F0B6A01", "urn:uuid:not-a-uuid"],
)
def test_signed_assertion_needs_a_lower_case_urn_uuid(bad_id: str) -> None:
    bad = AssertionInput(id=bad_id, recipient=ASSERTION.recipient, badge=BADGE_ID, issued_on=ISSUED)
    with pytest.raises(ValueError, match="urn:uuid"):
        signed_assertion(bad, creator=KEY_ID)


@pytest.mark.parametrize(
    "profile",
    [
        IssuerProfileInput(id=ISSUER_ID, name="I", url=ISSUER.url, email="nope"),
        IssuerProfileInput(id=ISSUER_ID, name="I", url="isopolis.org", email=ISSUER.email),
        IssuerProfileInput(id="urn:x", name="I", url=ISSUER.url, email=ISSUER.email),
        IssuerProfileInput(
            id=ISSUER_ID, name="I", url=ISSUER.url, email=ISSUER.email, telephone="0123"
        ),
    ],
)
def test_issuer_profile_refuses_invalid_members(profile: IssuerProfileInput) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        issuer_profile(profile)


def test_same_input_gives_the_same_bytes() -> None:
    first = json.dumps(_documents(), ensure_ascii=False)
    assert json.dumps(_documents(), ensure_ascii=False) == first


def _offline_loader(url: str, options: object) -> dict[str, object]:
    assert url == OB2_CONTEXT, f"unexpected context fetch {url}"
    document = json.loads(SPEC_CONTEXT.read_text("utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _refuse_drop(term: str | None) -> None:
    raise AssertionError(f"JSON-LD dropped the undefined term {term!r}")


@pytest.mark.parametrize("name", list(REQUIRED))
def test_every_member_is_defined_by_the_ob2_context(name: str) -> None:
    expanded = jsonld.expand(
        _documents()[name], {"documentLoader": _offline_loader}, on_property_dropped=_refuse_drop
    )
    assert len(expanded) == 1


def test_an_undefined_member_would_be_detected() -> None:
    with pytest.raises(AssertionError, match="recipientName"):
        jsonld.expand(
            {**_documents()["hosted"], "recipientName": "Ana"},
            {"documentLoader": _offline_loader},
            on_property_dropped=_refuse_drop,
        )
