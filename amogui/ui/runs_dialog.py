"""Past runs: every saved run, newest first; reopen one to continue it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from amogui.run.store import RunSummary
from amogui.ui.locale_format import format_datetime


class PastRunsDialog(QDialog):
    run_chosen = Signal(str)

    def __init__(
        self,
        list_runs: Callable[[], list[RunSummary]],
        current_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Past runs"))
        self.resize(560, 380)
        self.list_runs = list_runs  # reads every run file: called off the GUI thread
        self.current_id = current_id
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("Loading..."))
        layout.addWidget(self.hint)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Saved runs"))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._task = asyncio.ensure_future(self.reload())

    async def reload(self) -> None:
        # Reading every run file is disk work: off the GUI thread.
        summaries = await asyncio.to_thread(self.list_runs)
        self.fill(summaries)

    def fill(self, summaries: list[RunSummary]) -> None:
        self.list.clear()
        for summary in summaries:
            mark = self.tr(" (current)") if summary.run_id == self.current_id else ""
            text = f"{format_datetime(summary.started_at)}  {summary.checklist_name}"
            text += f"  [{summary.profile or '-'}]  {summary.run_id}{mark}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, summary.run_id)
            self.list.addItem(item)
        self.hint.setText(
            self.tr(
                "%n saved run(s). Double-click one, or press Enter, to reopen it.",
                "",
                len(summaries),
            )
        )
        if self.list.count():
            self.list.setCurrentRow(0)

    def run_ids(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.run_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        super().accept()
