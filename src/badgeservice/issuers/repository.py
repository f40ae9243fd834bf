"""Statements for issuers."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Select, select

from badgeservice.issuers.models import Issuer


def get_by_id(issuer_id: uuid.UUID) -> Select[Issuer]:
    return select(Issuer).where(Issuer.id == issuer_id)


def get_by_slug(slug: str) -> Select[Issuer]:
    return select(Issuer).where(Issuer.slug == slug)


def list_visible(only: Collection[uuid.UUID] | None) -> Select[Issuer]:
    stmt = select(Issuer).order_by(Issuer.slug)
    if only is not None:
        stmt = stmt.where(Issuer.id.in_(list(only)))
    return stmt
