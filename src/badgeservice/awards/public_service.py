"""Reading what awards published: stored documents and the data baked images need."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, bindparam, select
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


class StoredDocument(StrEnum):
    """The documents an award stores as signed, by column."""

    OB2_HOSTED = "ob2_hosted"
    OB2_SIGNED = "ob2_signed"
    OB3_JSON = "ob3_json"
    OB3_JWT = "ob3_jwt"


@functools.cache
def _document_statement(document: StoredDocument) -> Select[bytes]:
    # One column by primary key: the public GETs' hot path loads no ORM row (4 documents,
    # JSON columns) to serve one document. Built once per column, bound per request.
    column = getattr(Award, document.value)
    return select(column).where(Award.id == bindparam("award_id", type_=Award.id.type))


def get_stored_document(
    session: Session, *, award_id: uuid.UUID, document: StoredDocument
) -> bytes:
    """One stored document of an award, byte for byte as signed; NotFoundError if no award."""
    content = (
        session.connection()
        .execute(_document_statement(document), {"award_id": award_id})
        .scalar_one_or_none()
    )
    if content is None:
        raise _not_found("awards", award_id)
    return bytes(content)


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
