"""OB 3.0 documents of a badge class: the Achievement (current version)."""

from __future__ import annotations

import uuid
from typing import Annotated

import orjson
from fastapi import APIRouter, Header, Request, Response

from badgeservice import public_documents as documents
from badgeservice.deps import SessionDep, UrlsDep
from badgeservice.http_problems import problem_responses
from badgeservice.public.caching import cacheable_response
from badgeservice.public.negotiation import negotiate

router = APIRouter(tags=["public"])
_TYPES = ("application/ld+json", "application/json")
_CACHE = "public, max-age=300, must-revalidate"


@router.get(
    "/ob3/achievements/{badge_class_id}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in _TYPES}}, **problem_responses(404, 422)},
)
def get_achievement(
    badge_class_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
    accept: Annotated[str | None, Header(alias="Accept")] = None,
) -> Response:
    """The OB 3.0 Achievement of the label's current version, with its JSON-LD context."""
    document = documents.ob3_achievement(session, badge_class_id=badge_class_id, urls=urls)
    response = cacheable_response(
        request, orjson.dumps(document), media_type=negotiate(accept, _TYPES), cache_control=_CACHE
    )
    response.headers["Vary"] = "Accept"
    return response
