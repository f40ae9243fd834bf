"""Admin API for badge classes (labels)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from badgeservice.badge_classes import service
from badgeservice.badge_classes.models import BadgeClassStatus
from badgeservice.badge_classes.schemas import (
    Alignment,
    BadgeClassCreate,
    BadgeClassLinks,
    BadgeClassList,
    BadgeClassOut,
    BadgeClassUpdate,
    Criteria,
)
from badgeservice.badge_classes.service import BadgeClassView
from badgeservice.deps import (
    BadgeClassesWriterDep,
    JsonBody,
    NowDep,
    SessionDep,
    SettingsDep,
    UrlsDep,
)
from badgeservice.http_problems import problem_responses
from badgeservice.images import service as images
from badgeservice.images.upload import IMAGE_UPLOAD_OPENAPI, ImageUploadDep
from badgeservice.urls import Urls

router = APIRouter(prefix="/api/v1/badge-classes", tags=["badge classes"])
_AUTH = (401, 403)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[JsonBody],
    responses=problem_responses(*_AUTH, 404, 409, 413, 415, 422),
)
def create_badge_class(
    body: BadgeClassCreate,
    session: SessionDep,
    principal: BadgeClassesWriterDep,
    now: NowDep,
    urls: UrlsDep,
) -> BadgeClassOut:
    return to_out(service.create_badge_class(session, data=body, actor=principal, now=now), urls)


@router.get("", responses=problem_responses(*_AUTH, 422))
def list_badge_classes(
    session: SessionDep,
    principal: BadgeClassesWriterDep,
    urls: UrlsDep,
    issuer_id: uuid.UUID | None = None,
    status_filter: Annotated[BadgeClassStatus | None, Query(alias="status")] = None,
    tag: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> BadgeClassList:
    page = service.list_badge_classes(
        session,
        actor=principal,
        issuer_id=issuer_id,
        status=status_filter,
        tag=tag,
        cursor=cursor,
        limit=limit,
    )
    return BadgeClassList(items=[to_out(v, urls) for v in page.items], next_cursor=page.next_cursor)


@router.get("/{badge_class_id}", responses=problem_responses(*_AUTH, 404, 422))
def get_badge_class(
    badge_class_id: uuid.UUID, session: SessionDep, principal: BadgeClassesWriterDep, urls: UrlsDep
) -> BadgeClassOut:
    view = service.get_badge_class(session, badge_class_id=badge_class_id, actor=principal)
    return to_out(view, urls)


@router.get("/{badge_class_id}/versions/{version}", responses=problem_responses(*_AUTH, 404, 422))
def get_badge_class_version(
    badge_class_id: uuid.UUID,
    version: int,
    session: SessionDep,
    principal: BadgeClassesWriterDep,
    urls: UrlsDep,
) -> BadgeClassOut:
    service.get_badge_class(session, badge_class_id=badge_class_id, actor=principal)
    view = service.get_version(session, badge_class_id=badge_class_id, version=version)
    return to_out(view, urls)


@router.patch(
    "/{badge_class_id}",
    dependencies=[JsonBody],
    responses=problem_responses(*_AUTH, 404, 409, 413, 415, 422),
)
def update_badge_class(
    badge_class_id: uuid.UUID,
    body: BadgeClassUpdate,
    session: SessionDep,
    principal: BadgeClassesWriterDep,
    now: NowDep,
    urls: UrlsDep,
) -> BadgeClassOut:
    view = service.update_badge_class(
        session, badge_class_id=badge_class_id, data=body, actor=principal, now=now
    )
    return to_out(view, urls)


@router.post("/{badge_class_id}/archive", responses=problem_responses(*_AUTH, 404))
def archive_badge_class(
    badge_class_id: uuid.UUID,
    session: SessionDep,
    principal: BadgeClassesWriterDep,
    now: NowDep,
    urls: UrlsDep,
) -> BadgeClassOut:
    view = service.archive_badge_class(
        session, badge_class_id=badge_class_id, actor=principal, now=now
    )
    return to_out(view, urls)


@router.put(
    "/{badge_class_id}/image",
    responses=problem_responses(*_AUTH, 404, 409, 413, 415, 422),
    openapi_extra=IMAGE_UPLOAD_OPENAPI,
)
def put_badge_class_image(
    badge_class_id: uuid.UUID,
    upload: ImageUploadDep,
    session: SessionDep,
    principal: BadgeClassesWriterDep,
    settings: SettingsDep,
    now: NowDep,
    urls: UrlsDep,
) -> BadgeClassOut:
    # Authorise before storing anything the caller sent.
    service.get_badge_class(session, badge_class_id=badge_class_id, actor=principal)
    image = images.store_upload(
        session,
        data=upload.data,
        declared_type=upload.content_type,
        max_bytes=settings.max_upload_bytes,
        max_pixels=settings.max_image_pixels,
        pointer=upload.pointer,
        now=now,
    )
    view = service.set_image(
        session, badge_class_id=badge_class_id, image=image, actor=principal, now=now
    )
    return to_out(view, urls)


def to_out(view: BadgeClassView, urls: Urls) -> BadgeClassOut:
    badge_class, version = view.badge_class, view.version
    return BadgeClassOut(
        id=badge_class.id,
        issuer_id=badge_class.issuer_id,
        slug=badge_class.slug,
        version=version.version,
        status=badge_class.status,
        name=dict(version.name),
        description=dict(version.description),
        criteria=Criteria.model_validate(
            {"narrative": version.criteria_narrative, "requirements": version.requirements}
        ),
        achievement_type=version.achievement_type,
        tags=list(version.tags),
        alignments=[Alignment.model_validate(a) for a in version.alignments],
        validity=version.validity,
        image_id=version.image_id,
        created_at=badge_class.created_at,
        updated_at=badge_class.updated_at,
        archived_at=badge_class.archived_at,
        links=BadgeClassLinks(
            ob2=urls.ob2_badge_class(badge_class.id),
            ob2_version=urls.ob2_badge_class_version(badge_class.id, version.version),
            ob3=urls.ob3_achievement(badge_class.id),
            image_png=urls.image_png(version.image_id),
            image=urls.image(version.image_id),
        ),
    )
