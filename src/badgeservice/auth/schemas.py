"""API client and token models."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from badgeservice.api_types import ShortText, StrictModel
from badgeservice.auth.models import ClientStatus, Scope


class ClientCreate(StrictModel):
    name: ShortText
    scopes: list[Scope] = Field(min_length=1)
    issuers: list[str] | None = Field(
        default=None, description="Issuer ids or slugs this client may act for; all if absent."
    )


class ClientOut(BaseModel):
    client_id: str
    name: str
    scopes: list[str]
    issuer_ids: list[str] | None
    status: ClientStatus
    created_at: datetime
    disabled_at: datetime | None


class ClientCreated(ClientOut):
    client_secret: str = Field(description="Shown once; store it now.")


class ClientList(BaseModel):
    items: list[ClientOut]
    next_cursor: str | None = None


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the RFC 6750 token type, not a secret
    expires_in: int
    scope: str


class OAuthError(BaseModel):
    """RFC 6749 §5.2 error body (the one error that is not problem+json)."""

    error: str
    error_description: str | None = None
