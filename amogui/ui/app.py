"""The window entry point: ``amogui``, ``amogui --sandbox``, ``amogui --profile NAME``.

Only the standard library at module top level (the CLI imports this module to build
its parser); Qt, qasync and the core load inside `run`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from amogui.checklist.model import Checklist
    from amogui.desktop.ipc import IPCServer
    from amogui.run.store import RunStore
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore
    from amogui.ui.main_window import MainWindow
    from amogui.ui.session import Session

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The window's options (--sandbox, --profile) live on the top-level parser."""


def load_start_checklist(store: RunStore) -> tuple[Checklist, list[str]]:
    """The checklist of the run being resumed when it can still be read, else the bundled one."""
    from PySide6.QtCore import QCoreApplication

    from amogui.checklist import ChecklistError, load_bundled, load_source

    run = store.current()
    if run is not None and run.checklist_source:
        try:
            return load_source(run.checklist_source), []
        except ChecklistError as exc:
            note = QCoreApplication.translate(
                "MainWindow", "{err} Showing the bundled checklist instead."
            ).format(err=exc)
            return load_bundled(), [note]
    return load_bundled(), []


async def start_session(session: Session, profile: str | None, sandbox: bool) -> None:
    """Point at the asked profile; an unknown name falls back to the last used one."""
    if not await session.activate(profile, fresh_sandbox=sandbox) and profile:
        await session.activate(None)


def start_ipc(window: MainWindow) -> IPCServer | None:
    """Listen for deep links that `amogui open-url` forwards; a failure is a message."""
    from PySide6.QtCore import QCoreApplication

    from amogui.desktop.ipc import AddressInUseError, IPCError, IPCServer

    server = IPCServer(parent=window)
    server.url_received.connect(window.deliver_deeplink)
    server.message_rejected.connect(
        lambda reason: window.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow", "A deep link message was refused: {reason}"
            ).format(reason=reason),
            8000,
        )
    )
    try:
        server.listen()
    except AddressInUseError:
        window.message_bar.show_message(
            QCoreApplication.translate(
                "MainWindow", "Another amogui is already running: deep links go to that window."
            ),
            "warning",
        )
        return None
    except IPCError as exc:
        window.message_bar.show_message(
            QCoreApplication.translate(
                "MainWindow", "Deep links cannot reach this window: {err}"
            ).format(err=exc),
            "warning",
        )
        return None
    return server


def install_file_open(app: QApplication, window: MainWindow) -> None:
    """macOS hands deep links to the running app as QEvent.FileOpen.

    Only there: the filter is a Python call for every event of the application."""
    if sys.platform != "darwin":
        return
    try:
        from amogui.desktop.handler import install_file_open_filter
    except ImportError:
        return
    install_file_open_filter(app, lambda url: window.deliver_deeplink(url, "file-open"))


def quit_on_signals(app: QApplication) -> None:
    """Ctrl+C and SIGTERM quit cleanly (the run is saved, the sandbox stopped)."""
    import signal

    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes; Qt's loop may sleep for long.
    timer = QTimer(app)
    timer.setInterval(300)
    timer.timeout.connect(lambda: None)
    timer.start()


def run(args: argparse.Namespace) -> int:
    # Logging is set up by `amogui.cli.main` for every command, the window included.
    # qasync picks its Qt binding from QT_API; PySide6 is the one we ship.
    os.environ.setdefault("QT_API", "pyside6")
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.run.store import RunStore
    from amogui.settings.store import SettingsStore
    from amogui.ui import i18n
    from amogui.ui.appearance import follow_system
    from amogui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("amogui")
    app.setOrganizationName("amogui")
    # Language and appearance before the first widget: nothing shows in the wrong one.
    settings = SettingsStore()
    translations = i18n.install(app, settings.settings.language)
    follow_system(app)  # light or dark as the system is, now and when it changes
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # The window shows first, on a placeholder; the checklist, the keychain, the
    # profiles and the sandbox load right after, off the GUI thread where they can.
    store = RunStore()
    browser = os.environ.get("BROWSER") or None  # the $BROWSER convention
    window = MainWindow(placeholder_checklist(), store, browser_command=browser)
    window.install_language_menu(translations, settings)
    for warning in settings.warnings:
        window.message_bar.show_message(warning, "warning")
    window.show()
    window.spawn(finish_start(app, window, store, args))
    closed = asyncio.Event()
    app.aboutToQuit.connect(window.shutdown)  # quitting closes no window: save and stop here
    app.aboutToQuit.connect(closed.set)
    quit_on_signals(app)
    with loop:
        loop.run_until_complete(closed.wait())
    server = getattr(window, "ipc_server", None)
    if server is not None:
        server.shutdown()
    return 0


def placeholder_checklist() -> Checklist:
    from amogui.checklist.model import Checklist

    return Checklist(title="", source="")


async def finish_start(
    app: QApplication, window: MainWindow, store: RunStore, args: argparse.Namespace
) -> None:
    """The start-up work that may take a moment, once the window is on screen."""
    import asyncio

    from amogui.ui.session import Session

    checklist, notes = await asyncio.to_thread(load_start_checklist, store)
    window.set_checklist(checklist)
    session = await asyncio.to_thread(make_session_parts)
    window.attach_session(Session(*session))
    for note in notes + window.session.profiles.warnings:  # type: ignore[union-attr]
        window.message_bar.show_message(note, "warning")
    window.ipc_server = start_ipc(window)
    deliver_startup_url(window)
    install_file_open(app, window)
    await start_session(window.session, args.profile, bool(args.sandbox))  # type: ignore[arg-type]


def deliver_startup_url(window: MainWindow) -> None:
    """A window started by `amogui open-url` (none was running) takes the URL it left."""
    from amogui.desktop.startup import take_startup_url

    url = take_startup_url()
    if url:
        window.deliver_deeplink(url, "argv")


def make_session_parts() -> tuple[ProfileStore, SecretStore]:
    """Profiles from disk and the keychain probe: both may block, so not on the GUI thread."""
    from amogui.backend.client import tls_context
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore

    tls_context()  # built here, not by the first client on the GUI thread
    return ProfileStore(), SecretStore()
