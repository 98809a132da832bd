"""The Help menu and its "Keyboard shortcuts" list, generated from the window's own actions.

Nothing here lists shortcuts by hand: the dialog walks the menu bar (menu by menu, sub-menus
included) and then any other action of the window that has a shortcut, so a new action with
a shortcut shows up by itself, in the current language.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from amogui.ui.i18n import Labels

HELP_SHORTCUTS = ("F1", "Ctrl+/")


@dataclass(frozen=True)
class ShortcutEntry:
    group: str  # the menu it sits in, as shown ("File"), or "" for window-wide ones
    text: str  # the action's text without accelerator marks
    keys: tuple[str, ...]  # native text of each shortcut, "Ctrl+O"

    @property
    def keys_text(self) -> str:
        return ", ".join(self.keys)


def plain_text(text: str) -> str:
    """A menu text without its accelerator marks: "&Open" -> "Open", "R&&D" -> "R&D"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_texts(action: QAction) -> tuple[str, ...]:
    """The action's keys as this platform writes them; a key the platform cannot name
    (an empty text) is left out rather than listed as ", Ctrl+."."""
    native = QKeySequence.SequenceFormat.NativeText
    texts = (s.toString(native) for s in action.shortcuts() if not s.isEmpty())
    return tuple(text for text in texts if text.strip())


def _menu_entries(menu: QMenu, group: str, seen: set[int]) -> list[ShortcutEntry]:
    entries = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            inner = f"{group} › {plain_text(sub.title())}"
            entries += _menu_entries(sub, inner, seen)
            continue
        if action.isSeparator() or id(action) in seen:
            continue
        keys = key_texts(action)
        if keys:
            seen.add(id(action))
            entries.append(ShortcutEntry(group, plain_text(action.text()), keys))
    return entries


def shortcut_entries(window: QMainWindow) -> list[ShortcutEntry]:
    """Every action of the window that has a shortcut: menu actions in menu order, then the
    rest (actions that live only on the window or on a widget)."""
    seen: set[int] = set()
    entries: list[ShortcutEntry] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            entries += _menu_entries(menu, plain_text(menu.title()), seen)
    for action in window.findChildren(QAction):
        keys = key_texts(action)
        if keys and id(action) not in seen and action.text():
            seen.add(id(action))
            entries.append(ShortcutEntry("", plain_text(action.text()), keys))
    return entries


class ShortcutsDialog(QDialog):
    """A searchable list of the window's keyboard shortcuts."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self._window = window
        self.labels = Labels()
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        filter_label = QLabel()
        filter_label.setBuddy(self.filter_edit)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(filter_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.labels.set(self.setWindowTitle, lambda: self.tr("Keyboard shortcuts"))
        self.labels.set(filter_label.setText, lambda: self.tr("&Find an action:"))
        self.labels.set(self.filter_edit.setPlaceholderText, lambda: self.tr("action or key"))
        self.labels.set(self.filter_edit.setAccessibleName, lambda: self.tr("Find an action"))
        self.labels.set(self.tree.setAccessibleName, lambda: self.tr("Keyboard shortcuts"))
        self.labels.set(
            self.tree.setAccessibleDescription,
            lambda: self.tr("Every action that has a keyboard shortcut, grouped by menu"),
        )
        self.fill()

    def fill(self) -> None:
        """(Re)build the list from the window's actions as they are now."""
        self.tree.clear()
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in shortcut_entries(self._window):
            group = entry.group or self.tr("Everywhere in the window")
            parent = groups.get(group)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [group])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFirstColumnSpanned(True)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[group] = parent
            item = QTreeWidgetItem(parent, [entry.text, entry.keys_text])
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{entry.text}: {entry.keys_text}")
        self.tree.expandAll()
        self._apply_filter(self.filter_edit.text())

    def _rows(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """Each group with its action rows."""
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None:
                children = [group.child(j) for j in range(group.childCount())]
                rows.append((group, [c for c in children if c is not None]))
        return rows

    def visible_entries(self) -> list[tuple[str, str]]:
        """(action, keys) of the rows the filter leaves visible."""
        return [
            (item.text(0), item.text(1))
            for _, items in self._rows()
            for item in items
            if not item.isHidden()
        ]

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for group, items in self._rows():
            for item in items:
                hay = f"{group.text(0)} {item.text(0)} {item.text(1)}".casefold()
                item.setHidden(bool(needle) and needle not in hay)
            group.setHidden(all(item.isHidden() for item in items))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
            self.fill()
        super().changeEvent(event)


class HelpMenu(QMenu):
    """Help > Keyboard shortcuts (F1, Ctrl+/)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window.menuBar())
        self.setObjectName("helpMenu")
        self._window = window
        self.labels = Labels()
        self.dialog: ShortcutsDialog | None = None
        self.shortcuts_action = QAction(window)
        self.shortcuts_action.setObjectName("showShortcutsAction")
        self.shortcuts_action.setShortcuts([QKeySequence(k) for k in HELP_SHORTCUTS])
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        window.addAction(self.shortcuts_action)  # works wherever the focus is
        self.addAction(self.shortcuts_action)
        self.labels.set(self.setTitle, lambda: self.tr("&Help"))
        self.labels.set(self.shortcuts_action.setText, lambda: self.tr("&Keyboard shortcuts"))
        self.labels.set(
            self.shortcuts_action.setToolTip,
            lambda: self.tr("Every keyboard shortcut of the window"),
        )

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.dialog is None:
            self.dialog = ShortcutsDialog(self._window)
        else:
            self.dialog.fill()  # actions may have changed since
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.filter_edit.setFocus()
        return self.dialog

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
        super().changeEvent(event)


def install_help_menu(window: QMainWindow) -> HelpMenu:
    """Add the Help menu as the last menu of the window's menu bar."""
    menu = HelpMenu(window)
    window.menuBar().addMenu(menu)
    return menu
