"""award list order indexes

The award list is read in (created_at, id) order, for all awards or an issuer's: with these
indexes a page is read in order from its cursor instead of every matching award being sorted
for each page. The issuer's index takes the place of the one on issuer_id alone, which it
covers.

Revision ID: a250967c95f3
Revises: fb8f48e463d3
Create Date: 2026-12-07 19:23:14.041835
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a250967c95f3"
down_revision: str | None = "fb8f48e463d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_awards_issuer_id"))
        batch_op.create_index("ix_awards_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_awards_issuer_created_at_id", ["issuer_id", "created_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index("ix_awards_issuer_created_at_id")
        batch_op.drop_index("ix_awards_created_at_id")
        batch_op.create_index(batch_op.f("ix_awards_issuer_id"), ["issuer_id"], unique=False)
