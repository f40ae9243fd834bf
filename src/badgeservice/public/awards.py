"""Public award documents, served byte for byte as signed (DESIGN.md "URLs")."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from badgeservice.awards import public_service
from badgeservice.awards.public_service import StoredDocument
from badgeservice.db import unit_of_work
from badgeservice.deps import SessionDep, SessionFactoryDep, UrlsDep
from badgeservice.formats.ob2_documents import revoked_assertion_stub
from badgeservice.formats.ob2_signed import assertion_json_bytes
from badgeservice.http_problems import problem_responses
from badgeservice.public.caching import cacheable_response
from badgeservice.public.negotiation import negotiate
from badgeservice.public.stored_documents import StoredDocumentCache, StoredDocumentsDep

router = APIRouter(tags=["public"])

# Revocation must show quickly: documents that can change are cached briefly and revalidated
# with their ETag (README "Caching").
MUTABLE = "public, max-age=60, must-revalidate"
STATUS_LIST = "public, max-age=30, must-revalidate"
OB2_TYPES = ("application/ld+json", "application/json")
OB3_TYPES = (
    "application/vc+ld+json",
    "application/vc+jwt",
    "text/plain",
    "application/ld+json",
    "application/json",
)
_JWT_TYPES = ("application/vc+jwt", "text/plain")
_DOC = {200: {"content": {t: {} for t in OB2_TYPES}}, **problem_responses(404, 422)}
AcceptHeader = Annotated[str | None, Header(alias="Accept")]


@router.get(
    "/ob2/assertions/{award_id}.jws",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **problem_responses(404, 422)},
)
def get_signed_assertion(
    award_id: uuid.UUID, request: Request, factory: SessionFactoryDep, cache: StoredDocumentsDep
) -> Response:
    """The OB 2.0 signed assertion (JWS compact serialization, RS256)."""
    content, etag = _stored(factory, cache, award_id, StoredDocument.OB2_SIGNED)
    return cacheable_response(
        request, content, media_type="text/plain", cache_control=MUTABLE, etag=etag
    )


@router.get(
    "/ob2/assertions/{award_id}",
    response_class=Response,
    responses={**_DOC, 410: {"description": "revoked: {id, revoked, revocationReason}"}},
)
def get_hosted_assertion(
    award_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
    accept: AcceptHeader = None,
) -> Response:
    """The OB 2.0 hosted assertion; 410 Gone once revoked (OB 2.0 §Hosted verification)."""
    award = public_service.get_published(session, award_id=award_id)
    media_type = negotiate(accept, OB2_TYPES)
    if award.revoked_at is not None:
        stub = revoked_assertion_stub(urls.ob2_assertion(award_id), award.revocation_reason or "")
        response = Response(assertion_json_bytes(stub), status_code=410, media_type=media_type)
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Cache-Control"] = MUTABLE
        return response
    response = cacheable_response(
        request, award.ob2_hosted, media_type=media_type, cache_control=MUTABLE
    )
    response.headers["Vary"] = "Accept"
    return response


@router.get(
    "/ob3/credentials/{award_id}.jwt",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **problem_responses(404, 422)},
)
def get_credential_jwt(
    award_id: uuid.UUID, request: Request, factory: SessionFactoryDep, cache: StoredDocumentsDep
) -> Response:
    """The OB 3.0 credential as a VC-JWT."""
    content, etag = _stored(factory, cache, award_id, StoredDocument.OB3_JWT)
    return cacheable_response(
        request, content, media_type="text/plain", cache_control=MUTABLE, etag=etag
    )


@router.get(
    "/ob3/credentials/{award_id}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in OB3_TYPES}}, **problem_responses(404, 422)},
)
def get_credential(
    award_id: uuid.UUID,
    request: Request,
    factory: SessionFactoryDep,
    cache: StoredDocumentsDep,
    accept: AcceptHeader = None,
) -> Response:
    """The OB 3.0 OpenBadgeCredential with its Data Integrity proof, or (``Accept:
    application/vc+jwt`` or ``text/plain``) the same credential as a VC-JWT."""
    media_type = negotiate(accept, OB3_TYPES)
    document = StoredDocument.OB3_JWT if media_type in _JWT_TYPES else StoredDocument.OB3_JSON
    content, etag = _stored(factory, cache, award_id, document)
    response = cacheable_response(
        request, content, media_type=media_type, cache_control=MUTABLE, etag=etag
    )
    response.headers["Vary"] = "Accept"
    return response


@router.get(
    "/ob3/status-lists/{status_list_id}",
    response_class=Response,
    responses={200: {"content": {"application/vc+ld+json": {}}}, **problem_responses(404, 422)},
)
def get_status_list(status_list_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    """The signed BitstringStatusListCredential."""
    status_list = public_service.get_status_list(session, status_list_id=status_list_id)
    return cacheable_response(
        request,
        status_list.credential,
        media_type="application/vc+ld+json",
        cache_control=STATUS_LIST,
    )


def _stored(
    factory: sessionmaker[Session],
    cache: StoredDocumentCache,
    award_id: uuid.UUID,
    document: StoredDocument,
) -> tuple[bytes, str]:
    """A stored document and its ETag: from memory (they never change once signed), else
    from a read transaction of its own, ended before the response is built (the request-scoped
    session's set-up and tear-down would each cost a thread-pool round trip)."""
    held = cache.get(award_id, document)
    if held is not None:
        return held
    with unit_of_work(factory) as session:
        content = public_service.get_stored_document(session, award_id=award_id, document=document)
    return cache.put(award_id, document, content)
