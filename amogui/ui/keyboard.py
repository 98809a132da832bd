"""The window's own shortcuts first, whatever widget has the focus.

Before a shortcut fires, Qt offers its key to the focused widget (a ShortcutOverride
event); a widget that wants the key accepts it and the shortcut never fires. The checklist
tree wants Ctrl+Up/Down (it moves its cursor), a text field Ctrl+K (delete to the end of
the line), a table Alt+PgUp/PgDown. For the commands the table marks `first` (the
verdicts, the next and previous undecided step, running and cancelling checks, Connect
AMO CRM, the tabs), `WindowKeysFirst` turns that offer down on every widget of the window
that gets the focus, so the key reaches the command from anywhere.

The filter sits on the focused widget only (installed as the focus arrives), not on the
application: no Python call for every event of the program.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


def combined(sequence: QKeySequence) -> int:
    """A one-key sequence as the int a key event's keyCombination() gives."""
    return sequence[0].toCombined() if not sequence.isEmpty() else 0  # type: ignore[index]


class WindowKeysFirst(QObject):
    def __init__(self, window: QWidget, sequences: Iterable[QKeySequence]) -> None:
        super().__init__(window)
        self.window = window
        self.keys = {combined(s) for s in sequences} - {0}
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._focus_changed(None, app.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        try:
            if new is not None and new.window() is self.window:
                new.installEventFilter(self)  # installed once; Qt moves a repeat to the front
        except RuntimeError:  # the window is being deleted
            return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.keyCombination().toCombined() in self.keys
        ):
            event.ignore()  # not the widget's: the shortcut takes it
            return True
        return False

    def detach(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
