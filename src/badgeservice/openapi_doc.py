"""The OpenAPI document as committed in ``openapi/openapi.json`` (stable bytes)."""

from __future__ import annotations

import json

from pydantic import SecretStr

from badgeservice.app import create_app
from badgeservice.settings import Environment, Settings

# The document must not depend on the environment it is generated in.
_DOC_SETTINGS = Settings(
    environment=Environment.TEST,
    database_url="sqlite://",
    public_url="https://badges.example.org",
    key_encryption_key=SecretStr("A" * 43),
)


def render_openapi() -> str:
    app = create_app(_DOC_SETTINGS)
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
