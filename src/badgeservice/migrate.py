"""Running Alembic migrations programmatically (CLI ``migrate``, ``serve`` and the tests)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine


def migrations_dir() -> Path:
    """The packaged migrations (wheel) or the repository's ``migrations/`` (editable install)."""
    packaged = Path(str(resources.files("badgeservice"))) / "_migrations"
    if (packaged / "env.py").exists():
        return packaged
    repo = Path(__file__).resolve().parents[2] / "migrations"
    if (repo / "env.py").exists():
        return repo
    raise FileNotFoundError("no Alembic migrations found next to the package")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)
