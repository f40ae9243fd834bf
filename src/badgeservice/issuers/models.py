"""Issuers: the organisations that award badges."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from badgeservice.db import Base, new_id


class Issuer(Base):
    __tablename__ = "issuers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[dict[str, str]]
    description: Mapped[dict[str, str]]
    url: Mapped[str] = mapped_column(String(2048))
    email: Mapped[str] = mapped_column(String(320))
    telephone: Mapped[str | None] = mapped_column(String(32))
    image_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("images.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Counted up by the ORM at every UPDATE of the row (``version_id_col``): what was read at a
    # given revision is current as long as the revision is (``awards.issuing_memo``), which
    # ``updated_at`` cannot promise (two edits may share an instant).
    revision: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 - SQLAlchemy's declarative API

    def __repr__(self) -> str:
        return f"<Issuer {self.slug}>"
