"""ETag / Cache-Control handling for public documents served byte for byte."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def cacheable_response(
    request: Request,
    content: bytes,
    *,
    media_type: str,
    cache_control: str,
    etag: str | None = None,
    vary: str | None = None,
) -> Response:
    """200 with an ETag, or 304 when the client's If-None-Match already names it. ``etag``:
    the content's, when the caller already knows it (``etag_for(content)``); ``vary``: the
    request headers that chose the representation."""
    etag = etag or etag_for(content)
    headers = {
        "ETag": etag,
        "Cache-Control": cache_control,
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
    }
    if vary is not None:
        headers["Vary"] = vary
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(content=content, media_type=media_type, headers=headers)
