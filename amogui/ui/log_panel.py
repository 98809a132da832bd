"""The request log: every exchange of the run, with its detail, curl and HAR export.

Exchanges arrive already redacted. "Copy as curl" keeps them redacted; only the
explicit "Copy with real token", after the tester confirms it, puts user A's token back
into the command.

The log stays where the tester left it (it never opens itself), follows the newest
exchange unless the tester scrolled up to read an older one, and filters by check, by
status and by text. A status is coloured by what the check that made the request
expected: a 401 that `exchange.auth` asked for is not an error.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFontDatabase,
    QGuiApplication,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from amogui.backend.curl import to_curl
from amogui.base.files import atomic_write
from amogui.run.exchange import Exchange
from amogui.run.state import CheckResult, Status
from amogui.ui.appearance import tone_colour
from amogui.ui.i18n import Labels
from amogui.ui.locale_format import count_requests, format_bytes, format_millis

COLUMNS = ("#", "Method", "URL", "Status", "Time", "Check")
STATUS_COLUMN = 3
FILTER_DEBOUNCE_MS = 150
# The status filter's choices: (key, label); the labels are translated where shown.
STATUS_FILTERS = ("all", "unexpected", "2xx", "3xx", "4xx", "5xx", "none")
OTHER_REQUESTS = "\0other"  # the check filter's "not made by a check" choice

BAD, EXPECTED, PLAIN = "bad", "expected", ""


def detail_text(x: Exchange) -> str:
    """Request and response as a tester reads them (already redacted), bodies as JSON."""
    lines = [f"{x.method} {x.url}  {x.http_version}"]
    lines += [f"{k}: {v}" for k, v in x.request_headers]
    if x.request_body:
        lines += ["", _pretty(x.request_body)]
    lines += ["", "-" * 60]
    if x.status is None:
        error = x.error or QCoreApplication.translate("LogPanel", "unknown error")
        lines.append(QCoreApplication.translate("LogPanel", "no response: {err}").format(err=error))
    else:
        size = format_bytes(x.response_size)
        lines.append(f"{x.status}  ({format_millis(x.duration_ms)}, {size})")
        lines += [f"{k}: {v}" for k, v in x.response_headers]
        lines += ["", _pretty(x.response_body)]
        if x.response_truncated:
            lines.append(QCoreApplication.translate("LogPanel", "... (cut at the body cap)"))
        if x.error:
            lines += [
                "",
                QCoreApplication.translate("LogPanel", "error: {err}").format(err=x.error),
            ]
    return "\n".join(lines)


def _short(url: str) -> str:
    """Path and query: the host is the same for nearly every row (full URL in the tooltip)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or url


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body


def exchange_tone(x: Exchange, results: Mapping[str, CheckResult]) -> str:
    """BAD, EXPECTED or PLAIN: decided by the check that made the request.

    No answer is bad. An exchange a passed check rests on is what the check expected,
    even a 401; one a failed check rests on is bad. Without a verdict on it (the Leads
    tab, a check still running), a 4xx or 5xx is bad."""
    if x.status is None:
        return BAD
    result = results.get(x.check_id) if x.check_id else None
    if result is not None:
        if x.id in result.evidence and result.status is Status.FAILED:
            return BAD
        if result.status is Status.PASSED:
            return EXPECTED if x.status >= 400 else PLAIN
    return BAD if x.status >= 400 else PLAIN


def status_class(x: Exchange) -> str:
    """ "2xx" ... "5xx", or "none" when no answer came."""
    return "none" if x.status is None else f"{x.status // 100}xx"


