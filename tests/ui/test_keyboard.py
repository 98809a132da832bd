"""The main flows with the keyboard only, shortcuts in menus, the layout after a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from amogui.checks.verdicts import step_status
from amogui.run.state import Status
from amogui.run.store import RunStore
from amogui.service.service import Service
from amogui.settings.profiles import PRODUCTION_PROFILE
from amogui.settings.secrets import SecretStore
from amogui.settings.store import ProfileStore
from amogui.ui.main_window import MainWindow
from amogui.ui.shortcuts_dialog import shortcut_entries
from tests.ui.conftest import wait

MakeWindow = Callable[..., MainWindow]
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def session(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Service]:
    made = Service(RunStore(), profiles=ProfileStore(), secrets=SecretStore())
    wait(qtbot, loop, made.target.activate(PRODUCTION_PROFILE))
    yield made
    made.close()


def activate(window: QWidget, qtbot: Any) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def key(target: QWidget, code: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """A key press as the OS delivers it: to the window, where shortcuts see it first."""
    handle = target.window().windowHandle()
    assert handle is not None
    QTest.keyClick(handle, code, modifier)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab_to(window: QWidget, wanted: QWidget, limit: int = 80) -> None:
    """Press Tab until `wanted` has the focus: it is reachable from the keyboard."""
    for _ in range(limit):
        if focused() is wanted:
            return
        key(window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted.objectName() or wanted}")


def open_dialog(window: MainWindow) -> QDialog | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
    return next((d for d in shown if d.isVisible()), None)


def test_main_flows_with_the_keyboard_only(
    make_window: MakeWindow, session: Service, qtbot: Any
) -> None:
    window = make_window(service=session)
    activate(window, qtbot)
    assert focused() is window.tree  # the keyboard starts in the checklist
    assert window.current_step_id() == "s1"

    # select steps with the arrow keys, give verdicts with their shortcuts
    key(window, Qt.Key.Key_Down)
    key(window, Qt.Key.Key_Down)
    assert window.current_step_id() == "s2.k1"
    key(window, Qt.Key.Key_2, CTRL)
    assert step_status(window.run, "s2.k1") is Status.FAILED

    # reach the note field with Tab, type, and leave it with Tab (it does not trap Tab)
    tab_to(window, window.panel.note_edit)
    QTest.keyClicks(window.panel.note_edit, "callback answered 404")
    assert window.run.record("s2.k1").note == "callback answered 404"
    key(window, Qt.Key.Key_Tab)
    assert focused() is not window.panel.note_edit

    # next undecided step, pass it
    key(window, Qt.Key.Key_Down, CTRL)
    assert window.current_step_id() == "s2.k2"
    key(window, Qt.Key.Key_1, CTRL)
    assert step_status(window.run, "s2.k2") is Status.PASSED

    # the settings dialog opens and closes
    key(window, Qt.Key.Key_Comma, CTRL)
    dialog = open_dialog(window)
    assert dialog is not None and dialog is window.settings_dialog
    key(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    # the shortcuts list opens, filters as you type and closes
    activate(window, qtbot)
    key(window, Qt.Key.Key_F1)
    shortcuts = window.help_menu.dialog
    assert shortcuts is not None and shortcuts.isVisible()
    qtbot.waitUntil(lambda: focused() is shortcuts.filter_edit)
    QTest.keyClicks(shortcuts.filter_edit, "Ctrl+N")
    assert [text for text, _ in shortcuts.visible_entries()] == ["New run"]
    key(shortcuts, Qt.Key.Key_Escape)
    assert not shortcuts.isVisible()

    # a step without automatic checks says so; a new run starts
    activate(window, qtbot)
    for _ in range(10):
        if window.current_step_id() == "review.callback":
            break
        key(window, Qt.Key.Key_Down, CTRL)
    assert window.current_step_id() == "review.callback"
    key(window, Qt.Key.Key_F5, SHIFT)
    assert "no automatic checks" in window.statusBar().currentMessage()
    old_run = window.run.run_id
    key(window, Qt.Key.Key_N, CTRL)
    assert window.run.run_id != old_run
    assert step_status(window.run, "s2.k1") is Status.NOT_RUN  # a fresh run


def test_f5_starts_the_checks(make_window: MakeWindow, qtbot: Any) -> None:
    window = make_window()  # no profile: the run says what is missing
    activate(window, qtbot)
    key(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "No target yet" in window.message_bar.text(), timeout=10_000)


def menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        sub = action.menu()
        found += menu_actions(sub) if isinstance(sub, QMenu) else [action]
    return found


def test_every_shortcut_is_shown_in_a_menu(make_window: MakeWindow, session: Service) -> None:
    window = make_window(service=session)
    in_menus = {
        id(a)
        for top in window.menuBar().actions()
        if isinstance(top.menu(), QMenu)
        for a in menu_actions(top.menu())  # type: ignore[arg-type]
    }
    with_keys = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(with_keys) >= 15
    missing = [a.text() for a in with_keys if id(a) not in in_menus]
    assert missing == []  # a menu item shows its shortcut next to its text
    # and the shortcuts list has each of them
    listed = {e.text for e in shortcut_entries(window)}
    assert {a.text().replace("&", "") for a in with_keys} <= listed


def test_actions_name_their_shortcut_in_the_tooltip(make_window: MakeWindow) -> None:
    window = make_window()
    assert window.open_action.toolTip() == "Open checklist... (Ctrl+O)"
    assert window.verdict_actions[Status.FAILED].toolTip() == "Mark Fail (Ctrl+2)"


def test_window_layout_comes_back_after_a_restart(make_window: MakeWindow, qtbot: Any) -> None:
    first = make_window()
    first.show()
    first.resize(700, 500)  # the offscreen screen is 800 x 600
    first.splitter.setSizes([150, 550])
    QApplication.processEvents()
    sizes = first.splitter.sizes()
    first.tabs.setCurrentIndex(1)
    first.close()  # saved here

    again = make_window()
    again.show()
    assert (again.width(), again.height()) == (700, 500)
    assert again.tabs.currentIndex() == 1
    again.tabs.setCurrentIndex(0)  # a hidden tab's splitter is laid out when shown
    QApplication.processEvents()
    # The restored split, within a few pixels of rounding (the default would be ~280/420).
    qtbot.waitUntil(lambda: close_to(again.splitter.sizes(), sizes), timeout=3000)


def close_to(got: list[int], want: list[int], slack: int = 20) -> bool:
    return len(got) == len(want) and all(
        abs(a - b) <= slack for a, b in zip(got, want, strict=True)
    )
