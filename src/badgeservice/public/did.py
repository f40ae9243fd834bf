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

from badgeservice.crypto.keypairs import public_key_from_jwk
from badgeservice.deps import SessionDep, UrlsDep
from badgeservice.formats.did import VerificationMethodInput, did_document
from badgeservice.http_problems import problem_responses
from badgeservice.keys import service as keys
from badgeservice.keys.models import KID_PREFIX, SigningKey
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
    published = keys.published_keys_by_slug(session, slug=slug)
    document = did_document(
        urls.issuer_did(published.issuer.slug), [_method(key) for key in published.keys]
    )
    media_type = negotiate(request.headers.get("accept"), DID_MEDIA_TYPES)
    response = cacheable_response(
        request, orjson.dumps(document), media_type=media_type, cache_control=_CACHE
    )
    response.headers["Vary"] = "Accept"
    return response


def _method(key: SigningKey) -> VerificationMethodInput:
    # formats.did names methods "<did>#key-<key_id>": pass the kid without its prefix, so the
    # method id is exactly Urls.issuer_key_did_url (the kid is the whole fragment).
    return VerificationMethodInput(
        key_id=key.kid.removeprefix(KID_PREFIX), public_key=public_key_from_jwk(key.public_jwk)
    )
