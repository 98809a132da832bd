"""The OS URL handler for real: Xvfb, temp HOME/XDG, `amogui handler install`, an IPC
server waiting, and `xdg-open foryoure://...` delivering the URL to it; then the whole
OAuth leg against the sandbox through the same path."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator

import httpx
import pytest
from pytestqt.qtbot import QtBot

from amogui.cli import main
from amogui.desktop.ipc import IPCServer, server_name
from amogui.desktop.ipc_client import SUFFIX_ENV
from amogui.oauth.authorize import Consume, FlowRegistry
from amogui.oauth.browser import open_in_browser
from amogui.oauth.deeplink import DeepLink, parse_deeplink
from amogui.sandbox import Sandbox, SandboxConfig, profile_for

MISSING = [
    t for t in ("Xvfb", "xdg-open", "xdg-mime", "update-desktop-database") if not shutil.which(t)
]
pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        bool(MISSING),
        reason=f"needs {', '.join(MISSING)} (apt install xvfb xdg-utils desktop-file-utils)",
    ),
]


@pytest.fixture
def ipc(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[IPCServer]:
    """The running amogui's IPC server, under a name only this test uses.

    The suffix travels in the environment: xdg-open -> the handler -> `amogui open-url`.
    """
    suffix = f"e2e-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv(SUFFIX_ENV, suffix)
    server = IPCServer(server_name(suffix))
    server.listen()
    yield server
    server.shutdown()


@pytest.fixture
def handler_installed(xvfb: str, capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    assert main(["handler", "install"]) == 0
    assert main(["handler", "status"]) == 0, capsys.readouterr().out
    yield
    assert main(["handler", "uninstall"]) == 0


def _xdg_open(url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["xdg-open", url], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _reap(proc: subprocess.Popen[bytes]) -> None:
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


def test_xdg_open_delivers_the_deep_link(
    qtbot: QtBot, handler_installed: None, ipc: IPCServer
) -> None:
    url = "foryoure://amo-crm/callback?code=def50200e2e&state=st-e2e&referer=x.amocrm.ru"
    with qtbot.waitSignal(ipc.url_received, timeout=30000) as blocker:
        proc = _xdg_open(url)
    _reap(proc)
    assert blocker.args == [url, "argv"]


def test_handler_refuses_an_option_shaped_url(
    qtbot: QtBot, handler_installed: None, ipc: IPCServer
) -> None:
    """`--` in the Exec line: a URL can never become an option of amogui."""
    seen: list[str] = []
    ipc.url_received.connect(lambda url, via: seen.append(url))
    proc = subprocess.run(
        [sys.executable, "-m", "amogui", "open-url", "--", "--version"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2 and "option" in proc.stderr
    qtbot.wait(200)
    assert seen == []


def test_selftest_with_a_running_amogui(
    qtbot: QtBot, handler_installed: None, ipc: IPCServer
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "amogui", "handler", "selftest", "--json", "--timeout", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with qtbot.waitSignal(ipc.selftest_received, timeout=40000):
        pass
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=40000)
    out, err = proc.communicate()
    assert proc.returncode == 0, out + err
    result = json.loads(out)
    assert result["received"] is True and result["listener"] == "running amogui"
    assert result["elapsed_ms"] > 0


def test_selftest_without_a_running_amogui(
    handler_installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SUFFIX_ENV, f"st-{uuid.uuid4().hex[:10]}")
    proc = subprocess.run(
        [sys.executable, "-m", "amogui", "handler", "selftest", "--timeout", "30"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "received via argv" in proc.stdout


def test_selftest_fails_without_the_handler(xvfb: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SUFFIX_ENV, f"st-{uuid.uuid4().hex[:10]}")
    proc = subprocess.run(
        [sys.executable, "-m", "amogui", "handler", "selftest", "--timeout", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "NOT received" in proc.stdout


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig()) as sb:
        yield sb


def test_whole_oauth_leg_through_the_os_handler(
    qtbot: QtBot,
    handler_installed: None,
    ipc: IPCServer,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """authorize URL -> autobrowser -> consent -> callback -> deep link -> xdg-open ->
    the handler -> `amogui open-url` -> IPC; state matches; exchange-code connects."""
    profile = profile_for(sandbox)
    registry = FlowRegistry()
    flow = registry.start(profile)
    monkeypatch.setenv("AMOGUI_AUTOBROWSER_OPEN", "xdg-open")
    with qtbot.waitSignal(ipc.url_received, timeout=60000) as blocker:
        launch = open_in_browser(flow.url, f"{sys.executable} -m amogui.oauth.autobrowser")
    assert launch.wait(60) == 0
    url, via = blocker.args
    assert via == "argv"
    link = parse_deeplink(url, profile)
    assert isinstance(link, DeepLink) and link.code
    assert registry.consume(link.state) is Consume.OK
    assert registry.consume(link.state) is Consume.REUSED
    jwt = sandbox.token_for(sandbox.users[0].email)
    headers = {"Authorization": f"Bearer {jwt}"}
    with httpx.Client(base_url=profile.base_url, trust_env=False, timeout=20) as client:
        exchanged = client.post(
            profile.paths["exchange_code"], json={"code": link.code}, headers=headers
        )
        assert exchanged.status_code == 200, exchanged.text
        status = client.get(profile.paths["status"], headers=headers).json()
    assert status["data"]["connected"] is True and status["data"]["hasTokens"] is True
