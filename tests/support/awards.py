"""Helpers for award tests: a label ready to award and valid award bodies."""

from __future__ import annotations

from sqlalchemy.orm import Session

from badgeservice.auth.principal import Principal
from badgeservice.awards.models import Award
from badgeservice.awards.presenter import award_out
from badgeservice.awards.service import AwardContext
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.crypto.secrets import SubkeyPurpose, derive_subkey
from badgeservice.issuers.models import Issuer
from badgeservice.settings import Settings
from badgeservice.urls import Urls
from tests.conftest import PUBLIC_URL, T0
from tests.support.factories import TEST_KEY_RING, make_badge_class, make_issuer


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


def award_context(settings: Settings, actor: Principal) -> AwardContext:
    """What the award routes hand the issuing service, at ``T0`` (a memo of its own)."""
    return AwardContext(
        ring=TEST_KEY_RING,
        recipient_lookup_key=derive_subkey(
            settings.kek_bytes(), purpose=SubkeyPurpose.RECIPIENT_LOOKUP_HMAC
        ),
        urls=Urls(PUBLIC_URL),
        actor=actor,
        now=T0,
    )


def render_award(award: Award) -> bytes:
    """The API's response body for ``award``, as the award routes render it at ``T0``."""
    return award_out(award, Urls(PUBLIC_URL), T0).model_dump_json().encode("utf-8")
