"""Service configuration, read once from ``BADGESERVICE_*`` environment variables."""

from __future__ import annotations

import os
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import limits
from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from badgeservice.crypto.envelope import KeyEncryptionKeyError, new_kek_text, parse_kek
from badgeservice.formats.did import DidError, did_web_for

KEK_FILE_NAME = "key-encryption-key"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


class UnsafeSettingsError(ValueError):
    """Raised when production settings would run the service insecurely."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BADGESERVICE_", frozen=True, extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = "sqlite:///./var/badgeservice.db"
    public_url: str = "http://127.0.0.1:8000"
    data_dir: Path = Path("./var")
    # 32 random bytes, base64url. Development generates one under data_dir on first run.
    key_encryption_key: SecretStr | None = None
    access_token_ttl: timedelta = timedelta(minutes=15)
    max_body_bytes: int = 1_048_576
    max_upload_bytes: int = 524_288
    max_image_pixels: int = 4096 * 4096
    log_level: str = "INFO"
    log_json: bool = True
    seed_catalog_on_start: bool = False
    # The VC-JWT algorithm: 1EdTech's validator accepts only RS256 and ES256 (FACTS §2.9 A).
    # With ES256 every issuer also gets a P-256 key; RSA stays for OB 2.0 signed badges.
    vc_jwt_algorithm: Literal["RS256", "ES256"] = "RS256"
    # Outbound fetches (verifying badges of other issuers) go through badgeservice.fetch:
    # https only and public addresses only. The allowlist names hosts admitted even on private
    # or loopback addresses (development and tests only); http is for development only.
    fetch_allowlist: list[str] = []
    fetch_allow_http: bool = False
    fetch_timeout: timedelta = timedelta(seconds=10)
    fetch_max_bytes: int = 2_097_152
    # POST /verify, per client address (the socket's), in the `limits` notation.
    verify_rate_limit: str = "30/minute"

    @field_validator("public_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("PUBLIC_URL must be an absolute http(s) URL")
        if parts.query or parts.fragment:
            raise ValueError("PUBLIC_URL must not carry a query or fragment")
        try:
            # Issuer DIDs are did:web under PUBLIC_URL: refuse a host did:web cannot name.
            did_web_for(value, [])
        except DidError as exc:
            raise ValueError(f"PUBLIC_URL cannot host did:web identifiers: {exc}") from exc
        return value.rstrip("/")

    @field_validator("verify_rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str) -> str:
        try:
            limits.parse(value)
        except ValueError as exc:
            raise ValueError(f"VERIFY_RATE_LIMIT is not a rate such as 30/minute: {exc}") from exc
        return value

    @field_validator("key_encryption_key")
    @classmethod
    def _check_kek(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            decode_kek(value.get_secret_value())
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            if self.key_encryption_key is None:
                raise UnsafeSettingsError(
                    "BADGESERVICE_KEY_ENCRYPTION_KEY is required in production"
                )
            if urlsplit(self.public_url).scheme != "https":
                raise UnsafeSettingsError("BADGESERVICE_PUBLIC_URL must use https in production")
            if self.fetch_allow_http or self.fetch_allowlist:
                raise UnsafeSettingsError(
                    "BADGESERVICE_FETCH_ALLOW_HTTP and BADGESERVICE_FETCH_ALLOWLIST are for "
                    "development and tests, not production"
                )
        return self

    def kek_bytes(self) -> bytes:
        """The key-encryption key; settings without one must go through ``ensure_kek`` first."""
        if self.key_encryption_key is None:
            raise UnsafeSettingsError("no key-encryption key configured")
        return decode_kek(self.key_encryption_key.get_secret_value())


def decode_kek(text: str) -> bytes:
    """Decode a base64url key-encryption key of exactly 32 bytes (crypto.envelope.parse_kek)."""
    try:
        return parse_kek(text)
    except KeyEncryptionKeyError as exc:
        raise ValueError(str(exc)) from exc


def ensure_kek(settings: Settings) -> Settings:
    """Return settings with a key-encryption key.

    Outside production a missing key is read from, or generated once into,
    ``DATA_DIR/key-encryption-key`` (mode 0600), so that a development instance keeps
    decrypting its own keys across restarts.
    """
    if settings.key_encryption_key is not None:
        return settings
    if settings.environment is Environment.PRODUCTION:
        raise UnsafeSettingsError("BADGESERVICE_KEY_ENCRYPTION_KEY is required in production")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / KEK_FILE_NAME
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(new_kek_text() + "\n")
    text = path.read_text(encoding="ascii").strip()
    return settings.model_copy(update={"key_encryption_key": SecretStr(text)})
