"""`amogui run` with the real OS path: under Xvfb, the handler installed into the
test's XDG dirs, the browser command hands the deep link to `xdg-open`, which starts the
handler (`amogui open-url -- URL`), which forwards it to the running headless amogui."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from amogui.cli import main
from tests.e2e.conftest import XVFB_TOOLS_MISSING

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(XVFB_TOOLS_MISSING),
        reason=f"needs {', '.join(XVFB_TOOLS_MISSING)} (apt install xvfb xdg-utils "
        "desktop-file-utils)",
    ),
]

BROWSER = f"{shlex.quote(sys.executable)} -m amogui.oauth.autobrowser"


@pytest.fixture
def run_env(xvfb: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    home = Path(os.environ["HOME"])  # the isolated home of tests/conftest.py
    runtime = Path("/tmp") / f"amogui-x-{os.getpid()}-{tmp_path.name[-10:]}"  # socket paths
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMOGUI_", "BROWSER"))}
    env.update(
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        AMOGUI_AUTOBROWSER_OPEN="xdg-open",  # hand the deep link to the OS, not to open-url
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
        HOME=str(home),
    )
    yield env
    for leftover in sorted(runtime.rglob("*"), reverse=True):
        leftover.unlink() if not leftover.is_dir() else leftover.rmdir()
    runtime.rmdir()


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amogui", "run", "--sandbox", "--browser", BROWSER, "--json", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_headless_run_gets_the_deep_link_through_the_os_handler(
    run_env: dict[str, str],
) -> None:
    assert main(["handler", "install"]) == 0
    try:
        proc = run(run_env)
    finally:
        assert main(["handler", "uninstall"]) == 0
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "xdg-open" in proc.stderr  # the autobrowser handed the link to the OS
    data = json.loads(proc.stdout)
    statuses = {c["id"]: c["status"] for c in data["checks"]}
    assert set(statuses.values()) == {"passed"}, statuses
    assert len(statuses) == 13


def test_without_the_handler_the_deep_link_never_arrives(run_env: dict[str, str]) -> None:
    """The control: the same run with no handler registered cannot complete the OAuth leg."""
    proc = run(run_env, "--only", "oauth.deeplink", "--deeplink-timeout", "8")
    assert proc.returncode == 1, proc.stderr[-3000:]
    data = json.loads(proc.stdout)
    statuses = {c["id"]: c["status"] for c in data["checks"]}
    assert statuses["oauth.deeplink"] == "failed"
