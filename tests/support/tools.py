"""External verifiers the interop tests drive (jsonld.js, Digital Bazaar, 1EdTech's OB 2.0
validator). On a developer machine without them, those tests skip and say how to install them;
CI installs them (``make interop-tools``) and sets BADGESERVICE_REQUIRE_INTEROP=1, so that a
missing verifier fails the run instead of passing it silently."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ENV = "BADGESERVICE_REQUIRE_INTEROP"


def missing_tool(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} (required: {REQUIRE_ENV}=1)")
    pytest.skip(reason)
