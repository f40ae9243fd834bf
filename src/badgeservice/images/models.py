"""Stored images: badge class and issuer artwork, kept in the database with a PNG rendition."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from badgeservice.db import Base, new_id


class StoredImage(Base):
    __tablename__ = "images"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    media_type: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # PNG rendition of the image (the image itself for PNG uploads), baked into badges.
    png_data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    generated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<StoredImage {self.id} {self.media_type} {len(self.data)} bytes>"
