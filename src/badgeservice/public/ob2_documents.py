"""Open Badges 2.0 public documents: Issuer Profile, CryptographicKey, RevocationList, BadgeClass.

Served as ``application/ld+json``, or ``application/json`` when the client prefers only that
(OB2 §Setting Content-Type, FACTS §1.3). OB 2.0 has no language maps: texts are published in
French, the network's language (English when a French text is empty).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request, Response

from badgeservice import public_documents as documents
from badgeservice.deps import SessionDep, UrlsDep
from badgeservice.http_problems import problem_responses
from badgeservice.keys.models import KID_PATH_PATTERN
from badgeservice.public.caching import cacheable_response
from badgeservice.public.negotiation import negotiate

router = APIRouter(prefix="/ob2", tags=["public"])
OB2_MEDIA_TYPES = ("application/ld+json", "application/json")
# What may change (keys, texts, the current version) is revalidated within minutes; the
# revocation list on every use; a badge class version never changes.
_SHORT = "public, max-age=300"
_REVALIDATE = "public, no-cache"
_IMMUTABLE_VERSION = "public, max-age=86400"


def _document_responses(*problem_statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"content": {media_type: {} for media_type in OB2_MEDIA_TYPES}},
        **problem_responses(*problem_statuses),
    }


_DOCUMENT = _document_responses(404, 422)
Kid = Annotated[str, Path(pattern=KID_PATH_PATTERN)]
Version = Annotated[int, Path(ge=1)]


@router.get("/issuers/{issuer_id}", response_class=Response, responses=_DOCUMENT)
def get_issuer(
    issuer_id: uuid.UUID, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    document = documents.ob2_issuer_profile(session, issuer_id=issuer_id, urls=urls)
    return _json_ld(request, document, _SHORT)


@router.get("/issuers/{issuer_id}/revocations", response_class=Response, responses=_DOCUMENT)
def get_revocation_list(
    issuer_id: uuid.UUID, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    document = documents.ob2_revocation_list(session, issuer_id=issuer_id, urls=urls)
    return _json_ld(request, document, _REVALIDATE)


@router.get(
    "/issuers/{issuer_id}/keys/{kid}",
    response_class=Response,
    responses=_document_responses(404, 410, 422),
)
def get_key(
    issuer_id: uuid.UUID, kid: Kid, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    document = documents.ob2_cryptographic_key(session, issuer_id=issuer_id, kid=kid, urls=urls)
    return _json_ld(request, document, _SHORT)


@router.get("/badge-classes/{badge_class_id}", response_class=Response, responses=_DOCUMENT)
def get_badge_class(
    badge_class_id: uuid.UUID, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    document = documents.ob2_badge_class(session, badge_class_id=badge_class_id, urls=urls)
    return _json_ld(request, document, _SHORT)


@router.get(
    "/badge-classes/{badge_class_id}/versions/{version}",
    response_class=Response,
    responses=_DOCUMENT,
)
def get_badge_class_version(
    badge_class_id: uuid.UUID,
    version: Version,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
) -> Response:
    document = documents.ob2_badge_class(
        session, badge_class_id=badge_class_id, urls=urls, version=version
    )
    return _json_ld(request, document, _IMMUTABLE_VERSION)


def _json_ld(request: Request, document: dict[str, object], cache_control: str) -> Response:
    media_type = negotiate(request.headers.get("accept"), OB2_MEDIA_TYPES)
    response = cacheable_response(
        request, orjson.dumps(document), media_type=media_type, cache_control=cache_control
    )
    response.headers["Vary"] = "Accept"
    return response
