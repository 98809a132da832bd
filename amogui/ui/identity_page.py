"""Settings > Tester and signing: who signs reports, with which key, and its fingerprint.

The tester's name and e-mail name them in every report (the e-mail is also the identity
a report is signed as). The key is amogui's own (kept in the OS keychain, or a private
file where there is none: the same key at every export) or an OpenSSH Ed25519 key file
such as ``~/.ssh/id_ed25519`` (a passphrase is asked when a report is signed, never
stored). The fingerprint is shown with buttons to copy it, and the ``allowed_signers``
line a team commits next to its checklist so that everyone's amogui trusts this tester.

Keys and settings are read and written off the GUI thread.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from amogui.settings.store import GENERATED_KEY, Settings, SettingsError, SettingsStore
from amogui.ui.appearance import set_tone
from amogui.ui.tell import reason


def _public_key(signing_key: str) -> Ed25519PublicKey:
    """The public key the settings' choice signs with (blocking: a worker thread)."""
    from amogui.report import keys

    if signing_key == GENERATED_KEY:
        return keys.amogui_key().public_key
    return keys.public_key_file(Path(signing_key).expanduser())


class IdentityPage(QWidget):
    def __init__(self, store: SettingsStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityPage")
        self.store = store
        self.public_key: Ed25519PublicKey | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loading = True
        layout = QVBoxLayout(self)
        layout.addLayout(self._tester_form())
        layout.addWidget(self._heading(self.tr("Signing key")))
        layout.addLayout(self._key_choice())
        layout.addLayout(self._fingerprint_row())
        self.message = QLabel()
        self.message.setObjectName("identityMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.save_button = QPushButton(self.tr("Save tester and key"))
        self.save_button.setObjectName("saveIdentity")
        self.save_button.clicked.connect(lambda: self._spawn(self.save()))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.setEnabled(False)  # until the settings are read, off the GUI thread
        self.loaded = self._spawn(self._read_settings())

    # -- layout ------------------------------------------------------------------------
    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _tester_form(self) -> QFormLayout:
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("testerName")
        self.email_edit = QLineEdit()
        self.email_edit.setObjectName("testerEmail")
        self.email_edit.setPlaceholderText("anna@foryou.example")
        self.email_edit.textChanged.connect(self._update_buttons)
        self.role_edit = QLineEdit()
        self.role_edit.setObjectName("testerRole")
        form.addRow(self.tr("Tester name"), self.name_edit)
        form.addRow(self.tr("E-mail (reports are signed as it)"), self.email_edit)
        form.addRow(self.tr("Role"), self.role_edit)
        return form

    def _key_choice(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.own_key = QRadioButton(
            self.tr("amogui's own key (in the OS keychain, or a private file where there is none)")
        )
        self.own_key.setObjectName("ownKey")
        self.file_key = QRadioButton(self.tr("An OpenSSH Ed25519 key file"))
        self.file_key.setObjectName("fileKey")
        group = QButtonGroup(self)
        group.addButton(self.own_key)
        group.addButton(self.file_key)
        self.own_key.toggled.connect(self._choice_changed)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("keyPath")
        self.path_edit.setPlaceholderText("~/.ssh/id_ed25519")
        self.path_edit.editingFinished.connect(self.refresh)
        self.browse_button = QPushButton(self.tr("Choose..."))
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        box.addWidget(self.own_key)
        box.addWidget(self.file_key)
        box.addLayout(row)
        return box

    def _fingerprint_row(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("keyFingerprint")
        self.fingerprint.setTextFormat(Qt.TextFormat.PlainText)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy fingerprint"))
        self.copy_button.setObjectName("copyFingerprint")
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self.copy_line_button = QPushButton(self.tr("Copy allowed_signers line"))
        self.copy_line_button.setObjectName("copySignersLine")
        self.copy_line_button.clicked.connect(self.copy_signers_line)
        row.addWidget(self.copy_button)
        row.addWidget(self.copy_line_button)
        row.addStretch(1)
        hint = QLabel(
            self.tr(
                "Publish the fingerprint, or add the allowed_signers line to the team's file "
                "next to the checklist: whoever verifies your reports then trusts this key."
            )
        )
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        box.addWidget(self.fingerprint)
        box.addLayout(row)
        box.addWidget(hint)
        return box

    # -- form <-> settings -------------------------------------------------------------
    async def _read_settings(self) -> None:
        store = self.store
        if store is None:
            store = await asyncio.to_thread(SettingsStore)
        if not isValid(self):
            return
        self.store = store
        self.load(store.settings)
        self.setEnabled(True)
        await self.show_fingerprint()

    def load(self, settings: Settings) -> None:
        self.name_edit.setText(settings.tester_name)
        self.email_edit.setText(settings.tester_email)
        self.role_edit.setText(settings.tester_role)
        own = settings.uses_generated_key
        self._loading = True  # the caller looks the fingerprint up once, for the whole form
        self.path_edit.setText("" if own else settings.signing_key)
        (self.own_key if own else self.file_key).setChecked(True)
        self._choice_changed()
        self._loading = False

    def settings_from_form(self) -> Settings:
        current = self.store.settings if self.store is not None else Settings()
        return Settings(
            language=current.language,
            tester_name=self.name_edit.text().strip(),
            tester_email=self.email_edit.text().strip(),
            tester_role=self.role_edit.text().strip(),
            signing_key=self.key_choice(),
            user_emails=dict(current.user_emails),
        )

    def key_choice(self) -> str:
        if self.own_key.isChecked():
            return GENERATED_KEY
        return self.path_edit.text().strip()

    def _choice_changed(self) -> None:
        on_file = self.file_key.isChecked()
        self.path_edit.setEnabled(on_file)
        self.browse_button.setEnabled(on_file)
        if not self._loading:
            self.refresh()

    def _browse(self) -> None:
        start = str(Path.home() / ".ssh")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a private key"), start)
        if path:
            self.path_edit.setText(path)
            self.refresh()

    # -- the fingerprint -----------------------------------------------------------------
    def refresh(self) -> None:
        if not self._loading:
            self._spawn(self.show_fingerprint())

    async def show_fingerprint(self) -> None:
        from amogui.base.i18n import render
        from amogui.report import sshsig
        from amogui.report.keys import SigningKeyError

        choice = self.key_choice()
        self.public_key = None
        if not choice:
            self.fingerprint.setText(self.tr("Choose a key file."))
        else:
            try:
                key = await asyncio.to_thread(_public_key, choice)
            except SigningKeyError as exc:
                if isValid(self):
                    why = render(exc.args[0] if exc.args else str(exc))
                    self.fingerprint.setText(self.tr("No usable key: {why}").format(why=why))
            else:
                if not isValid(self) or choice != self.key_choice():
                    return  # closed, or another key chosen meanwhile
                self.public_key = key
                self.fingerprint.setText(sshsig.fingerprint(key))
        if isValid(self):
            self._update_buttons()

    def _update_buttons(self) -> None:
        from amogui.settings.identity import email_problem

        has_key = self.public_key is not None
        self.copy_button.setEnabled(has_key)
        email = self.email_edit.text().strip()
        self.copy_line_button.setEnabled(has_key and bool(email) and not email_problem(email))

    def signers_line(self) -> str:
        from amogui.report import sshsig

        if self.public_key is None:
            return ""
        email = self.email_edit.text().strip()
        entry = sshsig.AllowedSigner((email,), self.public_key, (sshsig.NAMESPACE,))
        return entry.line()

    def copy_fingerprint(self) -> None:
        if self.public_key is not None:
            QGuiApplication.clipboard().setText(self.fingerprint.text())

    def copy_signers_line(self) -> None:
        line = self.signers_line()
        if line:
            QGuiApplication.clipboard().setText(line)

    # -- saving ---------------------------------------------------------------------------
    async def save(self) -> bool:
        if self.store is None:
            return False  # not read yet: nothing to save over
        settings = self.settings_from_form()
        try:
            await asyncio.to_thread(self.store.save, settings)
        except (SettingsError, OSError) as exc:
            self.message.setText(reason(exc))
            set_tone(self.message, "bad")
            return False
        self.message.setText(self.tr("Saved."))
        set_tone(self.message, "good")
        return True

    def _spawn(self, coro: Any) -> asyncio.Task[Any] | None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop runs (a bare widget): nothing can be read
            coro.close()
            return None
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
