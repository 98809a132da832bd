"""A dismissable bar above the content: warnings that must not hide in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

STYLES = {
    "info": "background:#e8f1fb; color:#173a5e; border:1px solid #b9d3ef;",
    "warning": "background:#fff4dc; color:#5c3d00; border:1px solid #f0d28c;",
    "error": "background:#fde8e8; color:#6b1414; border:1px solid #f1b4b4;",
}


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
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.level = "info"
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        self.level = level
        style = STYLES.get(level, STYLES["info"])
        self.setStyleSheet(f"#messageBar {{ {style} border-radius:4px; }}")
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
