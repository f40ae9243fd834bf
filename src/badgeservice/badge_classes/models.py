"""Badge classes (labels) and their immutable published versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from badgeservice.db import Base, new_id


class BadgeClassStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class BadgeClass(Base):
    __tablename__ = "badge_classes"
    __table_args__ = (UniqueConstraint("issuer_id", "slug"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    issuer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("issuers.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    status: Mapped[BadgeClassStatus] = mapped_column(
        Enum(
            BadgeClassStatus,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    current_version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    archived_at: Mapped[datetime | None]

    versions: Mapped[list[BadgeClassVersion]] = relationship(
        back_populates="badge_class", order_by="BadgeClassVersion.version", lazy="raise"
    )

    def __repr__(self) -> str:
        return f"<BadgeClass {self.slug} v{self.current_version} {self.status}>"


class BadgeClassVersion(Base):
    """What a badge class published at one point; awards point at the version they were issued
    under, so later edits never change what an earlier award says."""

    __tablename__ = "badge_class_versions"
    __table_args__ = (UniqueConstraint("badge_class_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    badge_class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("badge_classes.id"), index=True)
    version: Mapped[int]
    name: Mapped[dict[str, str]]
    description: Mapped[dict[str, str]]
    criteria_narrative: Mapped[dict[str, str]]
    requirements: Mapped[dict[str, object]]
    achievement_type: Mapped[str] = mapped_column(String(128))
    tags: Mapped[list[str]]
    alignments: Mapped[list[dict[str, object]]]
    validity: Mapped[str | None] = mapped_column(String(32))
    image_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("images.id"))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(128))

    badge_class: Mapped[BadgeClass] = relationship(back_populates="versions", lazy="raise")

    def __repr__(self) -> str:
        return f"<BadgeClassVersion {self.badge_class_id} v{self.version}>"
