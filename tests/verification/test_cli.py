"""``badgeservice verify``: a readable report and an exit status (0 verified, 1 not verified,
2 unreadable), on files of an award issued in a database of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from badgeservice.app import create_app
from badgeservice.auth.models import Scope
from badgeservice.clock import SystemClock
from badgeservice.db import make_sessionmaker, unit_of_work
from badgeservice.settings import Settings
from tests.conftest import PUBLIC_URL, TEST_KEK, committed_client_credentials
from tests.support.awards import award_body, awardable
from tests.support.resolve import local_path

CLI = str(Path(sys.executable).parent / "badgeservice")


@pytest.fixture
def files(fresh_engine: Engine, settings: Settings, tmp_path: Path) -> dict[str, Path]:
    """An award issued (and committed) in a fresh database; its documents saved as files."""
    url = fresh_engine.url.render_as_string(hide_password=False)
    fresh = settings.model_copy(update={"database_url": url})
    with unit_of_work(make_sessionmaker(fresh_engine)) as session:
        _issuer, label = awardable(session)
        label_id = str(label.badge_class.id)
    client_id, secret = committed_client_credentials(fresh_engine, fresh, Scope.AWARDS_WRITE)
    issued_on = (SystemClock().now() - timedelta(days=1)).replace(microsecond=0)
    with TestClient(create_app(fresh, engine=fresh_engine)) as client:
        token = client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        ).json()["access_token"]
        body = award_body(label_id, issued_on=issued_on.isoformat().replace("+00:00", "Z"))
        response = client.post(
            "/api/v1/awards",
            json=body,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "cli-1"},
        )
        assert response.status_code == 201, response.text
        links = response.json()["links"]
        saved = {
            "credential.json": client.get(local_path(links["ob3"])).content,
            "credential.jwt": client.get(local_path(links["ob3_jwt"])).content,
            "badge.png": client.get(local_path(links["image_png"])).content,
        }
    paths = {}
    for name, content in saved.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(content)
    tampered = json.loads(saved["credential.json"])
    tampered["name"] = "Autre chose"
    paths["tampered.json"] = tmp_path / "tampered.json"
    paths["tampered.json"].write_text(json.dumps(tampered), encoding="utf-8")
    paths["truncated.png"] = tmp_path / "truncated.png"
    paths["truncated.png"].write_bytes(saved["badge.png"][:300])
    return paths


@pytest.fixture
def env(files: dict[str, Path], fresh_engine: Engine, tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "BADGESERVICE_DATABASE_URL": fresh_engine.url.render_as_string(hide_password=False),
        "BADGESERVICE_DATA_DIR": str(tmp_path / "var"),
        "BADGESERVICE_KEY_ENCRYPTION_KEY": TEST_KEK,
        "BADGESERVICE_PUBLIC_URL": PUBLIC_URL,
        "BADGESERVICE_LOG_JSON": "false",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, "verify", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_verified_badge_exits_0_with_one_line_per_check(
    files: dict[str, Path], env: dict[str, str]
) -> None:
    result = run(env, str(files["credential.json"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ signature" in result.stdout
    assert "- recipient" in result.stdout
    assert result.stdout.strip().endswith("Verified.")


def test_a_tampered_copy_exits_1_and_says_which_check_failed(
    files: dict[str, Path], env: dict[str, str]
) -> None:
    result = run(env, str(files["tampered.json"]), "--lang", "fr")
    assert result.returncode == 1
    assert "✗ signature" in result.stdout
    assert result.stdout.strip().endswith("NON vérifié.")


def test_a_baked_png_and_a_jwt_verify_and_print_json_on_request(
    files: dict[str, Path], env: dict[str, str]
) -> None:
    png = run(env, str(files["badge.png"]), "--json")
    assert png.returncode == 0, png.stdout + png.stderr
    report = json.loads(png.stdout)
    assert (report["verified"], report["format"], report["baked"]) == (
        True,
        "ob3-data-integrity",
        "png",
    )
    assert run(env, str(files["credential.jwt"])).returncode == 0


def test_the_recipient_option_checks_who_holds_the_badge(
    files: dict[str, Path], env: dict[str, str]
) -> None:
    assert run(env, str(files["credential.json"]), "--recipient", "ana@example.org").returncode == 0
    wrong = run(env, str(files["credential.json"]), "--recipient", "eve@example.org")
    assert wrong.returncode == 1
    assert "✗ recipient" in wrong.stdout


@pytest.mark.parametrize("name", ["truncated.png", "missing.json"])
def test_unreadable_input_exits_2(files: dict[str, Path], env: dict[str, str], name: str) -> None:
    target = files.get(name, files["credential.json"].parent / name)
    result = run(env, str(target))
    assert result.returncode == 2
    assert result.stderr.startswith("✗ ")
