"""Mapping an award to its API representation."""

from __future__ import annotations

from datetime import datetime

from badgeservice.awards.api_models import AwardLinks, AwardOut, RecipientOut
from badgeservice.awards.models import Award
from badgeservice.awards.service import award_status
from badgeservice.urls import Urls


def award_out(award: Award, urls: Urls, now: datetime) -> AwardOut:
    hashed = award.recipient_hash is not None
    return AwardOut(
        id=award.id,
        status=award_status(award, now),
        badge_class_id=award.badge_class_id,
        badge_class_version=award.badge_class_version,
        issuer_id=award.issuer_id,
        recipient=RecipientOut(
            type=award.recipient_type,
            identity=award.recipient_public_identity,
            hashed=hashed,
            identity_hash=award.recipient_hash,
            salt=award.recipient_salt,
        ),
        recipient_name=award.recipient_name,
        evidence=list(award.evidence),
        narrative=award.narrative,
        claims=award.claims,
        issued_on=award.issued_on,
        expires=award.expires,
        revoked_at=award.revoked_at,
        revocation_reason=award.revocation_reason,
        created_at=award.created_at,
        links=AwardLinks(
            page=urls.badge_page(award.id),
            ob2_hosted=urls.ob2_assertion(award.id),
            ob2_signed=urls.ob2_signed_assertion(award.id),
            ob3=urls.ob3_credential(award.id),
            ob3_jwt=urls.ob3_credential_jwt(award.id),
            image_png=urls.badge_image(award.id, "png"),
            image_svg=urls.badge_image(award.id, "svg"),
        ),
    )
