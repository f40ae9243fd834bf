"""Public award documents, served byte for byte as signed (DESIGN.md "URLs")."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from badgeservice.awards import public_service
from badgeservice.awards.public_service import StoredDocument
from badgeservice.deps import SessionDep, SessionFactoryDep, UrlsDep
from badgeservice.formats.ob2_documents import revoked_assertion_stub
from badgeservice.formats.ob2_signed import assertion_json_bytes
from badgeservice.http_problems import problem_responses
from badgeservice.public.caching import cacheable_response
from badgeservice.public.negotiation import negotiate
from badgeservice.public.stored_documents import stored_documents

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
# Accept is read from the request, not declared as a header parameter: OpenAPI ignores a
# header parameter named Accept (Parameter Object; the media types are in ``responses``), and
# FastAPI's resolution of a parameter is a noticeable share of these GETs' time.


# The OB 3.0 credential first: routes are matched in order, and it is the most requested.
@router.get(
    "/ob3/credentials/{award_id}.jwt",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **problem_responses(404, 422)},
)
async def get_credential_jwt(
    award_id: uuid.UUID, request: Request, factory: SessionFactoryDep
) -> Response:
    """The OB 3.0 credential as a VC-JWT."""
    documents = stored_documents(request, factory)
    content, etag = await documents.get(award_id, StoredDocument.OB3_JWT)
    return cacheable_response(
        request, content, media_type="text/plain", cache_control=MUTABLE, etag=etag
    )


@router.get(
    "/ob3/credentials/{award_id}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in OB3_TYPES}}, **problem_responses(404, 422)},
)
async def get_credential(
    award_id: uuid.UUID, request: Request, factory: SessionFactoryDep
) -> Response:
    """The OB 3.0 OpenBadgeCredential with its Data Integrity proof, or (``Accept:
    application/vc+jwt`` or ``text/plain``) the same credential as a VC-JWT."""
    media_type = negotiate(request.headers.get("accept"), OB3_TYPES)
    document = StoredDocument.OB3_JWT if media_type in _JWT_TYPES else StoredDocument.OB3_JSON
    content, etag = await stored_documents(request, factory).get(award_id, document)
    return cacheable_response(
        request, content, media_type=media_type, cache_control=MUTABLE, etag=etag, vary="Accept"
    )


@router.get(
    "/ob2/assertions/{award_id}.jws",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **problem_responses(404, 422)},
)
async def get_signed_assertion(
    award_id: uuid.UUID, request: Request, factory: SessionFactoryDep
) -> Response:
    """The OB 2.0 signed assertion (JWS compact serialization, RS256)."""
    documents = stored_documents(request, factory)
    content, etag = await documents.get(award_id, StoredDocument.OB2_SIGNED)
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
) -> Response:
    """The OB 2.0 hosted assertion; 410 Gone once revoked (OB 2.0 §Hosted verification)."""
    award = public_service.get_published(session, award_id=award_id)
    media_type = negotiate(request.headers.get("accept"), OB2_TYPES)
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
