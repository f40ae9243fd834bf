"""The README's quick-start works: a real server, the real CLI, curl."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, TEST_KEK

README = REPO_ROOT / "README.md"
BIN = Path(sys.executable).parent


def quickstart_block() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(
        r"<!-- quickstart:begin -->\n```bash\n(.*?)```\n<!-- quickstart:end -->", text, re.S
    )
    assert match, "README has no quick-start block"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "BADGESERVICE_DATABASE_URL": f"sqlite:///{tmp_path / 'quickstart.db'}",
        "BADGESERVICE_DATA_DIR": str(tmp_path / "var"),
        "BADGESERVICE_PUBLIC_URL": base,
        "BADGESERVICE_KEY_ENCRYPTION_KEY": TEST_KEK,
        "BADGESERVICE_LOG_JSON": "false",
    }
    cli = str(BIN / "badgeservice")
    subprocess.run([cli, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([cli, "seed"], env=env, check=True, capture_output=True, timeout=120)
    process = subprocess.Popen(
        [cli, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True
    )
    stderr = process.stderr
    assert stderr is not None
    try:
        for line in stderr:  # blocks until the server says it is up
            if "Application startup complete" in line:
                break
        else:
            pytest.fail("the server exited before starting")
        # Keep draining the log so the server never blocks on a full pipe.
        drain = threading.Thread(target=lambda: all(True for _ in stderr), daemon=True)
        drain.start()
        yield base, env
    finally:
        process.terminate()
        process.wait(timeout=30)
        stderr.close()


@pytest.mark.skipif(shutil.which("curl") is None, reason="the quick-start uses curl")
def test_readme_quickstart_runs(server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    base, env = server
    script = tmp_path / "quickstart.sh"
    script.write_text("set -euo pipefail\n" + quickstart_block(), encoding="utf-8")
    result = subprocess.run(
        ["bash", str(script)],
        env={**env, "BASE": base},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "/ob2/badge-classes/" in out
    assert f"did:web:127.0.0.1%3A{base.rsplit(':', 1)[1]}:issuers:isopolis#key-" in out
    assert f"{base}/ob2/issuers/" in out
    for name in (
        "Faiseur de changement",
        "Lieu d",
        "Expérimentation",
        "Organisation",
        "Passeur de savoirs",
    ):
        assert name in out
    # The award steps: links, the signed credential in both forms, the hosted assertion, a PNG.
    assert f"ob3: {base}/ob3/credentials/" in out
    assert "['VerifiableCredential', 'OpenBadgeCredential'] eddsa-rdfc-2022" in out
    assert "eyJ" in out  # the VC-JWT
    assert "{'type': 'HostedBadge'}" in out
    assert "200 image/png" in out
