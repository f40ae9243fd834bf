"""Small typed factories for test data; each flushes and returns the ORM object."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from badgeservice.auth.principal import SYSTEM
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.schemas import BadgeClassCreate
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.issuers import service as issuers
from badgeservice.issuers.models import Issuer
from badgeservice.issuers.schemas import IssuerCreate
from badgeservice.keys.ring import KeyRing
from badgeservice.settings import decode_kek
from tests.conftest import TEST_KEK

NOW = datetime(2026, 6, 1, 10, 0, 0, tzinfo=UTC)
# The ring the test app derives from TEST_KEK (default settings: VC-JWT RS256).
TEST_KEY_RING = KeyRing.derive(decode_kek(TEST_KEK))


def issuer_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "slug": "labo-test",
        "name": {"fr": "Laboratoire d'essai", "en": "Test lab"},
        "description": {"fr": "Un laboratoire.", "en": "A lab."},
        "url": "https://labo.example.org",
        "email": "contact@labo.example.org",
    }
    body.update(overrides)
    return body


def make_issuer(session: Session, **overrides: object) -> Issuer:
    data = IssuerCreate.model_validate(issuer_body(**overrides))
    return issuers.create_issuer(session, data=data, ring=TEST_KEY_RING, actor=SYSTEM, now=NOW)


def badge_class_body(issuer_id: str, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "issuer_id": issuer_id,
        "name": {"fr": "Faiseuse d'essais", "en": "Trial maker"},
        "description": {"fr": "Reconnaît des essais.", "en": "Recognises trials."},
        "criteria": {
            "narrative": {"fr": "Avoir essayé.", "en": "Having tried."},
            "requirements": {
                "recipient_types": ["email", "did"],
                "min_evidence": 1,
                "narrative_required": True,
                "claims_schema": {
                    "type": "object",
                    "required": ["charte"],
                    "properties": {"charte": {"const": True}},
                },
            },
        },
        "achievement_type": "Badge",
        "tags": ["essai"],
        "validity": "P2Y",
    }
    body.update(overrides)
    return body


def make_badge_class(session: Session, issuer: Issuer, **overrides: object) -> BadgeClassView:
    data = BadgeClassCreate.model_validate(badge_class_body(str(issuer.id), **overrides))
    return badge_classes.create_badge_class(session, data=data, actor=SYSTEM, now=NOW)
