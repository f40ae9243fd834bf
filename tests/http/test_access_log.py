"""The access line every request logs: JSON with the request id, in production's format."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from badgeservice.logging_setup import configure_logging


def _lines(err: str) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_access_line_is_json_with_request_id_status_and_no_query(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(level="INFO", json=True)
    capsys.readouterr()
    client.head("/healthz?email=ana@example.org", headers={"X-Request-Id": "trace-0001-abc"})
    [line] = [e for e in _lines(capsys.readouterr().err) if e.get("event") == "request"]
    assert set(line) == {
        "event", "method", "path", "status", "duration_ms", "request_id", "level", "timestamp",
    }  # fmt: skip
    assert line["method"] == "HEAD"  # as received, though answered as a GET
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["request_id"] == "trace-0001-abc"
    assert line["level"] == "info"
    assert str(line["timestamp"]).endswith("Z")


def test_access_line_is_plain_text_in_console_mode(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(level="INFO", json=False)
    capsys.readouterr()
    client.get("/healthz")
    logged = capsys.readouterr().err
    configure_logging(level="INFO", json=True)
    assert "request method=GET path=/healthz status=200" in logged


def test_access_line_follows_the_log_level(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(level="WARNING", json=True)
    capsys.readouterr()
    client.get("/healthz")
    logged = capsys.readouterr().err
    configure_logging(level="INFO", json=True)
    assert not [e for e in _lines(logged) if e.get("event") == "request"]
