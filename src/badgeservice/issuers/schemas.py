"""Issuer API request and response models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from badgeservice.api_types import (
    E164Str,
    EmailStr,
    HttpUrlStr,
    LocalizedName,
    LocalizedText,
    Slug,
    StrictModel,
)


class IssuerCreate(StrictModel):
    slug: Slug
    name: LocalizedName
    description: LocalizedText = LocalizedText()
    url: HttpUrlStr
    email: EmailStr
    telephone: E164Str | None = None


class IssuerUpdate(StrictModel):
    """Fields to change; the slug is part of the issuer's DID and never changes."""

    name: LocalizedName | None = None
    description: LocalizedText | None = None
    url: HttpUrlStr | None = None
    email: EmailStr | None = None
    telephone: E164Str | None = None


class IssuerLinks(BaseModel):
    ob2: str
    did_document: str
    image: str | None


class IssuerOut(BaseModel):
    id: uuid.UUID
    slug: str
    did: str
    name: dict[str, str]
    description: dict[str, str]
    url: str
    email: str
    telephone: str | None
    created_at: datetime
    updated_at: datetime
    links: IssuerLinks


class IssuerList(BaseModel):
    items: list[IssuerOut]
    next_cursor: str | None = None
