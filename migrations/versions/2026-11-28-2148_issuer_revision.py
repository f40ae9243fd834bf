"""issuer revision

A counter the ORM raises at every update of an issuer's row (``version_id_col``), so that
what was read at one revision can be known current by reading the revision alone. Existing
rows start at 1.

Revision ID: fb8f48e463d3
Revises: 8069727fafb2
Create Date: 2026-11-28 21:48:13.117064
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fb8f48e463d3"
down_revision: str | None = "8069727fafb2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("issuers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("issuers", schema=None) as batch_op:
        batch_op.drop_column("revision")
