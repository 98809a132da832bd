"""Every command of the window's menus, in one table: id, text, shortcuts, menu, the
window's method that carries it out, and when it is enabled.

The window builds its menus and actions from this table only (`MainWindow._build_commands`),
so Help > Keyboard shortcuts, which lists the menus' actions, lists exactly these. A new
command is one row here and one method on the window.

Texts are English msgids (`_t` marks them for the extraction); a text with ``{name}`` is a
verdict command, whose name is the verdict's verb. Every command has a shortcut, so Help >
Keyboard shortcuts (F1) lists every one with its key. A command marked `first` wins its
key over the focused widget (the tree moves its cursor with Ctrl+Down, a text field
deletes to the end of the line with Ctrl+K): see `amogui.ui.keyboard`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

# Menus, in menu-bar order (Help, from amogui.ui.shortcuts_dialog, comes last).
MENUS: tuple[tuple[str, object], ...] = (
    ("file", QT_TRANSLATE_NOOP("MainWindow", "&File")),
    ("step", QT_TRANSLATE_NOOP("MainWindow", "&Step")),
    ("view", QT_TRANSLATE_NOOP("MainWindow", "&View")),
    ("checks", QT_TRANSLATE_NOOP("MainWindow", "&Checks")),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "S&ettings")),
)

# When a command can be used.
ALWAYS = "always"
IDLE = "idle"  # no checks are running
RUNNING = "running"  # checks are running
TARGETS = "targets"  # the profiles and the keychain have been read


@dataclass(frozen=True)
class Command:
    id: str
    text: str  # msgid
    menu: str
    handler: str  # the window's method
    shortcuts: tuple[str, ...] = ()
    enabled_when: str = ALWAYS
    args: tuple[object, ...] = ()
    separator_before: bool = False
    checkable: bool = False
    context: str = "MainWindow"  # the translation context of `text`
    first: bool = False  # its keys win over the focused widget's own use of them


def _t(text: str) -> str:
    """A command's text, marked for extraction (`_t` is one of the extraction keywords)."""
    return text


def _verdict(status: str, key: str) -> Command:
    return Command(
        f"step.{status}",
        _t("Mark {name}"),
        "step",
        "mark_current",
        (key,),
        args=(status,),
        first=True,
    )


COMMANDS: tuple[Command, ...] = (
    Command("file.open", _t("&Open checklist..."), "file", "ask_open_checklist", ("Ctrl+O",)),
    Command(
        "file.new-run",
        _t("&New run"),
        "file",
        "new_run",
        ("Ctrl+N",),
        IDLE,
        separator_before=True,
    ),
    Command("file.past-runs", _t("&Past runs..."), "file", "show_past_runs", ("Ctrl+H",), IDLE),
    Command(
        "file.export",
        _t("&Export report..."),
        "file",
        "ask_export",
        ("Ctrl+E",),
        separator_before=True,
    ),
    Command("file.verify", _t("&Verify report..."), "file", "ask_verify", ("Ctrl+Shift+V",)),
    Command("file.quit", _t("&Quit"), "file", "close", ("Ctrl+Q",), separator_before=True),
    _verdict("passed", "Ctrl+1"),
    _verdict("failed", "Ctrl+2"),
    _verdict("blocked", "Ctrl+3"),
    _verdict("skipped", "Ctrl+4"),
    Command(
        "step.clear",
        _t("Clear verdict"),
        "step",
        "mark_current",
        ("Ctrl+0",),
        args=(None,),
        first=True,
    ),
    Command(
        "step.next-undecided",
        _t("Next undecided step"),
        "step",
        "go_undecided",
        ("Ctrl+Down", "Alt+PgDown"),
        args=(1,),
        separator_before=True,
        first=True,
    ),
    Command(
        "step.previous-undecided",
        _t("Previous undecided step"),
        "step",
        "go_undecided",
        ("Ctrl+Up", "Alt+PgUp"),
        args=(-1,),
        first=True,
    ),
    Command(
        "step.api-test",
        _t("Run this step's &API test"),
        "step",
        "run_current_api_test",
        ("Ctrl+R",),
        separator_before=True,
    ),
    Command(
        "step.attach",
        _t("Attach a &file to this step..."),
        "step",
        "attach_current",
        ("Ctrl+Shift+A",),
    ),
    Command(
        "view.checklist",
        _t("The &checklist"),
        "view",
        "show_tab",
        ("Alt+1",),
        args=(0,),
        first=True,
    ),
    Command("view.leads", _t("The &leads"), "view", "show_tab", ("Alt+2",), args=(1,), first=True),
    Command(
        "view.request-log",
        str(QT_TRANSLATE_NOOP("LogPanel", "Request log")),
        "view",
        "toggle_log",
        ("Ctrl+L",),
        checkable=True,
        context="LogPanel",
        separator_before=True,
    ),
    Command(
        "view.find-in-log",
        _t("&Find in the request log"),
        "view",
        "find_in_log",
        ("Ctrl+Shift+F",),
    ),
    Command(
        "checks.run-all",
        _t("Run &all checks"),
        "checks",
        "run_all_checks",
        ("F5",),
        IDLE,
        first=True,
    ),
    Command(
        "checks.run-step",
        _t("Run this &step's checks"),
        "checks",
        "run_current_step_checks",
        ("Shift+F5",),
        IDLE,
        first=True,
    ),
    Command(
        "checks.cancel",
        _t("&Cancel checks"),
        "checks",
        "cancel_checks",
        ("Ctrl+.",),
        RUNNING,
        first=True,
    ),
    # Always enabled: while the checks run it brings the Connect AMO CRM dialog back.
    Command(
        "checks.connect",
        _t("Connect AMO CRM..."),
        "checks",
        "connect_amocrm",
        ("Ctrl+K",),
        first=True,
    ),
    Command(
        "settings.profiles",
        _t("&Profiles and users..."),
        "settings",
        "show_settings",
        ("Ctrl+,",),
        TARGETS,
    ),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def enabled(command: Command, *, running: bool, targets: bool) -> bool:
    if command.enabled_when == IDLE:
        return not running
    if command.enabled_when == RUNNING:
        return running
    if command.enabled_when == TARGETS:
        return targets
    return True
