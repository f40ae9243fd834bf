"""What both benchmarks set up the same way: production's logging sent to /dev/null, a scratch
database, and that database migrated and seeded with an ``awards:write`` client."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from badgeservice.auth import service as auth_service
from badgeservice.auth.keys import AuthKeys
from badgeservice.auth.models import Scope
from badgeservice.auth.principal import SYSTEM
from badgeservice.badge_classes import repository as badge_class_repository
from badgeservice.catalog.seed import seed_catalog
from badgeservice.catalog.texts import FAISEUR, ISSUER
from badgeservice.crypto.envelope import new_kek_text
from badgeservice.crypto.keypairs import KeyAlgorithm
from badgeservice.db import make_sessionmaker, unit_of_work
from badgeservice.issuers import repository as issuer_repository
from badgeservice.keys.ring import KeyRing
from badgeservice.logging_setup import configure_logging
from badgeservice.migrate import upgrade
from badgeservice.settings import Environment, Settings

PUBLIC_URL = "https://badges.example.org"


def production_logging_to_devnull() -> None:
    """Production's logging (JSON, INFO: one line per request), written to /dev/null: its
    cost is part of serving a request, its lines are not part of the report."""
    configure_logging(level="INFO", json=True)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


@contextlib.contextmanager
def scratch_database(server_url: str | None, *, prefix: str) -> Iterator[tuple[str, str]]:
    """A new, empty database and its backend's name: a SQLite file in a temporary folder, or a
    scratch PostgreSQL database on ``server_url``'s server, dropped afterwards."""
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix=prefix) as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}", "sqlite"
        return
    base = make_url(server_url)
    if base.get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
    name = f"bs_bench_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False), "postgresql"
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@dataclass(frozen=True)
class Seeded:
    """A migrated, seeded database: the settings to serve it, and what awards need."""

    settings: Settings
    ring: KeyRing
    badge_class_id: uuid.UUID  # Faiseur de changement
    client_id: str
    client_secret: str


def seed(engine: Engine, url: str, *, client_name: str) -> Seeded:
    """Migrate, seed the catalog and create an ``awards:write`` client, all committed."""
    upgrade(engine)
    settings = Settings(
        environment=Environment.TEST,
        database_url=url,
        public_url=PUBLIC_URL,
        key_encryption_key=SecretStr(new_kek_text()),
        # Long enough for the slowest run; the token is fetched once.
        access_token_ttl=timedelta(hours=4),
    )
    kek = settings.kek_bytes()
    ring = KeyRing.derive(kek, vc_jwt_algorithm=KeyAlgorithm(settings.vc_jwt_algorithm))
    now = datetime.now(UTC)
    with unit_of_work(make_sessionmaker(engine)) as session:
        seed_catalog(session, ring=ring, now=now)
        issuer = session.scalars(issuer_repository.get_by_slug(str(ISSUER["slug"]))).one()
        label = session.scalars(
            badge_class_repository.get_by_slug(issuer.id, str(FAISEUR["slug"]))
        ).one()
        created = auth_service.create_client(
            session,
            name=client_name,
            scopes=[Scope.AWARDS_WRITE],
            issuer_refs=None,
            keys=AuthKeys.derive(kek),
            actor=SYSTEM,
            now=now,
        )
        return Seeded(settings, ring, label.id, created.client.client_id, created.secret)
