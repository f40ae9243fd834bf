"""Statements for badge classes and their versions."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Select, and_, or_, select

from badgeservice.badge_classes.models import BadgeClass, BadgeClassStatus, BadgeClassVersion


def get_by_id(badge_class_id: uuid.UUID) -> Select[BadgeClass]:
    return select(BadgeClass).where(BadgeClass.id == badge_class_id)


def get_by_slug(issuer_id: uuid.UUID, slug: str) -> Select[BadgeClass]:
    return select(BadgeClass).where(BadgeClass.issuer_id == issuer_id, BadgeClass.slug == slug)


def get_version(badge_class_id: uuid.UUID, version: int) -> Select[BadgeClassVersion]:
    return select(BadgeClassVersion).where(
        BadgeClassVersion.badge_class_id == badge_class_id, BadgeClassVersion.version == version
    )


def list_with_current_version(
    *,
    issuer_ids: Collection[uuid.UUID] | None,
    status: BadgeClassStatus | None,
    tag: str | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Select[BadgeClass, BadgeClassVersion]:
    """Oldest first, keyset-paginated on (created_at, id), with each class's current version."""
    stmt = (
        select(BadgeClass, BadgeClassVersion)
        .join(
            BadgeClassVersion,
            and_(
                BadgeClassVersion.badge_class_id == BadgeClass.id,
                BadgeClassVersion.version == BadgeClass.current_version,
            ),
        )
        .order_by(BadgeClass.created_at, BadgeClass.id)
    )
    if issuer_ids is not None:
        stmt = stmt.where(BadgeClass.issuer_id.in_(list(issuer_ids)))
    if status is not None:
        stmt = stmt.where(BadgeClass.status == status)
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            or_(
                BadgeClass.created_at > at,
                and_(BadgeClass.created_at == at, BadgeClass.id > last_id),
            )
        )
    if tag is None:
        return stmt.limit(limit + 1)
    # Tags live in a JSON array; filtering them portably happens in the service.
    return stmt
