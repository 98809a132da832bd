"""Connect AMO CRM: the authorize URL and its checked parameters, a countdown while the
browser is out, a box to paste the deep link by hand, and the timeline of hops."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from amogui.ui.appearance import set_tone
from amogui.ui.checks_controller import ChecksController
from amogui.ui.i18n import Labels

REQUIRED_PARAMS = ("client_id", "state", "mode")


class ConnectDialog(QDialog):
    def __init__(self, controller: ChecksController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = Labels()  # the static texts, re-set on a language change
        self.labels.set(self.setWindowTitle, lambda: self.tr("Connect AMO CRM"))
        self.setModal(False)
        self.resize(720, 520)
        self.controller = controller
        self.remaining = 0
        layout = QVBoxLayout(self)
        intro = QLabel()
        self.labels.set(
            intro.setText,
            lambda: self.tr(
                "amogui opens amoCRM's consent page in your browser. Choose the account and "
                "allow access; the backend's callback sends the browser back to amogui "
                "through the deep link."
            ),
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.url_edit = QLineEdit()
        self.url_edit.setReadOnly(True)
        self.url_edit.setObjectName("authorizeUrl")
        layout.addWidget(self.url_edit)
        self.params_label = QLabel()
        self.params_label.setObjectName("authorizeParams")
        layout.addWidget(self.params_label)
        self.countdown = QLabel(self.tr("Waiting for the flow to start..."))
        self.countdown.setObjectName("countdown")
        self.countdown.setStyleSheet("font-size:15px; font-weight:600;")
        layout.addWidget(self.countdown)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        paste_label = QLabel()
        self.labels.set(
            paste_label.setText,
            lambda: self.tr("Browser did not come back? &Paste the deep link here:"),
        )
        layout.addWidget(paste_label)
        row = QHBoxLayout()
        self.paste_edit = QLineEdit()
        paste_label.setBuddy(self.paste_edit)
        self.paste_edit.setObjectName("pasteDeepLink")
        self.paste_edit.setPlaceholderText("foryoure://amo-crm/callback?code=...&state=...")
        self.paste_edit.returnPressed.connect(self.use_pasted)
        use = QPushButton()
        self.labels.set(use.setText, lambda: self.tr("Use this link"))
        use.clicked.connect(self.use_pasted)
        row.addWidget(self.paste_edit, 1)
        row.addWidget(use)
        layout.addLayout(row)
        self.paste_result = QLabel()
        self.paste_result.setObjectName("pasteResult")
        self.paste_result.setWordWrap(True)
        layout.addWidget(self.paste_result)
        timeline_label = QLabel()
        self.labels.set(timeline_label.setText, lambda: self.tr("Timeline"))
        layout.addWidget(timeline_label)
        self.timeline = QListWidget()
        self.labels.set(self.timeline.setAccessibleName, lambda: self.tr("Timeline"))
        self.labels.set(self.url_edit.setAccessibleName, lambda: self.tr("Authorize URL"))
        layout.addWidget(self.timeline, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.labels.set(self.cancel_button.setText, lambda: self.tr("Cancel the flow"))
        self.cancel_button.clicked.connect(self._cancel)
        close = QPushButton()
        self.labels.set(close.setText, lambda: self.tr("Close"))
        close.clicked.connect(self.hide)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        controller.progress.connect(self.on_progress)
        controller.running_changed.connect(self._on_running)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
        super().changeEvent(event)

    # -- flow events ---------------------------------------------------------------------
    def on_progress(self, event: object) -> None:
        """A run event (`amogui.checks.events`); only the OAuth leg's hops show here."""
        from amogui.base.i18n import render
        from amogui.checks.events import LegEvent

        if not isinstance(event, LegEvent):
            return
        kind = event.kind
        self.timeline.addItem(f"{kind}: {render(event.detail)}")
        self.timeline.scrollToBottom()
        if kind == "authorize-url":
            self.show_authorize_url(event.url or "")
        elif kind == "browser-opened":
            self.remaining = int(self.controller.deeplink_timeout)
            self.timer.start()
            self._tick(step=0)
            self.show()
            self.raise_()
        elif kind in ("deeplink", "deeplink-received"):
            self.timer.stop()
            self.countdown.setText(self.tr("Deep link received."))
        elif kind == "leg-over" and self.timer.isActive():
            self.timer.stop()
            self.countdown.setText(render(event.detail))

    def show_authorize_url(self, url: str) -> None:
        self.url_edit.setText(url)
        query = parse_qs(urlsplit(url).query)
        marks = []
        for name in REQUIRED_PARAMS:
            ok = bool(query.get(name, [""])[0])
            marks.append(("\u2714 " if ok else "\u2718 ") + name)
        self.params_label.setText("   ".join(marks))

    def _tick(self, step: int = 1) -> None:
        self.remaining = max(0, self.remaining - step)
        minutes, seconds = divmod(self.remaining, 60)
        self.countdown.setText(
            self.tr("Waiting for the deep link: {m}:{s:02d} left").format(m=minutes, s=seconds)
        )
        if self.remaining == 0:
            self.timer.stop()

    def _on_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        if not running:
            self.timer.stop()

    # -- tester actions ------------------------------------------------------------------
    def use_pasted(self) -> None:
        url = self.paste_edit.text().strip()
        reason = self.controller.deliver(url, "paste")
        if reason:
            set_tone(self.paste_result, "bad")
            self.paste_result.setText(self.tr("Rejected: {reason}").format(reason=reason))
            self.timeline.addItem(self.tr("pasted link rejected: {r}").format(r=reason))
            return
        set_tone(self.paste_result, "good")
        self.paste_result.setText(self.tr("Accepted; handed to the waiting flow."))
        self.paste_edit.clear()

    def _cancel(self) -> None:
        self.controller.cancel()
        self.timer.stop()
        self.countdown.setText(self.tr("Cancelled."))
