"""File > Verify report...: what a bundle proves, and whether its signer is trusted.

The dialog shows the two things apart, as ``amogui verify`` does: integrity (every
signature and hash good, nothing missing or added) and trust (the signing key is in an
``allowed_signers`` file the tester keeps, or the team's next to the checklist). A bundle
signed by a key nobody trusted is UNTRUSTED, never verified. "Trust this signer..." adds
the key to the tester's default trust file, after showing its fingerprint to compare with
the one the tester published.

Everything a bundle says (identities, file names, problems) is untrusted: it is shown as
plain text (`Qt.TextFormat.PlainText`, never rich text) and made inert first (control
characters and line breaks shown as escapes), so a forged identity cannot add a line,
fake a "trusted" remark or hide one.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from amogui.report.trust import inert, principal_problem
from amogui.report.verify import VerifyResult
from amogui.run.state import Status
from amogui.ui.appearance import set_tone
from amogui.ui.icons import status_icon


def plain_label(name: str) -> QLabel:
    """A label that never interprets markup: what it shows may come from a bundle."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class VerifyDialog(QDialog):
    def __init__(
        self,
        result: VerifyResult,
        parent: QWidget | None = None,
        *,
        checklist_source: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report verification"))
        self.resize(680, 500)
        self.verified = result
        self.checklist_source = checklist_source
        self._tasks: set[asyncio.Task[Any]] = set()
        layout = QVBoxLayout(self)
        self.verdict = plain_label("verifyVerdict")
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        self.integrity = plain_label("verifyIntegrity")
        self.trust_label = plain_label("verifyTrust")
        self.folder = plain_label("verifyFolder")
        self.sources = plain_label("verifySources")
        for label in (self.verdict, self.integrity, self.trust_label, self.folder):
            layout.addWidget(label)
        self.files = QListWidget()
        layout.addWidget(self.files, 1)
        layout.addWidget(self.sources)
        self.error = plain_label("verifyError")
        set_tone(self.error, "bad")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.trust_button = QPushButton(self.tr("Trust this signer..."))
        self.trust_button.setObjectName("trustSigner")
        self.trust_button.clicked.connect(self._ask_trust)
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_result(result)

    # -- showing a result ----------------------------------------------------------------
    def show_result(self, result: VerifyResult) -> None:
        self.verified = result
        self.verdict.setText(self._verdict_text(result))
        set_tone(self.verdict, "good" if result.ok else "bad")
        self.integrity.setText(self._integrity_text(result))
        self.trust_label.setText(self._trust_text(result))
        set_tone(self.trust_label, "good" if result.trusted else "bad")
        self.folder.setText(self.tr("Folder: {dir}").format(dir=inert(result.directory, 300)))
        read = ", ".join(inert(p, 200) for p in result.trust_sources) or self.tr("none")
        sources = [self.tr("Trust files read: {files}").format(files=read)]
        sources += [inert(p, 300) for p in result.trust_problems]
        self.sources.setText("\n".join(sources))
        self.files.clear()
        for check in result.files:
            status = Status.PASSED if check.ok else Status.FAILED
            text = check.name if check.ok else f"{check.name}: {check.problem}"
            self.files.addItem(QListWidgetItem(status_icon(status), inert(text, 400)))
        for problem in result.problems:
            self.files.addItem(QListWidgetItem(status_icon(Status.FAILED), inert(problem, 400)))
        self.trust_button.setVisible(
            result.intact and not result.trusted and result.public_key is not None
        )

    def _verdict_text(self, result: VerifyResult) -> str:
        if result.ok:
            return self.tr("VERIFIED: the files are intact and signed by a key you trust.")
        if result.intact:
            return self.tr("NOT VERIFIED: the files are intact, but the signer is not trusted.")
        return self.tr(
            "NOT VERIFIED: a file is missing, changed, added or not signed by the bundle's key."
        )

    def _integrity_text(self, result: VerifyResult) -> str:
        if not result.intact:
            return self.tr("The report does NOT verify.")
        return self.tr(
            "Integrity: every file is signed by {fingerprint} and matches MANIFEST. The "
            "bundle's own signer.pub proves only this, not who signed."
        ).format(fingerprint=result.fingerprint)

    def _trust_text(self, result: VerifyResult) -> str:
        if result.public_key is None:
            return self.tr("UNTRUSTED: no signature names the key that made it.")
        if not result.signed:
            return self.tr(
                "UNTRUSTED: the MANIFEST's signature is missing or bad, so nothing shows who "
                "signed this bundle."
            )
        if result.trusted_by is not None:
            return self.tr("Signed by {who} ({fingerprint}), trusted by {file}.").format(
                who=inert(result.trusted_as, 120),
                fingerprint=result.fingerprint,
                file=inert(result.trusted_by, 300),
            )
        if result.one_off:
            return self.tr(
                "UNTRUSTED: signed by a one-off key ({fingerprint}) that nobody can have trusted."
            ).format(fingerprint=result.fingerprint)
        return self.tr(
            "UNTRUSTED: signed by a key you have not trusted ({fingerprint}). The bundle says "
            "it is {claimed}, which any bundle can say of itself."
        ).format(fingerprint=result.fingerprint, claimed=inert(result.claimed or "-", 120))

    def lines(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    # -- trusting the signer ------------------------------------------------------------
    def _ask_trust(self) -> None:
        if self.verified.public_key is None:
            return
        claimed = self.verified.claimed
        suggested = claimed if claimed and principal_problem(claimed) is None else ""
        dialog = QInputDialog(self)
        dialog.setObjectName("trustSignerDialog")
        dialog.setWindowTitle(self.tr("Trust this signer"))
        dialog.setLabelText(
            self.tr(
                "Trust this key only if its fingerprint is the one the tester published:\n"
                "{fingerprint}\n\nIt is added to your trust file {file}.\nTrust it as (e-mail):"
            ).format(fingerprint=self.verified.fingerprint, file=_default_file())
        )
        dialog.setTextValue(suggested)
        dialog.textValueSelected.connect(self._trust_as)
        dialog.finished.connect(dialog.deleteLater)  # one question at a time, none left over
        dialog.open()

    def _trust_as(self, principal: str) -> None:
        task = asyncio.ensure_future(self.trust(principal.strip()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def trust(self, principal: str) -> bool:
        """Add the bundle's key to the default trust file as `principal`, then verify again."""
        from amogui.report.trust import TrustError, trust_signer
        from amogui.report.verify import BundleError, verify_bundle

        key = self.verified.public_key
        if key is None:
            return False
        try:
            await asyncio.to_thread(trust_signer, principal, key)
            again = await asyncio.to_thread(
                verify_bundle, self.verified.directory, checklist_source=self.checklist_source
            )
        except (TrustError, BundleError) as exc:
            self.error.setText(self.tr("Could not trust the signer: {why}").format(why=exc))
            return False
        self.error.clear()
        self.show_result(again)
        return True


def _default_file() -> Path:
    from amogui.report.trust import default_trust_file

    return default_trust_file()
