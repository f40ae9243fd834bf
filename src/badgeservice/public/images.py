"""Public image URLs: the image as uploaded (PNG or sanitised SVG) and its PNG rendition."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from badgeservice.deps import SessionDep
from badgeservice.http_problems import problem_responses
from badgeservice.images import service
from badgeservice.public.caching import cacheable_response

router = APIRouter(tags=["public"])
# Images are immutable (a new upload gets a new id), so they may be cached for long.
_IMMUTABLE = "public, max-age=31536000, immutable"
# Even a sanitised SVG is served so that nothing in it could run.
_SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@router.get(
    "/images/{image_id}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **problem_responses(404, 422)},
)
def get_image_png(image_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    image = service.get_image(session, image_id=image_id)
    return cacheable_response(
        request, image.png_data, media_type="image/png", cache_control=_IMMUTABLE
    )


@router.get(
    "/images/{image_id}",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}, "image/svg+xml": {}}},
        **problem_responses(404, 422),
    },
)
def get_image(image_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    image = service.get_image(session, image_id=image_id)
    response = cacheable_response(
        request, image.data, media_type=image.media_type, cache_control=_IMMUTABLE
    )
    if image.media_type == "image/svg+xml":
        response.headers["Content-Security-Policy"] = _SVG_CSP
    return response
