"""Every command of the window's menus, in one table: id, text, shortcuts, menu, the
window's method that carries it out, and when it is enabled.

The window builds its menus and actions from this table only (`MainWindow._build_commands`),
so Help > Keyboard shortcuts, which lists the menus' actions, lists exactly these. A new
command is one row here and one method on the window.

Texts are English msgids (in the row's translation context, "MainWindow" unless it says
otherwise); a text with ``{name}`` is a verdict command, whose name is the verdict's verb.
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
    text: str  # msgid, "MainWindow" context
    menu: str
    handler: str  # the window's method
    shortcuts: tuple[str, ...] = ()
    enabled_when: str = ALWAYS
    args: tuple[object, ...] = ()
    separator_before: bool = False
    checkable: bool = False
    context: str = "MainWindow"  # the translation context of `text`


def _t(text: str) -> str:
    return str(QT_TRANSLATE_NOOP("MainWindow", text))


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
    Command("file.past-runs", _t("&Past runs..."), "file", "show_past_runs", (), IDLE),
    Command(
        "file.export",
        _t("&Export report..."),
        "file",
        "ask_export",
        ("Ctrl+E",),
        separator_before=True,
    ),
    Command("file.verify", _t("&Verify report..."), "file", "ask_verify"),
    Command("file.quit", _t("&Quit"), "file", "close", ("Ctrl+Q",), separator_before=True),
    Command(
        "step.passed", _t("Mark {name}"), "step", "mark_current", ("Ctrl+1",), args=("passed",)
    ),
    Command(
        "step.failed", _t("Mark {name}"), "step", "mark_current", ("Ctrl+2",), args=("failed",)
    ),
    Command(
        "step.blocked", _t("Mark {name}"), "step", "mark_current", ("Ctrl+3",), args=("blocked",)
    ),
    Command(
        "step.skipped", _t("Mark {name}"), "step", "mark_current", ("Ctrl+4",), args=("skipped",)
    ),
    Command("step.clear", _t("Clear verdict"), "step", "mark_current", ("Ctrl+0",), args=(None,)),
    Command(
        "step.next-undecided",
        _t("Next undecided step"),
        "step",
        "go_undecided",
        ("Ctrl+Down", "Alt+PgDown"),
        args=(1,),
        separator_before=True,
    ),
    Command(
        "step.previous-undecided",
        _t("Previous undecided step"),
        "step",
        "go_undecided",
        ("Ctrl+Up", "Alt+PgUp"),
        args=(-1,),
    ),
    Command(
        "view.request-log",
        str(QT_TRANSLATE_NOOP("LogPanel", "Request log")),
        "view",
        "toggle_log",
        ("Ctrl+L",),
        checkable=True,
        context="LogPanel",
    ),
    Command("checks.run-all", _t("Run &all checks"), "checks", "run_all_checks", ("F5",), IDLE),
    Command(
        "checks.run-step",
        _t("Run this &step's checks"),
        "checks",
        "run_current_step_checks",
        ("Shift+F5",),
        IDLE,
    ),
    Command(
        "checks.cancel",
        _t("&Cancel checks"),
        "checks",
        "cancel_checks",
        ("Ctrl+Pause", "Ctrl+."),
        RUNNING,
    ),
    Command(
        "checks.connect", _t("Connect AMO CRM..."), "checks", "connect_amocrm", ("Ctrl+K",), IDLE
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
