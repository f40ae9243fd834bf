"""Statements for API clients."""

from __future__ import annotations

from sqlalchemy import Select, select

from badgeservice.auth.models import ApiClient


def get_by_client_id(client_id: str) -> Select[ApiClient]:
    return select(ApiClient).where(ApiClient.client_id == client_id)


def list_all() -> Select[ApiClient]:
    return select(ApiClient).order_by(ApiClient.created_at, ApiClient.client_id)
