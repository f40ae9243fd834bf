"""Badge and issuer images: validated uploads and generated label artwork.

Every stored image has a PNG rendition (rasterised once, here) because Open Badges bakes into
PNG and OB 2.0 requires an image on every BadgeClass.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from badgeservice.formats.default_image import render_label_svg, render_png
from badgeservice.formats.image_rejected import ImageRejected
from badgeservice.formats.images import validate_badge_image
from badgeservice.i18n import Text
from badgeservice.images import repository
from badgeservice.images.models import StoredImage
from badgeservice.problems import IMAGE_REJECTED, DomainError, FieldError, NotFoundError

PNG_RENDITION_WIDTH = 512


class ImageRejectedError(DomainError):
    kind = IMAGE_REJECTED


def store_upload(
    session: Session,
    *,
    data: bytes,
    declared_type: str | None,
    max_bytes: int,
    max_pixels: int,
    pointer: str,
    now: datetime,
) -> StoredImage:
    try:
        validated = validate_badge_image(
            data, max_bytes=max_bytes, declared_type=declared_type, max_pixels=max_pixels
        )
    except ImageRejected as exc:
        text = Text("image_rejected", {"reason": exc.detail})
        raise ImageRejectedError(text, errors=[FieldError(pointer, text)]) from exc
    if validated.media_type == "image/svg+xml":
        png = render_png(validated.data, width=PNG_RENDITION_WIDTH)
    else:
        png = validated.data
    return _store(
        session,
        media_type=validated.media_type,
        data=validated.data,
        png=png,
        width=validated.width,
        height=validated.height,
        generated=False,
        now=now,
    )


def generate_label_image(
    session: Session, *, name: str, subtitle: str | None, seed: str, now: datetime
) -> StoredImage:
    svg = render_label_svg(name, subtitle=subtitle, accent_seed=seed)
    png = render_png(svg, width=PNG_RENDITION_WIDTH)
    return _store(
        session,
        media_type="image/svg+xml",
        data=svg,
        png=png,
        width=PNG_RENDITION_WIDTH,
        height=PNG_RENDITION_WIDTH,
        generated=True,
        now=now,
    )


def get_image(session: Session, *, image_id: uuid.UUID) -> StoredImage:
    image = session.scalars(repository.get_by_id(image_id)).one_or_none()
    if image is None:
        raise NotFoundError(Text("not_found", {"path": f"/images/{image_id}"}))
    return image


def _store(
    session: Session,
    *,
    media_type: str,
    data: bytes,
    png: bytes,
    width: int,
    height: int,
    generated: bool,
    now: datetime,
) -> StoredImage:
    image = StoredImage(
        media_type=media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        png_data=png,
        width=width,
        height=height,
        generated=generated,
        created_at=now,
    )
    session.add(image)
    session.flush()
    return image
