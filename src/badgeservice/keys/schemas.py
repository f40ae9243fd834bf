"""Signing key API request and response models (public parts only)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from badgeservice.api_types import CleanText, StrictModel
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.keys.models import KeyPurpose, KeyStatus


class KeyRevokeRequest(StrictModel):
    reason: Annotated[CleanText, StringConstraints(min_length=1, max_length=500)] = Field(
        description="Why the key is revoked (kept in the audit log)."
    )


class SigningKeyOut(BaseModel):
    id: uuid.UUID
    kid: str
    algorithm: KeyAlgorithm
    purpose: KeyPurpose
    status: KeyStatus
    public_key_jwk: dict[str, object]
    verification_method: str = Field(description="The key's full DID URL in the issuer's DID.")
    key_url: str | None = Field(
        description="The OB 2.0 CryptographicKey URL (RSA keys only).", default=None
    )
    created_at: datetime
    retired_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None


class SigningKeyList(BaseModel):
    items: list[SigningKeyOut]
    next_cursor: str | None = None


class KeyRotationOut(BaseModel):
    created: list[SigningKeyOut]
    retired: list[SigningKeyOut]


class KeyRevocationOut(BaseModel):
    revoked: SigningKeyOut
    replacement: SigningKeyOut | None = Field(
        description="The new active key, when the revoked key was active."
    )
