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
    from amogui.checklist.model import Checklist
    from amogui.run.store import RunStore
    from amogui.ui.session import Session

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The window's options (--sandbox, --profile) live on the top-level parser."""


def load_start_checklist(store: RunStore) -> tuple[Checklist, list[str]]:
    """The checklist of the run being resumed when it can still be read, else the bundled one."""
    from amogui.checklist import ChecklistError, load_bundled, load_source

    run = store.current()
    if run is not None and run.checklist_source:
        try:
            return load_source(run.checklist_source), []
        except ChecklistError as exc:
            return load_bundled(), [f"{exc} Showing the bundled checklist instead."]
    return load_bundled(), []


async def start_session(session: Session, profile: str | None, sandbox: bool) -> None:
    """Point at the asked profile; an unknown name falls back to the last used one."""
    if not await session.activate(profile, fresh_sandbox=sandbox) and profile:
        await session.activate(None)


def run(args: argparse.Namespace) -> int:
    from amogui.logs import setup_logging

    setup_logging(getattr(args, "log_level", "INFO"))
    # qasync picks its Qt binding from QT_API; PySide6 is the one we ship.
    os.environ.setdefault("QT_API", "pyside6")
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.run.store import RunStore
    from amogui.settings.secrets import SecretStore
    from amogui.settings.store import ProfileStore
    from amogui.ui.main_window import MainWindow
    from amogui.ui.session import Session
    from amogui.ui.style import STYLESHEET

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("amogui")
    app.setOrganizationName("amogui")
    app.setStyleSheet(STYLESHEET)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    store = RunStore()
    checklist, notes = load_start_checklist(store)
    session = Session(ProfileStore(), SecretStore())
    window = MainWindow(checklist, store, session=session)
    for note in notes + session.profiles.warnings:
        window.message_bar.show_message(note, "warning")
    window.show()
    window.spawn(start_session(session, args.profile, bool(args.sandbox)))
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0
