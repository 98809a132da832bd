"""The main window: the checklist tree, the step panel, progress, autosave and menus."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from amogui.ui.i18n import Labels
from amogui.ui.message_bar import MessageBar

# Only what the first paint needs is imported at module level: the window shows as a
# shell (header, menus, an empty tree) and `complete()` builds the rest once it is up,
# importing the core (checklist, run, checks) there or in the methods that use it.
if TYPE_CHECKING:
    import asyncio

    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QAction, QCloseEvent

    from amogui.backend.client import BackendClient
    from amogui.checklist.model import Checklist
    from amogui.run.exchange import Exchange
    from amogui.run.state import CheckResult, Run, Status
    from amogui.run.store import RunStore
    from amogui.settings.store import SettingsStore
    from amogui.ui.i18n import Translations
    from amogui.ui.language_menu import LanguageMenu
    from amogui.ui.session import Session
    from amogui.ui.shortcuts_dialog import HelpMenu
    from amogui.ui.step_panel import StepPanel

log = logging.getLogger(__name__)

# Typed text (notes, actual result) is on disk at most this long after the first keystroke
# not yet saved, however fast the typing (amogui.base.savetimer), and at once when the
# focus moves or the window closes.
NOTE_SAVE_DELAY = 1.0  # seconds


class MainWindow(QMainWindow):
    run_changed = Signal()  # a verdict, note, review tick or check result changed

    def __init__(
        self,
        checklist: Checklist | None,
        store: RunStore | None = None,
        run: Run | None = None,
        profile_name: str = "",
        base_url: str = "",
        session: Session | None = None,
        browser_command: str | None = None,
        *,
        deferred: bool = False,
    ) -> None:
        """The window; with `deferred` only its shell (header, menu titles, an empty tree)
        is built, so it can show at once, and the caller calls `complete()` once it is up.

        `checklist` None is an empty one until the real one is set (`set_checklist`)."""
        super().__init__()
        self.setObjectName("mainWindow")
        # Texts built here are re-set when the language changes (see changeEvent).
        self.labels = Labels()
        self.labels.set(
            self.setWindowTitle, lambda: self.tr("amogui - AMO CRM integration checklist")
        )
        self.resize(1280, 820)
        self.profile_name = profile_name
        self.base_url = base_url
        self._tasks: set[asyncio.Task[Any]] = set()
        self._attaching: set[str] = set()  # names of attachment copies being made
        self._shut_down = False
        self.completed = False
        self.ipc_server: Any = None  # the single-instance server app.py starts
        from amogui.base.savetimer import SaveTimer

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_saver = SaveTimer(self.save_now, NOTE_SAVE_DELAY, self._start_note_timer)
        self._note_timer.timeout.connect(self._note_saver.flush)
        self._build_ui()
        self._build_menu_titles()
        from amogui.ui.window_state import restore_geometry

        restore_geometry(self)  # the size and place the user left last time, before showing
        self._pending = (checklist, store, run, session, browser_command)
        if not deferred:
            self.complete()

    def complete(self) -> None:
        """Build what the first paint does not need: the step panel, the actions, the
        checks, the log and Leads docks, and bind the run (read from disk)."""
        for step in self.completion_steps():
            step()

    def completion_steps(self) -> list[Callable[[], None]]:
        """`complete()` in three parts of a few tens of ms each, in order, so a caller can
        let the window paint and answer between them."""
        return [self._complete_panel, self._complete_checks, self._complete_run]

    def _complete_panel(self) -> None:
        from amogui.run.store import RunStore
        from amogui.ui.autosave import Autosaver

        checklist, store, _run, _session, _browser = self._pending
        if checklist is None:
            from amogui.checklist.model import Checklist

            checklist = Checklist(title="", source="")
        self.checklist: Checklist = checklist
        self.store = store or RunStore()
        self.autosaver = Autosaver(self.store)
        self.autosaver.failed.connect(lambda text: self.message_bar.show_message(text, "error"))
        self._build_step_panel()

    def _complete_checks(self) -> None:
        _checklist, _store, _run, session, browser_command = self._pending
        self._build_menus()
        self.session = session
        if session is not None:
            self._attach_session(session)
        self._build_checks(browser_command)
        self._finish_file_menu()

    def _complete_run(self) -> None:
        from amogui.ui.shortcuts_dialog import install_help_menu
        from amogui.ui.window_state import restore_window

        run = self._pending[2]
        self.run = run or self.store_current_or_new()
        self._bind_run(select_first=True)
        self.log_panel.set_exchanges(self.run.exchanges)
        self._show_checklist_notes(self.checklist)
        self.help_menu: HelpMenu = install_help_menu(self)
        self._name_for_assistive_tech()
        restore_window(self, geometry=False)  # the docks, splitter and tab left last time
        self.tree.setFocus()  # the keyboard starts in the checklist
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.completed = True

    # -- construction -------------------------------------------------------------------------
    def _name_for_assistive_tech(self) -> None:
        """Accessible names for the controls whose purpose their text does not tell."""
        names = [
            (
                self.tree,
                lambda: self.tr("Checklist steps"),
                lambda: self.tr("Choose a step; Ctrl+Down goes to the next undecided one"),
            ),
            (
                self.panel,
                lambda: self.tr("Selected step"),
                lambda: self.tr(
                    "What to do, what to expect, the automatic checks and your verdict"
                ),
            ),
            (self.tabs, lambda: self.tr("Checklist and leads"), None),
            (self.title_label, lambda: self.tr("Checklist title"), None),
            (self.progress_label, lambda: self.tr("Progress"), None),
            (self.target_label, lambda: self.tr("Profile and target"), None),
        ]
        for widget, name, description in names:
            self.labels.set(widget.setAccessibleName, name)
            if description is not None:
                self.labels.set(widget.setAccessibleDescription, description)

    def install_language_menu(
        self, translations: Translations, settings: SettingsStore | None
    ) -> LanguageMenu:
        """View > Language, switching `translations` and remembering the choice."""
        from amogui.ui.language_menu import LanguageMenu

        menu = LanguageMenu(translations, settings, self.view_menu)
        menu.failed.connect(lambda text: self.message_bar.show_message(text, "warning"))
        self.view_menu.addSeparator()
        self.view_menu.addMenu(menu)
        self.language_menu = menu
        for warning in translations.warnings:
            self.message_bar.show_message(warning, "warning")
        return menu

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Re-label what was built in code; child widgets re-label themselves."""
        self.labels.refresh()
        if getattr(self, "model", None) is not None:
            self._bind_run()  # the tree's labels and the step page; the selection stays

    def _build_ui(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        self.message_bar = MessageBar()
        bar_box = QWidget()
        bar_layout = QVBoxLayout(bar_box)
        bar_layout.setContentsMargins(12, 6, 12, 0)
        bar_layout.addWidget(self.message_bar)
        outer.addWidget(bar_box)
        self.tree = QTreeView()
        self.tree.setObjectName("checklistTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAnimated(True)
        self.tree.setIndentation(16)
        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(QWidget())  # the step panel's place until complete()
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([470, 810])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "")
        self.labels.set(lambda t: self.tabs.setTabText(0, t), lambda: self.tr("Checklist"))
        outer.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_step_panel(self) -> None:
        from amogui.ui.step_panel import StepPanel

        self.panel: StepPanel = StepPanel()
        self.panel.verdict_requested.connect(self.set_verdict)
        self.panel.text_edited.connect(self._on_text_edited)
        self.panel.review_toggled.connect(self._on_review_toggled)
        self.panel.attach_requested.connect(self._ask_attach)
        self.panel.attachment_removed.connect(self.remove_attachment)
        placeholder = self.splitter.replaceWidget(1, self.panel)
        if placeholder is not None:
            placeholder.deleteLater()

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(16, 10, 16, 10)
        left = QVBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("checklistTitle")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        left.addWidget(self.title_label)
        left.addWidget(self.progress_label)
        layout.addLayout(left, 1)
        self.target_label = QLabel()
        self.target_label.setObjectName("targetLabel")
        # Through the stylesheet property, not Qt.AlignmentFlag: the first use of the Qt
        # namespace costs ~40 ms (PySide6 builds all its enums) and the shell avoids it.
        self.target_label.setStyleSheet("qproperty-alignment: 'AlignRight | AlignVCenter';")
        layout.addWidget(self.target_label)
        return header

    def _action(
        self,
        text: Callable[[], str],
        slot: Any,
        shortcuts: list[str] | None = None,
        tip: Callable[[], str] | None = None,
    ) -> QAction:
        """An action of the window; `text` and `tip` are re-read when the language changes."""
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(self)
        self.labels.set(action.setText, text)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            key = QKeySequence(shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText)
            shown = tip or (lambda: text().replace("&", ""))
            self.labels.set(action.setToolTip, lambda: f"{shown()} ({key})")
        elif tip:
            self.labels.set(action.setToolTip, tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _mark_text(self, status: Status) -> Callable[[], str]:
        from amogui.ui.status_text import verdict_verb

        return lambda: self.tr("Mark {name}").format(name=verdict_verb(status))

    def _menu(self, title: Callable[[], str]) -> QMenu:
        """A menu of the menu bar, before Help (which comes last)."""
        menu = QMenu(self.menuBar())
        self.labels.set(menu.setTitle, title)
        help_menu = getattr(self, "help_menu", None)
        if help_menu is not None:
            self.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            self.menuBar().addMenu(menu)
        return menu

    def _build_menu_titles(self) -> None:
        """The menu bar as it will be (Settings and Help come in later); the menus fill
        in `complete()`."""
        self.file_menu = self._menu(lambda: self.tr("&File"))
        self.step_menu = self._menu(lambda: self.tr("&Step"))
        self.view_menu = self._menu(lambda: self.tr("&View"))
        self.checks_menu = self._menu(lambda: self.tr("&Checks"))

    def _build_menus(self) -> None:
        from amogui.ui.step_panel import CLEAR_SHORTCUT, VERDICTS

        file_menu = self.file_menu
        self.open_action = self._action(
            lambda: self.tr("&Open checklist..."), self._ask_open_checklist, ["Ctrl+O"]
        )
        self.new_run_action = self._action(lambda: self.tr("&New run"), self.new_run, ["Ctrl+N"])
        self.past_runs_action = self._action(lambda: self.tr("&Past runs..."), self.show_past_runs)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_run_action)
        file_menu.addAction(self.past_runs_action)
        self.quit_action = self._action(lambda: self.tr("&Quit"), self.close, ["Ctrl+Q"])
        step_menu = self.step_menu
        self.verdict_actions: dict[Status, QAction] = {}
        for status, _name, shortcut in VERDICTS:
            action = self._action(
                self._mark_text(status),
                lambda _=False, s=status: self._verdict_for_current(s),
                [shortcut],
            )
            self.verdict_actions[status] = action
            step_menu.addAction(action)
        self.clear_action = self._action(
            lambda: self.tr("Clear verdict"),
            lambda: self._verdict_for_current(None),
            [CLEAR_SHORTCUT],
        )
        step_menu.addAction(self.clear_action)
        step_menu.addSeparator()
        self.next_action = self._action(
            lambda: self.tr("Next undecided step"),
            lambda: self.go_undecided(1),
            ["Ctrl+Down", "Alt+PgDown"],
        )
        self.prev_action = self._action(
            lambda: self.tr("Previous undecided step"),
            lambda: self.go_undecided(-1),
            ["Ctrl+Up", "Alt+PgUp"],
        )
        step_menu.addAction(self.next_action)
        step_menu.addAction(self.prev_action)

    def _finish_file_menu(self) -> None:
        self.file_menu.addSeparator()
        self.export_action = self._action(
            lambda: self.tr("&Export report..."), self._ask_export, ["Ctrl+E"]
        )
        self.verify_action = self._action(lambda: self.tr("&Verify report..."), self._ask_verify)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.verify_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

    # -- profile and sandbox ----------------------------------------------------------------------
    def attach_session(self, session: Session) -> None:
        """Connect a session made after the window was shown (start-up stays fast)."""
        self.session = session
        self._attach_session(session)
        session.tokens_changed.connect(self._refresh_leads_source)
        self._refresh_leads_source()

    def _attach_session(self, session: Session) -> None:
        session.status.connect(lambda text: self.statusBar().showMessage(text))
        session.problem.connect(lambda text: self.message_bar.show_message(text, "error"))
        session.target_changed.connect(self.set_target)
        self.settings_action = self._action(
            lambda: self.tr("&Profiles and users..."), self.show_settings, ["Ctrl+,"]
        )
        menu = self._menu(lambda: self.tr("S&ettings"))
        menu.addAction(self.settings_action)
        if not session.secrets.persistent:
            self.message_bar.show_message(session.secrets.warning or "", "warning")

    def show_settings(self) -> None:
        from amogui.ui.settings_dialog import SettingsDialog

        assert self.session is not None
        dialog = SettingsDialog(self.session, self)
        dialog.profile_chosen.connect(self._use_profile)
        self.settings_dialog = dialog
        dialog.open()

    def _use_profile(self, name: str) -> None:
        assert self.session is not None
        self.spawn(self.session.activate(name))

    # -- checks, request log, OAuth ------------------------------------------------------------
    def _build_checks(self, browser_command: str | None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence

        from amogui.backend.recorder import Recorder
        from amogui.ui.checks_controller import ChecksController
        from amogui.ui.log_panel import LogPanel
        from amogui.ui.oauth_dialog import ConnectDialog

        self.log_panel = LogPanel(lambda: self.session.token("A") if self.session else None)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_panel)
        self.log_panel.hide()
        self.view_menu.addAction(self.log_panel.toggleViewAction())
        self.log_panel.toggleViewAction().setShortcut(QKeySequence("Ctrl+L"))
        # One recorder for the window: exchange ids stay unique across checks and leads.
        self.recorder = Recorder(on_exchange=self._exchange_from_any_thread)
        self.checks = ChecksController(self, browser_command)
        self._build_leads_tab()
        self.connect_dialog = ConnectDialog(self.checks, self)
        self.checks.running_changed.connect(self._on_checks_running)
        self.panel.step_checks_requested.connect(self.run_step_checks)
        self.panel.api_test_requested.connect(
            lambda step_id, n: self.spawn(self.checks.run_api_test(step_id, n))
        )
        menu = self.checks_menu
        self.run_all_action = self._action(
            lambda: self.tr("Run &all checks"), lambda: self.checks.start(None), ["F5"]
        )
        self.run_step_action = self._action(
            lambda: self.tr("Run this &step's checks"),
            lambda: self.run_step_checks(self.current_step_id() or ""),
            ["Shift+F5"],
        )
        self.cancel_action = self._action(
            lambda: self.tr("&Cancel checks"), self.checks.cancel, ["Ctrl+Break", "Ctrl+."]
        )
        self.cancel_action.setEnabled(False)
        self.connect_action = self._action(
            lambda: self.tr("Connect AMO CRM..."), self.connect_amocrm, ["Ctrl+K"]
        )
        for action in (
            self.run_all_action,
            self.run_step_action,
            self.cancel_action,
            self.connect_action,
        ):
            menu.addAction(action)

    def _exchange_from_any_thread(self, exchange: Exchange) -> None:
        self.checks.exchange_recorded.emit(exchange)  # queued to the GUI thread if need be

    def _build_leads_tab(self) -> None:
        from amogui.ui.leads import LeadsPanel

        self.leads_panel = LeadsPanel()
        self.leads_panel.set_source(None, None)
        index = self.tabs.addTab(self.leads_panel, "")
        self.labels.set(lambda t: self.tabs.setTabText(index, t), lambda: self.tr("Leads"))
        self._leads_client: BackendClient | None = None
        if self.session is not None:
            self.session.tokens_changed.connect(self._refresh_leads_source)
            self._refresh_leads_source()

    def _refresh_leads_source(self) -> None:
        """Point the Leads tab at the current profile with user A's token."""
        old, self._leads_client = self._leads_client, None
        if old is not None:
            self.spawn(old.aclose())
        session = self.session
        if session is None or not session.profile.base_url:
            self.leads_panel.set_source(None, None)
            return
        from amogui.backend.client import BackendClient

        self._leads_client = BackendClient(session.profile, self.recorder)
        self.leads_panel.set_source(self._leads_client, session.token("A"))

    def add_exchange(self, exchange: Exchange) -> None:
        self.run.exchanges.append(exchange)
        self.log_panel.add_exchange(exchange)
        if self.log_panel.isHidden():
            self.log_panel.show()

    def run_step_checks(self, step_id: str) -> None:
        from amogui.checks.ids import checks_for_step

        ids = [c.id for c in checks_for_step(step_id)]
        if not ids:
            self.statusBar().showMessage(self.tr("This step has no automatic checks."), 4000)
            return
        self.checks.start(ids)

    def connect_amocrm(self) -> None:
        """The OAuth leg alone: authorize URL, browser, deep link, exchange."""
        self.connect_dialog.show()
        self.checks.start(["exchange.code"])

    def deliver_deeplink(self, url: str, via: str) -> None:
        """A deep link from the IPC server, the macOS file-open event or a start-up file."""
        if self.checks.is_foreign(url):
            # Another amogui run's link (or one of no flow alive): no request is made for it.
            self.statusBar().showMessage(
                self.tr(
                    "A deep link for another amogui run arrived ({via}); this window leaves "
                    "it alone."
                ).format(via=via),
                8000,
            )
            return
        reason = self.checks.deliver(url, via)
        if reason:
            self.message_bar.show_message(
                self.tr("A deep link was refused ({via}): {reason}").format(via=via, reason=reason),
                "error",
            )
        else:
            self.statusBar().showMessage(self.tr("Deep link received via {via}.").format(via=via))

    def _on_checks_running(self, running: bool) -> None:
        self.cancel_action.setEnabled(running)
        self.run_all_action.setEnabled(not running)
        self.run_step_action.setEnabled(not running)
        self.connect_action.setEnabled(not running)

    # -- run binding ----------------------------------------------------------------------------
    def store_current_or_new(self) -> Run:
        """The run to resume (read once at start-up, before the window shows), or a new one."""
        run = self.store.current()
        if run is None:
            run = self._fresh_run()
            self.autosaver.save(run)
            self.autosaver.set_current(run.run_id)
        return run

    def _fresh_run(self) -> Run:
        from amogui.run.state import Run

        return Run(
            checklist_name=self.checklist.title,
            checklist_source=self.checklist.source,
            checklist_sha256=self.checklist.sha256,
            profile=self.profile_name,
            base_url=self.base_url,
        )

    def _bind_run(self, select_first: bool = False) -> None:
        from PySide6.QtCore import QModelIndex

        from amogui.ui.checklist_model import ChecklistModel

        self.recorder.start_after(self.run.exchanges)
        current = self.current_node()
        self.model = ChecklistModel(self.checklist, self.run)
        self.tree.setModel(self.model)
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.title_label.setText(self.checklist.title or self.tr("Checklist"))
        target = current[1] if current else None
        index = self.model.index_of(target) if target else QModelIndex()
        if not index.isValid() and select_first:
            order = self.model.decidable_order()
            index = self.model.index_of(order[0]) if order else QModelIndex()
        if index.isValid():
            self.select_node(index)
        elif self.checklist.sections:
            self.panel.show_section(self.checklist.sections[0])
        self.update_header()

    def update_header(self) -> None:
        from amogui.ui.checklist_model import progress

        self.progress_label.setText(progress(self.checklist, self.run).text())
        target = self.base_url or self.tr("no target yet")
        profile = self.profile_name or self.tr("no profile")
        self.target_label.setText(
            self.tr("Profile: {profile}\nTarget: {target}").format(profile=profile, target=target)
        )

    def set_target(self, profile_name: str, base_url: str) -> None:
        self.profile_name, self.base_url = profile_name, base_url
        if self.run.profile != profile_name or self.run.base_url != base_url:
            self.run.profile, self.run.base_url = profile_name, base_url
            self.save_now()
        self.update_header()

    # -- selection --------------------------------------------------------------------------------
    def current_node(self) -> tuple[str, str] | None:
        from amogui.ui.checklist_model import ChecklistModel

        if self.tree.model() is None:
            return None
        return ChecklistModel.node(self.tree.currentIndex())

    def current_step_id(self) -> str | None:
        from amogui.ui.checklist_model import NodeKind

        node = self.current_node()
        if node and node[0] == NodeKind.STEP.value:
            step = self.checklist.step(node[1])
            return step.id if step and step.decidable else None
        return None

    def select_node(self, index: QModelIndex) -> None:
        from PySide6.QtCore import QItemSelectionModel

        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.tree.scrollTo(index)

    def select_step(self, step_id: str) -> bool:
        index = self.model.index_of(step_id)
        if index.isValid():
            self.select_node(index)
        return index.isValid()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from amogui.ui.checklist_model import ChecklistModel, NodeKind

        self.save_now()  # a pending note belongs to the step being left
        node = ChecklistModel.node(current)
        if node is None:
            return
        kind, node_id = node
        if kind == NodeKind.STEP.value:
            step = self.checklist.step(node_id)
            if step is not None:
                self.panel.show_step(self.checklist, self.run, step)
        elif kind == NodeKind.PROBLEM.value:
            problem = next((p for p in self.checklist.problems if p.id == node_id), None)
            if problem is not None:
                self.panel.show_problem(problem)
        elif kind == NodeKind.CRITERION.value:
            criterion = next((c for c in self.checklist.criteria if c.id == node_id), None)
            if criterion is not None:
                self.panel.show_criterion(self.checklist, self.run, criterion)
        elif kind == NodeKind.SECTION.value:
            section = next((s for s in self.checklist.sections if s.id == node_id), None)
            if section is not None:
                self.panel.show_section(section)

    def go_undecided(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) decidable step without a verdict."""
        from amogui.checks.verdicts import step_status

        order = self.model.decidable_order()
        here = self.current_step_id()
        start = order.index(here) if here in order else (-1 if direction > 0 else len(order))
        i = start + direction
        while 0 <= i < len(order):
            if not step_status(self.run, order[i]).decided:
                self.select_step(order[i])
                return
            i += direction
        self.statusBar().showMessage(
            self.tr("No undecided step after this one.")
            if direction > 0
            else self.tr("No undecided step before this one."),
            4000,
        )

    # -- changes ----------------------------------------------------------------------------------
    def _verdict_for_current(self, status: Status | None) -> None:
        step_id = self.current_step_id()
        if step_id is None:
            self.statusBar().showMessage(self.tr("Select a step to give it a verdict."), 4000)
            return
        self.set_verdict(step_id, status)

    def set_verdict(self, step_id: str, status: Status | None) -> None:
        self.run.set_manual(step_id, status)
        self._changed()

    def _on_text_edited(self, step_id: str, field: str, text: str) -> None:
        rec = self.run.record(step_id)
        if field == "actual":
            rec.actual = text
        else:
            rec.note = text
        self._note_saver.changed()  # on disk within NOTE_SAVE_DELAY, typing or not

    def _on_review_toggled(self, step_id: str, item_id: str, ticked: bool) -> None:
        self.run.record(step_id).review[item_id] = ticked
        self.save_now()

    def apply_check_result(self, result: CheckResult) -> None:
        """A check finished: its result lands on its step (a manual verdict still wins)."""
        self.run.add_check(result)
        self._changed(checks=True)

    def _changed(self, checks: bool = False) -> None:
        from amogui.ui.checklist_model import NodeKind

        self.model.refresh()
        self.panel.update_status()
        node = self.current_node()
        if node and node[0] == NodeKind.CRITERION.value:
            self._on_current_changed(self.tree.currentIndex(), self.tree.currentIndex())
        if checks:
            self.panel.update_checks()
        self.update_header()
        self.save_now()
        self.run_changed.emit()

    def save_now(self) -> None:
        self._note_saver.saved()
        self.autosaver.save(self.run)

    def _start_note_timer(self, delay: float, _due: Callable[[], None]) -> Callable[[], None]:
        # The SaveTimer's hook: one reusable single-shot timer, which calls its flush.
        self._note_timer.start(round(delay * 1000))
        return self._note_timer.stop

    def _on_focus_changed(self, _old: object, _new: object) -> None:
        """Typed text is saved when the focus leaves it (to another field or app)."""
        if not self._shut_down and self.completed:
            self._note_saver.flush()

    # -- runs -----------------------------------------------------------------------------------
    def new_run(self) -> None:
        """Start a fresh run; the old one stays on disk and in Past runs."""
        if self.checks.running:
            self.statusBar().showMessage(self.tr("Cancel the running checks first."), 4000)
            return
        self.save_now()
        self.run = self._fresh_run()
        self.autosaver.save(self.run)
        self.autosaver.set_current(self.run.run_id)
        self._bind_run(select_first=True)
        self.log_panel.set_exchanges(self.run.exchanges)
        self.statusBar().showMessage(self.tr("New run started; the previous one is kept."), 5000)

    def show_past_runs(self) -> None:
        from amogui.ui.runs_dialog import PastRunsDialog

        self.save_now()
        dialog = PastRunsDialog(self.store, self.run.run_id, self)
        dialog.run_chosen.connect(lambda run_id: self.spawn(self.reopen_run(run_id)))
        dialog.open()
        self.past_runs_dialog = dialog

    async def reopen_run(self, run_id: str) -> None:
        import asyncio

        self.save_now()
        await asyncio.to_thread(self.autosaver.flush)
        try:
            run = await asyncio.to_thread(self.store.load, run_id)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            self.message_bar.show_message(
                self.tr("Could not open run {id}: {err}").format(id=run_id, err=exc), "error"
            )
            return
        self.run = run
        self.autosaver.set_current(run.run_id)
        self._bind_run(select_first=True)
        self.log_panel.set_exchanges(run.exchanges)
        self.statusBar().showMessage(self.tr("Reopened run {id}.").format(id=run_id), 5000)

    # -- attachments --------------------------------------------------------------------------
    def _ask_attach(self, step_id: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a file to this step"))
        if path:
            self.spawn(self.attach_file(step_id, Path(path)))

    async def attach_file(self, step_id: str, path: Path) -> bool:
        """Keep a copy of `path` with the run, on the step (read and hashed off the GUI
        thread); a file that cannot be attached is a message."""
        import asyncio

        from amogui.run.attachments import AttachmentError, add_attachment, next_name

        run = self.run
        name = next_name(run, path.name, self._attaching)
        self._attaching.add(name)  # a second file attached meanwhile gets the next number
        try:
            entry = await asyncio.to_thread(add_attachment, run, step_id, path, name)
        except AttachmentError as exc:
            self.message_bar.show_message(str(exc), "error")
            return False
        finally:
            self._attaching.discard(name)
        run.attachments.append(entry)
        self.autosaver.save(run)  # the run it was attached to, even if another is open now
        if run is self.run:
            self.panel.update_attachments()
        self.statusBar().showMessage(self.tr("Attached {name}.").format(name=path.name), 4000)
        return True

    def remove_attachment(self, step_id: str, name: str) -> None:
        """Take an attachment off its step; the kept copy goes too (off the GUI thread)."""
        import asyncio

        from amogui.run.attachments import discard_copy

        entry = next(
            (a for a in self.run.attachments if a.get("step") == step_id and a.get("name") == name),
            None,
        )
        if entry is None:
            return
        self.run.attachments.remove(entry)
        self.save_now()
        self.panel.update_attachments()
        self.spawn(asyncio.to_thread(discard_copy, self.run.run_id, entry))
        self.statusBar().showMessage(self.tr("Removed {name}.").format(name=name), 4000)

    # -- reports ------------------------------------------------------------------------------
    def _ask_export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from amogui.ui.report_actions import export_report

        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the report into"))
        if folder:
            self.spawn(export_report(self, Path(folder)))

    def _ask_verify(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from amogui.ui.report_actions import verify_report

        folder = QFileDialog.getExistingDirectory(self, self.tr("Verify the report in"))
        if folder:
            self.spawn(verify_report(self, Path(folder)))

    # -- checklists -------------------------------------------------------------------------------
    def _ask_open_checklist(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open checklist"),
            "",
            self.tr("Markdown (*.md *.markdown);;All files (*)"),
        )
        if path:
            self.spawn(self.open_checklist(Path(path)))

    async def open_checklist(self, path: Path) -> bool:
        """Load another checklist off the GUI thread; a broken one never replaces the old."""
        import asyncio

        from amogui.checklist import ChecklistError, load_checklist

        try:
            checklist = await asyncio.to_thread(load_checklist, path)
        except ChecklistError as exc:
            self.message_bar.show_message(str(exc), "error")
            return False
        except OSError as exc:
            self.message_bar.show_message(
                self.tr("Could not read {path}: {err}").format(path=path, err=exc.strerror or exc),
                "error",
            )
            return False
        if not checklist.decidable_steps():
            self.message_bar.show_message(
                self.tr(
                    "{name} has no steps amogui understands, so the current checklist stays open."
                ).format(name=path.name),
                "error",
            )
            return False
        self.set_checklist(checklist)
        return True

    def set_checklist(self, checklist: Checklist) -> None:
        self.checklist = checklist
        # Verdicts are keyed by stable step ids: those still present keep their verdicts.
        self.run.checklist_name = checklist.title
        self.run.checklist_source = checklist.source
        self.run.checklist_sha256 = checklist.sha256
        self._bind_run(select_first=True)
        self.message_bar.hide()
        self._show_checklist_notes(checklist)
        self.save_now()

    def _show_checklist_notes(self, checklist: Checklist) -> None:
        if checklist.repair:
            self.statusBar().showMessage(
                self.tr("Encoding: {repair}").format(repair=checklist.repair)
            )
        if checklist.warnings:
            shown = "<br>".join(checklist.warnings[:6])
            more = len(checklist.warnings) - 6
            if more > 0:
                shown += "<br>" + self.tr("... and {n} more.").format(n=more)
            self.message_bar.show_message(
                self.tr("Parts of this checklist were not understood:<br>{list}").format(
                    list=shown
                ),
                "warning",
            )

    # -- async helpers ----------------------------------------------------------------------------
    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a coroutine on the qasync loop; a failure becomes a message, never a crash."""
        import asyncio

        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("background task failed", exc_info=exc)
            self.message_bar.show_message(
                self.tr("Something went wrong: {err}").format(err=exc), "error"
            )

    # -- closing ----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop everything and keep everything: called on close and when the app quits."""
        if self._shut_down:
            return
        self._shut_down = True
        if not self.completed:
            return  # closed before it was complete: nothing was recorded yet
        from amogui.ui.window_state import save_window

        if self.checks.cancel_event is not None:
            self.checks.cancel_event.set()
        self.leads_panel.cancel()
        self.save_now()  # the last keystroke of a note is not lost
        self.autosaver.close()
        save_window(self)
        if self.session is not None:
            self.session.stop_sandbox_now()
        for task in list(self._tasks):
            task.cancel()
        if self._leads_client is not None:
            client, self._leads_client = self._leads_client, None
            self.spawn(client.aclose())  # after the cancel above: this one must finish

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
