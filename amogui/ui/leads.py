"""The Leads tab: pipelines and stages, every page of leads, filter, search, counts.

Nothing here blocks the GUI thread. The loading itself (pipelines, then every page,
concurrently and in page order, on a worker thread when the client is on the network)
is `amogui.backend.leads.LeadsLoader`'s; this tab shows its progress and the result.
Indexing a large list is done in chunks with a yield to the event loop between them.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from amogui.backend.leads import Fetched, LeadsLoader, in_thread, pages_in_thread
from amogui.ui.i18n import Labels
from amogui.ui.leads_model import LeadIndex, LeadsTableModel
from amogui.ui.tell import shown

if TYPE_CHECKING:
    from amogui.backend.api import LeadsResult, Pipeline
    from amogui.backend.client import BackendClient

SEARCH_DEBOUNCE_MS = 200


async def import_in_thread(name: str) -> ModuleType:
    """Import a module off the GUI thread (the first `backend.api` import takes ~100 ms)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    return await in_thread(lambda: importlib.import_module(name))


class LeadsPanel(QWidget):
    """Pipeline and stage pickers, a search box, the leads table and a progress bar."""

    loaded = Signal()  # emitted when a load ends (done, failed or cancelled)
    page_in_thread: bool | None = None  # None: decide per client (see `in_thread`)
    sequential_pages = False  # one page after another (the benchmark's baseline)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LeadsTableModel(self)
        self.pipelines: list[Pipeline] = []
        self.result: LeadsResult | None = None
        # What went wrong with the last load: core Texts or functions that word them (both
        # worded again on a language switch).
        self.problems: list[object] = []
        self.pipelines_failed = False
        self._empty: tuple[LeadIndex, list[Any]] | None = None
        self._client: BackendClient | None = None
        self._token: str | None = None
        self._cancel: asyncio.Event | None = None
        self._paging: LeadsLoader | None = None
        self._task: asyncio.Future[None] | None = None
        self._build_widgets()
        self._connect()

    # -- layout ------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.pipeline_box = QComboBox(self)
        self.stage_box = QComboBox(self)
        # Sized by a few characters, not by their longest item ("Pipeline › Stage (1 234)"),
        # so the tab fits a 1024 px window; the open list is as wide as it needs.
        adjust = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        for box, chars in ((self.pipeline_box, 14), (self.stage_box, 20)):
            box.setSizeAdjustPolicy(adjust)
            box.setMinimumContentsLength(chars)
            box.view().setMinimumWidth(320)
        self.labels = Labels()  # re-set on a language change
        self.search_box = QLineEdit(self)
        self.labels.set(
            self.search_box.setPlaceholderText, lambda: self.tr("Search guest, phone, email, id")
        )
        self.labels.set(self.search_box.setAccessibleName, lambda: self.tr("Search the leads"))
        self.search_box.setClearButtonEnabled(True)
        self.reload_button = QPushButton(self)
        self.labels.set(self.reload_button.setText, lambda: self.tr("&Load leads"))
        self.reload_button.setEnabled(False)
        self.table = self._make_table()
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self)
        self.labels.set(self.cancel_button.setText, lambda: self.tr("Cancel"))
        self.status_label = QLabel(self.tr("No leads loaded."), self)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setWordWrap(True)  # a long problem never widens the window
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)

        pipeline_label = QLabel(self)
        pipeline_label.setBuddy(self.pipeline_box)  # Alt+<mark> reaches the picker
        self.labels.set(pipeline_label.setText, lambda: self.tr("&Pipeline"))
        self.labels.set(self.pipeline_box.setAccessibleName, lambda: self.tr("Pipeline"))
        stage_label = QLabel(self)
        stage_label.setBuddy(self.stage_box)
        self.labels.set(stage_label.setText, lambda: self.tr("S&tage"))
        self.labels.set(self.stage_box.setAccessibleName, lambda: self.tr("Stage"))
        self.labels.set(self.table.setAccessibleName, lambda: self.tr("Leads"))
        top = QHBoxLayout()
        top.addWidget(pipeline_label)
        top.addWidget(self.pipeline_box, 1)
        top.addWidget(stage_label)
        top.addWidget(self.stage_box, 1)
        top.addWidget(self.search_box, 2)
        top.addWidget(self.reload_button)
        loading = QHBoxLayout()
        loading.addWidget(self.progress, 1)
        loading.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(loading)
        layout.addWidget(self.status_label)
        # Hiding the progress row must not resize the table: a resize right after a load
        # would paint the whole table a second time.
        for widget in (self.progress, self.cancel_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self._show_progress(False)
        self._fill_pickers()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # loaded order until asked
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        # A scroll bar appearing after a load would narrow the viewport: one more full paint.
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # Uniform row heights: fixed sections, so the view never measures 50,000 rows.
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
        vertical.setVisible(False)
        horizontal = table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        return table

    def _connect(self) -> None:
        self.pipeline_box.currentIndexChanged.connect(self._pipeline_changed)
        self.stage_box.currentIndexChanged.connect(self._stage_changed)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._apply_search)
        self.cancel_button.clicked.connect(self.cancel)
        self.reload_button.clicked.connect(self._reload_clicked)

    # -- source and loading ------------------------------------------------------------------

    def set_source(self, client: BackendClient | None, token: str | None) -> None:
        """Where `Load leads` reads from; None disables the button."""
        self._client, self._token = client, token
        self.reload_button.setEnabled(client is not None and token is not None)

    def _reload_clicked(self) -> None:
        if self._client is None or self.is_loading():
            return
        self._task = asyncio.ensure_future(self.load(self._client, self._token))

    def is_loading(self) -> bool:
        return self._cancel is not None

    def cancel(self) -> None:
        """Stop asking for more pages; pages already asked for still arrive."""
        if self._cancel is not None:
            self._cancel.set()
            if self._paging is not None:
                self._paging.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling..."))

    async def load(self, client: BackendClient, token: str | None) -> None:
        """Pipelines, then every page of leads, then index and show them."""
        if self.is_loading():
            return
        self._cancel = asyncio.Event()
        started = time.perf_counter()
        self.problems = []
        self._show_progress(True)
        try:
            pipes, self.result = await self._fetch(client, token)
            self.pipelines_failed = bool(pipes.problem_text or pipes.data is None)
            if self.pipelines_failed:
                why = pipes.problem_text or ""
                self.problems.append(lambda: self.tr("Pipelines: %1").replace("%1", _rendered(why)))
            self.pipelines = pipes.data or []
            self.problems.extend(self.result.problem_texts)
            await self._show_leads(self.result.leads)
        finally:
            self._cancel = None
            self._paging = None
            self._show_progress(False)
        self._set_status(time.perf_counter() - started)
        self.loaded.emit()

    async def _fetch(self, client: BackendClient, token: str | None) -> Fetched:
        """Pipelines and every page, on a worker thread unless the client has a custom
        transport."""
        await import_in_thread("amogui.backend.api")
        self._paging = LeadsLoader(
            client,
            token,
            sequential=self.sequential_pages,
            worker_thread=self.in_thread(client),
        )
        if self._cancel is not None and self._cancel.is_set():
            self._paging.cancel()
        return await self._paging.load(self._progress)

    def in_thread(self, client: BackendClient) -> bool:
        """Page on a worker thread? `page_in_thread` decides; None: when the client talks
        to the network through httpx's own transport (`pages_in_thread`)."""
        if self.page_in_thread is not None:
            return self.page_in_thread
        return pages_in_thread(client)

    async def _show_leads(self, leads: list[Any]) -> None:
        index = LeadIndex()
        self.progress.setFormat(self.tr("Indexing %v of %m leads"))
        self.progress.setRange(0, max(1, len(leads)))
        for done in index.build(leads):
            self.progress.setValue(done)
            await asyncio.sleep(0)  # let the GUI breathe between chunks
        self.model.set_index(index, self._stage_names())
        self._fill_pickers()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setFormat(self.tr("Page %v of %m"))
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(done, total))

    def _show_progress(self, visible: bool) -> None:
        self.progress.setVisible(visible)
        self.cancel_button.setVisible(visible)
        self.cancel_button.setEnabled(visible)
        self.reload_button.setEnabled(
            not visible and self._client is not None and self._token is not None
        )
        if visible:
            self.progress.setRange(0, 0)  # busy until page 1 says how many pages
            self.progress.setFormat(self.tr("Loading pipelines..."))

    # -- pickers and filters -----------------------------------------------------------------

    def _stage_names(self) -> dict[Any, str]:
        return {s.id: s.name for p in self.pipelines for s in p.stages}

    def _fill_pickers(self) -> None:
        self.pipeline_box.blockSignals(True)
        self.pipeline_box.clear()
        self.pipeline_box.addItem(self._with_count(self.tr("All pipelines"), self.model.total()))
        counts = self.model.pipeline_counts()
        for pipe in self.pipelines:
            self.pipeline_box.addItem(self._with_count(pipe.name, counts.get(pipe.id, 0)), pipe.id)
        self.pipeline_box.blockSignals(False)
        self._fill_stages(None)
        self.model.set_filter(None, None)

    def _fill_stages(self, pipeline_id: Any) -> None:
        """The stages of one pipeline, or of every pipeline grouped by it ("Pipeline ›
        Stage", a separator between pipelines): amoCRM's "won" and "lost" stages have the
        same id in every pipeline, so an item is a (pipeline, stage) pair."""
        index = self.model.lead_index
        self.stage_box.blockSignals(True)
        self.stage_box.clear()
        total = (
            self.model.total()
            if pipeline_id is None
            else self.model.pipeline_counts().get(pipeline_id, 0)
        )
        self.stage_box.addItem(self._with_count(self.tr("All stages"), total))
        shown = [p for p in self.pipelines if pipeline_id is None or p.id == pipeline_id]
        grouped = pipeline_id is None and len(shown) > 1
        for pipe in shown:
            if grouped:
                self.stage_box.insertSeparator(self.stage_box.count())
            for stage in pipe.stages:
                name = f"{pipe.name} › {stage.name}" if grouped else stage.name
                count = len(index.rows_for(pipe.id, stage.id))
                self.stage_box.addItem(self._with_count(name, count), (pipe.id, stage.id))
        self.stage_box.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.labels.refresh()
            self._relabel_all_items()
            self.model.relabel()
            if self.result is None and not self.is_loading():
                self.status_label.setText(self.tr("No leads loaded."))
            else:
                self._show_status()
        super().changeEvent(event)

    def _relabel_all_items(self) -> None:
        """The "All ..." entries of the pickers, keeping the choice and the counts."""
        if self.pipeline_box.count():
            total = self.model.total()
            self.pipeline_box.setItemText(0, self._with_count(self.tr("All pipelines"), total))
        if self.stage_box.count():
            pipeline_id = self.pipeline_box.currentData()
            total = (
                self.model.total()
                if pipeline_id is None
                else self.model.pipeline_counts().get(pipeline_id, 0)
            )
            self.stage_box.setItemText(0, self._with_count(self.tr("All stages"), total))

    def _with_count(self, name: str, count: int) -> str:
        return f"{name} ({QLocale().toString(count)})"

    def _pipeline_changed(self, _row: int) -> None:
        pipeline_id = self.pipeline_box.currentData()
        self._fill_stages(pipeline_id)
        self.model.set_filter(pipeline_id, None)
        self._show_status()

    def _stage_changed(self, _row: int) -> None:
        chosen = self.stage_box.currentData()
        if isinstance(chosen, tuple):
            self.model.set_filter(*chosen)
        else:
            self.model.set_filter(self.pipeline_box.currentData(), None)
        self._show_status()

    def select_stage(self, stage: Any) -> bool:
        """Pick a stage by id, or by (pipeline id, stage id), in whatever pipeline is shown;
        False when it is not listed."""
        for row in range(self.stage_box.count()):
            data = self.stage_box.itemData(row)
            if data is None:
                continue
            if data == stage or (isinstance(data, tuple) and data[1] == stage):
                self.stage_box.setCurrentIndex(row)
                return True
        return False

    def _apply_search(self) -> None:
        self.model.set_search(self.search_box.text())
        self._show_status()

    # -- status ------------------------------------------------------------------------------

    def empty_stages(self) -> list[Any]:
        """The stages without a lead (counted once per load: a filter switch is cheap)."""
        index = self.model.lead_index
        if self._empty is None or self._empty[0] is not index:
            found = [
                s.id for p in self.pipelines for s in p.stages if not index.rows_for(p.id, s.id)
            ]
            self._empty = (index, found)
        return self._empty[1]

    def _set_status(self, seconds: float) -> None:
        self._load_seconds = seconds
        self._show_status()

    def count_text(self) -> str:
        """How many leads the filters show, of how many: "Leads: 12 of 300"."""
        locale = QLocale()
        shown, total = self.model.rowCount(), self.model.total()
        if shown == total:
            return self.tr("Leads: {total}").format(total=locale.toString(total))
        return self.tr("Leads: {shown} of {total}").format(
            shown=locale.toString(shown), total=locale.toString(total)
        )

    def _show_status(self) -> None:
        """The count (it follows the filters), then what the last load said."""
        if self.result is None and not self.model.total():
            return
        parts = [self.count_text()]
        seconds = getattr(self, "_load_seconds", None)
        if seconds is not None:
            loaded = QLocale().toString(float(seconds), "f", 1)
            parts.append(self.tr("loaded in {seconds} s").format(seconds=loaded))
        empty = len(self.empty_stages())
        if empty:
            parts.append(self.tr("%n stage(s) empty", "", empty))
        if self.result is not None and self.result.cancelled:
            parts.append(self.tr("cancelled before every page arrived"))
        if self.pipelines_failed:
            parts.append(
                self.tr("the pipelines could not be loaded, so stages are shown by their number")
            )
        if self.problems:
            problems = self.tr("%n problem(s): ", "", len(self.problems))
            parts.append(problems + "; ".join(shown(p) for p in self.problems[:3]))
        self.status_label.setText("; ".join(parts))


def _rendered(text: object) -> str:
    from amogui.base.i18n import render

    return render(text)
