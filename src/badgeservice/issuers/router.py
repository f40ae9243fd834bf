"""Admin API for issuers."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from badgeservice.deps import (
    IssuersWriterDep,
    JsonBody,
    KeyRingDep,
    NowDep,
    PrincipalDep,
    SessionDep,
    SettingsDep,
    UrlsDep,
)
from badgeservice.http_problems import problem_responses
from badgeservice.images import service as images
from badgeservice.images.upload import IMAGE_UPLOAD_OPENAPI, ImageUploadDep
from badgeservice.issuers import service
from badgeservice.issuers.models import Issuer
from badgeservice.issuers.schemas import (
    IssuerCreate,
    IssuerLinks,
    IssuerList,
    IssuerOut,
    IssuerUpdate,
)
from badgeservice.urls import Urls

router = APIRouter(prefix="/api/v1/issuers", tags=["issuers"])
_AUTH = (401, 403)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[JsonBody],
    responses=problem_responses(*_AUTH, 409, 413, 415, 422),
)
def create_issuer(
    body: IssuerCreate,
    session: SessionDep,
    principal: IssuersWriterDep,
    ring: KeyRingDep,
    now: NowDep,
    urls: UrlsDep,
) -> IssuerOut:
    issuer = service.create_issuer(session, data=body, ring=ring, actor=principal, now=now)
    return to_out(issuer, urls)


@router.get("", responses=problem_responses(*_AUTH))
def list_issuers(session: SessionDep, principal: PrincipalDep, urls: UrlsDep) -> IssuerList:
    return IssuerList(
        items=[to_out(i, urls) for i in service.list_issuers(session, actor=principal)],
        next_cursor=None,
    )


@router.get("/{issuer_id}", responses=problem_responses(*_AUTH, 404, 422))
def get_issuer(
    issuer_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, urls: UrlsDep
) -> IssuerOut:
    return to_out(service.get_issuer(session, issuer_id=issuer_id, actor=principal), urls)


@router.patch(
    "/{issuer_id}",
    dependencies=[JsonBody],
    responses=problem_responses(*_AUTH, 404, 413, 415, 422),
)
def update_issuer(
    issuer_id: uuid.UUID,
    body: IssuerUpdate,
    session: SessionDep,
    principal: IssuersWriterDep,
    now: NowDep,
    urls: UrlsDep,
) -> IssuerOut:
    issuer = service.update_issuer(
        session, issuer_id=issuer_id, data=body, actor=principal, now=now
    )
    return to_out(issuer, urls)


@router.put(
    "/{issuer_id}/image",
    responses=problem_responses(*_AUTH, 404, 413, 415, 422),
    openapi_extra=IMAGE_UPLOAD_OPENAPI,
)
def put_issuer_image(
    issuer_id: uuid.UUID,
    upload: ImageUploadDep,
    session: SessionDep,
    principal: IssuersWriterDep,
    settings: SettingsDep,
    now: NowDep,
    urls: UrlsDep,
) -> IssuerOut:
    image = images.store_upload(
        session,
        data=upload.data,
        declared_type=upload.content_type,
        max_bytes=settings.max_upload_bytes,
        max_pixels=settings.max_image_pixels,
        pointer=upload.pointer,
        now=now,
    )
    issuer = service.set_image(session, issuer_id=issuer_id, image=image, actor=principal, now=now)
    return to_out(issuer, urls)


def to_out(issuer: Issuer, urls: Urls) -> IssuerOut:
    return IssuerOut(
        id=issuer.id,
        slug=issuer.slug,
        did=urls.issuer_did(issuer.slug),
        name=dict(issuer.name),
        description=dict(issuer.description),
        url=issuer.url,
        email=issuer.email,
        telephone=issuer.telephone,
        created_at=issuer.created_at,
        updated_at=issuer.updated_at,
        links=IssuerLinks(
            ob2=urls.ob2_issuer(issuer.id),
            did_document=urls.issuer_did_document(issuer.slug),
            image=None if issuer.image_id is None else urls.image(issuer.image_id),
        ),
    )
