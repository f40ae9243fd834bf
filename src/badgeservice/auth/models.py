"""API clients (machine clients and admins) authenticated by OAuth 2.0 client credentials."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from badgeservice.db import Base, new_id


class Scope(StrEnum):
    ADMIN = "admin"
    ISSUERS_WRITE = "issuers:write"
    BADGE_CLASSES_WRITE = "badge-classes:write"
    AWARDS_WRITE = "awards:write"
    AWARDS_READ = "awards:read"
    AWARDS_REVOKE = "awards:revoke"


class ClientStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class ApiClient(Base):
    __tablename__ = "api_clients"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(128))
    scopes: Mapped[list[str]]
    # None: the client may act for every issuer; otherwise the issuer ids it may act for.
    issuer_ids: Mapped[list[str] | None]
    status: Mapped[ClientStatus] = mapped_column(
        Enum(
            ClientStatus,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        # Never the secret hash.
        return f"<ApiClient {self.client_id} {self.status}>"
