"""The main flows with the keyboard only, shortcuts in menus, the layout after a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu, QWidget

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
ALT = Qt.KeyboardModifier.AltModifier


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


def test_every_command_has_a_key_and_no_two_share_one(make_window: MakeWindow) -> None:
    from amogui.ui.commands import COMMANDS

    window = make_window()
    seen: dict[str, str] = {}
    for command in COMMANDS:
        assert command.shortcuts, f"{command.id} has no shortcut"
        for keys in command.shortcuts:
            assert keys not in seen, f"{keys}: {command.id} and {seen[keys]}"
            seen[keys] = command.id
    help_keys = {k for a in window.help_menu.actions() for k in _keys(a)}
    assert not help_keys & set(seen)
    # F1 lists every command with its key, never an empty one ("Cancel checks: , Ctrl+.")
    entries = shortcut_entries(window)
    assert len([e for e in entries if e.group]) >= len(COMMANDS)
    for entry in entries:
        assert entry.keys and all(k.strip() for k in entry.keys), entry
        assert not entry.keys_text.startswith(",") and ", ," not in entry.keys_text


def _keys(action: QAction) -> list[str]:
    return [s.toString() for s in action.shortcuts()]


def test_the_new_shortcuts_with_the_keyboard_only(
    make_window: MakeWindow, session: Service, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append("folder") or ""
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (asked.append("file") or "", "")
    )
    tested: list[tuple[str, int]] = []

    async def api_test(step_id: str, index: int) -> None:
        tested.append((step_id, index))

    window = make_window(service=session)
    monkeypatch.setattr(window.checks, "run_api_test", api_test)
    activate(window, qtbot)

    key(window, Qt.Key.Key_H, CTRL)  # Past runs
    dialog = open_dialog(window)
    assert dialog is not None and dialog is window.past_runs_dialog
    key(dialog, Qt.Key.Key_Escape)
    activate(window, qtbot)

    key(window, Qt.Key.Key_V, CTRL | SHIFT)  # Verify: asks for the folder
    assert asked == ["folder"]
    key(window, Qt.Key.Key_A, CTRL | SHIFT)  # Attach, to the selected step
    assert asked == ["folder", "file"]
    key(window, Qt.Key.Key_R, CTRL)  # the step's API test
    qtbot.waitUntil(lambda: tested == [("s1", 0)])

    key(window, Qt.Key.Key_2, ALT)  # the Leads tab, the keyboard in it
    assert window.tabs.currentIndex() == 1
    assert focused() is window.leads_panel.table
    key(window, Qt.Key.Key_1, ALT)
    assert window.tabs.currentIndex() == 0 and focused() is window.tree

    key(window, Qt.Key.Key_F, CTRL | SHIFT)  # find in the request log
    assert window.log_panel.isVisible()
    assert focused() is window.log_panel.search_edit
    key(window, Qt.Key.Key_L, CTRL)  # Ctrl+L hides it again
    assert window.log_panel.isHidden()


@pytest.mark.parametrize("where", ["tree", "note", "search", "log", "leads"])
def test_next_undecided_works_from_any_focus(
    make_window: MakeWindow, qtbot: Any, where: str
) -> None:
    window = make_window()
    activate(window, qtbot)
    window.set_verdict("s2.k2", Status.PASSED)
    window.select_step("s2.k1")
    window.log_panel.show()
    widget = {
        "tree": window.tree,
        "note": window.panel.note_edit,
        "search": window.log_panel.search_edit,
        "log": window.log_panel.table,
        "leads": window.leads_panel.search_box,
    }[where]
    if where == "leads":
        window.show_tab(1)
    widget.setFocus()
    qtbot.waitUntil(lambda: focused() is widget)
    key(window, Qt.Key.Key_Down, CTRL)
    assert window.current_step_id() == "s2.k3"  # s2.k2 is decided: skipped
    key(window, Qt.Key.Key_PageUp, ALT)
    assert window.current_step_id() == "s2.k1"
    key(window, Qt.Key.Key_PageDown, ALT)
    assert window.current_step_id() == "s2.k3"


def test_every_tab_stop_shows_its_focus(make_window: MakeWindow, qtbot: Any) -> None:
    """A focused control looks different from an unfocused one (the style sheet's :focus
    rules), for each kind of control a Tab can land on."""
    from amogui.ui.appearance import follow_system

    follow_system(QApplication.instance())  # type: ignore[arg-type]
    window = make_window()
    activate(window, qtbot)
    window.select_step("review.callback")
    kinds = {
        "tree": window.tree,
        "check box": next(iter(window.panel.review_boxes.values())),
        "button": window.panel.verdict_buttons[Status.PASSED],
        "text field": window.panel.note_edit,
        "line edit": window.leads_panel.search_box,
    }
    for name, widget in kinds.items():
        if widget is window.leads_panel.search_box:
            window.show_tab(1)
        window.tree.setFocus() if widget is not window.tree else window.panel.note_edit.setFocus()
        QApplication.processEvents()
        unfocused = widget.grab().toImage()
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: focused() is w)
        QApplication.processEvents()
        assert widget.grab().toImage() != unfocused, f"a focused {name} looks unfocused"
        window.show_tab(0)


class GreedyEdit(QLineEdit):
    """A widget that claims every key before the window's shortcuts (as the tree did with
    Ctrl+Down on some platforms, and a text field does with Ctrl+K)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return super().event(event)


def test_the_windows_keys_win_over_a_widget_that_claims_them(
    make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window()
    activate(window, qtbot)
    greedy = GreedyEdit()
    window.statusBar().addPermanentWidget(greedy)
    window.set_verdict("s2.k2", Status.PASSED)
    window.select_step("s2.k1")
    greedy.setFocus()
    qtbot.waitUntil(lambda: focused() is greedy)
    key(window, Qt.Key.Key_Down, CTRL)
    assert window.current_step_id() == "s2.k3"
    key(window, Qt.Key.Key_1, CTRL)
    assert window.run.steps["s2.k3"].manual is Status.PASSED
    key(window, Qt.Key.Key_K, CTRL)
    assert window.connect_dialog.isVisible()
    window.connect_dialog.hide()
    # Keys that are not the window's stay the widget's (copy, paste, typing).
    key(window, Qt.Key.Key_O, CTRL)  # File > Open would ask for a file: it does not here
    assert open_dialog(window) is None
