"""awards status lists idempotency

Revision ID: 8069727fafb2
Revises: 75e1f4b2da82
Create Date: 2026-11-28 19:15:04.647448
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8069727fafb2"
down_revision: str | None = "75e1f4b2da82"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "in_progress", "completed", name="idempotencystate", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("client_id", "key", name=op.f("uq_idempotency_records_client_id_key")),
    )
    op.create_table(
        "status_lists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("issuer_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("bits", sa.LargeBinary(), nullable=False),
        sa.Column("credential", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["issuer_id"], ["issuers.id"], name=op.f("fk_status_lists_issuer_id_issuers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_lists")),
    )
    with op.batch_alter_table("status_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_lists_issuer_id"), ["issuer_id"], unique=False)

    op.create_table(
        "awards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("issuer_id", sa.Uuid(), nullable=False),
        sa.Column("badge_class_id", sa.Uuid(), nullable=False),
        sa.Column("badge_class_version_id", sa.Uuid(), nullable=False),
        sa.Column("badge_class_version", sa.Integer(), nullable=False),
        sa.Column("recipient_type", sa.String(length=16), nullable=False),
        sa.Column("recipient_lookup", sa.String(length=64), nullable=False),
        sa.Column("recipient_salt", sa.String(length=64), nullable=True),
        sa.Column("recipient_hash", sa.String(length=80), nullable=True),
        sa.Column("recipient_public_identity", sa.String(length=2048), nullable=True),
        sa.Column("subject_id", sa.String(length=2048), nullable=False),
        sa.Column("recipient_name", sa.String(length=300), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("claims", sa.JSON(), nullable=True),
        sa.Column("issued_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=True),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("status_list_id", sa.Uuid(), nullable=False),
        sa.Column("status_list_index", sa.Integer(), nullable=False),
        sa.Column("ob2_hosted", sa.LargeBinary(), nullable=False),
        sa.Column("ob2_signed", sa.LargeBinary(), nullable=False),
        sa.Column("ob3_json", sa.LargeBinary(), nullable=False),
        sa.Column("ob3_jwt", sa.LargeBinary(), nullable=False),
        sa.Column("signed_with", sa.JSON(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["badge_class_id"],
            ["badge_classes.id"],
            name=op.f("fk_awards_badge_class_id_badge_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["badge_class_version_id"],
            ["badge_class_versions.id"],
            name=op.f("fk_awards_badge_class_version_id_badge_class_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["issuer_id"], ["issuers.id"], name=op.f("fk_awards_issuer_id_issuers")
        ),
        sa.ForeignKeyConstraint(
            ["status_list_id"],
            ["status_lists.id"],
            name=op.f("fk_awards_status_list_id_status_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_awards")),
        sa.UniqueConstraint(
            "client_id", "idempotency_key", name=op.f("uq_awards_client_id_idempotency_key")
        ),
        sa.UniqueConstraint(
            "status_list_id",
            "status_list_index",
            name=op.f("uq_awards_status_list_id_status_list_index"),
        ),
    )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_awards_badge_class_recipient", ["badge_class_id", "recipient_lookup"], unique=False
        )
        batch_op.create_index("ix_awards_issued_on_id", ["issued_on", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_awards_issuer_id"), ["issuer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_awards_recipient_lookup"), ["recipient_lookup"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_awards_recipient_lookup"))
        batch_op.drop_index(batch_op.f("ix_awards_issuer_id"))
        batch_op.drop_index("ix_awards_issued_on_id")
        batch_op.drop_index("ix_awards_badge_class_recipient")

    op.drop_table("awards")
    with op.batch_alter_table("status_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_lists_issuer_id"))

    op.drop_table("status_lists")
    op.drop_table("idempotency_records")
