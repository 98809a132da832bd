"""File > Export report... and Verify report...: the service writes, signs and checks the
bundle off the GUI thread; here the progress, the passphrase box and the verification list."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLineEdit,
    QProgressDialog,
    QWidget,
)

from amogui.ui.tell import Tell
from amogui.ui.verify_dialog import VerifyDialog

if TYPE_CHECKING:
    from amogui.report.keys import PassphraseCallback
    from amogui.service.service import Service

log = logging.getLogger(__name__)


async def ask_passphrase(parent: QWidget, path: Path) -> str | None:
    """The passphrase of a protected key file from the tester; None when cancelled.

    Used for this signature only: never stored, and registered with the redactor so it
    cannot reach a log either."""
    from amogui.base.redact import REDACTOR

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "Signing key passphrase"))
    dialog.setLabelText(
        QCoreApplication.translate(
            "MainWindow",
            "The signing key {path} is protected by a passphrase.\n"
            "It is used for this report only and never stored.",
        ).format(path=path)
    )
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not done.done():
            done.set_result(code)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        accepted = await done == QDialog.DialogCode.Accepted.value
        text = dialog.textValue() if accepted else None
    finally:
        dialog.setTextValue("")
        dialog.deleteLater()
    if text:
        REDACTOR.add_secret(text)
    return text


def passphrase_from(parent: QWidget, loop: asyncio.AbstractEventLoop) -> PassphraseCallback:
    """A passphrase callback for a worker thread: it asks on the GUI thread and waits."""

    def ask(path: Path) -> str | None:
        return asyncio.run_coroutine_threadsafe(ask_passphrase(parent, path), loop).result()

    return ask


def window_language() -> str | None:
    """The language the window shows (the report is written in it)."""
    from amogui.ui.i18n import active

    translations = active()
    return translations.language if translations is not None and translations.language else None


async def export_report(service: Service, parent: QWidget, tell: Tell, out_dir: Path) -> list[Path]:
    """Write the signed bundle (the service decides the key; Qt draws the PDF); progress
    while it runs; failures become a message."""
    from amogui.base.i18n import render
    from amogui.report.export import ExportError
    from amogui.report.pdf import render_pdf

    writing = QCoreApplication.translate("MainWindow", "Writing and signing the report...")
    progress = QProgressDialog(writing, "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.show()
    try:
        outcome = await service.export_report(
            out_dir,
            pdf=render_pdf,
            ask_passphrase=passphrase_from(parent, asyncio.get_running_loop()),
            language=window_language(),
        )
    except ExportError as exc:
        tell(str(exc), "error")
        return []
    finally:
        progress.close()
        progress.deleteLater()
    text = QCoreApplication.translate("MainWindow", "Report written to {dir} ({n} files).").format(
        dir=out_dir, n=len(outcome.written)
    )
    if outcome.note:
        text += " " + render(outcome.note)
    tell(text, "warning" if outcome.note else "info")
    return outcome.written


async def verify_report(
    service: Service, parent: QWidget, tell: Tell, directory: Path
) -> VerifyDialog | None:
    from amogui.report.verify import BundleError

    # Trust: the tester's own trust file and the team's next to the open checklist.
    try:
        result = await service.verify_report(directory)
    except BundleError as exc:
        tell(str(exc), "error")
        return None
    dialog = VerifyDialog(result, parent, checklist_source=service.checklist.source)
    dialog.open()
    return dialog
