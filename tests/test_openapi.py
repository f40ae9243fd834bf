"""openapi/openapi.json is generated from the app; this fails when it drifts."""

from __future__ import annotations

import json
from pathlib import Path

from badgeservice.openapi_doc import render_openapi

COMMITTED = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_committed_openapi_matches_the_app() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        "openapi/openapi.json is stale: run `make openapi` and commit it"
    )


def test_every_api_route_documents_its_problem_responses() -> None:
    document = json.loads(render_openapi())
    missing = []
    for path, operations in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            problem_statuses = [
                status
                for status, response in operation["responses"].items()
                if "application/problem+json" in response.get("content", {})
            ]
            if "401" not in problem_statuses:
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    assert "Problem" in document["components"]["schemas"]
