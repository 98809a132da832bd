"""File > Export report... and Verify report...: the service writes, signs and checks the
bundle off the GUI thread; here the folder to export into (one that does not exist yet is
made, after asking), the progress, the passphrase box, "Open folder" afterwards and the
verification list."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDateTime, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
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


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def documents_folder() -> Path:
    """The user's documents folder (the home folder where the desktop names none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def new_report_folder(now: QDateTime | None = None) -> Path:
    """Where an export starts: a fresh folder in the documents, named by the time."""
    stamp = (now or QDateTime.currentDateTime()).toString("yyyy-MM-dd-HHmm")
    return documents_folder() / f"amogui-report-{stamp}"


class ExportFolderDialog(QFileDialog):
    """Choose the folder the report goes into: an existing one, or a new one typed in
    (Qt's own folder dialog refuses a folder that does not exist yet)."""

    def __init__(self, parent: QWidget | None, start: Path) -> None:
        super().__init__(parent, tr("Export the report into a folder"))
        self.setObjectName("exportFolderDialog")
        self.setOption(QFileDialog.Option.DontUseNativeDialog)  # its accept() is ours
        self.setOption(QFileDialog.Option.ShowDirsOnly)
        self.setFileMode(QFileDialog.FileMode.Directory)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self.setLabelText(QFileDialog.DialogLabel.Accept, tr("Export here"))
        self.setDirectory(str(start.parent))
        self.selectFile(start.name)
        self.chosen: Path | None = None

    def accept(self) -> None:
        files = self.selectedFiles()
        path = Path(files[0]) if files else None
        if path is not None and not path.exists():
            self.chosen = path  # made after asking (see `ask_to_create`)
            QDialog.accept(self)
            return
        super().accept()
        if self.result() == QDialog.DialogCode.Accepted.value and self.selectedFiles():
            self.chosen = Path(self.selectedFiles()[0])


def ask_to_create(parent: QWidget, folder: Path) -> QMessageBox:
    """Ask once whether to make a folder that does not exist yet (answer: `finished`)."""
    box = QMessageBox(parent)
    box.setObjectName("createFolderQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Create the folder?"))
    box.setText(tr("The folder {folder} does not exist yet.").format(folder=folder))
    box.setInformativeText(tr("Create it and write the report there?"))
    box.addButton(tr("Create and export"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.open()
    return box


def open_folder(folder: Path) -> bool:
    """Show a folder in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


Offer = Callable[[Callable[[], str], Callable[[], object]], None]  # (label, action)


async def export_report(
    service: Service, parent: QWidget, tell: Tell, out_dir: Path, offer: Offer | None = None
) -> list[Path]:
    """Write the signed bundle (the service decides the key; Qt draws the PDF); progress
    while it runs; failures become a message. Afterwards the message offers to open the
    folder."""
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
        why = exc.args[0] if exc.args else str(exc)
        tell(lambda: tr("The report was not written: {why}").format(why=render(why)), "error")
        return []
    finally:
        progress.close()
        progress.deleteLater()
    count, note = len(outcome.written), outcome.note

    def worded() -> str:
        text = tr("Report written to {dir} ({n} files).").format(dir=out_dir, n=count)
        return f"{text} {render(note)}" if note else text

    tell(worded, "warning" if note else "info")
    if offer is not None:  # a button on that message
        offer(lambda: tr("Open folder"), lambda: open_folder(out_dir))
    return outcome.written


async def verify_report(
    service: Service, parent: QWidget, tell: Tell, directory: Path
) -> VerifyDialog | None:
    from amogui.report.verify import BundleError

    # Trust: the tester's own trust file and the team's next to the open checklist.
    try:
        result = await service.verify_report(directory)
    except BundleError as exc:
        from amogui.base.i18n import render

        why = exc.args[0] if exc.args else str(exc)
        tell(lambda: tr("The report cannot be verified: {why}").format(why=render(why)), "error")
        return None
    dialog = VerifyDialog(result, parent, checklist_source=service.checklist.source)
    dialog.open()
    return dialog


Spawn = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


class ReportActions:
    """The window's File > Export report... and Verify report...: the dialogs in order,
    then the service's work on the window's event loop (`spawn`). `save_now` writes what
    the tester typed last, so the report has it."""

    def __init__(
        self,
        service: Service,
        parent: QWidget,
        tell: Tell,
        spawn: Spawn,
        save_now: Callable[[], None],
        offer: Offer | None = None,
    ) -> None:
        self.service, self.parent, self.tell = service, parent, tell
        self.spawn, self.save_now, self.offer = spawn, save_now, offer
        self.export_dialog: ExportFolderDialog | None = None  # while it is open

    def ask_export(self) -> None:
        """The folder to export into: a new one in the documents folder to begin with."""
        dialog = ExportFolderDialog(self.parent, new_report_folder())
        dialog.finished.connect(lambda _code: self._folder_chosen(dialog))
        self.export_dialog = dialog
        dialog.open()

    def _folder_chosen(self, dialog: ExportFolderDialog) -> None:
        folder = dialog.chosen if dialog.result() else None
        dialog.deleteLater()
        self.export_dialog = None
        if folder is None:
            return
        if folder.exists():
            self.export_to(folder)
            return
        question = ask_to_create(self.parent, folder)
        question.finished.connect(lambda _code: self._create_answered(question, folder))

    def _create_answered(self, question: QMessageBox, folder: Path) -> None:
        clicked = question.clickedButton()
        agreed = clicked is not None and question.buttonRole(clicked) == (
            QMessageBox.ButtonRole.AcceptRole
        )
        question.deleteLater()
        if agreed:
            self.export_to(folder)  # the export makes the folder

    def export_to(self, folder: Path) -> asyncio.Task[Any]:
        """Write the signed report into `folder`; the message offers to open it."""
        self.save_now()
        return self.spawn(
            export_report(self.service, self.parent, self.tell, folder, offer=self.offer)
        )

    def ask_verify(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent, tr("Verify the report in"), str(documents_folder())
        )
        if folder:
            self.spawn(verify_report(self.service, self.parent, self.tell, Path(folder)))
