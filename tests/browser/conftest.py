"""A real server and a real headless Chromium for the page tests.

The server is the app as deployed (uvicorn, its own SQLite file, a fixed clock), on a free
loopback port, holding a valid, a revoked and an expired award. Chromium is Debian's package,
driven by Playwright's Python package with ``executable_path`` (no browser download). Without
``chromium`` the tests skip and say so, except under CI (``CI=true``, set by ``.ci/run``),
where a missing browser fails the run instead of passing it silently.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
import uvicorn
from pydantic import SecretStr

from badgeservice.app import create_app
from badgeservice.auth.principal import SYSTEM
from badgeservice.awards import revocation
from badgeservice.awards import service as awards
from badgeservice.awards.revocation import RevocationContext
from badgeservice.awards.schemas import AwardCreate
from badgeservice.awards.service import AwardContext
from badgeservice.clock import FixedClock
from badgeservice.crypto.secrets import SubkeyPurpose, derive_subkey
from badgeservice.db import make_engine, make_sessionmaker, unit_of_work
from badgeservice.migrate import upgrade
from badgeservice.settings import Environment, Settings, decode_kek
from badgeservice.urls import Urls
from tests.conftest import REPO_ROOT, T0, TEST_KEK
from tests.support.awards import award_body
from tests.support.factories import TEST_KEY_RING, make_badge_class, make_issuer

ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
REVOCATION_REASON = "Attribué par erreur"


def missing_browser(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        missing_browser(
            "no `chromium` on PATH; install Debian's package: "
            "apt-get install chromium (.ci/run does)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - a dev dependency
        missing_browser("Playwright's Python package is missing: make sync")
    return path


@dataclass(frozen=True)
class LiveBadges:
    base_url: str
    valid: str
    revoked: str
    expired: str
    label: str
    issuer: str

    def page(self, state: str) -> str:
        ident = {"valid": self.valid, "revoked": self.revoked, "expired": self.expired}[state]
        return f"{self.base_url}/badges/{ident}"


@pytest.fixture(scope="session")
def live_badges(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBadges]:
    """The app served by uvicorn in a thread, with three awards issued through the services."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    # Listening before the server starts: early connections wait in the backlog, no polling.
    listener.listen(64)
    base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    database_url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'badges.db'}"
    settings = Settings(
        environment=Environment.TEST,
        database_url=database_url,
        public_url=base_url,
        key_encryption_key=SecretStr(TEST_KEK),
    )
    seeded = _seed(settings)
    app = create_app(settings, clock=FixedClock(T0))
    server = uvicorn.Server(
        uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", workers=1)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        yield LiveBadges(base_url=base_url, **seeded)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def _seed(settings: Settings) -> dict[str, str]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    kek = decode_kek(TEST_KEK)
    urls = Urls(settings.public_url)
    context = AwardContext(
        ring=TEST_KEY_RING,
        recipient_lookup_key=derive_subkey(kek, purpose=SubkeyPurpose.RECIPIENT_LOOKUP_HMAC),
        urls=urls,
        actor=SYSTEM,
        now=T0,
    )
    try:
        with unit_of_work(make_sessionmaker(engine), write=True) as session:
            issuer = make_issuer(session)
            label = make_badge_class(session, issuer)
            label_id, issuer_slug = str(label.badge_class.id), issuer.slug

            def issue(**overrides: object) -> uuid.UUID:
                data = AwardCreate.model_validate(award_body(label_id, **overrides))
                award = awards.create_award(
                    session, data=data, context=context, idempotency_key=None
                )
                return award.id

            valid = issue(recipient_name="Ana Lopes")
            revoked = issue(recipient_name="Bruno Costa")
            expired = issue(
                recipient_name="Chloé Martin",
                issued_on="2024-01-15T09:00:00Z",
                expires="2025-01-15T09:00:00Z",
            )
            revocation.revoke_award(
                session,
                award_id=revoked,
                reason=REVOCATION_REASON,
                context=RevocationContext(ring=TEST_KEY_RING, urls=urls, actor=SYSTEM, now=T0),
            )
    finally:
        engine.dispose()
    return {
        "valid": str(valid),
        "revoked": str(revoked),
        "expired": str(expired),
        "label": label_id,
        "issuer": issuer_slug,
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
