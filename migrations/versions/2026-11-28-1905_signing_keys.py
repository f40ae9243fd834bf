"""signing keys

Per-issuer key pairs; the private part only as an AES-256-GCM envelope. Issuers that exist
before this revision get their keys from ``badgeservice seed`` (the seeded issuer) or
``badgeservice keys rotate --issuer SLUG``: a migration has no key-encryption key to seal them.

Revision ID: 75e1f4b2da82
Revises: 085291319618
Create Date: 2026-11-28 19:05:31.739848
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "75e1f4b2da82"
down_revision: str | None = "085291319618"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE_ONLY = sa.text("status = 'active'")


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("issuer_id", sa.Uuid(), nullable=False),
        sa.Column("kid", sa.String(length=32), nullable=False),
        sa.Column(
            "algorithm",
            sa.Enum("Ed25519", "RS256", "ES256", name="keyalgorithm", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "purpose",
            sa.Enum("data-integrity", "jws", name="keypurpose", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("active", "retired", "revoked", name="keystatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("public_key_pem", sa.Text(), nullable=False),
        sa.Column("private_key_envelope", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["issuer_id"], ["issuers.id"], name=op.f("fk_signing_keys_issuer_id_issuers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("issuer_id", "kid", name=op.f("uq_signing_keys_issuer_id_kid")),
    )
    # At most one active key per issuer and algorithm (a partial unique index).
    op.create_index(
        "uq_signing_keys_active_algorithm",
        "signing_keys",
        ["issuer_id", "algorithm"],
        unique=True,
        sqlite_where=_ACTIVE_ONLY,
        postgresql_where=_ACTIVE_ONLY,
    )


def downgrade() -> None:
    # Works, but destroys the keys (and with them the verifiability of what they signed).
    op.drop_table("signing_keys")
