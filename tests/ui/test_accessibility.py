"""Keyboard shortcuts list, window layout memory and the light/dark appearance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTabWidget, QTextEdit

from amogui.ui import appearance, window_state
from amogui.ui.shortcuts_dialog import (
    ShortcutsDialog,
    install_help_menu,
    plain_text,
    shortcut_entries,
)


def activate(window: QMainWindow, qtbot: Any) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)  # shortcuts only fire in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press(window: QMainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """A key press as the OS would deliver it, so the window's shortcuts see it."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key, modifier)


def small_window(qtbot: Any) -> QMainWindow:
    """A window with a menu, a sub-menu and a window-only action, like the real one."""
    window = QMainWindow()
    window.setObjectName("testWindow")
    qtbot.addWidget(window)
    window.setCentralWidget(QTextEdit())
    file_menu = window.menuBar().addMenu("&File")
    open_action = file_menu.addAction("&Open...")
    open_action.setShortcut(QKeySequence("Ctrl+O"))
    file_menu.addAction("No shortcut")
    file_menu.addSeparator()
    recent = file_menu.addMenu("&Recent")
    recent_action = recent.addAction("R&&D notes")
    recent_action.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("F9")])
    hidden = QAction("Focus the tree", window)
    hidden.setShortcut(QKeySequence("Alt+1"))
    window.addAction(hidden)
    return window


def test_plain_text_drops_accelerators() -> None:
    assert plain_text("&Open checklist...") == "Open checklist..."
    assert plain_text("R&&D") == "R&D"
    assert plain_text("Ви&йти") == "Вийти"


def test_entries_come_from_the_menus_then_the_window(qtbot: Any) -> None:
    entries = shortcut_entries(small_window(qtbot))
    assert [(e.group, e.text, e.keys) for e in entries] == [
        ("File", "Open...", ("Ctrl+O",)),
        ("File › Recent", "R&D notes", ("Ctrl+R", "F9")),
        ("", "Focus the tree", ("Alt+1",)),
    ]


def test_dialog_lists_and_filters(qtbot: Any) -> None:
    window = small_window(qtbot)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.visible_entries() == [
        ("Open...", "Ctrl+O"),
        ("R&D notes", "Ctrl+R, F9"),
        ("Focus the tree", "Alt+1"),
    ]
    qtbot.keyClicks(dialog.filter_edit, "f9")
    assert dialog.visible_entries() == [("R&D notes", "Ctrl+R, F9")]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "recent")  # the menu's name matches too
    assert dialog.visible_entries() == [("R&D notes", "Ctrl+R, F9")]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "nothing like this")
    assert dialog.visible_entries() == []


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_help_menu_opens_the_list_from_the_keyboard(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    window = small_window(qtbot)
    help_menu = install_help_menu(window)
    activate(window, qtbot)
    press(window, key, modifier)
    dialog = help_menu.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    # the list includes the Help action itself, and the filter has the focus
    assert ("Keyboard shortcuts", "F1, Ctrl+/") in dialog.visible_entries()
    qtbot.waitUntil(lambda: dialog.filter_edit.hasFocus())
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_help_menu_is_last_and_shows_its_shortcut(qtbot: Any) -> None:
    window = small_window(qtbot)
    help_menu = install_help_menu(window)
    assert window.menuBar().actions()[-1].menu() is help_menu
    assert help_menu.shortcuts_action.shortcut().toString() == "F1"


def test_controls_of_the_dialog_have_accessible_names(qtbot: Any) -> None:
    dialog = ShortcutsDialog(small_window(qtbot))
    qtbot.addWidget(dialog)
    assert dialog.filter_edit.accessibleName()
    assert dialog.tree.accessibleName()
    assert dialog.tree.accessibleDescription()


# -- window layout -----------------------------------------------------------------------------


def layout_window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    window.setObjectName("layoutWindow")
    qtbot.addWidget(window)
    tabs = QTabWidget()
    tabs.setObjectName("tabs")
    splitter = QSplitter()
    splitter.addWidget(QTextEdit())
    splitter.addWidget(QTextEdit())
    tabs.addTab(splitter, "one")
    tabs.addTab(QTextEdit(), "two")
    window.setCentralWidget(tabs)
    window.resize(600, 400)  # the offscreen screen is 800 x 600
    window.show()
    splitter.setSizes([400, 400])
    return window


def splitter_of(window: QMainWindow) -> QSplitter:
    found = window.findChild(QSplitter)
    assert found is not None
    return found


def tabs_of(window: QMainWindow) -> QTabWidget:
    found = window.findChild(QTabWidget)
    assert found is not None
    return found


def test_geometry_splitters_and_tabs_come_back(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "window.ini"
    first = layout_window(qtbot)
    first.resize(700, 500)
    splitter_of(first).setSizes([200, 700])
    tabs_of(first).setCurrentIndex(1)
    assert window_state.save_window(first, path)
    first.close()

    second = layout_window(qtbot)
    assert window_state.restore_window(second, path)
    assert (second.width(), second.height()) == (700, 500)
    assert splitter_of(second).sizes()[0] < splitter_of(second).sizes()[1]
    assert tabs_of(second).currentIndex() == 1


def test_the_default_file_lives_in_the_config_dir(qtbot: Any, isolated_home: Path) -> None:
    window = layout_window(qtbot)
    assert window_state.save_window(window)
    assert window_state.state_file().is_file()
    assert str(window_state.state_file()).startswith(str(isolated_home))


def test_nothing_saved_yet_is_the_default_layout(qtbot: Any, tmp_path: Path) -> None:
    window = layout_window(qtbot)
    assert not window_state.restore_window(window, tmp_path / "window.ini")
    assert (window.width(), window.height()) == (600, 400)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff garbage \xfe",
        b"[layoutWindow]\ngeometry=not bytes\nstate=@ByteArray(junk)\ntabs\\tabs=banana\n",
        b"[layoutWindow]\ntabs\\tabs=99\nsplitters\\splitter0=@ByteArray(\\0\\0)\n",
    ],
)
def test_a_damaged_file_is_ignored(qtbot: Any, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "window.ini"
    path.write_bytes(content)
    window = layout_window(qtbot)
    assert not window_state.restore_window(window, path)
    assert (window.width(), window.height()) == (600, 400)
    assert tabs_of(window).currentIndex() == 0


def test_only_byte_arrays_are_restored(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "x.ini"), QSettings.Format.IniFormat)
    settings.setValue("a", QByteArray(b"xy"))
    settings.setValue("b", "text")
    assert window_state._bytes(settings, "a") == QByteArray(b"xy")
    assert window_state._bytes(settings, "b") is None
    assert window_state._bytes(settings, "missing") is None


