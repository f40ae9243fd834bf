"""Helpers for award tests: a label ready to award and valid award bodies."""

from __future__ import annotations

from sqlalchemy.orm import Session

from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.issuers.models import Issuer
from tests.support.factories import make_badge_class, make_issuer


def awardable(session: Session, **badge_class_overrides: object) -> tuple[Issuer, BadgeClassView]:
    issuer = make_issuer(session)
    return issuer, make_badge_class(session, issuer, **badge_class_overrides)


def award_body(badge_class_id: str, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "badge_class_id": badge_class_id,
        "recipient": {"type": "email", "identity": "Ana@Example.org"},
        "recipient_name": "Ana",
        "evidence": [
            {"url": "https://videos.example.org/atelier", "name": "Atelier", "genre": "video"}
        ],
        "narrative": "A animé l'atelier de mars.",
        "claims": {"charte": True},
        "issued_on": "2026-05-31T09:30:00Z",
    }
    body.update(overrides)
    return body
