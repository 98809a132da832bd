"""`amogui` as a user starts it: a real process, the sandbox profile, a clean quit."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from amogui.base.logs import log_file_path, setup_logging
from amogui.run.store import RunStore


def wait_for(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_window_starts_the_sandbox_and_quits_cleanly(isolated_home: Path) -> None:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The child has no in-memory keyring of the test: make sure it touches no real one.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    log = log_file_path()
    child = subprocess.Popen(
        [sys.executable, "-m", "amogui", "--log-level", "INFO"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = wait_for(
            lambda: log.exists() and "sandbox running at" in log.read_text("utf-8"), 60
        )
        assert started, "the sandbox did not start"
        # The run records its target a moment after the sandbox is up; quit after that.
        assert wait_for(_saved_with_target, 30), "the run never recorded the sandbox target"
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert "Traceback" not in err
    current = RunStore().current()
    assert current is not None  # the run was saved where the next start resumes it
    assert current.profile == "Local sandbox"
    assert current.base_url.startswith("http://127.0.0.1:")


def _saved_with_target() -> bool:
    try:
        current = RunStore().current()
    except Exception:  # a file being replaced at this instant: try again
        return False
    return current is not None and current.base_url.startswith("http://127.0.0.1:")


# Prints what was imported when the first window showed, then exits at once.
SHELL_PROBE = """
import json, os, sys
from PySide6.QtWidgets import QWidget
original = QWidget.show
def show(self):
    original(self)
    if self.isWindow():
        core = sys.modules["PySide6.QtCore"].__dict__
        print(json.dumps({"modules": sorted(sys.modules), "qt_namespace": "Qt" in core}))
        os._exit(0)
QWidget.show = show
from amogui.cli import main
main([])
"""

# What the first paint must not wait for (start-up within 1.5x of a bare PySide6 window).
LOADED_AFTER_SHOW = (
    "asyncio",
    "qasync",
    "httpx",
    "logging.handlers",
    "amogui.base.redact",
    "amogui.checklist",
    "amogui.run.state",
    "amogui.settings.store",
    "amogui.ui.step_panel",
    "amogui.ui.checks_controller",
    "amogui.ui.leads",
)


def test_the_window_shows_before_the_core_loads(isolated_home: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    proc = subprocess.run(
        [sys.executable, "-c", SHELL_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout.strip().splitlines()[-1])
    modules = set(shown["modules"])
    assert "amogui.ui.main_window" in modules
    assert [m for m in LOADED_AFTER_SHOW if m in modules] == []
    # PySide6 builds every enum of the Qt namespace on its first use (~40 ms).
    assert not shown["qt_namespace"]


def test_a_failing_start_up_step_is_told_and_quits_with_1(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from amogui.ui.app import Startup
    from amogui.ui.main_window import MainWindow

    setup_logging(defer_file=True)  # as `amogui` sets it up for the window
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))
    codes: list[int] = []
    # A stand-in application: exit() on the test's real one would end every later event loop.
    app = SimpleNamespace(exit=codes.append, processEvents=lambda: None)
    window = MainWindow(deferred=True)
    startup = Startup(app, window, None, None, argparse.Namespace())  # type: ignore[arg-type]

    def fails() -> None:
        raise OSError("the disk is full")

    def never() -> None:
        raise AssertionError("a step after the failure ran")

    startup._steps = [fails, never]
    startup.next_step()
    assert codes == [1] and startup.failed
    assert len(told) == 1 and "the disk is full" in told[0]
    assert str(log_file_path()) in told[0]
    assert "the disk is full" in log_file_path().read_text(encoding="utf-8")  # the traceback
    assert startup.finish() == 1
    window.deleteLater()
