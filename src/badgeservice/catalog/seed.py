"""Seeding the Isopolis catalog (idempotent: present items are left as they are)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from badgeservice.auth.principal import SYSTEM
from badgeservice.badge_classes import repository as badge_class_repository
from badgeservice.badge_classes import service as badge_classes
from badgeservice.badge_classes.schemas import BadgeClassCreate
from badgeservice.catalog.texts import ISSUER, LABELS
from badgeservice.issuers import repository as issuer_repository
from badgeservice.issuers import service as issuers
from badgeservice.issuers.schemas import IssuerCreate
from badgeservice.keys import service as keys
from badgeservice.keys.ring import KeyRing


@dataclass(frozen=True)
class SeedResult:
    created: int
    existing: int


def seed_catalog(session: Session, *, ring: KeyRing, now: datetime) -> SeedResult:
    created = existing = 0
    issuer = session.scalars(issuer_repository.get_by_slug(str(ISSUER["slug"]))).one_or_none()
    if issuer is None:
        issuer = issuers.create_issuer(
            session, data=IssuerCreate.model_validate(ISSUER), ring=ring, actor=SYSTEM, now=now
        )
        created += 1
    else:
        existing += 1
        # An issuer seeded before signing keys existed (or under another VC-JWT algorithm).
        keys.ensure_issuer_keys(session, ring=ring, issuer=issuer, actor=SYSTEM, now=now)
    for label in LABELS:
        slug = str(label["slug"])
        if session.scalars(badge_class_repository.get_by_slug(issuer.id, slug)).one_or_none():
            existing += 1
            continue
        body = {
            "issuer_id": str(issuer.id),
            "slug": slug,
            "name": label["name"],
            "description": label["description"],
            "criteria": {"narrative": label["criteria"], "requirements": label["requirements"]},
            "achievement_type": label["achievement_type"],
            "tags": label["tags"],
            "validity": label["validity"],
        }
        badge_classes.create_badge_class(
            session, data=BadgeClassCreate.model_validate(body), actor=SYSTEM, now=now
        )
        created += 1
    return SeedResult(created=created, existing=existing)
