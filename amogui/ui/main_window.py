"""The main window: a view of the service (checklist tree, step panel, progress, menus).

The window holds no run state: the run, the checklist and the target are the service's
(`amogui.service.service.Service`). It shows them, passes what the tester does on to the
service, and redraws when the service's events (through `ServiceEvents`) say something
changed. Its menus and shortcuts come from one table, `amogui.ui.commands`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from amogui.base.savetimer import SaveTimer
from amogui.ui.commands import BY_ID, COMMANDS, MENUS, Command, enabled
from amogui.ui.header import Header
from amogui.ui.i18n import Labels, relabel_qt_parts
from amogui.ui.keyboard import WindowKeysFirst
from amogui.ui.message_bar import MessageBar
from amogui.ui.tell import Message, shown
from amogui.ui.window_state import restore_geometry, restore_window, save_window

# Only what the first paint needs is imported at module level: the window shows as a
# shell (header, menu titles, an empty tree) and `complete()` builds the rest once it is
# up. The function-local imports below keep the core (the service, the checklist, the
# run, the checks, asyncio) and the views built on it out of that first paint.
if TYPE_CHECKING:
    import asyncio

    from PySide6.QtGui import QCloseEvent, QResizeEvent

    from amogui.backend.client import BackendClient
    from amogui.checklist.model import Checklist
    from amogui.run.exchange import Exchange
    from amogui.run.state import CheckResult, Run, Status
    from amogui.service.service import Service
    from amogui.settings.store import SettingsStore
    from amogui.ui.checklist_model import ChecklistModel
    from amogui.ui.checklist_tree import ChecklistTree
    from amogui.ui.checks_controller import ChecksController
    from amogui.ui.i18n import Translations
    from amogui.ui.language_menu import LanguageMenu
    from amogui.ui.leads import LeadsPanel
    from amogui.ui.log_panel import LogPanel
    from amogui.ui.oauth_dialog import ConnectDialog
    from amogui.ui.report_actions import ReportActions
    from amogui.ui.runs_dialog import PastRunsDialog
    from amogui.ui.service_events import ServiceEvents
    from amogui.ui.settings_dialog import SettingsDialog
    from amogui.ui.shortcuts_dialog import HelpMenu
    from amogui.ui.step_panel import StepPanel

log = logging.getLogger(__name__)

# Typed text (notes, actual result) is on disk at most this long after the first keystroke
# not yet saved, however fast the typing (amogui.base.savetimer), and at once when the
# focus moves or the window closes.
NOTE_SAVE_DELAY = 1.0  # seconds
STATUS_MS = 5000
TREE_WIDTH = 380  # the checklist tree's first width, in pixels
TREE_MIN = 200
PANEL_MIN = 400
LOG_SHARE = 0.35  # the request log takes at most this share of a short window's height


class MainWindow(QMainWindow):
    run_changed = Signal()  # a verdict, note, review tick or check result changed

    def __init__(self, service: Service | None = None, *, deferred: bool = False) -> None:
        """The window over `service` (made when the window completes, if None). With
        `deferred`, only its shell (header, menu titles, an empty tree) is built, so it can
        show at once, and the caller calls `complete()` once it is up."""
        super().__init__()
        self.setObjectName("mainWindow")
        # Texts built here are re-set when the language changes (see changeEvent).
        self.labels = Labels()
        self.labels.set(
            self.setWindowTitle, lambda: self.tr("amogui - AMO CRM integration checklist")
        )
        self.resize(1280, 820)
        self._service = service
        self._tasks: set[asyncio.Task[Any]] = set()
        self._shut_down = False
        self._busy: Message = None  # the status line that stays until the next
        self.completed = False
        self.targets_ready = False  # the profiles and the keychain have been read
        self.ipc_server: Any = None  # the single-instance server app.py starts
        self.checklist_tree: ChecklistTree | None = None
        self.actions_by_id: dict[str, QAction] = {}
        self.help_menu: HelpMenu | None = None
        self.language_menu: LanguageMenu | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.past_runs_dialog: PastRunsDialog | None = None
        self._leads_client: BackendClient | None = None
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_saver = SaveTimer(self.save_now, NOTE_SAVE_DELAY, self._start_note_timer)
        self._note_timer.timeout.connect(self._note_saver.flush)
        self._build_ui()
        self.menus: dict[str, QMenu] = {key: self._menu(title) for key, title in MENUS}
        restore_geometry(self)  # the size and place the user left last time, before showing
        if not deferred:
            self.complete()

    # -- the service's state, read through ----------------------------------------------------
    @property
    def service(self) -> Service:
        assert self._service is not None, "the window is not complete yet"
        return self._service

    @property
    def run(self) -> Run:
        return self.service.run

    @property
    def checklist(self) -> Checklist:
        return self.service.checklist

    @property
    def model(self) -> ChecklistModel | None:
        return self.checklist_tree.model if self.checklist_tree is not None else None

    @property
    def file_menu(self) -> QMenu:
        return self.menus["file"]

    @property
    def step_menu(self) -> QMenu:
        return self.menus["step"]

    @property
    def view_menu(self) -> QMenu:
        return self.menus["view"]

    @property
    def checks_menu(self) -> QMenu:
        return self.menus["checks"]

    def action(self, command_id: str) -> QAction:
        return self.actions_by_id[command_id]

    @property
    def open_action(self) -> QAction:
        return self.action("file.open")

    @property
    def verdict_actions(self) -> dict[Status, QAction]:
        from amogui.run.state import Status

        return {s: self.action(f"step.{s.value}") for s in Status if s is not Status.NOT_RUN}

    # -- completing the window ---------------------------------------------------------------
    def complete(self) -> None:
        """Build what the first paint does not need: the step panel, the commands, the
        checks, the log and Leads docks, and bind the run (read from disk)."""
        for step in self.completion_steps():
            step()

    def completion_steps(self) -> list[Callable[[], None]]:
        """`complete()` in three parts of a few tens of ms each, in order, so a caller can
        let the window paint and answer between them."""
        return [self._complete_panel, self._complete_checks, self._complete_run]

    def _complete_panel(self) -> None:
        from amogui.service.service import Service
        from amogui.ui.checklist_tree import ChecklistTree
        from amogui.ui.service_events import ServiceEvents

        if self._service is None:
            self._service = Service()
        self.events: ServiceEvents = ServiceEvents(self.service, self)
        self.events.happened.connect(self._on_event)
        self._build_step_panel()
        self.checklist_tree = ChecklistTree(self.tree, self.panel, self.service, self.save_now)

    def _complete_checks(self) -> None:
        from amogui.ui.checks_controller import ChecksController
        from amogui.ui.oauth_dialog import ConnectDialog
        from amogui.ui.report_actions import ReportActions

        self.checks: ChecksController = ChecksController(self.service, self.events, self.tell, self)
        self._build_log_panel()
        self._build_leads_tab()
        self.connect_dialog: ConnectDialog = ConnectDialog(self.checks, self)
        self.reports: ReportActions = ReportActions(
            self.service, self, self.tell, self.spawn, self.save_now, self.message_bar.offer
        )
        self.panel.step_checks_requested.connect(self.run_step_checks)
        self.panel.api_test_requested.connect(
            lambda step_id, n: self.spawn(self.checks.run_api_test(step_id, n))
        )
        self._build_commands()
        if self.service.target.has_stores:
            self.targets_are_ready()

    def _complete_run(self) -> None:
        from amogui.ui.shortcuts_dialog import install_help_menu

        if not self.service.has_run:
            self.service.resume_or_new()  # its RunReplaced binds it
        else:
            self._run_replaced("resumed")
        self._show_checklist_notes(self.checklist)
        self.help_menu = install_help_menu(self)
        self._name_for_assistive_tech()
        restore_window(self, geometry=False)  # the docks, splitter and tab left last time
        self.tree.setFocus()  # the keyboard starts in the checklist
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.completed = True

    def targets_are_ready(self) -> None:
        """The profiles and the keychain have been read: Settings works, Leads can load."""
        self.targets_ready = True
        from amogui.ui.settings_dialog import keychain_warning

        secrets = self.service.target.secrets
        if not secrets.persistent:
            self.message_bar.show_message(keychain_warning, "warning")
        self._update_enabled()
        self._refresh_leads_source()

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

    def _retell_busy(self) -> None:
        """The status line that stays (a "busy" one), worded again in the new language."""
        bar = self.statusBar()
        if self._busy is not None and bar.currentMessage():
            bar.showMessage(shown(self._busy))

    def retranslate(self) -> None:
        """Re-label what was built in code; child widgets re-label themselves."""
        self.labels.refresh()
        self._retell_busy()
        relabel_qt_parts(self)
        if self.model is not None:
            self._bind_run()  # the tree's labels and the step page; the selection stays

    def _build_ui(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = Header()
        # The labels by name, for the accessibility names below and for tests.
        self.title_label = self.header.title_label
        self.progress_label = self.header.progress_label
        self.target_label = self.header.target_label
        outer.addWidget(self.header.widget)
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
        self.splitter.setObjectName("checklistSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(QWidget())  # the step panel's place until complete()
        # The tree keeps the width it has (long titles wrap, never shorter than TREE_MIN);
        # a larger or smaller window gives or takes the step panel's width.
        self.tree.setMinimumWidth(TREE_MIN)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([TREE_WIDTH, 1280 - TREE_WIDTH])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "")
        self.labels.set(lambda t: self.tabs.setTabText(0, t), lambda: self.tr("Checklist"))
        outer.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _menu(self, title: object) -> QMenu:
        """A menu of the menu bar (Help comes last, later)."""
        menu = QMenu(self.menuBar())
        text = str(title)
        self.labels.set(menu.setTitle, lambda: QCoreApplication.translate("MainWindow", text))
        self.menuBar().addMenu(menu)
        return menu

    def _build_step_panel(self) -> None:
        from amogui.ui.step_panel import StepPanel

        self.panel: StepPanel = StepPanel()
        self.panel.verdict_requested.connect(self.set_verdict)
        self.panel.text_edited.connect(self._on_text_edited)
        self.panel.review_toggled.connect(self.service.set_review)
        self.panel.attach_requested.connect(self._ask_attach)
        self.panel.attachment_removed.connect(self.service.remove_attachment)
        self.panel.link_activated.connect(self.open_link)
        self.panel.setMinimumWidth(PANEL_MIN)
        placeholder = self.splitter.replaceWidget(1, self.panel)
        if placeholder is not None:
            placeholder.deleteLater()

    def _build_log_panel(self) -> None:
        from PySide6.QtCore import Qt

        from amogui.ui.log_panel import LogPanel

        self.log_panel: LogPanel = LogPanel(lambda: self.service.target.token("A"))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_panel)
        self.log_panel.hide()

    def _build_leads_tab(self) -> None:
        from amogui.ui.leads import LeadsPanel

        self.leads_panel: LeadsPanel = LeadsPanel()
        self.leads_panel.set_source(None, None)
        index = self.tabs.addTab(self.leads_panel, "")
        self.labels.set(lambda t: self.tabs.setTabText(index, t), lambda: self.tr("Leads"))

    def _build_commands(self) -> None:
        """Every menu command, from the one table (`amogui.ui.commands.COMMANDS`)."""
        for command in COMMANDS:
            action = self._command_action(command)
            self.actions_by_id[command.id] = action
            menu = self.menus[command.menu]
            if command.separator_before:
                menu.addSeparator()
            menu.addAction(action)
        log_action = self.action("view.request-log")
        self.log_panel.visibilityChanged.connect(log_action.setChecked)
        first = [self.action(c.id).shortcuts() for c in COMMANDS if c.first]
        self.keys_first = WindowKeysFirst(self, [k for keys in first for k in keys])
        self._update_enabled()

    def _command_action(self, command: Command) -> QAction:
        """An action of the window; its texts are re-read when the language changes."""
        action = QAction(self)
        action.setObjectName(command.id)
        text = self._command_text(command)
        self.labels.set(action.setText, text)
        if command.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in command.shortcuts])
            key = QKeySequence(command.shortcuts[0]).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.labels.set(action.setToolTip, lambda: f"{text().replace('&', '')} ({key})")
        action.setCheckable(command.checkable)
        handler = getattr(self, command.handler)
        args = command.args
        action.triggered.connect(lambda _checked=False: handler(*args))
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    @staticmethod
    def _command_text(command: Command) -> Callable[[], str]:
        msgid, context = command.text, command.context
        if "{name}" not in msgid:
            return lambda: QCoreApplication.translate(context, msgid)
        from amogui.run.state import Status
        from amogui.ui.status_text import verdict_verb

        status = Status(str(command.args[0]))
        return lambda: QCoreApplication.translate(context, msgid).format(name=verdict_verb(status))

    def _update_enabled(self) -> None:
        running = self.checks.running
        for command_id, action in self.actions_by_id.items():
            action.setEnabled(
                enabled(BY_ID[command_id], running=running, targets=self.targets_ready)
            )

    # -- what the service tells ---------------------------------------------------------------
    def _on_event(self, event: object) -> None:
        from amogui.service import events
        from amogui.ui.service_messages import messages_for

        match event:
            case events.RunReplaced(why=why):
                self._run_replaced(why)
            case events.ChecklistReplaced():
                self._bind_run(select_first=True)
                self.message_bar.hide()
                self._show_checklist_notes(self.checklist)
            case events.StepEdited(what="attachments"):
                self.panel.update_attachments()
            case events.StepEdited(what=what) if what in ("verdict", "review"):
                self._changed()
            case events.ResultRecorded(result=result):
                self._changed(checks=True)
                self.log_panel.result_recorded(result)
            case events.ExchangeRecorded(exchange=exchange):
                # The log stays where the tester left it: shown or hidden, never opened.
                self.log_panel.add_exchange(exchange)
            case events.TargetChanged() | events.SandboxState():
                self.update_header()
            case events.TokensChanged():
                self._refresh_leads_source()
            case events.ChecksRunning():
                self._update_enabled()
        for message, level in messages_for(event):
            self.tell(message, level)

    def tell(self, text: Message, level: str = "status") -> None:
        """What the window's collaborators use to tell the tester something: a sentence, a
        function that words it or a core Text (the last two re-worded on a language
        switch while they are on screen)."""
        if level == "status":
            self.statusBar().showMessage(shown(text), STATUS_MS)
        elif level == "busy":
            self._busy = text
            self.statusBar().showMessage(shown(text))
        else:
            self.message_bar.show_message(text, level)

    def _run_replaced(self, why: str) -> None:
        self._bind_run(select_first=True)
        self.log_panel.set_exchanges(self.run.exchanges, self.run.checks)
        if why == "new" and self.completed:
            self.tell(self.tr("New run started; the previous one is kept."), "status")
        elif why == "reopened":
            self.tell(self.tr("Reopened run {id}.").format(id=self.run.run_id), "status")

    def _refresh_leads_source(self) -> None:
        """Point the Leads tab at the current profile with user A's token."""
        old, self._leads_client = self._leads_client, None
        if old is not None:
            self.spawn(old.aclose())
        target = self.service.target
        if not self.targets_ready or not target.profile.base_url:
            self.leads_panel.set_source(None, None)
            return
        from amogui.backend.client import BackendClient

        self._leads_client = BackendClient(target.profile, self.service.recorder)
        self.leads_panel.set_source(self._leads_client, target.token("A"))

    # -- commands (the table's handlers) ------------------------------------------------------
    def ask_open_checklist(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open checklist"),
            "",
            self.tr("Markdown (*.md *.markdown);;All files (*)"),
        )
        if path:
            self.spawn(self.open_checklist(Path(path)))

    def new_run(self) -> None:
        """Start a fresh run; the old one stays on disk and in Past runs."""
        if self.service.running:
            self.tell(self.tr("Cancel the running checks first."), "status")
            return
        self.save_now()
        self.service.new_run()

    def show_past_runs(self) -> None:
        from amogui.ui.runs_dialog import PastRunsDialog

        self.save_now()
        dialog = PastRunsDialog(self.service.past_runs, self.run.run_id, self)
        dialog.run_chosen.connect(lambda run_id: self.spawn(self.reopen_run(run_id)))
        dialog.open()
        self.past_runs_dialog = dialog

    def ask_export(self) -> None:
        self.reports.ask_export()

    @property
    def export_dialog(self) -> Any:
        return self.reports.export_dialog

    def export_to(self, folder: Path) -> Any:
        return self.reports.export_to(folder)

    def ask_verify(self) -> None:
        self.reports.ask_verify()

    def mark_current(self, status: str | None) -> None:
        from amogui.run.state import Status

        node_id = self.checklist_tree.current_verdict_id() if self.checklist_tree else None
        if node_id is None:
            self.tell(self.tr("Select a step to give it a verdict."), "status")
            return
        self.set_verdict(node_id, Status(status) if status else None)

    def open_link(self, href: str) -> None:
        """A link of the step panel: an exchange opens the request log at it; a check, a
        step, a problem or a criterion is selected in the tree."""
        kind, _, target = href.partition(":")
        if kind == "exchange":
            self.show_exchange(target)
            return
        if kind == "check":
            from amogui.checks.registry import BY_ID

            result = self.run.checks.get(target)
            spec = BY_ID.get(target)
            target = (result.step_id if result else None) or (spec.step_id if spec else "")
        if not self.select_step(target):
            self.tell(self.tr("{id} is not in this checklist.").format(id=target), "status")

    def show_exchange(self, exchange_id: str) -> None:
        """The request log, open at one exchange (its filter cleared if it hid it)."""
        self.log_panel.show()
        self.log_panel.raise_()
        self.fit_log()
        if self.log_panel.select(exchange_id, reveal=True):
            self.log_panel.table.setFocus()
        else:
            self.tell(self.tr("{id} is not in the request log.").format(id=exchange_id), "status")

    def go_undecided(self, direction: int) -> None:
        """Jump to the next (1) or previous (-1) decidable step without a verdict."""
        if self.checklist_tree is None:
            return
        found = self.service.next_undecided(
            self.checklist_tree.decidable_order(), self.current_step_id(), direction
        )
        if found is not None:
            self.select_step(found)
            return
        self.tell(
            self.tr("No undecided step after this one.")
            if direction > 0
            else self.tr("No undecided step before this one."),
            "status",
        )

    def toggle_log(self) -> None:
        self.log_panel.setVisible(self.log_panel.isHidden())
        self.fit_log()

    def fit_log(self) -> None:
        """Docked under the checklist, the request log takes at most LOG_SHARE of the
        window's height, so a short window (1024x640) keeps the checklist readable."""
        from PySide6.QtCore import Qt

        log = self.log_panel
        if log.isHidden() or log.isFloating():
            return
        if self.dockWidgetArea(log) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return
        most = int(self.height() * LOG_SHARE)
        if log.height() > most:
            self.resizeDocks([log], [most], Qt.Orientation.Vertical)
        # The checklist got shorter: its selected step stays in sight.
        QTimer.singleShot(0, lambda: self.tree.scrollTo(self.tree.currentIndex()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.completed:
            self.fit_log()

    def run_all_checks(self) -> None:
        self.checks.start(None)

    def run_current_step_checks(self) -> None:
        self.run_step_checks(self.current_step_id() or "")

    def cancel_checks(self) -> None:
        self.checks.cancel()

    def connect_amocrm(self) -> None:
        """The OAuth leg alone: authorize URL, browser, deep link, exchange. While checks
        run, the Connect AMO CRM dialog comes back (it may have been hidden with Esc)."""
        self.connect_dialog.bring_back()
        if not self.checks.running:
            self.checks.start(["exchange.code"])

    def run_current_api_test(self) -> None:
        """The selected step's API test (the first, when it has several)."""
        step_id = self.current_step_id()
        step = self.checklist.step(step_id) if step_id else None
        if step is None or not step.api_tests:
            self.tell(self.tr("This step has no API test."), "status")
            return
        self.spawn(self.checks.run_api_test(step.id, 0))

    def attach_current(self) -> None:
        step_id = self.current_step_id()
        if step_id is None:
            self.tell(self.tr("Select a step to attach a file to it."), "status")
            return
        self._ask_attach(step_id)

    def show_tab(self, index: int) -> None:
        """The Checklist (0) or the Leads (1) tab, with the keyboard in it."""
        self.tabs.setCurrentIndex(index)
        target = self.tree if index == 0 else self.leads_panel.table
        target.setFocus()

    def find_in_log(self) -> None:
        """The request log, open, with the keyboard in its search box."""
        self.log_panel.show()
        self.log_panel.raise_()
        self.fit_log()
        self.log_panel.search_edit.setFocus()
        self.log_panel.search_edit.selectAll()

    def show_settings(self) -> None:
        from amogui.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.service.target, self)
        dialog.profile_chosen.connect(lambda name: self.spawn(self.service.target.activate(name)))
        self.settings_dialog = dialog
        dialog.open()

    # -- more of what the tester does -----------------------------------------------------------
    def run_step_checks(self, step_id: str) -> None:
        from amogui.checks.registry import checks_for_step

        ids = [c.id for c in checks_for_step(step_id)]
        if not ids:
            self.tell(self.tr("This step has no automatic checks."), "status")
            return
        self.checks.start(ids)

    def deliver_deeplink(self, url: str, via: str) -> None:
        """A deep link from the IPC server or the macOS file-open event (the service says
        whether it was taken)."""
        self.checks.deliver(url, via)

    def set_verdict(self, step_id: str, status: Status | None) -> None:
        self.service.set_verdict(step_id, status)

    def _on_text_edited(self, step_id: str, field: str, text: str) -> None:
        self.service.set_text(step_id, field, text, save=False)
        self._note_saver.changed()  # on disk within NOTE_SAVE_DELAY, typing or not

    def apply_check_result(self, result: CheckResult) -> None:
        """A result from elsewhere (an embedder, a test) lands on its step."""
        self.service.record_result(result)

    def add_exchange(self, exchange: Exchange) -> None:
        """An exchange from elsewhere (an embedder, a test) joins the run."""
        self.service.record_exchange(exchange)

    def save_now(self) -> None:
        self._note_saver.saved()
        if self._service is not None:
            self.service.save()

    def _start_note_timer(self, delay: float, _due: Callable[[], None]) -> Callable[[], None]:
        # The SaveTimer's hook: one reusable single-shot timer, which calls its flush.
        self._note_timer.start(round(delay * 1000))
        return self._note_timer.stop

    def _on_focus_changed(self, _old: object, _new: object) -> None:
        """Typed text is saved when the focus leaves it (to another field or app)."""
        if not self._shut_down and self.completed:
            self._note_saver.flush()

    async def reopen_run(self, run_id: str) -> bool:
        if self.service.running:
            self.tell(self.tr("Cancel the running checks first."), "status")
            return False
        self.save_now()
        return await self.service.reopen_run(run_id)

    def _ask_attach(self, step_id: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a file to this step"))
        if path:
            self.spawn(self.attach_file(step_id, Path(path)))

    async def attach_file(self, step_id: str, path: Path) -> bool:
        return await self.service.attach(step_id, path)

    async def open_checklist(self, path: Path) -> bool:
        """Load another checklist off the GUI thread; a broken one never replaces the old."""
        return await self.service.open_checklist(path)

    def set_checklist(self, checklist: Checklist) -> None:
        self.service.set_checklist(checklist)

    # -- what is shown ------------------------------------------------------------------------
    def _changed(self, checks: bool = False) -> None:
        if self.checklist_tree is None:
            return
        self.checklist_tree.refresh(checks)
        self.update_header()
        self.run_changed.emit()

    def _bind_run(self, select_first: bool = False) -> None:
        assert self.checklist_tree is not None
        self.checklist_tree.bind(select_first)
        self.header.show_title(self.checklist.title)
        self.update_header()

    def update_header(self) -> None:
        self.header.show_progress(self.checklist, self.run)
        self.header.show_target(self.service.target.profile, self.sandbox_faults())

    def sandbox_faults(self) -> list[str]:
        """The switches the running sandbox has on (presets expanded where the sandbox
        says so), in name order; none when no sandbox runs."""
        sandbox = self.service.target.sandbox
        return sorted(sandbox.faults) if sandbox is not None else []

    def _show_checklist_notes(self, checklist: Checklist) -> None:
        if checklist.repair:
            repair = checklist.repair
            self.tell(lambda: self.tr("Encoding: {repair}").format(repair=repair), "busy")
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

    # -- selection (the checklist tree's) ----------------------------------------------------
    def current_node(self) -> tuple[str, str] | None:
        return self.checklist_tree.current_node() if self.checklist_tree is not None else None

    def current_step_id(self) -> str | None:
        return self.checklist_tree.current_step_id() if self.checklist_tree is not None else None

    def select_node(self, index: QModelIndex) -> None:
        if self.checklist_tree is not None:
            self.checklist_tree.select_node(index)

    def select_step(self, step_id: str) -> bool:
        return self.checklist_tree is not None and self.checklist_tree.select_step(step_id)

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
            self.tell(
                lambda: self.tr("Something went wrong: {err}").format(err=_rendered(exc)), "error"
            )

    # -- closing ----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop everything and keep everything: called on close and when the app quits."""
        if self._shut_down:
            return
        self._shut_down = True
        if not self.completed:
            return  # closed before it was complete: nothing was recorded yet
        self.leads_panel.cancel()
        self._note_saver.flush()  # the last keystrokes are saved by service.close below
        self._note_timer.stop()
        self.keys_first.detach()
        self.events.detach()
        self.service.close()  # cancels the checks, writes the run, stops the sandbox
        save_window(self)
        for task in list(self._tasks):
            task.cancel()
        if self._leads_client is not None:
            client, self._leads_client = self._leads_client, None
            self.spawn(client.aclose())  # after the cancel above: this one must finish

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _rendered(text: object) -> str:
    from amogui.base.i18n import render

    return render(text)
