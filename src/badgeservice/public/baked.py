"""Baked badge images: ``/badges/{id}/image.png`` and ``image.svg`` with ``?format=``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from badgeservice.awards import public_service
from badgeservice.awards.baking import BakedFormat, baked_png, baked_svg
from badgeservice.deps import SessionDep, UrlsDep
from badgeservice.http_problems import problem_responses
from badgeservice.public.caching import cacheable_response

router = APIRouter(tags=["public"])
_CACHE = "public, max-age=300"
_SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
FormatQuery = Annotated[BakedFormat, Query(alias="format")]


@router.get(
    "/badges/{award_id}/image.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **problem_responses(404, 422)},
)
def get_baked_png(
    award_id: uuid.UUID, request: Request, session: SessionDep, fmt: FormatQuery = BakedFormat.OB3
) -> Response:
    source = public_service.baking_source(session, award_id=award_id)
    content = baked_png(source, fmt)
    return cacheable_response(request, content, media_type="image/png", cache_control=_CACHE)


@router.get(
    "/badges/{award_id}/image.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **problem_responses(404, 422)},
)
def get_baked_svg(
    award_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    urls: UrlsDep,
    fmt: FormatQuery = BakedFormat.OB3,
) -> Response:
    source = public_service.baking_source(session, award_id=award_id)
    content = baked_svg(source, fmt, urls)
    response = cacheable_response(
        request, content, media_type="image/svg+xml", cache_control=_CACHE
    )
    response.headers["Content-Security-Policy"] = _SVG_CSP
    return response
