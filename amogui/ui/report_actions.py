"""File > Export report... and Verify report...: the signed bundle, off the GUI thread."""

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

from amogui.run.state import Run, Status
from amogui.ui.icons import status_icon

if TYPE_CHECKING:
    from amogui.report.keys import PassphraseCallback, SigningKey
    from amogui.report.verify import VerifyResult
    from amogui.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def load_signer(passphrase: PassphraseCallback | None = None) -> tuple[SigningKey, str | None]:
    """The signing key the settings name; a one-time key (and why) when none can be had.

    Runs on a worker thread: it reads the keychain or a key file. `passphrase` is asked
    only for a protected key file.
    """
    from amogui.report.keys import SigningKeyError, generate, keychain_key, load_key_file
    from amogui.settings.store import SettingsStore

    settings = SettingsStore().settings
    try:
        if settings.uses_generated_key:
            return keychain_key(), None
        return load_key_file(Path(settings.signing_key).expanduser(), passphrase), None
    except (SigningKeyError, OSError) as exc:
        note = QCoreApplication.translate(
            "MainWindow", "Signed with a one-time key, because: {why}"
        ).format(why=exc)
        return generate(), note


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


def export_in_thread(
    run: Run,
    window_state: tuple[object, str, str],
    out_dir: Path,
    passphrase: PassphraseCallback | None = None,
) -> tuple[list[Path], str | None]:
    from amogui.report.export import export_bundle

    checklist, profile_name, base_url = window_state
    signer, note = load_signer(passphrase)
    written = export_bundle(
        run,
        checklist,  # type: ignore[arg-type]
        out_dir,
        signer,
        profile_name=profile_name or None,
        base_url=base_url or None,
    )
    return written, note


async def export_report(window: MainWindow, out_dir: Path) -> list[Path]:
    """Write the signed bundle; progress while it runs; failures become a message."""
    from amogui.report.export import ExportError

    window.save_now()
    # A snapshot: the tester may keep working while the bundle is written.
    snapshot = Run.from_dict(window.run.to_dict())
    writing = QCoreApplication.translate("MainWindow", "Writing and signing the report...")
    progress = QProgressDialog(writing, "", 0, 0, window)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.show()
    try:
        written, note = await asyncio.to_thread(
            export_in_thread,
            snapshot,
            (window.checklist, window.profile_name, window.base_url),
            out_dir,
            passphrase_from(window, asyncio.get_running_loop()),
        )
    except ExportError as exc:
        window.message_bar.show_message(str(exc), "error")
        return []
    finally:
        progress.close()
        progress.deleteLater()
    text = QCoreApplication.translate("MainWindow", "Report written to {dir} ({n} files).").format(
        dir=out_dir, n=len(written)
    )
    if note:
        text += " " + note
    window.message_bar.show_message(text, "warning" if note else "info")
    return written


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


async def verify_report(window: MainWindow, directory: Path) -> VerifyDialog | None:
    from amogui.report.verify import BundleError, verify_bundle

    try:
        result = await asyncio.to_thread(verify_bundle, directory)
    except BundleError as exc:
        window.message_bar.show_message(str(exc), "error")
        return None
    dialog = VerifyDialog(result, window)
    dialog.open()
    return dialog
