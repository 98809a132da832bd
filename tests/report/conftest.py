"""Fixtures for the report tests: ssh-keygen, a signing key, and a realistic run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from amogui.report import keys

SSH_KEYGEN = shutil.which("ssh-keygen")


@pytest.fixture
def ssh_keygen() -> str:
    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen (openssh-client) is not installed")
    return SSH_KEYGEN


@pytest.fixture
def signing_key() -> keys.SigningKey:
    return keys.generate("tester@example.com")


def keygen_verify(
    keygen: str, allowed: Path, identity: str, namespace: str, sig: Path, data: Path
) -> subprocess.CompletedProcess[str]:
    """Run ``ssh-keygen -Y verify`` the way VERIFY.txt tells a recipient to."""
    args = [keygen, "-Y", "verify", "-f", str(allowed), "-I", identity, "-n", namespace]
    with data.open("rb") as stdin:
        return subprocess.run(
            [*args, "-s", str(sig)],
            stdin=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
