"""File > Export report... and Verify report...: the signed bundle, off the GUI thread."""

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

from amogui.run.state import Run
from amogui.ui.verify_dialog import VerifyDialog

if TYPE_CHECKING:
    from amogui.report.keys import PassphraseCallback, SignerChoice
    from amogui.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def load_signer(passphrase: PassphraseCallback | None = None) -> tuple[SignerChoice, str | None]:
    """The signing key the settings name (`amogui.report.keys.choose_signer`); a one-time
    key, and why, when it cannot be had.

    Runs on a worker thread: it reads the keychain or a key file. `passphrase` is asked
    only for a protected key file.
    """
    from amogui.report.keys import choose_signer

    choice = choose_signer(passphrase=passphrase)
    if not choice.one_off:
        return choice, None
    note = QCoreApplication.translate(
        "MainWindow", "Signed with a one-time key, because: {why}"
    ).format(why=choice.one_off_reason)
    return choice, note


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
    language: str | None = None,
) -> tuple[list[Path], str | None]:
    from amogui.report.export import export_bundle
    from amogui.report.model import choose_language
    from amogui.settings.identity import choose_tester

    checklist, profile_name, base_url = window_state
    signer, note = load_signer(passphrase)
    written = export_bundle(
        run,
        checklist,  # type: ignore[arg-type]
        out_dir,
        signer,
        profile_name=profile_name or None,
        base_url=base_url or None,
        tester=choose_tester(env={}),
        language=choose_language(language),
    )
    return written, note


def window_language() -> str | None:
    """The language the window shows (the report is written in it)."""
    from amogui.ui.i18n import active

    translations = active()
    return translations.language if translations is not None and translations.language else None


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
            window_language(),
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


async def verify_report(window: MainWindow, directory: Path) -> VerifyDialog | None:
    from amogui.report.verify import BundleError, verify_bundle

    # Trust: the tester's own trust file and the team's next to the open checklist.
    source = getattr(window.checklist, "source", None)
    try:
        result = await asyncio.to_thread(verify_bundle, directory, checklist_source=source)
    except BundleError as exc:
        window.message_bar.show_message(str(exc), "error")
        return None
    dialog = VerifyDialog(result, window, checklist_source=source)
    dialog.open()
    return dialog
