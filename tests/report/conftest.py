"""Fixtures for the report tests: ssh-keygen, a signing key, and a realistic run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from amogui.report import keys
from amogui.report.export import export_bundle
from tests.report.sample import sample_checklist, sample_run

SSH_KEYGEN = shutil.which("ssh-keygen")


@pytest.fixture
def ssh_keygen() -> str:
    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen (openssh-client) is not installed")
    return SSH_KEYGEN


TESTER = "tester@example.com"


@pytest.fixture
def signing_key() -> keys.SigningKey:
    return keys.generate(TESTER)


@pytest.fixture
def tester_key(signing_key: keys.SigningKey) -> keys.SigningKey:
    """The tester's key: the one `bundle_dir` is signed with."""
    return signing_key


@pytest.fixture
def bundle_dir(tmp_path: Path, tester_key: keys.SigningKey) -> Path:
    """The sample run exported as a bundle (without the PDF), signed with `tester_key`."""
    out = tmp_path / "bundle"
    export_bundle(sample_run(), sample_checklist(), out, tester_key, pdf=None)
    return out


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
