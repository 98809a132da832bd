"""The window entry point: ``amogui``, ``amogui --sandbox``, ``amogui --profile NAME``.

Only the standard library at module top level (the CLI imports this module to build
its parser); Qt, qasync and the core load inside `run`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from amogui.checklist.model import Checklist
    from amogui.desktop.ipc import IPCServer
    from amogui.run.store import RunStore
    from amogui.service.service import Service
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore
    from amogui.ui.appearance import Appearance
    from amogui.ui.i18n import Translations
    from amogui.ui.main_window import MainWindow

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


async def start_target(
    service: Service, profile: str | None, sandbox: bool, faults: list[str] | None = None
) -> None:
    """Point at the asked profile (a fresh sandbox with `faults`); an unknown name falls
    back to the last used one."""
    if not await service.target.activate(profile, sandbox, faults) and profile:
        await service.target.activate(None)


def start_ipc(window: MainWindow) -> IPCServer | None:
    """Listen for deep links that `amogui open-url` forwards; a failure is a message."""
    from PySide6.QtCore import QCoreApplication

    from amogui.desktop.ipc import AddressInUseError, IPCError, IPCServer

    # Each deep link goes to the amogui whose flow it answers (amogui.desktop.channels).
    server = IPCServer(parent=window, claims=lambda url: window.service.owns(url))
    server.url_received.connect(window.deliver_deeplink)
    server.url_declined.connect(window.deliver_deeplink)  # says "for another amogui run"
    server.message_rejected.connect(
        lambda reason: window.tell(
            QCoreApplication.translate(
                "MainWindow", "A deep link message was refused: {reason}"
            ).format(reason=reason),
            "status",
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

    # Only *schedule* the quit: a handler runs between any two bytecodes, maybe while
    # this thread holds a logging lock, and quitting closes the window, which waits for
    # the autosave thread, which may be waiting for that lock (a deadlock, seen).
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: QTimer.singleShot(0, app.quit))
    # Python runs signal handlers only between bytecodes; Qt's loop may sleep for long.
    timer = QTimer(app)
    timer.setInterval(300)
    timer.timeout.connect(lambda: None)
    timer.start()


def run(args: argparse.Namespace) -> int:
    # Logging is set up by `amogui.cli.main` for every command, the window included (its
    # log file is opened once the window shows).
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from amogui.settings.language import saved_language
    from amogui.ui import i18n
    from amogui.ui.appearance import follow_system
    from amogui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("amogui")
    app.setOrganizationName("amogui")
    # Language and appearance before the first widget: nothing shows in the wrong one.
    translations = i18n.install(app, saved_language())
    # Light or dark as the system is, now and when it changes (the scheme is asked once
    # the window is up: see `Appearance`).
    appearance = follow_system(app, scheme_later=True)
    # Only the window's shell is built before it shows; `Startup` builds the rest on the
    # next turns of the event loop, then the checklist, the keychain, the profiles and the
    # sandbox load off the GUI thread. (The service picks the browser: $BROWSER, else the
    # desktop's.)
    window = MainWindow(deferred=True)
    window.show()
    startup = Startup(app, window, translations, appearance, args)
    startup.shown_ms = startup.elapsed_ms()
    quit_on_signals(app)
    QTimer.singleShot(0, startup.next_step)
    app.exec()
    return startup.finish()


class Startup:
    """What follows the first paint, one step per turn of the event loop (so the window
    paints and answers in between), and the clean-up once the application quits."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        translations: Translations,
        appearance: Appearance,
        args: argparse.Namespace,
    ) -> None:
        self.app, self.window, self.args = app, window, args
        self.translations, self.appearance = translations, appearance
        self.loop: Any = None  # the qasync loop, made in the first step
        # When the command line started (`amogui.cli` passes it), for the start-up times.
        self.started = float(getattr(args, "started", None) or time.perf_counter())
        self.shown_ms = 0.0
        self.failed = False
        # Each step is a few tens of milliseconds at most; the window repaints in between.
        self._steps = [
            self._open_loop,
            self._open_log,
            self._watch_appearance,
            *window.completion_steps(),
            self._finish_window,
            self._start_session,
        ]

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    def next_step(self) -> None:
        from PySide6.QtCore import QTimer

        step = self._steps.pop(0)
        try:
            step()
        except Exception as exc:
            # Without this the window would sit half-built: say why, then quit with 1.
            log.exception("amogui could not start")
            self.failed = True
            self.tell_start_failed(exc)
            self.app.exit(1)
            return
        if self._steps:
            QTimer.singleShot(0, self.next_step)

    def tell_start_failed(self, exc: Exception) -> None:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        from amogui.base.logs import log_file_path, open_deferred_file

        open_deferred_file()  # the traceback is in the file the message names
        text = QCoreApplication.translate(
            "MainWindow", "amogui could not start: {err}\n\nThe log has the details: {path}"
        ).format(err=exc, path=log_file_path())
        QMessageBox.critical(self.window, "amogui", text)

    def _open_loop(self) -> None:
        # qasync picks its Qt binding from QT_API; PySide6 is the one we ship.
        os.environ.setdefault("QT_API", "pyside6")
        import asyncio

        import qasync

        # Qt's loop runs already (app.exec): asyncio runs on it from now on.
        self.loop = qasync.QEventLoop(self.app, already_running=True)
        asyncio.set_event_loop(self.loop)

    def _open_log(self) -> None:
        from amogui.base.logs import open_deferred_file

        open_deferred_file()
        log.info("window shown %.0f ms after start", self.shown_ms)

    def _watch_appearance(self) -> None:
        self.appearance.watch(match_now=True)

    def _finish_window(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from amogui.oauth.browser import set_system_opener
        from amogui.settings.store import SettingsStore

        # The desktop's browser, for the OAuth leg, is Qt's to open.
        set_system_opener(lambda url: QDesktopServices.openUrl(QUrl(url)))
        settings = SettingsStore()
        self.window.install_language_menu(self.translations, settings)
        for warning in settings.warnings:
            self.window.message_bar.show_message(warning, "warning")
        # Quitting closes no window: save and stop here.
        self.app.aboutToQuit.connect(self.window.shutdown)

    def _start_session(self) -> None:
        self.window.spawn(finish_start(self.app, self.window, self.args, self.started))

    def finish(self) -> int:
        """After the event loop: what quitting queued runs, then the loop closes."""
        self.window.shutdown()
        self.app.processEvents()  # a client closing, a last save signal
        server = self.window.ipc_server
        if server is not None:
            server.shutdown()
        if self.loop is not None:
            self.loop.stop()
            self.loop.close()
        return 1 if self.failed else 0


async def finish_start(
    app: QApplication, window: MainWindow, args: argparse.Namespace, started: float | None = None
) -> None:
    """The start-up work that may take a moment, once the window is on screen."""
    import asyncio

    service = window.service
    checklist, notes = await asyncio.to_thread(load_start_checklist, service.store)
    service.set_checklist(checklist)
    profiles, secrets = await asyncio.to_thread(make_target_parts)
    service.target.use_stores(profiles, secrets)
    window.targets_are_ready()
    for note in notes + profiles.warnings:
        window.message_bar.show_message(note, "warning")
    window.ipc_server = start_ipc(window)
    deliver_startup_url(window)
    install_file_open(app, window)
    await start_target(service, args.profile, bool(args.sandbox), args.window_faults)
    if started is not None:
        elapsed = (time.perf_counter() - started) * 1000
        log.info("ready %.0f ms after start (checklist, profiles, target)", elapsed)


def deliver_startup_url(window: MainWindow) -> None:
    """A window started by `amogui open-url` (none was running) takes the URL it left."""
    from amogui.desktop.startup import take_startup_url

    url = take_startup_url()
    if url:
        window.deliver_deeplink(url, "argv")


def make_target_parts() -> tuple[ProfileStore, SecretStore]:
    """Profiles from disk and the keychain probe: both may block, so not on the GUI thread."""
    from amogui.backend.client import tls_context
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore

    tls_context()  # built here, not by the first client on the GUI thread
    return ProfileStore(), SecretStore()
