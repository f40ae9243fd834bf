"""Alembic environment: uses the engine handed over by badgeservice.migrate, or the configured
BADGESERVICE_DATABASE_URL when run as ``alembic`` from the repository."""

from __future__ import annotations

from typing import Literal

from alembic import context
from sqlalchemy import Engine

from badgeservice.db import UTCDateTime, make_engine
from badgeservice.models_registry import metadata
from badgeservice.settings import Settings

config = context.config


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    return make_engine(Settings().database_url)


def _render_item(type_: str, obj: object, autogen_context: object) -> str | Literal[False]:
    # Revisions never import app code: our UTC column type is a plain timezone-aware DateTime.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run_migrations_online()
