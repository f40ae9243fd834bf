"""Bitstring status lists (W3C Bitstring Status List v1.0), one revocation list per issuer
at a time, and the index each award holds in one."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from badgeservice.db import Base, new_id


class StatusList(Base):
    __tablename__ = "status_lists"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    issuer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("issuers.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    size: Mapped[int]
    allocated: Mapped[int]
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    # The signed BitstringStatusListCredential, served byte for byte; re-signed on change.
    credential: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<StatusList {self.id} {self.purpose} {self.allocated}/{self.size}>"
