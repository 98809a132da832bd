"""Probes that reach amoCRM: asked once before the first run against a real backend, the
answer kept in the profile; never asked for the sandbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from amogui.checklist import load_bundled
from amogui.run.state import Status
from amogui.run.store import RunStore
from amogui.sandbox import profile_for
from amogui.service.service import Service
from amogui.settings.profiles import SANDBOX_PROFILE
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui.main_window import MainWindow
from amogui.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import wait

MakeWindow = Callable[..., MainWindow]
STAGING = "Staging"


@pytest.fixture
def staging(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Service]:
    """A "real backend" profile (not the sandbox profile, never asked yet) whose URLs are a
    running sandbox's: the checks really run, on loopback."""
    profiles = ProfileStore()
    service = Service(
        RunStore(), checklist=load_bundled(), profiles=profiles, secrets=SecretStore()
    )
    assert wait(qtbot, loop, service.target.activate(SANDBOX_PROFILE))
    sandbox = service.target.sandbox
    assert sandbox is not None
    real = profile_for(sandbox, STAGING)
    real.sandbox, real.production_probes = False, None
    profiles.create(STAGING, real.base_url)
    profiles.update(real)
    service.target.point_at(real, dict(service.target.tokens))
    yield service
    wait(qtbot, loop, service.target.stop_sandbox())
    service.close()


def question() -> QMessageBox | None:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "productionProbesQuestion" and w.isVisible()
    ]
    return found[0] if isinstance(found[0] if found else None, QMessageBox) else None


def press(box: QMessageBox, name: str) -> None:
    button = next(b for b in box.buttons() if b.objectName() == name)
    button.click()


def test_the_first_run_asks_once_and_keeps_the_answer(
    make_window: MakeWindow, staging: Service, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    window = make_window(load_bundled(), service=staging)
    assert window.checks.start(["callback.errors"]) is None  # not yet: it asks first
    box = question()
    assert box is not None
    text = box.text() + box.informativeText()
    assert "callback.errors" in text and "oauth.callback" in text
    assert "token endpoint" in text and "logs" in text and STAGING in text
    assert window.checks.start(["callback.errors"]) is None  # one question at a time
    press(box, "skipProbes")
    qtbot.waitUntil(lambda: window.checks.task is not None and window.checks.task.done())
    result = window.run.checks["callback.errors"]
    assert result.status is Status.SKIPPED  # the probe was not sent
    assert window.checks.probes_answer is not None
    qtbot.waitUntil(window.checks.probes_answer.done)
    assert ProfileStore().get(STAGING).production_probes is False  # kept in the profile
    task = window.checks.start(["callback.errors"])  # asked once: it runs at once now
    assert task is not None and question() is None
    qtbot.waitUntil(task.done, timeout=30_000)


def test_run_the_probes_and_cancel(
    make_window: MakeWindow, staging: Service, qtbot: Any, loop: asyncio.AbstractEventLoop
) -> None:
    window = make_window(load_bundled(), service=staging)
    window.checks.start(["callback.errors"])
    box = question()
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.checks.task is None  # nothing ran
    assert staging.target.profile.production_probes is None  # and it asks again
    window.checks.start(["callback.errors"])
    box = question()
    assert box is not None
    press(box, "runProbes")
    qtbot.waitUntil(lambda: window.checks.task is not None and window.checks.task.done())
    assert window.run.checks["callback.errors"].status is Status.PASSED
    qtbot.waitUntil(window.checks.probes_answer.done)  # type: ignore[union-attr]
    assert ProfileStore().get(STAGING).production_probes is True


def test_the_sandbox_and_checks_without_probes_never_ask(
    make_window: MakeWindow, staging: Service, qtbot: Any
) -> None:
    window = make_window(load_bundled(), service=staging)
    task = window.checks.start(["status.before"])  # no probe among these
    assert task is not None and question() is None
    qtbot.waitUntil(task.done, timeout=30_000)
    staging.target.profile.sandbox = True  # the sandbox's amoCRM is a stand-in
    task = window.checks.start(["callback.errors"])
    assert task is not None and question() is None
    qtbot.waitUntil(task.done, timeout=30_000)


def test_settings_show_and_change_the_answer(staging: Service, qtbot: Any) -> None:
    dialog = SettingsDialog(staging.target)
    qtbot.addWidget(dialog)
    dialog.load_profile(STAGING)
    assert dialog.probes_box.isEnabled()
    assert dialog.probes_box.currentData() is None  # not asked yet
    dialog.probes_box.setCurrentIndex(dialog.probes_box.findData(False))
    assert dialog.profile_from_form().production_probes is False
    dialog.load_profile(SANDBOX_PROFILE)
    assert not dialog.probes_box.isEnabled() and dialog.probes_box.currentData() is True
