"""Reading what awards published: stored documents and the data baked images need."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from badgeservice.awards.models import Award
from badgeservice.badge_classes.models import BadgeClassVersion
from badgeservice.i18n import Text
from badgeservice.images.models import StoredImage
from badgeservice.problems import NotFoundError
from badgeservice.status.models import StatusList


def _not_found(what: str, ident: uuid.UUID) -> NotFoundError:
    return NotFoundError(Text("not_found", {"path": f"/{what}/{ident}"}))


def get_published(session: Session, *, award_id: uuid.UUID) -> Award:
    award = session.get(Award, award_id)
    if award is None:
        raise _not_found("awards", award_id)
    return award


def get_status_list(session: Session, *, status_list_id: uuid.UUID) -> StatusList:
    status_list = session.get(StatusList, status_list_id)
    if status_list is None:
        raise _not_found("status-lists", status_list_id)
    return status_list


@dataclass(frozen=True)
class BakingSource:
    award: Award
    image: StoredImage


def baking_source(session: Session, *, award_id: uuid.UUID) -> BakingSource:
    row = session.execute(
        select(Award, StoredImage)
        .join(BadgeClassVersion, BadgeClassVersion.id == Award.badge_class_version_id)
        .join(StoredImage, StoredImage.id == BadgeClassVersion.image_id)
        .where(Award.id == award_id)
    ).one_or_none()
    if row is None:
        raise _not_found("badges", award_id)
    return BakingSource(award=row[0], image=row[1])
