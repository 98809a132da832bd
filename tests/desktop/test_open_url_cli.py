from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from amogui.cli import main
from amogui.desktop import startup
from amogui.desktop.ipc import IPCServer
from amogui.desktop.ipc_client import SUFFIX_ENV, socket_dir
from amogui.desktop.open_url_cli import deliver_after_start, known_schemes, refusal

URL = "foryoure://amo-crm/callback?code=c1&state=s1"


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("--help", "option"),
        ("-oProxyCommand=x", "option"),
        ("https://evil.example/", "scheme"),
        ("foryoure:/no-slashes", "scheme"),
        ("foryoure://amo-crm/callback?code=a b", "whitespace"),
        ("foryoure://" + "a" * 5000, "characters long"),
    ],
)
def test_refusals(url: str, needle: str) -> None:
    reason = refusal(url, {"foryoure"})
    assert reason is not None and needle in reason


def test_accepts_profile_schemes() -> None:
    assert refusal(URL, known_schemes()) is None
    assert refusal("FORYOURE://amo-crm/x", {"foryoure"}) is None


def test_option_injection_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["open-url", "--no-start", "--", "--version"]) == 2
    assert "option" in capsys.readouterr().err


def test_not_running_with_no_start_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SUFFIX_ENV, f"none-{os.getpid()}")
    assert main(["open-url", "--no-start", "--timeout", "0.5", "--", URL]) == 1
    assert "no running amogui" in capsys.readouterr().err


def test_forwarded_by_a_separate_process(qtbot: QtBot, ipc_name: str) -> None:
    """The real path: another process runs `amogui open-url -- URL`."""
    server = IPCServer(ipc_name)
    server.listen()
    suffix = Path(ipc_name).name.removeprefix("ipc-")
    env = {**os.environ, SUFFIX_ENV: suffix}
    try:
        with qtbot.waitSignal(server.url_received, timeout=15000) as blocker:
            proc = subprocess.Popen(
                [sys.executable, "-m", "amogui", "open-url", "--", URL],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        _out, err = proc.communicate(timeout=15)
        assert proc.returncode == 0, err
        assert blocker.args == [URL, "argv"]
    finally:
        server.shutdown()


def test_startup_url_file_round_trip() -> None:
    path = startup.write_startup_url(URL)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    env = {startup.ENV: str(path)}
    assert startup.take_startup_url(env) == URL
    assert not path.exists() and startup.ENV not in env
    assert startup.take_startup_url(env) is None


def test_startup_url_outside_our_directory_is_ignored(tmp_path: Path) -> None:
    planted = tmp_path / "url.txt"
    planted.write_text(URL)
    assert startup.take_startup_url({startup.ENV: str(planted)}) is None
    assert planted.exists()  # not ours: not deleted either
    big = socket_dir() / "open-url-big.txt"
    big.write_text("x" * (startup.MAX_BYTES + 1))
    assert startup.take_startup_url({startup.ENV: str(big)}) is None
    assert not big.exists()


def test_claim_is_won_once() -> None:
    path = startup.write_startup_url(URL)
    assert startup.claim(path) == URL
    assert startup.claim(path) is None
    assert list(socket_dir().glob(path.name + "*")) == []


def test_deliver_after_start_sends_when_the_window_does_not_take_it(
    qtbot: QtBot, ipc_name: str
) -> None:
    server = IPCServer(ipc_name)
    server.listen()
    path = startup.write_startup_url(URL)
    try:
        with qtbot.waitSignal(server.url_received, timeout=10000) as blocker:
            future = ThreadPoolExecutor(1).submit(
                deliver_after_start, path, timeout=5, grace=0.1, name=ipc_name
            )
        qtbot.waitUntil(future.done, timeout=10000)
        assert future.result() == "ipc"
        assert blocker.args == [URL, "argv"]
        assert not path.exists()
    finally:
        server.shutdown()


def test_deliver_after_start_when_the_window_took_it_or_never_came(ipc_name: str) -> None:
    path = startup.write_startup_url(URL)
    assert startup.take_startup_url({startup.ENV: str(path)}) == URL  # the window took it
    assert deliver_after_start(path, timeout=1, name=ipc_name) == "window"
    path = startup.write_startup_url(URL)
    assert deliver_after_start(path, timeout=0.5, name=ipc_name) == "pending"
    assert path.exists()  # left for the window
    path.unlink()


def test_a_busy_amogui_is_never_joined_by_a_second_window(
    ipc_name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from amogui.desktop import open_url_cli
    from tests.desktop.test_ipc_client import full_backlog

    def no_second_window(url: str) -> Path:
        raise AssertionError("a second window was started")

    monkeypatch.setattr(open_url_cli, "start_window", no_second_window)
    monkeypatch.setenv(SUFFIX_ENV, Path(ipc_name).name.removeprefix("ipc-"))
    for _held in full_backlog(ipc_name):
        assert main(["open-url", "--timeout", "0.3", "--", URL]) == 1
    err = capsys.readouterr().err
    assert "busy" in err and "no second amogui is started" in err


def test_a_link_no_running_amogui_waits_for_exits_1(
    qtbot: QtBot, ipc_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = IPCServer(ipc_name, claims=lambda url: False)  # a window with no flow going
    server.listen()
    monkeypatch.setenv(SUFFIX_ENV, Path(ipc_name).name.removeprefix("ipc-"))
    env = dict(os.environ)
    try:
        with qtbot.waitSignal(server.url_declined, timeout=15000):
            proc = subprocess.Popen(
                [sys.executable, "-m", "amogui", "open-url", "--", URL],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        _out, err = proc.communicate(timeout=15)
    finally:
        server.shutdown()
    assert proc.returncode == 1
    assert "the running amogui was not waiting for this deep link" in err
