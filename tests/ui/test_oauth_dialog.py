"""Connect AMO CRM: hidden and brought back at any time, one attempt at a time, cancelled
says cancelled, how to copy a deep link out of a browser, a second deep link for a finished
attempt, Enter in the paste box."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from amogui.run.store import RunStore
from amogui.service import events
from amogui.service.service import Service
from amogui.settings.profiles import PRODUCTION_PROFILE
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui.main_window import MainWindow
from tests.ui.conftest import wait

MakeWindow = Callable[..., MainWindow]
URL = "https://www.amocrm.ru/oauth?client_id=abc&state={state}&mode=post_message"
LINK = "foryoure://amo-crm/callback?code=abcdefghijklmnop1234&state={state}"


@pytest.fixture
def production(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Service]:
    made = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    wait(qtbot, loop, made.target.activate(PRODUCTION_PROFILE))
    yield made
    made.close()


def flow_state(window: MainWindow) -> str:
    """The state of a flow this window started (a link with another is another run's)."""
    return str(window.service.flows.start(window.service.target.profile).state)


def running(window: MainWindow, on: bool) -> None:
    """As if a batch of checks were running (the service's own flag)."""
    window.service._running = on
    window.service.emit(events.ChecksRunning(on))


def test_hidden_with_esc_and_brought_back_with_ctrl_k_while_checks_run(
    make_window: MakeWindow, production: Service, qtbot: Any
) -> None:
    window = make_window(service=production)
    window.show()
    dialog = window.connect_dialog
    dialog.hop("authorize-url", "", url=URL.format(state="s1"))
    dialog.hop("browser-opened", "opened")
    qtbot.waitExposed(dialog)
    running(window, True)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isHidden()
    action = window.action("checks.connect")
    assert action.isEnabled()  # never disabled while checks run
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert "left" in dialog.countdown.text()  # the countdown goes on
    assert len(dialog.attempts) == 1  # no second flow was started
    running(window, False)


def test_one_attempt_at_a_time_earlier_ones_folded(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    dialog.hop("authorize-url", "", url=URL.format(state="s1"))
    dialog.hop("browser-opened", "opened")
    dialog.hop("deeplink-received", LINK.format(state="s1"), "ipc")
    dialog.paste_edit.setText("half typed")
    dialog.hop("authorize-url", "", url=URL.format(state="s2"))
    first, second = dialog.attempts
    assert not first.item.isExpanded() and second.item.isExpanded()
    assert "deep link received" in first.item.text(0)
    assert second.item.childCount() == 1  # a clean timeline: only its own authorize URL
    assert dialog.countdown.text() == "Opening the browser..."  # not a stale "received"
    assert dialog.paste_edit.text() == "" and dialog.paste_result.text() == ""
    assert "state=s2" in dialog.url_edit.text()


def test_cancelled_says_cancelled_here_and_in_the_status_bar(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    dialog.hop("authorize-url", "", url=URL.format(state="s1"))
    dialog.hop("browser-opened", "opened")
    running(window, True)
    dialog.cancel_button.click()
    assert dialog.countdown.text() == "Cancelled."
    running(window, False)
    window.service.emit(events.ChecksDone({"passed": 4}))
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Checks cancelled") and "done" not in shown
    assert "cancelled" in dialog.attempts[0].item.text(0)
    # The next batch is not "cancelled" any more.
    window.checks.cancelled = False
    window.service.emit(events.ChecksDone({"passed": 13}))
    assert window.statusBar().currentMessage().startswith("Checks done")


def test_it_explains_how_to_copy_the_link_out_of_a_browser(
    make_window: MakeWindow, production: Service
) -> None:
    dialog = make_window(service=production).connect_dialog
    dialog.show()
    assert dialog.help.isHidden()
    dialog.help_button.click()
    assert dialog.help.isVisible()
    text = dialog.help.text()
    for what in ("Firefox", "Chromium", "xdg-open", "address bar", "Copy link", "Ctrl+V"):
        assert what in text


def test_a_second_deep_link_for_a_finished_attempt_is_told(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    state = flow_state(window)
    dialog.hop("authorize-url", "", url=URL.format(state=state))
    dialog.hop("browser-opened", "opened")
    window.deliver_deeplink(LINK.format(state=state), "ipc")  # the first Allow
    assert dialog.warning.isHidden()
    window.deliver_deeplink(LINK.format(state=state), "ipc")  # Allow pressed again
    assert dialog.warning.isVisible()
    assert "second deep link" in dialog.warning.text() and "attempt 1" in dialog.warning.text()
    assert "second deep link" in window.message_bar.text()


def test_a_refused_second_link_is_told_the_same_way(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    dialog.hop("authorize-url", "", url=URL.format(state="s7"))
    dialog.hop("deeplink-received", "received", "ipc")
    window.checks.link_refused.emit("ipc", LINK.format(state="s7"))
    assert "second deep link" in dialog.warning.text()


def test_enter_in_the_paste_box_hands_the_link_over_once(
    make_window: MakeWindow, production: Service, qtbot: Any
) -> None:
    window = make_window(service=production)
    dialog = window.connect_dialog
    dialog.hop("authorize-url", "", url=URL.format(state="s1"))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.paste_edit.setFocus()
    dialog.paste_edit.setText(LINK.format(state="s1"))
    QTest.keyClick(dialog.paste_edit, Qt.Key.Key_Return)
    assert [d.via for d in window.checks.inbox.received] == ["paste"]  # exactly once
    assert dialog.paste_result.text() == "Accepted; handed to the waiting flow."
    assert dialog.isVisible()  # Enter did not close the dialog either
    QTest.keyClick(dialog.paste_edit, Qt.Key.Key_Return)  # again, on the empty box
    assert dialog.paste_result.text() == "Accepted; handed to the waiting flow."
    assert "empty" not in dialog.paste_result.text()
    assert len(window.checks.inbox.received) == 1


def test_an_empty_paste_is_a_hint_not_a_rejection(
    make_window: MakeWindow, production: Service
) -> None:
    dialog = make_window(service=production).connect_dialog
    dialog.use_pasted()
    assert dialog.paste_result.text() == "Paste the deep link first (Ctrl+V)."


def test_the_status_bar_says_where_a_link_came_from_without_jargon(
    make_window: MakeWindow, production: Service
) -> None:
    window = make_window(service=production)
    window.deliver_deeplink(LINK.format(state=flow_state(window)), "argv")
    shown = window.statusBar().currentMessage()
    assert shown == "Deep link received (from the operating system)."
    window.deliver_deeplink(LINK.format(state="another-run"), "ipc")
    shown = window.statusBar().currentMessage()
    assert shown.startswith("A deep link for another amogui run arrived (from the operating")
    window.connect_dialog.paste_edit.setText(LINK.format(state="s8"))
    window.connect_dialog.use_pasted()
    assert window.statusBar().currentMessage() == "Deep link received (pasted)."
