"""Connect AMO CRM: the authorize URL and its checked parameters, a countdown while the
browser is out, a box to paste the deep link by hand (with how to copy it out of a
browser), and the timeline of the current attempt, earlier attempts folded.

The dialog is not modal and not tied to a run: Esc hides it, Ctrl+K (or the menu) brings it
back at any time, also while the checks run. Each attempt (a new authorize URL) starts with
a clean timeline, countdown and paste box. A deep link that arrives for an attempt that is
already over (Allow pressed twice on the consent page) is not used, and the dialog says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QEvent, Qt, QTime, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from amogui.ui.appearance import set_tone
from amogui.ui.checks_controller import ChecksController, via_text
from amogui.ui.i18n import Labels

REQUIRED_PARAMS = ("client_id", "state", "mode")
IGNORED_HOPS = ("check-started",)


def state_of(url: str) -> str:
    """The state parameter of a URL ("" when it has none)."""
    try:
        return parse_qs(urlsplit(url).query).get("state", [""])[0]
    except ValueError:
        return ""


@dataclass
class Attempt:
    """One go at connecting: from its authorize URL to its outcome."""

    number: int
    state: str
    item: QTreeWidgetItem
    started: str
    outcome: str = ""  # "received", "cancelled", "over" ("" while waiting)
    hops: list[str] = field(default_factory=list)


class ConnectDialog(QDialog):
    def __init__(self, controller: ChecksController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.labels = Labels()  # the static texts, re-set on a language change
        self.labels.set(self.setWindowTitle, lambda: self.tr("Connect AMO CRM"))
        self.setModal(False)
        self.resize(720, 560)
        self.controller = controller
        self.remaining = 0
        self.attempts: list[Attempt] = []
        self._last_accepted = ""  # the link the paste box just handed over
        # Each hop's line, by its item: worded again when the language changes.
        self._hops: dict[int, tuple[QTreeWidgetItem, Callable[[], tuple[str, str]]]] = {}
        layout = QVBoxLayout(self)
        intro = QLabel()
        intro.setWordWrap(True)
        self.labels.set(
            intro.setText,
            lambda: self.tr(
                "amogui opens amoCRM's consent page in your browser. Choose the account and "
                "allow access; the backend's callback sends the browser back to amogui "
                "through the deep link."
            ),
        )
        layout.addWidget(intro)
        self.url_edit = QLineEdit()
        self.url_edit.setReadOnly(True)
        self.url_edit.setObjectName("authorizeUrl")
        layout.addWidget(self.url_edit)
        self.params_label = QLabel()
        self.params_label.setObjectName("authorizeParams")
        layout.addWidget(self.params_label)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setWordWrap(True)
        self.countdown.setStyleSheet("font-size:15px; font-weight:600;")
        self._set_countdown(lambda: self.tr("Waiting for the flow to start..."))
        layout.addWidget(self.countdown)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self._build_paste(layout)
        self._build_help(layout)
        self.warning = QLabel()
        self.warning.setObjectName("connectWarning")
        self.warning.setWordWrap(True)
        set_tone(self.warning, "bad")
        self.warning.hide()
        layout.addWidget(self.warning)
        timeline_label = QLabel()
        self.labels.set(timeline_label.setText, lambda: self.tr("Timeline"))
        layout.addWidget(timeline_label)
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setHeaderHidden(True)
        self.timeline.setRootIsDecorated(True)
        self.labels.set(self.timeline.setAccessibleName, lambda: self.tr("Timeline"))
        self.labels.set(self.url_edit.setAccessibleName, lambda: self.tr("Authorize URL"))
        layout.addWidget(self.timeline, 1)
        layout.addLayout(self._buttons())
        controller.progress.connect(self.on_progress)
        controller.running_changed.connect(self._on_running)
        controller.link_received.connect(self.on_link_received)
        controller.link_refused.connect(self.on_link_refused)
        controller.finished.connect(self._on_finished)

    def _build_paste(self, layout: QVBoxLayout) -> None:
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
        self.use_button = QPushButton()
        self.use_button.setObjectName("usePastedLink")
        # Not a default button: Enter in the paste box hands the link over once, and only
        # through returnPressed (a default button would take the same Enter a second time).
        self.use_button.setAutoDefault(False)
        self.use_button.setDefault(False)
        self.labels.set(self.use_button.setText, lambda: self.tr("Use this link"))
        self.use_button.clicked.connect(self.use_pasted)
        row.addWidget(self.paste_edit, 1)
        row.addWidget(self.use_button)
        layout.addLayout(row)
        self.paste_result = QLabel()
        self.paste_result.setObjectName("pasteResult")
        self.paste_result.setWordWrap(True)
        layout.addWidget(self.paste_result)

    def _build_help(self, layout: QVBoxLayout) -> None:
        self.help_button = QToolButton()
        self.help_button.setObjectName("copyHelpToggle")
        self.help_button.setCheckable(True)
        self.help_button.setAutoRaise(True)
        self.help_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.help_button.setArrowType(Qt.ArrowType.RightArrow)
        self.help_button.toggled.connect(
            lambda on: self.help_button.setArrowType(
                Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow
            )
        )
        self.labels.set(
            self.help_button.setText,
            lambda: self.tr("How do I copy the deep link out of the browser?"),
        )
        self.help = QLabel()
        self.help.setObjectName("copyHelp")
        self.help.setWordWrap(True)
        self.labels.set(self.help.setText, self._help_text)
        self.help.hide()
        self.help_button.toggled.connect(self.help.setVisible)
        layout.addWidget(self.help_button)
        layout.addWidget(self.help)

    def _help_text(self) -> str:
        steps = [
            self.tr(
                "Firefox cannot open a foryoure:// address and shows it in the address bar: "
                "click the address bar (Ctrl+L) and copy it (Ctrl+C)."
            ),
            self.tr(
                'Chromium or Chrome asks "Open xdg-open?": choose Cancel, press F12, open '
                "Network, select the callback request and copy its Location header (the "
                "foryoure:// link)."
            ),
            self.tr(
                'A page with a button ("Return to the app", "Copy link"): press "Copy '
                'link", or right-click the button and choose "Copy link address".'
            ),
            self.tr("Then paste it above with Ctrl+V and press Enter."),
        ]
        return "<ol>" + "".join(f"<li>{step}</li>" for step in steps) + "</ol>"

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelFlow")
        self.cancel_button.setAutoDefault(False)
        self.labels.set(self.cancel_button.setText, lambda: self.tr("Cancel the flow"))
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.setEnabled(False)
        self.hide_button = QPushButton()
        self.hide_button.setAutoDefault(False)
        self.labels.set(self.hide_button.setText, lambda: self.tr("Hide"))
        self.labels.set(
            self.hide_button.setToolTip,
            lambda: self.tr("The flow goes on; Ctrl+K brings this window back (Esc hides it too)"),
        )
        self.hide_button.clicked.connect(self.hide)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.hide_button)
        return buttons

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
            for attempt in self.attempts:
                attempt.item.setText(0, self._attempt_title(attempt))
            for child, _line in self._hops.values():
                self._word(child)
            if self.timer.isActive():
                self._tick(step=0)
            else:
                self.countdown.setText(self._countdown_text())
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.timer.isActive():  # back after being hidden: the time left, at once
            self._tick(step=0)

    def bring_back(self) -> None:
        """Show the dialog again, in front (Ctrl+K; also while the checks run), the
        keyboard in the paste box."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.paste_edit.setFocus()

    # -- flow events ---------------------------------------------------------------------
    def on_progress(self, event: object) -> None:
        """A hop of the OAuth leg (`amogui.checks.events.LegEvent`)."""
        from amogui.checks.events import LegEvent

        if isinstance(event, LegEvent):
            self.hop(event.kind, event.detail, event.via, event.url)

    def hop(self, kind: str, detail: object, via: object = None, url: str | None = None) -> None:
        """One hop: the authorize URL starts an attempt; the browser starts the countdown;
        a deep link, a failed browser or the leg's end stop it."""
        if kind in IGNORED_HOPS:
            return
        if kind == "authorize-url":
            self.start_attempt(url or _render(detail))
        self._add_hop(kind, detail, via)
        if kind == "browser-opened":
            self.remaining = int(self.controller.deeplink_timeout)
            self.timer.start()
            self._tick(step=0)
            self.bring_back()
        elif kind in ("deeplink", "deeplink-received"):
            self._received()
        elif kind in ("browser-failed", "leg-over") and self.timer.isActive():
            self.timer.stop()
            self._set_countdown(lambda: _render(detail))

    def start_attempt(self, url: str) -> None:
        """A new attempt: its own timeline; the earlier ones folded."""
        for attempt in self.attempts:
            attempt.item.setExpanded(False)
            if not attempt.outcome:
                attempt.outcome = "over"
                attempt.item.setText(0, self._attempt_title(attempt))
        started = QTime.currentTime().toString("HH:mm:ss")
        item = QTreeWidgetItem()
        attempt = Attempt(len(self.attempts) + 1, state_of(url), item, started)
        item.setText(0, self._attempt_title(attempt))
        self.timeline.addTopLevelItem(item)
        item.setExpanded(True)
        self.attempts.append(attempt)
        self.show_authorize_url(url)
        self.paste_edit.clear()
        self.paste_result.clear()
        self.warning.hide()
        self._last_accepted = ""
        self._set_countdown(lambda: self.tr("Opening the browser..."))

    @property
    def current(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    def _attempt_title(self, attempt: Attempt) -> str:
        outcome = {
            "received": self.tr("deep link received"),
            "cancelled": self.tr("cancelled"),
            "over": self.tr("over"),
        }.get(attempt.outcome, self.tr("waiting"))
        return self.tr("Attempt {n} at {time}: {outcome}").format(
            n=attempt.number, time=attempt.started, outcome=outcome
        )

    def _add_hop(self, kind: str, detail: object, via: object) -> None:
        """A line of the current attempt (worded again on a language switch)."""
        if self.current is None:  # a hop before any authorize URL (a pasted link)
            return
        child = QTreeWidgetItem()
        self._hops[id(child)] = (child, lambda: _hop_line(kind, detail, via))
        self._word(child)
        self.current.item.addChild(child)
        self.current.hops.append(kind)
        self.timeline.scrollToItem(child)

    def _word(self, child: QTreeWidgetItem) -> None:
        _item, line = self._hops[id(child)]
        kind_line = line()
        child.setText(0, kind_line[1])
        child.setToolTip(0, f"{kind_line[0]}: {kind_line[1]}")

    def _received(self) -> None:
        self.timer.stop()
        self._set_countdown(lambda: self.tr("Deep link received."))
        attempt = self.current
        if attempt is not None and not attempt.outcome:
            attempt.outcome = "received"
            attempt.item.setText(0, self._attempt_title(attempt))

    def on_link_received(self, via: str, redacted: str) -> None:
        """Any deep link the window took: one for an attempt that is over is not used."""
        state = state_of(redacted)
        done = [a for a in self.attempts if a.outcome and a.state and a.state == state]
        waiting = self.current is not None and not self.current.outcome
        if done and not (waiting and self.current is not None and self.current.state == state):
            self._warn_second(done[-1].number)
        elif not waiting and not self.controller.running:
            self._warn(
                self.tr(
                    "A deep link arrived ({via}), but no connection is waiting for one; it was "
                    "not used."
                ).format(via=via_text(via))
            )

    def on_link_refused(self, _via: str, redacted: str) -> None:
        """A refused link (the flow already used its state, say): the second click on
        Allow of an attempt that is over is told as such."""
        state = state_of(redacted)
        done = [a for a in self.attempts if a.outcome and a.state and a.state == state]
        if done:
            self._warn_second(done[-1].number)

    def _warn_second(self, number: int) -> None:
        self._warn(
            self.tr(
                "A second deep link arrived for attempt {n}, which is already over (was "
                "Allow pressed twice?). It was not used: start a new attempt with Ctrl+K "
                "if you need one."
            ).format(n=number)
        )

    def _warn(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.show()
        self.controller.tell(text, "warning")

    def show_authorize_url(self, url: str) -> None:
        self.url_edit.setText(url)
        query = parse_qs(urlsplit(url).query)
        marks = []
        for name in REQUIRED_PARAMS:
            ok = bool(query.get(name, [""])[0])
            marks.append(("\u2714 " if ok else "\u2718 ") + name)
        self.params_label.setText("   ".join(marks))

    def _set_countdown(self, text: object) -> None:
        """The big line: a function giving the text (re-run on a language change)."""
        maker = text if callable(text) else (lambda: str(text))
        self._countdown_text = maker
        self.countdown.setText(maker())

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

    def _on_finished(self, cancelled: bool) -> None:
        attempt = self.current
        if cancelled:
            self._set_countdown(lambda: self.tr("Cancelled."))
            if attempt is not None and attempt.outcome != "received":
                attempt.outcome = "cancelled"
                attempt.item.setText(0, self._attempt_title(attempt))
        elif attempt is not None and not attempt.outcome:
            attempt.outcome = "over"
            attempt.item.setText(0, self._attempt_title(attempt))

    # -- tester actions ------------------------------------------------------------------
    def use_pasted(self) -> None:
        url = self.paste_edit.text().strip()
        if not url:
            # Nothing to hand over (a second Enter, an empty box): a hint, not a rejection.
            if not self._last_accepted:
                set_tone(self.paste_result, "muted")
                self.paste_result.setText(self.tr("Paste the deep link first (Ctrl+V)."))
            return
        reason = self.controller.deliver(url, "paste")
        if reason:
            set_tone(self.paste_result, "bad")
            self.paste_result.setText(self.tr("Rejected: {reason}").format(reason=reason))
            if self.current is not None:
                child = QTreeWidgetItem([self.tr("Pasted link rejected: {r}").format(r=reason)])
                self.current.item.addChild(child)
            return
        self._last_accepted = url
        set_tone(self.paste_result, "good")
        self.paste_result.setText(self.tr("Accepted; handed to the waiting flow."))
        self.paste_edit.clear()

    def _cancel(self) -> None:
        self.controller.cancel()
        self.timer.stop()
        self._set_countdown(lambda: self.tr("Cancelled."))


def _render(detail: object) -> str:
    from amogui.base.i18n import render

    return render(detail)


def _hop_line(kind: str, detail: object, via: object) -> tuple[str, str]:
    """(the hop's name, its line): the core's sentence for it (the name when it has
    none), and for a deep link where it came from."""
    line = _render(detail) or _hop_name(kind)
    if via and kind in ("deeplink", "deeplink-received"):
        line += f" ({via_text(str(via))})"
    return _hop_name(kind), line


def _hop_name(kind: str) -> str:
    """A hop of the OAuth leg in the UI language."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("ConnectDialog", text)

    names = {
        "authorize-url": tr("Authorize URL"),
        "browser-opened": tr("Browser opened"),
        "browser-failed": tr("The browser did not open"),
        "browser-exited": tr("The browser command ended"),
        "callback": tr("The backend's callback"),
        "deeplink": tr("Deep link"),
        "deeplink-received": tr("Deep link received"),
        "deeplink-rejected": tr("Deep link refused"),
        "state-mismatch": tr("A link of another flow"),
        "leg-over": tr("The OAuth leg ended"),
        "exchange": tr("Code exchange"),
    }
    return names.get(kind, kind)