# -- appearance --------------------------------------------------------------------------------


def test_both_schemes_style_the_same_things() -> None:
    assert appearance.LIGHT.keys() == appearance.DARK.keys()
    light, dark = appearance.stylesheet(False), appearance.stylesheet(True)
    assert light != dark
    selectors = [line.split("{")[0] for line in light.splitlines() if "{" in line]
    assert selectors == [line.split("{")[0] for line in dark.splitlines() if "{" in line]


def test_dark_scheme_text_is_readable() -> None:
    palette = appearance.dark_palette()
    assert appearance.palette_is_dark(palette)
    window = palette.color(QPalette.ColorRole.Window).lightness()
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    assert text - window > 120


@pytest.fixture
def follow(qapp: QApplication) -> Any:
    before_sheet, before_palette = qapp.styleSheet(), qapp.palette()
    made = appearance.Appearance(qapp)
    yield made
    qapp.styleHints().colorSchemeChanged.disconnect(made.apply)
    qapp.setPalette(before_palette)
    qapp.setStyleSheet(before_sheet)
    made.deleteLater()


def test_appearance_follows_the_system_scheme(qapp: QApplication, follow: Any) -> None:
    # What colorSchemeChanged delivers when the system switches.
    assert follow.apply(Qt.ColorScheme.Dark)
    assert appearance.palette_is_dark(qapp.palette())
    assert qapp.styleSheet() == appearance.stylesheet(True)
    assert not follow.apply(Qt.ColorScheme.Light)
    assert not appearance.palette_is_dark(qapp.palette())
    assert qapp.styleSheet() == appearance.stylesheet(False)


def test_unknown_scheme_goes_by_the_palette(qapp: QApplication, follow: Any) -> None:
    qapp.setPalette(appearance.dark_palette())
    assert follow.apply(Qt.ColorScheme.Unknown) is appearance.palette_is_dark(qapp.palette())


def test_first_paint_goes_by_the_palette_and_watch_catches_up(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system that asks for dark but gives a light palette (Fusion on a bare X server):
    the shell paints light, and the scheme, asked once the window is up, turns it dark."""
    before_sheet, before_palette = qapp.styleSheet(), qapp.palette()
    monkeypatch.setattr(appearance, "system_is_dark", lambda app: True)
    made = appearance.follow_system(qapp, scheme_later=True)
    try:
        assert not made.dark and qapp.styleSheet() == appearance.stylesheet(False)
        made.watch(match_now=True)
        assert made.dark and appearance.palette_is_dark(qapp.palette())
        assert qapp.styleSheet() == appearance.stylesheet(True)
        applied: list[object] = []
        monkeypatch.setattr(made, "apply", lambda *a, **k: applied.append(a))
        made.watch(match_now=True)  # nothing changed: no re-styling (a full re-polish)
        assert applied == []
    finally:
        monkeypatch.undo()  # PySide6 finds the connected slot through the instance
        qapp.styleHints().colorSchemeChanged.disconnect(made.apply)
        qapp.setPalette(before_palette)
        qapp.setStyleSheet(before_sheet)
        made.deleteLater()


def test_no_colour_is_written_into_a_widget_stylesheet() -> None:
    """Colours live in the appearance's two tables; widgets name a meaning (tone, level)."""
    import re

    ui = Path(appearance.__file__).parent
    literal = re.compile(r"setStyleSheet\([^)]*#[0-9a-fA-F]{3,6}", re.S)
    offenders = [
        p.name
        for p in ui.glob("*.py")
        if p.name != "appearance.py" and literal.search(p.read_text())
    ]
    assert offenders == []


def test_tones_and_message_levels_follow_the_scheme(
    qapp: QApplication, follow: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QLabel

    from amogui.ui.message_bar import MessageBar

    label = QLabel("x")
    bar = MessageBar()
    qtbot.addWidget(label)
    qtbot.addWidget(bar)
    seen = {}
    for scheme in (Qt.ColorScheme.Light, Qt.ColorScheme.Dark):
        follow.apply(scheme)
        appearance.set_tone(label, "bad")
        bar.show_message("m", "error")
        seen[scheme] = (
            label.palette().color(QPalette.ColorRole.WindowText).name(),
            bar.palette().color(QPalette.ColorRole.Window).name(),
        )
    assert seen[Qt.ColorScheme.Light] == (
        appearance.LIGHT["bad_text"],
        appearance.LIGHT["error_bg"],
    )
    assert seen[Qt.ColorScheme.Dark] == (appearance.DARK["bad_text"], appearance.DARK["error_bg"])
    assert bar.level == "error"
    bar.show_message("m", "no such level")
    assert bar.level == "info"
