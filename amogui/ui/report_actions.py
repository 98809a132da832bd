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
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from amogui.run.state import Status
from amogui.ui.icons import status_icon
from amogui.ui.tell import Tell

if TYPE_CHECKING:
    from amogui.report.keys import PassphraseCallback
    from amogui.report.verify import VerifyResult
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


class VerifyDialog(QDialog):
    def __init__(self, result: VerifyResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report verification"))
        self.resize(620, 460)
        layout = QVBoxLayout(self)
        verdict = (
            self.tr("All signatures and hashes are good.")
            if result.ok
            else self.tr("The report does NOT verify.")
        )
        self.verdict = QLabel(f"<b>{verdict}</b>")
        self.verdict.setObjectName("verifyVerdict")
        layout.addWidget(self.verdict)
        details = QLabel(
            self.tr("Folder: {dir}<br>Signer: {id} ({fp})<br>Trust: {trust}").format(
                dir=result.directory,
                id=result.identity or "-",
                fp=result.fingerprint or "-",
                trust=result.trust or "-",
            )
        )
        details.setWordWrap(True)
        layout.addWidget(details)
        self.files = QListWidget()
        for check in result.files:
            status = Status.PASSED if check.ok else Status.FAILED
            text = check.name if check.ok else f"{check.name}: {check.problem}"
            self.files.addItem(QListWidgetItem(status_icon(status), text))
        for problem in result.problems:
            self.files.addItem(QListWidgetItem(status_icon(Status.FAILED), problem))
        layout.addWidget(self.files, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def lines(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]


async def verify_report(
    service: Service, parent: QWidget, tell: Tell, directory: Path
) -> VerifyDialog | None:
    from amogui.report.verify import BundleError

    try:
        result = await service.verify_report(directory)
    except BundleError as exc:
        tell(str(exc), "error")
        return None
    dialog = VerifyDialog(result, parent)
    dialog.open()
    return dialog
