"""The window opens whatever state its config and data folders are in: read-only, full,
or a file where a folder should be. It says so, and keeps working in memory."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amogui.base import paths
from amogui.ui import window_state
from amogui.ui.main_window import MainWindow


def block(variable: str) -> Path:
    """Put a file where the folder `variable` names would be made."""
    blocker = Path(os.environ["HOME"]) / f"blocker-{variable}"
    blocker.write_text("not a folder", encoding="utf-8")
    os.environ[variable] = str(blocker / "sub")
    return blocker


@pytest.fixture
def blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(variable, os.environ[variable])  # restored after the test
        block(variable)


def test_layout_with_an_impossible_config_folder(
    blocked: None, make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture
) -> None:
    window = make_window()
    with caplog.at_level("WARNING", logger="amogui.ui.window_state"):
        assert window_state.save_window(window) is False
        assert window_state.restore_window(window) is False
        assert window_state.restore_geometry(window) is False
    assert "cannot be kept" in caplog.text


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EROFS, "Read-only file system"), (errno.ENOSPC, "No space left on device")],
)
def test_a_read_only_or_full_disk_is_said_and_the_window_stays(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    words: str,
) -> None:
    # As root, chmod makes nothing read-only; the OS's answer is what the code sees.
    def refuse(*_a: object, **_k: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("amogui.service.saver.atomic_write", refuse)
    monkeypatch.setattr(paths, "ensure", refuse)
    window = make_window()
    window.show()
    qtbot.waitUntil(lambda: words in window.message_bar.text(), timeout=5000)
    assert "Could not save the run" in window.message_bar.text()
    window.set_verdict(window.checklist.steps()[0].id, None)  # keeps working in memory
    assert window_state.save_window(window) is False


def test_the_layout_file_is_private(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert window_state.save_window(window) is True
    assert stat.S_IMODE(window_state.state_file().stat().st_mode) == 0o600


def test_amogui_starts_and_quits_with_unusable_folders(isolated_home: Path) -> None:
    """The real start: no traceback, the window up, a clean quit on SIGTERM."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        blocker = isolated_home / f"blocker-{variable}"
        blocker.write_text("x", encoding="utf-8")
        env[variable] = str(blocker / "sub")
    child = subprocess.Popen(
        [sys.executable, "-m", "amogui", "--log-level", "INFO"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stderr is not None
        seen = []
        deadline = time.monotonic() + 90
        for line in child.stderr:
            seen.append(line)
            if ("ready" in line and "after start" in line) or time.monotonic() > deadline:
                break
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    text = "".join(seen) + err
    assert child.returncode == 0, text[-3000:]
    assert "Traceback" not in text
    assert "ready" in text  # it got all the way up
    assert "autosave failed" in text and "window layout cannot be kept" in text
