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

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The window's options (--sandbox, --profile) live on the top-level parser."""


def load_start_checklist(store: RunStore) -> tuple[Checklist, list[str]]:
    """The checklist of the run being resumed when its file is still there, else the bundled one."""
    from pathlib import Path

    from amogui.checklist import ChecklistError, load_bundled, load_checklist

    notes: list[str] = []
    run = store.current()
    source = Path(run.checklist_source) if run and run.checklist_source else None
    if source is not None and source.is_file():
        try:
            return load_checklist(source), notes
        except (ChecklistError, OSError) as exc:
            notes.append(f"Could not reopen {source}: {exc}; showing the bundled checklist.")
    return load_bundled(), notes


def run(args: argparse.Namespace) -> int:
    from amogui.logs import setup_logging

    setup_logging(getattr(args, "log_level", "INFO"))
    # qasync picks its Qt binding from QT_API; PySide6 is the one we ship.
    os.environ.setdefault("QT_API", "pyside6")
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    from amogui.run.store import RunStore
    from amogui.ui.main_window import MainWindow
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
    window = MainWindow(checklist, store)
    for note in notes:
        window.message_bar.show_message(note, "warning")
    window.show()
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0
