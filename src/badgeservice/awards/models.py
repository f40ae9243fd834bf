"""Awards: one per badge given, with every signed document stored once, as signed."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from badgeservice.db import Base, new_id


class Award(Base):
    __tablename__ = "awards"
    __table_args__ = (
        UniqueConstraint("client_id", "idempotency_key"),
        UniqueConstraint("status_list_id", "status_list_index"),
        Index("ix_awards_badge_class_recipient", "badge_class_id", "recipient_lookup"),
        Index("ix_awards_issued_on_id", "issued_on", "id"),
        # The award list's order (``service.list_awards``), for all awards and for an
        # issuer's: a page is read in order from its cursor instead of every matching award
        # being sorted.
        Index("ix_awards_created_at_id", "created_at", "id"),
        Index("ix_awards_issuer_created_at_id", "issuer_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    issuer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("issuers.id"))
    badge_class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("badge_classes.id"))
    badge_class_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("badge_class_versions.id"))
    badge_class_version: Mapped[int]

    # Recipient: the published salted hash (email, telephone) or the public identity (url,
    # DID); never the plaintext email or telephone. ``recipient_lookup`` is a keyed HMAC of the
    # normalised identity, for finding a recipient's awards.
    recipient_type: Mapped[str] = mapped_column(String(16))
    recipient_lookup: Mapped[str] = mapped_column(String(64), index=True)
    recipient_salt: Mapped[str | None] = mapped_column(String(64))
    recipient_hash: Mapped[str | None] = mapped_column(String(80))
    recipient_public_identity: Mapped[str | None] = mapped_column(String(2048))
    subject_id: Mapped[str] = mapped_column(String(2048))
    recipient_name: Mapped[str | None] = mapped_column(String(300))

    evidence: Mapped[list[dict[str, object]]]
    narrative: Mapped[str | None] = mapped_column(Text)
    claims: Mapped[dict[str, object] | None]
    issued_on: Mapped[datetime]
    expires: Mapped[datetime | None]

    client_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))

    status_list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("status_lists.id"))
    status_list_index: Mapped[int]

    # Signed once, in the award's transaction, and served byte for byte.
    ob2_hosted: Mapped[bytes] = mapped_column(LargeBinary)
    ob2_signed: Mapped[bytes] = mapped_column(LargeBinary)
    ob3_json: Mapped[bytes] = mapped_column(LargeBinary)
    ob3_jwt: Mapped[bytes] = mapped_column(LargeBinary)
    signed_with: Mapped[list[str]]

    revoked_at: Mapped[datetime | None]
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<Award {self.id} {self.recipient_type}>"
