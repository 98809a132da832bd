"""The request log: every exchange of the run, with its detail, curl and HAR export.

Exchanges arrive already redacted. "Copy as curl" keeps them redacted; only the
explicit "Copy with real token" puts user A's token back into the command.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from amogui.ui.appearance import tone_colour
from amogui.ui.i18n import Labels
from amogui.ui.locale_format import count_requests, format_bytes, format_millis

COLUMNS = ("#", "Method", "URL", "Status", "Time", "Check")


def detail_text(x: Exchange) -> str:
    """Request and response as a tester reads them (already redacted)."""
    lines = [f"{x.method} {x.url}  {x.http_version}"]
    lines += [f"{k}: {v}" for k, v in x.request_headers]
    if x.request_body:
        lines += ["", x.request_body]
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
        self._tasks: set[asyncio.Task[Any]] = set()
        self.model = QStandardItemModel(0, len(COLUMNS))
        self.labels.call(lambda: self.model.setHorizontalHeaderLabels(self._headers()))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 60), (1, 60), (3, 56), (4, 70), (5, 150)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.labels.set(self.table.setAccessibleName, lambda: self.tr("Requests"))
        self.labels.set(self.detail.setAccessibleName, lambda: self.tr("Request and response"))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("logSplitter")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([640, 560])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(self._buttons())
        layout.addWidget(split, 1)
        self.setWidget(body)

    def _headers(self) -> list[str]:
        return [
            "#",
            self.tr("Method"),
            "URL",
            self.tr("Status"),
            self.tr("Time"),
            self.tr("Check"),
        ]

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        self._show_count()
        row.addWidget(self.count_label, 1)
        self.curl_button = QPushButton()
        self.labels.set(self.curl_button.setText, lambda: self.tr("Copy as curl"))
        self.labels.set(
            self.curl_button.setToolTip,
            lambda: self.tr("The request as a curl command, secrets redacted"),
        )
        self.curl_button.clicked.connect(lambda: self.copy_curl(real_token=False))
        self.real_button = QPushButton()
        self.labels.set(self.real_button.setText, lambda: self.tr("Copy with real token..."))
        self.labels.set(
            self.real_button.setToolTip,
            lambda: self.tr(
                "Puts user A's real token into the command: handle the clipboard with care"
            ),
        )
        self.real_button.clicked.connect(lambda: self.copy_curl(real_token=True))
        self.har_button = QPushButton()
        self.labels.set(self.har_button.setText, lambda: self.tr("Export HAR..."))
        self.har_button.clicked.connect(self._ask_har)
        for button in (self.curl_button, self.real_button, self.har_button):
            row.addWidget(button)
        return row

    # -- content -----------------------------------------------------------------------------
    def set_exchanges(self, exchanges: list[Exchange]) -> None:
        self.exchanges = []
        self.model.removeRows(0, self.model.rowCount())
        for x in exchanges:
            self.add_exchange(x)
        self.detail.clear()

    def add_exchange(self, x: Exchange) -> None:
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
        row = []
        for text in cells:
            item = QStandardItem(text)
            item.setToolTip(x.error or x.url)
            if x.status is None or (x.status >= 400):
                item.setForeground(tone_colour("bad"))
            row.append(item)
        self.model.appendRow(row)
        self._show_count()

    def _show_count(self) -> None:
        if self.exchanges:
            self.count_label.setText(count_requests(len(self.exchanges)))
        else:
            self.count_label.setText(self.tr("No requests yet"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
            self._show_count()
        super().changeEvent(event)

    def select(self, exchange_id: str) -> bool:
        for row, x in enumerate(self.exchanges):
            if x.id == exchange_id:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def current(self) -> Exchange | None:
        row = self.table.currentIndex().row()
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
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self.count_label.setText(
            self.tr("Copied with the real token.") if real_token else self.tr("Copied (redacted).")
        )

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
