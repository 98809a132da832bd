"""A dismissable bar above the content: warnings that must not hide in a dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from amogui.ui.appearance import set_property_styled
from amogui.ui.i18n import Labels
from amogui.ui.tell import Message, shown

LEVELS = ("info", "warning", "error")  # coloured by the stylesheet, light and dark


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QToolButton()
        close.setText("x")
        close.setAutoRaise(True)
        self.labels = Labels()
        self.labels.set(close.setToolTip, lambda: self.tr("Dismiss"))
        self.labels.set(close.setAccessibleName, lambda: self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        self.action_button = QPushButton()
        self.action_button.setObjectName("messageAction")
        self.action_button.hide()
        self.action_button.clicked.connect(self._act)
        self._action: tuple[Callable[[], str], Callable[[], object]] | None = None
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(close)
        self.level = "info"
        self.message: Message = ""
        self.hide()

    def show_message(self, text: Message, level: str = "info") -> None:
        """Show a message (a sentence, a function that words it, or a core Text); the last
        two are worded again when the language changes."""
        self.level = level if level in LEVELS else "info"
        set_property_styled(self, "level", self.level)
        self.message = text
        self.label.setText(shown(text))
        self._action = None  # a button belongs to the message it came with
        self.action_button.hide()
        self.show()

    def offer(self, label: Callable[[], str], action: Callable[[], object]) -> None:
        """A button on the message shown now ("Open folder"); it goes with the message."""
        self._action = (label, action)
        self.action_button.setText(label())
        self.action_button.show()

    def _act(self) -> None:
        if self._action is not None:
            self._action[1]()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
            self.label.setText(shown(self.message))
            if self._action is not None:
                self.action_button.setText(self._action[0]())
        super().changeEvent(event)

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