class ExchangeFilter(QSortFilterProxyModel):
    """The rows the filters leave: a check, a status class, a text."""

    def __init__(self, panel: LogPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.check = ""  # "" every check, OTHER_REQUESTS none, else a check id
        self.status = "all"
        self.text = ""

    def set(self, check: str, status: str, text: str) -> None:
        self.check, self.status, self.text = check, status, text.strip().lower()
        self.refilter()

    def refilter(self) -> None:
        """Apply the filters again (Qt 6.10 has begin/endFilterChange for this; older
        versions only invalidateRowsFilter, which 6.10 deprecates)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    @property
    def active(self) -> bool:
        return bool(self.check or self.status != "all" or self.text)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        exchanges = self.panel.exchanges
        if not 0 <= source_row < len(exchanges):
            return False
        x = exchanges[source_row]
        if self.check == OTHER_REQUESTS and x.check_id:
            return False
        if self.check and self.check != OTHER_REQUESTS and x.check_id != self.check:
            return False
        if self.status == "unexpected" and self.panel.tone(x) != BAD:
            return False
        if self.status not in ("all", "unexpected") and status_class(x) != self.status:
            return False
        return not self.text or self.text in _haystack(x)


def _haystack(x: Exchange) -> str:
    parts = (x.id, x.method, x.url, str(x.status or ""), x.check_id or "", x.error or "")
    return " ".join((*parts, x.request_body[:4000], x.response_body[:4000])).lower()


class LogPanel(QDockWidget):
    har_written = Signal(str)

    def __init__(
        self, token_provider: Callable[[], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("logPanel")
        self.labels = Labels()  # re-set on a language change
        self.labels.set(self.setWindowTitle, lambda: self.tr("Request log"))
        self.token_provider = token_provider
        self.exchanges: list[Exchange] = []
        self.results: Mapping[str, CheckResult] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._rows: dict[str, int] = {}  # exchange id -> source row
        self.confirm_box: QMessageBox | None = None
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.labels.call(lambda: self.model.setHorizontalHeaderLabels(self._headers()))
        self.proxy = ExchangeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("exchangeDetail")
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.detail.setTabChangesFocus(True)
        self.labels.set(self.table.setAccessibleName, lambda: self.tr("Requests"))
        self.labels.set(self.detail.setAccessibleName, lambda: self.tr("Request and response"))
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("logSplitter")
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail)
        self.split.setSizes([640, 560])
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DEBOUNCE_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(self._filters())
        layout.addLayout(self._buttons())
        layout.addWidget(self.split, 1)
        self.setWidget(body)
        self._show_count()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("requestTable")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(22)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 56), (1, 60), (3, 56), (4, 70), (5, 140)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        return table

    def _headers(self) -> list[str]:
        return [
            "#",
            self.tr("Method"),
            "URL",
            self.tr("Status"),
            self.tr("Time"),
            self.tr("Check"),
        ]

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("logSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.labels.set(
            self.search_edit.setPlaceholderText,
            lambda: self.tr("Find in the log: address, method, id, body"),
        )
        self.labels.set(self.search_edit.setAccessibleName, lambda: self.tr("Find in the log"))
        self.search_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.check_box = QComboBox()
        self.check_box.setObjectName("logCheckFilter")
        self.labels.set(self.check_box.setAccessibleName, lambda: self.tr("Requests of a check"))
        self.status_box = QComboBox()
        self.status_box.setObjectName("logStatusFilter")
        self.labels.set(self.status_box.setAccessibleName, lambda: self.tr("Requests by status"))
        self.labels.call(self._fill_status_box)
        self.labels.call(self._fill_check_box)
        self.check_box.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.status_box.currentIndexChanged.connect(lambda _i: self._apply_filter())
        row.addWidget(self.search_edit, 2)
        row.addWidget(self.check_box, 1)
        row.addWidget(self.status_box, 1)
        return row

    def _fill_status_box(self) -> None:
        names = {
            "all": self.tr("Every status"),
            "unexpected": self.tr("Not as the check expected"),
            "2xx": self.tr("2xx success"),
            "3xx": self.tr("3xx redirect"),
            "4xx": self.tr("4xx refused"),
            "5xx": self.tr("5xx server error"),
            "none": self.tr("No answer"),
        }
        current = self.status_box.currentData() or "all"
        self.status_box.blockSignals(True)
        self.status_box.clear()
        for key in STATUS_FILTERS:
            self.status_box.addItem(names[key], key)
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(current)))
        self.status_box.blockSignals(False)

    def _fill_check_box(self) -> None:
        current = self.check_box.currentData() or ""
        checks = sorted({x.check_id for x in self.exchanges if x.check_id})
        self.check_box.blockSignals(True)
        self.check_box.clear()
        self.check_box.addItem(self.tr("Every check"), "")
        for check_id in checks:
            self.check_box.addItem(check_id, check_id)
        if any(not x.check_id for x in self.exchanges):
            self.check_box.addItem(self.tr("Not made by a check (Leads tab)"), OTHER_REQUESTS)
        self.check_box.setCurrentIndex(max(0, self.check_box.findData(current)))
        self.check_box.blockSignals(False)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("logCount")
        row.addWidget(self.count_label, 1)
        self.curl_button = QPushButton()
        self.curl_button.setObjectName("copyCurl")
        self.labels.set(self.curl_button.setText, lambda: self.tr("Copy as curl"))
        self.labels.set(
            self.curl_button.setToolTip,
            lambda: self.tr("The request as a curl command, secrets redacted"),
        )
        self.curl_button.clicked.connect(lambda: self.copy_curl(real_token=False))
        self.real_button = QPushButton()
        self.real_button.setObjectName("copyRealCurl")
        self.labels.set(self.real_button.setText, lambda: self.tr("Copy with real token..."))
        self.labels.set(
            self.real_button.setToolTip,
            lambda: self.tr(
                "Puts user A's real token into the command, after you confirm: handle the "
                "clipboard with care"
            ),
        )
        self.real_button.clicked.connect(self.ask_copy_real)
        self.har_button = QPushButton()
        self.har_button.setObjectName("exportHar")
        self.labels.set(self.har_button.setText, lambda: self.tr("Export HAR..."))
        self.har_button.clicked.connect(self._ask_har)
        for button in (self.curl_button, self.real_button, self.har_button):
            row.addWidget(button)
        return row

    # -- content -----------------------------------------------------------------------------
    def set_exchanges(
        self, exchanges: list[Exchange], results: Mapping[str, CheckResult] | None = None
    ) -> None:
        self.exchanges = []
        self._rows = {}
        self.results = results if results is not None else {}
        self.model.removeRows(0, self.model.rowCount())
        for x in exchanges:
            self._append(x)
        self._fill_check_box()
        self._show_count()
        self.detail.clear()

    def add_exchange(self, x: Exchange) -> None:
        """One more exchange; the view follows it when the tester was at the newest."""
        bar = self.table.verticalScrollBar()
        at_newest = bar.value() >= bar.maximum() - 1
        new_check = bool(x.check_id) and all(e.check_id != x.check_id for e in self.exchanges)
        new_other = not x.check_id and all(e.check_id for e in self.exchanges)
        self._append(x)
        if new_check or new_other:
            self._fill_check_box()
        self._show_count()
        if at_newest:
            self.table.scrollToBottom()

    def _append(self, x: Exchange) -> None:
        self._rows[x.id] = len(self.exchanges)
        self.exchanges.append(x)
        status = str(x.status) if x.status is not None else self.tr("failed")
        cells = [
            x.id,
            x.method,
            _short(x.url),
            status,
            format_millis(x.duration_ms),
            x.check_id or "",
        ]
        row = [QStandardItem(text) for text in cells]
        self.model.appendRow(row)
        self._paint(len(self.exchanges) - 1)

    def set_results(self, results: Mapping[str, CheckResult]) -> None:
        """The run's check results: they decide what each status means."""
        self.results = results
        for row in range(len(self.exchanges)):
            self._paint(row)
        self._refilter_by_tone()

    def result_recorded(self, result: CheckResult) -> None:
        """A check's result arrived: its requests are coloured by what it expected."""
        for row, x in enumerate(self.exchanges):
            if x.check_id == result.check_id or x.id in result.evidence:
                self._paint(row)
        self._refilter_by_tone()

    def tone(self, x: Exchange) -> str:
        return exchange_tone(x, self.results)

    def _paint(self, row: int) -> None:
        x = self.exchanges[row]
        tone = self.tone(x)
        if tone == EXPECTED:
            tip = self.tr("{status}: as {check} expected").format(status=x.status, check=x.check_id)
        elif x.status is None:
            tip = x.error or self.tr("no answer")
        else:
            tip = x.url
        colour = tone_colour("bad") if tone == BAD else None
        for column in range(len(COLUMNS)):
            item = self.model.item(row, column)
            if item is None:
                continue
            item.setToolTip(tip)
            if colour is not None:
                item.setForeground(colour)
            else:
                item.setData(None, Qt.ItemDataRole.ForegroundRole)

    def _refilter_by_tone(self) -> None:
        if self.proxy.status == "unexpected":
            self.proxy.refilter()
            self._show_count()

    def _show_count(self) -> None:
        total = len(self.exchanges)
        if not total:
            self.count_label.setText(self.tr("No requests yet"))
        elif self.proxy.active:
            shown = self.proxy.rowCount()
            self.count_label.setText(
                self.tr("{shown} of {total}").format(shown=shown, total=count_requests(total))
            )
        else:
            self.count_label.setText(count_requests(total))

    def _apply_filter(self) -> None:
        current = self.current()
        self.proxy.set(
            str(self.check_box.currentData() or ""),
            str(self.status_box.currentData() or "all"),
            self.search_edit.text(),
        )
        self._show_count()
        if current is not None:
            self.select(current.id)

    def clear_filters(self) -> None:
        for box in (self.check_box, self.status_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._apply_filter()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
            for row in range(len(self.exchanges)):
                if self.exchanges[row].status is None:
                    item = self.model.item(row, STATUS_COLUMN)
                    if item is not None:
                        item.setText(self.tr("failed"))
                self._paint(row)
            self._show_count()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Docked beside the checklist the log is tall and narrow: request over detail.
        size = event.size()
        vertical = size.height() > size.width()
        wanted = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)
        super().resizeEvent(event)

    def select(self, exchange_id: str, reveal: bool = False) -> bool:
        """Make an exchange the current row; `reveal` clears filters that hide it."""
        row = self._rows.get(exchange_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid() and reveal:
            self.clear_filters()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        # Once the dock is laid out (it may have just been shown or resized), again.
        QTimer.singleShot(0, self._keep_current_in_view)
        return True

    def _keep_current_in_view(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.scrollTo(index)

    def current(self) -> Exchange | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        row = index.row()
        return self.exchanges[row] if 0 <= row < len(self.exchanges) else None

    def _show_detail(self) -> None:
        x = self.current()
        self.detail.setPlainText(detail_text(x) if x else "")

    # -- actions -----------------------------------------------------------------------------
    def curl_text(self, real_token: bool = False) -> str | None:
        x = self.current()
        if x is None:
            return None
        token = self.token_provider() if real_token else None
        return to_curl(x, token=token)

    def copy_curl(self, real_token: bool = False) -> None:
        text = self.curl_text(real_token)
        if text is None:
            self.count_label.setText(self.tr("Select a request first."))
            return
        QGuiApplication.clipboard().setText(text)
        self.count_label.setText(
            self.tr("Copied with the real token.") if real_token else self.tr("Copied (redacted).")
        )

    def ask_copy_real(self) -> QMessageBox | None:
        """Ask first: say what will be on the clipboard, then copy only on "Copy"."""
        x = self.current()
        if x is None:
            self.count_label.setText(self.tr("Select a request first."))
            return None
        if not self.token_provider():
            self.count_label.setText(self.tr("User A has no token to put into the command."))
            return None
        box = QMessageBox(self)
        box.setObjectName("confirmRealToken")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Copy with the real token?"))
        box.setText(
            self.tr(
                "The clipboard will hold a curl command for {method} {url} with user A's "
                "real token in its Authorization header."
            ).format(method=x.method, url=_short(x.url))
        )
        box.setInformativeText(
            self.tr(
                "Whoever can read the clipboard, or what you paste it into, can act as user A "
                "until the token expires. Paste it only where you would type a password."
            )
        )
        copy = box.addButton(self.tr("Copy with the token"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _code: self._confirmed(box, copy))
        self.confirm_box = box
        box.open()
        return box

    def _confirmed(self, box: QMessageBox, copy: QObject) -> None:
        if box.clickedButton() is copy:
            self.copy_curl(real_token=True)
        else:
            self.count_label.setText(self.tr("Nothing copied."))
        box.deleteLater()
        self.confirm_box = None

    def _ask_har(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export HAR"), "requests.har", self.tr("HAR (*.har)")
        )
        if path:
            task = asyncio.ensure_future(self.export_har(Path(path)))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def export_har(self, path: Path) -> bool:
        from amogui.report.har import to_har

        data = json.dumps(to_har(list(self.exchanges)), ensure_ascii=False, indent=1).encode()
        try:
            await asyncio.to_thread(atomic_write, path, data)
        except OSError as exc:
            self.count_label.setText(
                self.tr("Could not write {path}: {err}").format(path=path, err=exc.strerror or exc)
            )
            return False
        self.count_label.setText(self.tr("HAR written to {path}").format(path=path))
        self.har_written.emit(str(path))
        return True
