"""Signing keys: per issuer, public parts in the clear, private parts only as AES-GCM envelopes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.db import Base, new_id

# Key ids are URL path segments and DID URL fragments: ``key-`` + 8 hex digits.
KID_PREFIX = "key-"
# What a path accepts as a kid: fragment-safe characters, so that a lookup never needs escaping.
KID_PATH_PATTERN = r"^[A-Za-z0-9._~-]{1,32}$"


class KeyPurpose(StrEnum):
    """What a key signs: Data Integrity proofs (Ed25519) or JWS (OB 2.0 signed badges, VC-JWT)."""

    DATA_INTEGRITY = "data-integrity"
    JWS = "jws"


class KeyStatus(StrEnum):
    """``active`` signs; ``retired`` no longer signs but stays published so that what it signed
    keeps verifying; ``revoked`` (compromised) is withdrawn from every published document."""

    ACTIVE = "active"
    RETIRED = "retired"
    REVOKED = "revoked"


def _enum(enum_class: type[StrEnum]) -> Enum:
    return Enum(
        enum_class, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]
    )


_ACTIVE_ONLY = text("status = 'active'")


class SigningKey(Base):
    __tablename__ = "signing_keys"
    __table_args__ = (
        UniqueConstraint("issuer_id", "kid"),
        # At most one active key per issuer and algorithm, whatever races rotation.
        Index(
            "uq_signing_keys_active_algorithm",
            "issuer_id",
            "algorithm",
            unique=True,
            sqlite_where=_ACTIVE_ONLY,
            postgresql_where=_ACTIVE_ONLY,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Indexed through the (issuer_id, kid) unique constraint, whose first column it is.
    issuer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("issuers.id"))
    kid: Mapped[str] = mapped_column(String(32))
    algorithm: Mapped[KeyAlgorithm] = mapped_column(_enum(KeyAlgorithm))
    purpose: Mapped[KeyPurpose] = mapped_column(_enum(KeyPurpose))
    status: Mapped[KeyStatus] = mapped_column(_enum(KeyStatus))
    public_jwk: Mapped[dict[str, object]]
    public_key_pem: Mapped[str] = mapped_column(Text)
    # PKCS#8 DER sealed with AES-256-GCM (crypto.envelope); the plaintext is never stored.
    private_key_envelope: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revocation_reason: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        # Never the envelope: even sealed, private material stays out of logs.
        return f"<SigningKey {self.kid} {self.algorithm} {self.status}>"
