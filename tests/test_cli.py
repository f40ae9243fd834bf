"""The command-line contract scripts and operators rely on."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_KEK

CLI = str(Path(sys.executable).parent / "badgeservice")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "BADGESERVICE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "BADGESERVICE_DATA_DIR": str(tmp_path / "var"),
        "BADGESERVICE_KEY_ENCRYPTION_KEY": TEST_KEK,
    }


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args], env=env, capture_output=True, text=True, timeout=120, check=check
    )


def test_clients_create_list_disable(env: dict[str, str]) -> None:
    run(env, "migrate")
    run(env, "seed")
    created = json.loads(
        run(
            env,
            "clients",
            "create",
            "--name",
            "ERO",
            "--scope",
            "awards:write",
            "--scope",
            "awards:read",
            "--issuer",
            "isopolis",
            "--json",
        ).stdout
    )
    assert set(created) == {"client_id", "client_secret"}
    listed = json.loads(run(env, "clients", "list", "--json").stdout)
    assert [c["client_id"] for c in listed] == [created["client_id"]]
    assert listed[0]["scopes"] == ["awards:write", "awards:read"]
    assert len(listed[0]["issuer_ids"]) == 1
    assert created["client_secret"] not in json.dumps(listed)
    run(env, "clients", "disable", created["client_id"])
    assert json.loads(run(env, "clients", "list", "--json").stdout)[0]["status"] == "disabled"


def test_clients_create_refuses_unknown_scope_and_issuer(env: dict[str, str]) -> None:
    run(env, "migrate")
    bad_scope = run(env, "clients", "create", "--name", "x", "--scope", "root", check=False)
    assert bad_scope.returncode == 2
    assert "Unknown scope root" in bad_scope.stderr
    bad_issuer = run(
        env, "clients", "create", "--name", "x", "--scope", "admin", "--issuer", "nope", check=False
    )
    assert bad_issuer.returncode == 2
    assert "No issuer nope" in bad_issuer.stderr


def test_seed_is_idempotent(env: dict[str, str]) -> None:
    run(env, "migrate")
    assert "5 created, 0 already present" in run(env, "seed").stdout
    assert "0 created, 5 already present" in run(env, "seed").stdout


def test_openapi_command_prints_the_committed_document(env: dict[str, str]) -> None:
    committed = (Path(__file__).resolve().parents[1] / "openapi" / "openapi.json").read_text(
        encoding="utf-8"
    )
    assert run(env, "openapi").stdout == committed


def test_development_generates_a_private_key_encryption_key_once(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "BADGESERVICE_DATABASE_URL": f"sqlite:///{tmp_path / 'dev.db'}",
        "BADGESERVICE_DATA_DIR": str(tmp_path / "var"),
    }
    run(env, "migrate")
    kek_file = tmp_path / "var" / "key-encryption-key"
    first = kek_file.read_text()
    assert stat.S_IMODE(kek_file.stat().st_mode) == 0o600
    run(env, "migrate")
    assert kek_file.read_text() == first


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"BADGESERVICE_PUBLIC_URL": "https://badges.example.org"},
            "KEY_ENCRYPTION_KEY is required",
        ),
        (
            {
                "BADGESERVICE_PUBLIC_URL": "http://badges.example.org",
                "BADGESERVICE_KEY_ENCRYPTION_KEY": TEST_KEK,
            },
            "PUBLIC_URL must use https",
        ),
    ],
    ids=["no-kek", "plain-http"],
)
def test_production_refuses_unsafe_settings(
    env: dict[str, str], extra: dict[str, str], message: str
) -> None:
    production = {k: v for k, v in env.items() if k != "BADGESERVICE_KEY_ENCRYPTION_KEY"}
    production.update({"BADGESERVICE_ENVIRONMENT": "production", **extra})
    result = run(production, "migrate", check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert TEST_KEK not in result.stderr


def test_keys_rotate_retires_the_issuer_keys_and_creates_new_ones(env: dict[str, str]) -> None:
    run(env, "migrate")
    run(env, "seed")
    first = json.loads(run(env, "keys", "rotate", "--issuer", "isopolis", "--json").stdout)
    assert [k["algorithm"] for k in first["created"]] == ["Ed25519", "RS256"]
    assert [k["algorithm"] for k in first["retired"]] == ["Ed25519", "RS256"]
    second = json.loads(run(env, "keys", "rotate", "--issuer", "isopolis", "--json").stdout)
    assert second["retired"] == first["created"]
    text_output = run(env, "keys", "rotate", "--issuer", "isopolis").stdout
    assert text_output.count("created  key-") == 2
    assert text_output.count("retired  key-") == 2


def test_keys_rotate_refuses_an_unknown_issuer(env: dict[str, str]) -> None:
    run(env, "migrate")
    result = run(env, "keys", "rotate", "--issuer", "nope", check=False)
    assert result.returncode == 2
    assert "No issuer nope" in result.stderr
