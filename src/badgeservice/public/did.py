"""Issuer DID documents: ``did:web:{host}:issuers:{slug}`` resolves to ``/issuers/{slug}/did.json``.

Served as ``application/did+ld+json``, the DID Core 1.0 §6.3 JSON-LD representation, since the
document carries ``@context``; ``application/did+json`` or ``application/json`` when the client
asks only for those (same bytes). Keys: Ed25519 as ``Multikey``, RSA/P-256 as ``JsonWebKey``,
active and retired, by full DID URL in ``assertionMethod``; revoked keys are left out entirely.
"""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Path, Request, Response

from badgeservice import public_documents as documents
from badgeservice.deps import SessionDep, UrlsDep
from badgeservice.http_problems import problem_responses
from badgeservice.public.caching import cacheable_response
from badgeservice.public.negotiation import negotiate

router = APIRouter(tags=["public"])
DID_MEDIA_TYPES = ("application/did+ld+json", "application/did+json", "application/json")
# Keys rotate and can be revoked: resolvers must see that within minutes.
_CACHE = "public, max-age=300"
IssuerSlug = Annotated[str, Path(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]


@router.get(
    "/issuers/{slug}/did.json",
    response_class=Response,
    responses={
        200: {"content": {media_type: {} for media_type in DID_MEDIA_TYPES}},
        **problem_responses(404, 422),
    },
)
def get_did_document(
    slug: IssuerSlug, request: Request, session: SessionDep, urls: UrlsDep
) -> Response:
    document = documents.issuer_did_document(session, slug=slug, urls=urls)
    media_type = negotiate(request.headers.get("accept"), DID_MEDIA_TYPES)
    response = cacheable_response(
        request, orjson.dumps(document), media_type=media_type, cache_control=_CACHE
    )
    response.headers["Vary"] = "Accept"
    return response
