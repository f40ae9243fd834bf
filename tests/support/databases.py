"""Test databases: SQLite files in a temp directory, and PostgreSQL databases created from
BADGESERVICE_TEST_DATABASE_URL (one per xdist worker and per fresh-database test)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "BADGESERVICE_TEST_DATABASE_URL"


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def new_database_url(backend: str, tmp_dir: Path, label: str) -> str:
    """A new, empty database of the backend, named after ``label``."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / (label + '.db')}"
    base = make_url(os.environ[POSTGRES_ENV])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"bs_{label}_{worker}_{secrets.token_hex(3)}".lower()
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(make_url(os.environ[POSTGRES_ENV]), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()
