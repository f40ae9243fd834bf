"""Statements for stored images."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select

from badgeservice.images.models import StoredImage


def get_by_id(image_id: uuid.UUID) -> Select[StoredImage]:
    return select(StoredImage).where(StoredImage.id == image_id)
